import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../seed/factories";
import { getListingForEditing, saveSection, startDraft, submitRevision } from "~/modules/listings/drafts.server";
import { approveRevision } from "~/modules/listings/publication.server";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { rebuildSearchIndex, setSearchEnginesForTests } from "~/services/search/index.server";
import { createPostgresEngine } from "~/services/search/postgres-engine.server";
import "~/services/jobs/handlers.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { loader as solutionLoader } from "./api.v1.solutions.$id";
import { loader as searchLoader } from "./api.v1.solutions._index";

/**
 * Issue 5: "buyers never see unreviewed content in pages, search or the API". The module tests
 * cover the catalogue queries; this one goes through the open-data API's own loaders, with a
 * supplier's submitted (not yet approved) revision of a live solution in the database.
 */
const database = useTestDatabase();
const LIVE_NAME = "Harbourline Consult";
const DRAFT_NAME = "Harbourline Quixotic Edition";
let supplier: Actor;
let staff: Actor;
let itemId: string;

const search = async (q: string) => {
  const response = await searchLoader({ request: new Request(`http://test/api/v1/solutions?q=${encodeURIComponent(q)}&assurance=assured&assurance=lapsed&assurance=in-remediation`), params: {}, context: {} });
  expect(response.status).toBe(200);
  return (await response.json()) as { total: number; hits: { id: string; name: string; summary: string }[] };
};
const detail = async () => {
  const response = await solutionLoader({ request: new Request(`http://test/api/v1/solutions/${itemId}`), params: { id: itemId }, context: {} });
  expect(response.status).toBe(200);
  return (await response.json()) as { name: string; summary: string };
};
const revisionRef = async () => {
  const listing = await getListingForEditing(database.db, supplier, itemId);
  return { itemId, revisionId: listing!.revision!.id, version: listing!.revision!.version };
};

beforeAll(async () => {
  const db = database.db;
  setSearchEnginesForTests({ postgres: createPostgresEngine(() => db), meilisearch: null });
  await ensureReferenceData(db);
  const { supplier: company, organisation } = await createSupplier(db);
  const user = await db.user.create({ data: { email: `author@supplier-${company.id}.example`, name: "Ann Author", passwordHash: "x", role: "SUPPLIER", organisationId: organisation.id } });
  supplier = await actorFor(db, user.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: "X26T" })).user.id);
  itemId = (await createPublishedSolution(db, { supplierId: company.id, name: LIVE_NAME })).item.id;
  // A live solution is assured against every overarching standard; a draft starts from those records.
  for (const { id } of await db.standard.findMany({ where: { isOverarching: true } })) await createAssuranceRecord(db, { supplierId: company.id, standardId: id, catalogueItemId: itemId });
  await rebuildSearchIndex(db, { log: () => {} });
});

afterAll(() => setSearchEnginesForTests(null));

describe("the open-data API and a supplier's unreviewed revision", () => {
  it("serves the live listing while a changed revision is submitted, even after a full reindex", async () => {
    const db = database.db;
    expect((await startDraft(db, supplier, itemId)).ok).toBe(true);
    const saved = await saveSection(db, supplier, await revisionRef(), { name: DRAFT_NAME, summary: "Quixotic unreviewed wording the buyer must not see." });
    expect(saved.ok).toBe(true);
    const submitted = await submitRevision(db, supplier, await revisionRef());
    expect(submitted.ok ? "submitted" : `${submitted.message} ${submitted.missing?.join(", ")}`).toBe("submitted");
    await drainOutbox(db, { batchSize: 50 });
    await rebuildSearchIndex(db, { log: () => {} });

    expect((await search("quixotic")).total).toBe(0);
    const live = await search("Harbourline");
    expect(live.hits.map((h) => [h.id, h.name])).toEqual([[itemId, LIVE_NAME]]);
    expect(await detail()).toMatchObject({ name: LIVE_NAME });
    expect((await detail()).summary).not.toMatch(/Quixotic/);
  });

  it("serves the reviewed revision once staff approve it", async () => {
    const db = database.db;
    const ref = await revisionRef();
    const approved = await approveRevision(db, staff, ref.revisionId, ref.version);
    expect(approved).toMatchObject({ ok: true });
    await drainOutbox(db, { batchSize: 50 });

    expect(await detail()).toMatchObject({ name: DRAFT_NAME });
    const found = await search("quixotic");
    expect(found.hits.map((h) => [h.id, h.name])).toEqual([[itemId, DRAFT_NAME]]);
  });
});
