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
  processingTimeMs: number;
  engine: EngineName;
};

export interface SearchEngine {
  readonly name: EngineName;
  search(query: SearchQuery): Promise<SearchResult>;
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
