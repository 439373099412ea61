import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { useTestDatabase } from "~/test/database";
import { createDb, type Db } from "~/utils/db.server";
import { rebuildSearchIndex, searchCatalogue, setSearchEnginesForTests } from "./index.server";
import { createPostgresEngine } from "./postgres-engine.server";
import { SearchReplica } from "./postgres-replica.server";
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

describe("the engine's copy of the index", () => {
  /** Counts the rows each query reads; `gate` holds back full reads (the transaction that reads everything) until opened. */
  function instrumentedDb(db: Db) {
    const reads: number[] = [];
    let open: () => void = () => {};
    let gate: Promise<void> | null = null;
    const proxy = new Proxy(db, {
      get(target, property, receiver) {
        if (property === "$queryRawUnsafe") {
          return async (...args: Parameters<Db["$queryRawUnsafe"]>) => {
            const rows = (await target.$queryRawUnsafe(...args)) as unknown[];
            reads.push(rows.length);
            return rows;
          };
        }
        if (property === "$transaction") {
          return async (...args: Parameters<Db["$transaction"]>) => {
            if (gate) await gate;
            return (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    return {
      db: proxy as Db,
      reads,
      holdFullReads: () => {
        gate = new Promise<void>((resolve) => (open = resolve));
      },
      releaseFullReads: () => {
        gate = null;
        open();
      },
    };
  }

  it("re-reads only the listings a write changed, and ends equal to a fresh copy", async () => {
    // Enough listings that one write is a small share of them.
    for (let i = 0; i < 40; i++) await createPublishedSolution(database.db, { supplierId, name: `Filler ${i}` });
    await rebuildSearchIndex(database.db, { log: () => {} });
    const total = await database.db.searchDocument.count();

    const { db, reads } = instrumentedDb(database.db);
    const replica = new SearchReplica(() => db);
    const first = await replica.forSearch();
    expect(first.facets.size).toBe(total);

    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Fig Reporting" });
    const { documents } = await projectListings(database.db, [item.id]);
    await createPostgresEngine(() => otherProcess).upsert(documents);

    const count = reads.length;
    await replica.refresh();
    // The version, the changed listings, and those listings' rows: one row each here.
    expect(reads.slice(count)).toEqual([1, 1, 1]);
    const view = await replica.forSearch();
    expect(view.facets.size).toBe(total + 1);
    expect(view.text.has(item.id)).toBe(true);

    const fresh = await new SearchReplica(() => database.db).forSearch();
    expect(view.version).toBe(fresh.version);
    expect(view.facets.describe(view.text.slotOf(item.id)!)).toEqual(fresh.facets.describe(fresh.text.slotOf(item.id)!));
    expect(view.text.words().sorted).toEqual(fresh.text.words().sorted);

    // Nothing changed since: only the version is read.
    const before = reads.length;
    await replica.refresh();
    expect(reads.length).toBe(before + 1);
  });

  it("shows each listing's document as it now stands: a changed one's new text, a removed one's none", async () => {
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Juniper Records" });
    const { documents } = await projectListings(database.db, [item.id]);
    const writer = createPostgresEngine(() => otherProcess);
    await writer.upsert(documents);
    const replica = new SearchReplica(() => database.db);
    const first = await replica.forSearch();
    const oldSlot = first.text.slotOf(item.id)!;
    // Parsed once shown, and kept parsed: the same object the next time.
    const shown = first.documents.shown(oldSlot)!;
    expect(shown.document.name).toBe("Juniper Records");
    expect(first.documents.shown(oldSlot)).toBe(shown);
    expect(shown.tokens?.name?.map(([, , lexemes]) => lexemes)).toEqual([["junip"], ["record"]]);

    await writer.upsert([{ ...documents[0], name: "Juniper Patient Records", summary: "Renamed by its supplier" }]);
    await replica.refresh();
    const view = await replica.forSearch();
    const newSlot = view.text.slotOf(item.id)!;
    expect(newSlot).not.toBe(oldSlot);
    expect(view.documents.shown(oldSlot)).toBeUndefined();
    expect(view.documents.shown(newSlot)!.document).toMatchObject({ name: "Juniper Patient Records", summary: "Renamed by its supplier" });

    await writer.remove([item.id]);
    await replica.refresh();
    expect(view.text.slotOf(item.id)).toBeUndefined();
    expect(view.documents.shown(newSlot)).toBeUndefined();
  });

  it("answers searches from the copy it has while a rebuild is read in full", async () => {
    const { db, holdFullReads, releaseFullReads } = instrumentedDb(database.db);
    // Every refresh above a quarter of the index is a full read.
    const engine = createPostgresEngine(() => db, { smallRefresh: 0 });
    const before = await engine.search(everything());

    // Another process rebuilds the index with one listing more: every listing changed.
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Gorse Video Consultation" });
    const { documents } = await projectListings(database.db);
    await createPostgresEngine(() => otherProcess).replaceAll(documents);

    holdFullReads();
    await wait(1_100);
    // The copy is more than a second old: the search looks, finds a rebuild, and answers from the old copy.
    const during = await engine.search(everything());
    expect(during.total).toBe(before.total);
    releaseFullReads();
    await wait(50);
    await expect.poll(async () => (await engine.search(everything())).hits.map((h) => h.document.id), { timeout: 5_000 }).toContain(item.id);
  });
});
