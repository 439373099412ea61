import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createPublishedSolution, createSupplier, ensureReferenceData } from "../../seed/factories";
import { createListing, getListingForEditing, requiredStandardIds } from "~/modules/listings/drafts.server";
import { MAX_EVIDENCE_BYTES, setUploadStorage } from "~/services/storage/index.server";
import { actorFor } from "~/test/actors";
import { useTemporaryUploads } from "~/test/uploads";
import { useTestDatabase } from "~/test/database";
import { createSession } from "~/utils/session.server";
import { action as standardAction } from "./supplier.listings.$itemId.standards.$standardId";
import { action as renewalAction } from "./supplier.assurance.$recordId";

/**
 * Issue 5, "a 50 MB upload ... the supplier's other answers kept": an evidence upload refused as
 * too large comes back with the certificate number and dates the person typed, read from the
 * part of the body before the file (the forms put the file input last), without the file being
 * read or stored.
 */
const database = useTestDatabase();
let cookie: string;
let csrf: string;
let uploads: string;

beforeAll(async () => {
  uploads = useTemporaryUploads("upload-routes");
  const db = database.db;
  await ensureReferenceData(db);
  const { organisation } = await createSupplier(db);
  const user = await db.user.create({ data: { email: `u@uploads-${organisation.id}.example`, name: "Una", passwordHash: "x", role: "SUPPLIER", organisationId: organisation.id } });
  const setCookie = await createSession(user.id, new Request("http://test/"));
  cookie = setCookie.split(";")[0];
  csrf = (await db.session.findFirstOrThrow({ where: { userId: user.id } })).csrfSecret;
});

afterAll(() => setUploadStorage(undefined));

const BOUNDARY = "----evidence-boundary";

/** A multipart body as a browser sends it: the text fields in page order, then the file. */
function multipart(fields: Record<string, string>, file: { name: string; field: string; bytes: number }) {
  const text = Object.entries(fields).map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("");
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
  return Buffer.concat([Buffer.from(text + head), Buffer.alloc(file.bytes, 32), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

function post(url: string, body: Buffer) {
  return new Request(url, {
    method: "POST",
    headers: { cookie, "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "content-length": String(body.byteLength) },
    body: new Uint8Array(body),
  });
}

const answers = (name: string) => ({
  certificateNumber: `${name}-<script>1</script>`,
  "assuredOn-day": "1",
  "assuredOn-month": "2",
  "assuredOn-year": "2026",
  "expiresOn-day": "31",
  "expiresOn-month": "12",
  "expiresOn-year": "2028",
});

async function filesIn(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

describe("an evidence upload refused as too large", () => {
  it("keeps the standard's certificate number and dates (and the kept document) and saves nothing", async () => {
    const db = database.db;
    const actor = await actorFor(db, (await db.session.findFirstOrThrow({ where: { csrfSecret: csrf } })).userId);
    const created = await createListing(db, actor, { kind: "SOLUTION", name: "Big upload" });
    if (!created.ok) throw new Error(created.message);
    const [standardId] = await requiredStandardIds(db);
    const listing = (await getListingForEditing(db, actor, created.itemId))!;
    const fields = { csrf, revisionId: listing.revision!.id, version: String(listing.revision!.version), ...answers("BCDR"), keepDocumentId: "doc-1" };
    const body = multipart(fields, { name: "big.pdf", field: "document", bytes: MAX_EVIDENCE_BYTES + 1024 * 1024 });
    const before = await filesIn(uploads);

    const response = await standardAction({ request: post(`http://test/supplier/listings/${created.itemId}/standards/${standardId}`, body), params: { itemId: created.itemId, standardId }, context: {} });
    expect(response.status).toBe(413);
    const data = (await response.json()) as { errors: { fieldId: string; message: string }[]; values: Record<string, string> };
    expect(data.errors).toEqual([{ fieldId: "document", message: "The selected file must be smaller than 10 MB" }]);
    expect(data.values).toEqual({ ...answers("BCDR"), keepDocumentId: "doc-1" });
    expect(await filesIn(uploads)).toBe(before);
    expect((await getListingForEditing(db, actor, created.itemId))!.content!.standards).toEqual([]);
  });

  it("keeps the renewal's certificate number and dates, and records no evidence", async () => {
    const db = database.db;
    const session = await db.session.findFirstOrThrow({ where: { csrfSecret: csrf }, include: { user: { include: { organisation: true } } } });
    const supplierId = session.user.organisation.supplierId!;
    const { item } = await createPublishedSolution(db, { supplierId, name: "Renewing big" });
    const [standardId] = await requiredStandardIds(db);
    const record = await createAssuranceRecord(db, { supplierId, standardId, catalogueItemId: item.id });
    const body = multipart({ csrf, ...answers("RENEW") }, { name: "big.pdf", field: "file", bytes: 50 * 1024 * 1024 });

    const response = await renewalAction({ request: post(`http://test/supplier/assurance/${record.id}`, body), params: { recordId: record.id }, context: {} });
    expect(response.status).toBe(413);
    const data = (await response.json()) as { errors: { fieldId: string }[]; values: Record<string, string> };
    expect(data.errors.map((e) => e.fieldId)).toEqual(["file"]);
    expect(data.values).toEqual(answers("RENEW"));
    expect(await db.evidenceDocument.count({ where: { assuranceRecordId: record.id } })).toBe(0);
  });

  it("does not read past 64 KB of fields looking for them", async () => {
    const huge = multipart({ csrf, padding: "x".repeat(200_000), ...answers("LATE") }, { name: "big.pdf", field: "file", bytes: MAX_EVIDENCE_BYTES + 1 });
    const response = await renewalAction({ request: post("http://test/supplier/assurance/none", huge), params: { recordId: "none" }, context: {} });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { values: Record<string, string> }).values.certificateNumber).toBe("");
  });
});
