import { describe, expect, it } from "vitest";
import { FACET_KEYS } from "./document";
import { FACET_VALUES_RETURNED, limitFacetValues, type FacetCounts } from "./engine";

/** Facet counts as the engines return them: most results first. */
function facetsWith(overrides: Partial<FacetCounts>): FacetCounts {
  const empty = Object.fromEntries(FACET_KEYS.map((key) => [key, []])) as unknown as FacetCounts;
  return { ...empty, ...overrides };
}
const suppliers = (n: number) => Array.from({ length: n }, (_, i) => ({ value: String(10_000 + i), count: n - i }));

describe("limitFacetValues", () => {
  it("returns a facet's first values by results and counts all of them", () => {
    const { facets, facetValueCounts } = limitFacetValues(facetsWith({ supplier: suppliers(3_207) }), {}, []);
    expect(facets.supplier).toHaveLength(FACET_VALUES_RETURNED);
    expect(facets.supplier[0]).toEqual({ value: "10000", count: 3_207 });
    expect(facets.supplier.at(-1)).toEqual({ value: String(10_000 + FACET_VALUES_RETURNED - 1), count: 3_207 - FACET_VALUES_RETURNED + 1 });
    expect(facetValueCounts.supplier).toBe(3_207);
    expect(facetValueCounts.capability).toBe(0);
  });

  it("keeps chosen values wherever they rank, with their counts, in rank order", () => {
    const { facets } = limitFacetValues(facetsWith({ supplier: suppliers(500) }), { supplier: ["10499", "10250", "99999"] }, []);
    expect(facets.supplier).toHaveLength(FACET_VALUES_RETURNED + 2);
    expect(facets.supplier.slice(-2)).toEqual([
      { value: "10250", count: 250 },
      { value: "10499", count: 1 },
    ]);
    // A chosen value without results is not invented: the page adds it with no count.
    expect(facets.supplier.some((f) => f.value === "99999")).toBe(false);
  });

  it("returns a facet asked for in full, epics always, and short facets as they are", () => {
    const epics = Array.from({ length: 240 }, (_, i) => ({ value: `C${1 + (i % 50)}E${1 + Math.floor(i / 50)}`, count: 1 }));
    const capabilities = suppliers(50).map((f, i) => ({ ...f, value: `C${i + 1}` }));
    const input = facetsWith({ supplier: suppliers(101), epic: epics, capability: capabilities });
    const { facets, facetValueCounts } = limitFacetValues(input, {}, ["supplier"]);
    expect(facets.supplier).toBe(input.supplier);
    expect(facets.epic).toBe(input.epic);
    expect(facets.capability).toBe(input.capability);
    expect(facetValueCounts).toMatchObject({ supplier: 101, epic: 240, capability: 50 });
    // Exactly the limit is not cut; one more is.
    expect(limitFacetValues(facetsWith({ supplier: suppliers(FACET_VALUES_RETURNED) }), {}, []).facets.supplier).toHaveLength(FACET_VALUES_RETURNED);
    expect(limitFacetValues(facetsWith({ supplier: suppliers(FACET_VALUES_RETURNED + 1) }), {}, []).facets.supplier).toHaveLength(FACET_VALUES_RETURNED);
  });
});
