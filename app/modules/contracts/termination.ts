/**
 * The buyer's termination form: a reason and a date, checked together so the error summary
 * lists every problem in one go. The status machine still decides, inside the transaction,
 * whether the contract can be terminated at all (`transitionContract`).
 */
import { z } from "zod";
import type { DateOnly } from "~/modules/dates";
import { dateFromParts } from "~/modules/orders/order-rules";
import { endsInsideInitialPeriod, type CurrentContract } from "~/modules/switching/switch-rules";
import { parseForm } from "~/utils/forms";
import { terminationDateProblem } from "./contract-status";

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const terminationSchema = () =>
  z.object({
    reason: z
      .string({ error: "Enter why you are terminating the contract" })
      .trim()
      .min(1, "Enter why you are terminating the contract")
      .max(1000, "Reason must be 1,000 characters or fewer"),
  });

export type TerminationAnswers = { reason: string; terminatesOn: DateOnly };

export const CONFIRM_EARLY_END = "confirmEarlyEnd";

/**
 * The reason and termination date from the form's values, or every problem with them keyed
 * by field: a missing or over-long reason, a missing or impossible date (31/02), a date that
 * is not after `today`, or one after the contract's end date. A date inside the contract's
 * initial period (`contract` given) must be confirmed: the page has said what that means.
 */
export function terminationAnswers(
  values: Record<string, unknown>,
  endDate: DateOnly,
  today: DateOnly,
  contract?: CurrentContract,
): { ok: true; data: TerminationAnswers } | { ok: false; errors: Record<string, string> } {
  const reason = parseForm(terminationSchema(), { reason: values.reason });
  const date = dateFromParts(values, "terminatesOn", "the termination date");
  const dateError = "error" in date ? date.error : terminationDateProblem(date.date, endDate, today);
  const errors: Record<string, string> = { ...(reason.ok ? {} : reason.errors), ...(dateError ? { terminatesOn: dateError } : {}) };
  if (!("error" in date) && !dateError && contract && endsInsideInitialPeriod(contract, date.date) && values[CONFIRM_EARLY_END] !== "yes") {
    errors[CONFIRM_EARLY_END] = "Confirm that you understand the contract ends inside its initial period";
  }
  if (!reason.ok || "error" in date || dateError || errors[CONFIRM_EARLY_END]) return { ok: false, errors };
  return { ok: true, data: { reason: reason.data.reason, terminatesOn: date.date } };
}
