import { FACET_KEYS, FACETS, type FacetKey } from "./document";

/**
 * The PostgreSQL engine's in-memory copy of every listing's facet values and sort keys
 * (filters, facet counts and ordering run over it), kept by the search replica
 * (postgres-replica.server.ts) in step with `search_documents`: a write replaces one
 * listing's entry, and the sort orders are kept sorted by moving that entry alone, so no
 * write makes the next search re-read or re-sort the catalogue.
 */

/**
 * One listing's facet values, as strings and as small numbers (`codes`, positions in the
 * index's dictionary of that facet) so that filtering and counting run over arrays rather
 * than string maps. `slot` is the listing's slot in the text index.
 */
export type FacetEntry = {
  id: string;
  slot: number;
  nameSort: string;
  tieBreak: number;
  price: number | null;
  values: Record<FacetKey, readonly string[]>;
  codes: Record<FacetKey, readonly number[]>;
};
/** Each facet's values in order of first sight; codes never change once given, so entries built earlier stay valid. */
export type FacetDictionary = Record<FacetKey, { values: string[]; codeOf: Map<string, number> }>;
export type SortOrder = "tieBreak" | "name" | "price";

/** The JSON fields the facet copy reads from each document (one jsonb_to_record per row). */
export const FACET_FIELDS = [...new Set(FACET_KEYS.map((key) => FACETS[key].field)), "tieBreak", "indicativeAnnualPence"];

export type FacetRow = { id: string; name_sort: string; f: Record<string, unknown> };

export const byTieBreak = (a: FacetEntry, b: FacetEntry) => a.tieBreak - b.tieBreak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const COMPARE: Record<SortOrder, (a: FacetEntry, b: FacetEntry) => number> = {
  tieBreak: byTieBreak,
  name: (a, b) => (a.nameSort < b.nameSort ? -1 : a.nameSort > b.nameSort ? 1 : byTieBreak(a, b)),
  // Listings without a price last.
  price: (a, b) => (a.price === b.price ? byTieBreak(a, b) : a.price === null ? 1 : b.price === null ? -1 : a.price - b.price),
};
const ORDERS = Object.keys(COMPARE) as SortOrder[];

export class FacetIndex {
  readonly dictionary: FacetDictionary = Object.fromEntries(FACET_KEYS.map((key) => [key, { values: [], codeOf: new Map() }])) as unknown as FacetDictionary;
  readonly byId = new Map<string, FacetEntry>();
  /** Every entry in each sort order: sorted once, then kept sorted entry by entry. */
  private orders: Partial<Record<SortOrder, FacetEntry[]>> = {};

  get size(): number {
    return this.byId.size;
  }

  /** Every entry in a sort order without words to rank by. */
  inOrder(order: SortOrder): FacetEntry[] {
    return (this.orders[order] ??= [...this.byId.values()].sort(COMPARE[order]));
  }

  put(row: FacetRow, slot: number): FacetEntry {
    this.delete(row.id);
    const entry = this.entryOf(row, slot);
    this.byId.set(entry.id, entry);
    for (const order of ORDERS) {
      const list = this.orders[order];
      if (list) list.splice(insertionPoint(list, entry, COMPARE[order]), 0, entry);
    }
    return entry;
  }

  delete(id: string) {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    for (const order of ORDERS) {
      const list = this.orders[order];
      if (!list) continue;
      const at = insertionPoint(list, entry, COMPARE[order]);
      if (list[at] === entry) list.splice(at, 1);
      else delete this.orders[order];
    }
  }

  private codeOf(key: FacetKey, value: string): number {
    const facet = this.dictionary[key];
    let code = facet.codeOf.get(value);
    if (code === undefined) {
      code = facet.values.push(value) - 1;
      facet.codeOf.set(value, code);
    }
    return code;
  }

  private entryOf(row: FacetRow, slot: number): FacetEntry {
    const values = {} as Record<FacetKey, readonly string[]>;
    const codes = {} as Record<FacetKey, readonly number[]>;
    for (const key of FACET_KEYS) {
      const raw = row.f[FACETS[key].field];
      values[key] = Array.isArray(raw) ? [...new Set(raw.map(String))] : raw === null || raw === undefined ? [] : [String(raw)];
      codes[key] = values[key].map((value) => this.codeOf(key, value));
    }
    const price = row.f.indicativeAnnualPence;
    return { id: row.id, slot, nameSort: row.name_sort, tieBreak: Number(row.f.tieBreak ?? 0), price: typeof price === "number" ? price : null, values, codes };
  }
}

/** The first position in a sorted list whose entry is not before `entry`. */
function insertionPoint(list: FacetEntry[], entry: FacetEntry, compare: (a: FacetEntry, b: FacetEntry) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compare(list[mid], entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
