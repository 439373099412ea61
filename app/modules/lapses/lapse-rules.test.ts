import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { daysOverdue, lapseActions, lapseStateText, type LapseFacts } from "./lapse-rules";

const today = asDateOnly("2026-12-02");
const facts = (overrides: Partial<LapseFacts> = {}): LapseFacts => ({
  status: "LAPSED",
  safetyCritical: false,
  securityCritical: false,
  remediationDeadline: null,
  solutions: [{ status: "PUBLISHED" }, { status: "PUBLISHED" }],
  ...overrides,
});

describe("lapse rules", () => {
  it("offer a plan for a lapse, and suspension during remediation or at once for a critical standard, while anything is left to suspend", () => {
    expect(lapseActions(facts())).toEqual({ agreeRemediation: true, suspend: false });
    expect(lapseActions(facts({ securityCritical: true }))).toEqual({ agreeRemediation: true, suspend: true });
    expect(lapseActions(facts({ safetyCritical: true }))).toEqual({ agreeRemediation: true, suspend: true });
    expect(lapseActions(facts({ status: "IN_REMEDIATION", remediationDeadline: today }))).toEqual({ agreeRemediation: false, suspend: true });
    expect(lapseActions(facts({ status: "IN_REMEDIATION", solutions: [{ status: "SUSPENDED" }, { status: "SUSPENDED" }] }))).toEqual({ agreeRemediation: false, suspend: false });
  });

  it("count the days since a remediation deadline passed", () => {
    expect(daysOverdue(facts({ status: "IN_REMEDIATION", remediationDeadline: today }), today)).toBeNull();
    expect(daysOverdue(facts({ status: "IN_REMEDIATION", remediationDeadline: asDateOnly("2026-12-01") }), today)).toBe(1);
    expect(daysOverdue(facts({ status: "LAPSED", remediationDeadline: asDateOnly("2026-11-01") }), today)).toBeNull();
  });

  it("say what state a lapse is in now, after the scan", () => {
    expect(lapseStateText(facts(), today)).toEqual({ text: "Lapsed, no remediation plan yet.", overdue: false });
    expect(lapseStateText(facts({ status: "IN_REMEDIATION", remediationDeadline: asDateOnly("2026-12-20") }), today).text).toBe("In remediation until 20 Dec 2026.");
    expect(lapseStateText(facts({ status: "IN_REMEDIATION", remediationDeadline: asDateOnly("2026-11-27"), solutions: [{ status: "SUSPENDED" }, { status: "SUSPENDED" }, { status: "SUSPENDED" }] }), today)).toEqual({
      text: "Remediation failed: deadline passed 5 days ago (27 Nov 2026). All 3 solutions are suspended.",
      overdue: true,
    });
    expect(lapseStateText(facts({ status: "IN_REMEDIATION", remediationDeadline: asDateOnly("2026-12-01"), solutions: [{ status: "SUSPENDED" }, { status: "PUBLISHED" }] }), today).text).toBe(
      "Remediation failed: deadline passed 1 day ago (1 Dec 2026). 1 of 2 solutions suspended.",
    );
  });
});
