import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, asDateOnly, daysBetween } from "../dates";
import {
  MAX_PARALLEL_RUN_DAYS,
  SWITCH_LEAD_DAYS,
  earlyEndReasonProblem,
  earlyEndWarning,
  endsInsideInitialPeriod,
  initialPeriodLastDay,
  isOverdue,
  medianDays,
  oldContractLastDay,
  switchDateProblems,
  switchingPlan,
  taskCompletionProblem,
  wonAndLost,
  type CurrentContract,
  type TaskState,
} from "./switch-rules";

const d = asDateOnly;
const today = d("2026-12-03");
const contract: CurrentContract = { callOffId: "C010001", startDate: d("2026-06-01"), lastDay: d("2028-05-31"), initialPeriodMonths: 12 };

describe("the switch date", () => {
  const problems = (switchDate: string, parallelRunDays = 0, c = contract) => switchDateProblems({ switchDate: d(switchDate), parallelRunDays }, c, 36, today);

  it("accepts a date from the lead time to the day after the contract ends", () => {
    expect(problems(addDays(today, SWITCH_LEAD_DAYS))).toEqual({});
    expect(problems("2028-06-01")).toEqual({});
  });

  it("refuses a date in the past, today, or inside the lead time", () => {
    expect(problems("2026-11-30").switchDate).toBe("The switch date must be in the future");
    expect(problems(today).switchDate).toBe("The switch date must be in the future");
    expect(problems(addDays(today, SWITCH_LEAD_DAYS - 1)).switchDate).toBe(
      "The switch date must be 17 Dec 2026 or later, so the current supplier has 14 days to provide the data extract",
    );
  });

  it("lets a contract ending inside the lead time (a termination notice) switch from tomorrow, with no gap", () => {
    const ending = { ...contract, lastDay: addDays(today, 5) };
    expect(problems(addDays(today, 1), 0, ending)).toEqual({});
    expect(problems(addDays(today, 6), 0, ending)).toEqual({});
    expect(problems(addDays(today, 7), 0, ending).switchDate).toMatch(/the day after contract C010001 ends/);
  });

  it("refuses a date that would leave a gap after the contract ends", () => {
    expect(problems("2028-06-02").switchDate).toMatch(/^The switch date must be on or before 1 Jun 2028, the day after contract C010001 ends/);
  });

  it("refuses a date beyond the framework's maximum term from today", () => {
    const long = { ...contract, lastDay: d("2031-01-01") };
    expect(problems(addDays(addMonths(today, 36), 1), 0, long).switchDate).toBe("The switch date must be within the framework's maximum term of 36 months from today");
  });

  it("refuses a date on or before the contract commenced (a contract that has not started yet)", () => {
    const future = { ...contract, startDate: d("2027-03-01") };
    expect(problems("2027-02-01", 0, future).switchDate).toBe("The switch date must be after contract C010001 commenced on 1 Mar 2027");
  });

  it("refuses a parallel run that is negative, fractional, too long or past the contract's end", () => {
    expect(problems("2027-06-01", -1).parallelRunDays).toMatch(/whole number of days from 0 to 90/);
    expect(problems("2027-06-01", 1.5).parallelRunDays).toMatch(/whole number/);
    expect(problems("2027-06-01", MAX_PARALLEL_RUN_DAYS + 1).parallelRunDays).toMatch(/whole number/);
    expect(problems("2028-05-20", 30).parallelRunDays).toBe("Parallel running of 30 days would go past the end of contract C010001 on 31 May 2028");
    expect(problems("2028-05-20", 12)).toEqual({});
  });

  it("property: an accepted date leaves no gap and no unasked overlap", () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 1200 }), fc.integer({ min: -5, max: 120 }), (offset, parallel) => {
        const switchDate = addDays(today, offset);
        const errors = switchDateProblems({ switchDate, parallelRunDays: parallel }, contract, 36, today);
        if (Object.keys(errors).length > 0) return;
        const last = oldContractLastDay(switchDate, parallel);
        expect(switchDate > today).toBe(true);
        expect(last <= contract.lastDay).toBe(true);
        // The new contract starts the day after the old one's last day, unless a parallel run was asked for.
        expect(daysBetween(switchDate, last)).toBe(1 - parallel);
      }),
    );
  });
});

describe("ending inside the initial period", () => {
  it("is early before the initial period's last day", () => {
    expect(initialPeriodLastDay(contract.startDate, 12)).toBe("2027-05-31");
    expect(endsInsideInitialPeriod(contract, d("2027-05-30"))).toBe(true);
    expect(endsInsideInitialPeriod(contract, d("2027-05-31"))).toBe(false);
    expect(earlyEndWarning(contract, d("2027-01-31"))).toBe(
      "Contract C010001 is in its initial period until 31 May 2027. Ending it on 31 Jan 2027 ends it 120 days early: the supplier may claim the costs the call-off terms allow for ending in the initial period, and NHS England commercial staff will see your reason.",
    );
  });

  it("needs a reason only when early, and at most 1,000 characters", () => {
    expect(earlyEndReasonProblem("  ", true)).toBe("Enter why you are ending the contract inside its initial period");
    expect(earlyEndReasonProblem("", false)).toBeNull();
    expect(earlyEndReasonProblem("x".repeat(1001), false)).toBe("The reason must be 1,000 characters or fewer");
    expect(earlyEndReasonProblem("Moving to a single system across the PCN", true)).toBeNull();
  });
});

describe("the switching plan", () => {
  it("has the extract, migration, go-live and the buyer's confirmation, in order, with due dates", () => {
    expect(switchingPlan(d("2027-02-01"), today)).toEqual([
      { kind: "DATA_EXTRACT", owner: "OUTGOING_SUPPLIER", sequence: 1, dueOn: "2027-01-22" },
      { kind: "DATA_MIGRATION", owner: "INCOMING_SUPPLIER", sequence: 2, dueOn: "2027-01-30" },
      { kind: "GO_LIVE", owner: "INCOMING_SUPPLIER", sequence: 3, dueOn: "2027-02-01" },
      { kind: "BUYER_CONFIRMATION", owner: "BUYER", sequence: 4, dueOn: "2027-02-08" },
    ]);
  });

  it("property: due dates never fall before tomorrow and never go backwards", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (offset) => {
        const plan = switchingPlan(addDays(today, offset), today);
        plan.forEach((task, i) => {
          expect(task.dueOn > today).toBe(true);
          if (i > 0) expect(task.dueOn >= plan[i - 1].dueOn).toBe(true);
        });
      }),
    );
  });

  const tasks = (done: number): TaskState[] => switchingPlan(d("2027-02-01"), today).map((t) => ({ ...t, completed: t.sequence <= done }));

  it("lets only a task's owner mark it done, once, after the task before it", () => {
    expect(taskCompletionProblem(tasks(0), "DATA_EXTRACT", "OUTGOING_SUPPLIER")).toBeNull();
    expect(taskCompletionProblem(tasks(0), "DATA_EXTRACT", "INCOMING_SUPPLIER")).toEqual({ status: 403, message: "This task belongs to another party in the switch." });
    expect(taskCompletionProblem(tasks(0), "DATA_MIGRATION", "INCOMING_SUPPLIER")).toEqual({ status: 409, message: "Provide the data extract must be done first." });
    expect(taskCompletionProblem(tasks(1), "DATA_MIGRATION", "INCOMING_SUPPLIER")).toBeNull();
    expect(taskCompletionProblem(tasks(1), "DATA_EXTRACT", "OUTGOING_SUPPLIER")?.status).toBe(409);
    expect(taskCompletionProblem(tasks(3), "BUYER_CONFIRMATION", "BUYER")).toBeNull();
    expect(taskCompletionProblem(tasks(3), "BUYER_CONFIRMATION", "OUTGOING_SUPPLIER")?.status).toBe(403);
  });

  it("calls a task overdue after its due date until it is done", () => {
    expect(isOverdue({ dueOn: d("2026-12-02"), completed: false }, today)).toBe(true);
    expect(isOverdue({ dueOn: today, completed: false }, today)).toBe(false);
    expect(isOverdue({ dueOn: d("2026-12-02"), completed: true }, today)).toBe(false);
  });
});

describe("the switching dashboard's figures", () => {
  it("takes the median of days to go-live", () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([30])).toBe(30);
    expect(medianDays([40, 10, 30])).toBe(30);
    expect(medianDays([10, 20, 31, 41])).toBe(26);
  });

  it("counts switches won and lost per supplier per month", () => {
    const rows = wonAndLost([
      { outgoingSupplier: "Aria", incomingSupplier: "Beacon", month: "2027-01" },
      { outgoingSupplier: "Aria", incomingSupplier: "Beacon", month: "2027-01" },
      { outgoingSupplier: "Beacon", incomingSupplier: "Cobalt", month: "2026-12" },
    ]);
    expect(rows).toEqual([
      { supplier: "Aria", won: 0, lost: 2, months: [{ month: "2027-01", won: 0, lost: 2 }] },
      { supplier: "Beacon", won: 2, lost: 1, months: [{ month: "2026-12", won: 0, lost: 1 }, { month: "2027-01", won: 2, lost: 0 }] },
      { supplier: "Cobalt", won: 1, lost: 0, months: [{ month: "2026-12", won: 1, lost: 0 }] },
    ]);
  });
});
