import type { Db, DbClient } from "~/utils/db.server";
import { FACET_KEYS, FACETS, searchableParts, type FacetKey, type SearchDocument } from "./document";
import { plainSegments, sortFacetCounts, totalPages, type FacetCounts, type SearchEngine, type SearchResult } from "./engine";
import { byTieBreak, type FacetEntry } from "./postgres-facet-index.server";
import { SearchReplica, type ReplicaView } from "./postgres-replica.server";
import type { SearchQuery } from "./query";
import { highlightSegments, type HighlightToken, type TextMatches } from "./text-index";
import { buildTextQuery, SYNONYM_WORDS, synonymGroupsAsStems, tokenise, type TextQuery } from "./text-query";

/**
 * The embedded search engine: documents in `search_documents` (the same JSON as the
 * Meilisearch documents) with a weighted tsvector over the searchable fields, typo
 * correction against the index's own words and trigram similarity on titles.
 *
 * PostgreSQL holds the documents and their tsvectors; searching runs over this process's copy
 * of what it needs (postgres-replica.server.ts): the text index computes what `@@`, ts_rank
 * and pg_trgm computed in SQL (text-index.ts), and filters, facet counts and ordering run over
 * a compact copy of every listing's facet values. A search's only query reads the page of
 * documents it shows, with each word's lexemes for highlighting (`highlight_tokens`).
 */

const UPSERT_BATCH = 500;

/** The PostgreSQL engine, with the version of the index it answers from (the result cache follows it). */
export type PostgresSearchEngine = SearchEngine & { indexVersion(): Promise<string> };

export function createPostgresEngine(getDb: () => Db, options: ConstructorParameters<typeof SearchReplica>[1] = {}): PostgresSearchEngine {
  const replica = new SearchReplica(getDb, options);
  const stemCache = new Map<string, string>();

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

  async function textQueryFor(db: DbClient, view: ReplicaView, q: string): Promise<TextQuery | null> {
    const tokens = tokenise(q);
    if (tokens.length === 0) return null;
    const stemmed = await stems(db, [...tokens.map((t) => t.word), ...SYNONYM_WORDS]);
    const stemOf = (word: string) => stemmed.get(word) ?? word;
    return buildTextQuery(tokens, tokens.map((t) => stemOf(t.word)), view.text.words(), synonymGroupsAsStems(stemOf));
  }

  /**
   * The same words on another page, in another order or with other filters match the same
   * listings: kept per index version for the next search, as people page and narrow.
   */
  const recentMatches = new Map<string, TextMatches>();
  let recentMatchesVersion = -1n;
  const RECENT_MATCHES = 50;

  function textMatches(view: ReplicaView, q: string, query: TextQuery | null): TextMatches | null {
    if (!q || !query) return null;
    if (recentMatchesVersion !== view.version) {
      recentMatches.clear();
      recentMatchesVersion = view.version;
    }
    const key = `${JSON.stringify(query)}|${q}`;
    const known = recentMatches.get(key);
    if (known) return known;
    // A misspelt name ("Aphelon") also matches titles by trigram similarity; only for one-word
    // searches, as the similarity of several words would let one of them stand for all.
    const matches = view.text.match(query, q, { titleSimilarity: tokenise(q).length === 1 && !q.includes('"') });
    if (recentMatches.size >= RECENT_MATCHES) recentMatches.delete(recentMatches.keys().next().value!);
    recentMatches.set(key, matches);
    return matches;
  }

  /** After this process's own write: the copy catches up before the write resolves (engine.ts: "resolves once searchable"). */
  const written = async () => {
    if (replica.loaded) await replica.refresh();
  };

  return {
    name: "postgres",

    async indexVersion() {
      return (await replica.forSearch()).version.toString();
    },

    async search(query) {
      const started = performance.now();
      const db = getDb();
      let view = await replica.forSearch();
      const textQuery = query.q ? await textQueryFor(db, view, query.q) : null;
      // The copy may have moved on while the words were stemmed.
      view = await replica.forSearch();
      const { pageIds, total, facets } = filterCountAndOrder(view, textMatches(view, query.q, textQuery), query);
      const hits = await pageDocuments(db, pageIds, textQuery);
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
      await written();
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await getDb().$executeRawUnsafe("DELETE FROM search_documents WHERE catalogue_item_id = ANY($1::text[])", ids);
      await written();
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
      await written();
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
export function filterCountAndOrder(view: ReplicaView, matches: TextMatches | null, query: SearchQuery) {
  const { dictionary } = view.facets;
  // A chosen value the index has never seen matches nothing (-1 is no code).
  const code = (key: FacetKey, value: string) => dictionary[key].codeOf.get(value) ?? -1;
  const allFilters = FACET_KEYS.filter((key) => FACETS[key].combine === "all" && query[key].length > 0).map((key) => ({ key, codes: query[key].map((value) => code(key, value)) }));
  const anyFilters = FACET_KEYS.filter((key) => FACETS[key].combine === "any" && query[key].length > 0).map((key) => {
    const wanted = new Uint8Array(dictionary[key].values.length);
    for (const value of query[key]) if (code(key, value) >= 0) wanted[code(key, value)] = 1;
    return { key, wanted };
  });

  // Candidates, in their final order where it does not depend on the words' relevance.
  const byRelevance = query.sort === "relevance" && matches !== null;
  let candidates: FacetEntry[];
  let candidateRanks: Float64Array | null = null;
  if (byRelevance) {
    candidates = Array.from(matches.slots, (slot) => view.entryBySlot[slot]!);
    candidateRanks = matches.ranks;
  } else {
    const ordered = view.facets.inOrder(query.sort === "name" ? "name" : query.sort === "price" ? "price" : "tieBreak");
    if (matches) {
      const matched = new Uint8Array(view.entryBySlot.length);
      for (const slot of matches.slots) matched[slot] = 1;
      candidates = ordered.filter((entry) => matched[entry.slot] === 1);
    } else candidates = ordered;
  }

  const kept: FacetEntry[] = [];
  const misses: number[] = [];
  const results: FacetEntry[] = [];
  const resultRanks: number[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const entry = candidates[c];
    if (!allFilters.every(({ key, codes }) => codes.every((value) => entry.codes[key].includes(value)))) continue;
    let missed = 0;
    for (let i = 0; i < anyFilters.length; i++) {
      const { key, wanted } = anyFilters[i];
      if (!entry.codes[key].some((value) => wanted[value] === 1)) missed |= 1 << i;
    }
    kept.push(entry);
    misses.push(missed);
    if (missed === 0) {
      results.push(entry);
      if (candidateRanks) resultRanks.push(candidateRanks[c]);
    }
  }

  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  for (const key of FACET_KEYS) {
    if (key === "epic" && query.capability.length === 0) continue;
    const counts = new Uint32Array(dictionary[key].values.length);
    const own = anyFilters.findIndex((f) => f.key === key);
    // Its own selection is ignored for an "any" facet's counts; every other selection applies.
    const allowed = own >= 0 ? 1 << own : 0;
    for (let i = 0; i < kept.length; i++) {
      if ((misses[i] & ~allowed) !== 0) continue;
      const values = kept[i].codes[key];
      for (let v = 0; v < values.length; v++) counts[values[v]] += 1;
    }
    const list: { value: string; count: number }[] = [];
    counts.forEach((n, c) => {
      if (n > 0) list.push({ value: dictionary[key].values[c], count: n });
    });
    facets[key] = sortFacetCounts(list);
  }

  const start = (query.page - 1) * query.perPage;
  const pageEntries = candidateRanks
    ? firstByRelevance(results, resultRanks, start + query.perPage).slice(start)
    : results.slice(start, start + query.perPage);
  return { pageIds: pageEntries.map((e) => e.id), total: results.length, facets };
}

/**
 * The first `k` results by relevance (rank, then the stable tie-break), without sorting them
 * all: a common word matches most of the catalogue and a page shows twenty.
 */
export function firstByRelevance(entries: FacetEntry[], ranks: number[], k: number): FacetEntry[] {
  const order = (i: number, j: number) => ranks[j] - ranks[i] || byTieBreak(entries[i], entries[j]);
  const n = entries.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= 4 * k) return all.sort(order).slice(0, k).map((i) => entries[i]);
  // Everything ranked above the k-th highest rank is in, and enough of those tied with it (by tie-break).
  const threshold = kthLargest(Float64Array.from(ranks), k);
  const above = all.filter((i) => ranks[i] > threshold);
  const tied = all.filter((i) => ranks[i] === threshold);
  const wanted = k - above.length;
  const tiedFirst = tied.length <= 4 * wanted ? tied.sort(order).slice(0, wanted) : smallest(tied, wanted, order);
  return [...above, ...tiedFirst].sort(order).map((i) => entries[i]);
}

/** The k-th largest value (1-based), by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target];
}

/** The `k` first of `items` in `order`, sorted, with a bounded max-heap. */
function smallest(items: number[], k: number, order: (a: number, b: number) => number): number[] {
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (order(heap[i], heap[parent]) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < heap.length && order(heap[l], heap[largest]) > 0) largest = l;
      if (r < heap.length && order(heap[r], heap[largest]) > 0) largest = r;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest], heap[i]];
      i = largest;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (k > 0 && order(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(order);
}

async function pageDocuments(db: DbClient, ids: string[], textQuery: TextQuery | null): Promise<SearchResult["hits"]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ id: string; document: SearchDocument; tokens: { name?: HighlightToken[]; summary?: HighlightToken[] } | null }[]>(
    "SELECT catalogue_item_id AS id, document, highlight_tokens AS tokens FROM search_documents WHERE catalogue_item_id = ANY($1::text[])",
    ids,
  );
  // Every operand of the query marks the words it matches, as ts_headline's do.
  const terms = textQuery ? textQuery.flatMap((clause) => clause.alternatives.flat()) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { document, tokens } = row;
    return [
      {
        document,
        highlights: {
          name: terms.length ? highlightSegments(document.name, tokens?.name, terms) : plainSegments(document.name),
          summary: terms.length ? highlightSegments(document.summary, tokens?.summary, terms) : plainSegments(document.summary),
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

