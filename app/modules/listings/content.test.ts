import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  claimCapabilities,
  describePrice,
  emptyContent,
  isSectionComplete,
  missingSections,
  parsePrice,
  validatePrice,
  validateSection,
  validateTiers,
  type ListingContent,
  type Reference,
} from "./content";

const reference: Reference = {
  epics: [
    { id: "C5E1", capabilityId: "C5", level: "MUST" },
    { id: "C5E2", capabilityId: "C5", level: "MUST" },
    { id: "C5E3", capabilityId: "C5", level: "MAY" },
    { id: "E00001", capabilityId: "C43", level: "MUST" },
  ],
  integrationTypeIds: ["IM1_BULK", "GPC_SEND_DOCUMENT"],
  frameworkIds: ["NHSDGP001", "TIF001"],
};
const draft = (): ListingContent => emptyContent({ id: "10000-009", kind: "SOLUTION", supplierId: 10000, parentSolutionId: null, name: "Draft" });

describe("details section", () => {
  it("accepts the limits exactly and keeps HTML as plain text", () => {
    const result = validateSection(
      "details",
      { name: "<b>Name</b>", summary: "s".repeat(350), description: "d".repeat(3000), aboutUrl: "https://example.com/x" },
      draft(),
      reference,
    );
    expect(result).toEqual({
      ok: true,
      patch: { name: "<b>Name</b>", summary: "s".repeat(350), description: "d".repeat(3000), aboutUrl: "https://example.com/x" },
    });
  });

  it("refuses over-long, missing and unsafe answers with clear messages", () => {
    const result = validateSection(
      "details",
      { name: "", summary: "s".repeat(351), description: "d".repeat(3001), aboutUrl: "javascript:alert(1)" },
      draft(),
      reference,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: "Enter a name",
        summary: "A summary must be 350 characters or fewer",
        description: "A description must be 3,000 characters or fewer",
        aboutUrl: "Enter a web address starting with https://",
      },
    });
  });
});

describe("features section", () => {
  it("keeps up to 10 features of at most 100 characters, skipping blanks", () => {
    const form = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`feature-${i + 1}`, i === 3 ? "  " : `Feature ${i + 1}`]));
    const result = validateSection("features", form, draft(), reference);
    expect(result.ok && result.patch.features).toHaveLength(9);
  });

  it("refuses a feature over 100 characters and an 11th feature", () => {
    expect(validateSection("features", { "feature-2": "x".repeat(101) }, draft(), reference)).toEqual({
      ok: false,
      errors: { "feature-2": "Feature 2 must be 100 characters or fewer" },
    });
    const eleven = validateSection("features", { "feature-1": "a", "feature-11": "b" }, draft(), reference);
    expect(eleven.ok).toBe(false);
  });

  it("needs at least one feature for a Catalogue Solution", () => {
    expect(validateSection("features", {}, draft(), reference)).toEqual({ ok: false, errors: { "feature-1": "Enter at least one feature" } });
  });
});

describe("capabilities", () => {
  it("claims Passed - Full when every MUST epic is met, Passed - Partial otherwise", () => {
    expect(claimCapabilities(new Set(["C5E1", "C5E2", "E00001"]), reference.epics)).toEqual([
      { capabilityId: "C5", result: "PASSED_FULL", epics: [{ epicId: "C5E1", result: "PASSED" }, { epicId: "C5E2", result: "PASSED" }, { epicId: "C5E3", result: "NOT_EVIDENCED" }] },
      { capabilityId: "C43", result: "PASSED_FULL", epics: [{ epicId: "E00001", result: "PASSED" }] },
    ]);
    expect(claimCapabilities(new Set(["C5E3"]), reference.epics)[0].result).toBe("PASSED_PARTIAL");
  });

  it("refuses an epic that is not in the reference data", () => {
    expect(validateSection("capabilities", { epics: ["C5E1", "C99E1"] }, draft(), reference)).toEqual({ ok: false, errors: { epics: "Select epics from the list" } });
    expect(validateSection("capabilities", {}, draft(), reference).ok).toBe(false);
  });
});

describe("hosting, applications, integrations, frameworks, contacts", () => {
  it("needs a summary for each hosting type chosen and refuses unknown ones", () => {
    expect(validateSection("hosting", { hostingTypes: ["PUBLIC_CLOUD"], "hosting-PUBLIC_CLOUD": "" }, draft(), reference)).toEqual({
      ok: false,
      errors: { "hosting-PUBLIC_CLOUD": "Enter how public cloud hosting works" },
    });
    expect(validateSection("hosting", { hostingTypes: ["MAINFRAME"] }, draft(), reference).ok).toBe(false);
    const ok = validateSection("hosting", { hostingTypes: ["ON_PREMISE"], "hosting-ON_PREMISE": "At the practice", hscnRequired: "ON_PREMISE" }, draft(), reference);
    expect(ok).toEqual({ ok: true, patch: { hostingTypes: [{ hostingType: "ON_PREMISE", summary: "At the practice", hscnRequired: true }] } });
  });

  it("records integrations with provider or consumer roles", () => {
    const result = validateSection("integrations", { integrations: ["IM1_BULK:PROVIDER", "IM1_BULK:CONSUMER"], "integration-IM1_BULK": "Nightly extract" }, draft(), reference);
    expect(result.ok && result.patch.integrations).toEqual([
      { integrationTypeId: "IM1_BULK", role: "PROVIDER", description: "Nightly extract" },
      { integrationTypeId: "IM1_BULK", role: "CONSUMER", description: "Nightly extract" },
    ]);
    expect(validateSection("integrations", { integrations: "IM1_BULK:OWNER" }, draft(), reference).ok).toBe(false);
  });

  it("refuses a framework the supplier cannot list on", () => {
    expect(validateSection("frameworks", { frameworks: "DFOCVC001" }, draft(), reference)).toEqual({ ok: false, errors: { frameworks: "Select frameworks from the list" } });
  });

  it("checks contact email addresses", () => {
    const result = validateSection("contacts", { "contact-1-name": "Sam", "contact-1-email": "not-an-email" }, draft(), reference);
    expect(result).toEqual({ ok: false, errors: { "contact-1-email": "Enter contact 1's email address in the correct format, like name@example.com" } });
  });
});

describe("parsePrice", () => {
  it.each([
    ["1.25", "1.2500"],
    ["£1,250", "1250.0000"],
    ["0", "0.0000"],
    ["0.1234", "0.1234"],
  ])("%s → %s", (input, value) => {
    expect(parsePrice(input, "the price")).toEqual({ ok: true, value });
  });

  it.each([
    ["", "Enter the price"],
    ["-1", "The price must be £0 or more"],
    ["£-0.50", "The price must be £0 or more"],
    ["1.23456", "The price must have no more than 4 decimal places"],
    ["abc", "The price must be an amount in pounds, like 1.25"],
    ["1e3", "The price must be an amount in pounds, like 1.25"],
  ])("refuses %j", (input, message) => {
    expect(parsePrice(input, "the price")).toEqual({ ok: false, message });
  });
});

describe("validateTiers", () => {
  const t = (lowerRange: number, upperRange: number | null) => ({ lowerRange, upperRange });

  it("accepts contiguous tiers from 1 with an open-ended last tier", () => {
    expect(validateTiers("TIERED", [t(1, 100), t(101, 500), t(501, null)])).toEqual([]);
    expect(validateTiers("FLAT", [t(1, null)])).toEqual([]);
  });

  it.each([
    ["a first tier not starting at 1", [t(2, 10), t(11, null)], "The first tier must start at 1"],
    ["overlapping tiers", [t(1, 100), t(90, null)], "Tier 2 overlaps tier 1: it must start at 101"],
    ["a gap", [t(1, 100), t(150, null)], "There is a gap before tier 2: it must start at 101"],
    ["a closed last tier", [t(1, 100), t(101, 200)], `The last tier must be open-ended: leave tier 2's "to" empty`],
    ["an open middle tier", [t(1, null), t(2, null)], "Enter where tier 1 ends: only the last tier is open-ended"],
    ["a tier ending before it starts", [t(1, 10), t(11, 5), t(6, null)], "Tier 2 must end at or after 11"],
    ["eight tiers", Array.from({ length: 8 }, (_, i) => t(i * 10 + 1, i === 7 ? null : i * 10 + 10)), "A tiered price can have at most 7 tiers"],
    ["no tiers", [], "Enter at least one tier"],
  ])("refuses %s", (_, tiers, message) => {
    expect(validateTiers("TIERED", tiers).map((p) => p.message)).toContain(message);
  });

  it("accepts every tiering built from increasing bounds, and no tiering with a gap", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 6 }), fc.integer({ min: 1, max: 50 }), (rawBounds, shift) => {
        const bounds = [...rawBounds].sort((a, b) => a - b);
        const tiers = [...bounds, null].map((upper, i) => t(i === 0 ? 1 : bounds[i - 1] + 1, upper));
        expect(validateTiers("TIERED", tiers)).toEqual([]);
        if (tiers.length > 1) {
          const gapped = tiers.map((tier, i) => (i === 1 ? t(tier.lowerRange + shift, tier.upperRange === null ? null : Math.max(tier.upperRange, tier.lowerRange + shift)) : tier));
          expect(validateTiers("TIERED", gapped).length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe("validatePrice", () => {
  const base = { provisioningType: "PATIENT", billingPeriod: "YEARLY", unitDescription: "per patient" };

  it("builds a flat price as one open-ended tier", () => {
    const result = validatePrice({ ...base, priceType: "FLAT", price: "1.5" }, "p1");
    expect(result).toEqual({
      ok: true,
      price: { id: "p1", provisioningType: "PATIENT", priceType: "FLAT", calculationType: "VOLUME", billingPeriod: "YEARLY", unitDescription: "per patient", unitDefinition: null, rangeDescription: null, currency: "GBP", tiers: [{ lowerRange: 1, upperRange: null, price: "1.5000" }] },
    });
    expect(result.ok && describePrice(result.price).headline).toBe("£1.50 per patient per year");
  });

  it("builds tiered prices and points errors at the tier's field", () => {
    const ok = validatePrice({ ...base, priceType: "TIERED", calculationType: "CUMULATIVE", "tier-1-from": "1", "tier-1-to": "100", "tier-1-price": "2", "tier-2-from": "101", "tier-2-price": "1.75" }, "p2");
    expect(ok.ok && ok.price.tiers).toEqual([{ lowerRange: 1, upperRange: 100, price: "2.0000" }, { lowerRange: 101, upperRange: null, price: "1.7500" }]);
    expect(ok.ok && describePrice(ok.price)).toEqual({ headline: "From £2.00 per patient per year", tiers: ["1 to 100: £2.00", "101+: £1.75"] });

    const overlapping = validatePrice({ ...base, priceType: "TIERED", calculationType: "VOLUME", "tier-1-from": "1", "tier-1-to": "100", "tier-1-price": "2", "tier-2-from": "50", "tier-2-price": "1" }, "p3");
    expect(overlapping).toEqual({ ok: false, errors: { "tier-2-from": "Tier 2 overlaps tier 1: it must start at 101" } });

    const badMoney = validatePrice({ ...base, priceType: "TIERED", calculationType: "VOLUME", "tier-1-from": "1", "tier-1-price": "-2" }, "p4");
    expect(badMoney).toEqual({ ok: false, errors: { "tier-1-price": "Tier 1's price must be £0 or more" } });
  });

  it("refuses forged choices and a missing unit", () => {
    const result = validatePrice({ provisioningType: "FREE", priceType: "FLAT", billingPeriod: "WEEKLY", price: "1.234567" }, "p5");
    expect(result).toEqual({
      ok: false,
      errors: {
        provisioningType: "Select how the price is provisioned",
        billingPeriod: "Select the billing period",
        unitDescription: "Enter the unit, like per patient or per licence",
        price: "The price must have no more than 4 decimal places",
      },
    });
  });
});

describe("completeness", () => {
  it("lists the mandatory sections still missing for a new Catalogue Solution", () => {
    const content = draft();
    expect(missingSections(content, ["S24"])).toEqual(["details", "features", "capabilities", "hosting", "applications", "implementation", "frameworks", "prices", "standards"]);
    Object.assign(content, { summary: "S", description: "D", features: ["F"] });
    expect(isSectionComplete(content, "details")).toBe(true);
    expect(missingSections(content)).not.toContain("details");
  });
});
