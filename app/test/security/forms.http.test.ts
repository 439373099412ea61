import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../../seed/index";
import { DEMO_PASSWORD } from "../../../seed/demo";
import { createAssuranceRecord } from "../../../seed/factories";
import { createListing, getListingForEditing, requiredStandardIds } from "~/modules/listings/drafts.server";
import { startOrder } from "~/modules/orders/orders.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import { root, signedInVisitor, startAppServer, TEST_STRIPE_WEBHOOK_SECRET, Visitor, type AppServer } from "../app-server";
import { HostileTally } from "./report";
import { ROLES } from "./world";

/**
 * The forms with rules of their own, through the real HTTP server:
 * - every upload route: ordinary file names (a semicolon, an escaped quote, accents) just work;
 *   a malformed body is a 400 that keeps the answers typed; the list of upload routes is
 *   checked against the route files, so a new upload page must be added here;
 * - sign-in: `redirectTo` goes only to a path on this site, whatever is smuggled into it;
 * - the Stripe webhook: shape, timestamps and size, never a 5xx.
 */
const database = useTestDatabase();
const tally = new HostileTally("forms");
const BOUNDARY = "----upload-boundary";
let app: AppServer;

beforeAll(async () => {
  await seedDatabase(database.db, { today: new Date(), log: () => {} });
  app = await startAppServer({ databaseUrl: database.url, env: { TRUST_PROXY: "true" } });
}, 240_000);

afterAll(async () => {
  tally.write();
  await app?.stop();
});

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

/** A multipart body as a browser sends it (the file name quoted, its quotes escaped). */
function multipart(parts: Part[], { truncate = false } = {}): Buffer {
  const chunks = parts.map((p) => {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename.replace(/"/g, '\\"')}"` : ""}`;
    const type = p.filename !== undefined ? `\r\nContent-Type: ${p.type ?? "application/octet-stream"}` : "";
    return Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(p.value), Buffer.from("\r\n")]);
  });
  const body = Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]);
  // Cut inside the file part: the end boundary never comes.
  return truncate ? body.subarray(0, body.length - 40) : body;
}

async function upload(visitor: Visitor, address: string, parts: Part[], options: { truncate?: boolean } = {}) {
  const response = await visitor.fetch(address, {
    method: "POST",
    body: new Uint8Array(multipart([{ name: "csrf", value: visitor.csrf }, ...parts], options)),
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
  });
  return { response, body: await tally.record(`upload ${address}`, response.clone()) };
}

const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const FILE_NAMES = ["DSPT; 2026.pdf", 'DSPT "final" 2026.pdf', "Évaluation clinique — mars.pdf"];
const dateParts = (prefix: string, date: string) => ({ [`${prefix}-day`]: String(Number(date.slice(8))), [`${prefix}-month`]: String(Number(date.slice(5, 7))), [`${prefix}-year`]: date.slice(0, 4) });
const fields = (values: Record<string, string>): Part[] => Object.entries(values).map(([name, value]) => ({ name, value }));

describe("every upload route", () => {
  const UPLOAD_ROUTES = [
    "supplier.assurance.$recordId",
    "supplier.listings.$itemId.standards.$standardId",
    "buyer.orders.$orderId.recipients",
    "buyer.competitions.$competitionId.recipients",
    "admin.organisations.import",
  ];
  const MULTIPART = 'encType="multipart/form-data"';

  it("covers every route whose page has a file upload form, its own or a shared component's", () => {
    const sourcesIn = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourcesIn(path.join(dir, entry.name)) : /\.tsx$/.test(entry.name) ? [path.join(dir, entry.name)] : []));
    // Components that render an upload form (the recipients CSV upload is shared by orders and competitions).
    const uploadComponents = sourcesIn(path.join(root, "app/components"))
      .map((file) => readFileSync(file, "utf8"))
      .filter((text) => text.includes(MULTIPART))
      .flatMap((text) => [...text.matchAll(/export function (\w+)/g)].map((m) => m[1]));
    expect(uploadComponents).toContain("RecipientsUpload");
    const dir = path.join(root, "app/routes");
    const withUploads = readdirSync(dir)
      .filter((file) => {
        if (/\.test\./.test(file)) return false;
        const text = readFileSync(path.join(dir, file), "utf8");
        return text.includes(MULTIPART) || uploadComponents.some((name) => text.includes(`<${name} `) || text.includes(`<${name}>`));
      })
      .map((file) => file.replace(/\.tsx?$/, ""));
    expect(withUploads.sort()).toEqual([...UPLOAD_ROUTES].sort());
  });

  it("assurance renewal: ordinary file names just work; a malformed upload is a 400 that keeps the answers", async () => {
    const db = database.db;
    const visitor = await signedInVisitor(db, app.baseUrl, ROLES.supplierAccountManager);
    const supplierId = (await db.user.findUniqueOrThrow({ where: { email: ROLES.supplierAccountManager }, include: { organisation: true } })).organisation.supplierId!;
    const items = await db.catalogueItem.findMany({ where: { supplierId, kind: "SOLUTION" } });
    const standards = await db.standard.findMany({ orderBy: { id: "asc" } });
    // A record of its own for each upload (a record takes one pending renewal at a time).
    const records = [];
    for (let i = 0; records.length <= FILE_NAMES.length; i++) {
      const item = items[i % items.length];
      const standardId = standards[Math.floor(i / items.length) % standards.length].id;
      const existing = await db.assuranceRecord.findFirst({ where: { catalogueItemId: item.id, standardId }, include: { documents: { where: { status: "PENDING" } } } });
      if (existing && existing.documents.length > 0) continue;
      if (existing && !existing.expiresOn) continue;
      records.push(existing ?? (await createAssuranceRecord(db, { supplierId, standardId, catalogueItemId: item.id })));
    }
    const answers = { certificateNumber: "CERT-2026-001", ...dateParts("assuredOn", "2026-03-15"), ...dateParts("expiresOn", "2027-06-30") };
    for (const [i, name] of FILE_NAMES.entries()) {
      const { response } = await upload(visitor, `/supplier/assurance/${records[i].id}`, [...fields(answers), { name: "file", value: PDF, filename: name, type: "application/pdf" }]);
      expect(response.status, name).toBe(302);
      expect(response.headers.get("location")).toBe("/supplier/assurance?done=uploaded");
      // Kept under the name sent (the evidence module drops quotes, for safe download headers).
      const stored = await db.evidenceDocument.findFirstOrThrow({ where: { assuranceRecordId: records[i].id }, orderBy: { createdAt: "desc" } });
      expect(stored.fileName).toBe(name.replace(/"/g, ""));
    }
    const last = records[FILE_NAMES.length];
    const { response, body } = await upload(visitor, `/supplier/assurance/${last.id}?_data=${encodeURIComponent("routes/supplier.assurance.$recordId")}`, [...fields(answers), { name: "file", value: PDF, filename: "cut.pdf", type: "application/pdf" }], { truncate: true });
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ values: { certificateNumber: "CERT-2026-001", "expiresOn-year": "2027" }, errors: [{ fieldId: "file", message: "The file could not be uploaded. Choose the file again and try again." }] });
    expect(await db.evidenceDocument.count({ where: { assuranceRecordId: last.id, fileName: "cut.pdf" } })).toBe(0);
  });

  it("listing standards evidence: ordinary file names just work; a malformed upload is a 400 that keeps the answers", async () => {
    const db = database.db;
    const visitor = await signedInVisitor(db, app.baseUrl, ROLES.supplierAccountManager);
    const user = await db.user.findUniqueOrThrow({ where: { email: ROLES.supplierAccountManager } });
    const actor = await actorFor(db, user.id);
    const created = await createListing(db, actor, { kind: "SOLUTION", name: "Uploads through HTTP" });
    if (!created.ok) throw new Error(created.message);
    const standardIds = await requiredStandardIds(db);
    const answers = { certificateNumber: "STD-1", ...dateParts("assuredOn", "2026-01-10"), ...dateParts("expiresOn", "2027-01-09") };
    for (const [i, name] of FILE_NAMES.entries()) {
      const before = await db.evidenceDocument.count({ where: { fileName: name.replace(/"/g, ""), supplierId: actor.supplierId! } });
      const standardId = standardIds[i % standardIds.length];
      const { revision } = (await getListingForEditing(db, actor, created.itemId))!;
      const address = `/supplier/listings/${created.itemId}/standards/${standardId}`;
      const { response, body } = await upload(visitor, address, [
        ...fields({ revisionId: revision!.id, version: String(revision!.version), ...answers }),
        { name: "document", value: PDF, filename: name, type: "application/pdf" },
      ]);
      expect(response.status, `${name}: ${body.slice(0, 300)}`).toBe(302);
      expect(response.headers.get("location")).toBe(`/supplier/listings/${created.itemId}/standards`);
      expect(await db.evidenceDocument.count({ where: { fileName: name.replace(/"/g, ""), supplierId: actor.supplierId! } }), name).toBe(before + 1);
    }
    const { revision } = (await getListingForEditing(db, actor, created.itemId))!;
    const { response, body } = await upload(
      visitor,
      `/supplier/listings/${created.itemId}/standards/${standardIds[0]}?_data=${encodeURIComponent("routes/supplier.listings.$itemId.standards.$standardId")}`,
      [...fields({ revisionId: revision!.id, version: String(revision!.version), ...answers, certificateNumber: "KEEP-ME" }), { name: "document", value: PDF, filename: "cut.pdf", type: "application/pdf" }],
      { truncate: true },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ values: { certificateNumber: "KEEP-ME" }, fieldErrors: { document: "The file could not be uploaded. Choose the file again and try again." } });
  });

  it("service recipients CSV: a file named with ; or quotes just works; a malformed upload is a 400 with the message", async () => {
    const db = database.db;
    const icbUser = await db.user.findUniqueOrThrow({ where: { email: ROLES.icbBuyer } });
    const actor = await actorFor(db, icbUser.id);
    const practice = await db.organisation.findFirstOrThrow({ where: { type: "GP_PRACTICE", icbId: icbUser.organisationId, isActive: true } });
    const candidates = await db.catalogueItem.findMany({ where: { kind: "SOLUTION", publicationStatus: "PUBLISHED" }, take: 40, orderBy: { id: "asc" } });
    let orderId = "";
    for (const { id } of candidates) {
      const started = await startOrder(db, actor, { description: "Recipients by CSV over HTTP", solutionId: id });
      if (started.ok) {
        orderId = started.orderId;
        break;
      }
    }
    expect(orderId).not.toBe("");
    const visitor = await signedInVisitor(db, app.baseUrl, ROLES.icbBuyer);
    for (const name of ["practices; March.csv", 'practices "final".csv']) {
      const { response } = await upload(visitor, `/buyer/orders/${orderId}/recipients`, [{ name: "csv", value: `ODS code\r\n${practice.odsCode}\r\n`, filename: name, type: "text/csv" }]);
      expect(response.status, name).toBe(302);
      expect(response.headers.get("location")).toBe(`/buyer/orders/${orderId}/recipients?uploaded=1`);
    }
    const { response, body } = await upload(visitor, `/buyer/orders/${orderId}/recipients?_data=${encodeURIComponent("routes/buyer.orders.$orderId.recipients")}`, [{ name: "csv", value: `ODS code\r\n${practice.odsCode}\r\n`, filename: "cut.csv", type: "text/csv" }], { truncate: true });
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ fieldErrors: { csv: "The file could not be uploaded. Choose the file again and try again." } });
  });

  it("a competition's service recipients CSV: a file named with ; or quotes just works; a malformed upload is a 400 with the message", async () => {
    const db = database.db;
    const icbUser = await db.user.findUniqueOrThrow({ where: { email: ROLES.icbBuyer } });
    const practice = await db.organisation.findFirstOrThrow({ where: { type: "GP_PRACTICE", icbId: icbUser.organisationId, isActive: true } });
    const framework = await db.framework.findFirstOrThrow({ where: { status: "LIVE" }, orderBy: { id: "asc" } });
    const competition = await db.competition.create({
      data: { organisationId: icbUser.organisationId, leadUserId: icbUser.id, shortlistName: "Recipients by CSV over HTTP", name: "Recipients by CSV over HTTP", kind: "FURTHER_COMPETITION", frameworkId: framework.id },
    });
    const visitor = await signedInVisitor(db, app.baseUrl, ROLES.icbBuyer);
    const address = `/buyer/competitions/${competition.id}/recipients`;
    for (const name of ["practices; March.csv", 'practices "final".csv']) {
      const { response } = await upload(visitor, address, [{ name: "csv", value: `ODS code\r\n${practice.odsCode}\r\n`, filename: name, type: "text/csv" }]);
      expect(response.status, name).toBe(302);
      expect(response.headers.get("location")).toBe(`${address}?uploaded=1`);
    }
    expect(await db.competitionRecipient.count({ where: { competitionId: competition.id } })).toBe(1);
    const { response, body } = await upload(visitor, `${address}?_data=${encodeURIComponent("routes/buyer.competitions.$competitionId.recipients")}`, [{ name: "csv", value: `ODS code\r\n${practice.odsCode}\r\n`, filename: "cut.csv", type: "text/csv" }], { truncate: true });
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ fieldErrors: { csv: "The file could not be uploaded. Choose the file again and try again." } });
  });

  it("practice list sizes import: a file named with ; or quotes just works; a malformed upload is a 400 with the message", async () => {
    const db = database.db;
    const visitor = await signedInVisitor(db, app.baseUrl, ROLES.commercialStaff);
    const practice = await db.organisation.findFirstOrThrow({ where: { type: "GP_PRACTICE" } });
    const csv = `CODE,NUMBER_OF_PATIENTS,SEX,AGE\r\n${practice.odsCode},8123,ALL,ALL\r\n`;
    const address = `/admin/organisations/import?_data=${encodeURIComponent("routes/admin.organisations.import")}`;
    for (const name of ["list sizes; March 2026.csv", 'list "sizes".csv']) {
      const { response, body } = await upload(visitor, address, [{ name: "csv", value: csv, filename: name, type: "text/csv" }]);
      expect(response.status, name).toBe(200);
      expect(JSON.parse(body).report).toMatchObject({ rowsRead: 1 });
    }
    const { response, body } = await upload(visitor, address, [{ name: "csv", value: csv, filename: "cut.csv", type: "text/csv" }], { truncate: true });
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ fieldErrors: { csv: "The file could not be uploaded. Choose the file again and try again." } });
  });
});

describe("signing in", () => {
  const HOSTILE_REDIRECTS = [
    "//evil.example/",
    "/\tevil.example",
    "/%09/evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/\r\nSet-Cookie: stolen=1",
    "/%0D%0ASet-Cookie:%20stolen=1",
    "/%0a/evil.example",
    "https://evil.example/",
    "/%2F%2Fevil.example",
  ];

  it("sends a person only to a path on this site after signing in, whatever redirectTo carries, and never fails", async () => {
    for (const redirectTo of HOSTILE_REDIRECTS) {
      const visitor = await new Visitor(app.baseUrl).start();
      visitor.rotateAddress = true;
      const response = await visitor.post("/login", { email: ROLES.practiceBuyer, password: DEMO_PASSWORD, redirectTo });
      await tally.record(`sign in with redirectTo ${JSON.stringify(redirectTo)}`, response.clone());
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const location = response.headers.get("location")!;
      expect(location, JSON.stringify(redirectTo)).toBe("/buyer");
      // Signed in already: the sign-in page sends them on, just as safely.
      const again = await visitor.fetch(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
      await tally.record("signed-in /login with redirectTo", again.clone());
      expect([302, 400]).toContain(again.status);
      if (again.status === 302) expect(again.headers.get("location")).toBe("/buyer");
    }
  });

  it("keeps a safe redirectTo", async () => {
    const visitor = await new Visitor(app.baseUrl).start();
    visitor.rotateAddress = true;
    const response = await visitor.post("/login", { email: ROLES.practiceBuyer, password: DEMO_PASSWORD, redirectTo: "/buyer/orders?status=COMPLETED" });
    expect(response.headers.get("location")).toBe("/buyer/orders?status=COMPLETED");
  });
});

describe("the Stripe webhook", () => {
  const post = (body: BodyInit, signature: string | null, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}/webhooks/stripe`, { method: "POST", body, headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}), ...headers } });
  const signed = (payload: string, timestamp?: number) => Stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_STRIPE_WEBHOOK_SECRET, timestamp });

  it("refuses correctly signed events of unexpected shapes, signatures from an hour ahead, and 60 MB bodies, with 4xx", async () => {
    const shapes = [{ type: "invoice.paid" }, { id: "evt_1", type: "invoice.paid", created: 1 }, { id: 7, type: "x", created: 1, data: { object: {} } }, null, [], "evt", { id: "evt_2", type: "invoice.paid", created: 1, data: { object: { id: 12 } } }];
    for (const shape of shapes) {
      const payload = JSON.stringify(shape);
      const response = await post(payload, signed(payload));
      await tally.record(`webhook ${payload}`, response.clone());
      expect(response.status, payload).toBe(400);
    }
    const payload = JSON.stringify({ id: "evt_future", type: "invoice.paid", created: 1, data: { object: { id: "in_1", object: "invoice" } } });
    const future = await post(payload, signed(payload, Math.floor(Date.now() / 1000) + 3600));
    await tally.record("webhook signed an hour ahead", future.clone());
    expect(future.status).toBe(400);
    expect(await database.db.stripeEvent.count({ where: { id: "evt_future" } })).toBe(0);
    const huge = await post(new Uint8Array(60 * 1024 * 1024).fill(32) as unknown as BodyInit, "t=1,v1=abc").catch(() => null);
    if (huge) {
      await tally.record("webhook 60 MB", huge.clone());
      expect(huge.status).toBe(413);
    } else tally.closedEarly++;
    const ok = await post(payload, signed(payload));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, outcome: "ignored" });
  });
});
