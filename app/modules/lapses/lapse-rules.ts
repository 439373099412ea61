/** Lapse queue rules shared by the page (client and server) and the module. */
import type { AssuranceStatus } from "~/modules/assurance/assurance-status";
import { daysBetween, formatNhsDate, type DateOnly } from "~/modules/dates";

export const LAPSE_FILTERS = ["LAPSED", "IN_REMEDIATION", "ALL"] as const;
export type LapseFilter = (typeof LAPSE_FILTERS)[number];

/** The longest remediation plan staff may agree; longer needs the framework authority's policy. */
export const MAX_REMEDIATION_MONTHS = 6;

export type LapseFacts = {
  status: AssuranceStatus;
  safetyCritical: boolean;
  securityCritical: boolean;
  remediationDeadline: DateOnly | null;
  /** The visible solutions the record covers, with their publication status now. */
  solutions: { status: string }[];
};

/** Safety- or security-critical: a lapse may lead to suspension without a remediation plan. */
export const isCritical = (row: Pick<LapseFacts, "safetyCritical" | "securityCritical">) => row.safetyCritical || row.securityCritical;

/** Days since a remediation deadline passed, or null while it has not (or there is none). */
export function daysOverdue(row: Pick<LapseFacts, "status" | "remediationDeadline">, today: DateOnly): number | null {
  if (row.status !== "IN_REMEDIATION" || row.remediationDeadline === null || today <= row.remediationDeadline) return null;
  return daysBetween(today, row.remediationDeadline);
}

/**
 * Which decisions apply to a lapse now, so the page offers only buttons that will work:
 * a plan for a lapse without one; suspension during remediation, or straight away when the
 * standard is safety- or security-critical — and only while a solution it covers is not
 * suspended already.
 */
export function lapseActions(row: LapseFacts) {
  const unsuspended = row.solutions.some((solution) => solution.status !== "SUSPENDED");
  return {
    agreeRemediation: row.status === "LAPSED",
    suspend: unsuspended && (row.status === "IN_REMEDIATION" || (row.status === "LAPSED" && isCritical(row))),
  };
}

/**
 * The lapse's state in words, as it is now: what the scan or staff have done to its solutions
 * and whether a remediation deadline has passed ("Remediation failed: deadline passed 5 days
 * ago. All 3 solutions suspended.").
 */
export function lapseStateText(row: LapseFacts, today: DateOnly): { text: string; overdue: boolean } {
  const total = row.solutions.length;
  const suspended = row.solutions.filter((solution) => solution.status === "SUSPENDED").length;
  const solutions =
    total === 0 ? "" : suspended === total ? ` ${total === 1 ? "Its solution is" : `All ${total} solutions are`} suspended.` : suspended > 0 ? ` ${suspended} of ${total} solutions suspended.` : "";
  const overdue = daysOverdue(row, today);
  if (overdue !== null) {
    const ago = `${overdue} ${overdue === 1 ? "day" : "days"} ago`;
    return { text: `Remediation failed: deadline passed ${ago} (${formatNhsDate(row.remediationDeadline!)}).${solutions}`, overdue: true };
  }
  if (row.status === "IN_REMEDIATION") return { text: `In remediation until ${row.remediationDeadline ? formatNhsDate(row.remediationDeadline) : "no deadline"}.${solutions}`, overdue: false };
  return { text: `Lapsed, no remediation plan yet.${solutions}`, overdue: false };
}
