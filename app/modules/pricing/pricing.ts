/**
 * Prices and indicative costs (reference/domain.md, "Catalogue items and prices").
 *
 * Money is exact: a `Money` is a bigint count of ten-thousandths of a pound (£0.0001), the
 * precision prices are stored with (Decimal(18,4)). Sums, tier maths and term totals never
 * touch floating point; the only rounding is where a yearly amount becomes a monthly one (÷12)
 * and where an amount is shown in pounds and pence, each rounded half up once, at the end.
 *
 * Calculation types:
 * - SINGLE_FIXED: the price of the tier the quantity falls in, whatever the quantity;
 * - VOLUME: quantity × the price of the tier the quantity falls in;
 * - CUMULATIVE: each tier's share of the quantity × that tier's price, summed.
 * Billing periods: per month, per year, or one-off; monthly and yearly convert by 12.
 */

export type Money = bigint;
export type MoneyInput = string | number | bigint | { toString(): string };

export type CalculationType = "SINGLE_FIXED" | "VOLUME" | "CUMULATIVE";
export type BillingPeriod = "MONTHLY" | "YEARLY" | "ONE_OFF";

export type PriceTierLike = { lowerRange: number; upperRange: number | null; price: MoneyInput };
export type PriceLike = { calculationType: CalculationType; tiers: readonly PriceTierLike[] };
export type BillablePrice = PriceLike & { billingPeriod: BillingPeriod };

/** £1 in Money units. */
export const ONE_POUND: Money = 10_000n;
const ZERO: Money = 0n;
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A stored or computed amount in pounds (a Prisma Decimal, a "12.3400" string, a number) as
 * Money. Digits beyond the 4th decimal place are rounded half up. Throws on anything that is
 * not a number: this is for values the system vouches for; use `parseMoney` for user input.
 */
export function toMoney(value: MoneyInput): Money {
  if (typeof value === "bigint") return value * ONE_POUND;
  // A JavaScript number goes through a fixed-point string so 1e-7 or 0.1 + 0.2 parse sensibly.
  const text = typeof value === "number" ? value.toFixed(6) : value.toString().trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not an amount of money: "${text}"`);
  const [, minus, whole, fraction = ""] = match;
  const padded = fraction.padEnd(5, "0");
  let units = BigInt(whole) * ONE_POUND + BigInt(padded.slice(0, 4));
  if (Number(padded[4]) >= 5) units += 1n;
  return minus ? -units : units;
}

/**
 * A price typed by a person ("12.50", "£1,250", "0.1234"): at most 4 decimal places, not
 * negative, below £100 billion. Null for anything else ("abc", "-1", "1e3", "1.23456").
 */
export function parseMoney(input: string): Money | null {
  const text = input.trim().replace(/^£/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^\d{1,11}(\.\d{1,4})?$/.test(text)) return null;
  return toMoney(text);
}

/** "1234.5600": the value to store in a Decimal(18,4) column. */
export function moneyToDecimalString(amount: Money): string {
  const negative = amount < ZERO;
  const units = negative ? -amount : amount;
  const text = `${units / ONE_POUND}.${String(units % ONE_POUND).padStart(4, "0")}`;
  return negative ? `-${text}` : text;
}

/** Halves round away from zero (the usual commercial rounding). */
function divideRounded(amount: bigint, divisor: bigint): bigint {
  const negative = amount < 0n !== divisor < 0n;
  const a = amount < 0n ? -amount : amount;
  const d = divisor < 0n ? -divisor : divisor;
  const quotient = (a + d / 2n) / d;
  return negative ? -quotient : quotient;
}

/** Whole pence, rounded half up: what an invoice line carries. */
export function moneyToPence(amount: Money): bigint {
  return divideRounded(amount, 100n);
}

/**
 * "£1,234.56" (to the penny, rounded half up), or with `exact` every stored decimal place a
 * price has ("£0.1234" stays "£0.1234"; "£2.5000" shows as "£2.50").
 */
export function formatMoney(amount: Money, { exact = false }: { exact?: boolean } = {}): string {
  const negative = amount < ZERO;
  const units = negative ? -amount : amount;
  let pounds: bigint;
  let fraction: string;
  if (exact) {
    pounds = units / ONE_POUND;
    fraction = String(units % ONE_POUND).padStart(4, "0");
    while (fraction.length > 2 && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  } else {
    const pence = divideRounded(units, 100n);
    pounds = pence / 100n;
    fraction = String(pence % 100n).padStart(2, "0");
  }
  const grouped = pounds.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}£${grouped}.${fraction}`;
}

function sortedTiers(price: PriceLike): { lowerRange: number; upperRange: number | null; price: Money }[] {
  if (price.tiers.length === 0) throw new RangeError("A price needs at least one tier.");
  return [...price.tiers]
    .sort((a, b) => a.lowerRange - b.lowerRange)
    .map((tier) => ({ lowerRange: tier.lowerRange, upperRange: tier.upperRange, price: toMoney(tier.price) }));
}

/** The tier `quantity` falls in; a quantity past a closed last tier stays in the last tier. */
function tierFor(tiers: ReturnType<typeof sortedTiers>, quantity: number) {
  return tiers.find((t) => quantity >= t.lowerRange && (t.upperRange === null || quantity <= t.upperRange)) ?? tiers[tiers.length - 1];
}

function assertQuantity(quantity: number) {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`Quantity must be a whole number ≥ 0: ${quantity}`);
}

/**
 * Cost of `quantity` units for one billing period (or once, for a one-off price). A quantity
 * of 0 costs nothing, whatever the calculation type.
 */
export function costForQuantity(price: PriceLike, quantity: number): Money {
  assertQuantity(quantity);
  if (quantity === 0) return ZERO;
  const tiers = sortedTiers(price);
  switch (price.calculationType) {
    case "SINGLE_FIXED":
      return tierFor(tiers, quantity).price;
    case "VOLUME":
      return BigInt(quantity) * tierFor(tiers, quantity).price;
    case "CUMULATIVE": {
      let total = ZERO;
      tiers.forEach((tier, index) => {
        // A closed last tier takes the rest of the quantity, as tierFor does for the others.
        const upper = tier.upperRange === null || index === tiers.length - 1 ? quantity : Math.min(quantity, tier.upperRange);
        const units = upper - tier.lowerRange + 1;
        if (units > 0) total += BigInt(units) * tier.price;
      });
      return total;
    }
  }
}

/**
 * The price with one agreed price for the whole item (how items were agreed before per-tier
 * prices): `agreed` is the first tier's agreed price (the whole price when flat) and every
 * other tier is reduced in the same proportion, rounded to £0.0001.
 * Throws when the agreed price is above the list price (never allowed) or negative.
 */
export function withAgreedPrice<P extends PriceLike>(price: P, agreed: MoneyInput): P {
  const tiers = sortedTiers(price);
  const list = tiers[0].price;
  const agreedFirst = toMoney(agreed);
  if (agreedFirst < ZERO || agreedFirst > list) throw new RangeError("The agreed price must be between £0 and the list price.");
  if (agreedFirst === list) return price;
  return withTierPrices(price, tiers, tiers.map((tier, index) => (index === 0 ? agreedFirst : divideRounded(tier.price * agreedFirst, list))));
}

/**
 * The price with an agreed price for each tier: `agreed[i]` is the agreed price of the i-th
 * tier counted from the lowest range. Throws unless there is exactly one per tier, each
 * between £0 and that tier's list price.
 */
export function withAgreedTierPrices<P extends PriceLike>(price: P, agreed: readonly MoneyInput[]): P {
  const tiers = sortedTiers(price);
  if (agreed.length !== tiers.length) throw new RangeError(`Expected ${tiers.length} agreed tier prices, got ${agreed.length}.`);
  const prices = agreed.map(toMoney);
  prices.forEach((amount, index) => {
    if (amount < ZERO || amount > tiers[index].price) throw new RangeError(`The agreed price of tier ${index + 1} must be between £0 and its list price.`);
  });
  return withTierPrices(price, tiers, prices);
}

function withTierPrices<P extends PriceLike>(price: P, tiers: ReturnType<typeof sortedTiers>, prices: readonly Money[]): P {
  return { ...price, tiers: tiers.map((tier, index) => ({ lowerRange: tier.lowerRange, upperRange: tier.upperRange, price: moneyToDecimalString(prices[index]) })) };
}

export type AgreedPrices = {
  /** Agreed price of each tier (lowest range first); wins when given and not empty. */
  agreedTierPrices?: readonly MoneyInput[];
  /** One agreed price for the first tier, the rest in proportion; the list price when left out. */
  agreedPrice?: MoneyInput;
};

/** The price an item is charged at: its per-tier agreed prices, else its single agreed price, else the list price. */
export function agreedPriceOf<P extends PriceLike>(price: P, agreed: AgreedPrices): P {
  if (agreed.agreedTierPrices && agreed.agreedTierPrices.length > 0) return withAgreedTierPrices(price, agreed.agreedTierPrices);
  return agreed.agreedPrice === undefined ? price : withAgreedPrice(price, agreed.agreedPrice);
}

/** The first tier's list price. */
export function listPriceOf(price: PriceLike): Money {
  return sortedTiers(price)[0].price;
}

/** Each tier's list price, lowest range first: what each agreed tier price is compared with. */
export function tierListPricesOf(price: PriceLike): Money[] {
  return sortedTiers(price).map((tier) => tier.price);
}

/** True when every tier costs nothing (funding: "No funding required"). */
export function isZeroCost(price: PriceLike): boolean {
  return sortedTiers(price).every((tier) => tier.price === ZERO);
}

/** A recurring amount per month; null for a one-off amount, which has no period. */
export function toMonthly(amount: Money, period: BillingPeriod): Money | null {
  if (period === "ONE_OFF") return null;
  return period === "MONTHLY" ? amount : divideRounded(amount, 12n);
}

/** A recurring amount per year; null for a one-off amount. */
export function toYearly(amount: Money, period: BillingPeriod): Money | null {
  if (period === "ONE_OFF") return null;
  return period === "YEARLY" ? amount : amount * 12n;
}

export type IndicativeItem = AgreedPrices & {
  price: BillablePrice;
  /** Total quantity for the item (the sum over its service recipients). */
  quantity: number;
};

export type IndicativeCost = {
  /** What one billing period costs (or the one-off cost). */
  perPeriod: Money;
  billingPeriod: BillingPeriod;
  oneOff: Money;
  monthly: Money;
  yearly: Money;
  /** One-off cost + monthly cost × term. */
  total: Money;
};

export type IndicativeCosts = { items: IndicativeCost[]; oneOff: Money; monthly: Money; yearly: Money; total: Money };

function costsFrom(oneOff: Money, yearly: Money, termMonths: number): Omit<IndicativeCost, "perPeriod" | "billingPeriod"> {
  // The term total comes from the exact yearly amount (one rounding), not from a rounded monthly one.
  return { oneOff, yearly, monthly: divideRounded(yearly, 12n), total: oneOff + divideRounded(yearly * BigInt(termMonths), 12n) };
}

/**
 * Indicative costs of an order's items over a term of `termMonths` months: per item and in
 * total, one-off, per month, per year and for the whole term (order total = one-off costs +
 * monthly cost × term). Labelled "indicative" wherever shown.
 */
export function indicativeCosts(items: readonly IndicativeItem[], termMonths: number): IndicativeCosts {
  if (!Number.isSafeInteger(termMonths) || termMonths < 0) throw new RangeError(`Term must be whole months ≥ 0: ${termMonths}`);
  let oneOff = ZERO;
  let yearly = ZERO;
  const costs = items.map((item) => {
    const price = agreedPriceOf(item.price, item);
    const perPeriod = costForQuantity(price, item.quantity);
    const itemOneOff = item.price.billingPeriod === "ONE_OFF" ? perPeriod : ZERO;
    const itemYearly = toYearly(perPeriod, item.price.billingPeriod) ?? ZERO;
    oneOff += itemOneOff;
    yearly += itemYearly;
    return { perPeriod, billingPeriod: item.price.billingPeriod, ...costsFrom(itemOneOff, itemYearly, termMonths) };
  });
  return { items: costs, ...costsFrom(oneOff, yearly, termMonths) };
}

/** "per month", "per year", "one-off": how a billing period reads after a price. */
export function billingPeriodText(period: BillingPeriod): string {
  return period === "MONTHLY" ? "per month" : period === "YEARLY" ? "per year" : "one-off";
}
