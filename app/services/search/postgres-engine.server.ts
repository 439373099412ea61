import type { Db, DbClient } from "~/utils/db.server";
import { englishStem } from "./english-stem";
import { FACET_KEYS, FACETS, searchableParts, type FacetKey, type SearchDocument } from "./document";
import { facetValueLimit, FACET_VALUES_RETURNED, plainSegments, totalPages, type FacetCounts, type FacetValueCounts, type SearchEngine, type SearchHit, type SearchOptions, type SearchResult } from "./engine";
import { SearchReplica, type ReplicaView, type ShownDocument } from "./postgres-replica.server";
import type { SearchQuery } from "./query";
import { highlightSegments, type TextMatches } from "./text-index";
import { buildTextQuery, SYNONYM_WORDS, synonymGroupsAsStems, tokenise, type TextQuery } from "./text-query";

/**
 * The embedded search engine: documents in `search_documents` (the same JSON as the
 * Meilisearch documents) with a weighted tsvector over the searchable fields, typo
 * correction against the index's own words and trigram similarity on titles.
 *
 * PostgreSQL holds the documents and their tsvectors; searching runs over this process's copy
 * of what it needs (postgres-replica.server.ts): the text index computes what `@@`, ts_rank
 * and pg_trgm computed in SQL (text-index.ts), and filters, facet counts and ordering run over
 * a compact copy of every listing's facet values, and the page's documents (with each word's
 * lexemes for highlighting, `highlight_tokens`) come from the copy too. Words are stemmed here
 * too, as PostgreSQL's english_stem would (english-stem.ts): a search queries PostgreSQL only
 * to stem an accented word it has not seen before.
 */

const UPSERT_BATCH = 500;

/** The PostgreSQL engine, with the version of the index it answers from (the result cache follows it). */
export type PostgresSearchEngine = SearchEngine & { indexVersion(): Promise<string> };

/** How long words stemmed here wait to be checked against PostgreSQL, and how many wait at most. */
const STEM_CHECK_MS = 1_000;
const STEM_CHECKS_WAITING = 5_000;

type EngineOptions = ConstructorParameters<typeof SearchReplica>[1] & {
  /** The stemmer run in this process (tests give a wrong one, to see PostgreSQL's answer win). */
  stem?: (word: string) => string | null;
  stemCheckMs?: number;
};

/** The english stemmer's lexeme of each word ("" for a stop word), from PostgreSQL's english_stem. */
async function databaseStems(db: DbClient, words: string[]): Promise<Map<string, string>> {
  const rows = await db.$queryRawUnsafe<{ w: string; lexeme: string[] | null }[]>("SELECT w, ts_lexize('english_stem', w) AS lexeme FROM unnest($1::text[]) AS w", words);
  return new Map(rows.map((row) => [row.w, row.lexeme?.[0] ?? ""]));
}

export function createPostgresEngine(getDb: () => Db, { stem = englishStem, stemCheckMs = STEM_CHECK_MS, ...options }: EngineOptions = {}): PostgresSearchEngine {
  const replica = new SearchReplica(getDb, options);
  const stemCache = new Map<string, string>();

  /**
   * Words stemmed in this process, checked against PostgreSQL in one statement a second, off
   * every search's path: should the database ever stem one otherwise (its dictionary is the
   * truth, as the tsvectors come from it), its lexeme replaces this process's and it is logged.
   */
  const unchecked = new Set<string>();
  let checkTimer: ReturnType<typeof setTimeout> | null = null;
  const checkLater = (word: string) => {
    if (unchecked.size >= STEM_CHECKS_WAITING) return;
    unchecked.add(word);
    checkTimer ??= setTimeout(() => void checkStems(), stemCheckMs);
    checkTimer.unref?.();
  };
  async function checkStems() {
    checkTimer = null;
    const words = [...unchecked];
    unchecked.clear();
    try {
      for (const [word, lexeme] of await databaseStems(getDb(), words)) {
        const here = stemCache.get(word);
        if (here === undefined || here === lexeme) continue;
        stemCache.set(word, lexeme);
        console.warn(`[search] "${word}" was stemmed "${here}" here but "${lexeme}" by PostgreSQL: using PostgreSQL's.`);
      }
    } catch {
      // The database is away: the words keep the stems given here (english-stem.server.test.ts checks them against it).
    }
  }

  /** The english stemmer's lexeme for each word ("" for stop words), as the tsvector has them. */
  async function stems(db: DbClient, words: string[]): Promise<Map<string, string>> {
    const missing = [...new Set(words.filter((w) => !stemCache.has(w)))];
    if (missing.length > 0) {
      if (stemCache.size > 20_000) stemCache.clear();
      const forDatabase: string[] = [];
      for (const word of missing) {
        const lexeme = stem(word);
        if (lexeme === null) forDatabase.push(word);
        else {
          stemCache.set(word, lexeme);
          checkLater(word);
        }
      }
      if (forDatabase.length > 0) for (const [word, lexeme] of await databaseStems(db, forDatabase)) stemCache.set(word, lexeme);
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
      return (await replica.version()).toString();
    },

    async search(query, options) {
      const started = performance.now();
      const db = getDb();
      let view = await replica.forSearch();
      const textQuery = query.q ? await textQueryFor(db, view, query.q) : null;
      // The copy may have moved on while the words were stemmed.
      view = await replica.forSearch();
      const { pageSlots, total, facets, facetValueCounts } = filterCountAndOrder(view, textMatches(view, query.q, textQuery), query, options);
      const hits = pageDocuments(view, pageSlots, textQuery);
      return {
        hits,
        total,
        page: query.page,
        perPage: query.perPage,
        totalPages: totalPages(total, query.perPage),
        facets,
        facetValueCounts,
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
 * own counts take the listings missing none but it (disjunctive faceting). Listings are slots
 * and values are codes of the facet copy (postgres-facet-index.server.ts), counted in typed arrays.
 * Each facet returns its first `limit` values (engine.ts facetValueLimit) and the chosen ones:
 * only those become objects, as a supplier facet has thousands of values a search.
 */
export function filterCountAndOrder(
  view: ReplicaView,
  matches: TextMatches | null,
  query: SearchQuery,
  { facetsInFull = [], limit = FACET_VALUES_RETURNED }: SearchOptions & { limit?: number } = {},
) {
  const { facets: index } = view;
  const { dictionary } = index;
  const words = index.bitsetWords;
  // A chosen value the index has never seen matches nothing (-1 is no code).
  const code = (key: FacetKey, value: string) => dictionary[key].codeOf.get(value) ?? -1;
  const bitsetOf = (f: number, c: number) => (c < 0 ? undefined : index.bitsets(f)?.[c]);

  // "all" facets: the slots having every chosen value, as one bitset (every such facet has bitsets).
  let required: Uint32Array | null = null;
  FACET_KEYS.forEach((key, f) => {
    if (FACETS[key].combine !== "all" || query[key].length === 0) return;
    for (const value of query[key]) {
      const bits = bitsetOf(f, code(key, value));
      if (!required) required = bits ? bits.slice(0, words) : new Uint32Array(words);
      else if (!bits) required.fill(0);
      else for (let w = 0; w < words; w++) required[w] &= bits[w];
    }
  });
  // "any" facets: the slots having one of the chosen values, as a bitset where the facet has them, or the chosen codes.
  const anyFilters = FACET_KEYS.flatMap((key, f) => {
    if (FACETS[key].combine !== "any" || query[key].length === 0) return [];
    const wanted = new Uint8Array(dictionary[key].values.length);
    let union: Uint32Array | null = index.bitsets(f) ? new Uint32Array(words) : null;
    for (const value of query[key]) {
      const c = code(key, value);
      if (c < 0) continue;
      wanted[c] = 1;
      const bits = bitsetOf(f, c);
      if (union && bits) for (let w = 0; w < words; w++) union[w] |= bits[w];
    }
    return [{ f, column: index.column(f), wanted, union }];
  });

  // Candidates, in their final order where it does not depend on the words' relevance.
  const byRelevance = query.sort === "relevance" && matches !== null;
  let candidates: Int32Array;
  if (byRelevance) candidates = matches.slots;
  else {
    const ordered = index.inOrder(query.sort === "name" ? "name" : query.sort === "price" ? "price" : "tieBreak");
    if (matches) {
      const matched = new Uint8Array(view.text.slotCount);
      for (let i = 0; i < matches.slots.length; i++) matched[matches.slots[i]] = 1;
      candidates = new Int32Array(matches.slots.length);
      let n = 0;
      for (let i = 0; i < ordered.length; i++) if (matched[ordered[i]] === 1) candidates[n++] = ordered[i];
    } else candidates = ordered;
  }

  // kept: the candidates meeting every "all" facet; misses: the "any" facets each of them misses (one bit each).
  const kept = new Int32Array(candidates.length);
  const misses = new Int32Array(candidates.length);
  const results = new Int32Array(candidates.length);
  let keptCount = 0;
  let resultCount = 0;
  const requiredBits: Uint32Array | null = required;
  for (let c = 0; c < candidates.length; c++) {
    const slot = candidates[c];
    if (requiredBits && (requiredBits[slot >>> 5] & (1 << (slot & 31))) === 0) continue;
    let missed = 0;
    for (let i = 0; i < anyFilters.length; i++) {
      const { column, wanted, union } = anyFilters[i];
      let hit = false;
      if (union) hit = (union[slot >>> 5] & (1 << (slot & 31))) !== 0;
      else for (let k = column.start[slot], to = k + column.count[slot]; k < to && !hit; k++) hit = wanted[column.pool[k]] === 1;
      if (!hit) missed |= 1 << i;
    }
    kept[keptCount] = slot;
    misses[keptCount++] = missed;
    if (missed === 0) results[resultCount++] = c;
  }

  // What each facet counts: the kept listings missing no "any" facet but, for an "any" facet, its own.
  const countedSets = new Map<number, Uint32Array>();
  const countedSet = (own: number) => {
    let set = countedSets.get(own);
    if (!set) {
      set = new Uint32Array(words);
      const ignored = ~(own >= 0 ? 1 << own : 0);
      for (let i = 0; i < keptCount; i++) if ((misses[i] & ignored) === 0) set[kept[i] >>> 5] |= 1 << (kept[i] & 31);
      countedSets.set(own, set);
    }
    return set;
  };
  const firstWord = keptCount > 0 ? Math.min(kept[0], kept[keptCount - 1]) >>> 5 : 0;
  const lastWord = keptCount > 0 ? Math.max(kept[0], kept[keptCount - 1]) >>> 5 : -1;

  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  const facetValueCounts = Object.fromEntries(FACET_KEYS.map((key) => [key, 0])) as unknown as FacetValueCounts;
  FACET_KEYS.forEach((key, f) => {
    if (key === "epic" && query.capability.length === 0) return;
    const counts = new Uint32Array(dictionary[key].values.length);
    const own = anyFilters.findIndex((filter) => filter.f === f);
    const { start, count, pool } = index.column(f);
    const bitsets = index.bitsets(f);
    // Visiting the listings costs their number times their values; the bitsets, their words times the values.
    const wordSpan = candidates === matches?.slots ? lastWord - firstWord + 1 : words;
    if (bitsets && keptCount * (pool.length / Math.max(1, view.text.slotCount)) > counts.length * wordSpan) {
      const set = countedSet(own);
      const [from, to] = candidates === matches?.slots ? [firstWord, lastWord] : [0, words - 1];
      for (let c = 0; c < counts.length; c++) {
        const bits = bitsets[c];
        if (!bits) continue;
        let n = 0;
        for (let w = from; w <= to; w++) n += popcount(set[w] & bits[w]);
        counts[c] = n;
      }
    } else {
      const ignored = ~(own >= 0 ? 1 << own : 0);
      for (let i = 0; i < keptCount; i++) {
        if ((misses[i] & ignored) !== 0) continue;
        const slot = kept[i];
        for (let k = start[slot], to = k + count[slot]; k < to; k++) counts[pool[k]]++;
      }
    }
    const chosen = new Set(query[key].map((value) => code(key, value)));
    const sorted = sortedCounts(counts, index.valueOrder(key), dictionary[key].values, facetValueLimit(key, facetsInFull, limit), chosen);
    facets[key] = sorted.counts;
    facetValueCounts[key] = sorted.values;
  });

  const startAt = (query.page - 1) * query.perPage;
  const end = startAt + query.perPage;
  let pageSlots: number[];
  if (byRelevance) {
    // Only results whose rank can reach the end-th highest are ranked exactly: at least `end`
    // results rank at or above the end-th highest lower bound, so one whose upper bound is below it is not shown.
    let ranked = results.subarray(0, resultCount);
    const { upper } = matches;
    if (upper && resultCount > end) {
      const lower = new Float64Array(resultCount);
      for (let r = 0; r < resultCount; r++) lower[r] = matches.ranks[results[r]];
      const reach = kthLargest(lower, end);
      let n = 0;
      for (let r = 0; r < resultCount; r++) if (upper[results[r]] >= reach) n++;
      ranked = new Int32Array(n);
      n = 0;
      for (let r = 0; r < resultCount; r++) if (upper[results[r]] >= reach) ranked[n++] = results[r];
    }
    const slots = new Int32Array(ranked.length);
    const ranks = new Float64Array(ranked.length);
    for (let r = 0; r < ranked.length; r++) {
      slots[r] = candidates[ranked[r]];
      ranks[r] = matches.rank(ranked[r]);
    }
    pageSlots = firstByRelevance(slots, ranks, end, index.compareTieBreak).slice(startAt);
  } else pageSlots = Array.from(results.subarray(startAt, Math.min(end, resultCount)), (c) => candidates[c]);
  return { pageSlots, total: resultCount, facets, facetValueCounts };
}

function popcount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The first `k` slots by relevance (rank, then the stable tie-break), without sorting them all:
 * a common word matches most of the catalogue and a page shows twenty.
 */
export function firstByRelevance(slots: Int32Array, ranks: Float64Array, k: number, tieBreak: (a: number, b: number) => number): number[] {
  const order = (i: number, j: number) => ranks[j] - ranks[i] || tieBreak(slots[i], slots[j]);
  const n = slots.length;
  let chosen: number[];
  if (n <= 4 * k) chosen = Array.from({ length: n }, (_, i) => i).sort(order).slice(0, k);
  else {
    // Everything ranked above the k-th highest rank is in, and enough of those tied with it (by tie-break).
    const threshold = kthLargest(Float64Array.from(ranks), k);
    const above: number[] = [];
    const tied: number[] = [];
    for (let i = 0; i < n; i++) {
      if (ranks[i] > threshold) above.push(i);
      else if (ranks[i] === threshold) tied.push(i);
    }
    const wanted = k - above.length;
    chosen = above.concat(tied.length <= 4 * wanted ? tied.sort(order).slice(0, wanted) : smallest(tied, wanted, order)).sort(order);
  }
  return chosen.map((i) => slots[i]);
}

/**
 * Facet counts, most results first and then by value: the order of sortFacetCounts, from the
 * facet's values put in that order once per dictionary, by a counting sort (a thousand
 * suppliers' counts come with every search). Only the first `limit` and the `chosen` codes
 * beyond them are returned, as limitFacetValues would cut them; `values` counts them all.
 */
function sortedCounts(counts: Uint32Array, codeAt: Int32Array, values: string[], limit: number, chosen: ReadonlySet<number>): { counts: FacetCounts[FacetKey]; values: number } {
  let most = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c] > most) most = counts[c];
  // A few values with many results each (hosting types, assurance, capabilities of a common
  // word): counting up to the largest count would cost more than sorting the values.
  if (most > 4 * codeAt.length) return sortedFewCounts(counts, codeAt, values, limit, chosen);
  // A counting sort: how many values have each count, then the values in their order into their count's place.
  const places = new Int32Array(most + 2);
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) places[most - counts[c] + 1]++;
  for (let i = 1; i < places.length; i++) places[i] += places[i - 1];
  const withResults = places[places.length - 1];
  const ordered = new Array<{ value: string; count: number }>(Math.min(withResults, limit));
  const beyond: { place: number; value: string; count: number }[] = [];
  for (let r = 0; r < codeAt.length; r++) {
    const c = codeAt[r];
    if (counts[c] === 0) continue;
    const place = places[most - counts[c]]++;
    if (place < limit) ordered[place] = { value: values[c], count: counts[c] };
    else if (chosen.has(c)) beyond.push({ place, value: values[c], count: counts[c] });
  }
  beyond.sort((a, b) => a.place - b.place);
  for (const { value, count } of beyond) ordered.push({ value, count });
  return { counts: ordered, values: withResults };
}

/** sortedCounts by sorting: the values with results in their order, then stably by count, most first. */
function sortedFewCounts(counts: Uint32Array, codeAt: Int32Array, values: string[], limit: number, chosen: ReadonlySet<number>): { counts: FacetCounts[FacetKey]; values: number } {
  const codes: number[] = [];
  for (let r = 0; r < codeAt.length; r++) if (counts[codeAt[r]] > 0) codes.push(codeAt[r]);
  codes.sort((a, b) => counts[b] - counts[a]);
  const shown = codes.length <= limit ? codes : codes.slice(0, limit).concat(codes.slice(limit).filter((c) => chosen.has(c)));
  return { counts: shown.map((c) => ({ value: values[c], count: counts[c] })), values: codes.length };
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

/**
 * The page's documents from the copy, each word marked as ts_headline would mark it. Each hit
 * parses its document and marks its words when first asked (then keeps them): the open API
 * answers from JSON kept against `documentKey` and asks for neither, and parsing a page's
 * documents was a tenth of an uncached search's CPU at 30,000 listings.
 */
function pageDocuments(view: ReplicaView, slots: number[], textQuery: TextQuery | null): SearchResult["hits"] {
  // Every operand of the query marks the words it matches, as ts_headline's do.
  const terms = textQuery ? textQuery.flatMap((clause) => clause.alternatives.flat()) : [];
  const { documents } = view;
  return slots.flatMap((slot) => {
    // Taken now: a refresh may empty or reuse the slot before the hit is read.
    const entry = documents.entry(slot);
    if (!entry) return [];
    let highlights: SearchHit["highlights"] | undefined;
    let parsed: ShownDocument | undefined;
    const shown = () => (parsed ??= documents.parse(entry));
    const hit: SearchHit = {
      get document() {
        return shown().document;
      },
      get highlights() {
        if (!highlights) {
          const { document, tokens } = shown();
          highlights =
            terms.length === 0
              ? { name: plainSegments(document.name), summary: plainSegments(document.summary) }
              : { name: highlightSegments(document.name, tokens?.name, terms), summary: highlightSegments(document.summary, tokens?.summary, terms) };
        }
        return highlights;
      },
      documentKey: entry.key,
    };
    return [hit];
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

