/** Lapse queue rules shared by the page (client and server) and the module. */
import type { AssuranceStatus } from "~/modules/assurance/assurance-status";

export const LAPSE_FILTERS = ["LAPSED", "IN_REMEDIATION", "ALL"] as const;
export type LapseFilter = (typeof LAPSE_FILTERS)[number];

/** The longest remediation plan staff may agree; longer needs the framework authority's policy. */
export const MAX_REMEDIATION_MONTHS = 6;

/**
 * Which decisions apply to a lapse now, so the page offers only buttons that will work:
 * a plan for a lapse without one; suspension during remediation, or straight away when the
 * standard is safety- or security-critical.
 */
export function lapseActions(row: { status: AssuranceStatus; safetyCritical: boolean }) {
  return {
    agreeRemediation: row.status === "LAPSED",
    suspend: row.status === "IN_REMEDIATION" || (row.status === "LAPSED" && row.safetyCritical),
  };
}
