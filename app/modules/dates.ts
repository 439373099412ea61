/**
 * Calendar days ("date-only" values) in Europe/London.
 *
 * Every contract end, assurance expiry, commencement date and remediation deadline in the
 * catalogue is a calendar day, not an instant. They are represented everywhere as ISO
 * `YYYY-MM-DD` strings branded `DateOnly`, because:
 * - a string carries no time and no zone, so nothing can shift it by a day: a UTC-midnight
 *   `Date` shown in a browser west of Greenwich, or crossing a clock change, can;
 * - it survives JSON between a loader and a component unchanged (a `Date` would not);
 * - `<`, `>` and `===` compare two `DateOnly` values correctly, with no helper needed.
 * The only step that needs a time zone is turning an instant into the London calendar day
 * (`londonDateOf`). Arithmetic runs on whole day numbers (days since 1970-01-01, proleptic
 * Gregorian), which have no daylight saving, so clock changes cannot move a day.
 * Prisma returns `@db.Date` columns as UTC-midnight `Date`s: convert them at the module
 * boundary with `fromDbDate` / `toDbDate`.
 */

export type DateOnly = string & { readonly __brand: "DateOnly" };

const LONDON = "Europe/London";
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

// Fixed NHS short month names: Intl's en-GB output varies with the ICU version ("Sept").
const NHS_SHORT_MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

const londonDayParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  calendar: "gregory",
  numberingSystem: "latn",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Day number <-> civil date without `Date`, so years below 100 and clock changes need no
// special cases (H. Hinnant, "chrono-compatible low-level date algorithms").
function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): DateOnly {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return format(year, month, day);
}

function format(year: number, month: number, day: number): DateOnly {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(
    day,
  ).padStart(2, "0")}` as DateOnly;
}

function partsOf(date: DateOnly): { year: number; month: number; day: number } {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

function dayNumberOf(date: DateOnly): number {
  const { year, month, day } = partsOf(date);
  return toDayNumber(year, month, day);
}

/** A calendar day from its parts (e.g. the three fields of an NHS date input); null if no such day. */
export function dateOnlyFromParts(year: number, month: number, day: number): DateOnly | null {
  if (![year, month, day].every(Number.isInteger)) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return format(year, month, day);
}

/** Parses `YYYY-MM-DD` from untrusted input; null for anything else, including 2026-02-31. */
export function parseDateOnly(input: string): DateOnly | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!match) return null;
  return dateOnlyFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** For values the code itself vouches for (constants, stored data, tests): throws if invalid. */
export function asDateOnly(input: string): DateOnly {
  const date = parseDateOnly(input);
  if (date === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${input}"`);
  return date;
}

/**
 * The last minute asked about and its London day. London's day only ever changes on the
 * minute (its offsets are whole hours), and every request asks for today: Intl's formatting
 * was about 1 % of an open API search's CPU.
 */
const lastLondonMinute = { minute: NaN, day: "" as DateOnly };

/** The London calendar day on which `instant` falls (BST or GMT as applies that day). */
export function londonDateOf(instant: Date): DateOnly {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === lastLondonMinute.minute) return lastLondonMinute.day;
  const parts = londonDayParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  const day = format(part("year"), part("month"), part("day"));
  lastLondonMinute.minute = minute;
  lastLondonMinute.day = day;
  return day;
}

/** Today in London: the "today" every date rule in the catalogue is measured from. */
export function londonToday(now: Date = new Date()): DateOnly {
  return londonDateOf(now);
}

/** Reads a Prisma `@db.Date` value (UTC midnight). */
export function fromDbDate(value: Date): DateOnly {
  if (Number.isNaN(value.getTime())) throw new RangeError("Invalid Date");
  return format(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

/** The value to write to a Prisma `@db.Date` column (UTC midnight of that day). */
export function toDbDate(date: DateOnly): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function addDays(date: DateOnly, days: number): DateOnly {
  if (!Number.isInteger(days)) throw new RangeError(`Whole days only: ${days}`);
  return fromDayNumber(dayNumberOf(date) + days);
}

/**
 * Calendar months later (or earlier, if negative). A day that the target month lacks is
 * clamped to its last day: 31 Jan + 1 month = 28 Feb (29 Feb in a leap year).
 */
export function addMonths(date: DateOnly, months: number): DateOnly {
  if (!Number.isInteger(months)) throw new RangeError(`Whole months only: ${months}`);
  const { year, month, day } = partsOf(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/**
 * Whole calendar days from `earlier` to `later`: positive when `later` is after `earlier`,
 * so `daysBetween(addDays(d, n), d) === n`. "Days until expiry" is `daysBetween(expiresOn, today)`.
 */
export function daysBetween(later: DateOnly, earlier: DateOnly): number {
  return dayNumberOf(later) - dayNumberOf(earlier);
}

/** NHS style: "2 Nov 2026" (no leading zero, short month). */
export function formatNhsDate(date: DateOnly): string {
  const { year, month, day } = partsOf(date);
  return `${day} ${NHS_SHORT_MONTHS[month - 1]} ${year}`;
}

/** End date = commencement date + maximum term − 1 day (a 36-month term from 1 Apr 2026 ends 31 Mar 2029). */
export function contractEndDate(commencement: DateOnly, maximumTermMonths: number): DateOnly {
  if (!Number.isInteger(maximumTermMonths) || maximumTermMonths < 1) {
    throw new RangeError(`Maximum term must be a whole number of months ≥ 1: ${maximumTermMonths}`);
  }
  return addDays(addMonths(commencement, maximumTermMonths), -1);
}

/**
 * True unless `date` is more than `months` calendar months before `today` (the commencement
 * date rule: "not more than 3 months in the past"). Exactly 3 months ago is allowed; future dates are.
 */
export function isNotMoreThanMonthsInPast(date: DateOnly, today: DateOnly, months: number): boolean {
  return date >= addMonths(today, -months);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day number 0, was a Thursday). */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Easter Sunday (Gregorian, the anonymous "Meeus/Jones/Butcher" computus). */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDayNumber(year, month, day);
}

const bankHolidayCache = new Map<number, Set<number>>();

/**
 * England and Wales bank holidays of a year by the standing rules (New Year's Day, Good Friday,
 * Easter Monday, the early May, spring and summer Mondays, Christmas and Boxing Day, with
 * weekend substitutes). One-off proclamations (a coronation, a state funeral) are not included.
 */
function bankHolidays(year: number): Set<number> {
  const cached = bankHolidayCache.get(year);
  if (cached) return cached;
  const days = new Set<number>();
  const nextWeekday = (n: number) => (weekdayOf(n) === 6 ? n + 2 : weekdayOf(n) === 0 ? n + 1 : n);
  days.add(nextWeekday(toDayNumber(year, 1, 1)));
  const easter = easterSunday(year);
  days.add(easter - 2);
  days.add(easter + 1);
  const firstMonday = (month: number) => {
    const first = toDayNumber(year, month, 1);
    return first + ((8 - weekdayOf(first)) % 7);
  };
  const lastMonday = (month: number) => {
    const last = toDayNumber(year, month, daysInMonth(year, month));
    return last - ((weekdayOf(last) + 6) % 7);
  };
  days.add(firstMonday(5));
  days.add(lastMonday(5));
  days.add(lastMonday(8));
  const christmas = toDayNumber(year, 12, 25);
  const christmasDay = nextWeekday(christmas);
  days.add(christmasDay);
  // Boxing Day is the next weekday after Christmas (or its substitute).
  days.add(nextWeekday(Math.max(christmas + 1, christmasDay + 1)));
  bankHolidayCache.set(year, days);
  return days;
}

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: DateOnly): boolean {
  const n = dayNumberOf(date);
  const weekday = weekdayOf(n);
  return weekday !== 0 && weekday !== 6 && !bankHolidays(partsOf(date).year).has(n);
}

/**
 * Working days from `from` to `to`: those after `from`, up to and including `to` (submitted on
 * a Friday and read on the Monday is one working day waiting); 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: DateOnly, to: DateOnly): number {
  let count = 0;
  for (let n = dayNumberOf(from) + 1, end = dayNumberOf(to); n <= end; n++) {
    if (isWorkingDay(fromDayNumber(n))) count++;
  }
  return count;
}

const LONDON_DATE_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12" });

/** An instant as people in England read it: "3 December 2026 at 5:40pm" (NHS style). */
export function formatLondonDateTime(instant: string | Date): string {
  const parts = Object.fromEntries(LONDON_DATE_TIME.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}
