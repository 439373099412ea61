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
 * at 10,000 solutions. The copy is reloaded after this process writes, and when a cheap
 * check (row count and latest update, at most every VERSION_CHECK_MS) shows another
 * process has.
 */

const UPSERT_BATCH = 500;
/** The index's words change only when documents do; rebuilt after a write or at most this old. */
const LEXICON_MAX_AGE_MS = 60_000;
const VERSION_CHECK_MS = 2_000;
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}"`;

type Entry = { id: string; nameSort: string; tieBreak: number; price: number | null; values: Record<FacetKey, readonly string[]> };
type FacetIndex = { entries: Entry[]; byId: Map<string, Entry>; version: string };

const FACET_FIELDS = [...new Set(FACET_KEYS.map((key) => FACETS[key].field))];

async function loadFacetIndex(db: DbClient, version: string): Promise<FacetIndex> {
  const rows = await db.$queryRawUnsafe<{ id: string; name_sort: string; f: Record<string, unknown> }[]>(
    `SELECT catalogue_item_id AS id, lower(title) AS name_sort,
       jsonb_build_object(${[...FACET_FIELDS, "tieBreak", "indicativeAnnualPence"].map((field) => `'${field}', document->'${field}'`).join(", ")}) AS f
     FROM search_documents`,
  );
  const entries = rows.map((row): Entry => {
    const values = {} as Record<FacetKey, readonly string[]>;
    for (const key of FACET_KEYS) {
      const raw = row.f[FACETS[key].field];
      values[key] = Array.isArray(raw) ? raw.map(String) : raw === null || raw === undefined ? [] : [String(raw)];
    }
    const price = row.f.indicativeAnnualPence;
    return { id: row.id, nameSort: row.name_sort, tieBreak: Number(row.f.tieBreak ?? 0), price: typeof price === "number" ? price : null, values };
  });
  return { entries, byId: new Map(entries.map((e) => [e.id, e])), version };
}

async function indexVersion(db: DbClient): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ n: number; at: Date | null }[]>("SELECT count(*)::int AS n, max(updated_at) AS at FROM search_documents");
  return `${row?.n ?? 0}:${row?.at?.getTime() ?? 0}`;
}

export function createPostgresEngine(getDb: () => Db): SearchEngine {
  let lexicon: { value: Promise<Lexicon>; at: number } | null = null;
  let facetIndex: { value: Promise<FacetIndex>; checkedAt: number } | null = null;
  const stemCache = new Map<string, string>();

  const invalidate = () => {
    lexicon = null;
    facetIndex = null;
  };

  function currentLexicon(db: DbClient): Promise<Lexicon> {
    if (!lexicon || Date.now() - lexicon.at > LEXICON_MAX_AGE_MS) {
      const value = db
        .$queryRawUnsafe<{ word: string }[]>("SELECT word FROM ts_stat('SELECT search_vector FROM search_documents')")
        .then((rows) => lexiconOf(rows.map((r) => r.word)));
      value.catch(invalidate);
      lexicon = { value, at: Date.now() };
    }
    return lexicon.value;
  }

  function currentFacetIndex(db: DbClient): Promise<FacetIndex> {
    const now = Date.now();
    if (facetIndex && now - facetIndex.checkedAt < VERSION_CHECK_MS) return facetIndex.value;
    const previous = facetIndex?.value;
    const value = (async () => {
      const version = await indexVersion(db);
      const loaded = previous ? await previous.catch(() => null) : null;
      if (loaded && loaded.version === version) return loaded;
      if (loaded) lexicon = null;
      return loadFacetIndex(db, version);
    })();
    value.catch(() => (facetIndex = null));
    facetIndex = { value, checkedAt: now };
    return value;
  }

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

  async function tsQueryFor(db: DbClient, q: string): Promise<string | null> {
    const tokens = tokenise(q);
    if (tokens.length === 0) return null;
    const [stemmed, words] = await Promise.all([stems(db, [...tokens.map((t) => t.word), ...SYNONYM_WORDS]), currentLexicon(db)]);
    const stemOf = (word: string) => stemmed.get(word) ?? word;
    return buildTsQuery(tokens, tokens.map((t) => stemOf(t.word)), words, synonymGroupsAsStems(stemOf));
  }

  /** Listings matching the words, with their relevance; null when there are no words to match (everything matches). */
  async function textMatches(db: DbClient, q: string, tsQuery: string | null): Promise<Map<string, number> | null> {
    if (!q || !tsQuery) return null;
    // A misspelt name ("Aphelon") also matches by trigram similarity to the title; only for
    // one-word searches, as the similarity of several words would let one of them stand for all.
    const oneWord = tokenise(q).length === 1 && !q.includes('"');
    const rows = await db.$queryRawUnsafe<{ id: string; rank: number }[]>(
      `SELECT catalogue_item_id AS id, (ts_rank(search_vector, $1::tsquery) + word_similarity($2, title) * 0.1)::float8 AS rank
       FROM search_documents
       WHERE search_vector @@ $1::tsquery ${oneWord ? "OR $2 <% title" : ""}`,
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
      const tsQuery = query.q ? await tsQueryFor(db, query.q) : null;
      const [index, matches] = await Promise.all([currentFacetIndex(db), textMatches(db, query.q, tsQuery)]);
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
      invalidate();
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await getDb().$executeRawUnsafe("DELETE FROM search_documents WHERE catalogue_item_id = ANY($1::text[])", ids);
      invalidate();
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
      invalidate();
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

const byTieBreak = (a: Entry, b: Entry) => a.tieBreak - b.tieBreak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Facets, filters and order. "all" facets narrow the matched set; each "any" facet is a
 * flag, so the results need every flag while that facet's own counts need every flag but
 * its own (disjunctive faceting).
 */
export function filterCountAndOrder(index: FacetIndex, matches: Map<string, number> | null, query: SearchQuery) {
  const candidates = matches ? [...matches.keys()].flatMap((id) => index.byId.get(id) ?? []) : index.entries;
  const allFacets = FACET_KEYS.filter((key) => FACETS[key].combine === "all" && query[key].length > 0);
  const anyFacets = FACET_KEYS.filter((key) => FACETS[key].combine === "any" && query[key].length > 0);
  const anySets = anyFacets.map((key) => new Set(query[key]));

  const matched: { entry: Entry; flags: boolean[] }[] = [];
  for (const entry of candidates) {
    if (!allFacets.every((key) => query[key].every((value) => entry.values[key].includes(value)))) continue;
    matched.push({ entry, flags: anyFacets.map((key, i) => entry.values[key].some((value) => anySets[i].has(value))) });
  }
  const filtered = matched.filter((m) => m.flags.every(Boolean)).map((m) => m.entry);

  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  for (const key of FACET_KEYS) {
    if (key === "epic" && query.capability.length === 0) continue;
    const own = anyFacets.indexOf(key);
    const counts = new Map<string, number>();
    const count = (entry: Entry) => {
      for (const value of entry.values[key]) counts.set(value, (counts.get(value) ?? 0) + 1);
    };
    if (FACETS[key].combine === "all" || anyFacets.length === 0) filtered.forEach(count);
    else for (const m of matched) if (m.flags.every((flag, i) => i === own || flag)) count(m.entry);
    facets[key] = sortFacetCounts([...counts].map(([value, n]) => ({ value, count: n })));
  }

  const rank = (entry: Entry) => matches?.get(entry.id) ?? 0;
  const ordered = [...filtered].sort(
    query.sort === "name"
      ? (a, b) => (a.nameSort < b.nameSort ? -1 : a.nameSort > b.nameSort ? 1 : byTieBreak(a, b))
      : query.sort === "price"
        ? (a, b) => (a.price === b.price ? byTieBreak(a, b) : a.price === null ? 1 : b.price === null ? -1 : a.price - b.price)
        : (a, b) => rank(b) - rank(a) || byTieBreak(a, b),
  );
  const start = (query.page - 1) * query.perPage;
  return { pageIds: ordered.slice(start, start + query.perPage).map((e) => e.id), total: filtered.length, facets };
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

