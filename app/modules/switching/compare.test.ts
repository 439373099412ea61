import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ONE_POUND } from "../pricing/pricing";
import { fullCoverage, gainsAndLosses, MAX_SHOWN_PER_SUPPLIER, normalisedQuantity, normalisedYearlyCost, rankAlternatives, type ComparablePrice, type ContractUse, type SolutionFacts } from "./compare";

const facts = (f: { capabilities: [string, string, boolean][]; epics?: [string, string][]; integrations?: string[]; hosting?: string[] }): SolutionFacts => ({
  capabilities: new Map(f.capabilities.map(([id, name, full]) => [id, { name, full }])),
  epics: new Map(f.epics ?? []),
  integrations: new Set(f.integrations ?? []),
  hosting: new Set(f.hosting ?? []),
});

const current = facts({
  capabilities: [["C5", "Appointments Management - GP", true], ["C14", "Prescribing", true], ["C43", "Online Consultation", false]],
  epics: [["C5E1", "Manage Session templates"], ["C14E14", "View EPS Nominated Pharmacy changes"]],
  integrations: ["IM1 Bulk (provider)", "GP Connect Access Record HTML (provider)"],
  hosting: ["Public cloud"],
});
const alternative = facts({
  capabilities: [["C5", "Appointments Management - GP", true], ["C14", "Prescribing", false], ["C43", "Online Consultation", true], ["C44", "Video Consultation", true]],
  epics: [["C5E1", "Manage Session templates"], ["E00039", "conduct Video Consultation"]],
  integrations: ["IM1 Bulk (provider)", "IM1 Transactional (provider)"],
  hosting: ["Private cloud", "Public cloud"],
});

describe("gains and losses", () => {
  it("lists what the alternative adds, lacks and meets only in part", () => {
    expect(gainsAndLosses(current, alternative)).toEqual({
      capabilities: { gained: ["C44 Video Consultation"], lost: [], partlyMet: ["C14 Prescribing"] },
      epics: { gained: ["E00039 conduct Video Consultation"], lost: ["C14E14 View EPS Nominated Pharmacy changes"] },
      integrations: { gained: ["IM1 Transactional (provider)"], lost: ["GP Connect Access Record HTML (provider)"] },
      hosting: { gained: ["Private cloud"], lost: [] },
    });
    expect(fullCoverage(current, alternative)).toBe(1 + 1); // C5 and C43 fully; C14 only partly
  });

  it("property: what one gains switching A→B is what B→A loses", () => {
    const arbitraryFacts = fc
      .record({
        capabilities: fc.uniqueArray(fc.tuple(fc.constantFrom("C1", "C2", "C3", "C4"), fc.boolean()), { selector: ([id]) => id }),
        epics: fc.uniqueArray(fc.constantFrom("E1", "E2", "E3")),
        integrations: fc.uniqueArray(fc.constantFrom("IM1 Bulk (provider)", "GP Connect (consumer)")),
        hosting: fc.uniqueArray(fc.constantFrom("Public cloud", "On premise")),
      })
      .map((r) => facts({ capabilities: r.capabilities.map(([id, full]) => [id, "name", full]), epics: r.epics.map((id) => [id, "epic"]), integrations: r.integrations, hosting: r.hosting }));
    fc.assert(
      fc.property(arbitraryFacts, arbitraryFacts, (a, b) => {
        const ab = gainsAndLosses(a, b);
        const ba = gainsAndLosses(b, a);
        expect(ab.capabilities.gained).toEqual(ba.capabilities.lost);
        expect(ab.epics.lost).toEqual(ba.epics.gained);
        expect(ab.integrations.gained).toEqual(ba.integrations.lost);
        expect(ab.hosting.lost).toEqual(ba.hosting.gained);
      }),
    );
  });
});

const flat = (provisioningType: ComparablePrice["provisioningType"], unitDescription: string, pounds: number, billingPeriod: ComparablePrice["billingPeriod"] = "YEARLY"): ComparablePrice => ({
  provisioningType,
  unitDescription,
  billingPeriod,
  calculationType: "VOLUME",
  tiers: [{ lowerRange: 1, upperRange: null, price: String(pounds) }],
});

describe("prices normalised to the contract", () => {
  const use: ContractUse = { listSizes: [6000, 4000, 2000], current: { price: flat("DECLARATIVE", "per licence", 20, "MONTHLY"), quantity: 47 } };

  it("counts patients, practices, or the same unit as the current contract", () => {
    expect(normalisedQuantity(flat("PATIENT", "per patient", 1), use)).toBe(12_000);
    expect(normalisedQuantity(flat("DECLARATIVE", "per practice", 100), use)).toBe(3);
    expect(normalisedQuantity(flat("DECLARATIVE", "per licence", 18, "MONTHLY"), use)).toBe(47);
    expect(normalisedQuantity(flat("ON_DEMAND", "per SMS", 0.04), use)).toBeNull();
  });

  it("gives a yearly cost, or none for one-off and unknown quantities", () => {
    expect(normalisedYearlyCost(flat("PATIENT", "per patient", 1.25), use)).toBe(15_000n * ONE_POUND);
    expect(normalisedYearlyCost(flat("DECLARATIVE", "per licence", 18, "MONTHLY"), use)).toBe(47n * 18n * 12n * ONE_POUND);
    expect(normalisedYearlyCost(flat("DECLARATIVE", "per practice", 500, "ONE_OFF"), use)).toBeNull();
    expect(normalisedYearlyCost(flat("ON_DEMAND", "per SMS", 0.04), use)).toBeNull();
  });
});

describe("ranking alternatives", () => {
  it("puts coverage first, then the lower cost, with unknown costs last", () => {
    const { shown } = rankAlternatives([
      { id: "a", supplier: "Aria", coverage: 2, yearlyCost: 500n },
      { id: "b", supplier: "Beacon", coverage: 3, yearlyCost: 900n },
      { id: "c", supplier: "Cobalt", coverage: 2, yearlyCost: null },
      { id: "d", supplier: "Delta", coverage: 2, yearlyCost: 400n },
    ]);
    expect(shown.map((a) => a.id)).toEqual(["b", "d", "a", "c"]);
  });

  it("does not let one supplier fill the list when others qualify", () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, supplier: "Aria", coverage: 5, yearlyCost: BigInt(i) }));
    const { shown, notShown } = rankAlternatives([...many, { id: "b", supplier: "Beacon", coverage: 4, yearlyCost: 100n }]);
    expect(shown.filter((a) => a.supplier === "Aria")).toHaveLength(MAX_SHOWN_PER_SUPPLIER);
    expect(shown.map((a) => a.supplier)).toContain("Beacon");
    expect(notShown).toEqual([{ supplier: "Aria", count: 3 }]);
  });
});
