import { db as appDb, type Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { FacetKey, SearchDocument } from "./document";
import { limitFacetValues, type EngineName, type FacetValueCounts, type SearchEngine, type SearchOptions, type SearchResult } from "./engine";
import { createMeilisearchEngine } from "./meilisearch-engine.server";
import { createPostgresEngine, type PostgresSearchEngine } from "./postgres-engine.server";
import { projectListings } from "./projection.server";
import { queryKey, type SearchQuery } from "./query";

/**
 * The catalogue's search service: which engine answers, the fallback when Meilisearch is
 * down, a short-lived result cache, and the index maintenance every writer goes through
 * (sync of one listing, full rebuild, reconciliation).
 *
 * The PostgreSQL index (`search_documents`) is always kept up to date, even when
 * Meilisearch is the primary engine, so falling back never serves a stale catalogue.
 */

type Log = (message: string) => void;
const defaultLog: Log = (message) => console.log(`[search] ${message}`);

/** After a Meilisearch failure, buyers are served by PostgreSQL for this long before it is tried again. */
const RETRY_PRIMARY_AFTER_MS = 30_000;
/**
 * Results are reused until the index changes (see currentGeneration). The version is
 * PostgreSQL's, which is written before Meilisearch, so Meilisearch results are also kept
 * only briefly.
 */
const CACHE_TTL_MS = { postgres: 10 * 60_000, meilisearch: 5_000 } as const;
const CACHE_ENTRIES = 500;

type Engines = { postgres: PostgresSearchEngine; meilisearch: (SearchEngine & { applySettings: () => Promise<void> }) | null };

type State = {
  engines: Engines | null;
  fallbackSince: number | null;
  lastFailure: string | null;
  log: Log;
  cache: Map<string, { at: number; generation: number; result: Promise<CatalogueSearchResult> }>;
  /** Bumped by every change to the index this process knows of; cached results of an older generation are not used. */
  generation: number;
  /** The index version the cached results belong to. */
  versionKey: string | null;
};

/**
 * Kept on globalThis: server.ts loads this file for start-up and the job worker while the
 * Remix build has its own copy of it, and both must share one cache and one fallback state.
 */
const globalForSearch = globalThis as unknown as { catalogueSearch?: State };
const state: State = (globalForSearch.catalogueSearch ??= {
  engines: null,
  fallbackSince: null,
  lastFailure: null,
  log: defaultLog,
  cache: new Map(),
  generation: 0,
  versionKey: null,
});

export function searchEngines(): Engines {
  if (!state.engines) {
    const { MEILISEARCH_URL, MEILISEARCH_KEY, MEILISEARCH_INDEX } = env();
    state.engines = {
      postgres: createPostgresEngine(appDb),
      meilisearch: MEILISEARCH_URL ? createMeilisearchEngine({ host: MEILISEARCH_URL, apiKey: MEILISEARCH_KEY, indexUid: MEILISEARCH_INDEX }) : null,
    };
  }
  return state.engines;
}

/** Tests swap in their own engines (a failing one, or Meilisearch at a local address). */
export function setSearchEnginesForTests(engines: Partial<Engines> | null) {
  state.engines = engines ? { postgres: engines.postgres ?? createPostgresEngine(appDb), meilisearch: engines.meilisearch ?? null } : null;
  state.fallbackSince = null;
  searchIndexChanged();
}

export function setSearchLog(log: Log) {
  state.log = log;
}

/** Forget cached results: called after every write to the index. */
export function searchIndexChanged() {
  state.generation += 1;
  state.cache.clear();
}

/**
 * This process wrote the index: forget cached results. (The PostgreSQL engine's copy of the
 * index caught up before its write resolved.)
 */
function indexWritten() {
  searchIndexChanged();
}

/**
 * The version of the index the PostgreSQL engine answers from (postgres-replica.server.ts)
 * moves with every write by any process: this process's own (the outbox's `search.sync` when
 * the worker runs in-process) at once, another's (a separate worker, another app server)
 * within a second. Cached results of an older version are not used. If the version cannot be
 * read, nothing is reused.
 */
async function currentGeneration(): Promise<number> {
  try {
    const key = await searchIndexVersion();
    if (key !== state.versionKey) {
      if (state.versionKey !== null) searchIndexChanged();
      state.versionKey = key;
    }
  } catch {
    state.versionKey = null;
    searchIndexChanged();
  }
  return state.generation;
}

/**
 * The search index's version: it moves with every change to what buyers can find (every write
 * to the index, by any process, seen within a second). Caches of catalogue-wide figures follow it.
 */
export function searchIndexVersion(): Promise<string> {
  return searchEngines().postgres.indexVersion();
}

/** For /healthz: the engine in use, and "fallback" while Meilisearch is configured but failing. */
export function searchHealth(): { engine: EngineName; status: "ok" | "fallback"; since?: string; error?: string } {
  const { meilisearch } = searchEngines();
  if (!meilisearch) return { engine: "postgres", status: "ok" };
  if (state.fallbackSince !== null) {
    return { engine: "postgres", status: "fallback", since: new Date(state.fallbackSince).toISOString(), error: state.lastFailure ?? undefined };
  }
  return { engine: "meilisearch", status: "ok" };
}

async function searchWithFallback(query: SearchQuery, options: SearchOptions): Promise<SearchResult> {
  const { postgres, meilisearch } = searchEngines();
  const primaryDue = state.fallbackSince === null || Date.now() - state.fallbackSince > RETRY_PRIMARY_AFTER_MS;
  if (meilisearch && primaryDue) {
    try {
      const result = await meilisearch.search(query, options);
      if (state.fallbackSince !== null) state.log("Meilisearch answers again: catalogue search is back on Meilisearch.");
      state.fallbackSince = null;
      state.lastFailure = null;
      return result;
    } catch (error) {
      state.lastFailure = error instanceof Error ? error.message : String(error);
      if (state.fallbackSince === null) state.log(`Meilisearch failed (${state.lastFailure}): falling back to the PostgreSQL search engine.`);
      state.fallbackSince = Date.now();
    }
  }
  return postgres.search(query, options);
}

/** A search's answer as the page, the API and shortlists get it: facet values limited (engine.ts limitFacetValues). */
export type CatalogueSearchResult = SearchResult & { facetValueCounts: FacetValueCounts };

/**
 * Search the catalogue: the page, the API and shortlists all come here. Facets get their first
 * values only (the counts of all are in `facetValueCounts`) unless named in `facetsInFull`.
 * The PostgreSQL engine limits them as it counts (a supplier facet's thousands of values never
 * become objects, nor sit in the cache); Meilisearch's are cut here. Each form of a search is
 * cached as one object, so the API reuses a body while its source is the same.
 */
export async function searchCatalogue(query: SearchQuery, { facetsInFull = [] }: { facetsInFull?: readonly FacetKey[] } = {}): Promise<CatalogueSearchResult> {
  return cachedSearch(query, [...facetsInFull].sort());
}

function limited(result: SearchResult, query: SearchQuery, facetsInFull: readonly FacetKey[]): CatalogueSearchResult {
  const { facetValueCounts } = result;
  return facetValueCounts ? { ...result, facetValueCounts } : { ...result, ...limitFacetValues(result.facets, query, facetsInFull) };
}

async function cachedSearch(query: SearchQuery, facetsInFull: readonly FacetKey[]): Promise<CatalogueSearchResult> {
  await currentGeneration();
  const key = `${queryKey(query)}|expand=${facetsInFull.join(",")}`;
  const now = Date.now();
  const cached = state.cache.get(key);
  if (cached && cached.generation === state.generation) {
    const settled = await cached.result.catch(() => null);
    if (settled && now - cached.at < CACHE_TTL_MS[settled.engine]) return settled;
  }
  const generation = state.generation;
  const result = searchWithFallback(query, { facetsInFull }).then((answer) => limited(answer, query, facetsInFull));
  const entry = { at: now, generation, result };
  state.cache.set(key, entry);
  result.catch(() => {
    if (state.cache.get(key) === entry) state.cache.delete(key);
  });
  if (state.cache.size > CACHE_ENTRIES) {
    // Oldest first (a Map keeps insertion order): drop the oldest tenth.
    let excess = state.cache.size - CACHE_ENTRIES + Math.ceil(CACHE_ENTRIES / 10);
    for (const oldKey of state.cache.keys()) {
      if (excess-- <= 0) break;
      state.cache.delete(oldKey);
    }
  }
  return result;
}

// ───────── Index maintenance ─────────

/**
 * Re-projects the given listings and writes them to every engine: documents for searchable
 * ones, removal for the rest. Throws if Meilisearch fails (after PostgreSQL was updated), so
 * the outbox retries with backoff.
 */
export async function syncListings(db: Db, ids: string[]): Promise<{ upserted: number; removed: number }> {
  const { documents, hidden } = await projectListings(db, ids);
  const { postgres, meilisearch } = searchEngines();
  await writeTo(postgres, documents, hidden);
  indexWritten();
  if (meilisearch) {
    await writeTo(meilisearch, documents, hidden);
    // Results read from Meilisearch while it was behind PostgreSQL are not kept.
    searchIndexChanged();
  }
  return { upserted: documents.length, removed: hidden.length };
}

async function writeTo(engine: SearchEngine, documents: SearchDocument[], hidden: string[]) {
  await engine.upsert(documents);
  await engine.remove(hidden);
}

export async function rebuildSearchIndex(db: Db, { log = state.log }: { log?: Log } = {}): Promise<{ documents: number }> {
  const started = Date.now();
  log("Projecting searchable listings…");
  const { documents } = await projectListings(db);
  const { postgres, meilisearch } = searchEngines();
  const progress = (engine: string) => {
    let lastPercent = -1;
    return (done: number, total: number) => {
      const percent = Math.floor((done / Math.max(total, 1)) * 100);
      if (percent >= lastPercent + 10 || done === total) {
        lastPercent = percent;
        log(`${engine}: ${done} of ${total} documents (${percent}%)`);
      }
    };
  };
  await postgres.replaceAll(documents, progress("PostgreSQL"));
  indexWritten();
  if (meilisearch) {
    await meilisearch.replaceAll(documents, progress("Meilisearch"));
    searchIndexChanged();
  }
  log(`Search index rebuilt: ${documents.length} documents in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { documents: documents.length };
}

/**
 * At start-up: fill an empty index (a fresh database, or a new Meilisearch) and apply the
 * Meilisearch settings. A Meilisearch that cannot be reached is logged, never fatal: the
 * PostgreSQL engine serves meanwhile.
 */
export async function ensureSearchIndex(db: Db, log: Log = state.log): Promise<void> {
  state.log = log;
  const { postgres, meilisearch } = searchEngines();
  if ((await postgres.count()) === 0) {
    log("The PostgreSQL search index is empty: building it.");
    const { documents } = await projectListings(db);
    await postgres.replaceAll(documents);
    indexWritten();
    log(`PostgreSQL search index built: ${documents.length} documents.`);
  }
  if (!meilisearch) return;
  try {
    await meilisearch.applySettings();
    if ((await meilisearch.count()) === 0) {
      const { documents } = await projectListings(db);
      await meilisearch.replaceAll(documents);
      log(`Meilisearch index built: ${documents.length} documents.`);
    }
  } catch (error) {
    log(`Meilisearch is not available (${error instanceof Error ? error.message : String(error)}): searching with PostgreSQL until it is.`);
    state.fallbackSince = Date.now();
    state.lastFailure = error instanceof Error ? error.message : String(error);
  }
}

export type ReconcileReport = { engine: EngineName; missing: string[]; stale: string[]; extra: string[]; repaired: boolean };

/** Key order differs between engines (jsonb sorts keys): compare with keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Compares what the database says is searchable with each engine's index; repairs differences unless `dryRun`. */
export async function reconcileSearchIndex(db: Db, { dryRun = false, log = state.log }: { dryRun?: boolean; log?: Log } = {}): Promise<ReconcileReport[]> {
  const { documents } = await projectListings(db);
  const expected = new Map(documents.map((d) => [d.id, d]));
  const { postgres, meilisearch } = searchEngines();
  const reports: ReconcileReport[] = [];
  const engines: SearchEngine[] = meilisearch ? [postgres, meilisearch] : [postgres];
  for (const engine of engines) {
    const indexed = new Map((await engine.allDocuments()).map((d) => [d.id, d]));
    const missing = [...expected.keys()].filter((id) => !indexed.has(id));
    const extra = [...indexed.keys()].filter((id) => !expected.has(id));
    const stale = [...expected.keys()].filter((id) => indexed.has(id) && canonical(indexed.get(id)!) !== canonical(expected.get(id)!));
    const report: ReconcileReport = { engine: engine.name, missing, stale, extra, repaired: false };
    log(`${engine.name}: ${missing.length} missing, ${stale.length} out of date, ${extra.length} that should not be there.`);
    if (!dryRun && missing.length + stale.length + extra.length > 0) {
      await engine.upsert([...missing, ...stale].map((id) => expected.get(id)!));
      await engine.remove(extra);
      indexWritten();
      report.repaired = true;
      log(`${engine.name}: repaired.`);
    }
    reports.push(report);
  }
  return reports;
}
