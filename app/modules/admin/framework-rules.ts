/**
 * Framework lifecycle (reference/domain.md): coming → open → live → expired. Only live
 * frameworks take new orders; expired ones stay visible, labelled "(expired)". A framework
 * only moves forward: an expired framework is replaced by its successor, never reopened.
 */
import type { DateOnly } from "~/modules/dates";

export const FRAMEWORK_STATUSES = ["COMING", "OPEN", "LIVE", "EXPIRED"] as const;
export type FrameworkStatus = (typeof FRAMEWORK_STATUSES)[number];

const WORDS: Record<FrameworkStatus, string> = { COMING: "coming", OPEN: "open", LIVE: "live", EXPIRED: "expired" };

export type FrameworkChange = { ok: true } | { ok: false; reason: string };

export function checkFrameworkStatusChange(
  from: FrameworkStatus,
  to: FrameworkStatus,
  dates: { startsOn: DateOnly | null; today: DateOnly },
): FrameworkChange {
  if (from === to) return { ok: true };
  if (from === "EXPIRED") return { ok: false, reason: "An expired framework cannot be reopened. Set up its successor framework instead." };
  if (FRAMEWORK_STATUSES.indexOf(to) < FRAMEWORK_STATUSES.indexOf(from)) {
    return { ok: false, reason: `A ${WORDS[from]} framework cannot go back to ${WORDS[to]}.` };
  }
  if (to === "LIVE" && (dates.startsOn === null || dates.startsOn > dates.today)) {
    return { ok: false, reason: "A framework can only go live on or after its start date. Enter a start date that is today or earlier." };
  }
  return { ok: true };
}

/** Whether new call-off orders may be placed under a framework with this status. */
export function takesNewOrders(status: FrameworkStatus): boolean {
  return status === "LIVE";
}

/** "GP IT Futures (expired)": how an expired framework is named wherever it still shows. */
export function frameworkDisplayName(shortName: string, status: FrameworkStatus): string {
  return status === "EXPIRED" ? `${shortName} (expired)` : shortName;
}
