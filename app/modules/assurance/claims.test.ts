import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { claimAssured, claimProblemText, claimsWithoutEvidence, claimWarning, governingStandards } from "./claims";

const governing = governingStandards([
  { id: "GPC_ACCESS_RECORD_HTML", name: "GP Connect Access Record HTML", standardId: "S44" },
  { id: "IM1_BULK", name: "IM1 Bulk", standardId: "S47" },
  { id: "NHSAPP_ONLINE_CONSULTATIONS", name: "NHS App Online Consultations", standardId: null },
]);
const gpConnect = { integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "PROVIDER" };
const im1 = { integrationTypeId: "IM1_BULK", role: "CONSUMER" };
const nhsApp = { integrationTypeId: "NHSAPP_ONLINE_CONSULTATIONS", role: "PROVIDER" };

describe("interoperability claims need assurance", () => {
  it("count only while their governing standard is assured or expiring; ungoverned claims always count", () => {
    expect(claimAssured(gpConnect, governing, new Map([["S44", "ASSURED"]]))).toBe(true);
    expect(claimAssured(gpConnect, governing, new Map([["S44", "EXPIRING"]]))).toBe(true);
    for (const status of ["LAPSED", "IN_REMEDIATION", "WITHDRAWN"] as const) expect(claimAssured(gpConnect, governing, new Map([["S44", status]]))).toBe(false);
    expect(claimAssured(gpConnect, governing, new Map())).toBe(false);
    expect(claimAssured(nhsApp, governing, new Map())).toBe(true);
  });

  it("without evidence are named, with their standard, for submission and approval", () => {
    const names = new Map([["S44", "GP Connect"], ["S47", "IM1 - Interface Mechanism"]]);
    const problems = claimsWithoutEvidence([gpConnect, im1, nhsApp], governing, new Set(["S47"]), names);
    expect(problems).toEqual([{ integrationTypeId: "GPC_ACCESS_RECORD_HTML", integrationName: "GP Connect Access Record HTML", role: "PROVIDER", standardId: "S44", standardName: "GP Connect" }]);
    expect(claimProblemText(problems[0])).toBe("GP Connect Access Record HTML (provider) needs evidence of assurance against GP Connect (S44): add it under Standards and evidence, or remove the claim.");
  });

  it("are marked on the solution page when their standard lapsed, is in remediation, was withdrawn or is missing", () => {
    const record = (status: "ASSURED" | "LAPSED" | "IN_REMEDIATION" | "WITHDRAWN") => new Map([["S44", { status, expiresOn: asDateOnly("2026-06-30"), standardName: "GP Connect" }]]);
    expect(claimWarning(gpConnect, governing, record("ASSURED"))).toBeNull();
    expect(claimWarning(gpConnect, governing, record("LAPSED"))).toBe("Not assured: its GP Connect (S44) assurance lapsed on 1 Jul 2026.");
    expect(claimWarning(gpConnect, governing, record("IN_REMEDIATION"))).toBe("Not assured: its GP Connect (S44) assurance lapsed on 1 Jul 2026 and is in remediation.");
    expect(claimWarning(gpConnect, governing, record("WITHDRAWN"))).toBe("Not assured: its GP Connect (S44) assurance was withdrawn.");
    expect(claimWarning(gpConnect, governing, new Map())).toBe("Not assured: no S44 assurance is recorded for this integration.");
    expect(claimWarning(nhsApp, governing, new Map())).toBeNull();
  });
});
