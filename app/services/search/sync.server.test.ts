import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { useTestDatabase } from "~/test/database";
import type { SearchDocument } from "./document";
import type { SearchEngine } from "./engine";
import { ensureSearchIndex, reconcileSearchIndex, searchCatalogue, searchHealth, setSearchEnginesForTests, setSearchLog } from "./index.server";
import { createPostgresEngine } from "./postgres-engine.server";
import { emptyQuery } from "./query";
import { enqueueSearchSync, SEARCH_SYNC_TOPIC } from "./sync.server";

const database = useTestDatabase();

/** A stand-in for Meilisearch that can be made to fail, recording what it was sent. */
function flakyEngine() {
  const documents = new Map<string, SearchDocument>();
  const engine = {
    failing: false,
    name: "meilisearch" as const,
    // Never answers searches, so they fall back to PostgreSQL (what these tests read).
    async search(): Promise<never> {
      throw new Error("connect ECONNREFUSED");
    },
    async upsert(docs: SearchDocument[]) {
      if (engine.failing) throw new Error("Meilisearch task 7 (documentAdditionOrUpdate) failed: disk full");
      for (const d of docs) documents.set(d.id, d);
    },
    async remove(ids: string[]) {
      if (engine.failing) throw new Error("connect ECONNREFUSED");
      for (const id of ids) documents.delete(id);
    },
    async replaceAll(docs: SearchDocument[]) {
      documents.clear();
      for (const d of docs) documents.set(d.id, d);
    },
    async allDocuments() {
      return [...documents.values()];
    },
    async count() {
      return documents.size;
    },
    async applySettings() {
      if (engine.failing) throw new Error("connect ECONNREFUSED");
    },
    documents,
  };
  return engine satisfies SearchEngine;
}

const ids = async () => (await searchCatalogue(emptyQuery({ perPage: 100, assurance: ["assured", "lapsed", "in-remediation"] }))).hits.map((h) => h.document.id);
const messages = () => database.db.outboxMessage.findMany({ where: { topic: SEARCH_SYNC_TOPIC }, orderBy: { id: "asc" } });
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

let supplierId: number;
let meilisearch: ReturnType<typeof flakyEngine>;
const logs: string[] = [];

beforeAll(async () => {
  await ensureReferenceData(database.db);
  supplierId = (await createSupplier(database.db)).supplier.id;
  setSearchLog((message) => logs.push(message));
});

beforeEach(async () => {
  meilisearch = flakyEngine();
  setSearchEnginesForTests({ postgres: createPostgresEngine(() => database.db), meilisearch });
  await database.db.outboxMessage.deleteMany({ where: { topic: SEARCH_SYNC_TOPIC } });
});

afterAll(() => setSearchEnginesForTests(null));

describe("search.sync through the outbox", () => {
  it("makes a newly published solution searchable in both engines", async () => {
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Lumen Prescribing" });
    expect(await ids()).not.toContain(item.id);
    await database.db.$transaction((tx) => enqueueSearchSync(tx, item.id));
    expect(await drainOutbox(database.db, { batchSize: 10 })).toMatchObject({ done: 1 });
    expect(await ids()).toContain(item.id);
    expect(meilisearch.documents.has(item.id)).toBe(true);
  });

  it("takes a suspended solution out of the index", async () => {
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Umbra Records" });
    await database.db.$transaction((tx) => enqueueSearchSync(tx, item.id));
    await drainOutbox(database.db, { batchSize: 10 });
    expect(await ids()).toContain(item.id);

    await database.db.$transaction(async (tx) => {
      await tx.catalogueItem.update({ where: { id: item.id }, data: { publicationStatus: "SUSPENDED", remediationDeadline: new Date() } });
      await enqueueSearchSync(tx, item.id);
    });
    await drainOutbox(database.db, { batchSize: 10 });
    expect(await ids()).not.toContain(item.id);
    expect(meilisearch.documents.has(item.id)).toBe(false);
    expect(await database.db.searchDocument.count({ where: { catalogueItemId: item.id } })).toBe(0);
  });

  it("re-projects the parent solution when an Additional Service changes", async () => {
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Parent Solution" });
    const service = await createPublishedSolution(database.db, {
      supplierId,
      name: "Parent Solution Extra",
      overrides: { id: `${item.id}A001`, kind: "ADDITIONAL_SERVICE", parentSolutionId: item.id },
    });
    await database.db.$transaction((tx) => enqueueSearchSync(tx, service.item.id));
    await drainOutbox(database.db, { batchSize: 10 });
    expect(await ids()).toContain(item.id);
    expect(await ids()).not.toContain(service.item.id);
  });

  it("retries with backoff when Meilisearch fails, keeping the PostgreSQL index current meanwhile", async () => {
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Retry Health" });
    meilisearch.failing = true;
    await database.db.$transaction((tx) => enqueueSearchSync(tx, item.id));
    expect(await drainOutbox(database.db, { batchSize: 10 })).toMatchObject({ failed: 1 });
    const [failed] = await messages();
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.lastError).toMatch(/disk full/);
    expect(failed.availableAt.getTime()).toBeGreaterThan(Date.now());
    // Buyers are served by PostgreSQL meanwhile, which already has the listing.
    expect(await database.db.searchDocument.count({ where: { catalogueItemId: item.id } })).toBe(1);
    expect(await ids()).toContain(item.id);
    expect(searchHealth()).toMatchObject({ engine: "postgres", status: "fallback" });
    expect(logs.some((l) => /falling back to the PostgreSQL/.test(l))).toBe(true);

    meilisearch.failing = false;
    expect(await drainOutbox(database.db, { batchSize: 10, now: later(1) })).toMatchObject({ done: 1 });
    expect((await messages())[0]).toMatchObject({ status: "DONE", attempts: 2 });
    expect(meilisearch.documents.has(item.id)).toBe(true);
  });

  it("a bad payload fails the message instead of crashing the worker", async () => {
    await database.db.outboxMessage.create({ data: { topic: SEARCH_SYNC_TOPIC, payload: { catalogueItemId: 42 } } });
    expect(await drainOutbox(database.db, { batchSize: 10 })).toMatchObject({ failed: 1 });
    expect((await messages())[0].lastError).toMatch(/catalogueItemId/);
  });
});

describe("ensureSearchIndex at start-up", () => {
  it("fills an empty index, and survives Meilisearch being down", async () => {
    await database.db.searchDocument.deleteMany();
    meilisearch.failing = true;
    await ensureSearchIndex(database.db, (message) => logs.push(message));
    expect(await database.db.searchDocument.count()).toBeGreaterThan(0);
    expect(logs.some((l) => /Meilisearch is not available/.test(l))).toBe(true);
    expect(searchHealth().status).toBe("fallback");
  });
});

describe("reconciliation", () => {
  it("finds missing, out-of-date and unwanted documents and repairs them", async () => {
    await ensureSearchIndex(database.db, () => {});
    const { item: missing } = await createPublishedSolution(database.db, { supplierId, name: "Never Indexed" });
    const [someDocument] = await database.db.searchDocument.findMany({ take: 1, where: { catalogueItemId: { not: missing.id } } });
    await database.db.$executeRawUnsafe(
      `UPDATE search_documents SET document = jsonb_set(document, '{name}', '"Stale name"') WHERE catalogue_item_id = $1`,
      someDocument.catalogueItemId,
    );
    const { item: draft } = await createPublishedSolution(database.db, { supplierId, name: "Secret Draft", overrides: { publicationStatus: "DRAFT", publishedAt: null } });
    await database.db.$executeRawUnsafe(
      `INSERT INTO search_documents (catalogue_item_id, title, document, updated_at) SELECT $1, 'Secret Draft', document, now() FROM search_documents WHERE catalogue_item_id = $2`,
      draft.id,
      someDocument.catalogueItemId,
    );
    meilisearch.failing = false;

    const [report] = await reconcileSearchIndex(database.db, { dryRun: true, log: () => {} });
    expect(report).toMatchObject({ engine: "postgres", missing: [missing.id], stale: [someDocument.catalogueItemId], extra: [draft.id], repaired: false });

    await reconcileSearchIndex(database.db, { log: () => {} });
    const [again] = await reconcileSearchIndex(database.db, { dryRun: true, log: () => {} });
    expect(again).toMatchObject({ missing: [], stale: [], extra: [] });
  });
});
