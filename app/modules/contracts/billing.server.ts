import type { Contract, InvoiceState } from "../../../generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { fromDbDate, parseDateOnly } from "~/modules/dates";
import { callOffId } from "~/modules/orders/order-rules";
import { moneyToDecimalString } from "~/modules/pricing/pricing";
import { orderCosts, orderDetailInclude, type OrderDetail } from "~/modules/orders/orders.server";
import { registerOutboxHandler } from "~/modules/outbox/outbox.server";
import { paymentsProvider, type BillContractRequest, type WebhookEvent } from "~/services/payments/index.server";
import type { Db, DbClient } from "~/utils/db.server";
import { billableDifference, contractPaymentState, hasCharges, nextInvoiceState, type Charge } from "./billing-rules";
import { PAYMENTS_BILL_AMENDMENT, PAYMENTS_BILL_ORDER, PAYMENTS_END_SUBSCRIPTION } from "./billing-topics";

/**
 * Billing of locally funded items, run by the job worker from the outbox (never in a
 * request), and the Stripe webhook events that report how it went. Centrally funded and
 * zero-cost items are never billed.
 */

/**
 * What `order` asks to be billed for the contract: its locally funded costs, less what
 * `previous` (the revision it amends, already billed) had. Null when there is nothing.
 */
function billingRequest(contract: Contract, order: OrderDetail, previous: OrderDetail | null): BillContractRequest | null {
  const charges = billableDifference(previous ? orderCosts(previous).items : [], orderCosts(order).items);
  if (!hasCharges(charges)) return null;
  const id = callOffId(order);
  const line = (charge: Charge) => ({ orderItemId: charge.orderItemId, description: `${id}: ${charge.name}`, amount: charge.amount });
  return {
    contractId: contract.id,
    callOffId: id,
    organisation: { id: order.organisation.id, name: order.organisation.name, odsCode: order.organisation.odsCode, email: order.orderingPartyContactEmail },
    oneOff: charges.oneOff.map(line),
    monthly: charges.monthly.map(line),
    startDate: fromDbDate(contract.startDate),
    // A contract terminated meanwhile: a new subscription stops on the termination date.
    endDate: fromDbDate(contract.terminatedOn ?? contract.endDate),
    subscriptionId: contract.stripeSubscriptionId,
  };
}

/** The ordering organisation's Stripe customer: the contract's own, or one an earlier contract created. */
async function customerOf(tx: DbClient, contract: Contract): Promise<string | null> {
  if (contract.stripeCustomerId) return contract.stripeCustomerId;
  const earlier = await tx.contract.findFirst({ where: { organisationId: contract.organisationId, stripeCustomerId: { not: null } }, select: { stripeCustomerId: true } });
  return earlier?.stripeCustomerId ?? null;
}

/**
 * Records the contract's new one-off invoice (if billing made one) and returns the payment
 * state derived from all of its invoices, with `billed` as the state billing itself left.
 */
async function paymentStateAfterBilling(tx: DbClient, contract: Contract, orderId: string, invoiceId: string | null, billed: Contract["paymentState"]) {
  if (invoiceId) await tx.contractInvoice.upsert({ where: { id: invoiceId }, create: { id: invoiceId, contractId: contract.id, orderId }, update: {} });
  const invoices = await tx.contractInvoice.findMany({ where: { contractId: contract.id }, select: { state: true } });
  return contractPaymentState(billed, invoices.map((i) => i.state), contract.subscriptionEndedAt !== null);
}

/**
 * Reads with no transaction open, calls Stripe (with the message's idempotency key, so a call
 * repeated after a crash returns what the first made), then records the result as the
 * message completes.
 */
registerOutboxHandler(PAYMENTS_BILL_ORDER, async (message, { db, idempotencyKey }) => {
  const { contractId, orderId } = message.payload as { contractId: string; orderId?: string };
  const contract = await db.contract.findUnique({ where: { id: contractId } });
  // Billed already (a redelivered message) or ended before the worker got to it: nothing to do.
  if (!contract || contract.paymentState !== "PENDING") return;
  // The order that created the contract, even if an amendment has since moved the contract on
  // (the amendment bills its own difference).
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId ?? contract.orderId }, include: orderDetailInclude });
  const request = billingRequest(contract, order, null);
  if (!request) return;
  const result = await paymentsProvider().billContract(request, { idempotencyKey, customerId: await customerOf(db, contract) });
  return async (tx) => {
    const paymentState = await paymentStateAfterBilling(tx, contract, order.id, result.invoiceId, result.paymentState);
    await tx.contract.update({
      where: { id: contractId },
      data: {
        paymentState,
        stripeCustomerId: result.customerId,
        stripeSubscriptionId: result.subscriptionId,
        version: { increment: 1 },
      },
    });
    await tx.order.update({ where: { id: order.id }, data: { billedAt: new Date() } });
    await recordAudit(tx, {
      actor: null,
      action: "contract.bill",
      objectType: "Contract",
      objectId: contractId,
      before: { paymentState: contract.paymentState },
      after: { paymentState, stripeCustomerId: result.customerId, stripeSubscriptionId: result.subscriptionId, stripeInvoiceId: result.invoiceId },
    });
  };
});

/**
 * An amendment (a new revision of the call-off) bills what it adds: one-off costs on a new
 * invoice, monthly costs as new items of the contract's subscription (or a new subscription
 * ending with the contract, if it had none). The Stripe idempotency keys come from the
 * amendment itself, and `billedAt` on the amendment makes a replayed message a no-op.
 */
registerOutboxHandler(PAYMENTS_BILL_AMENDMENT, async (message, { db }) => {
  const { contractId, orderId } = message.payload as { contractId: string; orderId: string };
  const [contract, order] = await Promise.all([
    db.contract.findUnique({ where: { id: contractId } }),
    db.order.findUnique({ where: { id: orderId }, include: orderDetailInclude }),
  ]);
  if (!contract || !order || order.billedAt || order.orderType !== "AMENDMENT") return;
  // Bill a contract's changes in order: until its first bill (or an earlier amendment's) is
  // done there may be no subscription to add to, and adding one here would make two.
  const waiting = await db.outboxMessage.count({
    where: { id: { lt: message.id }, topic: { in: [PAYMENTS_BILL_ORDER, PAYMENTS_BILL_AMENDMENT] }, status: { in: ["PENDING", "PROCESSING", "FAILED"] }, payload: { path: ["contractId"], equals: contractId } },
  });
  if (waiting > 0) throw new Error(`Contract ${contractId}: an earlier bill has not been sent yet; trying again later.`);
  const previous = await db.order.findUnique({ where: { callOffNumber_revision: { callOffNumber: order.callOffNumber, revision: order.revision - 1 } }, include: orderDetailInclude });
  const asked = billingRequest(contract, order, previous);
  // A subscription Stripe has cancelled takes no new items, and starting another would undo
  // that decision: the one-off part is billed and the monthly part recorded as not billed.
  const cancelled = contract.subscriptionEndedAt !== null && contract.stripeSubscriptionId !== null;
  const request = asked && cancelled ? { ...asked, monthly: [] } : asked;
  const sent = request && (request.oneOff.length > 0 || request.monthly.length > 0);
  const result = sent ? await paymentsProvider().billContract(request, { idempotencyKey: `amendment-${order.id}`, customerId: await customerOf(db, contract) }) : null;
  const recurringNotBilled = [...(cancelled ? (asked?.monthly ?? []) : []), ...(result?.recurringNotBilled ?? [])];
  return async (tx) => {
    await tx.order.update({ where: { id: order.id }, data: { billedAt: new Date() } });
    if (!result && recurringNotBilled.length === 0) return;
    // Stripe told us (by refusing) before its webhook did: remember, so the state shows it.
    const subscriptionEndedAt = contract.subscriptionEndedAt ?? (result?.recurringNotBilled?.length ? new Date() : null);
    const paymentState = result
      ? await paymentStateAfterBilling(tx, { ...contract, subscriptionEndedAt }, order.id, result.invoiceId, contract.paymentState === "NOT_BILLED" || contract.paymentState === "PENDING" ? result.paymentState : contract.paymentState)
      : contract.paymentState;
    await tx.contract.update({
      where: { id: contractId },
      data: {
        paymentState,
        subscriptionEndedAt,
        stripeCustomerId: result?.customerId ?? contract.stripeCustomerId,
        stripeSubscriptionId: result?.subscriptionId ?? contract.stripeSubscriptionId,
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, {
      actor: null,
      action: "contract.billAmendment",
      objectType: "Contract",
      objectId: contractId,
      before: { paymentState: contract.paymentState, stripeSubscriptionId: contract.stripeSubscriptionId },
      after: {
        orderId: order.id,
        callOffId: callOffId(order),
        paymentState,
        stripeSubscriptionId: result?.subscriptionId ?? contract.stripeSubscriptionId,
        stripeInvoiceId: result?.invoiceId ?? null,
        ...(recurringNotBilled.length > 0
          ? {
              recurringNotBilled: recurringNotBilled.map((line) => ({ orderItemId: line.orderItemId, description: line.description, monthlyAmount: moneyToDecimalString(line.amount) })),
              recurringNotBilledReason: "The contract's Stripe subscription was cancelled, so these monthly costs could not be added to it. The supplier must invoice them outside the catalogue.",
            }
          : {}),
      },
    });
  };
});

registerOutboxHandler(PAYMENTS_END_SUBSCRIPTION, async (message, { db, idempotencyKey }) => {
  const { contractId, lastDay } = message.payload as { contractId: string; lastDay: string };
  const contract = await db.contract.findUnique({ where: { id: contractId }, select: { stripeSubscriptionId: true, subscriptionEndedAt: true } });
  const day = parseDateOnly(lastDay);
  // Already cancelled on Stripe's side: it has ended sooner than asked, and Stripe would refuse the change.
  if (!contract?.stripeSubscriptionId || contract.subscriptionEndedAt || !day) return;
  await paymentsProvider().endSubscription(contract.stripeSubscriptionId, day, { idempotencyKey });
});

// ───────── Webhook events ─────────

export type StripeEventOutcome = "processed" | "replay" | "ignored";

/** What each invoice event says about that invoice. */
const INVOICE_EVENTS: Record<string, InvoiceState> = {
  "invoice.finalized": "OPEN",
  "invoice.paid": "PAID",
  "invoice.payment_failed": "PAYMENT_FAILED",
  "invoice.voided": "VOID",
};
const SUBSCRIPTION_CANCELLED = "customer.subscription.deleted";

/** The contract an invoice or subscription event is about: our metadata first, then the subscription id. */
function contractReference(event: WebhookEvent): { contractId?: string; subscriptionId?: string } {
  const object = event.data.object;
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
export async function handleStripeEvent(db: Db, event: WebhookEvent): Promise<StripeEventOutcome> {
  return db.$transaction(async (tx) => {
    const inserted = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
    if (inserted.count === 0) return "replay";
    const invoiceState = INVOICE_EVENTS[event.type];
    let outcome: StripeEventOutcome = "ignored";
    if (invoiceState || event.type === SUBSCRIPTION_CANCELLED) {
      const { contractId, subscriptionId } = contractReference(event);
      const invoiceId = invoiceState ? event.data.object.id : undefined;
      // An invoice recorded when it was billed belongs to that contract, whatever the event's metadata says.
      const known = invoiceId ? await tx.contractInvoice.findUnique({ where: { id: invoiceId } }) : null;
      const contract = known
        ? await tx.contract.findUnique({ where: { id: known.contractId } })
        : contractId
          ? await tx.contract.findUnique({ where: { id: contractId } })
          : subscriptionId
            ? await tx.contract.findUnique({ where: { stripeSubscriptionId: subscriptionId } })
            : null;
      if (contract && (invoiceId || !invoiceState)) {
        let invoiceChange: { invoiceId: string; before: InvoiceState | null; after: InvoiceState } | null = null;
        if (invoiceId) {
          // A subscription's monthly invoice is first seen here; the order's own were recorded when billed.
          const after = nextInvoiceState(known?.state ?? null, invoiceState);
          await tx.contractInvoice.upsert({ where: { id: invoiceId }, create: { id: invoiceId, contractId: contract.id, state: after }, update: { state: after } });
          invoiceChange = { invoiceId, before: known?.state ?? null, after };
        }
        const subscriptionEndedAt = event.type === SUBSCRIPTION_CANCELLED ? (contract.subscriptionEndedAt ?? new Date()) : contract.subscriptionEndedAt;
        const invoices = await tx.contractInvoice.findMany({ where: { contractId: contract.id }, select: { state: true } });
        const paymentState = contractPaymentState(contract.paymentState, invoices.map((i) => i.state), subscriptionEndedAt !== null);
        await tx.contract.update({ where: { id: contract.id }, data: { paymentState, subscriptionEndedAt, version: { increment: 1 } } });
        await recordAudit(tx, {
          actor: null,
          action: "contract.payment",
          objectType: "Contract",
          objectId: contract.id,
          before: { paymentState: contract.paymentState, ...(invoiceChange ? { invoiceState: invoiceChange.before } : {}) },
          after: { paymentState, stripeEventId: event.id, stripeEventType: event.type, ...(invoiceChange ? { stripeInvoiceId: invoiceChange.invoiceId, invoiceState: invoiceChange.after } : {}) },
        });
        outcome = "processed";
      }
    }
    await tx.stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } });
    return outcome;
  });
}
