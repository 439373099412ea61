import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  asDateOnly,
  contractEndDate,
  dateOnlyFromParts,
  daysBetween,
  formatNhsDate,
  fromDbDate,
  isNotMoreThanMonthsInPast,
  isWorkingDay,
  londonDateOf,
  londonToday,
  parseDateOnly,
  toDbDate,
  workingDaysBetween,
  type DateOnly,
} from "./dates";

const d = asDateOnly;

/** Any day from 1900 to 2199, as a DateOnly. */
const dateArb = fc
  .integer({ min: 0, max: 300 * 365 })
  .map((n) => addDays(d("1900-01-01"), n));

describe("parseDateOnly", () => {
  it("accepts real calendar days", () => {
    expect(parseDateOnly("2026-11-02")).toBe("2026-11-02");
    expect(parseDateOnly("2028-02-29")).toBe("2028-02-29");
    expect(parseDateOnly("2000-02-29")).toBe("2000-02-29");
    expect(parseDateOnly("2026-12-31")).toBe("2026-12-31");
  });

  it.each([
    "2026-02-31",
    "2026-02-29", // 2026 is not a leap year
    "1900-02-29", // century, not divisible by 400
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-1-5",
    "26-01-05",
    "2026-01-05T00:00:00Z",
    " 2026-01-05",
    "0000-01-01",
    "",
    "not a date",
  ])("rejects %j", (input) => {
    expect(parseDateOnly(input)).toBeNull();
  });

  it("round-trips every valid day", () => {
    fc.assert(fc.property(dateArb, (date) => parseDateOnly(date) === date));
  });

  it("never throws on arbitrary strings and only returns well-formed days", () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parseDateOnly(input);
        return result === null || (/^\d{4}-\d{2}-\d{2}$/.test(result) && result === input);
      }),
    );
  });
});

describe("dateOnlyFromParts", () => {
  it("builds a day from NHS date input fields", () => {
    expect(dateOnlyFromParts(2026, 3, 9)).toBe("2026-03-09");
  });

  it("rejects impossible or non-integer parts", () => {
    expect(dateOnlyFromParts(2026, 2, 29)).toBeNull();
    expect(dateOnlyFromParts(2024, 2, 30)).toBeNull();
    expect(dateOnlyFromParts(2026, 1.5, 1)).toBeNull();
    expect(dateOnlyFromParts(Number.NaN, 1, 1)).toBeNull();
    expect(dateOnlyFromParts(10000, 1, 1)).toBeNull();
  });
});

describe("asDateOnly", () => {
  it("throws on an impossible date", () => {
    expect(() => asDateOnly("2026-02-31")).toThrow(RangeError);
  });
});

describe("londonDateOf / londonToday", () => {
  it("uses GMT in winter", () => {
    expect(londonDateOf(new Date("2026-01-15T23:59:59.999Z"))).toBe("2026-01-15");
    expect(londonDateOf(new Date("2026-01-16T00:00:00.000Z"))).toBe("2026-01-16");
  });

  it("uses BST in summer: 23:00 UTC is already the next London day", () => {
    expect(londonDateOf(new Date("2027-06-30T22:59:59.999Z"))).toBe("2027-06-30");
    expect(londonDateOf(new Date("2027-06-30T23:00:00.000Z"))).toBe("2027-07-01");
  });

  it("is not shifted by clocks going forward on 29 Mar 2026", () => {
    // Clocks go forward at 01:00 GMT: 00:59 GMT and 02:00 BST are both 29 March.
    expect(londonDateOf(new Date("2026-03-28T23:59:59.999Z"))).toBe("2026-03-28");
    expect(londonDateOf(new Date("2026-03-29T00:00:00.000Z"))).toBe("2026-03-29");
    expect(londonDateOf(new Date("2026-03-29T01:00:00.000Z"))).toBe("2026-03-29");
    expect(londonDateOf(new Date("2026-03-29T22:59:59.999Z"))).toBe("2026-03-29");
    expect(londonDateOf(new Date("2026-03-29T23:00:00.000Z"))).toBe("2026-03-30");
  });

  it("is not shifted by clocks going back on 25 Oct 2026", () => {
    // 25 Oct starts at 23:00 UTC on the 24th (BST) and ends at 24:00 UTC (GMT): a 25-hour day.
    expect(londonDateOf(new Date("2026-10-24T22:59:59.999Z"))).toBe("2026-10-24");
    expect(londonDateOf(new Date("2026-10-24T23:00:00.000Z"))).toBe("2026-10-25");
    expect(londonDateOf(new Date("2026-10-25T00:30:00.000Z"))).toBe("2026-10-25");
    expect(londonDateOf(new Date("2026-10-25T01:30:00.000Z"))).toBe("2026-10-25");
    expect(londonDateOf(new Date("2026-10-25T23:59:59.999Z"))).toBe("2026-10-25");
    expect(londonDateOf(new Date("2026-10-26T00:00:00.000Z"))).toBe("2026-10-26");
  });

  it("gives each instant its own day when asked again and again either side of midnight", () => {
    // The day is kept for the minute asked about: the minute before midnight must not lend it to the one after.
    for (const [before, after] of [
      ["2026-01-15T23:59:59.999Z", "2026-01-16T00:00:00.000Z"],
      ["2027-06-30T22:59:00.000Z", "2027-06-30T23:00:00.000Z"],
      ["2026-10-24T22:59:30.000Z", "2026-10-24T23:00:30.000Z"],
    ]) {
      const days = [before, after, before, before, after, after].map((instant) => londonDateOf(new Date(instant)));
      const [dayBefore, dayAfter] = days;
      expect(dayAfter).not.toBe(dayBefore);
      expect(days).toEqual([dayBefore, dayAfter, dayBefore, dayBefore, dayAfter, dayAfter]);
    }
    expect(londonDateOf(new Date("2026-10-24T22:59:59.999Z"))).toBe("2026-10-24");
    expect(londonDateOf(new Date("2026-10-24T22:59:00.000Z"))).toBe("2026-10-24");
    expect(londonDateOf(new Date("2026-10-24T23:00:00.000Z"))).toBe("2026-10-25");
  });

  it("londonToday reads the given clock", () => {
    expect(londonToday(new Date("2026-07-31T23:30:00Z"))).toBe("2026-08-01");
    expect(parseDateOnly(londonToday())).not.toBeNull();
  });

  it("rejects an invalid Date", () => {
    expect(() => londonDateOf(new Date("nope"))).toThrow(RangeError);
  });
});

describe("fromDbDate / toDbDate", () => {
  it("reads and writes UTC midnight, whatever the season", () => {
    expect(toDbDate(d("2026-07-01")).toISOString()).toBe("2026-07-01T00:00:00.000Z");
    expect(fromDbDate(new Date("2026-07-01T00:00:00.000Z"))).toBe("2026-07-01");
    expect(fromDbDate(new Date("2026-10-25T00:00:00.000Z"))).toBe("2026-10-25");
  });

  it("round-trips", () => {
    fc.assert(fc.property(dateArb, (date) => fromDbDate(toDbDate(date)) === date));
  });
});

describe("addDays", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays(d("2026-01-31"), 1)).toBe("2026-02-01");
    expect(addDays(d("2026-12-31"), 1)).toBe("2027-01-01");
    expect(addDays(d("2028-02-28"), 1)).toBe("2028-02-29");
    expect(addDays(d("2027-02-28"), 1)).toBe("2027-03-01");
    expect(addDays(d("2026-03-01"), -1)).toBe("2026-02-28");
    expect(addDays(d("2026-11-02"), 0)).toBe("2026-11-02");
  });

  it("is unaffected by clock changes", () => {
    expect(addDays(d("2026-03-28"), 1)).toBe("2026-03-29");
    expect(addDays(d("2026-03-29"), 1)).toBe("2026-03-30");
    expect(addDays(d("2026-10-24"), 1)).toBe("2026-10-25");
    expect(addDays(d("2026-10-25"), 1)).toBe("2026-10-26");
  });

  it("rejects fractional days", () => {
    expect(() => addDays(d("2026-01-01"), 0.5)).toThrow(RangeError);
  });

  it("agrees with the platform's UTC calendar", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        const expected = new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return addDays(date, n) === expected;
      }),
    );
  });
});

describe("addMonths", () => {
  it("clamps to the end of a shorter month", () => {
    expect(addMonths(d("2026-01-31"), 1)).toBe("2026-02-28");
    expect(addMonths(d("2028-01-31"), 1)).toBe("2028-02-29");
    expect(addMonths(d("2026-03-31"), 1)).toBe("2026-04-30");
    expect(addMonths(d("2028-02-29"), 12)).toBe("2029-02-28");
    expect(addMonths(d("2026-05-31"), -3)).toBe("2026-02-28");
  });

  it("keeps the day when the target month has it", () => {
    expect(addMonths(d("2026-01-15"), 1)).toBe("2026-02-15");
    expect(addMonths(d("2026-11-02"), 2)).toBe("2027-01-02");
    expect(addMonths(d("2026-02-28"), 1)).toBe("2026-03-28");
    expect(addMonths(d("2026-01-15"), -1)).toBe("2025-12-15");
    expect(addMonths(d("2026-04-01"), 36)).toBe("2029-04-01");
  });

  it("never lands more than one month's length away and keeps day ≤ original", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -240, max: 240 }), (date, n) => {
        const result = addMonths(date, n);
        const [y, m, day] = date.split("-").map(Number);
        const [ry, rm, rday] = result.split("-").map(Number);
        return ry * 12 + rm - (y * 12 + m) === n && rday <= day && (rday === day || rday >= 28);
      }),
    );
  });
});

describe("daysBetween", () => {
  it("counts whole days, later minus earlier", () => {
    expect(daysBetween(d("2026-11-02"), d("2026-11-01"))).toBe(1);
    expect(daysBetween(d("2026-11-01"), d("2026-11-02"))).toBe(-1);
    expect(daysBetween(d("2026-11-02"), d("2026-11-02"))).toBe(0);
    expect(daysBetween(d("2027-01-01"), d("2026-01-01"))).toBe(365);
    expect(daysBetween(d("2029-01-01"), d("2028-01-01"))).toBe(366);
  });

  it("counts a clock-change day as one day", () => {
    expect(daysBetween(d("2026-03-30"), d("2026-03-28"))).toBe(2);
    expect(daysBetween(d("2026-10-26"), d("2026-10-24"))).toBe(2);
    expect(daysBetween(d("2026-12-31"), d("2026-01-01"))).toBe(364);
  });

  it("inverts addDays", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -20000, max: 20000 }), (date, n) => {
        return daysBetween(addDays(date, n), date) === n;
      }),
    );
  });

  it("orders the same way as string comparison", () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => Math.sign(daysBetween(a, b)) === Math.sign(a.localeCompare(b))),
    );
  });
});

describe("formatNhsDate", () => {
  it.each<[string, string]>([
    ["2026-11-02", "2 Nov 2026"],
    ["2027-06-30", "30 Jun 2027"],
    ["2027-01-15", "15 Jan 2027"],
    ["2026-09-01", "1 Sep 2026"],
    ["2028-02-29", "29 Feb 2028"],
  ])("%s → %s", (input, expected) => {
    expect(formatNhsDate(d(input))).toBe(expected);
  });
});

describe("contractEndDate", () => {
  it("is commencement + maximum term − 1 day", () => {
    expect(contractEndDate(d("2026-04-01"), 36)).toBe("2029-03-31");
    expect(contractEndDate(d("2026-01-01"), 12)).toBe("2026-12-31");
    expect(contractEndDate(d("2026-11-02"), 3)).toBe("2027-02-01");
    expect(contractEndDate(d("2027-03-01"), 12)).toBe("2028-02-29");
  });

  it("clamps month ends before subtracting the day", () => {
    // 31 Jan + 1 month = 28 Feb, less a day.
    expect(contractEndDate(d("2026-01-31"), 1)).toBe("2026-02-27");
    expect(contractEndDate(d("2028-01-31"), 1)).toBe("2028-02-28");
  });

  it("rejects a term under a month", () => {
    expect(() => contractEndDate(d("2026-01-01"), 0)).toThrow(RangeError);
    expect(() => contractEndDate(d("2026-01-01"), 1.5)).toThrow(RangeError);
  });

  it("always ends after commencement and before the next term would start", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 36 }), (start, term) => {
        const end = contractEndDate(start, term);
        return end >= start && end < addMonths(start, term);
      }),
    );
  });
});

describe("isNotMoreThanMonthsInPast", () => {
  const today = d("2026-05-31");

  it("allows exactly three months ago, and later", () => {
    expect(isNotMoreThanMonthsInPast(d("2026-02-28"), today, 3)).toBe(true);
    expect(isNotMoreThanMonthsInPast(d("2026-05-31"), today, 3)).toBe(true);
    expect(isNotMoreThanMonthsInPast(d("2026-12-01"), today, 3)).toBe(true);
  });

  it("rejects the day before that", () => {
    expect(isNotMoreThanMonthsInPast(d("2026-02-27"), today, 3)).toBe(false);
    expect(isNotMoreThanMonthsInPast(d("2025-01-01"), today, 3)).toBe(false);
  });

  it("measures from a mid-month today", () => {
    const mid = d("2026-11-02");
    expect(isNotMoreThanMonthsInPast(d("2026-08-02"), mid, 3)).toBe(true);
    expect(isNotMoreThanMonthsInPast(d("2026-08-01"), mid, 3)).toBe(false);
  });

  it("is monotonic: a later date is never more in the past", () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.integer({ min: 0, max: 400 }), (today2, date, n) => {
        const later: DateOnly = addDays(date, n);
        return !isNotMoreThanMonthsInPast(date, today2, 3) || isNotMoreThanMonthsInPast(later, today2, 3);
      }),
    );
  });
});

describe("working days", () => {

  it("knows England and Wales bank holidays by their rules", () => {
    // gov.uk/bank-holidays for 2026 and 2027.
    const holidays2026 = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"];
    const holidays2027 = ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"];
    for (const day of [...holidays2026, ...holidays2027]) expect(isWorkingDay(d(day)), day).toBe(false);
    // Christmas on a Sunday (2022): Boxing Day Monday 26th, substitute Christmas Tuesday 27th.
    expect(isWorkingDay(d("2022-12-26"))).toBe(false);
    expect(isWorkingDay(d("2022-12-27"))).toBe(false);
    expect(isWorkingDay(d("2022-12-28"))).toBe(true);
    // New Year's Day on a Saturday (2028): Monday 3 January instead.
    expect(isWorkingDay(d("2028-01-03"))).toBe(false);
    expect(isWorkingDay(d("2026-12-29"))).toBe(true);
  });

  it("counts the working days after the first day up to and including the last", () => {
    expect(workingDaysBetween(d("2026-11-27"), d("2026-11-30"))).toBe(1); // Friday → Monday
    expect(workingDaysBetween(d("2026-11-30"), d("2026-12-07"))).toBe(5);
    expect(workingDaysBetween(d("2026-12-24"), d("2026-12-29"))).toBe(1); // 25th and 28th are holidays
    expect(workingDaysBetween(d("2026-12-07"), d("2026-12-07"))).toBe(0);
    expect(workingDaysBetween(d("2026-12-08"), d("2026-12-07"))).toBe(0);
  });
});

describe("formatLondonDateTime", () => {
  it("writes London time in NHS style, in winter and in summer time", async () => {
    const { formatLondonDateTime } = await import("./dates");
    expect(formatLondonDateTime("2026-12-03T17:40:00Z")).toBe("3 December 2026 at 5:40pm");
    expect(formatLondonDateTime(new Date("2026-07-01T08:05:00Z"))).toBe("1 July 2026 at 9:05am");
    expect(formatLondonDateTime("2026-07-01T11:00:00Z")).toBe("1 July 2026 at 12:00pm");
  });
});
