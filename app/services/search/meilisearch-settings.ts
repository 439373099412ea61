/**
 * Everything the Meilisearch engine sends and reads, as pure functions of the shared search
 * definition (document.ts): index settings, the document as stored, filter expressions, the
 * multi-search request that gives disjunctive facet counts in one round trip, and the
 * mapping of its response. Unit-tested without a server.
 */
import type { MultiSearchQuery, MultiSearchResponse, Settings } from "meilisearch";
import {
  FACET_KEYS,
  FACETS,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  SEARCHABLE_FIELDS,
  SYNONYM_GROUPS,
  segmentsFromMarked,
  type FacetKey,
  type SearchDocument,
} from "./document";
import { plainSegments, sortFacetCounts, totalPages, type FacetCounts, type SearchResult } from "./engine";
import { MAX_RESULT_WINDOW, type SearchQuery } from "./query";

export const DEFAULT_INDEX_UID = "solutions";

/** Meilisearch synonyms are one-way lists: every phrase of a group points at the others. */
export function meilisearchSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    for (const phrase of group) synonyms[phrase] = [...new Set([...(synonyms[phrase] ?? []), ...group.filter((other) => other !== phrase)])];
  }
  return synonyms;
}

export function meilisearchSettings(): Settings {
  return {
    searchableAttributes: SEARCHABLE_FIELDS.map((f) => f.field),
    filterableAttributes: [...new Set(FACET_KEYS.map((key) => FACETS[key].field))],
    sortableAttributes: ["nameSort", "indicativeAnnualPence", "tieBreak"],
    // "sort" first: a chosen sort (name, price) decides the order, relevance only without one;
    // the stable hash last, so equal results are never ordered alphabetically.
    rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness", "tieBreak:asc"],
    synonyms: meilisearchSynonyms(),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits: MAX_RESULT_WINDOW },
  };
}

export type MeilisearchDocument = Omit<SearchDocument, "indicativeAnnualPence"> & { nameSort: string; indicativeAnnualPence?: number };

/** As stored: a lowercase sort key, and no price field when there is no price (so it sorts last). */
export function toMeilisearchDocument(doc: SearchDocument): MeilisearchDocument {
  const { indicativeAnnualPence, ...rest } = doc;
  return { ...rest, nameSort: doc.name.toLowerCase(), ...(indicativeAnnualPence === null ? {} : { indicativeAnnualPence }) };
}

export function fromMeilisearchDocument(stored: Record<string, unknown>): SearchDocument {
  const { nameSort: _nameSort, _formatted, _rankingScore, indicativeAnnualPence, ...rest } = stored;
  return { ...(rest as Omit<SearchDocument, "indicativeAnnualPence">), indicativeAnnualPence: typeof indicativeAnnualPence === "number" ? indicativeAnnualPence : null };
}

const literal = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** The filter for a query: AND across facets; "all" facets AND their values, "any" facets OR them. */
export function filterExpression(query: SearchQuery, except?: FacetKey): string | undefined {
  const clauses: string[] = [];
  for (const key of FACET_KEYS) {
    if (key === except || query[key].length === 0) continue;
    const { field, combine } = FACETS[key];
    if (combine === "all") clauses.push(...query[key].map((value) => `${field} = ${literal(value)}`));
    else clauses.push(`${field} IN [${query[key].map(literal).join(", ")}]`);
  }
  return clauses.length > 0 ? clauses.join(" AND ") : undefined;
}

const SORT_PARAMS: Record<SearchQuery["sort"], string[] | undefined> = {
  relevance: undefined,
  name: ["nameSort:asc"],
  price: ["indicativeAnnualPence:asc"],
};

/** Facets whose counts come with the hits: all but the "any" facets a person has narrowed (those get their own query). */
function facetsOnMainQuery(query: SearchQuery): FacetKey[] {
  return FACET_KEYS.filter((key) => {
    if (key === "epic" && query.capability.length === 0) return false;
    return FACETS[key].combine === "all" || query[key].length === 0;
  });
}

/** Facets needing a query of their own: "any" facets with a selection, counted without it. */
export function disjunctiveFacets(query: SearchQuery): FacetKey[] {
  return FACET_KEYS.filter((key) => FACETS[key].combine === "any" && query[key].length > 0);
}

export function multiSearchQueries(indexUid: string, query: SearchQuery): MultiSearchQuery[] {
  const main: MultiSearchQuery = {
    indexUid,
    q: query.q,
    filter: filterExpression(query),
    facets: facetsOnMainQuery(query).map((key) => FACETS[key].field),
    page: query.page,
    hitsPerPage: query.perPage,
    sort: SORT_PARAMS[query.sort],
    attributesToHighlight: ["name", "summary"],
    highlightPreTag: HIGHLIGHT_START,
    highlightPostTag: HIGHLIGHT_END,
    // Every word must match, as in the PostgreSQL engine.
    matchingStrategy: "all",
  };
  const counts = disjunctiveFacets(query).map(
    (key): MultiSearchQuery => ({
      indexUid,
      q: query.q,
      filter: filterExpression(query, key),
      facets: [FACETS[key].field],
      page: 1,
      hitsPerPage: 0,
      matchingStrategy: "all",
    }),
  );
  return [main, ...counts];
}

const fieldToKey = new Map<string, FacetKey>(FACET_KEYS.map((key) => [FACETS[key].field, key]));

export function resultFromMultiSearch(query: SearchQuery, response: MultiSearchResponse, processingTimeMs: number): SearchResult {
  const [main, ...counts] = response.results;
  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  const disjunctive = new Set(disjunctiveFacets(query).map((key) => FACETS[key].field));
  const take = (distribution: Record<string, Record<string, number>> | undefined, onlyFields?: Set<string>, skipFields?: Set<string>) => {
    for (const [field, values] of Object.entries(distribution ?? {})) {
      const key = fieldToKey.get(field);
      if (!key || (onlyFields && !onlyFields.has(field)) || skipFields?.has(field)) continue;
      facets[key] = sortFacetCounts(Object.entries(values).map(([value, count]) => ({ value, count })));
    }
  };
  take(main.facetDistribution, undefined, disjunctive);
  for (const result of counts) take(result.facetDistribution, disjunctive);
  const total = main.totalHits ?? main.estimatedTotalHits ?? 0;
  return {
    hits: main.hits.map((hit) => {
      const document = fromMeilisearchDocument(hit);
      const formatted = hit._formatted as { name?: string; summary?: string } | undefined;
      return {
        document,
        highlights: {
          name: formatted?.name ? segmentsFromMarked(formatted.name) : plainSegments(document.name),
          summary: formatted?.summary ? segmentsFromMarked(formatted.summary) : plainSegments(document.summary),
        },
      };
    }),
    total,
    page: query.page,
    perPage: query.perPage,
    totalPages: totalPages(total, query.perPage),
    facets,
    processingTimeMs,
    engine: "meilisearch",
  };
}
