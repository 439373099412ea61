import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { terminationDateProblem } from "./contract-status";
import { terminationAnswers } from "./termination";

const today = asDateOnly("2026-05-15");
const endDate = asDateOnly("2027-03-31");
const answers = (values: Record<string, unknown>) =>
  terminationAnswers({ reason: "Merging onto one system", "terminatesOn-day": "30", "terminatesOn-month": "9", "terminatesOn-year": "2026", ...values }, endDate, today);

describe("the termination form", () => {
  it("accepts a reason and a date after today, up to the end date", () => {
    expect(answers({})).toEqual({ ok: true, data: { reason: "Merging onto one system", terminatesOn: "2026-09-30" } });
    expect(answers({ reason: "  Trimmed  ", "terminatesOn-day": "31", "terminatesOn-month": "3", "terminatesOn-year": "2027" })).toEqual({
      ok: true,
      data: { reason: "Trimmed", terminatesOn: "2027-03-31" },
    });
    expect(answers({ "terminatesOn-day": "16", "terminatesOn-month": "5" }).ok).toBe(true);
  });

  it("shows a missing reason and a date in the past together", () => {
    expect(answers({ reason: "", "terminatesOn-day": "15", "terminatesOn-month": "1", "terminatesOn-year": "2026" })).toEqual({
      ok: false,
      errors: { reason: "Enter why you are terminating the contract", terminatesOn: "The termination date must be in the future." },
    });
  });

  it("refuses today, a date after the contract's end, impossible and missing dates", () => {
    const error = (values: Record<string, unknown>) => {
      const result = answers(values);
      return result.ok ? null : result.errors.terminatesOn;
    };
    expect(error({ "terminatesOn-day": "15", "terminatesOn-month": "5" })).toBe("The termination date must be in the future.");
    expect(error({ "terminatesOn-day": "1", "terminatesOn-month": "4", "terminatesOn-year": "2027" })).toBe("The termination date must be on or before the contract's end date, 31 Mar 2027.");
    expect(error({ "terminatesOn-day": "31", "terminatesOn-month": "2", "terminatesOn-year": "2027" })).toBe("Termination date must be a real date, like 14 6 2026");
    expect(error({ "terminatesOn-day": "", "terminatesOn-month": "", "terminatesOn-year": "" })).toBe("Enter the termination date");
    expect(error({ "terminatesOn-year": "" })).toBe("Termination date must include a year");
    expect(error({ "terminatesOn-day": "1e1" })).toBe("Termination date must be a real date, like 14 6 2026");
  });

  it("refuses a blank, over-long or tampered reason with the date problem alongside", () => {
    const result = answers({ reason: "x".repeat(1001), "terminatesOn-year": "99999" });
    expect(result).toEqual({ ok: false, errors: { reason: "Reason must be 1,000 characters or fewer", terminatesOn: "Termination date must be a real date, like 14 6 2026" } });
    expect(answers({ reason: "   " })).toEqual({ ok: false, errors: { reason: "Enter why you are terminating the contract" } });
    expect(answers({ reason: ["one", "two"] })).toEqual({ ok: false, errors: { reason: "Enter why you are terminating the contract" } });
    expect(answers({ reason: undefined })).toEqual({ ok: false, errors: { reason: "Enter why you are terminating the contract" } });
  });

  it("uses the same date rule as the contract status machine", () => {
    expect(terminationDateProblem(today, endDate, today)).toBe("The termination date must be in the future.");
    expect(terminationDateProblem(endDate, endDate, today)).toBeNull();
  });
});

describe("terminating inside the initial period", () => {
  const contract = { callOffId: "C010001", startDate: asDateOnly("2026-04-01"), lastDay: endDate, initialPeriodMonths: 12 };
  const inside = { "terminatesOn-day": "30", "terminatesOn-month": "9", "terminatesOn-year": "2026" };

  it("must be confirmed when the date falls before the initial period ends", () => {
    expect(terminationAnswers({ reason: "Merging", ...inside }, endDate, today, contract)).toEqual({
      ok: false,
      errors: { confirmEarlyEnd: "Confirm that you understand the contract ends inside its initial period" },
    });
    expect(terminationAnswers({ reason: "Merging", ...inside, confirmEarlyEnd: "yes" }, endDate, today, contract).ok).toBe(true);
  });

  it("needs no confirmation from the initial period's last day on", () => {
    expect(terminationAnswers({ reason: "Merging", "terminatesOn-day": "31", "terminatesOn-month": "3", "terminatesOn-year": "2027" }, endDate, today, contract).ok).toBe(true);
  });
});
