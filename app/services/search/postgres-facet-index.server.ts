import type { DbClient } from "~/utils/db.server";
import { FACET_KEYS, FACETS, type FacetKey } from "./document";

/**
 * The PostgreSQL engine's in-memory copy of every document's facet values (a few hundred
 * bytes a listing; filters, facet counts and ordering run over it), and the index version
 * that says when that copy, the engine's lexicon and cached search results are out of date.
 *
 * Documents are split into VERSION_BUCKETS buckets by a hash of their id. The version is each
 * bucket's row count and sum of row transaction ids (xmin): every insert or update gives a
 * row a newer one and a delete changes the count, whichever process wrote and in whatever
 * order transactions commit. A write therefore changes one bucket's figures, and only that
 * bucket's rows are read again: reading every document's facets (detoasting 10,000 JSON
 * documents) takes about a second, and used to happen after every outbox sync.
 */

const VERSION_BUCKETS = 64;
const BUCKET_SQL = `(hashtext(catalogue_item_id) & ${VERSION_BUCKETS - 1})`;
/** Another process's writes are noticed within this time; this process's own at once. */
const VERSION_CHECK_MS = 1_000;

export type IndexVersion = { key: string; buckets: ReadonlyMap<number, string> };

type Tracker = { version: Promise<IndexVersion> | null; checkedAt: number; pending: boolean };
const trackers = new WeakMap<object, Tracker>();

const figures = (count: number, xminSum: bigint | string) => `${count}:${xminSum}`;

/**
 * The current version of the search index in this database, asked at most every
 * VERSION_CHECK_MS and by one query at a time (every search awaits it).
 */
export function searchIndexVersion(db: DbClient): Promise<IndexVersion> {
  let tracker = trackers.get(db);
  if (!tracker) trackers.set(db, (tracker = { version: null, checkedAt: 0, pending: false }));
  const now = Date.now();
  if (tracker.version && (tracker.pending || now - tracker.checkedAt < VERSION_CHECK_MS)) return tracker.version;
  const current = tracker;
  const value = db
    .$queryRawUnsafe<{ b: number; n: number; x: string }[]>(
      `SELECT ${BUCKET_SQL} AS b, count(*)::int AS n, sum(xmin::text::bigint)::text AS x FROM search_documents GROUP BY 1 ORDER BY 1`,
    )
    .then((rows): IndexVersion => {
      const buckets = new Map(rows.map((row) => [Number(row.b), figures(row.n, row.x)]));
      return { key: [...buckets].map(([bucket, text]) => `${bucket}=${text}`).join(","), buckets };
    })
    .finally(() => {
      if (current.version === value) current.pending = false;
    });
  // A failed check is not remembered: the next search asks again.
  value.catch(() => {
    if (current.version === value) current.version = null;
  });
  Object.assign(current, { version: value, checkedAt: now, pending: true });
  return value;
}

/** This process wrote the index: the next search checks the version at once rather than within a second. */
export function searchIndexWritten(db: DbClient) {
  const tracker = trackers.get(db);
  if (tracker) Object.assign(tracker, { version: null, checkedAt: 0, pending: false });
}

/**
 * One listing's facet values, as strings and as small numbers (`codes`, positions in the
 * index's dictionary of that facet) so that filtering and counting run over arrays rather
 * than string maps: at 10,000 listings that took a search from about 50 ms of CPU to a few.
 */
export type FacetEntry = {
  id: string;
  nameSort: string;
  tieBreak: number;
  price: number | null;
  values: Record<FacetKey, readonly string[]>;
  codes: Record<FacetKey, readonly number[]>;
};
/** Each facet's values in order of first sight; codes never change once given, so entries built earlier stay valid. */
export type FacetDictionary = Record<FacetKey, { values: string[]; codeOf: Map<string, number> }>;
export type FacetIndex = {
  entries: FacetEntry[];
  byId: Map<string, FacetEntry>;
  dictionary: FacetDictionary;
  /** The version key of the data held, and each bucket's figures as read with it. */
  key: string;
  buckets: Map<number, string>;
  bucketOf: Map<string, number>;
  /** Entries in each sort order without words to rank by, worked out on first use. */
  orders: Partial<Record<"tieBreak" | "name" | "price", FacetEntry[]>>;
};

const FACET_FIELDS = [...new Set(FACET_KEYS.map((key) => FACETS[key].field)), "tieBreak", "indicativeAnnualPence"];

type FacetRow = { id: string; b: number; x: string; name_sort: string; f: Record<string, unknown> };

function emptyDictionary(): FacetDictionary {
  return Object.fromEntries(FACET_KEYS.map((key) => [key, { values: [], codeOf: new Map() }])) as unknown as FacetDictionary;
}

function codeOf(dictionary: FacetDictionary, key: FacetKey, value: string): number {
  const facet = dictionary[key];
  let code = facet.codeOf.get(value);
  if (code === undefined) {
    code = facet.values.push(value) - 1;
    facet.codeOf.set(value, code);
  }
  return code;
}

function entryOf(row: FacetRow, dictionary: FacetDictionary): FacetEntry {
  const values = {} as Record<FacetKey, readonly string[]>;
  const codes = {} as Record<FacetKey, readonly number[]>;
  for (const key of FACET_KEYS) {
    const raw = row.f[FACETS[key].field];
    values[key] = Array.isArray(raw) ? [...new Set(raw.map(String))] : raw === null || raw === undefined ? [] : [String(raw)];
    codes[key] = values[key].map((value) => codeOf(dictionary, key, value));
  }
  const price = row.f.indicativeAnnualPence;
  return { id: row.id, nameSort: row.name_sort, tieBreak: Number(row.f.tieBreak ?? 0), price: typeof price === "number" ? price : null, values, codes };
}

export const byTieBreak = (a: FacetEntry, b: FacetEntry) => a.tieBreak - b.tieBreak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const COMPARE: Record<keyof FacetIndex["orders"], (a: FacetEntry, b: FacetEntry) => number> = {
  tieBreak: byTieBreak,
  name: (a, b) => (a.nameSort < b.nameSort ? -1 : a.nameSort > b.nameSort ? 1 : byTieBreak(a, b)),
  // Listings without a price last.
  price: (a, b) => (a.price === b.price ? byTieBreak(a, b) : a.price === null ? 1 : b.price === null ? -1 : a.price - b.price),
};

/** Every entry in a sort order, sorted once per version of the index rather than on every search. */
export function entriesInOrder(index: FacetIndex, order: keyof FacetIndex["orders"]): FacetEntry[] {
  return (index.orders[order] ??= [...index.entries].sort(COMPARE[order]));
}

/**
 * The facet index at `version`: from `previous`, re-reading only the buckets whose figures
 * differ (all of them the first time). If a write lands between the version check and this
 * read, the figures computed from the rows read differ from the next version again, so that
 * bucket is read once more: the copy is never left behind.
 */
export async function refreshFacetIndex(db: DbClient, previous: FacetIndex | null, version: IndexVersion): Promise<FacetIndex> {
  if (previous && previous.key === version.key) return previous;
  const changed = previous
    ? [...new Set([...version.buckets.keys(), ...previous.buckets.keys()])].filter((b) => version.buckets.get(b) !== previous.buckets.get(b))
    : null;
  // One call of jsonb_to_record per row: each `document->'field'` would detoast the whole document again.
  const rows = await db.$queryRawUnsafe<FacetRow[]>(
    `SELECT s.catalogue_item_id AS id, ${BUCKET_SQL} AS b, s.xmin::text AS x, lower(s.title) AS name_sort, to_jsonb(f) AS f
     FROM search_documents s, jsonb_to_record(s.document) AS f(${FACET_FIELDS.map((field) => `"${field}" jsonb`).join(", ")})
     ${changed ? `WHERE ${BUCKET_SQL} = ANY($1::int[])` : ""}`,
    ...(changed ? [changed] : []),
  );
  const dictionary = previous?.dictionary ?? emptyDictionary();
  const byId = new Map(previous?.byId);
  const bucketOf = new Map(previous?.bucketOf);
  const buckets = new Map(previous?.buckets);
  const reread = new Set(changed ?? version.buckets.keys());
  if (changed) {
    for (const [id, bucket] of previous!.bucketOf) {
      if (reread.has(bucket)) {
        byId.delete(id);
        bucketOf.delete(id);
      }
    }
  }
  const sums = new Map<number, { n: number; x: bigint }>();
  for (const row of rows) {
    const bucket = Number(row.b);
    byId.set(row.id, entryOf(row, dictionary));
    bucketOf.set(row.id, bucket);
    const sum = sums.get(bucket) ?? { n: 0, x: 0n };
    sums.set(bucket, { n: sum.n + 1, x: sum.x + BigInt(row.x) });
    reread.add(bucket);
  }
  for (const bucket of reread) {
    const sum = sums.get(bucket);
    if (sum) buckets.set(bucket, figures(sum.n, sum.x));
    else buckets.delete(bucket);
  }
  return { entries: [...byId.values()], byId, dictionary, key: version.key, buckets, bucketOf, orders: {} };
}
