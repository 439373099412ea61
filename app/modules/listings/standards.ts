/**
 * The "Standards and evidence" section of a Catalogue Solution's revision: for each standard
 * the supplier says the solution meets, a certificate number and/or a PDF, and the dates it
 * was assured and expires. Every overarching standard is required; other standards (such as
 * the interoperability ones behind the integrations claimed) are chosen by the supplier.
 * On approval the changed entries become the solution's assurance records
 * (`recordApprovedEvidence`). Pure: pages, modules and tests share these rules.
 */
import { validateEvidenceAnswers, type DateParts, type FieldErrors } from "~/modules/assurance/evidence";
import { formatNhsDate, londonToday, type DateOnly } from "~/modules/dates";

export type StandardEvidence = {
  standardId: string;
  certificateNumber: string | null;
  /** An uploaded PDF (an EvidenceDocument of the same supplier), or none when a certificate number is given. */
  document: { id: string; fileName: string } | null;
  assuredOn: DateOnly;
  /**
   * Every new answer has one. Null only for an assurance recorded before expiry dates were
   * asked for (a draft started from such records), which does not expire.
   */
  expiresOn: DateOnly | null;
};

export type StandardChoice = { id: string; name: string; kind: string; isOverarching: boolean };

/** Whether a stored snapshot has the "Standards and evidence" section (older ones predate it: their evidence is in the assurance records). */
export const hasStandardsSection = (content: unknown): boolean => Array.isArray((content as { standards?: unknown } | null | undefined)?.standards);

/** Standards a listing can carry evidence for: supplier-level assurances (DSPT…) are the company's, not a listing's. */
export function listableStandards<T extends { kind: string }>(standards: readonly T[]): T[] {
  return standards.filter((s) => s.kind !== "SUPPLIER_ASSURANCE");
}

export function requiredStandardIdsOf(standards: readonly StandardChoice[]): string[] {
  return standards.filter((s) => s.isOverarching).map((s) => s.id);
}

/** Required standards without evidence yet: the section is incomplete while any remain. */
export function missingStandards(entries: readonly StandardEvidence[] | undefined, requiredStandardIds: readonly string[]): string[] {
  const given = new Set((entries ?? []).map((e) => e.standardId));
  return requiredStandardIds.filter((id) => !given.has(id));
}

/**
 * The standards the supplier should add because of the integrations they claim (an IM1
 * integration means the IM1 standard), in the order of the integration types.
 */
export function suggestedStandardIds(
  integrations: readonly { integrationTypeId: string }[],
  integrationTypes: readonly { id: string; standardId: string | null }[],
): string[] {
  const claimed = new Set(integrations.map((i) => i.integrationTypeId));
  const ids = integrationTypes.filter((t) => claimed.has(t.id) && t.standardId).map((t) => t.standardId!);
  return [...new Set(ids)];
}

export type UploadOutcome = "none" | "stored" | "empty" | "too-large" | "not-pdf";

export type EvidenceInput = {
  standardId: string;
  certificateNumber: string;
  assuredOn: DateParts;
  expiresOn: DateParts;
  /** The document the form says to keep (a hidden field: never trusted, checked against the saved answer). */
  keepDocumentId: string;
  upload: UploadOutcome;
};

export type EvidenceValidation = { ok: true; entry: Omit<StandardEvidence, "document">; keepDocument: StandardEvidence["document"] } | { ok: false; errors: FieldErrors };

const UPLOAD_MESSAGES: Partial<Record<UploadOutcome, string>> = {
  "too-large": "The selected file must be smaller than 10 MB",
  "not-pdf": "The selected file must be a PDF",
  empty: "The selected file is empty",
};

/**
 * One standard's evidence form. A certificate number, a document or both; dates as NHS date
 * inputs with expiry after assured-on. A document may only be kept if it is the one already
 * saved for this standard, so another supplier's (or another standard's) document id typed
 * into the form is refused.
 */
export function validateStandardEvidence(
  input: EvidenceInput,
  saved: StandardEvidence | undefined,
  standards: readonly StandardChoice[],
  today: DateOnly = londonToday(),
): EvidenceValidation {
  const errors: FieldErrors = {};
  if (!listableStandards(standards).some((s) => s.id === input.standardId)) return { ok: false, errors: { standard: "Select a standard from the list" } };
  const answers = validateEvidenceAnswers({ certificateNumber: input.certificateNumber, assuredOn: input.assuredOn, expiresOn: input.expiresOn }, today);
  if (!answers.ok) Object.assign(errors, answers.errors);

  const keepId = input.keepDocumentId.trim();
  let keepDocument: StandardEvidence["document"] = null;
  if (keepId) {
    if (saved?.document?.id === keepId) keepDocument = saved.document;
    else errors.document = "The document could not be found. Select the PDF again";
  }
  const uploadMessage = UPLOAD_MESSAGES[input.upload];
  if (uploadMessage) errors.document = uploadMessage;

  const hasCertificate = input.certificateNumber.trim() !== "";
  const hasDocument = input.upload === "stored" || keepDocument !== null;
  if (!hasCertificate && !hasDocument && !errors.document && !errors.certificateNumber) {
    errors.certificateNumber = "Enter a certificate number or upload a PDF of the evidence";
  }
  if (Object.keys(errors).length > 0 || !answers.ok) return { ok: false, errors };
  return {
    ok: true,
    entry: { standardId: input.standardId, certificateNumber: answers.data.certificateNumber || null, assuredOn: answers.data.assuredOn, expiresOn: answers.data.expiresOn },
    keepDocument,
  };
}

/** The entries in standard order (overarching first, then by number), replacing or adding `entry`. */
export function withStandardEvidence(entries: readonly StandardEvidence[] | undefined, entry: StandardEvidence): StandardEvidence[] {
  return sortEntries([...(entries ?? []).filter((e) => e.standardId !== entry.standardId), entry]);
}

export function withoutStandardEvidence(entries: readonly StandardEvidence[] | undefined, standardId: string): StandardEvidence[] {
  return (entries ?? []).filter((e) => e.standardId !== standardId);
}

const standardNumber = (id: string) => Number(/^S(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);

function sortEntries(entries: StandardEvidence[]): StandardEvidence[] {
  return entries.sort((a, b) => standardNumber(a.standardId) - standardNumber(b.standardId) || a.standardId.localeCompare(b.standardId));
}

const sameEvidence = (a: StandardEvidence | undefined, b: StandardEvidence) =>
  a !== undefined &&
  a.certificateNumber === b.certificateNumber &&
  (a.document?.id ?? null) === (b.document?.id ?? null) &&
  a.assuredOn === b.assuredOn &&
  a.expiresOn === b.expiresOn;

/**
 * The entries approval must turn into assurance records: those new or changed since the live
 * revision. Unchanged ones are left alone, so a renewal staff accepted while the draft was
 * open is not overwritten by the older dates the draft was copied with.
 */
export function changedStandardEvidence(live: readonly StandardEvidence[] | undefined, revision: readonly StandardEvidence[] | undefined): StandardEvidence[] {
  const before = new Map((live ?? []).map((e) => [e.standardId, e]));
  return (revision ?? []).filter((entry) => !sameEvidence(before.get(entry.standardId), entry));
}

/**
 * Optional standards the live listing claims and the revision no longer does: approval ends the
 * solution's assurance records for them. Overarching standards are never among them (they are
 * required, so a revision without one cannot be approved).
 */
export function removedOptionalStandardIds(
  liveStandardIds: readonly string[],
  revision: readonly StandardEvidence[],
  standards: readonly Pick<StandardChoice, "id" | "isOverarching">[],
): string[] {
  const kept = new Set(revision.map((e) => e.standardId));
  const overarching = new Set(standards.filter((s) => s.isOverarching).map((s) => s.id));
  return [...new Set(liveStandardIds)].filter((id) => !kept.has(id) && !overarching.has(id));
}

/** "Certificate ABC-1; Document: cert.pdf; assured 1 Jan 2026, expires 1 Jan 2027". */
export function describeStandardEvidence(entry: StandardEvidence): string {
  return [
    entry.certificateNumber ? `Certificate ${entry.certificateNumber}` : null,
    entry.document ? `Document: ${entry.document.fileName}` : null,
    `assured ${formatNhsDate(entry.assuredOn)}, ${entry.expiresOn ? `expires ${formatNhsDate(entry.expiresOn)}` : "no expiry date"}`,
  ]
    .filter(Boolean)
    .join("; ");
}

export type StandardEvidenceDiff = {
  standardId: string;
  name: string;
  required: boolean;
  change: "added" | "changed" | "removed" | "unchanged";
  live: StandardEvidence | null;
  revision: StandardEvidence | null;
};

/** The reviewer's per-standard comparison of the revision's evidence with what is live. */
export function diffStandardEvidence(
  live: readonly StandardEvidence[] | undefined,
  revision: readonly StandardEvidence[] | undefined,
  standards: readonly StandardChoice[],
): StandardEvidenceDiff[] {
  const before = new Map((live ?? []).map((e) => [e.standardId, e]));
  const after = new Map((revision ?? []).map((e) => [e.standardId, e]));
  const byId = new Map(standards.map((s) => [s.id, s]));
  const ids = [...new Set([...requiredStandardIdsOf(standards), ...after.keys(), ...before.keys()])].sort(
    (a, b) => standardNumber(a) - standardNumber(b) || a.localeCompare(b),
  );
  return ids.map((standardId) => {
    const l = before.get(standardId) ?? null;
    const r = after.get(standardId) ?? null;
    const change = !r ? (l ? "removed" : "unchanged") : !l ? "added" : sameEvidence(l, r) ? "unchanged" : "changed";
    return { standardId, name: byId.get(standardId)?.name ?? standardId, required: byId.get(standardId)?.isOverarching ?? false, change, live: l, revision: r };
  });
}
