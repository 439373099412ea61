import type { Db, DbClient } from "~/utils/db.server";
import {
  FACET_KEYS,
  FACETS,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  searchableParts,
  segmentsFromMarked,
  type FacetKey,
  type SearchDocument,
} from "./document";
import { plainSegments, sortFacetCounts, totalPages, type FacetCounts, type SearchEngine, type SearchResult } from "./engine";
import {
  byTieBreak,
  entriesInOrder,
  refreshFacetIndex,
  searchIndexVersion,
  searchIndexWritten,
  type FacetEntry,
  type FacetIndex,
  type IndexVersion,
} from "./postgres-facet-index.server";
import type { SearchQuery } from "./query";
import { buildTsQuery, lexiconOf, SYNONYM_WORDS, synonymGroupsAsStems, tokenise, type Lexicon } from "./text-query";

/**
 * The embedded search engine: documents in `search_documents` (the same JSON as the
 * Meilisearch documents) with a weighted tsvector over the searchable fields (GIN index),
 * typo correction against the index's own words and trigram similarity on titles (pg_trgm).
 *
 * Text matching runs in PostgreSQL; filters, facet counts and ordering run over a compact
 * copy of every document's facet values held in memory (a few hundred bytes a listing),
 * because counting facets over thousands of large JSON documents in SQL took over a second
 * at 10,000 solutions. The copy follows the index version (postgres-facet-index.server.ts):
 * after a write, by this process or another, only the part of it that changed is read again.
 */

const UPSERT_BATCH = 500;
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}"`;

export function createPostgresEngine(getDb: () => Db): SearchEngine {
  // Both follow the index version (postgres-facet-index.server.ts): rebuilt only when documents change.
  let lexicon: { key: string; value: Promise<Lexicon> } | null = null;
  let facetIndex: { key: string; value: Promise<FacetIndex> } | null = null;
  const stemCache = new Map<string, string>();

  function currentLexicon(db: DbClient, version: IndexVersion): Promise<Lexicon> {
    if (lexicon?.key !== version.key) {
      const value = db
        .$queryRawUnsafe<{ word: string }[]>("SELECT word FROM ts_stat('SELECT search_vector FROM search_documents')")
        .then((rows) => lexiconOf(rows.map((r) => r.word)));
      const entry = { key: version.key, value };
      value.catch(() => {
        if (lexicon === entry) lexicon = null;
      });
      lexicon = entry;
    }
    return lexicon.value;
  }

  function currentFacetIndex(db: DbClient, version: IndexVersion): Promise<FacetIndex> {
    if (facetIndex?.key !== version.key) {
      const previous = facetIndex?.value;
      const value = (async () => refreshFacetIndex(db, previous ? await previous.catch(() => null) : null, version))();
      const entry = { key: version.key, value };
      value.catch(() => {
        if (facetIndex === entry) facetIndex = null;
      });
      facetIndex = entry;
    }
    return facetIndex.value;
  }

  const written = (db: DbClient) => searchIndexWritten(db);

  /** The english stemmer's lexeme for each word ("" for stop words), as the tsvector has them. */
  async function stems(db: DbClient, words: string[]): Promise<Map<string, string>> {
    const missing = [...new Set(words.filter((w) => !stemCache.has(w)))];
    if (missing.length > 0) {
      const rows = await db.$queryRawUnsafe<{ w: string; lexeme: string[] | null }[]>(
        "SELECT w, ts_lexize('english_stem', w) AS lexeme FROM unnest($1::text[]) AS w",
        missing,
      );
      if (stemCache.size > 20_000) stemCache.clear();
      for (const row of rows) stemCache.set(row.w, row.lexeme?.[0] ?? "");
    }
    return new Map(words.map((w) => [w, stemCache.get(w) ?? w]));
  }

  async function tsQueryFor(db: DbClient, version: IndexVersion, q: string): Promise<string | null> {
    const tokens = tokenise(q);
    if (tokens.length === 0) return null;
    const [stemmed, words] = await Promise.all([stems(db, [...tokens.map((t) => t.word), ...SYNONYM_WORDS]), currentLexicon(db, version)]);
    const stemOf = (word: string) => stemmed.get(word) ?? word;
    return buildTsQuery(tokens, tokens.map((t) => stemOf(t.word)), words, synonymGroupsAsStems(stemOf));
  }

  /**
   * The same words on another page, in another order or with other filters match the same
   * listings: kept per index version for the next search, as people page and narrow.
   */
  const recentMatches = new Map<string, Promise<Map<string, number> | null>>();
  let recentMatchesVersion = "";
  const RECENT_MATCHES = 100;

  function textMatches(db: DbClient, version: IndexVersion, q: string, tsQuery: string | null): Promise<Map<string, number> | null> {
    if (!q || !tsQuery) return Promise.resolve(null);
    if (recentMatchesVersion !== version.key) {
      recentMatches.clear();
      recentMatchesVersion = version.key;
    }
    const key = `${tsQuery}|${q}`;
    const known = recentMatches.get(key);
    if (known) return known;
    const value = queryTextMatches(db, q, tsQuery);
    value.catch(() => recentMatches.delete(key));
    if (recentMatches.size >= RECENT_MATCHES) recentMatches.delete(recentMatches.keys().next().value!);
    recentMatches.set(key, value);
    return value;
  }

  /** Listings matching the words, with their relevance. */
  async function queryTextMatches(db: DbClient, q: string, tsQuery: string): Promise<Map<string, number>> {
    // A misspelt name ("Aphelon") also matches by trigram similarity to the title; only for
    // one-word searches, as the similarity of several words would let one of them stand for all.
    const oneWord = tokenise(q).length === 1 && !q.includes('"');
    // With `@@ OR <%` in one WHERE the planner scans every row and computes the title
    // similarity of each (about 80 ms at 10,000 solutions); as a union each side uses its
    // own index (GIN tsvector, GIN trigram) and the whole takes about 10 ms.
    const rows = await db.$queryRawUnsafe<{ id: string; rank: number }[]>(
      `SELECT catalogue_item_id AS id, (ts_rank(search_vector, $1::tsquery) + word_similarity($2, title) * 0.1)::float8 AS rank
       FROM search_documents
       WHERE ${
         oneWord
           ? `catalogue_item_id IN (SELECT catalogue_item_id FROM search_documents WHERE search_vector @@ $1::tsquery
                                    UNION SELECT catalogue_item_id FROM search_documents WHERE $2 <% title)`
           : "search_vector @@ $1::tsquery"
       }`,
      tsQuery,
      q,
    );
    return new Map(rows.map((r) => [r.id, r.rank]));
  }

  return {
    name: "postgres",

    async search(query) {
      const started = performance.now();
      const db = getDb();
      const version = await searchIndexVersion(db);
      const tsQuery = query.q ? await tsQueryFor(db, version, query.q) : null;
      const [index, matches] = await Promise.all([currentFacetIndex(db, version), textMatches(db, version, query.q, tsQuery)]);
      const { pageIds, total, facets } = filterCountAndOrder(index, matches, query);
      const hits = await pageDocuments(db, pageIds, tsQuery);
      return {
        hits,
        total,
        page: query.page,
        perPage: query.perPage,
        totalPages: totalPages(total, query.perPage),
        facets,
        processingTimeMs: Math.round(performance.now() - started),
        engine: "postgres",
      };
    },

    async upsert(documents) {
      const db = getDb();
      for (let i = 0; i < documents.length; i += UPSERT_BATCH) await upsertBatch(db, documents.slice(i, i + UPSERT_BATCH));
      written(db);
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await getDb().$executeRawUnsafe("DELETE FROM search_documents WHERE catalogue_item_id = ANY($1::text[])", ids);
      written(getDb());
    },

    async replaceAll(documents, progress) {
      const db = getDb();
      const write = async (tx: DbClient) => {
        await tx.$executeRawUnsafe("DELETE FROM search_documents");
        for (let i = 0; i < documents.length; i += UPSERT_BATCH) {
          await upsertBatch(tx, documents.slice(i, i + UPSERT_BATCH));
          progress?.(Math.min(i + UPSERT_BATCH, documents.length), documents.length);
        }
      };
      // One transaction, so searches see the old index until the new one is complete.
      await db.$transaction(write, { timeout: 10 * 60_000, maxWait: 30_000 });
      written(db);
    },

    async allDocuments() {
      const rows = await getDb().$queryRawUnsafe<{ id: string; document: SearchDocument }[]>(
        "SELECT catalogue_item_id AS id, document FROM search_documents ORDER BY catalogue_item_id",
      );
      // The row's key is what the index answers for, whatever its JSON says.
      return rows.map((r) => ({ ...r.document, id: r.id }));
    },

    async count() {
      const [row] = await getDb().$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM search_documents");
      return row?.n ?? 0;
    },
  };
}

/**
 * Facets, filters and order. "all" facets narrow the matched set; each "any" facet is a bit
 * of a listing's `misses`, so the results are the listings missing none, while that facet's
 * own counts take the listings missing none but it (disjunctive faceting). Values are the
 * dictionary codes of the facet index, counted in typed arrays.
 */
export function filterCountAndOrder(index: FacetIndex, matches: Map<string, number> | null, query: SearchQuery) {
  const { dictionary } = index;
  // A chosen value the index has never seen matches nothing (-1 is no code).
  const code = (key: FacetKey, value: string) => dictionary[key].codeOf.get(value) ?? -1;
  const allFilters = FACET_KEYS.filter((key) => FACETS[key].combine === "all" && query[key].length > 0).map((key) => ({ key, codes: query[key].map((value) => code(key, value)) }));
  const anyFilters = FACET_KEYS.filter((key) => FACETS[key].combine === "any" && query[key].length > 0).map((key) => {
    const wanted = new Uint8Array(dictionary[key].values.length);
    for (const value of query[key]) if (code(key, value) >= 0) wanted[code(key, value)] = 1;
    return { key, wanted };
  });

  // Candidates in their final order where it does not depend on the words' relevance.
  const rankBy = query.sort === "relevance" && matches ? matches : null;
  const ordered = entriesInOrder(index, query.sort === "name" ? "name" : query.sort === "price" ? "price" : "tieBreak");
  const candidates = rankBy ? [...rankBy.keys()].flatMap((id) => index.byId.get(id) ?? []) : matches ? ordered.filter((e) => matches.has(e.id)) : ordered;

  const kept: FacetEntry[] = [];
  const misses: number[] = [];
  for (const entry of candidates) {
    if (!allFilters.every(({ key, codes }) => codes.every((c) => entry.codes[key].includes(c)))) continue;
    let missed = 0;
    for (let i = 0; i < anyFilters.length; i++) {
      const { key, wanted } = anyFilters[i];
      if (!entry.codes[key].some((c) => wanted[c] === 1)) missed |= 1 << i;
    }
    kept.push(entry);
    misses.push(missed);
  }
  const results = kept.filter((_, i) => misses[i] === 0);

  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  for (const key of FACET_KEYS) {
    if (key === "epic" && query.capability.length === 0) continue;
    const counts = new Uint32Array(dictionary[key].values.length);
    const own = anyFilters.findIndex((f) => f.key === key);
    // Its own selection is ignored for an "any" facet's counts; every other selection applies.
    const allowed = own >= 0 ? 1 << own : 0;
    for (let i = 0; i < kept.length; i++) {
      if ((misses[i] & ~allowed) !== 0) continue;
      for (const c of kept[i].codes[key]) counts[c] += 1;
    }
    const list: { value: string; count: number }[] = [];
    counts.forEach((n, c) => {
      if (n > 0) list.push({ value: dictionary[key].values[c], count: n });
    });
    facets[key] = sortFacetCounts(list);
  }

  if (rankBy) results.sort((a, b) => (rankBy.get(b.id) ?? 0) - (rankBy.get(a.id) ?? 0) || byTieBreak(a, b));
  const start = (query.page - 1) * query.perPage;
  return { pageIds: results.slice(start, start + query.perPage).map((e) => e.id), total: results.length, facets };
}

async function pageDocuments(db: DbClient, ids: string[], tsQuery: string | null): Promise<SearchResult["hits"]> {
  if (ids.length === 0) return [];
  const headline = (field: string) => (tsQuery ? `ts_headline('english', document->>'${field}', $2::tsquery, $3)` : "NULL");
  const rows = await db.$queryRawUnsafe<{ id: string; document: SearchDocument; name: string | null; summary: string | null }[]>(
    `SELECT catalogue_item_id AS id, document, ${headline("name")} AS name, ${headline("summary")} AS summary
     FROM search_documents WHERE catalogue_item_id = ANY($1::text[])`,
    ids,
    ...(tsQuery ? [tsQuery, HEADLINE_OPTIONS] : []),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        document: row.document,
        highlights: {
          name: row.name === null ? plainSegments(row.document.name) : segmentsFromMarked(row.name),
          summary: row.summary === null ? plainSegments(row.document.summary) : segmentsFromMarked(row.summary),
        },
      },
    ];
  });
}

async function upsertBatch(db: DbClient, documents: SearchDocument[]) {
  if (documents.length === 0) return;
  const texts = documents.map((doc) => {
    const parts = searchableParts(doc);
    return { A: gapped(parts.A), B: gapped(parts.B), C: gapped(parts.C), D: gapped(parts.D) };
  });
  await db.$executeRawUnsafe(
    `INSERT INTO search_documents (catalogue_item_id, title, document, search_vector, updated_at)
     SELECT v.id, v.title, v.doc::jsonb,
       setweight(to_tsvector('english', v.a), 'A') || setweight(to_tsvector('english', v.b), 'B') ||
       setweight(to_tsvector('english', v.c), 'C') || setweight(to_tsvector('english', v.d), 'D'),
       now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS v(id, title, doc, a, b, c, d)
     ON CONFLICT (catalogue_item_id) DO UPDATE
       SET title = EXCLUDED.title, document = EXCLUDED.document, search_vector = EXCLUDED.search_vector, updated_at = now()`,
    documents.map((d) => d.id),
    documents.map((d) => d.name),
    documents.map((d) => JSON.stringify(d)),
    texts.map((t) => t.A),
    texts.map((t) => t.B),
    texts.map((t) => t.C),
    texts.map((t) => t.D),
  );
}

/**
 * Joins field values with a stop word before each: stop words take a position without being
 * indexed, so the last word of one value and the first of the next (or of the next weight's
 * text) are never adjacent, and a quoted phrase cannot match across them.
 */
const gapped = (values: string[]) => values.map((value) => `the ${value}`).join(" ");

