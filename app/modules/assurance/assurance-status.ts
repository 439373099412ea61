/**
 * Assurance status machine: one assurance record per (solution or supplier) × standard.
 *
 *   ASSURED → EXPIRING (inside the standard's warning window) → LAPSED (past expiry)
 *     → IN_REMEDIATION (plan agreed, deadline set) → ASSURED (renewed) | WITHDRAWN
 *
 * ASSURED, EXPIRING and LAPSED are never set by hand: they are a function of the expiry date
 * and today (`computeAssuranceStatus`), so "assurance lapsed" is always a query, never a flag
 * someone must remember. IN_REMEDIATION and WITHDRAWN come only from staff decisions
 * (`transitionAssurance`) and stay until the next decision.
 */
import { addDays, daysBetween, formatNhsDate, type DateOnly } from "../dates";

export const ASSURANCE_STATUSES = [
  "ASSURED",
  "EXPIRING",
  "LAPSED",
  "IN_REMEDIATION",
  "WITHDRAWN",
] as const;
export type AssuranceStatus = (typeof ASSURANCE_STATUSES)[number];

export const DEFAULT_WARNING_WINDOW_DAYS = 60;

/** Days before expiry at which the supplier is told, most distant first. */
export const EXPIRY_NOTICE_DAYS = [60, 30, 7] as const;
export type ExpiryNoticeDays = (typeof EXPIRY_NOTICE_DAYS)[number];

export type AssuranceDates = {
  status: AssuranceStatus;
  /** Last day on which the assurance is valid. */
  expiresOn: DateOnly;
  /** Set when a remediation plan is agreed: the last day to meet it. */
  remediationDeadline: DateOnly | null;
};

export type AssuranceEvent = "agreeRemediation" | "renew" | "withdraw";

export type AssuranceTransition =
  | { ok: true; to: AssuranceStatus }
  | { ok: false; reason: string };

/** Valid all of `expiresOn` (London), lapsed from the next day's midnight. */
export function lapsedOn(expiresOn: DateOnly): DateOnly {
  return addDays(expiresOn, 1);
}

/** Days left until expiry: 0 on the expiry day itself, negative once lapsed. */
export function daysUntilExpiry(expiresOn: DateOnly, today: DateOnly): number {
  return daysBetween(expiresOn, today);
}

/**
 * The status a record has on `today`. Date-driven states are recomputed from `expiresOn`
 * (so a stored LAPSED whose expiry was moved forward reads as ASSURED again);
 * IN_REMEDIATION and WITHDRAWN are decisions and are returned unchanged, even after the
 * remediation deadline (see `remediationFailed`, which drives the termination flags).
 */
export function computeAssuranceStatus(
  record: AssuranceDates,
  today: DateOnly,
  warningWindowDays: number = DEFAULT_WARNING_WINDOW_DAYS,
): AssuranceStatus {
  if (record.status === "IN_REMEDIATION" || record.status === "WITHDRAWN") return record.status;
  const daysLeft = daysUntilExpiry(record.expiresOn, today);
  if (daysLeft < 0) return "LAPSED";
  if (daysLeft <= warningWindowDays) return "EXPIRING";
  return "ASSURED";
}

/**
 * `computeAssuranceStatus` for a record that may have no expiry date (an assurance that does
 * not expire, such as a solution's overarching standard): such a record is ASSURED unless a
 * decision put it IN_REMEDIATION or WITHDRAWN.
 */
export function assuranceStatusOn(
  record: { status: AssuranceStatus; expiresOn: DateOnly | null; remediationDeadline: DateOnly | null },
  today: DateOnly,
  warningWindowDays: number = DEFAULT_WARNING_WINDOW_DAYS,
): AssuranceStatus {
  if (record.expiresOn === null) return record.status === "IN_REMEDIATION" || record.status === "WITHDRAWN" ? record.status : "ASSURED";
  return computeAssuranceStatus({ status: record.status, expiresOn: record.expiresOn, remediationDeadline: record.remediationDeadline }, today, warningWindowDays);
}

/**
 * Which expiry notice the daily job should send today, or null.
 * `alreadySentDays` is the most urgent notice already sent for this expiry date (null if
 * none; reset it when the assurance is renewed). Only the most urgent notice that applies is
 * returned, so a job that missed some days sends one notice, not a backlog, and each notice
 * goes at most once. Lapsing is announced separately, not by this function.
 */
export function dueNotice(
  expiresOn: DateOnly,
  today: DateOnly,
  alreadySentDays: number | null,
): ExpiryNoticeDays | null {
  const daysLeft = daysUntilExpiry(expiresOn, today);
  if (daysLeft < 0) return null;
  const applicable = EXPIRY_NOTICE_DAYS.filter((notice) => daysLeft <= notice);
  if (applicable.length === 0) return null;
  const mostUrgent = applicable[applicable.length - 1];
  if (alreadySentDays !== null && alreadySentDays <= mostUrgent) return null;
  return mostUrgent;
}

/** The plan was not met: the deadline day has passed. No deadline means nothing has failed. */
export function remediationFailed(deadline: DateOnly | null, today: DateOnly): boolean {
  return deadline !== null && today > deadline;
}

/** Badge wording for a standard on a listing, e.g. "Assured until 30 Jun 2027". */
export function badgeText(
  record: AssuranceDates,
  today: DateOnly,
  warningWindowDays: number = DEFAULT_WARNING_WINDOW_DAYS,
): string {
  const status = computeAssuranceStatus(record, today, warningWindowDays);
  switch (status) {
    case "ASSURED":
      return `Assured until ${formatNhsDate(record.expiresOn)}`;
    case "EXPIRING": {
      const daysLeft = daysUntilExpiry(record.expiresOn, today);
      if (daysLeft === 0) return "Expiring today";
      return `Expiring in ${daysLeft} ${daysLeft === 1 ? "day" : "days"}`;
    }
    case "LAPSED":
      return `Lapsed on ${formatNhsDate(lapsedOn(record.expiresOn))}`;
    case "IN_REMEDIATION":
      return record.remediationDeadline
        ? `In remediation until ${formatNhsDate(record.remediationDeadline)}`
        : "In remediation";
    case "WITHDRAWN":
      return "Withdrawn";
  }
}

/**
 * A record's badge: its state today and the dated wording buyers read ("Assured until 30 Jun
 * 2027", "Expiring in 21 days", "Lapsed on 1 Jul 2026"). An assurance that does not expire
 * reads "Assured since <date>" when its assured-on date is known.
 */
export function recordBadge(
  record: { status: AssuranceStatus; expiresOn: DateOnly | null; remediationDeadline: DateOnly | null; assuredOn?: DateOnly | null },
  today: DateOnly,
  warningWindowDays: number = DEFAULT_WARNING_WINDOW_DAYS,
): { status: AssuranceStatus; text: string } {
  const status = assuranceStatusOn(record, today, warningWindowDays);
  if (record.expiresOn !== null) return { status, text: badgeText({ status: record.status, expiresOn: record.expiresOn, remediationDeadline: record.remediationDeadline }, today, warningWindowDays) };
  switch (status) {
    case "IN_REMEDIATION":
      return { status, text: record.remediationDeadline ? `In remediation until ${formatNhsDate(record.remediationDeadline)}` : "In remediation" };
    case "WITHDRAWN":
      return { status, text: "Withdrawn" };
    default:
      return { status, text: record.assuredOn ? `Assured since ${formatNhsDate(record.assuredOn)}` : "Assured" };
  }
}

const STATUS_WORDS: Record<AssuranceStatus, string> = {
  ASSURED: "assured",
  EXPIRING: "expiring",
  LAPSED: "lapsed",
  IN_REMEDIATION: "in remediation",
  WITHDRAWN: "withdrawn",
};

/**
 * Staff decisions. Pass the status from `computeAssuranceStatus` (not the stored one, which
 * may be stale). After `renew`, store the new expiry date; the record then reads as
 * EXPIRING if that date is already inside the warning window.
 * Renewing a withdrawn assurance is allowed: it is the same record (one per standard), and
 * fresh evidence recorded by staff is the only way back.
 */
export function transitionAssurance(
  from: AssuranceStatus,
  event: AssuranceEvent,
): AssuranceTransition {
  switch (event) {
    case "agreeRemediation":
      if (from === "LAPSED") return { ok: true, to: "IN_REMEDIATION" };
      if (from === "IN_REMEDIATION") {
        return { ok: false, reason: "A remediation plan is already agreed; change its deadline instead." };
      }
      return {
        ok: false,
        reason: `A remediation plan can only be agreed once an assurance has lapsed; this one is ${STATUS_WORDS[from]}.`,
      };
    case "renew":
      return { ok: true, to: "ASSURED" };
    case "withdraw":
      if (from === "WITHDRAWN") return { ok: false, reason: "This assurance is already withdrawn." };
      return { ok: true, to: "WITHDRAWN" };
  }
}
