import type { Prisma } from "../../../generated/prisma/client";
import { scopedWhere } from "~/modules/access/scope.server";
import { computeAssuranceStatus } from "~/modules/assurance/assurance-status";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import { looksLikePdf, type StoredUpload } from "~/services/storage/index.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import type { StandardEvidence } from "~/modules/listings/standards";
import { cleanFileName, type EvidenceAnswers } from "./evidence";
import { tellStaffEvidenceSubmitted } from "~/modules/reviews/notify.server";
import { applyRenewedAssurance, RenewalError } from "./renewal.server";

/**
 * Assurance evidence: the supplier uploads a document (and certificate number and dates) to
 * renew an assurance; commercial staff accept it (the record's dates move on through
 * applyRenewedAssurance) or reject it with a reason. Files live in the storage service; this
 * module keeps their metadata and decides who may see them (the supplier's users and staff).
 */

const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });
const assuranceScope = (actor: Actor, action: "read" | "uploadEvidence" | "acceptEvidence" | "rejectEvidence") =>
  scopedWhere(actor, "assurance", action, { supplier: true }) as Prisma.AssuranceRecordWhereInput & Prisma.EvidenceDocumentWhereInput;

/** The supplier's assurance records with their state today and any evidence waiting for staff. */
export async function listSupplierAssurance(db: Db, actor: Actor, today: DateOnly = londonToday()) {
  const records = await db.assuranceRecord.findMany({
    where: assuranceScope(actor, "read"),
    include: {
      standard: { select: { id: true, name: true, warningWindowDays: true } },
      catalogueItem: { select: { id: true, name: true } },
      documents: { where: { status: { in: ["PENDING", "REJECTED"] } }, orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, rejectionReason: true, fileName: true } },
    },
    orderBy: [{ expiresOn: "asc" }, { standardId: "asc" }],
  });
  return records.map((r) => ({
    ...r,
    state: r.expiresOn
      ? computeAssuranceStatus({ status: r.status, expiresOn: fromDbDate(r.expiresOn), remediationDeadline: r.remediationDeadline ? fromDbDate(r.remediationDeadline) : null }, today, r.standard.warningWindowDays)
      : r.status,
  }));
}

export async function getSupplierAssurance(db: Db, actor: Actor, recordId: string) {
  return db.assuranceRecord.findFirst({
    where: { AND: [{ id: recordId }, assuranceScope(actor, "uploadEvidence")] },
    include: { standard: true, catalogueItem: { select: { id: true, name: true } } },
  });
}

export { cleanFileName, validateEvidenceAnswers, type EvidenceAnswers, type FieldErrors } from "./evidence";

/** An uploaded PDF's row: its checked name, storage key, size and hash, and what the supplier says it proves. */
function documentRow(actor: Actor, supplierId: number, upload: StoredUpload, fileName: string, answers: { assuredOn: DateOnly; expiresOn: DateOnly | null; certificateNumber: string | null }) {
  return {
    supplierId,
    fileName: cleanFileName(fileName),
    storageKey: upload.key,
    mimeType: "application/pdf",
    sizeBytes: upload.sizeBytes,
    sha256: upload.sha256,
    uploadedById: actor.userId,
    assuredOn: toDbDate(answers.assuredOn),
    expiresOn: answers.expiresOn ? toDbDate(answers.expiresOn) : null,
    certificateNumber: answers.certificateNumber || null,
  };
}

export type EvidenceSubmission = { ok: true; evidenceId: string } | { ok: false; reason: "not-found" | "not-pdf"; message: string };

/** Records uploaded renewal evidence for staff to review. The caller has stored the file. */
export async function submitRenewalEvidence(
  db: Db,
  actor: Actor,
  input: { assuranceRecordId: string; upload: StoredUpload; fileName: string; answers: EvidenceAnswers },
): Promise<EvidenceSubmission> {
  if (!looksLikePdf(input.upload.head)) return { ok: false, reason: "not-pdf", message: "The selected file must be a PDF" };
  return db.$transaction(async (tx) => {
    const record = await tx.assuranceRecord.findFirst({
      where: { AND: [{ id: input.assuranceRecordId }, assuranceScope(actor, "uploadEvidence")] },
      select: { id: true, supplierId: true, supplier: { select: { name: true } }, standard: { select: { name: true } }, catalogueItem: { select: { name: true } } },
    });
    if (!record) return { ok: false as const, reason: "not-found" as const, message: "That assurance could not be found." };
    const document = await tx.evidenceDocument.create({ data: { ...documentRow(actor, record.supplierId, input.upload, input.fileName, input.answers), assuranceRecordId: record.id } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "evidence.upload",
      objectType: "EvidenceDocument",
      objectId: document.id,
      after: { assuranceRecordId: record.id, fileName: document.fileName, sha256: document.sha256, sizeBytes: document.sizeBytes, assuredOn: input.answers.assuredOn, expiresOn: input.answers.expiresOn },
    });
    await tellStaffEvidenceSubmitted(tx, {
      evidenceId: document.id,
      supplier: record.supplier.name,
      standard: record.standard.name,
      appliesTo: record.catalogueItem?.name ?? "all its Catalogue Solutions",
      expiresOn: input.answers.expiresOn,
    });
    return { ok: true as const, evidenceId: document.id };
  });
}

/**
 * A document uploaded in a listing revision's "Standards and evidence" section: the supplier's,
 * tied to no assurance record until staff approve the revision (`recordApprovedEvidence`), so
 * it never enters the renewal evidence queue. Runs in the caller's transaction.
 */
export async function recordDraftEvidenceDocument(
  tx: DbClient,
  actor: Actor,
  input: { supplierId: number; upload: StoredUpload; fileName: string; answers: Pick<StandardEvidence, "standardId" | "certificateNumber" | "assuredOn" | "expiresOn"> },
): Promise<{ id: string; fileName: string }> {
  if (!looksLikePdf(input.upload.head)) throw new Error("Only a checked PDF can be recorded as evidence");
  const document = await tx.evidenceDocument.create({
    data: documentRow(actor, input.supplierId, input.upload, input.fileName, input.answers),
    select: { id: true, fileName: true, sha256: true, sizeBytes: true },
  });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "evidence.upload",
    objectType: "EvidenceDocument",
    objectId: document.id,
    after: { standardId: input.answers.standardId, fileName: document.fileName, sha256: document.sha256, sizeBytes: document.sizeBytes },
  });
  return { id: document.id, fileName: document.fileName };
}

/** Approval refused because of the evidence; thrown inside the publication transaction so nothing is written. */
export class EvidenceApprovalError extends Error {}

/**
 * A Catalogue Solution's approved evidence becomes its assurance records, in the publication
 * transaction: a standard without a record gets one (its state computed from the dates by the
 * assurance rules); an existing record is renewed through `applyRenewedAssurance`, which also
 * clears lapse flags and restores listings. Documents move from the draft to the record,
 * accepted. Only entries changed since the live revision are passed in.
 */
export async function recordApprovedEvidence(
  tx: DbClient,
  actor: AuditActor,
  input: { itemId: string; supplierId: number; entries: readonly StandardEvidence[]; today?: DateOnly },
): Promise<{ created: string[]; renewed: string[] }> {
  const today = input.today ?? londonToday();
  const created: string[] = [];
  const renewed: string[] = [];
  for (const entry of input.entries) {
    const standard = await tx.standard.findUnique({ where: { id: entry.standardId }, select: { id: true, name: true, kind: true, warningWindowDays: true } });
    if (!standard || standard.kind === "SUPPLIER_ASSURANCE") throw new EvidenceApprovalError(`${entry.standardId} is not a standard a listing can be assured against.`);
    const record = await tx.assuranceRecord.findFirst({
      where: { standardId: standard.id, supplierId: input.supplierId, catalogueItemId: input.itemId },
      select: { id: true, assuredOn: true, expiresOn: true, certificateNumber: true, evidenceDocumentId: true },
    });
    // A draft started from the records (an older snapshot without evidence) repeats them: nothing to renew.
    const unchanged =
      record &&
      fromDbDate(record.assuredOn) === entry.assuredOn &&
      (record.expiresOn ? fromDbDate(record.expiresOn) : null) === entry.expiresOn &&
      record.certificateNumber === entry.certificateNumber &&
      record.evidenceDocumentId === (entry.document?.id ?? null);
    if (unchanged) continue;
    if (entry.expiresOn && entry.expiresOn < today) throw new EvidenceApprovalError(`The evidence for ${standard.name} expired on ${formatNhsDate(entry.expiresOn)}: ask the supplier for current evidence.`);
    if (entry.document) {
      // The document must be this supplier's and not already the evidence of another record.
      const document = await tx.evidenceDocument.findFirst({
        where: { id: entry.document.id, supplierId: input.supplierId },
        select: { id: true, assuranceRecordId: true, acceptedFor: { select: { id: true } } },
      });
      const elsewhere = (document?.assuranceRecordId && document.assuranceRecordId !== record?.id) || (document?.acceptedFor && document.acceptedFor.id !== record?.id);
      if (!document || elsewhere) throw new EvidenceApprovalError(`The document given for ${standard.name} could not be found: ask the supplier to upload it again.`);
    }
    let recordId: string;
    if (record && entry.expiresOn) {
      await applyRenewedAssurance(tx, {
        assuranceRecordId: record.id,
        assuredOn: entry.assuredOn,
        expiresOn: entry.expiresOn,
        certificateNumber: entry.certificateNumber,
        evidenceDocumentId: entry.document?.id ?? null,
        exact: true,
        actor,
        today,
      });
      recordId = record.id;
      renewed.push(standard.id);
    } else if (record) {
      // Evidence without an expiry date (kept from an older record) cannot lapse: nothing to renew.
      await tx.assuranceRecord.update({
        where: { id: record.id },
        data: { certificateNumber: entry.certificateNumber, evidenceDocumentId: entry.document?.id ?? null, assuredOn: toDbDate(entry.assuredOn), recordedById: actor.userId, version: { increment: 1 } },
      });
      await recordAudit(tx, { actor, action: "assurance.update", objectType: "AssuranceRecord", objectId: record.id, before: { certificateNumber: record.certificateNumber, evidenceDocumentId: record.evidenceDocumentId }, after: { certificateNumber: entry.certificateNumber, evidenceDocumentId: entry.document?.id ?? null } });
      recordId = record.id;
      renewed.push(standard.id);
    } else {
      const status = entry.expiresOn ? computeAssuranceStatus({ status: "ASSURED", expiresOn: entry.expiresOn, remediationDeadline: null }, today, standard.warningWindowDays) : "ASSURED";
      const row = await tx.assuranceRecord.create({
        data: {
          standardId: standard.id,
          supplierId: input.supplierId,
          catalogueItemId: input.itemId,
          status,
          assuredOn: toDbDate(entry.assuredOn),
          expiresOn: entry.expiresOn ? toDbDate(entry.expiresOn) : null,
          certificateNumber: entry.certificateNumber,
          evidenceDocumentId: entry.document?.id ?? null,
          recordedById: actor.userId,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "assurance.create",
        objectType: "AssuranceRecord",
        objectId: row.id,
        after: { standardId: standard.id, catalogueItemId: input.itemId, status, assuredOn: entry.assuredOn, expiresOn: entry.expiresOn, certificateNumber: entry.certificateNumber, evidenceDocumentId: row.evidenceDocumentId },
      });
      recordId = row.id;
      created.push(standard.id);
    }
    if (entry.document) {
      const accepted = await tx.evidenceDocument.updateMany({
        where: { id: entry.document.id, status: "PENDING" },
        data: { status: "ACCEPTED", assuranceRecordId: recordId, reviewedAt: new Date(), reviewedById: actor.userId },
      });
      if (accepted.count === 1) {
        await recordAudit(tx, { actor, action: "evidence.accept", objectType: "EvidenceDocument", objectId: entry.document.id, before: { status: "PENDING" }, after: { status: "ACCEPTED", assuranceRecordId: recordId } });
      }
    }
  }
  return { created, renewed };
}

/**
 * Optional standards a Catalogue Solution no longer claims (removed in the approved revision):
 * their solution-level assurance records are removed, in the publication transaction. A
 * record is a claim "this solution meets this standard"; WITHDRAWN means the assurance was
 * taken away and reads as lapsed to buyers, search and the lapse rules, which a supplier
 * dropping an optional standard is not. The audit event keeps the record as it was, and
 * renewal evidence still waiting for staff is rejected. A record in remediation, or with
 * contracts flagged for termination because of it, is refused: staff settle that first in the
 * lapse queue. A WITHDRAWN record stays: that is staff's decision about the assurance, and
 * only they undo it. Search is updated by the caller (the whole listing is re-indexed on approval).
 */
export async function removeUnclaimedAssurance(
  tx: DbClient,
  actor: AuditActor,
  input: { itemId: string; supplierId: number; standardIds: readonly string[]; revisionNumber: number },
): Promise<string[]> {
  if (input.standardIds.length === 0) return [];
  const records = await tx.assuranceRecord.findMany({
    where: { catalogueItemId: input.itemId, supplierId: input.supplierId, standardId: { in: [...input.standardIds] }, status: { not: "WITHDRAWN" }, standard: { isOverarching: false, kind: { not: "SUPPLIER_ASSURANCE" } } },
    include: { standard: { select: { name: true } }, terminationFlags: { where: { status: { in: ["OPEN", "NOTICE_ISSUED"] } }, select: { id: true } } },
    orderBy: { standardId: "asc" },
  });
  const removed: string[] = [];
  for (const record of records) {
    if (record.status === "IN_REMEDIATION" || record.terminationFlags.length > 0) {
      throw new EvidenceApprovalError(
        `${record.standard.name} is removed in this revision, but its assurance is in remediation or has contracts flagged for termination: settle that in the lapse queue before approving.`,
      );
    }
    const pending = await tx.evidenceDocument.findMany({ where: { assuranceRecordId: record.id, status: "PENDING" }, select: { id: true } });
    const reason = `${record.standard.name} was removed from the listing`;
    for (const document of pending) {
      await tx.evidenceDocument.update({ where: { id: document.id }, data: { status: "REJECTED", rejectionReason: reason, reviewedAt: new Date(), reviewedById: actor.userId } });
      await recordAudit(tx, { actor, action: "evidence.reject", objectType: "EvidenceDocument", objectId: document.id, before: { status: "PENDING" }, after: { status: "REJECTED", reason } });
    }
    await tx.assuranceRecord.delete({ where: { id: record.id } });
    await recordAudit(tx, {
      actor,
      action: "assurance.remove",
      objectType: "AssuranceRecord",
      objectId: record.id,
      before: {
        standardId: record.standardId,
        catalogueItemId: record.catalogueItemId,
        status: record.status,
        assuredOn: fromDbDate(record.assuredOn),
        expiresOn: record.expiresOn ? fromDbDate(record.expiresOn) : null,
        certificateNumber: record.certificateNumber,
        evidenceDocumentId: record.evidenceDocumentId,
      },
      after: { reason: `Standard removed in approved revision ${input.revisionNumber}` },
    });
    removed.push(record.standardId);
  }
  return removed;
}

/** One evidence document, only for the supplier it belongs to and for staff. */
export async function getEvidence(db: Db, actor: Actor, id: string) {
  return db.evidenceDocument.findFirst({
    where: { AND: [{ id }, assuranceScope(actor, "read")] },
    include: {
      supplier: { select: { id: true, name: true } },
      uploadedBy: { select: { name: true } },
      assuranceRecord: { include: { standard: { select: { id: true, name: true } }, catalogueItem: { select: { id: true, name: true } } } },
    },
  });
}

/** Evidence waiting for staff, oldest first. */
export async function evidenceQueue(db: Db, actor: Actor) {
  return db.evidenceDocument.findMany({
    // Evidence given inside a listing revision is decided with the revision (publication.server.ts).
    where: { AND: [{ status: "PENDING", assuranceRecordId: { not: null } }, assuranceScope(actor, "acceptEvidence")] },
    orderBy: { createdAt: "asc" },
    include: { supplier: { select: { name: true } }, assuranceRecord: { select: { standard: { select: { name: true } }, catalogueItem: { select: { name: true } } } } },
  });
}

const evidenceRejectedEmail = emailTemplate((p: { standard: string; reason: string; url: string }) => ({
  subject: `Your ${p.standard} evidence was not accepted`,
  paragraphs: [`Commercial staff could not accept the evidence you uploaded for ${p.standard}.`, `Reason: ${p.reason}`, "Upload new evidence to renew the assurance."],
  link: { text: "Upload new evidence", url: p.url },
}));

export type EvidenceDecision = { ok: true } | { ok: false; message: string };

/** Accepting moves the assurance record on to the evidence's dates and clears what its lapse caused. */
export async function acceptEvidence(db: Db, actor: Actor, id: string, today: DateOnly = londonToday()): Promise<EvidenceDecision> {
  try {
    return await db.$transaction(async (tx) => {
      const document = await tx.evidenceDocument.findFirst({ where: { AND: [{ id }, assuranceScope(actor, "acceptEvidence")] } });
      if (!document || !document.assuranceRecordId) return { ok: false as const, message: "That evidence could not be found." };
      if (!document.assuredOn || !document.expiresOn) return { ok: false as const, message: "This evidence has no dates to renew the assurance with." };
      const decided = await tx.evidenceDocument.updateMany({
        where: { id, status: "PENDING" },
        data: { status: "ACCEPTED", reviewedAt: new Date(), reviewedById: actor.userId },
      });
      if (decided.count !== 1) return { ok: false as const, message: "This evidence has already been decided." };
      await recordAudit(tx, { actor: auditActor(actor), action: "evidence.accept", objectType: "EvidenceDocument", objectId: id, before: { status: "PENDING" }, after: { status: "ACCEPTED" } });
      await applyRenewedAssurance(tx, {
        assuranceRecordId: document.assuranceRecordId,
        assuredOn: fromDbDate(document.assuredOn!),
        expiresOn: fromDbDate(document.expiresOn!),
        certificateNumber: document.certificateNumber,
        evidenceDocumentId: document.id,
        actor: auditActor(actor),
        today,
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (error instanceof RenewalError) return { ok: false, message: error.message };
    throw error;
  }
}

export async function rejectEvidence(db: Db, actor: Actor, id: string, reason: string): Promise<EvidenceDecision> {
  return db.$transaction(async (tx) => {
    const document = await tx.evidenceDocument.findFirst({
      where: { AND: [{ id }, assuranceScope(actor, "rejectEvidence")] },
      include: { assuranceRecord: { select: { id: true, standard: { select: { name: true } } } } },
    });
    if (!document) return { ok: false as const, message: "That evidence could not be found." };
    const decided = await tx.evidenceDocument.updateMany({
      where: { id, status: "PENDING" },
      data: { status: "REJECTED", rejectionReason: reason, reviewedAt: new Date(), reviewedById: actor.userId },
    });
    if (decided.count !== 1) return { ok: false as const, message: "This evidence has already been decided." };
    await recordAudit(tx, { actor: auditActor(actor), action: "evidence.reject", objectType: "EvidenceDocument", objectId: id, before: { status: "PENDING" }, after: { status: "REJECTED", reason } });
    const standard = document.assuranceRecord?.standard.name ?? "assurance";
    for (const to of await supplierEmailAddresses(tx, document.supplierId)) {
      await queueEmail(tx, {
        to,
        ...evidenceRejectedEmail({ standard, reason, url: siteUrl(`/supplier/assurance/${document.assuranceRecordId ?? ""}`) }),
        dedupeKey: `evidence-rejected:${id}:${to}`,
      });
    }
    return { ok: true as const };
  });
}
