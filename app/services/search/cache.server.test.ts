import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { useTestDatabase } from "~/test/database";
import { createDb, type Db, type DbClient } from "~/utils/db.server";
import { rebuildSearchIndex, searchCatalogue, setSearchEnginesForTests } from "./index.server";
import { createPostgresEngine } from "./postgres-engine.server";
import { refreshFacetIndex, searchIndexVersion } from "./postgres-facet-index.server";
import { projectListings } from "./projection.server";
import { emptyQuery } from "./query";
import { enqueueSearchSync } from "./sync.server";

/**
 * The result cache and the PostgreSQL engine's facet copy must follow every write to the
 * index: this process's (the outbox's search.sync), and another process's (a separate job
 * worker or app server), which this process is never told about.
 */
const database = useTestDatabase();
let supplierId: number;
/** Another process: its own connection pool and its own engine, sharing nothing in memory with this one. */
let otherProcess: Db;

const everything = () => emptyQuery({ perPage: 100, assurance: ["assured", "lapsed", "in-remediation"] });
const ids = async () => (await searchCatalogue(everything())).hits.map((h) => h.document.id);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await ensureReferenceData(database.db);
  supplierId = (await createSupplier(database.db)).supplier.id;
  for (const name of ["Alder Records", "Birch Prescribing", "Cedar Appointments"]) await createPublishedSolution(database.db, { supplierId, name });
  otherProcess = createDb(database.url);
});

beforeEach(async () => {
  setSearchEnginesForTests({ postgres: createPostgresEngine(() => database.db), meilisearch: null });
  await rebuildSearchIndex(database.db, { log: () => {} });
});

afterAll(async () => {
  setSearchEnginesForTests(null);
  await otherProcess.$disconnect();
});

describe("search result cache", () => {
  it("reuses the result of the same search, and drops it when the outbox applies a search sync", async () => {
    const first = await searchCatalogue(everything());
    expect(await searchCatalogue(everything())).toBe(first);

    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Damson Video Consult" });
    expect(await ids()).not.toContain(item.id);
    await database.db.$transaction((tx) => enqueueSearchSync(tx, item.id));
    expect(await drainOutbox(database.db, { batchSize: 10 })).toMatchObject({ done: 1 });

    const after = await searchCatalogue(everything());
    expect(after).not.toBe(first);
    expect(after.hits.map((h) => h.document.id)).toContain(item.id);
    expect(after.total).toBe(first.total + 1);
  });

  it("sees another process's writes within about a second, counts included", async () => {
    const before = await searchCatalogue(everything());
    const { item } = await createPublishedSolution(otherProcess, { supplierId, name: "Elder Online Consultation" });
    const { documents } = await projectListings(otherProcess, [item.id]);
    await createPostgresEngine(() => otherProcess).upsert(documents);

    await wait(1_200);
    const after = await searchCatalogue(everything());
    expect(after.hits.map((h) => h.document.id)).toContain(item.id);
    expect(after.total).toBe(before.total + 1);
    const supplierCount = (r: typeof after) => r.facets.supplier.find((f) => f.value === String(supplierId))?.count ?? 0;
    expect(supplierCount(after)).toBe(supplierCount(before) + 1);

    // A text search finds its words too (the lexicon follows the index).
    expect((await searchCatalogue(emptyQuery({ q: "elder" }))).hits.map((h) => h.document.id)).toContain(item.id);

    await createPostgresEngine(() => otherProcess).remove([item.id]);
    await wait(1_200);
    expect(await ids()).not.toContain(item.id);
    expect((await searchCatalogue(everything())).total).toBe(before.total);
  });
});

describe("facet copy", () => {
  /** Counts the rows each query of the engine reads. */
  function countingDb(db: Db) {
    const reads: number[] = [];
    const proxy = new Proxy(db, {
      get(target, property, receiver) {
        if (property === "$queryRawUnsafe") {
          return async (...args: Parameters<Db["$queryRawUnsafe"]>) => {
            const rows = (await target.$queryRawUnsafe(...args)) as unknown[];
            reads.push(rows.length);
            return rows;
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    return { db: proxy as DbClient, reads };
  }

  it("re-reads only the part of the index a write changed, and ends equal to a full read", async () => {
    // Enough listings that one write touches a small share of the buckets.
    for (let i = 0; i < 40; i++) await createPublishedSolution(database.db, { supplierId, name: `Filler ${i}` });
    await rebuildSearchIndex(database.db, { log: () => {} });
    const total = await database.db.searchDocument.count();

    const { db, reads } = countingDb(database.db);
    // A client of its own for each version read: the version is remembered per client for a second.
    const firstReader = createDb(database.url);
    const full = await refreshFacetIndex(db, null, await searchIndexVersion(firstReader)).finally(() => firstReader.$disconnect());
    expect(full.entries).toHaveLength(total);
    expect(reads.at(-1)).toBe(total);

    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Fig Reporting" });
    const { documents } = await projectListings(database.db, [item.id]);
    await createPostgresEngine(() => otherProcess).upsert(documents);

    const fresh = createDb(database.url);
    try {
      const version = await searchIndexVersion(fresh);
      const partial = await refreshFacetIndex(db, full, version);
      expect(reads.at(-1)).toBeLessThan(total / 4);
      expect(partial.byId.has(item.id)).toBe(true);
      expect(partial.entries).toHaveLength(total + 1);
      const reference = await refreshFacetIndex(database.db, null, version);
      expect([...partial.buckets].sort()).toEqual([...reference.buckets].sort());
      expect(partial.byId.get(item.id)).toEqual(reference.byId.get(item.id));
      // Nothing changed since: nothing is read.
      const count = reads.length;
      expect(await refreshFacetIndex(db, partial, version)).toBe(partial);
      expect(reads.length).toBe(count);
    } finally {
      await fresh.$disconnect();
    }
  });
});
