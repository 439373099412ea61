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
