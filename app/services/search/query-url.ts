/**
 * The search query's types and URL helpers, without the zod schema (query.ts), so pages can
 * build links on the client without shipping the validator.
 */
import { FACET_KEYS, type FacetKey, type SortKey } from "./document";

/** The catalogue search page: its query parameters are the open API's too. */
export const SEARCH_PATH = "/solutions";
export const DEFAULT_PER_PAGE = 20;
/** Assured listings only unless the person chooses otherwise; suspended ones never exist in the index. */
export const DEFAULT_ASSURANCE = ["assured"];

export type SearchFilters = Record<FacetKey, string[]>;
export type SearchQuery = SearchFilters & { q: string; sort: SortKey; page: number; perPage: number };

export function emptyQuery(overrides: Partial<SearchQuery> = {}): SearchQuery {
  const filters = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as SearchFilters;
  return { ...filters, assurance: DEFAULT_ASSURANCE, q: "", sort: "relevance", page: 1, perPage: DEFAULT_PER_PAGE, ...overrides };
}

const isDefaultAssurance = (values: string[]) => values.length === 1 && values[0] === DEFAULT_ASSURANCE[0];

/** The URL parameters for a query, leaving out defaults so shared links stay short. */
export function toSearchParams(query: SearchQuery, { includePage = true } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const key of FACET_KEYS) {
    if (key === "assurance" && isDefaultAssurance(query.assurance)) continue;
    for (const value of query[key]) params.append(key, value);
  }
  if (query.sort !== "relevance") params.set("sort", query.sort);
  if (includePage && query.page > 1) params.set("page", String(query.page));
  if (query.perPage !== DEFAULT_PER_PAGE) params.set("perPage", String(query.perPage));
  return params;
}

export function searchHref(path: string, query: SearchQuery, changes: Partial<SearchQuery> = {}): string {
  const params = toSearchParams({ ...query, page: 1, ...changes });
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A stable text for the same search (cache keys, ETags): parameter order does not matter. */
export function queryKey(query: SearchQuery): string {
  const sorted = FACET_KEYS.map((key) => `${key}=${[...query[key]].sort().join(",")}`);
  return [`q=${query.q.toLowerCase()}`, ...sorted, `sort=${query.sort}`, `page=${query.page}`, `perPage=${query.perPage}`].join("&");
}

export function hasFilters(query: SearchQuery): boolean {
  return FACET_KEYS.some((key) => (key === "assurance" ? !isDefaultAssurance(query.assurance) : query[key].length > 0));
}
