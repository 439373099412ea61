/**
 * The buyer's termination form: a reason and a date, checked together so the error summary
 * lists every problem in one go. The status machine still decides, inside the transaction,
 * whether the contract can be terminated at all (`transitionContract`).
 */
import { z } from "zod";
import type { DateOnly } from "~/modules/dates";
import { dateFromParts } from "~/modules/orders/order-rules";
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

/**
 * The reason and termination date from the form's values, or every problem with them keyed
 * by field: a missing or over-long reason, a missing or impossible date (31/02), a date that
 * is not after `today`, or one after the contract's end date.
 */
export function terminationAnswers(
  values: Record<string, unknown>,
  endDate: DateOnly,
  today: DateOnly,
): { ok: true; data: TerminationAnswers } | { ok: false; errors: Record<string, string> } {
  const reason = parseForm(terminationSchema(), { reason: values.reason });
  const date = dateFromParts(values, "terminatesOn", "the termination date");
  const dateError = "error" in date ? date.error : terminationDateProblem(date.date, endDate, today);
  const errors: Record<string, string> = { ...(reason.ok ? {} : reason.errors), ...(dateError ? { terminatesOn: dateError } : {}) };
  if (!reason.ok || "error" in date || dateError) return { ok: false, errors };
  return { ok: true, data: { reason: reason.data.reason, terminatesOn: date.date } };
}
