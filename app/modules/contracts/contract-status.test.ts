import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, asDateOnly, contractEndDate, daysBetween, type DateOnly } from "../dates";
import {
  amendmentRefusal,
  CONTRACT_STATUSES,
  computeContractStatus,
  contractStatusText,
  dueReminder,
  isLive,
  reminderDaysFor,
  runsUntilTermination,
  transitionContract,
  valueUntil,
  type ContractDates,
  type ContractStatus,
} from "./contract-status";

const d = asDateOnly;

// A 36-month contract from 1 Apr 2026 to 31 Mar 2029.
const startDate = d("2026-04-01");
const endDate = d("2029-03-31");
const contract = (status: ContractStatus = "ACTIVE", overrides: Partial<ContractDates> = {}) => ({
  status,
  startDate,
  endDate,
  ...overrides,
});
const daysBefore = (end: DateOnly, n: number) => addDays(end, -n);

describe("reminderDaysFor", () => {
  it("uses 90 and 45 days for contracts of 3 months or more", () => {
    expect(reminderDaysFor(startDate, endDate)).toEqual([90, 45]);
    expect(reminderDaysFor(d("2026-01-01"), d("2026-03-31"))).toEqual([90, 45]); // exactly 3 months
    expect(reminderDaysFor(d("2026-01-31"), contractEndDate(d("2026-01-31"), 3))).toEqual([90, 45]);
  });

  it("uses 30 and 14 days for contracts shorter than 3 months", () => {
    expect(reminderDaysFor(d("2026-01-01"), d("2026-03-30"))).toEqual([30, 14]); // a day short
    expect(reminderDaysFor(d("2026-01-01"), d("2026-01-31"))).toEqual([30, 14]);
    expect(reminderDaysFor(d("2026-01-31"), contractEndDate(d("2026-01-31"), 2))).toEqual([30, 14]);
  });
});

describe("dueReminder", () => {
  it("sends nothing before 90 days", () => {
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 91), [])).toBeNull();
  });

  it("sends each reminder on its exact day, once", () => {
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 90), [])).toBe(90);
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 89), [90])).toBeNull();
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 46), [90])).toBeNull();
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 45), [90])).toBe(45);
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 44), [90, 45])).toBeNull();
    expect(dueReminder(endDate, startDate, endDate, [90, 45])).toBeNull();
  });

  it("sends only the most urgent after missed days", () => {
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 40), [])).toBe(45);
    expect(dueReminder(endDate, startDate, daysBefore(endDate, 40), [45])).toBeNull();
  });

  it("sends nothing after the end date", () => {
    expect(dueReminder(endDate, startDate, addDays(endDate, 1), [])).toBeNull();
  });

  it("uses 30 and 14 days for a short contract", () => {
    const shortStart = d("2026-10-01");
    const shortEnd = d("2026-11-30");
    expect(dueReminder(shortEnd, shortStart, daysBefore(shortEnd, 31), [])).toBeNull();
    expect(dueReminder(shortEnd, shortStart, daysBefore(shortEnd, 30), [])).toBe(30);
    expect(dueReminder(shortEnd, shortStart, daysBefore(shortEnd, 14), [30])).toBe(14);
    expect(dueReminder(shortEnd, shortStart, daysBefore(shortEnd, 10), [30, 14])).toBeNull();
  });

  it("counts days across the October clock change", () => {
    const end = d("2026-11-08"); // 14 days after 25 Oct
    const start = d("2026-09-20");
    expect(dueReminder(end, start, d("2026-10-25"), [30])).toBe(14);
    expect(dueReminder(end, start, d("2026-10-24"), [30])).toBeNull();
  });

  it("a daily job sends each reminder exactly once, in order", () => {
    const dayArb = fc.integer({ min: 0, max: 2000 }).map((n) => addDays(d("2026-01-01"), n));
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 36 }), (start, months) => {
        const end = contractEndDate(start, months);
        const sent: number[] = [];
        for (let today = start; today <= addDays(end, 5); today = addDays(today, 1)) {
          const reminder = dueReminder(end, start, today, sent);
          if (reminder !== null) sent.push(reminder);
        }
        // A reminder whose day falls before the start collapses into one on the first day.
        const leadAtStart = daysBetween(end, start);
        const thresholds = reminderDaysFor(start, end);
        const dueAtStart = thresholds.filter((days) => leadAtStart <= days);
        const expected = [
          ...(dueAtStart.length > 0 ? [dueAtStart[dueAtStart.length - 1]] : []),
          ...thresholds.filter((days) => days < leadAtStart),
        ];
        expect(sent).toEqual(expected);
        if (months >= 4) expect(sent).toEqual([90, 45]);
      }),
    );
  });
});

describe("isLive", () => {
  it.each<[ContractStatus, boolean]>([
    ["ACTIVE", true],
    ["EXPIRING", true],
    ["FLAGGED_FOR_TERMINATION", true],
    ["EXPIRED", false],
    ["RENEWED", false],
    ["TERMINATED", false],
  ])("%s → %s", (status, live) => {
    expect(isLive(status)).toBe(live);
  });
});

describe("runsUntilTermination", () => {
  const today = d("2026-06-15");
  it.each<[ContractStatus, DateOnly | null, boolean]>([
    ["TERMINATED", d("2026-09-15"), true],
    ["TERMINATED", today, true], // the last day it runs
    ["TERMINATED", d("2026-06-14"), false],
    ["TERMINATED", null, false],
    ["FLAGGED_FOR_TERMINATION", d("2026-09-15"), false],
    ["EXPIRED", d("2026-09-15"), false],
  ])("%s ending %s → %s", (status, terminatedOn, runs) => {
    expect(runsUntilTermination({ status, terminatedOn }, today)).toBe(runs);
  });
});

describe("contract states read true", () => {
  it("reads 'Ends on … (termination notice)' while the notice runs, and nothing special once it has ended", () => {
    const terminated = { status: "TERMINATED" as const, terminatedOn: d("2027-03-02") };
    expect(contractStatusText(terminated, d("2026-12-03"))).toBe("Ends on 2 Mar 2027 (termination notice)");
    expect(contractStatusText(terminated, d("2027-03-02"))).toBe("Ends on 2 Mar 2027 (termination notice)");
    expect(contractStatusText(terminated, d("2027-03-03"))).toBeNull();
    expect(contractStatusText({ status: "ACTIVE", terminatedOn: null }, d("2026-12-03"))).toBeNull();
  });

  it("values a contract to its last day pro rata, never more than its whole value or less than nothing", () => {
    // 1 Apr 2026 to 31 Mar 2029 is 1,096 days; ending after 365 of them is worth 365/1,096.
    expect(valueUntil(1_096_000n, { startDate, endDate }, d("2027-03-31"))).toBe(365_000n);
    expect(valueUntil(1_096_000n, { startDate, endDate }, endDate)).toBe(1_096_000n);
    expect(valueUntil(1_096_000n, { startDate, endDate }, d("2030-01-01"))).toBe(1_096_000n);
    expect(valueUntil(1_096_000n, { startDate, endDate }, d("2026-01-01"))).toBe(0n);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1200 }), fc.bigInt({ min: 0n, max: 10n ** 15n }), (day, total) => {
        const value = valueUntil(total, { startDate, endDate }, addDays(startDate, day));
        return value >= 0n && value <= total;
      }),
    );
  });
});

describe("computeContractStatus", () => {
  it("is ACTIVE outside the reminder window, including before it starts", () => {
    expect(computeContractStatus(contract(), d("2026-01-01"))).toBe("ACTIVE");
    expect(computeContractStatus(contract(), daysBefore(endDate, 91))).toBe("ACTIVE");
  });

  it("is EXPIRING from 90 days before the end to the end date", () => {
    expect(computeContractStatus(contract(), daysBefore(endDate, 90))).toBe("EXPIRING");
    expect(computeContractStatus(contract(), endDate)).toBe("EXPIRING");
  });

  it("is EXPIRED from the day after the end date", () => {
    expect(computeContractStatus(contract(), addDays(endDate, 1))).toBe("EXPIRED");
    expect(computeContractStatus(contract("EXPIRING"), addDays(endDate, 1))).toBe("EXPIRED");
  });

  it("uses the 30-day window for short contracts", () => {
    const short = contract("ACTIVE", { startDate: d("2026-10-01"), endDate: d("2026-11-30") });
    expect(computeContractStatus(short, d("2026-10-30"))).toBe("ACTIVE"); // 31 days left
    expect(computeContractStatus(short, d("2026-10-31"))).toBe("EXPIRING"); // 30 days left
  });

  it("recomputes a stale EXPIRING from the dates", () => {
    expect(computeContractStatus(contract("EXPIRING"), d("2027-01-01"))).toBe("ACTIVE");
  });

  it("keeps a flag until the contract runs out", () => {
    expect(computeContractStatus(contract("FLAGGED_FOR_TERMINATION"), d("2027-01-01"))).toBe(
      "FLAGGED_FOR_TERMINATION",
    );
    expect(computeContractStatus(contract("FLAGGED_FOR_TERMINATION"), daysBefore(endDate, 10))).toBe(
      "FLAGGED_FOR_TERMINATION",
    );
    expect(computeContractStatus(contract("FLAGGED_FOR_TERMINATION"), addDays(endDate, 1))).toBe(
      "EXPIRED",
    );
  });

  it("never changes a final status", () => {
    for (const status of ["EXPIRED", "RENEWED", "TERMINATED"] as const) {
      expect(computeContractStatus(contract(status), d("2026-05-01"))).toBe(status);
      expect(computeContractStatus(contract(status), d("2035-05-01"))).toBe(status);
    }
  });

  it("is monotonic as today advances", () => {
    const rank: Record<ContractStatus, number> = {
      ACTIVE: 0,
      EXPIRING: 1,
      FLAGGED_FOR_TERMINATION: 1,
      EXPIRED: 2,
      RENEWED: 2,
      TERMINATED: 2,
    };
    const dayArb = fc.integer({ min: 0, max: 2000 }).map((n) => addDays(d("2026-01-01"), n));
    fc.assert(
      fc.property(
        fc.constantFrom(...CONTRACT_STATUSES),
        dayArb,
        fc.integer({ min: 1, max: 36 }),
        dayArb,
        fc.integer({ min: 0, max: 500 }),
        (status, start, months, today, step) => {
          const c = { status, startDate: start, endDate: contractEndDate(start, months) };
          const before = computeContractStatus(c, today);
          const after = computeContractStatus(c, addDays(today, step));
          return rank[after] >= rank[before] && (before !== "FLAGGED_FOR_TERMINATION" || after !== "EXPIRING");
        },
      ),
    );
  });
});

describe("transitionContract", () => {
  const today = d("2027-06-01");
  const expiringToday = daysBefore(endDate, 30);

  describe("flag", () => {
    it("flags active and expiring contracts", () => {
      expect(transitionContract(contract(), { type: "flag" }, today)).toEqual({
        ok: true,
        to: "FLAGGED_FOR_TERMINATION",
      });
      expect(transitionContract(contract("EXPIRING"), { type: "flag" }, expiringToday)).toEqual({
        ok: true,
        to: "FLAGGED_FOR_TERMINATION",
      });
    });

    it("refuses a contract that is not live, or already flagged", () => {
      for (const status of ["EXPIRED", "RENEWED", "TERMINATED", "FLAGGED_FOR_TERMINATION"] as const) {
        const result = transitionContract(contract(status), { type: "flag" }, today);
        expect(result.ok).toBe(false);
      }
      expect(transitionContract(contract("FLAGGED_FOR_TERMINATION"), { type: "flag" }, today)).toEqual({
        ok: false,
        reason: "This contract is already flagged for termination.",
      });
    });

    it("refuses a stored ACTIVE contract whose end date has passed", () => {
      expect(transitionContract(contract("ACTIVE"), { type: "flag" }, addDays(endDate, 1))).toEqual({
        ok: false,
        reason: "Only a live contract can be flagged for termination; this one is expired.",
      });
    });
  });

  describe("clearFlag", () => {
    const flagged = contract("FLAGGED_FOR_TERMINATION");

    it("returns to ACTIVE or EXPIRING from the dates", () => {
      expect(transitionContract(flagged, { type: "clearFlag" }, today)).toEqual({ ok: true, to: "ACTIVE" });
      expect(transitionContract(flagged, { type: "clearFlag" }, expiringToday)).toEqual({
        ok: true,
        to: "EXPIRING",
      });
    });

    it("refuses a contract that is not flagged", () => {
      for (const status of ["ACTIVE", "EXPIRING", "EXPIRED", "RENEWED", "TERMINATED"] as const) {
        expect(transitionContract(contract(status), { type: "clearFlag" }, today).ok).toBe(false);
      }
    });
  });

  describe("renew", () => {
    it("renews live, unflagged contracts", () => {
      expect(transitionContract(contract(), { type: "renew" }, today)).toEqual({ ok: true, to: "RENEWED" });
      expect(transitionContract(contract(), { type: "renew" }, expiringToday)).toEqual({
        ok: true,
        to: "RENEWED",
      });
    });

    it("refuses flagged and finished contracts", () => {
      expect(transitionContract(contract("FLAGGED_FOR_TERMINATION"), { type: "renew" }, today)).toEqual({
        ok: false,
        reason: "A contract flagged for termination cannot be renewed; choose an assured alternative.",
      });
      for (const status of ["EXPIRED", "RENEWED", "TERMINATED"] as const) {
        expect(transitionContract(contract(status), { type: "renew" }, today).ok).toBe(false);
      }
      expect(transitionContract(contract(), { type: "renew" }, addDays(endDate, 1)).ok).toBe(false);
    });
  });

  describe("terminate", () => {
    const tomorrow = addDays(today, 1);

    it("terminates any live contract from a future date", () => {
      for (const status of ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] as const) {
        expect(transitionContract(contract(status), { type: "terminate", effectiveOn: tomorrow }, today)).toEqual({
          ok: true,
          to: "TERMINATED",
        });
      }
      expect(
        transitionContract(contract(), { type: "terminate", effectiveOn: endDate }, today),
      ).toEqual({ ok: true, to: "TERMINATED" });
    });

    it("refuses today or a past date", () => {
      expect(transitionContract(contract(), { type: "terminate", effectiveOn: today }, today)).toEqual({
        ok: false,
        reason: "The termination date must be in the future.",
      });
      expect(
        transitionContract(contract(), { type: "terminate", effectiveOn: addDays(today, -1) }, today).ok,
      ).toBe(false);
    });

    it("refuses a date after the contract ends", () => {
      expect(
        transitionContract(contract(), { type: "terminate", effectiveOn: addDays(endDate, 1) }, today),
      ).toEqual({
        ok: false,
        reason: "The termination date must be on or before the contract's end date, 31 Mar 2029.",
      });
    });

    it("refuses contracts that are not live", () => {
      for (const status of ["EXPIRED", "RENEWED", "TERMINATED"] as const) {
        const result = transitionContract(contract(status), { type: "terminate", effectiveOn: tomorrow }, today);
        expect(result.ok).toBe(false);
      }
    });
  });

  it("never leaves a final status", () => {
    const events = [
      { type: "flag" },
      { type: "clearFlag" },
      { type: "renew" },
      { type: "terminate", effectiveOn: addDays(today, 10) },
    ] as const;
    for (const status of ["EXPIRED", "RENEWED", "TERMINATED"] as const) {
      for (const event of events) {
        const result = transitionContract(contract(status), event, today);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain(status === "EXPIRED" ? "expired" : status.toLowerCase());
      }
    }
  });
});

describe("amendmentRefusal", () => {
  const today = "2026-06-01" as DateOnly;
  const live = { status: "ACTIVE" as const, startDate: "2026-01-01" as DateOnly, endDate: "2027-12-31" as DateOnly, terminatedOn: null, noticeTerminatesOn: null };

  it("lets a live contract be amended", () => {
    expect(amendmentRefusal(live, today)).toBeNull();
    expect(amendmentRefusal({ ...live, endDate: "2026-07-01" as DateOnly }, today)).toBeNull();
  });

  it("refuses a contract under a termination notice, saying when it ends and why", () => {
    const reason = amendmentRefusal({ ...live, status: "TERMINATED", terminatedOn: "2026-07-15" as DateOnly }, today);
    expect(reason).toMatch(/under a termination notice and ends on 15 Jul 2026/);
    expect(reason).toMatch(/applies to every revision/);
    // A notice recorded while the stored status lags behind still counts.
    expect(amendmentRefusal({ ...live, noticeTerminatesOn: "2026-06-02" as DateOnly }, today)).toMatch(/ends on 2 Jun 2026/);
  });

  it("refuses a terminated, flagged, expired or renewed contract", () => {
    expect(amendmentRefusal({ ...live, status: "TERMINATED", terminatedOn: "2026-05-31" as DateOnly }, today)).toBe("This contract has been terminated, so it cannot be amended.");
    expect(amendmentRefusal({ ...live, status: "FLAGGED_FOR_TERMINATION" }, today)).toMatch(/flagged for termination/);
    expect(amendmentRefusal({ ...live, endDate: "2026-05-31" as DateOnly }, today)).toBe("Only a live contract can be amended; this one is expired.");
    expect(amendmentRefusal({ ...live, status: "RENEWED" }, today)).toBe("Only a live contract can be amended; this one is renewed.");
  });
});
