import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ONE_POUND } from "~/modules/pricing/pricing";
import {
  ELEMENTS,
  PRICE_ONLY_WEIGHTS,
  agreedScore,
  competitionResult,
  elementScore,
  formatAgreedScore,
  formatPoints,
  moderationComplete,
  needsModeration,
  priceScore,
  tieBreakText,
  weightProblems,
  type Competitor,
  type Weights,
} from "./scoring";

const pounds = (value: number) => BigInt(value) * ONE_POUND;
const weights = (price: number, features = 0, implementation = 0, interoperability = 0, serviceLevels = 0): Weights => ({
  price,
  FEATURES: features,
  IMPLEMENTATION: implementation,
  INTEROPERABILITY: interoperability,
  SERVICE_LEVELS: serviceLevels,
});
const marks = (...scores: number[]) => ({ scores, moderated: null });

describe("weightings", () => {
  it("must add up to 100", () => {
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(60, 20, 10, 10, 0))).toEqual([]);
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(60, 20, 10, 0, 0))).toEqual([{ field: "total", message: "The weightings must add up to 100. They add up to 90" }]);
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(60, 30, 10, 10, 0))[0].message).toBe("The weightings must add up to 100. They add up to 110");
  });

  it("refuses negative, fractional and oversized weightings, naming each", () => {
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(110, -10, 0, 0, 0))).toEqual([
      { field: "price", message: "The price weighting must be 100 or less" },
      { field: "FEATURES", message: "The features weighting must be 0 or more" },
    ]);
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(59.5, 40.5, 0, 0, 0)).map((p) => p.field)).toEqual(["price", "FEATURES"]);
  });

  it("price only is price 100; price and non-price needs both", () => {
    expect(weightProblems("PRICE_ONLY", PRICE_ONLY_WEIGHTS)).toEqual([]);
    expect(weightProblems("PRICE_ONLY", weights(90, 10))).toEqual([{ field: "price", message: "For price only, the price weighting is 100" }]);
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(100))[0].field).toBe("FEATURES");
    expect(weightProblems("PRICE_AND_NON_PRICE", weights(0, 100))[0].field).toBe("price");
  });

  it("(property) whole weightings from 0 to 100 pass exactly when they add up to 100 and both kinds count", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }), ([p, a, b, c, d]) => {
        const w = weights(p, a, b, c, d);
        const ok = weightProblems("PRICE_AND_NON_PRICE", w).length === 0;
        expect(ok).toBe(p + a + b + c + d === 100 && p > 0 && a + b + c + d > 0);
      }),
    );
  });
});

describe("price score", () => {
  it("is lowest ÷ this × weight, in hundredths rounded half up", () => {
    expect(priceScore(pounds(100), pounds(100), 60)).toBe(6000);
    expect(priceScore(pounds(300), pounds(100), 50)).toBe(1667); // 16.666… → 16.67
    expect(priceScore(pounds(800), pounds(100), 1)).toBe(13); // 0.125 → 0.13: the half goes up
    expect(priceScore(pounds(200), pounds(100), 60)).toBe(3000);
  });

  it("gives a solution that costs nothing the whole weight, and others nothing when the lowest is free", () => {
    expect(priceScore(0n, 0n, 40)).toBe(4000);
    expect(priceScore(pounds(5), 0n, 40)).toBe(0);
  });

  it("(property) a lower total price never lowers a solution's price score", () => {
    const totals = fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(totals, fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.integer({ min: 1, max: 100 }), (costs, pick, cut, weight) => {
        const index = pick % costs.length;
        const competitors = (list: bigint[]): Competitor[] => list.map((totalCost, i) => ({ id: `s${i}`, name: `S${i}`, totalCost, marks: {} }));
        const w = { ...weights(weight), FEATURES: 100 - weight };
        const before = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: competitors(costs) });
        const cheaper = costs.map((c, i) => (i === index ? (c > cut ? c - cut : 0n) : c));
        const after = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: competitors(cheaper) });
        const score = (result: typeof before) => result.rows.find((r) => r.id === `s${index}`)!.priceScore;
        expect(score(after)).toBeGreaterThanOrEqual(score(before));
      }),
    );
  });

  it("(property) lies between 0 and the weight, and the lowest total always scores the whole weight", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 100 }), (a, b, weight) => {
        const [lowest, other] = a < b ? [a, b] : [b, a];
        const score = priceScore(other, lowest, weight);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(weight * 100);
        expect(priceScore(lowest, lowest, weight)).toBe(weight * 100);
      }),
    );
  });
});

describe("element scores and moderation", () => {
  it("is agreed score ÷ 5 × weight", () => {
    expect(elementScore({ numerator: 4n, denominator: 1n }, 20)).toBe(1600);
    expect(elementScore({ numerator: 10n, denominator: 3n }, 10)).toBe(667); // 3.33… ÷ 5 × 10 = 6.666… → 6.67
  });

  it("needs moderation when scorers differ by 2 or more", () => {
    expect(needsModeration([3, 4])).toBe(false);
    expect(needsModeration([3, 5])).toBe(true);
    expect(needsModeration([1, 2, 3])).toBe(true);
    expect(needsModeration([5])).toBe(false);
  });

  it("takes the moderated score over the scorers' average", () => {
    expect(agreedScore({ scores: [3, 4], moderated: null })).toEqual({ numerator: 7n, denominator: 2n });
    expect(agreedScore({ scores: [1, 5], moderated: 2 })).toEqual({ numerator: 2n, denominator: 1n });
    expect(agreedScore({ scores: [], moderated: null })).toBeNull();
    expect(formatAgreedScore({ numerator: 7n, denominator: 2n })).toBe("3.5");
    expect(formatAgreedScore({ numerator: 10n, denominator: 3n })).toBe("3.33");
    expect(formatAgreedScore({ numerator: 4n, denominator: 1n })).toBe("4");
  });

  it("is complete when every wide difference is moderated", () => {
    expect(moderationComplete([marks(3, 5), marks(4, 4)])).toBe(false);
    expect(moderationComplete([{ scores: [3, 5], moderated: 4 }, marks(4, 4)])).toBe(true);
  });

  it("moderating changes the result the way the formula says", () => {
    const competitors = (moderated: number | null): Competitor[] => [
      { id: "a", name: "Alpha", totalCost: pounds(1000), marks: { FEATURES: { scores: [1, 5], moderated } } },
      { id: "b", name: "Beta", totalCost: pounds(1000), marks: { FEATURES: marks(4, 4) } },
    ];
    const w = weights(50, 50);
    expect(competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: competitors(null) }).rows.find((r) => r.id === "a")!.elementScores.FEATURES).toBe(3000);
    const moderated = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: competitors(5) });
    expect(moderated.rows[0]).toMatchObject({ id: "a", nonPriceScore: 5000, total: 10000 });
    expect(moderated.winnerId).toBe("a");
  });
});

describe("result and tie-break", () => {
  const w = weights(60, 20, 20);
  it("ranks by total and names the winner", () => {
    const result = competitionResult({
      basis: "PRICE_AND_NON_PRICE",
      weights: w,
      competitors: [
        { id: "a", name: "Alpha", totalCost: pounds(12_000), marks: { FEATURES: marks(5, 5), IMPLEMENTATION: marks(4, 4) } },
        { id: "b", name: "Beta", totalCost: pounds(10_000), marks: { FEATURES: marks(3, 3), IMPLEMENTATION: marks(3, 3) } },
      ],
    });
    // Alpha: 10000/12000 × 60 = 50.00; features 5/5 × 20 = 20.00; implementation 4/5 × 20 = 16.00 → 86.00.
    // Beta: 60.00 + 12.00 + 12.00 = 84.00.
    expect(result.rows.map((r) => [r.id, r.priceScore, r.nonPriceScore, r.total, r.rank])).toEqual([
      ["a", 5000, 3600, 8600, 1],
      ["b", 6000, 2400, 8400, 2],
    ]);
    expect(result.winnerId).toBe("a");
    expect(result.tieBreak).toEqual({ kind: "none" });
    expect(tieBreakText(result)).toBeNull();
  });

  it("breaks level totals on the higher non-price score, then the lower total cost", () => {
    const nonPrice = competitionResult({
      basis: "PRICE_AND_NON_PRICE",
      weights: weights(50, 50),
      competitors: [
        { id: "cheap", name: "Cheap", totalCost: pounds(100), marks: { FEATURES: marks(2, 2) } }, // 50 + 20 = 70
        { id: "good", name: "Good", totalCost: pounds(125), marks: { FEATURES: marks(3, 3) } }, // 40 + 30 = 70
      ],
    });
    expect(nonPrice.rows.map((r) => r.total)).toEqual([7000, 7000]);
    expect(nonPrice.winnerId).toBe("good");
    expect(nonPrice.tieBreak).toEqual({ kind: "non-price", between: ["good", "cheap"] });
    expect(tieBreakText(nonPrice)).toBe("Good and Cheap had the same total score (70.00). Good wins on the higher non-price score.");

    // Price-only, with totals that round to the same score: the lower cost wins.
    const cost = competitionResult({
      basis: "PRICE_ONLY",
      weights: PRICE_ONLY_WEIGHTS,
      competitors: [
        { id: "x", name: "X", totalCost: 1_000_000_001n, marks: {} },
        { id: "y", name: "Y", totalCost: 1_000_000_000n, marks: {} },
      ],
    });
    expect(cost.rows.map((r) => r.total)).toEqual([10000, 10000]);
    expect(cost.winnerId).toBe("y");
    expect(cost.tieBreak.kind).toBe("cost");
  });

  it("leaves a tie on every count to the lead, whatever order the solutions come in", () => {
    const level: Competitor[] = [
      { id: "b", name: "Beta", totalCost: pounds(100), marks: { FEATURES: marks(3) } },
      { id: "a", name: "Alpha", totalCost: pounds(100), marks: { FEATURES: marks(3) } },
      { id: "c", name: "Gamma", totalCost: pounds(200), marks: { FEATURES: marks(3) } },
    ];
    const result = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: weights(50, 50), competitors: level });
    expect(result.winnerId).toBeNull();
    expect(result.tied.sort()).toEqual(["a", "b"]);
    expect(result.rows.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(tieBreakText(result)).toMatch(/The lead decides between them/);
  });

  const competitorArb = fc.record({
    totalCost: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    features: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    implementation: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    moderated: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  });
  const weightsArb = fc.tuple(fc.integer({ min: 1, max: 98 }), fc.integer({ min: 1, max: 98 })).filter(([p, f]) => p + f < 100).map(([p, f]) => weights(p, f, 100 - p - f));
  const build = (list: { totalCost: bigint; features: number[]; implementation: number[]; moderated: number | null }[]): Competitor[] =>
    list.map((c, i) => ({ id: `s${i}`, name: `Solution ${i}`, totalCost: c.totalCost, marks: { FEATURES: { scores: c.features, moderated: c.moderated }, IMPLEMENTATION: marks(...c.implementation) } }));

  it("(property) rounding is stable: totals add up the shown figures, each within its weight, whatever the order", () => {
    fc.assert(
      fc.property(fc.array(competitorArb, { minLength: 2, maxLength: 8 }), weightsArb, fc.nat(), (list, w, seed) => {
        const competitors = build(list);
        const result = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors });
        for (const row of result.rows) {
          const elements = ELEMENTS.map((e) => row.elementScores[e] ?? 0);
          expect(row.nonPriceScore).toBe(elements.reduce((a, b) => a + b, 0));
          expect(row.total).toBe(row.priceScore + row.nonPriceScore);
          expect(row.priceScore).toBeLessThanOrEqual(w.price * 100);
          for (const e of ELEMENTS) expect(row.elementScores[e] ?? 0).toBeLessThanOrEqual(w[e] * 100);
          expect(row.total).toBeLessThanOrEqual(10_000);
          expect(Number.isInteger(row.total)).toBe(true);
        }
        // The same solutions in another order: the same scores, ranks and winner.
        const shuffled = [...competitors].sort((a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7));
        const again = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: shuffled });
        expect(again.winnerId).toBe(result.winnerId);
        expect(new Set(again.tied)).toEqual(new Set(result.tied));
        const byId = (r: typeof result) => Object.fromEntries(r.rows.map((row) => [row.id, [row.total, row.rank]]));
        expect(byId(again)).toEqual(byId(result));
      }),
    );
  });

  it("(property) the winner has the highest total, and a tie is only declared when level on every count", () => {
    fc.assert(
      fc.property(fc.array(competitorArb, { minLength: 2, maxLength: 8 }), weightsArb, (list, w) => {
        const result = competitionResult({ basis: "PRICE_AND_NON_PRICE", weights: w, competitors: build(list) });
        const best = Math.max(...result.rows.map((r) => r.total));
        if (result.winnerId) expect(result.rows.find((r) => r.id === result.winnerId)!.total).toBe(best);
        else {
          const tied = result.rows.filter((r) => result.tied.includes(r.id));
          expect(tied.length).toBeGreaterThan(1);
          expect(new Set(tied.map((r) => `${r.total}/${r.nonPriceScore}/${r.totalCost}`)).size).toBe(1);
        }
      }),
    );
  });

  it("formats points with 2 decimal places", () => {
    expect(formatPoints(8333)).toBe("83.33");
    expect(formatPoints(10000)).toBe("100.00");
    expect(formatPoints(5)).toBe("0.05");
  });
});
