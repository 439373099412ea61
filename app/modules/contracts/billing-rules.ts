/**
 * What a contract bills through the catalogue (reference/domain.md: only locally funded
 * items are billed; centrally funded and zero-cost ones never are). A new order bills all
 * its locally funded costs; an amendment bills only what it adds to the revision before it,
 * so the same cost is never billed twice.
 */
import type { Money } from "~/modules/pricing/pricing";

export type CostLine = {
  itemId: string;
  catalogueItemId: string;
  name: string;
  fundingType: string | null;
  oneOff: Money;
  monthly: Money;
};

export type Charge = { orderItemId: string; name: string; amount: Money };
export type Charges = { oneOff: Charge[]; monthly: Charge[] };

const localCost = (line: CostLine | undefined, part: "oneOff" | "monthly"): Money => (line?.fundingType === "LOCAL" ? line[part] : 0n);

/**
 * The locally funded costs of `after` that `before` did not already bill, per item (matched
 * by catalogue item): a new item, a new service recipient's share, more units, or an item
 * that became locally funded. A cost that went down is not credited here: the supplier
 * credits it outside the catalogue.
 */
export function billableDifference(before: readonly CostLine[], after: readonly CostLine[]): Charges {
  const charges: Charges = { oneOff: [], monthly: [] };
  for (const line of after) {
    if (line.fundingType !== "LOCAL") continue;
    const previous = before.find((b) => b.catalogueItemId === line.catalogueItemId);
    for (const part of ["oneOff", "monthly"] as const) {
      const amount = line[part] - localCost(previous, part);
      if (amount > 0n) charges[part].push({ orderItemId: line.itemId, name: line.name, amount });
    }
  }
  return charges;
}

export const hasCharges = (charges: Charges) => charges.oneOff.length > 0 || charges.monthly.length > 0;

// ───────── Payment state, derived from every invoice of the contract ─────────

/** Mirrors the InvoiceState and PaymentState enums in schema.prisma (kept pure: no Prisma import). */
export type InvoiceState = "OPEN" | "PAID" | "PAYMENT_FAILED" | "VOID";
export type PaymentState = "NOT_BILLED" | "INVOICED_OUTSIDE_CATALOGUE" | "PENDING" | "INVOICED" | "PAID" | "PAYMENT_FAILED" | "CANCELLED";

/**
 * An invoice's state after Stripe reports `reported` for it. Paid and void are final on
 * Stripe's side, so a late or out-of-order delivery ("payment_failed" after "paid",
 * "finalized" after "payment_failed") cannot undo them; a failed invoice can still be paid.
 */
export function nextInvoiceState(current: InvoiceState | null, reported: InvoiceState): InvoiceState {
  if (current === "PAID" || current === "VOID") return current;
  if (current === "PAYMENT_FAILED" && reported === "OPEN") return current;
  return reported;
}

/**
 * The contract's payment state from all its invoices (the order's, each amendment's and the
 * subscription's monthly ones), not from whichever event came last:
 * - any payment failed and not since paid → Payment failed (the one that needs chasing);
 * - the subscription cancelled → Cancelled (no more recurring invoices);
 * - any invoice still open → Invoiced;
 * - every invoice paid → Paid.
 * Void invoices are owed by no one and count for nothing. With no invoices yet, the state
 * billing left stands (Not billed, Pending, Invoiced, or invoiced outside the catalogue).
 */
export function contractPaymentState(billed: PaymentState, invoices: readonly InvoiceState[], subscriptionCancelled: boolean): PaymentState {
  const owed = invoices.filter((state) => state !== "VOID");
  if (owed.includes("PAYMENT_FAILED")) return "PAYMENT_FAILED";
  if (subscriptionCancelled) return "CANCELLED";
  if (owed.includes("OPEN")) return "INVOICED";
  if (owed.length > 0) return "PAID";
  // Nothing owed on any invoice: a state derived from invoices earlier falls back to Invoiced.
  return billed === "PAID" || billed === "PAYMENT_FAILED" || billed === "CANCELLED" ? "INVOICED" : billed;
}
