import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concentration, hhiBand, percent } from "./concentration";

describe("market concentration", () => {
  it("computes shares, HHI and the two largest suppliers' share", () => {
    const result = concentration([
      { supplier: "A", value: 50n },
      { supplier: "B", value: 30n },
      { supplier: "C", value: 20n },
      { supplier: "D", value: 0n },
    ]);
    expect(result.shares.map((s) => [s.supplier, s.shareBasisPoints])).toEqual([["A", 5000], ["B", 3000], ["C", 2000]]);
    // 50² + 30² + 20² = 3,800
    expect(result.hhi).toBe(3800);
    expect(result.topTwoBasisPoints).toBe(8000);
    expect(percent(result.topTwoBasisPoints)).toBe("80.00%");
    expect(hhiBand(result.hhi)).toBe("highly concentrated");
  });

  it("is 10,000 for a monopoly and 0 for an empty market", () => {
    expect(concentration([{ supplier: "Only", value: 123n }]).hhi).toBe(10_000);
    expect(concentration([])).toMatchObject({ hhi: 0, topTwoBasisPoints: 0, shares: [] });
  });

  it("keeps HHI between 10,000/n and 10,000 and the top-two share at most 100%", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 40 }), (values) => {
        const result = concentration(values.map((value, i) => ({ supplier: `S${i}`, value })));
        expect(result.hhi).toBeLessThanOrEqual(10_000);
        expect(result.hhi).toBeGreaterThanOrEqual(Math.floor(10_000 / values.length) - 1);
        expect(result.topTwoBasisPoints).toBeLessThanOrEqual(10_000);
      }),
    );
  });
});
