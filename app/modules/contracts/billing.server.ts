import type Stripe from "stripe";
import type { PaymentState } from "../../../generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { fromDbDate, parseDateOnly } from "~/modules/dates";
import { callOffId } from "~/modules/orders/order-rules";
import { orderCosts, orderDetailInclude } from "~/modules/orders/orders.server";
import { registerOutboxHandler } from "~/modules/outbox/outbox.server";
import { paymentsProvider, type BillContractRequest } from "~/services/payments/index.server";
import type { Db, DbClient } from "~/utils/db.server";
import { PAYMENTS_BILL_ORDER, PAYMENTS_END_SUBSCRIPTION } from "./billing-topics";

/**
 * Billing of locally funded items, run by the job worker from the outbox (never in a
 * request), and the Stripe webhook events that report how it went. Centrally funded and
 * zero-cost items are never billed.
 */

/** What the contract's order asks to be billed: its locally funded items, one-off and monthly. */
export async function billingRequestFor(tx: DbClient, contractId: string): Promise<BillContractRequest | null> {
  const contract = await tx.contract.findUnique({ where: { id: contractId } });
  if (!contract) return null;
  const order = await tx.order.findUniqueOrThrow({ where: { id: contract.orderId }, include: orderDetailInclude });
  const costs = orderCosts(order);
  const local = costs.items.filter((item) => item.fundingType === "LOCAL");
  const id = callOffId(order);
  return {
    contractId: contract.id,
    callOffId: id,
    organisation: { id: order.organisation.id, name: order.organisation.name, odsCode: order.organisation.odsCode, email: order.orderingPartyContactEmail },
    oneOff: local.filter((item) => item.oneOff > 0n).map((item) => ({ orderItemId: item.itemId, description: `${id}: ${item.name}`, amount: item.oneOff })),
    monthly: local.filter((item) => item.monthly > 0n).map((item) => ({ orderItemId: item.itemId, description: `${id}: ${item.name}`, amount: item.monthly })),
    startDate: fromDbDate(contract.startDate),
    endDate: fromDbDate(contract.endDate),
  };
}

registerOutboxHandler(PAYMENTS_BILL_ORDER, async (message, { tx, idempotencyKey }) => {
  const { contractId } = message.payload as { contractId: string };
  const contract = await tx.contract.findUnique({ where: { id: contractId } });
  // Billed already (a redelivered message) or ended before the worker got to it: nothing to do.
  if (!contract || contract.paymentState !== "PENDING") return;
  const request = await billingRequestFor(tx, contractId);
  if (!request) return;
  // A Stripe customer per ordering organisation: reuse the one an earlier contract created.
  const earlier = await tx.contract.findFirst({ where: { organisationId: contract.organisationId, stripeCustomerId: { not: null } }, select: { stripeCustomerId: true } });
  const result = await paymentsProvider().billContract(request, { idempotencyKey, customerId: earlier?.stripeCustomerId ?? null });
  await tx.contract.update({
    where: { id: contractId },
    data: {
      paymentState: result.paymentState,
      stripeCustomerId: result.customerId,
      stripeSubscriptionId: result.subscriptionId,
      version: { increment: 1 },
    },
  });
  await recordAudit(tx, {
    actor: null,
    action: "contract.bill",
    objectType: "Contract",
    objectId: contractId,
    before: { paymentState: contract.paymentState },
    after: { paymentState: result.paymentState, stripeCustomerId: result.customerId, stripeSubscriptionId: result.subscriptionId, stripeInvoiceId: result.invoiceId },
  });
});

registerOutboxHandler(PAYMENTS_END_SUBSCRIPTION, async (message, { tx, idempotencyKey }) => {
  const { contractId, lastDay } = message.payload as { contractId: string; lastDay: string };
  const contract = await tx.contract.findUnique({ where: { id: contractId }, select: { stripeSubscriptionId: true } });
  const day = parseDateOnly(lastDay);
  if (!contract?.stripeSubscriptionId || !day) return;
  await paymentsProvider().endSubscription(contract.stripeSubscriptionId, day, { idempotencyKey });
});

// ───────── Webhook events ─────────

export type StripeEventOutcome = "processed" | "replay" | "ignored";

const EVENT_STATES: Record<string, PaymentState> = {
  "invoice.paid": "PAID",
  "invoice.payment_failed": "PAYMENT_FAILED",
  "customer.subscription.deleted": "CANCELLED",
};

type Metadata = Record<string, string> | null | undefined;

/** The contract an invoice or subscription event is about: our metadata first, then the subscription id. */
function contractReference(event: Stripe.Event): { contractId?: string; subscriptionId?: string } {
  const object = event.data.object as unknown as {
    id?: string;
    object?: string;
    metadata?: Metadata;
    subscription?: string | { id: string } | null;
    parent?: { subscription_details?: { subscription?: string | { id: string } | null; metadata?: Metadata } | null } | null;
  };
  const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : value?.id);
  if (object.object === "subscription") return { contractId: object.metadata?.contractId, subscriptionId: object.id };
  const details = object.parent?.subscription_details;
  return {
    contractId: object.metadata?.contractId ?? details?.metadata?.contractId,
    subscriptionId: idOf(details?.subscription) ?? idOf(object.subscription),
  };
}

/**
 * Handles a verified event once: its id goes into stripe_events in the same transaction as
 * the change it causes, so a replay (or a concurrent redelivery) finds it there and changes
 * nothing. Events this catalogue does not use are recorded and ignored.
 */
export async function handleStripeEvent(db: Db, event: Stripe.Event): Promise<StripeEventOutcome> {
  return db.$transaction(async (tx) => {
    const inserted = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
    if (inserted.count === 0) return "replay";
    const state = EVENT_STATES[event.type];
    let outcome: StripeEventOutcome = "ignored";
    if (state) {
      const { contractId, subscriptionId } = contractReference(event);
      const contract = contractId
        ? await tx.contract.findUnique({ where: { id: contractId } })
        : subscriptionId
          ? await tx.contract.findUnique({ where: { stripeSubscriptionId: subscriptionId } })
          : null;
      if (contract) {
        await tx.contract.update({ where: { id: contract.id }, data: { paymentState: state, version: { increment: 1 } } });
        await recordAudit(tx, {
          actor: null,
          action: "contract.payment",
          objectType: "Contract",
          objectId: contract.id,
          before: { paymentState: contract.paymentState },
          after: { paymentState: state, stripeEventId: event.id, stripeEventType: event.type },
        });
        outcome = "processed";
      }
    }
    await tx.stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } });
    return outcome;
  });
}
