import type { FacetKey, HighlightSegment, SearchDocument } from "./document";
import type { SearchQuery } from "./query";

/**
 * The search interface both engines implement (DESIGN.md §3): Meilisearch when
 * MEILISEARCH_URL is set, the PostgreSQL engine otherwise and as the fallback.
 */
export type EngineName = "postgres" | "meilisearch";

export type SearchHit = {
  document: SearchDocument;
  highlights: { name: HighlightSegment[]; summary: HighlightSegment[] };
  /**
   * Where the engine has one: an object that stays the same exactly as long as this listing's
   * document does, so what is derived from the document alone (the open API's JSON of it) can
   * be kept against it in a WeakMap instead of being worked out for every page it appears on.
   */
  documentKey?: object;
};

export type FacetCount = { value: string; count: number };
export type FacetCounts = Record<FacetKey, FacetCount[]>;

export type SearchResult = {
  hits: SearchHit[];
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  facets: FacetCounts;
  /** When the engine returned each facet's first values only (facetValueLimit): how many values each has. */
  facetValueCounts?: FacetValueCounts;
  processingTimeMs: number;
  engine: EngineName;
};

/** What a search may ask of an engine beyond the query: facets to return every value of (others may be limited). */
export type SearchOptions = { facetsInFull?: readonly FacetKey[] };

export interface SearchEngine {
  readonly name: EngineName;
  /** An engine may return each facet's first values only (limitFacetValues) with `facetValueCounts`; one that does not returns them all. */
  search(query: SearchQuery, options?: SearchOptions): Promise<SearchResult>;
  /** Adds or replaces documents; resolves once they are searchable. */
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Rebuilds the whole index; searches see the old index until the new one is complete. */
  replaceAll(documents: SearchDocument[], progress?: (done: number, total: number) => void): Promise<void>;
  /** Every indexed document (for reconciliation). */
  allDocuments(): Promise<SearchDocument[]>;
  count(): Promise<number>;
}

export const plainSegments = (text: string): HighlightSegment[] => (text ? [{ text, matched: false }] : []);

export function totalPages(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** One collator: `localeCompare` with options builds one per call, which cost tens of milliseconds a search over a thousand suppliers. */
export const compareFacetValues = new Intl.Collator("en", { numeric: true }).compare;

/** Facet counts sorted for display: most results first, then by value so the order is stable. */
export function sortFacetCounts(counts: FacetCount[]): FacetCount[] {
  return [...counts].sort((a, b) => b.count - a.count || compareFacetValues(a.value, b.value));
}

/**
 * Values of one facet returned with a search unless asked for in full: the page shows eight,
 * and a supplier facet grows with the catalogue (3,207 values at 30,000 listings made each
 * search's answer 120–249 KB to count, serialise, compress and send). Meilisearch stops at its
 * own `maxValuesPerFacet` too.
 */
export const FACET_VALUES_RETURNED = 100;

/**
 * Epics are returned in full: the page lists only those within the chosen capabilities, which
 * can rank anywhere, and their number is bounded by the capability reference data.
 */
const NEVER_LIMITED = new Set<FacetKey>(["epic"]);

/** How many values each facet has with results, whether or not all of them are returned. */
export type FacetValueCounts = Record<FacetKey, number>;

/** How many of a facet's values a search returns (Infinity: all). */
export function facetValueLimit(key: FacetKey, inFull: readonly FacetKey[], limit = FACET_VALUES_RETURNED): number {
  return NEVER_LIMITED.has(key) || inFull.includes(key) ? Infinity : limit;
}

/**
 * A facet's values cut to the first FACET_VALUES_RETURNED (most results first, as the engines
 * sort them) unless it is asked for in full, keeping every chosen value with results wherever
 * it ranks, so a selection is never shown without its count.
 */
export function limitFacetValues(
  facets: FacetCounts,
  chosen: Partial<Record<FacetKey, string[]>>,
  inFull: readonly FacetKey[],
  limit = FACET_VALUES_RETURNED,
): { facets: FacetCounts; facetValueCounts: FacetValueCounts } {
  const limited = {} as FacetCounts;
  const facetValueCounts = {} as FacetValueCounts;
  for (const key of Object.keys(facets) as FacetKey[]) {
    const counts = facets[key];
    facetValueCounts[key] = counts.length;
    if (counts.length <= facetValueLimit(key, inFull, limit)) {
      limited[key] = counts;
      continue;
    }
    const wanted = new Set(chosen[key] ?? []);
    limited[key] = counts.filter((count, rank) => rank < limit || wanted.has(count.value));
  }
  return { facets: limited, facetValueCounts };
}
