import type Stripe from "stripe";
import type { DateOnly } from "~/modules/dates";
import type { Money } from "~/modules/pricing/pricing";
import { moneyToPence } from "~/modules/pricing/pricing";
import type { BillContractRequest, BillContractResult, BillingLine, PaymentsProvider } from "./index.server";

/** NHS bodies pay by invoice, not by card: every invoice is sent, with 30 days to pay. */
const DAYS_UNTIL_DUE = 30;

/** The first moment after a calendar day, as Stripe's Unix timestamp (UTC). */
export function endOfDayTimestamp(lastDay: DateOnly): number {
  return Date.parse(`${lastDay}T00:00:00.000Z`) / 1000 + 24 * 60 * 60;
}

/** Money (£0.0001 units) as Stripe's decimal pence string: £1.2345 → "123.45". */
export function penceDecimal(amount: Money): string {
  const negative = amount < 0n;
  const units = negative ? -amount : amount;
  return `${negative ? "-" : ""}${units / 100n}.${String(units % 100n).padStart(2, "0")}`;
}

/**
 * Bills a contract through Stripe: a customer per ordering organisation, the one-off costs as
 * invoice items on an invoice that is sent, and the monthly costs as a subscription that
 * cancels itself at the end of the contract (or, for an amendment of a contract that has a
 * subscription already, as new items on that subscription). Every call carries an idempotency key derived
 * from the outbox message's, so a retry after a crash repeats nothing on Stripe's side.
 */
export class StripePayments implements PaymentsProvider {
  readonly kind = "stripe" as const;

  constructor(private readonly stripe: Stripe) {}

  async billContract(request: BillContractRequest, { idempotencyKey, customerId }: { idempotencyKey: string; customerId: string | null }): Promise<BillContractResult> {
    const key = (step: string) => ({ idempotencyKey: `${idempotencyKey}:${step}` });
    const metadata = { contractId: request.contractId, callOffId: request.callOffId };
    const customer =
      customerId ??
      (
        await this.stripe.customers.create(
          {
            name: request.organisation.name,
            email: request.organisation.email ?? undefined,
            metadata: { organisationId: request.organisation.id, odsCode: request.organisation.odsCode },
          },
          key("customer"),
        )
      ).id;

    let invoiceId: string | null = null;
    const oneOff = request.oneOff.filter((line) => moneyToPence(line.amount) > 0n);
    if (oneOff.length > 0) {
      const invoice = await this.stripe.invoices.create(
        {
          customer,
          collection_method: "send_invoice",
          days_until_due: DAYS_UNTIL_DUE,
          pending_invoice_items_behavior: "exclude",
          description: `Call-off order ${request.callOffId}: one-off costs`,
          metadata,
        },
        key("invoice"),
      );
      for (const line of oneOff) {
        await this.stripe.invoiceItems.create(
          {
            customer,
            invoice: invoice.id,
            currency: "gbp",
            amount: Number(moneyToPence(line.amount)),
            description: line.description,
            metadata: { ...metadata, orderItemId: line.orderItemId },
          },
          key(`invoice-item:${line.orderItemId}`),
        );
      }
      await this.stripe.invoices.sendInvoice(invoice.id!, {}, key("send-invoice"));
      invoiceId = invoice.id ?? null;
    }

    let subscriptionId = request.subscriptionId ?? null;
    const monthly = request.monthly.filter((line) => line.amount > 0n);
    if (monthly.length > 0) {
      if (subscriptionId && (await this.isCancelled(subscriptionId))) {
        // Cancelled on Stripe's side (its webhook may not have reached us yet): items cannot
        // be added to it, and retrying would only fail again. A new subscription is not
        // started either: the cancellation was somebody's decision, not ours to undo.
        return { paymentState: "INVOICED", customerId: customer, subscriptionId, invoiceId, recurringNotBilled: monthly };
      }
      const product = await this.stripe.products.create({ name: `Call-off order ${request.callOffId}`, metadata }, key("product"));
      const priceData = (line: BillingLine) => ({ currency: "gbp", product: product.id, unit_amount_decimal: penceDecimal(line.amount), recurring: { interval: "month" as const } });
      if (subscriptionId) {
        // An amendment: its extra monthly costs join the contract's subscription from the
        // next invoice (no proration: the buyer is not charged for part of the month
        // already invoiced), and the subscription keeps its cancel_at.
        for (const line of monthly) {
          await this.stripe.subscriptionItems.create(
            { subscription: subscriptionId, price_data: priceData(line), quantity: 1, proration_behavior: "none", metadata: { ...metadata, orderItemId: line.orderItemId } },
            key(`subscription-item:${line.orderItemId}`),
          );
        }
      } else {
        const subscription = await this.stripe.subscriptions.create(
          {
            customer,
            collection_method: "send_invoice",
            days_until_due: DAYS_UNTIL_DUE,
            items: monthly.map((line) => ({ price_data: priceData(line), quantity: 1, metadata: { orderItemId: line.orderItemId } })),
            cancel_at: endOfDayTimestamp(request.endDate),
            metadata,
          },
          key("subscription"),
        );
        subscriptionId = subscription.id;
      }
    }
    return { paymentState: "INVOICED", customerId: customer, subscriptionId, invoiceId };
  }

  /** A subscription that has ended (or is being ended now) takes no new items. */
  private async isCancelled(subscriptionId: string): Promise<boolean> {
    const subscription = await this.stripe.subscriptions.retrieve(subscriptionId);
    return subscription.status === "canceled" || subscription.status === "incomplete_expired";
  }

  async endSubscription(subscriptionId: string, lastDay: DateOnly, { idempotencyKey }: { idempotencyKey: string }): Promise<void> {
    // Cancelled already (before its webhook reached us): it ended sooner than asked, and an
    // update would be refused on every retry.
    if (await this.isCancelled(subscriptionId)) return;
    await this.stripe.subscriptions.update(subscriptionId, { cancel_at: endOfDayTimestamp(lastDay) }, { idempotencyKey });
  }
}
