import Stripe from "stripe";
import type { DateOnly } from "~/modules/dates";
import type { Money } from "~/modules/pricing/pricing";
import { env } from "~/utils/env.server";
import { OfflinePayments } from "./offline.server";
import { StripePayments } from "./stripe.server";

/**
 * Billing of locally funded order items (DESIGN.md §3, "Payments"). Two implementations of one
 * interface: Stripe when STRIPE_SECRET_KEY is set, otherwise "offline", where the supplier
 * invoices outside the catalogue and nothing is called. Only the outbox handlers call a
 * provider (never a request), always with the outbox message's idempotency key, so a retried
 * message cannot bill twice.
 */

export type BillingLine = { orderItemId: string; description: string; amount: Money };

export type BillContractRequest = {
  contractId: string;
  callOffId: string;
  organisation: { id: string; name: string; odsCode: string; email: string | null };
  /** One-off costs: invoice items on one invoice, sent for payment by invoice. */
  oneOff: BillingLine[];
  /** Recurring costs per month: one subscription for the contract. */
  monthly: BillingLine[];
  startDate: DateOnly;
  /** Last day of the contract: a new subscription is cancelled at the end of it. */
  endDate: DateOnly;
  /**
   * The contract's subscription when it already has one (an amendment): the monthly lines
   * are added to it as new items, without proration, and its end date stays as it is.
   */
  subscriptionId?: string | null;
};

export type BillContractResult = {
  paymentState: "INVOICED" | "INVOICED_OUTSIDE_CATALOGUE";
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  /**
   * Monthly lines that could not be added because the contract's subscription had been
   * cancelled on Stripe's side (an amendment): the one-off part is still billed, and the
   * caller records these so that nobody assumes they are being charged.
   */
  recurringNotBilled?: BillingLine[];
};

export interface PaymentsProvider {
  readonly kind: "stripe" | "offline";
  /** `customerId` reuses the ordering organisation's existing customer. */
  billContract(request: BillContractRequest, options: { idempotencyKey: string; customerId: string | null }): Promise<BillContractResult>;
  /** Ends a contract's subscription at the end of `lastDay` (termination). */
  endSubscription(subscriptionId: string, lastDay: DateOnly, options: { idempotencyKey: string }): Promise<void>;
}

export type StripeConnection = { host?: string; port?: number; protocol?: "http" | "https" };

/** The real SDK; tests point it at a local HTTP server through `connection`. */
export function stripeClient(secretKey: string, connection: StripeConnection = {}): Stripe {
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...connection });
}

let override: PaymentsProvider | undefined;
let cached: { key: string | undefined; provider: PaymentsProvider } | undefined;

export function paymentsProvider(): PaymentsProvider {
  if (override) return override;
  const key = env().STRIPE_SECRET_KEY;
  if (!cached || cached.key !== key) cached = { key, provider: key ? new StripePayments(stripeClient(key)) : new OfflinePayments() };
  return cached.provider;
}

/** Tests swap in a provider (a Stripe client aimed at their local server). */
export function setPaymentsProviderForTests(provider: PaymentsProvider | undefined) {
  override = provider;
}

/**
 * Verifies a webhook delivery's signature with the real SDK. Throws Stripe's signature error
 * on a bad or missing signature, or a payload older than the SDK's tolerance (5 minutes).
 */
export function verifiedWebhookEvent(payload: string, signature: string, secret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(payload, signature, secret);
}
