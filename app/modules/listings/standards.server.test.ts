import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { evidenceFileResponse } from "~/modules/assurance/evidence-file.server";
import { getEvidence } from "~/modules/assurance/evidence.server";
import { addDays, fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import { getReview } from "~/modules/reviews/reviews.server";
import { MAX_EVIDENCE_BYTES, setUploadStorage, uploadStorage, type StoredUpload } from "~/services/storage/index.server";
import { chunks, useTemporaryUploads } from "~/test/uploads";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import type { Prisma } from "../../../generated/prisma/client";
import { normaliseContent, validatePrice } from "./content";
import {
  createListing,
  getListingForEditing,
  newPriceId,
  removeStandardDocument,
  removeStandardEvidence,
  requiredStandardIds,
  saveSection,
  savePrice,
  saveStandardEvidence,
  startDraft,
  submitRevision,
  withdrawRevision,
} from "./drafts.server";
import { approveRevision } from "./publication.server";

/**
 * Issue 5's per-standard evidence inside a listing revision: what approval turns into assurance
 * records, and that one supplier's evidence is invisible and unusable to another.
 */
const database = useTestDatabase();
const today = londonToday();
let supplierA: Actor;
let supplierB: Actor;
let staff: Actor;
let required: string[];

async function storePdf(body = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"): Promise<StoredUpload> {
  const saved = await uploadStorage().save(chunks(body), { maxBytes: MAX_EVIDENCE_BYTES });
  if (!saved.ok) throw new Error("not stored");
  return saved;
}

beforeAll(async () => {
  useTemporaryUploads("standards-test");
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const userA = await db.user.create({ data: { email: `a@std-${a.supplier.id}.example`, name: "Ann", passwordHash: "x", role: "SUPPLIER", organisationId: a.organisation.id } });
  const userB = await db.user.create({ data: { email: `b@std-${b.supplier.id}.example`, name: "Bob", passwordHash: "x", role: "SUPPLIER", organisationId: b.organisation.id } });
  supplierA = await actorFor(db, userA.id);
  supplierB = await actorFor(db, userB.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: "X26S" })).user.id);
  required = await requiredStandardIds(db);
});

afterAll(() => setUploadStorage(undefined));

async function revisionRef(itemId: string, actor = supplierA) {
  const listing = await getListingForEditing(database.db, actor, itemId);
  return { itemId, revisionId: listing!.revision!.id, version: listing!.revision!.version };
}

const dates = (assuredDaysAgo: number, expiresInDays: number) => ({ assuredOn: addDays(today, -assuredDaysAgo), expiresOn: addDays(today, expiresInDays) });

async function giveEvidence(itemId: string, standardId: string, options: { certificateNumber?: string | null; upload?: StoredUpload; assuredOn?: DateOnly; expiresOn?: DateOnly } = {}, actor = supplierA) {
  const entry = { standardId, certificateNumber: options.certificateNumber === undefined ? `${standardId}-CERT` : options.certificateNumber, ...dates(10, 365), ...pick(options) };
  return saveStandardEvidence(database.db, actor, await revisionRef(itemId, actor), {
    entry,
    keepDocument: null,
    upload: options.upload ? { stored: options.upload, fileName: `../../${standardId}.pdf` } : null,
  });
}
const pick = (o: { assuredOn?: DateOnly; expiresOn?: DateOnly }) => ({ ...(o.assuredOn ? { assuredOn: o.assuredOn } : {}), ...(o.expiresOn ? { expiresOn: o.expiresOn } : {}) });

/** Everything but the standards section, for a new Catalogue Solution. */
async function fillOtherSections(itemId: string, actor = supplierA) {
  const db = database.db;
  const epics = (await db.epic.findMany({ where: { capabilityId: "C43" } })).map((e) => ({ epicId: e.id, result: "PASSED" as const }));
  for (const patch of [
    { summary: "Online consultation.", description: "A description." },
    { features: ["Triage"] },
    { capabilities: [{ capabilityId: "C43", result: "PASSED_FULL" as const, epics }] },
    { hostingTypes: [{ hostingType: "PUBLIC_CLOUD" as const, summary: "UK cloud", hscnRequired: false }] },
    { applicationTypes: [{ applicationType: "BROWSER_BASED" as const, description: "Browsers" }] },
    { implementationTimescales: "Two weeks." },
    { frameworks: [{ frameworkId: "TIF001", isFoundation: false }] },
  ]) {
    expect((await saveSection(db, actor, await revisionRef(itemId, actor), patch)).ok).toBe(true);
  }
  const price = validatePrice({ provisioningType: "PATIENT", priceType: "FLAT", billingPeriod: "YEARLY", unitDescription: "per patient", price: "1.25" }, newPriceId(itemId));
  if (!price.ok) throw new Error("price");
  expect((await savePrice(db, actor, await revisionRef(itemId, actor), price.price)).ok).toBe(true);
}

async function approve(itemId: string) {
  const ref = await revisionRef(itemId);
  return approveRevision(database.db, staff, ref.revisionId, ref.version);
}

const recordsOf = (itemId: string) => database.db.assuranceRecord.findMany({ where: { catalogueItemId: itemId }, orderBy: { standardId: "asc" } });

describe("a new solution's standards and evidence", () => {
  it("blocks submission until every overarching standard has evidence, then approval creates exactly the reviewed records", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Evidenced Consult" });
    if (!created.ok) throw new Error(created.message);
    const itemId = created.itemId;
    await fillOtherSections(itemId);

    // All but one required standard, plus an optional interoperability one with a document.
    const [first, ...rest] = required;
    const upload = await storePdf();
    expect((await giveEvidence(itemId, first, { certificateNumber: null, upload })).ok).toBe(true);
    for (const standardId of rest.slice(0, -1)) expect((await giveEvidence(itemId, standardId)).ok).toBe(true);
    expect((await giveEvidence(itemId, "S47", dates(5, 700))).ok).toBe(true);
    const early = await submitRevision(db, supplierA, await revisionRef(itemId));
    expect(early).toMatchObject({ ok: false, reason: "incomplete", missing: ["Standards and evidence"] });

    const last = rest[rest.length - 1];
    expect((await giveEvidence(itemId, last, { certificateNumber: "LAST-1", ...dates(1, 30) })).ok).toBe(true);
    expect((await submitRevision(db, supplierA, await revisionRef(itemId))).ok).toBe(true);

    // The document is the supplier's, not in the renewal queue, and its name is made safe.
    const documentRow = await db.evidenceDocument.findFirstOrThrow({ where: { storageKey: upload.key } });
    expect(documentRow).toMatchObject({ supplierId: supplierA.supplierId, assuranceRecordId: null, status: "PENDING", fileName: `${first}.pdf`, sha256: upload.sha256 });

    // The supplier edits the draft after staff opened it: approving the old version is refused and writes nothing.
    const reviewed = await revisionRef(itemId);
    const review = (await getReview(db, staff, reviewed.revisionId))!;
    expect(review.diff.find((d) => d.section === "standards")).toMatchObject({ changed: true });
    await withdrawRevision(db, supplierA, reviewed);
    expect((await giveEvidence(itemId, "S47", { certificateNumber: "IM1-CHANGED", ...dates(5, 700) })).ok).toBe(true);
    await submitRevision(db, supplierA, await revisionRef(itemId));
    expect(await approveRevision(db, staff, reviewed.revisionId, review.revision.version)).toMatchObject({ ok: false, reason: "stale" });
    expect(await recordsOf(itemId)).toEqual([]);

    expect(await approve(itemId)).toEqual({ ok: true, itemId });
    const content = normaliseContent((await db.listingRevision.findUniqueOrThrow({ where: { id: reviewed.revisionId } })).content);
    const records = await recordsOf(itemId);
    expect(records.map((r) => r.standardId).sort()).toEqual([...required, "S47"].sort());
    for (const entry of content.standards!) {
      const record = records.find((r) => r.standardId === entry.standardId)!;
      expect({
        assuredOn: fromDbDate(record.assuredOn),
        expiresOn: fromDbDate(record.expiresOn!),
        certificateNumber: record.certificateNumber,
        evidenceDocumentId: record.evidenceDocumentId,
        supplierId: record.supplierId,
      }).toEqual({ assuredOn: entry.assuredOn, expiresOn: entry.expiresOn, certificateNumber: entry.certificateNumber, evidenceDocumentId: entry.document?.id ?? null, supplierId: supplierA.supplierId });
    }
    expect(records.find((r) => r.standardId === "S47")!.certificateNumber).toBe("IM1-CHANGED");
    // State from the assurance rules: 30 days left is inside the 60-day warning window.
    expect(records.find((r) => r.standardId === last)!.status).toBe("EXPIRING");
    expect(records.find((r) => r.standardId === first)!.status).toBe("ASSURED");
    expect(await db.evidenceDocument.findUniqueOrThrow({ where: { id: documentRow.id } })).toMatchObject({ status: "ACCEPTED", assuranceRecordId: records.find((r) => r.standardId === first)!.id, reviewedById: staff.userId });
    expect(await db.auditEvent.count({ where: { action: "assurance.create", objectId: { in: records.map((r) => r.id) } } })).toBe(records.length);
    expect(await db.outboxMessage.count({ where: { topic: "search.sync", payload: { equals: { catalogueItemId: itemId } } } })).toBeGreaterThanOrEqual(1);
  });
});

describe("a published solution's evidence changed in a revision", () => {
  it("starts the draft from the records, renews only the changed ones (clearing a lapse) and leaves the rest alone", async () => {
    const db = database.db;
    const { item } = await createPublishedSolution(db, { supplierId: supplierA.supplierId!, name: "Renewing Consult" });
    for (const standardId of required) await createAssuranceRecord(db, { supplierId: supplierA.supplierId!, standardId, catalogueItemId: item.id });
    const lapsed = await db.assuranceRecord.update({
      where: { standardId_supplierId_catalogueItemId: { standardId: required[0], supplierId: supplierA.supplierId!, catalogueItemId: item.id } },
      data: { status: "LAPSED", expiresOn: new Date(`${addDays(today, -3)}T00:00:00Z`), certificateNumber: "OLD-1", lapsedAt: new Date() },
    });
    const before = await recordsOf(item.id);

    const started = await startDraft(db, supplierA, item.id);
    if (!started.ok) throw new Error(started.message);
    const draft = (await getListingForEditing(db, supplierA, item.id))!.content!;
    expect(draft.standards!.map((e) => e.standardId).sort()).toEqual([...required].sort());

    const upload = await storePdf();
    expect((await giveEvidence(item.id, required[0], { certificateNumber: null, upload, ...dates(2, 400) })).ok).toBe(true);
    expect((await submitRevision(db, supplierA, await revisionRef(item.id))).ok).toBe(true);
    expect(await approve(item.id)).toMatchObject({ ok: true });

    const after = await recordsOf(item.id);
    const renewed = after.find((r) => r.id === lapsed.id)!;
    expect(renewed).toMatchObject({ status: "ASSURED", certificateNumber: null, lapsedAt: null });
    expect(fromDbDate(renewed.expiresOn!)).toBe(addDays(today, 400));
    expect(renewed.evidenceDocumentId).toBe((await db.evidenceDocument.findFirstOrThrow({ where: { storageKey: upload.key } })).id);
    // Unchanged records are untouched (same version), so nothing a renewal did meanwhile is undone.
    for (const record of before.filter((r) => r.id !== lapsed.id)) expect(after.find((r) => r.id === record.id)!.version).toBe(record.version);
    expect(await db.auditEvent.count({ where: { action: "assurance.renew", objectId: lapsed.id } })).toBe(1);
  });
});

describe("a second tab", () => {
  it("saving stale evidence keeps neither the answer nor a document row", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Two tabs" });
    if (!created.ok) throw new Error(created.message);
    const oldRef = await revisionRef(created.itemId);
    expect((await giveEvidence(created.itemId, required[0])).ok).toBe(true);
    const upload = await storePdf();
    const stale = await saveStandardEvidence(db, supplierA, oldRef, { entry: { standardId: required[1], certificateNumber: null, ...dates(1, 100) }, keepDocument: null, upload: { stored: upload, fileName: "late.pdf" } });
    expect(stale).toMatchObject({ ok: false, reason: "stale" });
    expect(await db.evidenceDocument.count({ where: { storageKey: upload.key } })).toBe(0);
    const content = (await getListingForEditing(db, supplierA, created.itemId))!.content!;
    expect(content.standards!.map((e) => e.standardId)).toEqual([required[0]]);
  });
});

describe("another supplier's evidence", () => {
  it("cannot be read, downloaded or attached by id", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Private evidence" });
    if (!created.ok) throw new Error(created.message);
    const upload = await storePdf();
    expect((await giveEvidence(created.itemId, required[0], { upload })).ok).toBe(true);
    const documentRow = await db.evidenceDocument.findFirstOrThrow({ where: { storageKey: upload.key } });

    expect(await getEvidence(db, supplierB, documentRow.id)).toBeNull();
    expect((await evidenceFileResponse(supplierB, documentRow.id)).status).toBe(404);
    const own = await evidenceFileResponse(supplierA, documentRow.id);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(await getEvidence(db, staff, documentRow.id)).not.toBeNull();

    // B cannot write into A's draft at all.
    const refA = await revisionRef(created.itemId);
    expect(await saveStandardEvidence(db, supplierB, refA, { entry: { standardId: "S24", certificateNumber: "X", ...dates(1, 100) }, keepDocument: null, upload: null })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await removeStandardEvidence(db, supplierB, refA, required[0])).toMatchObject({ ok: false, reason: "not-found" });

    // B's own draft naming A's document (forged past the form check) cannot be approved: nothing is published or recorded.
    const other = await createListing(db, supplierB, { kind: "SOLUTION", name: "Borrowed evidence" });
    if (!other.ok) throw new Error(other.message);
    await fillOtherSections(other.itemId, supplierB);
    const revisionB = await revisionRef(other.itemId, supplierB);
    const forged = normaliseContent((await db.listingRevision.findUniqueOrThrow({ where: { id: revisionB.revisionId } })).content);
    forged.standards = required.map((standardId) => ({ standardId, certificateNumber: null, document: { id: documentRow.id, fileName: "stolen.pdf" }, ...dates(1, 100) }));
    await db.listingRevision.update({ where: { id: revisionB.revisionId }, data: { status: "SUBMITTED", content: forged as unknown as Prisma.InputJsonObject, version: { increment: 1 } } });
    const ref = await revisionRef(other.itemId, supplierB);
    const refused = await approveRevision(db, staff, ref.revisionId, ref.version);
    expect(refused).toMatchObject({ ok: false, reason: "refused", message: expect.stringMatching(/could not be found/) });
    expect(await db.catalogueItem.findUniqueOrThrow({ where: { id: other.itemId } })).toMatchObject({ publicationStatus: "DRAFT", publishedRevisionId: null });
    expect(await recordsOf(other.itemId)).toEqual([]);
    expect(await db.evidenceDocument.findUniqueOrThrow({ where: { id: documentRow.id } })).toMatchObject({ status: "PENDING", assuranceRecordId: null });
  });
});

describe("removing a saved document", () => {
  it("keeps the certificate number and dates, refuses when the evidence would be empty, and is the supplier's own", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Document dropped" });
    if (!created.ok) throw new Error(created.message);
    const itemId = created.itemId;
    expect((await giveEvidence(itemId, required[0], { certificateNumber: "KEEP-1", upload: await storePdf() })).ok).toBe(true);
    expect((await giveEvidence(itemId, required[1], { certificateNumber: null, upload: await storePdf() })).ok).toBe(true);
    const entries = async () => (await getListingForEditing(db, supplierA, itemId))!.content!.standards!;
    const before = (await entries()).find((e) => e.standardId === required[0])!;

    expect(await removeStandardDocument(db, supplierB, await revisionRef(itemId), required[0])).toMatchObject({ ok: false, reason: "not-found" });
    expect(await removeStandardDocument(db, supplierA, await revisionRef(itemId), required[1])).toMatchObject({ ok: false, reason: "refused", message: expect.stringMatching(/certificate number/) });
    expect(await removeStandardDocument(db, supplierA, await revisionRef(itemId), "S999")).toMatchObject({ ok: false, reason: "not-found" });
    const stale = { ...(await revisionRef(itemId)), version: 1 };
    expect(await removeStandardDocument(db, supplierA, stale, required[0])).toMatchObject({ ok: false, reason: "stale" });

    expect((await removeStandardDocument(db, supplierA, await revisionRef(itemId), required[0])).ok).toBe(true);
    const after = await entries();
    expect(after.find((e) => e.standardId === required[0])).toEqual({ ...before, document: null });
    expect(after.find((e) => e.standardId === required[1])!.document).not.toBeNull();
    // Twice is a not-found, not a second write.
    expect(await removeStandardDocument(db, supplierA, await revisionRef(itemId), required[0])).toMatchObject({ ok: false, reason: "not-found" });
    expect(await db.auditEvent.count({ where: { action: "listing.removeStandardDocument", objectId: (await revisionRef(itemId)).revisionId } })).toBe(1);
    // Overarching standards cannot be removed, whatever the page offers.
    expect(await removeStandardEvidence(db, supplierA, await revisionRef(itemId), required[0])).toMatchObject({ ok: false, reason: "refused" });
  });
});

describe("an optional standard removed in a revision", () => {
  it("is shown as removed, then approval removes the solution's record for it (audited, search told) and keeps the others", async () => {
    const db = database.db;
    const { item } = await createPublishedSolution(db, { supplierId: supplierA.supplierId!, name: "Dropping IM1" });
    const kept = (await db.standard.findFirstOrThrow({ where: { isOverarching: false, kind: { not: "SUPPLIER_ASSURANCE" }, id: { not: "S47" }, status: "ACTIVE" } })).id;
    for (const standardId of [...required, "S47", kept]) await createAssuranceRecord(db, { supplierId: supplierA.supplierId!, standardId, catalogueItemId: item.id });
    const optional = await db.assuranceRecord.findFirstOrThrow({ where: { catalogueItemId: item.id, standardId: "S47" } });
    const renewal = await db.evidenceDocument.create({
      data: { supplierId: supplierA.supplierId!, assuranceRecordId: optional.id, fileName: "renewal.pdf", storageKey: "f".repeat(32), mimeType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), uploadedById: supplierA.userId },
    });
    const before = await recordsOf(item.id);

    expect((await startDraft(db, supplierA, item.id)).ok).toBe(true);
    expect((await removeStandardEvidence(db, supplierA, await revisionRef(item.id), "S47")).ok).toBe(true);
    expect((await submitRevision(db, supplierA, await revisionRef(item.id))).ok).toBe(true);
    const ref = await revisionRef(item.id);
    const review = (await getReview(db, staff, ref.revisionId))!;
    expect(review.missing).toEqual([]);
    expect(review.standards.find((s) => s.standardId === "S47")).toMatchObject({ change: "removed", required: false });
    expect(review.standards.find((s) => s.standardId === kept)).toMatchObject({ change: "unchanged" });

    await db.outboxMessage.deleteMany({ where: { topic: "search.sync", payload: { equals: { catalogueItemId: item.id } } } });
    expect(await approveRevision(db, staff, ref.revisionId, ref.version)).toMatchObject({ ok: true });
    const after = await recordsOf(item.id);
    expect(after.map((r) => r.standardId).sort()).toEqual([...required, kept].sort());
    for (const record of after) expect(record.version).toBe(before.find((r) => r.id === record.id)!.version);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "assurance.remove", objectId: optional.id } });
    expect(audit.before).toMatchObject({ standardId: "S47", status: optional.status });
    expect(await db.evidenceDocument.findUniqueOrThrow({ where: { id: renewal.id } })).toMatchObject({ status: "REJECTED", assuranceRecordId: null });
    expect(await db.outboxMessage.count({ where: { topic: "search.sync", payload: { equals: { catalogueItemId: item.id } } } })).toBeGreaterThanOrEqual(1);

    // The next revision (a snapshot with the section now) starts without it and approves without touching the rest.
    expect((await startDraft(db, supplierA, item.id)).ok).toBe(true);
    expect((await getListingForEditing(db, supplierA, item.id))!.content!.standards!.map((e) => e.standardId)).not.toContain("S47");
  });

  it("is refused while its assurance is in remediation, and nothing is published", async () => {
    const db = database.db;
    const { item } = await createPublishedSolution(db, { supplierId: supplierA.supplierId!, name: "Dropping in remediation" });
    for (const standardId of [...required, "S47"]) await createAssuranceRecord(db, { supplierId: supplierA.supplierId!, standardId, catalogueItemId: item.id });
    await db.assuranceRecord.updateMany({ where: { catalogueItemId: item.id, standardId: "S47" }, data: { status: "IN_REMEDIATION", remediationPlan: "Re-test", remediationDeadline: new Date(`${addDays(today, 30)}T00:00:00Z`) } });
    const published = (await db.catalogueItem.findUniqueOrThrow({ where: { id: item.id } })).publishedRevisionId;
    expect((await startDraft(db, supplierA, item.id)).ok).toBe(true);
    expect((await removeStandardEvidence(db, supplierA, await revisionRef(item.id), "S47")).ok).toBe(true);
    expect((await submitRevision(db, supplierA, await revisionRef(item.id))).ok).toBe(true);
    expect(await approve(item.id)).toMatchObject({ ok: false, reason: "refused", message: expect.stringMatching(/remediation/) });
    expect((await recordsOf(item.id)).map((r) => r.standardId)).toContain("S47");
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: item.id } })).publishedRevisionId).toBe(published);
  });
});

describe("the review page's missing sections", () => {
  it("counts the overarching standards, as approval does", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Missing a standard" });
    if (!created.ok) throw new Error(created.message);
    await fillOtherSections(created.itemId);
    for (const standardId of required.slice(1)) expect((await giveEvidence(created.itemId, standardId)).ok).toBe(true);
    // Forced to the queue past the submit check, as a revision submitted before staff made another standard overarching would be.
    const ref = await revisionRef(created.itemId);
    await db.listingRevision.update({ where: { id: ref.revisionId }, data: { status: "SUBMITTED", version: { increment: 1 } } });
    const review = (await getReview(db, staff, ref.revisionId))!;
    expect(review.missing).toEqual(["Standards and evidence"]);
    expect(review.standards.find((s) => s.standardId === required[0])).toMatchObject({ required: true, revision: null });
    const refused = await approveRevision(db, staff, ref.revisionId, ref.version + 1);
    expect(refused).toMatchObject({ ok: false, reason: "incomplete", missing: review.missing });
  });
});
