/**
 * Comparing a contract's solution with an assured alternative, as pure functions: what the
 * buyer gains and loses (capabilities, epics, integrations, hosting), the alternative's price
 * normalised to the contract's own service recipients and quantities, and the ranking of
 * alternatives by coverage, then cost.
 */
import { costForQuantity, toYearly, type BillablePrice, type Money } from "~/modules/pricing/pricing";

export type SolutionFacts = {
  /** Capabilities passed, by id (e.g. "C5"), with whether fully or partly. */
  capabilities: ReadonlyMap<string, { name: string; full: boolean }>;
  /** Epics passed, id → name. */
  epics: ReadonlyMap<string, string>;
  /** Integrations, "IM1 Bulk (provider)" and so on. */
  integrations: ReadonlySet<string>;
  /** Hosting types, as they read ("Public cloud"). */
  hosting: ReadonlySet<string>;
};

export type Difference = { gained: string[]; lost: string[] };

export type GainsAndLosses = {
  capabilities: Difference & { partlyMet: string[] };
  epics: Difference;
  integrations: Difference;
  hosting: Difference;
};

const minus = <T,>(a: Iterable<T>, b: { has(value: T): boolean }) => [...a].filter((value) => !b.has(value));
const byText = (a: string, b: string) => a.localeCompare(b, "en-GB", { numeric: true });

/**
 * What the alternative has that the current solution does not (gained), what it lacks
 * (lost), and capabilities the current one meets fully that the alternative meets only in part.
 */
export function gainsAndLosses(current: SolutionFacts, alternative: SolutionFacts): GainsAndLosses {
  const named = (ids: string[], facts: SolutionFacts) => ids.map((id) => `${id} ${facts.capabilities.get(id)!.name}`).sort(byText);
  const epicNames = (ids: string[], facts: SolutionFacts) => ids.map((id) => `${id} ${facts.epics.get(id)!}`).sort(byText);
  return {
    capabilities: {
      gained: named(minus(alternative.capabilities.keys(), current.capabilities), alternative),
      lost: named(minus(current.capabilities.keys(), alternative.capabilities), current),
      partlyMet: named(
        [...current.capabilities.entries()].filter(([id, c]) => c.full && alternative.capabilities.get(id)?.full === false).map(([id]) => id),
        current,
      ),
    },
    epics: { gained: epicNames(minus(alternative.epics.keys(), current.epics), alternative), lost: epicNames(minus(current.epics.keys(), alternative.epics), current) },
    integrations: { gained: minus(alternative.integrations, current.integrations).sort(byText), lost: minus(current.integrations, alternative.integrations).sort(byText) },
    hosting: { gained: minus(alternative.hosting, current.hosting).sort(byText), lost: minus(current.hosting, alternative.hosting).sort(byText) },
  };
}

/** How many of the current solution's capabilities the alternative meets fully: the first ranking key. */
export function fullCoverage(current: SolutionFacts, alternative: SolutionFacts): number {
  return [...current.capabilities.keys()].filter((id) => alternative.capabilities.get(id)?.full === true).length;
}

export type ComparablePrice = BillablePrice & { provisioningType: "PATIENT" | "DECLARATIVE" | "ON_DEMAND"; unitDescription: string };

/** The contract's own numbers a price is normalised to. */
export type ContractUse = {
  /** Practice list size of each service recipient. */
  listSizes: readonly number[];
  /** The current solution's price and total quantity on the contract. */
  current: { price: ComparablePrice; quantity: number };
};

/**
 * The quantity an alternative's price would be ordered in for this contract: per patient,
 * the recipients' list sizes; per practice, the recipients; a price counting the same unit
 * as the current one, the current quantity. Null when the price counts something the
 * contract does not tell us (the buyer must estimate it).
 */
export function normalisedQuantity(price: ComparablePrice, use: ContractUse): number | null {
  if (price.provisioningType === "PATIENT") return use.listSizes.reduce((sum, n) => sum + n, 0);
  if (/per practice/i.test(price.unitDescription)) return use.listSizes.length;
  const current = use.current.price;
  if (price.provisioningType === current.provisioningType && price.unitDescription === current.unitDescription) return use.current.quantity;
  return null;
}

/** The yearly cost of a price for this contract's use, or null when it cannot be worked out (one-off, or an unknown quantity). */
export function normalisedYearlyCost(price: ComparablePrice, use: ContractUse): Money | null {
  const quantity = normalisedQuantity(price, use);
  if (quantity === null) return null;
  return toYearly(costForQuantity(price, quantity), price.billingPeriod);
}

export type RankedAlternative = { id: string; supplier: string; coverage: number; yearlyCost: Money | null };

/** Alternatives whose products one supplier may fill the top of the list with, at most. */
export const MAX_SHOWN_PER_SUPPLIER = 3;

/**
 * Ranked by coverage (most capabilities fully met first), then by yearly cost (cheapest
 * first, unknown costs last), then by id for a stable order. No supplier has more than
 * `MAX_SHOWN_PER_SUPPLIER` places, so one supplier's range cannot crowd out the others;
 * the rest are counted per supplier for the page to mention.
 */
export function rankAlternatives<A extends RankedAlternative>(alternatives: readonly A[]): { shown: A[]; notShown: { supplier: string; count: number }[] } {
  const ranked = [...alternatives].sort(
    (a, b) =>
      b.coverage - a.coverage ||
      (a.yearlyCost === null ? 1 : 0) - (b.yearlyCost === null ? 1 : 0) ||
      (a.yearlyCost !== null && b.yearlyCost !== null ? (a.yearlyCost < b.yearlyCost ? -1 : a.yearlyCost > b.yearlyCost ? 1 : 0) : 0) ||
      a.id.localeCompare(b.id),
  );
  const perSupplier = new Map<string, number>();
  const shown: A[] = [];
  const hidden = new Map<string, number>();
  for (const alternative of ranked) {
    const count = perSupplier.get(alternative.supplier) ?? 0;
    if (count < MAX_SHOWN_PER_SUPPLIER) {
      shown.push(alternative);
      perSupplier.set(alternative.supplier, count + 1);
    } else hidden.set(alternative.supplier, (hidden.get(alternative.supplier) ?? 0) + 1);
  }
  return { shown, notShown: [...hidden.entries()].map(([supplier, count]) => ({ supplier, count })) };
}
