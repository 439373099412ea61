import { describe, expect, it } from "vitest";
import { APPLICATION_TYPE_LABELS, FOUNDATION_CAPABILITY_IDS, HOSTING_LABELS, isPassedCapability, meetsFoundation } from "./foundation";

const all = (result: string) => FOUNDATION_CAPABILITY_IDS.map((capabilityId) => ({ capabilityId, result }));

describe("foundation solution", () => {
  it("is the six capabilities in domain.md", () => {
    expect([...FOUNDATION_CAPABILITY_IDS]).toEqual(["C5", "C11", "C12", "C13", "C14", "C15"]);
  });

  it("is met by all six passed in full, in part, or a mix (only passed results count)", () => {
    expect(meetsFoundation(all("PASSED_FULL"))).toBe(true);
    expect(meetsFoundation(all("PASSED_PARTIAL"))).toBe(true);
    expect(meetsFoundation(all("PASSED_FULL").map((c, i) => (i % 2 ? { ...c, result: "PASSED_PARTIAL" } : c)))).toBe(true);
    expect(meetsFoundation([...all("PASSED_FULL"), { capabilityId: "C43", result: "FAILED" }])).toBe(true);
  });

  it("is not met when one of the six is failed, missing or has an unknown result", () => {
    for (const bad of ["FAILED", "NOT_EVIDENCED", "passed_full", "", "PASSED"]) {
      expect(meetsFoundation(all("PASSED_FULL").map((c) => (c.capabilityId === "C14" ? { ...c, result: bad } : c)))).toBe(false);
    }
    expect(meetsFoundation(all("PASSED_FULL").filter((c) => c.capabilityId !== "C5"))).toBe(false);
    expect(meetsFoundation([])).toBe(false);
  });

  it("needs the exact references, not look-alikes", () => {
    const lookAlikes = ["C05", "c11", "C12 ", "C013", "C14E1", "C150"].map((capabilityId) => ({ capabilityId, result: "PASSED_FULL" }));
    expect(meetsFoundation(lookAlikes)).toBe(false);
  });

  it("counts only the two passed results as passed", () => {
    expect(["PASSED_FULL", "PASSED_PARTIAL", "FAILED", "NOT_EVIDENCED", "__proto__"].map(isPassedCapability)).toEqual([true, true, false, false, false]);
  });

  it("labels every hosting and application type", () => {
    expect(Object.keys(HOSTING_LABELS).sort()).toEqual(["HYBRID", "ON_PREMISE", "PRIVATE_CLOUD", "PUBLIC_CLOUD"]);
    expect(Object.keys(APPLICATION_TYPE_LABELS).sort()).toEqual(["BROWSER_BASED", "DESKTOP", "MOBILE_OR_TABLET"]);
  });
});
