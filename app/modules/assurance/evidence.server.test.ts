import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrganisationWithUser, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, fromDbDate, londonToday } from "~/modules/dates";
import { MAX_EVIDENCE_BYTES, setUploadStorage, uploadStorage } from "~/services/storage/index.server";
import { chunks, useTemporaryUploads } from "~/test/uploads";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { evidenceFileResponse } from "./evidence-file.server";
import { acceptEvidence, getEvidence, listSupplierAssurance, rejectEvidence, submitRenewalEvidence, validateEvidenceAnswers } from "./evidence.server";

const database = useTestDatabase();
let root: string;
const today = londonToday();
let supplierA: Actor;
let supplierB: Actor;
let staff: Actor;
let recordId: string;


beforeAll(async () => {
  root = useTemporaryUploads("evidence-test");
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const userA = await db.user.create({ data: { email: `a@s${a.supplier.id}.example`, name: "Ann", passwordHash: "x", role: "SUPPLIER", organisationId: a.organisation.id } });
  const userB = await db.user.create({ data: { email: `b@s${b.supplier.id}.example`, name: "Bob", passwordHash: "x", role: "SUPPLIER", organisationId: b.organisation.id } });
  supplierA = await actorFor(db, userA.id);
  supplierB = await actorFor(db, userB.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: "X26E" })).user.id);
  recordId = (await createAssuranceRecord(db, { supplierId: a.supplier.id, standardId: "DSPT", scenario: "LAPSED" })).id;
});

afterAll(() => setUploadStorage(undefined));

const answers = { certificateNumber: "DSPT-NEW", assuredOn: addDays(today, -2), expiresOn: addDays(today, 360) };

describe("storage", () => {
  it("keeps nothing of an upload over 10 MB and reads it without keeping it in memory", async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 1);
    const result = await uploadStorage().save(chunks(...Array.from({ length: 50 }, () => megabyte)), { maxBytes: MAX_EVIDENCE_BYTES });
    expect(result).toEqual({ ok: false, reason: "too-large", sizeBytes: 50 * 1024 * 1024 });
    const left = (await readdir(root, { recursive: true })).filter((f) => f.endsWith(".part") || /[a-f0-9]{32}$/.test(f));
    expect(left).toEqual([]);
  });
});

describe("renewal evidence", () => {
  it("refuses an executable renamed .pdf", async () => {
    const upload = await uploadStorage().save(chunks("MZ\x90\x00 this is a Windows executable"), { maxBytes: MAX_EVIDENCE_BYTES });
    if (!upload.ok) throw new Error("save");
    const result = await submitRenewalEvidence(database.db, supplierA, { assuranceRecordId: recordId, upload, fileName: "report.pdf", answers });
    expect(result).toEqual({ ok: false, reason: "not-pdf", message: "The selected file must be a PDF" });
  });

  it("is seen only by its supplier and staff, and accepting it renews the assurance", async () => {
    const db = database.db;
    const upload = await uploadStorage().save(chunks("%PDF-1.7\n", "body"), { maxBytes: MAX_EVIDENCE_BYTES });
    if (!upload.ok) throw new Error("save");
    expect(upload.sha256).toMatch(/^[a-f0-9]{64}$/);
    const submitted = await submitRenewalEvidence(db, supplierA, { assuranceRecordId: recordId, upload, fileName: "../../etc/DSPT 2026.pdf", answers });
    if (!submitted.ok) throw new Error(submitted.message);
    // Commercial staff are told there is evidence to review, with a link to it.
    const told = await db.email.findMany({ where: { to: staff.email, subject: { startsWith: "For review:" } } });
    expect(told.map((e) => e.subject)).toEqual([expect.stringMatching(/'s Data Security and Protection Toolkit renewal evidence$/)]);
    expect(told[0].textBody).toContain(`/admin/evidence/${submitted.evidenceId}`);

    // Another supplier: by id, through the module and through the file route.
    expect(await getEvidence(db, supplierB, submitted.evidenceId)).toBeNull();
    expect((await evidenceFileResponse(supplierB, submitted.evidenceId)).status).toBe(404);
    expect(await submitRenewalEvidence(db, supplierB, { assuranceRecordId: recordId, upload, fileName: "x.pdf", answers })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await acceptEvidence(db, supplierB, submitted.evidenceId).catch(() => "refused")).toBe("refused");

    const own = await evidenceFileResponse(supplierA, submitted.evidenceId);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toContain('attachment; filename="DSPT 2026.pdf"');
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await own.text()).toBe("%PDF-1.7\nbody");
    expect((await evidenceFileResponse(staff, submitted.evidenceId)).status).toBe(200);

    expect(await acceptEvidence(db, staff, submitted.evidenceId)).toEqual({ ok: true });
    const record = await db.assuranceRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(record).toMatchObject({ status: "ASSURED", certificateNumber: "DSPT-NEW", evidenceDocumentId: submitted.evidenceId });
    expect(fromDbDate(record.expiresOn!)).toBe(answers.expiresOn);
    expect((await listSupplierAssurance(db, supplierA)).find((r) => r.id === recordId)?.state).toBe("ASSURED");
    // Decided once only.
    expect(await acceptEvidence(db, staff, submitted.evidenceId)).toEqual({ ok: false, message: "This evidence has already been decided." });
    expect(await rejectEvidence(db, staff, submitted.evidenceId, "Too late")).toEqual({ ok: false, message: "This evidence has already been decided." });
  });

  it("rejecting keeps the record as it was and tells the supplier why", async () => {
    const db = database.db;
    const upload = await uploadStorage().save(chunks("%PDF-1.4 x"), { maxBytes: MAX_EVIDENCE_BYTES });
    if (!upload.ok) throw new Error("save");
    const submitted = await submitRenewalEvidence(db, supplierA, { assuranceRecordId: recordId, upload, fileName: "x.pdf", answers: { ...answers, expiresOn: addDays(today, 700) } });
    if (!submitted.ok) throw new Error(submitted.message);
    expect(await rejectEvidence(db, staff, submitted.evidenceId, "The certificate is for another company.")).toEqual({ ok: true });
    const record = await db.assuranceRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(fromDbDate(record.expiresOn!)).toBe(answers.expiresOn);
    expect(await db.email.count({ where: { subject: { contains: "was not accepted" } } })).toBe(1);
  });
});

describe("validateEvidenceAnswers", () => {
  const parts = (d: string) => ({ year: d.slice(0, 4), month: d.slice(5, 7), day: d.slice(8, 10) });
  it("refuses an expiry before the assured-on date, a future assured-on date and nonsense", () => {
    expect(validateEvidenceAnswers({ certificateNumber: "", assuredOn: parts(addDays(today, -5)), expiresOn: parts(addDays(today, -10)) }, today)).toEqual({
      ok: false,
      errors: { expiresOn: "The expiry date must be after the assured-on date" },
    });
    expect(validateEvidenceAnswers({ certificateNumber: "", assuredOn: parts(addDays(today, 5)), expiresOn: parts(addDays(today, 50)) }, today)).toMatchObject({ ok: false, errors: { assuredOn: "The assured-on date must be today or in the past" } });
    expect(validateEvidenceAnswers({ certificateNumber: "", assuredOn: { day: "31", month: "2", year: "2026" }, expiresOn: { day: "x", month: "", year: "" } }, today)).toMatchObject({ ok: false, errors: { assuredOn: expect.any(String), expiresOn: expect.any(String) } });
  });
});
