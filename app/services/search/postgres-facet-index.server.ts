import { FACET_KEYS, FACETS, type FacetKey } from "./document";
import { compareFacetValues } from "./engine";

/**
 * The PostgreSQL engine's in-memory copy of every listing's facet values and sort keys
 * (filters, facet counts and ordering run over it), kept by the search replica
 * (postgres-replica.server.ts) in step with `search_documents`.
 *
 * Listings are the text index's slots (text-index.ts), and everything is held in columns of
 * typed arrays indexed by slot: a search runs through tens of thousands of listings, and
 * objects scattered over the heap made that a cache miss per listing and facet (about 40 ms
 * for a pass over 30,000 listings, against 2 ms now). A facet's values are small numbers
 * (codes: positions in that facet's dictionary). The sort orders are kept sorted as listings
 * change, by moving the one that changed, so no write makes the next search re-sort.
 */

/** Each facet's values in order of first sight; codes never change once given. */
export type FacetDictionary = Record<FacetKey, { values: string[]; codeOf: Map<string, number> }>;
export type SortOrder = "tieBreak" | "name" | "price";

/** The JSON fields the facet copy reads from each document (one jsonb_to_record per row). */
export const FACET_FIELDS = [...new Set(FACET_KEYS.map((key) => FACETS[key].field)), "tieBreak", "indicativeAnnualPence"];

export type FacetRow = { id: string; name_sort: string; f: Record<string, unknown> };

/** One facet's codes for every slot: slot s has pool[start[s]] … pool[start[s] + count[s] - 1]. */
export type FacetColumn = { start: Int32Array; count: Uint16Array; pool: Int32Array };

/**
 * Facets with few values also keep one bitset per value over the slots (bit s: slot s has the
 * value), so that a search matching most of the catalogue counts them with a few thousand
 * word operations instead of visiting every listing. Suppliers, in their thousands, are
 * counted by visiting the listings.
 */
export const BITSET_FACETS: ReadonlySet<FacetKey> = new Set(FACET_KEYS.filter((key) => key !== "supplier"));

const ORDERS: SortOrder[] = ["tieBreak", "name", "price"];

export class FacetIndex {
  readonly dictionary: FacetDictionary = Object.fromEntries(FACET_KEYS.map((key) => [key, { values: [], codeOf: new Map() }])) as unknown as FacetDictionary;
  private columns: { start: Int32Array; count: Uint16Array; pool: Int32Array; poolLength: number }[] = FACET_KEYS.map(() => ({
    start: new Int32Array(1024),
    count: new Uint16Array(1024),
    pool: new Int32Array(4096),
    poolLength: 0,
  }));
  private tieBreaks = new Float64Array(1024);
  /** NaN: no price (sorted last). */
  private prices = new Float64Array(1024);
  private nameSorts: string[] = [];
  private ids: string[] = [];
  private live = new Uint8Array(1024);
  private liveCount = 0;
  /** Live slots in each sort order: sorted on first use, then kept sorted slot by slot. */
  private orders: Partial<Record<SortOrder, { slots: Int32Array; length: number }>> = {};
  private valueOrders = new Map<FacetKey, Int32Array>();
  /** bits[f][code]: the value's bitset (32 slots a word), for the facets in BITSET_FACETS; null for the others. */
  private bits: (Uint32Array[] | null)[] = FACET_KEYS.map((key) => (BITSET_FACETS.has(key) ? [] : null));

  get size(): number {
    return this.liveCount;
  }

  /** Facet FACET_KEYS[f]'s codes of every slot, for the filtering and counting loops. */
  column(f: number): FacetColumn {
    return this.columns[f];
  }

  /** Facet FACET_KEYS[f]'s bitset per value (indexed by code), or null for a facet counted by visiting listings. */
  bitsets(f: number): readonly Uint32Array[] | null {
    return this.bits[f];
  }

  /** Words in every bitset: enough for every slot given so far. */
  get bitsetWords(): number {
    return this.live.length >>> 5;
  }

  tieBreakOf(slot: number): number {
    return this.tieBreaks[slot];
  }

  /** The relevance tie-break: the stable hash, then the id. */
  compareTieBreak = (a: number, b: number): number => {
    const d = this.tieBreaks[a] - this.tieBreaks[b];
    if (d !== 0) return d;
    const x = this.ids[a];
    const y = this.ids[b];
    return x < y ? -1 : x > y ? 1 : 0;
  };

  private readonly compare: Record<SortOrder, (a: number, b: number) => number> = {
    tieBreak: this.compareTieBreak,
    name: (a, b) => (this.nameSorts[a] < this.nameSorts[b] ? -1 : this.nameSorts[a] > this.nameSorts[b] ? 1 : this.compareTieBreak(a, b)),
    // Listings without a price last.
    price: (a, b) => {
      const x = this.prices[a];
      const y = this.prices[b];
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) return this.compareTieBreak(a, b);
      return Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y;
    },
  };

  /** Live slots in a sort order without words to rank by (a view: valid until the next write). */
  inOrder(order: SortOrder): Int32Array {
    let kept = this.orders[order];
    if (!kept) {
      const slots: number[] = [];
      for (let s = 0; s < this.ids.length; s++) if (this.live[s]) slots.push(s);
      slots.sort(this.compare[order]);
      kept = { slots: Int32Array.from(slots), length: slots.length };
      this.orders[order] = kept;
    }
    return kept.slots.subarray(0, kept.length);
  }

  /** The listing at `slot` (a slot of the text index), from its document's facet fields. */
  put(row: FacetRow, slot: number) {
    this.ensureCapacity(slot + 1);
    FACET_KEYS.forEach((key, f) => {
      const raw = row.f[FACETS[key].field];
      const values = Array.isArray(raw) ? [...new Set(raw.map(String))] : raw === null || raw === undefined ? [] : [String(raw)];
      const column = this.columns[f];
      if (column.poolLength + values.length > column.pool.length) column.pool = grown(column.pool, Math.max(column.pool.length * 2, column.poolLength + values.length));
      column.start[slot] = column.poolLength;
      column.count[slot] = values.length;
      const bits = this.bits[f];
      for (const value of values) {
        const code = this.codeOf(key, value);
        column.pool[column.poolLength++] = code;
        if (bits) (bits[code] ??= new Uint32Array(this.live.length >>> 5))[slot >>> 5] |= 1 << (slot & 31);
      }
    });
    const price = row.f.indicativeAnnualPence;
    this.tieBreaks[slot] = Number(row.f.tieBreak ?? 0);
    this.prices[slot] = typeof price === "number" ? price : Number.NaN;
    this.nameSorts[slot] = row.name_sort;
    this.ids[slot] = row.id;
    this.live[slot] = 1;
    this.liveCount++;
    for (const order of ORDERS) {
      const kept = this.orders[order];
      if (!kept) continue;
      if (kept.length === kept.slots.length) kept.slots = grown(kept.slots, kept.slots.length * 2 + 16);
      const at = this.insertionPoint(kept.slots, kept.length, slot, order);
      kept.slots.copyWithin(at + 1, at, kept.length);
      kept.slots[at] = slot;
      kept.length++;
    }
  }

  delete(slot: number) {
    if (!this.live[slot]) return;
    this.live[slot] = 0;
    this.liveCount--;
    this.bits.forEach((bits, f) => {
      if (!bits) return;
      const { start, count, pool } = this.columns[f];
      for (let k = start[slot]; k < start[slot] + count[slot]; k++) bits[pool[k]][slot >>> 5] &= ~(1 << (slot & 31));
    });
    for (const order of ORDERS) {
      const kept = this.orders[order];
      if (!kept) continue;
      const at = this.insertionPoint(kept.slots, kept.length, slot, order);
      if (kept.slots[at] !== slot) {
        delete this.orders[order];
        continue;
      }
      kept.slots.copyWithin(at, at + 1, kept.length);
      kept.length--;
    }
  }

  /** A slot's facet values and sort keys as strings and numbers (what the copy holds for it). */
  describe(slot: number) {
    return {
      id: this.ids[slot],
      nameSort: this.nameSorts[slot],
      tieBreak: this.tieBreaks[slot],
      price: Number.isNaN(this.prices[slot]) ? null : this.prices[slot],
      values: Object.fromEntries(
        FACET_KEYS.map((key, f) => {
          const { start, count, pool } = this.columns[f];
          return [key, Array.from(pool.subarray(start[slot], start[slot] + count[slot]), (code) => this.dictionary[key].values[code])];
        }),
      ),
    };
  }

  /**
   * The facet's codes in compareFacetValues order of their values (ties in code order), as
   * facet counts sort them; worked out again only when the facet has new values, so no search
   * compares strings to sort its counts.
   */
  valueOrder(key: FacetKey): Int32Array {
    const { values } = this.dictionary[key];
    let codeAt = this.valueOrders.get(key);
    if (!codeAt || codeAt.length !== values.length) {
      codeAt = Int32Array.from(values.map((_, code) => code).sort((a, b) => compareFacetValues(values[a], values[b]) || a - b));
      this.valueOrders.set(key, codeAt);
    }
    return codeAt;
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

  /** The first position in a sorted list of slots whose slot is not before `slot`. */
  private insertionPoint(slots: Int32Array, length: number, slot: number, order: SortOrder): number {
    const compare = this.compare[order];
    let low = 0;
    let high = length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(slots[mid], slot) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private ensureCapacity(n: number) {
    if (n <= this.live.length) return;
    // Whole words of 32 slots, for the bitsets.
    const size = Math.ceil(Math.max(n, this.live.length * 2) / 32) * 32;
    for (const column of this.columns) {
      column.start = grown(column.start, size);
      column.count = grown(column.count, size);
    }
    this.tieBreaks = grown(this.tieBreaks, size);
    this.prices = grown(this.prices, size);
    this.live = grown(this.live, size);
    for (const bits of this.bits) if (bits) bits.forEach((set, code) => (bits[code] = grown(set, size >>> 5)));
  }
}

function grown<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array>(array: T, size: number): T {
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array);
  return next;
}
