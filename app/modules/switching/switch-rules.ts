/**
 * The rules of switching a live contract to another supplier, as pure functions: when the
 * switch can happen, what ending the current contract early means, and the switching plan
 * (who does what by when). The server module applies them inside its transactions.
 */
import { addDays, addMonths, daysBetween, formatNhsDate, type DateOnly } from "~/modules/dates";

/** Time the outgoing supplier needs to provide the data extract and the incoming one to load it. */
export const SWITCH_LEAD_DAYS = 14;
/** The longest the buyer may run both systems side by side. */
export const MAX_PARALLEL_RUN_DAYS = 90;
export const EARLY_END_REASON_MAX = 1000;

export type SwitchParty = "OUTGOING_SUPPLIER" | "INCOMING_SUPPLIER" | "BUYER";
export type SwitchTaskKind = "DATA_EXTRACT" | "DATA_MIGRATION" | "GO_LIVE" | "BUYER_CONFIRMATION";

export type CurrentContract = {
  callOffId: string;
  startDate: DateOnly;
  /** The day the contract ends now: its end date, or an earlier termination notice's date. */
  lastDay: DateOnly;
  initialPeriodMonths: number;
};

/** The last day of the contract's initial period (the commencement date plus the months, less a day). */
export function initialPeriodLastDay(startDate: DateOnly, initialPeriodMonths: number): DateOnly {
  return addDays(addMonths(startDate, initialPeriodMonths), -1);
}

/** The old contract's last day for a switch on `switchDate`: the day before, or later by a parallel run. */
export function oldContractLastDay(switchDate: DateOnly, parallelRunDays: number): DateOnly {
  return addDays(switchDate, parallelRunDays - 1);
}

/**
 * The earliest switch date allowed today: after the lead time, unless the contract ends
 * sooner (a termination notice running out): then from tomorrow, so the buyer can still
 * switch without a gap, the data extract being due at once.
 */
export function earliestSwitchDate(today: DateOnly, contractLastDay?: DateOnly): DateOnly {
  const afterLead = addDays(today, SWITCH_LEAD_DAYS);
  return contractLastDay !== undefined && addDays(contractLastDay, 1) < afterLead ? addDays(today, 1) : afterLead;
}

/**
 * Why the switch date (with its parallel run) cannot be used, keyed by field, or an empty
 * object. The date must leave time for the data extract, must not leave a gap after the
 * current contract ends, must be within the framework's maximum term from today, and a
 * parallel run must end by the current contract's last day.
 */
export function switchDateProblems(
  input: { switchDate: DateOnly; parallelRunDays: number },
  contract: CurrentContract,
  frameworkMaximumTermMonths: number,
  today: DateOnly,
): Record<string, string> {
  const { switchDate, parallelRunDays } = input;
  const errors: Record<string, string> = {};
  const latest = addDays(contract.lastDay, 1);
  const earliest = earliestSwitchDate(today, contract.lastDay);
  if (switchDate <= today) errors.switchDate = "The switch date must be in the future";
  else if (switchDate < earliest) {
    errors.switchDate = `The switch date must be ${formatNhsDate(earliest)} or later, so the current supplier has ${SWITCH_LEAD_DAYS} days to provide the data extract`;
  } else if (switchDate <= contract.startDate) {
    errors.switchDate = `The switch date must be after contract ${contract.callOffId} commenced on ${formatNhsDate(contract.startDate)}`;
  } else if (switchDate > addMonths(today, frameworkMaximumTermMonths)) {
    errors.switchDate = `The switch date must be within the framework's maximum term of ${frameworkMaximumTermMonths} months from today`;
  } else if (switchDate > latest) {
    errors.switchDate = `The switch date must be on or before ${formatNhsDate(latest)}, the day after contract ${contract.callOffId} ends, so the service recipients are not left without a system`;
  }
  if (!Number.isInteger(parallelRunDays) || parallelRunDays < 0 || parallelRunDays > MAX_PARALLEL_RUN_DAYS) {
    errors.parallelRunDays = `Parallel running must be a whole number of days from 0 to ${MAX_PARALLEL_RUN_DAYS}`;
  } else if (!errors.switchDate && oldContractLastDay(switchDate, parallelRunDays) > contract.lastDay) {
    errors.parallelRunDays = `Parallel running of ${parallelRunDays} days would go past the end of contract ${contract.callOffId} on ${formatNhsDate(contract.lastDay)}`;
  }
  return errors;
}

/** Whether ending the contract on `lastDay` ends it inside its initial period. */
export function endsInsideInitialPeriod(contract: CurrentContract, lastDay: DateOnly): boolean {
  return lastDay < initialPeriodLastDay(contract.startDate, contract.initialPeriodMonths);
}

/** What the buyer is told before ending the contract inside its initial period. */
export function earlyEndWarning(contract: CurrentContract, lastDay: DateOnly): string {
  const initialEnd = initialPeriodLastDay(contract.startDate, contract.initialPeriodMonths);
  return (
    `Contract ${contract.callOffId} is in its initial period until ${formatNhsDate(initialEnd)}. ` +
    `Ending it on ${formatNhsDate(lastDay)} ends it ${daysBetween(initialEnd, lastDay)} days early: the supplier may claim the costs ` +
    `the call-off terms allow for ending in the initial period, and NHS England commercial staff will see your reason.`
  );
}

/** The reason for ending early: required inside the initial period, at most 1,000 characters. */
export function earlyEndReasonProblem(reason: string, required: boolean): string | null {
  if (required && reason.trim().length === 0) return "Enter why you are ending the contract inside its initial period";
  if (reason.length > EARLY_END_REASON_MAX) return "The reason must be 1,000 characters or fewer";
  return null;
}

export type PlannedTask = { kind: SwitchTaskKind; owner: SwitchParty; sequence: number; dueOn: DateOnly };

/** The steps of every switch, in order: each can be done once the one before it is. */
export const SWITCH_TASKS: readonly { kind: SwitchTaskKind; owner: SwitchParty; daysFromSwitch: number }[] = [
  // The extract comes first, with time for the incoming supplier to load and check it.
  { kind: "DATA_EXTRACT", owner: "OUTGOING_SUPPLIER", daysFromSwitch: -10 },
  { kind: "DATA_MIGRATION", owner: "INCOMING_SUPPLIER", daysFromSwitch: -2 },
  { kind: "GO_LIVE", owner: "INCOMING_SUPPLIER", daysFromSwitch: 0 },
  // The buyer confirms once the practices have worked on the new system for a week.
  { kind: "BUYER_CONFIRMATION", owner: "BUYER", daysFromSwitch: 7 },
];

/** The switching plan's tasks for a switch on `switchDate`, due no earlier than tomorrow. */
export function switchingPlan(switchDate: DateOnly, today: DateOnly): PlannedTask[] {
  const tomorrow = addDays(today, 1);
  return SWITCH_TASKS.map((task, index) => {
    const due = addDays(switchDate, task.daysFromSwitch);
    return { kind: task.kind, owner: task.owner, sequence: index + 1, dueOn: due < tomorrow ? tomorrow : due };
  });
}

export type TaskState = { kind: SwitchTaskKind; owner: SwitchParty; sequence: number; dueOn: DateOnly; completed: boolean };

/**
 * Why `party` cannot mark the task done, or null: only its owner can, once, and only after
 * the task before it (the migration needs the extract; go-live the migration).
 */
export function taskCompletionProblem(tasks: readonly TaskState[], kind: SwitchTaskKind, party: SwitchParty): { status: 403 | 409; message: string } | null {
  const task = tasks.find((t) => t.kind === kind);
  if (!task || task.owner !== party) return { status: 403, message: "This task belongs to another party in the switch." };
  if (task.completed) return { status: 409, message: "This task has already been marked as done." };
  const before = tasks.filter((t) => t.sequence < task.sequence && !t.completed).sort((a, b) => a.sequence - b.sequence)[0];
  if (before) return { status: 409, message: `${TASK_TEXT[before.kind].title} must be done first.` };
  return null;
}

export const isOverdue = (task: { dueOn: DateOnly; completed: boolean }, today: DateOnly) => !task.completed && task.dueOn < today;

export const PARTY_TEXT: Record<SwitchParty, string> = {
  OUTGOING_SUPPLIER: "Current supplier",
  INCOMING_SUPPLIER: "New supplier",
  BUYER: "Buyer",
};

/** What each task asks, in the words of the standards (S43 GP2GP, S26 Data Migration). */
export const TASK_TEXT: Record<SwitchTaskKind, { title: string; description: string; done: string }> = {
  DATA_EXTRACT: {
    title: "Provide the data extract",
    description:
      "Send every service recipient's patient records to the new supplier through GP2GP (standard S43), and the rest of the practice data (appointments, templates, audit trails) in the migration format the Data Migration standard (S26) names.",
    done: "I confirm the data extract has been provided",
  },
  DATA_MIGRATION: {
    title: "Confirm the data migration",
    description: "Load and check the extract: record counts match, and the practices have signed off a sample of migrated records.",
    done: "I confirm the data migration is complete",
  },
  GO_LIVE: {
    title: "Confirm go-live",
    description: "The new system is live at every service recipient, with staff trained and the old system read-only.",
    done: "I confirm the service recipients are live",
  },
  BUYER_CONFIRMATION: {
    title: "Confirm the switch is complete",
    description: "The practices are working on the new system and nothing is missing from the migrated records.",
    done: "I confirm the switch is complete",
  },
};

/** The median of whole days (a switch's request to its go-live), or null with none. */
export function medianDays(days: readonly number[]): number | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

export type SwitchOutcome = { outgoingSupplier: string; incomingSupplier: string; month: string };

/**
 * Switches won (as the new supplier) and lost (as the outgoing one) per supplier per month
 * ("2027-01"), suppliers by name, months oldest first.
 */
export function wonAndLost(switches: readonly SwitchOutcome[]): { supplier: string; months: { month: string; won: number; lost: number }[]; won: number; lost: number }[] {
  const bySupplier = new Map<string, Map<string, { won: number; lost: number }>>();
  const cell = (supplier: string, month: string) => {
    const months = bySupplier.get(supplier) ?? new Map<string, { won: number; lost: number }>();
    bySupplier.set(supplier, months);
    const counts = months.get(month) ?? { won: 0, lost: 0 };
    months.set(month, counts);
    return counts;
  };
  for (const s of switches) {
    cell(s.incomingSupplier, s.month).won++;
    cell(s.outgoingSupplier, s.month).lost++;
  }
  return [...bySupplier.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([supplier, months]) => {
      const rows = [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, c]) => ({ month, ...c }));
      return { supplier, months: rows, won: rows.reduce((n, r) => n + r.won, 0), lost: rows.reduce((n, r) => n + r.lost, 0) };
    });
}
