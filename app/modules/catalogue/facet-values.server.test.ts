import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { loader as searchLoader } from "~/routes/api.v1.solutions._index";
import { FACET_VALUES_RETURNED } from "~/services/search/engine";
import { rebuildSearchIndex, setSearchEnginesForTests } from "~/services/search/index.server";
import { createPostgresEngine } from "~/services/search/postgres-engine.server";
import { useTestDatabase } from "~/test/database";
import { searchCataloguePage } from "./search.server";

/**
 * Issue 15: a search returns a facet's first values only (the supplier facet grows with the
 * catalogue), counts all of them, and gives them all when asked: `expand=supplier` on the API,
 * "Show all N suppliers" on the page.
 */
const database = useTestDatabase();
const SUPPLIERS = FACET_VALUES_RETURNED + 12;
/** Every assurance state, so listings without assurance records are found too. */
const EVERY_STATE = "assurance=assured&assurance=lapsed&assurance=in-remediation&assurance=not-orderable";
const supplierIds: string[] = [];

type ApiAnswer = { total: number; facets: Record<string, { value: string; count: number }[]>; facetValueCounts: Record<string, number> };
async function api(query: string): Promise<ApiAnswer> {
  const response = await searchLoader({ request: new Request(`http://test/api/v1/solutions?${EVERY_STATE}&${query}`), params: {}, context: {} });
  expect(response.status).toBe(200);
  return (await response.json()) as ApiAnswer;
}

beforeAll(async () => {
  const db = database.db;
  setSearchEnginesForTests({ postgres: createPostgresEngine(() => db), meilisearch: null });
  await ensureReferenceData(db);
  for (let i = 0; i < SUPPLIERS; i++) {
    const { supplier } = await createSupplier(db, { name: `Facet Supplier ${String(i).padStart(3, "0")}` });
    // The first supplier has two listings, so it ranks first whatever the tie-break.
    for (let n = 0; n < (i === 0 ? 2 : 1); n++) await createPublishedSolution(db, { supplierId: supplier.id, name: `Facet Listing ${i}-${n}` });
    supplierIds.push(String(supplier.id));
  }
  await rebuildSearchIndex(db, { log: () => {} });
}, 180_000);

afterAll(() => setSearchEnginesForTests(null));

describe("facet values with a search", () => {
  it("the API returns the first values by results, the number of all, and every value with expand", async () => {
    const short = await api("");
    expect(short.facets.supplier).toHaveLength(FACET_VALUES_RETURNED);
    expect(short.facets.supplier[0]).toEqual({ value: supplierIds[0], count: 2 });
    expect(short.facetValueCounts.supplier).toBe(SUPPLIERS);
    expect(short.total).toBe(SUPPLIERS + 1);

    const full = await api("expand=supplier");
    expect(full.facets.supplier).toHaveLength(SUPPLIERS);
    expect(new Set(full.facets.supplier.map((f) => f.value))).toEqual(new Set(supplierIds));
    // Another facet's values are no different in full.
    expect(full.facets.capability).toEqual(short.facets.capability);
  });

  it("a chosen supplier beyond the first values keeps its count", async () => {
    const shown = new Set((await api("")).facets.supplier.map((f) => f.value));
    const beyond = supplierIds.find((id) => !shown.has(id))!;
    expect(beyond).toBeDefined();
    const narrowed = await api(`supplier=${beyond}`);
    expect(narrowed.total).toBe(1);
    // "any" facet: its own counts ignore its selection, so the list is still cut, with the chosen one kept.
    expect(narrowed.facets.supplier).toHaveLength(FACET_VALUES_RETURNED + 1);
    expect(narrowed.facets.supplier.at(-1)).toEqual({ value: beyond, count: 1 });
  });

  it("an unknown expand value is ignored, as on the page", async () => {
    expect((await api("expand=nonsense&expand=%3Cscript%3E")).facets.supplier).toHaveLength(FACET_VALUES_RETURNED);
  });

  it("the page offers all the suppliers by number, and lists every one when expanded", async () => {
    const group = async (search: string) => {
      const result = await searchCataloguePage(database.db, new URLSearchParams(`${EVERY_STATE}&${search}`));
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.page.facets.find((g) => g.key === "supplier")!;
    };
    const short = await group("");
    expect(short.valueCount).toBe(SUPPLIERS);
    expect(short.showAll).toEqual({ text: `Show all ${SUPPLIERS} suppliers` });
    expect(short.options.length).toBeLessThan(12);
    const expanded = await group("expand=supplier");
    expect(expanded.options).toHaveLength(SUPPLIERS);
    expect(expanded.showAll).toBeNull();
    expect(expanded.showFewer?.text).toBe("Show fewer suppliers");
  });
});
