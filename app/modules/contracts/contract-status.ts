/**
 * Contract status machine (a contract is what a completed call-off order becomes):
 *
 *   ACTIVE → EXPIRING (inside the reminder window) → EXPIRED | RENEWED | TERMINATED
 *   ACTIVE / EXPIRING → FLAGGED_FOR_TERMINATION (the solution's remediation failed, or it was
 *     suspended) → TERMINATED (with an effective date) | ACTIVE / EXPIRING (flag cleared)
 *
 * ACTIVE, EXPIRING and EXPIRED follow from the dates (`computeContractStatus`); the rest are
 * decisions (`transitionContract`). TERMINATED means termination has been decided, with the
 * date it takes effect stored beside it; RENEWED means a renewal contract replaces this one.
 * Neither is "live": no more reminders, flags or renewals for them.
 */
import { contractEndDate, daysBetween, formatNhsDate, fromDbDate, type DateOnly } from "../dates";

export const CONTRACT_STATUSES = [
  "ACTIVE",
  "EXPIRING",
  "EXPIRED",
  "RENEWED",
  "TERMINATED",
  "FLAGGED_FOR_TERMINATION",
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export type ContractDates = {
  status: ContractStatus;
  startDate: DateOnly;
  /** Last day of the contract (commencement + maximum term − 1 day). */
  endDate: DateOnly;
};

export type ContractEvent =
  | { type: "flag" }
  | { type: "clearFlag" }
  | { type: "renew" }
  /** By the buyer, or by commercial staff issuing a termination notice. */
  | { type: "terminate"; effectiveOn: DateOnly };

export type ContractTransition =
  | { ok: true; to: ContractStatus }
  | { ok: false; reason: string };

/** Contract-expiry reminders, days before the end date, for contracts of 3 months or more. */
export const STANDARD_REMINDER_DAYS = [90, 45] as const;
/** …and for contracts shorter than 3 months. */
export const SHORT_CONTRACT_REMINDER_DAYS = [30, 14] as const;
export type ReminderDays =
  | typeof STANDARD_REMINDER_DAYS
  | typeof SHORT_CONTRACT_REMINDER_DAYS;

const SHORT_CONTRACT_MONTHS = 3;

/** [90, 45], or [30, 14] when the contract runs for less than 3 months. */
export function reminderDaysFor(startDate: DateOnly, endDate: DateOnly): ReminderDays {
  return endDate < contractEndDate(startDate, SHORT_CONTRACT_MONTHS)
    ? SHORT_CONTRACT_REMINDER_DAYS
    : STANDARD_REMINDER_DAYS;
}

/**
 * Which expiry reminder is due today, or null. Only the most urgent one that applies is
 * returned (a job that missed days sends one reminder, not a backlog), and a reminder in
 * `alreadySent` (or a more urgent one) is never returned again: each is sent once per order.
 */
export function dueReminder(
  endDate: DateOnly,
  startDate: DateOnly,
  today: DateOnly,
  alreadySent: readonly number[],
): number | null {
  const daysLeft = daysBetween(endDate, today);
  if (daysLeft < 0) return null;
  const applicable = reminderDaysFor(startDate, endDate).filter((days) => daysLeft <= days);
  if (applicable.length === 0) return null;
  const mostUrgent = applicable[applicable.length - 1];
  if (applicable.some((days) => days <= mostUrgent && alreadySent.includes(days))) return null;
  return mostUrgent;
}

/** The contract is in force and can be renewed, flagged or terminated. */
export function isLive(status: ContractStatus): boolean {
  return status === "ACTIVE" || status === "EXPIRING" || status === "FLAGGED_FOR_TERMINATION";
}

/**
 * TERMINATED records the decision; the contract still runs until its termination date (a
 * notice period). Until then the buyer is still warned and can still switch to a replacement.
 */
export function runsUntilTermination(contract: { status: ContractStatus; terminatedOn: DateOnly | null }, today: DateOnly): boolean {
  return contract.status === "TERMINATED" && contract.terminatedOn !== null && contract.terminatedOn >= today;
}

/**
 * The contract's total value up to `lastDay` (a termination notice's date), pro rata by days
 * of the term: what a contract ending early is worth, not its original whole value.
 */
export function valueUntil(totalValue: bigint, contract: { startDate: DateOnly; endDate: DateOnly }, lastDay: DateOnly): bigint {
  const termDays = BigInt(daysBetween(contract.endDate, contract.startDate) + 1);
  const runDays = BigInt(Math.max(0, Math.min(daysBetween(lastDay, contract.startDate) + 1, Number(termDays))));
  return termDays <= 0n ? totalValue : (totalValue * runDays) / termDays;
}

/**
 * What the status reads as: a terminated contract still running under its notice reads
 * "Ends on 2 Mar 2027 (termination notice)"; "Terminated" only once that day has passed.
 */
export function contractStatusText(contract: { status: ContractStatus; terminatedOn: DateOnly | null }, today: DateOnly): string | null {
  return runsUntilTermination(contract, today) ? `Ends on ${formatNhsDate(contract.terminatedOn!)} (termination notice)` : null;
}

/**
 * The status on `today`. ACTIVE and EXPIRING are recomputed from the dates; any live contract
 * past its end date is EXPIRED (a flagged contract that runs out needs no termination).
 * EXPIRED, RENEWED and TERMINATED are final.
 */
export function computeContractStatus(contract: ContractDates, today: DateOnly): ContractStatus {
  if (!isLive(contract.status)) return contract.status;
  const daysLeft = daysBetween(contract.endDate, today);
  if (daysLeft < 0) return "EXPIRED";
  if (contract.status === "FLAGGED_FOR_TERMINATION") return contract.status;
  const [window] = reminderDaysFor(contract.startDate, contract.endDate);
  return daysLeft <= window ? "EXPIRING" : "ACTIVE";
}

const STATUS_WORDS: Record<ContractStatus, string> = {
  ACTIVE: "active",
  EXPIRING: "expiring",
  EXPIRED: "expired",
  RENEWED: "renewed",
  TERMINATED: "terminated",
  FLAGGED_FOR_TERMINATION: "flagged for termination",
};

/**
 * Applies a decision to the contract as it stands on `today` (its status is recomputed from
 * the dates first, so a stale stored status cannot let an expired contract be flagged).
 * Clearing a flag returns the contract to whatever its dates say: ACTIVE, EXPIRING or EXPIRED.
 */
export function transitionContract(
  contract: ContractDates,
  event: ContractEvent,
  today: DateOnly,
): ContractTransition {
  const from = computeContractStatus(contract, today);
  const refuse = (reason: string): ContractTransition => ({ ok: false, reason });
  switch (event.type) {
    case "flag":
      if (from === "ACTIVE" || from === "EXPIRING") return { ok: true, to: "FLAGGED_FOR_TERMINATION" };
      if (from === "FLAGGED_FOR_TERMINATION") return refuse("This contract is already flagged for termination.");
      return refuse(`Only a live contract can be flagged for termination; this one is ${STATUS_WORDS[from]}.`);
    case "clearFlag":
      if (from !== "FLAGGED_FOR_TERMINATION") {
        return refuse(`This contract is not flagged for termination; it is ${STATUS_WORDS[from]}.`);
      }
      return { ok: true, to: computeContractStatus({ ...contract, status: "ACTIVE" }, today) };
    case "renew":
      if (from === "ACTIVE" || from === "EXPIRING") return { ok: true, to: "RENEWED" };
      if (from === "FLAGGED_FOR_TERMINATION") {
        return refuse("A contract flagged for termination cannot be renewed; choose an assured alternative.");
      }
      return refuse(`Only a live contract can be renewed; this one is ${STATUS_WORDS[from]}.`);
    case "terminate":
      if (!isLive(from)) {
        return refuse(`Only a live contract can be terminated; this one is ${STATUS_WORDS[from]}.`);
      }
      const dateProblem = terminationDateProblem(event.effectiveOn, contract.endDate, today);
      return dateProblem ? refuse(dateProblem) : { ok: true, to: "TERMINATED" };
  }
}

/**
 * Why `effectiveOn` cannot be the date a contract ending on `endDate` terminates, or null:
 * it must be after today and no later than the end date. Apart from the status machine so
 * a form can check it with its other answers and show every problem at once.
 */
export function terminationDateProblem(effectiveOn: DateOnly, endDate: DateOnly, today: DateOnly): string | null {
  if (effectiveOn <= today) return "The termination date must be in the future.";
  if (effectiveOn > endDate) return `The termination date must be on or before the contract's end date, ${formatNhsDate(endDate)}.`;
  return null;
}

/**
 * Why the buyer cannot start an amendment (a new revision of the call-off) of the contract,
 * or null when they can. Termination applies to every revision (reference/domain.md), so a
 * contract under a termination notice cannot gain recipients or services that would end with
 * it; a flagged one waits for the flag's outcome; an ended one has nothing left to amend.
 * `noticeTerminatesOn` is the latest termination notice's date, if any.
 */
export function amendmentRefusal(
  contract: ContractDates & { terminatedOn: DateOnly | null; noticeTerminatesOn: DateOnly | null },
  today: DateOnly,
): string | null {
  const ending = contract.terminatedOn ?? contract.noticeTerminatesOn;
  if (contract.status === "TERMINATED" || contract.noticeTerminatesOn !== null) {
    if (ending !== null && ending >= today) {
      return `This contract is under a termination notice and ends on ${formatNhsDate(ending)}. Termination applies to every revision of the call-off, so it cannot be amended. Order what you need on a new call-off order instead.`;
    }
    return "This contract has been terminated, so it cannot be amended.";
  }
  const status = computeContractStatus(contract, today);
  if (status === "FLAGGED_FOR_TERMINATION") {
    return "This contract is flagged for termination, so it cannot be amended until the flag is resolved. You can choose an assured alternative instead.";
  }
  if (status !== "ACTIVE" && status !== "EXPIRING") return `Only a live contract can be amended; this one is ${STATUS_WORDS[status]}.`;
  return null;
}

/** What decides whether a contract can be amended (`amendmentRefusal`), from its row and latest termination notice. */
export function amendmentFacts(
  contract: { status: ContractStatus; startDate: Date; endDate: Date; terminatedOn: Date | null },
  notice: { terminatesOn: Date } | null | undefined,
) {
  return {
    status: contract.status,
    startDate: fromDbDate(contract.startDate),
    endDate: fromDbDate(contract.endDate),
    terminatedOn: contract.terminatedOn ? fromDbDate(contract.terminatedOn) : null,
    noticeTerminatesOn: notice ? fromDbDate(notice.terminatesOn) : null,
  };
}
