import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  costForQuantity,
  formatMoney,
  indicativeCosts,
  isZeroCost,
  listPriceOf,
  moneyToDecimalString,
  moneyToPence,
  parseMoney,
  toMoney,
  toMonthly,
  toYearly,
  agreedPriceOf,
  tierListPricesOf,
  withAgreedPrice,
  withAgreedTierPrices,
  type BillablePrice,
  type PriceLike,
} from "./pricing";
import { fundingAllowed, fundingRule } from "./funding";

const gbp = (text: string) => toMoney(text);

// Tiers 1–10 at £10, 11–20 at £8, 21+ at £5 (the shape the NHS catalogue's tier examples use).
const tiers = [
  { lowerRange: 1, upperRange: 10, price: "10.0000" },
  { lowerRange: 11, upperRange: 20, price: "8.0000" },
  { lowerRange: 21, upperRange: null, price: "5.0000" },
];
const priced = (calculationType: PriceLike["calculationType"]): PriceLike => ({ calculationType, tiers });

describe("money", () => {
  it("parses stored decimals exactly and rounds beyond 4 places half up", () => {
    expect(toMoney("1.2345")).toBe(12345n);
    expect(toMoney("0.00005")).toBe(1n);
    expect(toMoney("0.00004")).toBe(0n);
    expect(toMoney(2.5)).toBe(25000n);
    expect(toMoney(0.1 + 0.2)).toBe(3000n);
    expect(toMoney({ toString: () => "123456789012.1234" })).toBe(1234567890121234n);
    expect(() => toMoney("abc")).toThrow();
  });

  it("parses what a person types, refusing text, negatives, exponents and a 5th decimal place", () => {
    expect(parseMoney("12.5")).toBe(125000n);
    expect(parseMoney("£1,250.00")).toBe(12_500_000n);
    expect(parseMoney(" 0.1234 ")).toBe(1234n);
    for (const bad of ["", "abc", "-1", "1e3", "1.23456", "12.", ".5", "1,2,3", "NaN", "100000000000"]) expect(parseMoney(bad), bad).toBeNull();
  });

  it("formats to the penny, rounding half up, and exactly when asked", () => {
    expect(formatMoney(12_345_678n)).toBe("£1,234.57");
    expect(formatMoney(50n)).toBe("£0.01");
    expect(formatMoney(49n)).toBe("£0.00");
    expect(formatMoney(1234n, { exact: true })).toBe("£0.1234");
    expect(formatMoney(25000n, { exact: true })).toBe("£2.50");
    expect(formatMoney(25100n, { exact: true })).toBe("£2.51");
    expect(formatMoney(25010n, { exact: true })).toBe("£2.501");
    expect(moneyToDecimalString(12345n)).toBe("1.2345");
    expect(moneyToDecimalString(5n)).toBe("0.0005");
    expect(moneyToPence(12_345n)).toBe(123n);
    expect(moneyToPence(12_350n)).toBe(124n);
  });

  it("round-trips any decimal with 4 places", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (units) => {
        expect(toMoney(moneyToDecimalString(units))).toBe(units);
      }),
    );
  });
});

describe("costForQuantity", () => {
  it("single fixed: the tier's price, whatever the quantity, at every tier edge", () => {
    const price = priced("SINGLE_FIXED");
    expect(costForQuantity(price, 1)).toBe(gbp("10"));
    expect(costForQuantity(price, 10)).toBe(gbp("10"));
    expect(costForQuantity(price, 11)).toBe(gbp("8"));
    expect(costForQuantity(price, 20)).toBe(gbp("8"));
    expect(costForQuantity(price, 21)).toBe(gbp("5"));
    expect(costForQuantity(price, 1_000_000)).toBe(gbp("5"));
  });

  it("volume: quantity × the price of the tier the quantity falls in", () => {
    const price = priced("VOLUME");
    expect(costForQuantity(price, 1)).toBe(gbp("10"));
    expect(costForQuantity(price, 10)).toBe(gbp("100"));
    expect(costForQuantity(price, 11)).toBe(gbp("88"));
    expect(costForQuantity(price, 20)).toBe(gbp("160"));
    expect(costForQuantity(price, 21)).toBe(gbp("105"));
  });

  it("cumulative: each tier's share of the quantity × that tier's price", () => {
    const price = priced("CUMULATIVE");
    expect(costForQuantity(price, 1)).toBe(gbp("10"));
    expect(costForQuantity(price, 10)).toBe(gbp("100"));
    expect(costForQuantity(price, 11)).toBe(gbp("108"));
    expect(costForQuantity(price, 20)).toBe(gbp("180"));
    expect(costForQuantity(price, 21)).toBe(gbp("185"));
    expect(costForQuantity(price, 30)).toBe(gbp("230"));
  });

  it("a flat price is one open tier, and tiers given out of order are sorted", () => {
    const flat: PriceLike = { calculationType: "VOLUME", tiers: [{ lowerRange: 1, upperRange: null, price: "1.2345" }] };
    expect(costForQuantity(flat, 8000)).toBe(gbp("9876"));
    const shuffled: PriceLike = { calculationType: "CUMULATIVE", tiers: [tiers[2], tiers[0], tiers[1]] };
    expect(costForQuantity(shuffled, 21)).toBe(gbp("185"));
  });

  it("a quantity past a closed last tier is charged at the last tier", () => {
    const closed: PriceLike = { calculationType: "CUMULATIVE", tiers: [{ lowerRange: 1, upperRange: 5, price: "2" }, { lowerRange: 6, upperRange: 10, price: "1" }] };
    expect(costForQuantity(closed, 12)).toBe(gbp("17"));
    expect(costForQuantity({ ...closed, calculationType: "VOLUME" }, 12)).toBe(gbp("12"));
  });

  it("quantity 0 costs nothing; negative, fractional and unsafe quantities are refused", () => {
    for (const type of ["SINGLE_FIXED", "VOLUME", "CUMULATIVE"] as const) expect(costForQuantity(priced(type), 0)).toBe(0n);
    for (const bad of [-1, 1.5, 1e20, Number.NaN]) expect(() => costForQuantity(priced("VOLUME"), bad)).toThrow(RangeError);
  });

  it("is exact with 4-decimal prices at large quantities (no float drift)", () => {
    const price: PriceLike = { calculationType: "VOLUME", tiers: [{ lowerRange: 1, upperRange: null, price: "0.0001" }] };
    expect(costForQuantity(price, 9_999_999)).toBe(9_999_999n);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 9_999_999 }), (quantity, units) => {
        const p: PriceLike = { calculationType: "VOLUME", tiers: [{ lowerRange: 1, upperRange: null, price: moneyToDecimalString(BigInt(units)) }] };
        expect(costForQuantity(p, quantity)).toBe(BigInt(quantity) * BigInt(units));
      }),
    );
  });

  it("cumulative never costs more than charging everything at the first tier when tiers get cheaper", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (quantity) => {
        expect(costForQuantity(priced("CUMULATIVE"), quantity) <= costForQuantity({ calculationType: "VOLUME", tiers: [tiers[0]] }, quantity)).toBe(true);
      }),
    );
  });
});

describe("agreed price", () => {
  it("applies to the first tier and reduces the others in proportion", () => {
    const agreed = withAgreedPrice(priced("CUMULATIVE"), "5");
    expect(agreed.tiers.map((t) => t.price)).toEqual(["5.0000", "4.0000", "2.5000"]);
    expect(costForQuantity(agreed, 21)).toBe(gbp("92.5"));
    expect(withAgreedPrice(priced("VOLUME"), "10.0000")).toEqual(priced("VOLUME"));
  });

  it("is never above the list price, nor negative", () => {
    expect(() => withAgreedPrice(priced("VOLUME"), "10.0001")).toThrow(RangeError);
    expect(() => withAgreedPrice(priced("VOLUME"), "-1")).toThrow(RangeError);
    expect(listPriceOf(priced("VOLUME"))).toBe(gbp("10"));
  });

  it("knows a zero-cost price", () => {
    expect(isZeroCost({ calculationType: "VOLUME", tiers: [{ lowerRange: 1, upperRange: null, price: "0.0000" }] })).toBe(true);
    expect(isZeroCost(priced("VOLUME"))).toBe(false);
  });
});

describe("agreed price per tier", () => {
  // Agreed: £9 for 1–10, £8 (list) for 11–20, £0 for 21+.
  const agreed = ["9", "8.0000", "0"];

  it("replaces each tier's price, lowest range first, whatever order the tiers come in", () => {
    const reversed: PriceLike = { calculationType: "VOLUME", tiers: [...tiers].reverse() };
    expect(withAgreedTierPrices(reversed, agreed).tiers.map((t) => [t.lowerRange, t.price])).toEqual([
      [1, "9.0000"],
      [11, "8.0000"],
      [21, "0.0000"],
    ]);
    expect(tierListPricesOf(reversed)).toEqual([gbp("10"), gbp("8"), gbp("5")]);
  });

  it("prices the tier edges with each tier's own agreed price", () => {
    const cumulative = withAgreedTierPrices(priced("CUMULATIVE"), agreed);
    expect(costForQuantity(cumulative, 10)).toBe(gbp("90"));
    expect(costForQuantity(cumulative, 11)).toBe(gbp("98"));
    expect(costForQuantity(cumulative, 20)).toBe(gbp("170"));
    // Past 20 the agreed tier is free: 21 and 1,000 cost the same.
    expect(costForQuantity(cumulative, 21)).toBe(gbp("170"));
    expect(costForQuantity(cumulative, 1000)).toBe(gbp("170"));
    const volume = withAgreedTierPrices(priced("VOLUME"), agreed);
    expect(costForQuantity(volume, 10)).toBe(gbp("90"));
    expect(costForQuantity(volume, 11)).toBe(gbp("88"));
    expect(costForQuantity(volume, 21)).toBe(0n);
    const single = withAgreedTierPrices(priced("SINGLE_FIXED"), agreed);
    expect(costForQuantity(single, 1)).toBe(gbp("9"));
    expect(costForQuantity(single, 20)).toBe(gbp("8"));
    expect(costForQuantity(single, 0)).toBe(0n);
  });

  it("keeps 4 decimal places exactly", () => {
    const price = withAgreedTierPrices(priced("VOLUME"), ["9.9999", "0.0001", "4.1234"]);
    expect(costForQuantity(price, 10_000)).toBe(gbp("41234"));
    expect(costForQuantity(price, 12)).toBe(12n);
  });

  it("refuses a tier above its own list price, a negative one, or the wrong number of tiers", () => {
    // £9 would be fine for tier 1 but is above tier 2's list price of £8.
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["9", "9", "5"])).toThrow(/tier 2/);
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["10", "8", "5.0001"])).toThrow(/tier 3/);
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["-0.0001", "8", "5"])).toThrow(/tier 1/);
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["10", "8"])).toThrow(RangeError);
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["10", "8", "5", "1"])).toThrow(RangeError);
    expect(() => withAgreedTierPrices(priced("VOLUME"), ["ten", "8", "5"])).toThrow(RangeError);
  });

  it("per-tier prices win over the single agreed price; without either the list price applies", () => {
    expect(agreedPriceOf(priced("VOLUME"), { agreedTierPrices: agreed, agreedPrice: "1" }).tiers.map((t) => t.price)).toEqual(["9.0000", "8.0000", "0.0000"]);
    // Items saved before per-tier prices have none: their one agreed price scales the tiers.
    expect(agreedPriceOf(priced("VOLUME"), { agreedTierPrices: [], agreedPrice: "5" }).tiers.map((t) => t.price)).toEqual(["5.0000", "4.0000", "2.5000"]);
    expect(agreedPriceOf(priced("VOLUME"), {})).toEqual(priced("VOLUME"));
  });

  it("indicative costs use each tier's agreed price", () => {
    const price: BillablePrice = { ...priced("CUMULATIVE"), billingPeriod: "MONTHLY" };
    const costs = indicativeCosts([{ price, quantity: 25, agreedTierPrices: ["10", "6", "1"] }], 12);
    // 10 × £10 + 10 × £6 + 5 × £1 = £165 a month.
    expect(costs.items[0]).toMatchObject({ perPeriod: gbp("165"), monthly: gbp("165"), yearly: gbp("1980"), total: gbp("1980") });
  });
});

describe("periods", () => {
  it("converts monthly and yearly by 12; one-off has no period", () => {
    expect(toYearly(gbp("10"), "MONTHLY")).toBe(gbp("120"));
    expect(toYearly(gbp("10"), "YEARLY")).toBe(gbp("10"));
    expect(toMonthly(gbp("120"), "YEARLY")).toBe(gbp("10"));
    expect(toMonthly(gbp("10"), "MONTHLY")).toBe(gbp("10"));
    // £1 a year is £0.083333… a month: rounded half up to £0.0833.
    expect(toMonthly(gbp("1"), "YEARLY")).toBe(833n);
    expect(toMonthly(gbp("1"), "ONE_OFF")).toBeNull();
    expect(toYearly(gbp("1"), "ONE_OFF")).toBeNull();
  });
});

describe("indicativeCosts", () => {
  const perPatientYearly: BillablePrice = { calculationType: "VOLUME", billingPeriod: "YEARLY", tiers: [{ lowerRange: 1, upperRange: null, price: "1.2500" }] };
  const monthlyLicence: BillablePrice = { calculationType: "VOLUME", billingPeriod: "MONTHLY", tiers: [{ lowerRange: 1, upperRange: null, price: "30.0000" }] };
  const training: BillablePrice = { calculationType: "SINGLE_FIXED", billingPeriod: "ONE_OFF", tiers: [{ lowerRange: 1, upperRange: null, price: "750.0000" }] };

  it("adds one-off costs to the monthly cost × term, per item and in total", () => {
    const costs = indicativeCosts(
      [
        { price: perPatientYearly, quantity: 8000 },
        { price: monthlyLicence, quantity: 5, agreedPrice: "25" },
        { price: training, quantity: 1 },
      ],
      36,
    );
    expect(costs.items[0]).toMatchObject({ perPeriod: gbp("10000"), yearly: gbp("10000"), monthly: 8_333_333n, total: gbp("30000"), oneOff: 0n });
    expect(costs.items[1]).toMatchObject({ perPeriod: gbp("125"), monthly: gbp("125"), yearly: gbp("1500"), total: gbp("4500") });
    expect(costs.items[2]).toMatchObject({ oneOff: gbp("750"), monthly: 0n, yearly: 0n, total: gbp("750") });
    expect(costs.oneOff).toBe(gbp("750"));
    expect(costs.yearly).toBe(gbp("11500"));
    expect(costs.total).toBe(gbp("35250"));
  });

  it("rounds the term total once, from the exact yearly amount", () => {
    // £1 a year over 7 months is £0.583333…: £0.5833, not 7 × £0.0833 = £0.5831.
    const costs = indicativeCosts([{ price: { ...perPatientYearly, tiers: [{ lowerRange: 1, upperRange: null, price: "1" }] }, quantity: 1 }], 7);
    expect(costs.total).toBe(5833n);
  });

  it("has nothing to add for no items, and refuses a nonsense term", () => {
    expect(indicativeCosts([], 12)).toEqual({ items: [], oneOff: 0n, monthly: 0n, yearly: 0n, total: 0n });
    expect(() => indicativeCosts([], -1)).toThrow(RangeError);
  });
});

describe("funding rules", () => {
  const both = ["CENTRAL", "LOCAL"] as const;
  it("zero cost needs no funding, whoever orders", () => {
    expect(fundingRule({ zeroCost: true, orderingOrganisationType: "ICB", frameworkFundingTypes: both })).toMatchObject({ kind: "fixed", fundingType: "NO_FUNDING_REQUIRED" });
    expect(fundingRule({ zeroCost: true, orderingOrganisationType: "GP_PRACTICE", frameworkFundingTypes: ["LOCAL"] })).toMatchObject({ fundingType: "NO_FUNDING_REQUIRED" });
  });
  it("a GP practice funds locally even on a framework with central funding", () => {
    expect(fundingRule({ zeroCost: false, orderingOrganisationType: "GP_PRACTICE", frameworkFundingTypes: both })).toMatchObject({ kind: "fixed", fundingType: "LOCAL" });
  });
  it("a single-funding framework decides", () => {
    expect(fundingRule({ zeroCost: false, orderingOrganisationType: "ICB", frameworkFundingTypes: ["LOCAL"] })).toMatchObject({ kind: "fixed", fundingType: "LOCAL" });
    expect(fundingRule({ zeroCost: false, orderingOrganisationType: "ICB", frameworkFundingTypes: ["CENTRAL"] })).toMatchObject({ kind: "fixed", fundingType: "CENTRAL" });
  });
  it("otherwise the buyer chooses, and only those answers are accepted", () => {
    const rule = fundingRule({ zeroCost: false, orderingOrganisationType: "ICB", frameworkFundingTypes: both });
    expect(rule).toEqual({ kind: "choice", options: ["CENTRAL", "LOCAL"] });
    expect(fundingAllowed(rule, "CENTRAL")).toBe(true);
    expect(fundingAllowed(rule, "NO_FUNDING_REQUIRED")).toBe(false);
    expect(fundingAllowed(fundingRule({ zeroCost: false, orderingOrganisationType: "GP_PRACTICE", frameworkFundingTypes: both }), "CENTRAL")).toBe(false);
  });
});
