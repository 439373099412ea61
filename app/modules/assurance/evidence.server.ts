import type { Prisma } from "../../../generated/prisma/client";
import { scopedWhere } from "~/modules/access/scope.server";
import { computeAssuranceStatus } from "~/modules/assurance/assurance-status";
import { recordAudit } from "~/modules/audit/audit.server";
import { dateOnlyFromParts, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import { looksLikePdf, type StoredUpload } from "~/services/storage/index.server";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
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

export type EvidenceAnswers = { certificateNumber: string; assuredOn: DateOnly; expiresOn: DateOnly };
export type FieldErrors = Record<string, string>;

type DateParts = { day: string; month: string; year: string };

function dateFrom(parts: DateParts): DateOnly | null {
  if (![parts.day, parts.month, parts.year].every((p) => /^\d{1,4}$/.test(p.trim()))) return null;
  return dateOnlyFromParts(Number(parts.year), Number(parts.month), Number(parts.day));
}

/** The renewal form's answers (not the file): dates as NHS date inputs, certificate number optional. */
export function validateEvidenceAnswers(
  input: { certificateNumber: string; assuredOn: DateParts; expiresOn: DateParts },
  today: DateOnly = londonToday(),
): { ok: true; data: EvidenceAnswers } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const certificateNumber = input.certificateNumber.trim();
  if (certificateNumber.length > 100) errors.certificateNumber = "Certificate number must be 100 characters or fewer";
  const assuredOn = dateFrom(input.assuredOn);
  const expiresOn = dateFrom(input.expiresOn);
  if (!assuredOn) errors.assuredOn = "Enter the date it was assured, like 15 3 2026";
  else if (assuredOn > today) errors.assuredOn = "The assured-on date must be today or in the past";
  if (!expiresOn) errors.expiresOn = "Enter the date it expires, like 30 6 2027";
  else if (assuredOn && expiresOn <= assuredOn) errors.expiresOn = "The expiry date must be after the assured-on date";
  else if (expiresOn <= today) errors.expiresOn = "The expiry date must be in the future";
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

export type EvidenceSubmission = { ok: true; evidenceId: string } | { ok: false; reason: "not-found" | "not-pdf"; message: string };

/** Records uploaded renewal evidence for staff to review. The caller has stored the file. */
export async function submitRenewalEvidence(
  db: Db,
  actor: Actor,
  input: { assuranceRecordId: string; upload: StoredUpload; fileName: string; answers: EvidenceAnswers },
): Promise<EvidenceSubmission> {
  if (!looksLikePdf(input.upload.head)) return { ok: false, reason: "not-pdf", message: "The selected file must be a PDF" };
  return db.$transaction(async (tx) => {
    const record = await tx.assuranceRecord.findFirst({ where: { AND: [{ id: input.assuranceRecordId }, assuranceScope(actor, "uploadEvidence")] }, select: { id: true, supplierId: true } });
    if (!record) return { ok: false as const, reason: "not-found" as const, message: "That assurance could not be found." };
    const document = await tx.evidenceDocument.create({
      data: {
        supplierId: record.supplierId,
        assuranceRecordId: record.id,
        fileName: cleanFileName(input.fileName),
        storageKey: input.upload.key,
        mimeType: "application/pdf",
        sizeBytes: input.upload.sizeBytes,
        sha256: input.upload.sha256,
        uploadedById: actor.userId,
        assuredOn: toDbDate(input.answers.assuredOn),
        expiresOn: toDbDate(input.answers.expiresOn),
        certificateNumber: input.answers.certificateNumber || null,
      },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "evidence.upload",
      objectType: "EvidenceDocument",
      objectId: document.id,
      after: { assuranceRecordId: record.id, fileName: document.fileName, sha256: document.sha256, sizeBytes: document.sizeBytes, assuredOn: input.answers.assuredOn, expiresOn: input.answers.expiresOn },
    });
    return { ok: true as const, evidenceId: document.id };
  });
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
    where: { AND: [{ status: "PENDING" }, assuranceScope(actor, "acceptEvidence")] },
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
