import { describe, expect, it } from "vitest";
import type { DateOnly } from "~/modules/dates";
import { FACET_KEYS, type SearchDocument } from "~/services/search/document";
import type { FacetCounts, FacetValueCounts, SearchHit, SearchResult } from "~/services/search/engine";
import { searchDocument } from "~/services/search/testing/document-fixture";
import { SerialisedBody } from "./open-data.server";
import { apiHit, apiSearchBody } from "./search.server";

/**
 * The open API's search body is put together from JSON kept per listing document: it must be
 * byte for byte what serialising the whole answer would give, follow the date, and never mix
 * up two documents.
 */
const MONDAY = "2026-12-07" as DateOnly;
const TUESDAY = "2026-12-08" as DateOnly;

/** A standard that expires on Monday: assured on Monday (within the warning window), lapsed on Tuesday. */
const expiringMonday = searchDocument({
  id: "10000-002",
  name: 'Quotes "and" \u2028 line separators, </script> and émigré',
  standards: [{ id: "S1", name: "Clinical Safety", status: "ASSURED", expiresOn: MONDAY, remediationDeadline: null, level: "solution" }],
  standardIds: ["S1"],
});

const hit = (document: SearchDocument, documentKey?: object): SearchHit => ({ document, highlights: { name: [], summary: [] }, documentKey });

function resultOf(hits: SearchHit[]): SearchResult {
  const facets = Object.fromEntries(FACET_KEYS.map((key) => [key, key === "hosting" ? [{ value: "PUBLIC_CLOUD", count: 2 }] : []])) as FacetCounts;
  const facetValueCounts = Object.fromEntries(FACET_KEYS.map((key) => [key, key === "hosting" ? 1 : 0])) as FacetValueCounts;
  return { hits, total: 41, page: 2, perPage: 20, totalPages: 3, facets, facetValueCounts, processingTimeMs: 3, engine: "postgres" };
}

/** What the route used to send: the whole answer through JSON.stringify. */
function wholeText(result: SearchResult, today: DateOnly): string {
  const { total, page, perPage, totalPages, facets, facetValueCounts, processingTimeMs } = result;
  return JSON.stringify({ hits: result.hits.map((h) => apiHit(h.document, today)), total, page, perPage, totalPages, facets, facetValueCounts, processingTimeMs });
}

describe("apiSearchBody", () => {
  it("is byte for byte the whole answer serialised, with and without kept documents", () => {
    for (const hits of [[hit(searchDocument(), {}), hit(expiringMonday, {})], [hit(searchDocument()), hit(expiringMonday)], []]) {
      const result = resultOf(hits);
      const body = apiSearchBody(result, MONDAY);
      expect(body).toBeInstanceOf(SerialisedBody);
      expect(body.text).toBe(wholeText(result, MONDAY));
    }
  });

  it("leaves out what the engine did not give (no facetValueCounts), as JSON.stringify does", () => {
    const result = { ...resultOf([hit(searchDocument(), {})]), facetValueCounts: undefined };
    expect(apiSearchBody(result, MONDAY).text).toBe(wholeText(result, MONDAY));
  });

  it("keeps a document's JSON for the day only: the next day's assurance state is worked out again", () => {
    const key = {};
    const monday = JSON.parse(apiSearchBody(resultOf([hit(expiringMonday, key)]), MONDAY).text) as { hits: { standards: { assurance: string }[] }[] };
    const tuesday = JSON.parse(apiSearchBody(resultOf([hit(expiringMonday, key)]), TUESDAY).text) as typeof monday;
    expect(monday.hits[0].standards[0].assurance).toBe("EXPIRING");
    expect(tuesday.hits[0].standards[0].assurance).toBe("LAPSED");
  });

  it("keeps JSON per document key: a new key (a changed listing) is never answered with the old document", () => {
    const before = searchDocument({ name: "Before" });
    const after = searchDocument({ name: "After" });
    const first = apiSearchBody(resultOf([hit(before, {})]), MONDAY);
    const second = apiSearchBody(resultOf([hit(after, {})]), MONDAY);
    expect(JSON.parse(second.text).hits[0].name).toBe("After");
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it("reuses the kept JSON for the same key without reading the document again", () => {
    const key = {};
    apiSearchBody(resultOf([hit(searchDocument({ name: "Kept" }), key)]), MONDAY);
    const unreadable = { get document(): SearchDocument { throw new Error("read the document again"); }, highlights: { name: [], summary: [] }, documentKey: key } as SearchHit;
    expect(JSON.parse(apiSearchBody(resultOf([unreadable]), MONDAY).text).hits[0].name).toBe("Kept");
  });

  it("has a fingerprint that changes with any part of the answer, and not otherwise", () => {
    const hits = [hit(searchDocument(), {}), hit(expiringMonday, {})];
    const base = apiSearchBody(resultOf(hits), MONDAY).fingerprint;
    expect(apiSearchBody(resultOf(hits), MONDAY).fingerprint).toBe(base);
    expect(apiSearchBody({ ...resultOf(hits), total: 42 }, MONDAY).fingerprint).not.toBe(base);
    expect(apiSearchBody(resultOf([...hits].reverse()), MONDAY).fingerprint).not.toBe(base);
    expect(apiSearchBody(resultOf(hits.slice(0, 1)), MONDAY).fingerprint).not.toBe(base);
    expect(apiSearchBody(resultOf(hits), TUESDAY).fingerprint).not.toBe(base);
  });
});
