/**
 * Indicative cost of a list price for one practice list size, so buyers can compare prices
 * quoted on different bases (per patient per year, per practice per month, …) on one
 * footing: annual recurring cost and one-off cost. The arithmetic is the ordering rules'
 * (`~/modules/pricing/pricing`, exact Money); this only chooses the quantity and the period.
 */
import { billingPeriodText, costForQuantity, formatMoney, moneyToPence, toMoney, toYearly, type BillingPeriod, type CalculationType } from "~/modules/pricing/pricing";

export type PriceForCost = {
  provisioningType: string;
  calculationType: string;
  billingPeriod: string;
  tiers: { lowerRange: number; upperRange: number | null; price: string | number }[];
};

/** The quantity a price is charged on for a practice: its patients, or one unit otherwise. */
export function indicativeQuantity(provisioningType: string, listSize: number): number {
  return provisioningType === "PATIENT" ? listSize : 1;
}

export type IndicativeCost = { annualPence: number; oneOffPence: number };

/** Annual recurring cost (monthly × 12) and one-off cost, in pence, for a practice of `listSize` patients. */
export function indicativeCost(price: PriceForCost, listSize: number): IndicativeCost {
  if (price.tiers.length === 0) return { annualPence: 0, oneOffPence: 0 };
  const period = price.billingPeriod as BillingPeriod;
  const cost = costForQuantity({ calculationType: price.calculationType as CalculationType, tiers: price.tiers }, indicativeQuantity(price.provisioningType, listSize));
  const yearly = toYearly(cost, period);
  return yearly === null ? { annualPence: 0, oneOffPence: Number(moneyToPence(cost)) } : { annualPence: Number(moneyToPence(yearly)), oneOffPence: 0 };
}

/** One figure for ranking by price: first-year cost (annual + one-off), in pence. */
export function firstYearPence(price: PriceForCost, listSize: number): number {
  const { annualPence, oneOffPence } = indicativeCost(price, listSize);
  return annualPence + oneOffPence;
}

export function formatPence(pence: number): string {
  return formatMoney(BigInt(pence) * 100n);
}

/** A list price with every decimal place it has ("£0.1234", "£2.50"). */
export function formatListPrice(amount: string | number): string {
  return formatMoney(toMoney(amount), { exact: true });
}

export const billingPeriodWords = (period: string) => billingPeriodText(period as BillingPeriod);
