/**
 * The answers that go with assurance evidence (certificate number, assured-on and expires-on
 * dates, the file's name), checked the same way wherever evidence is given: renewing an
 * assurance and the "Standards and evidence" section of a listing. Pure, so pages and tests
 * share it; the file itself is checked by content in the storage service.
 */
import { addMonths, dateOnlyFromParts, londonToday, type DateOnly } from "~/modules/dates";

export type EvidenceAnswers = { certificateNumber: string; assuredOn: DateOnly; expiresOn: DateOnly };
export type FieldErrors = Record<string, string>;
export type DateParts = { day: string; month: string; year: string };

export const CERTIFICATE_NUMBER_MAX = 100;
/** Assurances run for a few years at most; a date further out is a typing mistake. */
const LONGEST_ASSURANCE_MONTHS = 10 * 12;
const EARLIEST_ASSURED_ON = "2000-01-01" as DateOnly;

function dateFrom(parts: DateParts): DateOnly | null {
  if (![parts.day, parts.month, parts.year].every((p) => /^\d{1,4}$/.test(p.trim()))) return null;
  return dateOnlyFromParts(Number(parts.year), Number(parts.month), Number(parts.day));
}

/** The evidence form's answers (not the file): dates as NHS date inputs, certificate number optional. */
export function validateEvidenceAnswers(
  input: { certificateNumber: string; assuredOn: DateParts; expiresOn: DateParts },
  today: DateOnly = londonToday(),
): { ok: true; data: EvidenceAnswers } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const certificateNumber = input.certificateNumber.trim();
  if (certificateNumber.length > CERTIFICATE_NUMBER_MAX) errors.certificateNumber = `Certificate number must be ${CERTIFICATE_NUMBER_MAX} characters or fewer`;
  const assuredOn = dateFrom(input.assuredOn);
  const expiresOn = dateFrom(input.expiresOn);
  if (!assuredOn) errors.assuredOn = "Enter the date it was assured, like 15 3 2026";
  else if (assuredOn > today) errors.assuredOn = "The assured-on date must be today or in the past";
  else if (assuredOn < EARLIEST_ASSURED_ON) errors.assuredOn = "The assured-on date must be in the year 2000 or later";
  if (!expiresOn) errors.expiresOn = "Enter the date it expires, like 30 6 2027";
  else if (assuredOn && expiresOn <= assuredOn) errors.expiresOn = "The expiry date must be after the assured-on date";
  else if (expiresOn <= today) errors.expiresOn = "The expiry date must be in the future";
  else if (expiresOn > addMonths(today, LONGEST_ASSURANCE_MONTHS)) errors.expiresOn = "The expiry date must be within 10 years from today";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { certificateNumber, assuredOn: assuredOn!, expiresOn: expiresOn! } };
}

const FILE_NAME_MAX = 200;

/** A safe display and download name: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, FILE_NAME_MAX);
  return cleaned || "evidence.pdf";
}
