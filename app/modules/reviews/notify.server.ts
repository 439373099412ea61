/**
 * Commercial staff hear when a supplier sends them something to decide: a listing revision
 * submitted for review, or renewal evidence for an assurance. Queued in the submitting
 * transaction (the outbox sends it), one email per active member of staff.
 */
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { siteUrl } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { DbClient } from "~/utils/db.server";
import { REVIEW_TARGET_WORKING_DAYS } from "./review-rules";

const revisionSubmitted = emailTemplate((p: { supplier: string; listing: string; itemId: string; revision: number; isNew: boolean; url: string }) => ({
  subject: `For review: ${p.listing} (${p.itemId}) from ${p.supplier}`,
  paragraphs: [
    `${p.supplier} has submitted ${p.isNew ? "a new listing" : `revision ${p.revision} of a live listing`}, ${p.listing} (${p.itemId}), for review.`,
    `Buyers see none of it until it is approved. Please decide within ${REVIEW_TARGET_WORKING_DAYS} working days.`,
  ],
  link: { text: "Review the revision", url: p.url },
}));

const evidenceSubmitted = emailTemplate((p: { supplier: string; standard: string; appliesTo: string; expiresOn: string | null; url: string }) => ({
  subject: `For review: ${p.supplier}'s ${p.standard} renewal evidence`,
  paragraphs: [
    `${p.supplier} has uploaded evidence to renew its ${p.standard} assurance for ${p.appliesTo}${p.expiresOn ? `, valid until ${p.expiresOn}` : ""}.`,
    `Accepting it renews the assurance, clears the termination flags its lapse caused and restores its listings. Please decide within ${REVIEW_TARGET_WORKING_DAYS} working days.`,
  ],
  link: { text: "Review the evidence", url: p.url },
}));

async function staff(tx: DbClient) {
  return tx.user.findMany({ where: { role: "AUTHORITY", isActive: true }, select: { id: true, email: true }, orderBy: { email: "asc" } });
}

export async function tellStaffRevisionSubmitted(
  tx: DbClient,
  input: { revisionId: string; version: number; supplier: string; listing: string; itemId: string; revision: number; isNew: boolean },
): Promise<void> {
  for (const person of await staff(tx)) {
    await queueEmail(tx, {
      to: person.email,
      dedupeKey: `review-submitted:${input.revisionId}:${input.version}:${person.id}`,
      ...revisionSubmitted({ ...input, url: siteUrl(`/admin/reviews/${input.revisionId}`) }),
    });
  }
}

export async function tellStaffEvidenceSubmitted(
  tx: DbClient,
  input: { evidenceId: string; supplier: string; standard: string; appliesTo: string; expiresOn: DateOnly | null },
): Promise<void> {
  for (const person of await staff(tx)) {
    await queueEmail(tx, {
      to: person.email,
      dedupeKey: `evidence-submitted:${input.evidenceId}:${person.id}`,
      ...evidenceSubmitted({ ...input, expiresOn: input.expiresOn ? formatNhsDate(input.expiresOn) : null, url: siteUrl(`/admin/evidence/${input.evidenceId}`) }),
    });
  }
}
