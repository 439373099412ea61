import { z } from "zod";
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

/** Stripe's own default: a delivery signed more than 5 minutes from now (either way) is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]{1,250}$`));
const idOrObject = z.union([z.string().regex(/^[A-Za-z0-9_]{1,255}$/), z.object({ id: z.string().regex(/^[A-Za-z0-9_]{1,255}$/) })]).nullish();
const metadata = z.record(z.string().max(40), z.string().max(500).regex(/^[^\u0000]*$/)).nullish();

/**
 * The parts of an event this catalogue reads, checked after the signature: a correctly
 * signed event of another shape (no id, no data, numeric ids, null, an array) is refused
 * with a 400 rather than reaching the database.
 */
const webhookEventSchema = z.object({
  id: stripeId("evt"),
  type: z.string().regex(/^[a-z0-9_.]{1,100}$/),
  created: z.number().int(),
  data: z.object({
    object: z.looseObject({
      id: z.string().regex(/^[A-Za-z0-9_]{1,255}$/).optional(),
      object: z.string().max(100).optional(),
      metadata,
      subscription: idOrObject,
      parent: z
        .looseObject({ subscription_details: z.looseObject({ subscription: idOrObject, metadata }).nullish() })
        .nullish(),
    }),
  }),
});

export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export class WebhookRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRejected";
  }
}

/**
 * Verifies a webhook delivery with the real SDK (signature, and a timestamp no older than
 * the tolerance), refuses one timestamped too far in the future as well (the SDK checks only
 * the past), then checks the event's shape. Throws WebhookRejected with the reason.
 */
export function verifiedWebhookEvent(payload: string, signature: string, secret: string, now = new Date()): WebhookEvent {
  const timestamp = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
  if (!Number.isFinite(timestamp)) throw new WebhookRejected("The Stripe-Signature header has no timestamp");
  if (Math.abs(now.getTime() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) throw new WebhookRejected("The signature's timestamp is outside the tolerance");
  try {
    Stripe.webhooks.constructEvent(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch {
    throw new WebhookRejected("Invalid signature");
  }
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new WebhookRejected("The event is not JSON");
  }
  const parsed = webhookEventSchema.safeParse(json);
  if (!parsed.success) throw new WebhookRejected("The event does not have the shape of a Stripe event");
  return parsed.data;
}
