import { describe, expect, it } from "vitest";
import { formatListPrice, formatPence, indicativeCost } from "./indicative-price";
import { comparisonCsv, parseCompareParams, toCsv } from "./compare";

const tiers = [
  { lowerRange: 1, upperRange: 5000, price: "1.0000" },
  { lowerRange: 5001, upperRange: 10000, price: "0.9000" },
  { lowerRange: 10001, upperRange: null, price: "0.8000" },
];

describe("indicative prices", () => {
  it("applies the pricing rules to the practice list size: per patient uses it, anything else one unit", () => {
    const tiered = { provisioningType: "PATIENT", calculationType: "CUMULATIVE", billingPeriod: "YEARLY", tiers };
    expect(indicativeCost(tiered, 12000)).toEqual({ annualPence: (5000 * 100 + 5000 * 90 + 2000 * 80), oneOffPence: 0 });
    expect(indicativeCost({ ...tiered, provisioningType: "DECLARATIVE", calculationType: "SINGLE_FIXED" }, 12000)).toEqual({ annualPence: 100, oneOffPence: 0 });
  });

  it("normalises to a year: monthly × 12; one-off separately", () => {
    expect(indicativeCost({ provisioningType: "PATIENT", calculationType: "VOLUME", billingPeriod: "YEARLY", tiers: [{ lowerRange: 1, upperRange: null, price: "1.2500" }] }, 10000)).toEqual({ annualPence: 1_250_000, oneOffPence: 0 });
    expect(indicativeCost({ provisioningType: "DECLARATIVE", calculationType: "VOLUME", billingPeriod: "MONTHLY", tiers: [{ lowerRange: 1, upperRange: null, price: "99.99" }] }, 10000)).toEqual({ annualPence: 119_988, oneOffPence: 0 });
    expect(indicativeCost({ provisioningType: "DECLARATIVE", calculationType: "SINGLE_FIXED", billingPeriod: "ONE_OFF", tiers: [{ lowerRange: 1, upperRange: null, price: "500" }] }, 10000)).toEqual({ annualPence: 0, oneOffPence: 50_000 });
  });

  it("formats list prices with their decimal places, and pence as pounds", () => {
    expect(formatListPrice("1.2500")).toBe("£1.25");
    expect(formatListPrice("0.0345")).toBe("£0.0345");
    expect(formatListPrice("1250")).toBe("£1,250.00");
    expect(formatPence(123456)).toBe("£1,234.56");
  });
});

describe("compare parameters and CSV", () => {
  it("accepts up to four ids, comma-separated or repeated, and a list size", () => {
    const parsed = parseCompareParams(new URLSearchParams("ids=10000-001,10001-001&ids=10002-001&listSize=12,000"));
    expect(parsed).toEqual({ ok: true, data: { ids: ["10000-001", "10001-001", "10002-001"], listSize: 12000, differences: false } });
  });

  it.each(["ids=a,b,c,d,e", "ids=<script>", "listSize=0", "listSize=ten", "listSize=99999999"])("refuses %s", (text) => {
    expect(parseCompareParams(new URLSearchParams(text)).ok).toBe(false);
  });

  it("quotes CSV cells and defuses spreadsheet formulas", () => {
    expect(toCsv([["a,b", 'say "hi"', "=HYPERLINK(1)", "-2"]])).toBe('"a,b","say ""hi""",\'=HYPERLINK(1),\'-2\r\n');
    expect(comparisonCsv([], [])).toBe("Section,Row,Differs\r\n");
  });
});
