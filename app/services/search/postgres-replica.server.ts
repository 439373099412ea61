import type { Db } from "~/utils/db.server";
import type { SearchDocument } from "./document";
import { FACET_FIELDS, FacetIndex, type FacetRow } from "./postgres-facet-index.server";
import { TextIndex, type HighlightToken } from "./text-index";

/**
 * The PostgreSQL engine's copy of `search_documents` in this process: the text index (lexemes,
 * positions, titles), the facet copy, searched in memory (text-index.ts,
 * postgres-facet-index.server.ts), and every listing's document as JSON text, parsed when a
 * page shows it. PostgreSQL is the truth; this follows it.
 *
 * Following: a trigger moves `search_index_state.version` on with every statement that
 * changes `search_documents` and records the listings it changed in `search_index_changes`
 * (migration issue15_search_index_changes). Reading the version is one row; when it moved,
 * only the changed listings are read again. The version is checked at most once a second
 * when searching, and at once after this process's own writes.
 *
 * Writes never stall searches: a search waits for a small refresh (a few listings, a few
 * milliseconds) so that it sees writes made a second ago, but never for a full read of the
 * index (after a rebuild, or when this process fell far behind): that runs while searches go
 * on against the copy they have, which is swapped for the new one when it is complete.
 */

const VERSION_CHECK_MS = 1_000;
/** Changed listings up to which a search waits for the refresh; beyond, it is read in the background. */
const SMALL_REFRESH = 500;
/** Rows handed to the text index between yields to the event loop during a full read. */
const LOAD_CHUNK = 500;

/** A listing's document as a results page shows it, with its words' lexemes for highlighting. */
export type ShownDocument = { document: SearchDocument; tokens: { name?: HighlightToken[]; summary?: HighlightToken[] } | null };

export type DocumentEntry = { slot: number; key: object; text: string; tokens: string | null };

const parseShown = (text: string, tokens: string | null): ShownDocument => ({
  document: JSON.parse(text) as SearchDocument,
  tokens: tokens ? (JSON.parse(tokens) as ShownDocument["tokens"]) : null,
});

/** Parsed documents kept (about 12 KB each parsed, against 4.5 KB as text). */
const PARSED_DOCUMENTS = 2_000;

/**
 * Every live listing's document and highlight tokens, by slot, as the JSON text PostgreSQL
 * sent (about 130 MB at 30,000 listings). Why all of them: a search used to read its page of
 * documents from PostgreSQL, and at 30,000 listings that read was a quarter of a search's
 * CPU (the database's jsonb to text, the driver's decoding) while most pages showed listings
 * no cache of a few thousand had. A changed listing gets a new slot (text-index.ts), so a slot's
 * text and its parsed form never go stale; a full read builds a new store.
 */
export class ListingDocuments {
  private readonly texts: (string | undefined)[] = [];
  private readonly tokenTexts: (string | null | undefined)[] = [];
  /** One object per slot's text, made with it and dropped with it: SearchHit.documentKey. */
  private readonly keys: (object | undefined)[] = [];
  /** Recently shown, parsed; most recent last. */
  private readonly parsed = new Map<number, ShownDocument>();

  put(slot: number, document: string, tokens: string | null) {
    this.texts[slot] = document;
    this.tokenTexts[slot] = tokens;
    this.keys[slot] = {};
  }

  delete(slot: number) {
    this.texts[slot] = undefined;
    this.tokenTexts[slot] = undefined;
    this.keys[slot] = undefined;
    this.parsed.delete(slot);
  }

  /**
   * What the slot holds now, to be parsed later by `parse` even if the slot has been emptied
   * or reused by then: its identity (the same object for as long as the slot holds this text),
   * its document text and its highlight tokens.
   */
  entry(slot: number): DocumentEntry | undefined {
    const key = this.keys[slot];
    return key && { slot, key, text: this.texts[slot]!, tokens: this.tokenTexts[slot] ?? null };
  }

  /** An entry parsed: through the recently shown while the slot still holds it, or else on its own. */
  parse(entry: DocumentEntry): ShownDocument {
    if (this.keys[entry.slot] === entry.key) return this.shown(entry.slot)!;
    return parseShown(entry.text, entry.tokens);
  }

  /** The slot's document, parsed (once while it stays among the recently shown); undefined for no live listing. */
  shown(slot: number): ShownDocument | undefined {
    const known = this.parsed.get(slot);
    if (known) {
      this.parsed.delete(slot);
      this.parsed.set(slot, known);
      return known;
    }
    const text = this.texts[slot];
    if (text === undefined) return undefined;
    const page = parseShown(text, this.tokenTexts[slot] ?? null);
    this.parsed.set(slot, page);
    if (this.parsed.size > PARSED_DOCUMENTS) this.parsed.delete(this.parsed.keys().next().value!);
    return page;
  }
}

/** The text index, the facet copy and the documents share slots: a listing's slot in one is its slot in the others. */
type Snapshot = {
  text: TextIndex;
  facets: FacetIndex;
  documents: ListingDocuments;
  /** The index version the copy holds (search_index_state.version). */
  version: bigint;
};

export type ReplicaView = Readonly<Snapshot>;

type Row = FacetRow & { vector: string | null; title: string; document: string; tokens: string | null };
type State = { version: bigint; prunedThrough: bigint };

const ROW_SELECT = `SELECT s.catalogue_item_id AS id, s.search_vector::text AS vector, s.title, lower(s.title) AS name_sort, to_jsonb(f) AS f,
    s.document::text AS document, s.highlight_tokens::text AS tokens
  FROM search_documents s, jsonb_to_record(s.document) AS f(${FACET_FIELDS.map((field) => `"${field}" jsonb`).join(", ")})`;

type Refresh = {
  done: Promise<void>;
  /** True once the refresh turned out to be a full read, which searches do not wait for. */
  full: boolean;
  /** Settles when the refresh is applied, or as soon as it turns out to be a full read; never rejects. */
  decided: Promise<void>;
};

export class SearchReplica {
  private snapshot: Snapshot | null = null;
  private checkedAt = 0;
  private running: Refresh | null = null;
  /** A refresh asked for while one was running: it starts when that one ends. */
  private queued: Promise<void> | null = null;
  private versionRead: { at: number; value: Promise<bigint> } | null = null;

  constructor(
    private readonly getDb: () => Db,
    private readonly options: { smallRefresh?: number } = {},
  ) {}

  /** Whether this process has read the index yet (a process serving only Meilisearch never does). */
  get loaded(): boolean {
    return this.snapshot !== null;
  }

  /** The copy to search: read in full on first use, then followed as described above. */
  async forSearch(): Promise<ReplicaView> {
    if (!this.snapshot) {
      await this.refresh();
      return this.snapshot!;
    }
    if (!this.running && Date.now() - this.checkedAt >= VERSION_CHECK_MS) {
      // A failed check is not remembered: the next search after a second asks again.
      this.start().catch(() => {});
    }
    if (this.running) await this.running.decided;
    return this.snapshot;
  }

  /**
   * The index version: the copy's, when this process searches with it; otherwise the version
   * row itself, read at most once a second (a process serving Meilisearch keeps no copy).
   */
  async version(): Promise<bigint> {
    if (this.snapshot) return (await this.forSearch()).version;
    if (!this.versionRead || Date.now() - this.versionRead.at >= VERSION_CHECK_MS) {
      const read = { at: Date.now(), value: readState(this.getDb()).then((state) => state.version) };
      read.value.catch(() => {
        if (this.versionRead === read) this.versionRead = null;
      });
      this.versionRead = read;
    }
    return this.versionRead.value;
  }

  /** Brings the copy up to the index's present version, full reads included; after a write, the writer awaits this. */
  refresh(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running.done
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.running ? this.running.done : this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    let decide!: () => void;
    const refresh: Refresh = { done: Promise.resolve(), full: false, decided: new Promise<void>((resolve) => (decide = resolve)) };
    refresh.done = this.sync(refresh, decide).finally(() => {
      decide();
      if (this.running === refresh) this.running = null;
    });
    this.running = refresh;
    return refresh.done;
  }

  private async sync(refresh: Refresh, decide: () => void): Promise<void> {
    const db = this.getDb();
    this.checkedAt = Date.now();
    const state = await readState(db);
    const current = this.snapshot;
    if (current && state.version === current.version) return;
    if (current && current.version >= state.prunedThrough && current.text.deadShare < 0.3) {
      const changed = await db.$queryRawUnsafe<{ id: string }[]>(
        "SELECT DISTINCT catalogue_item_id AS id FROM search_index_changes WHERE version > $1::bigint AND version <= $2::bigint",
        current.version.toString(),
        state.version.toString(),
      );
      if (changed.length <= Math.max(this.options.smallRefresh ?? SMALL_REFRESH, current.facets.size / 4)) {
        const rows = changed.length > 0 ? await db.$queryRawUnsafe<Row[]>(`${ROW_SELECT} WHERE s.catalogue_item_id = ANY($1::text[])`, changed.map((c) => c.id)) : [];
        const found = new Set(rows.map((r) => r.id));
        for (const { id } of changed) if (!found.has(id)) removeFrom(current, id);
        for (const row of rows) putInto(current, row);
        current.version = state.version;
        return;
      }
    }
    // A rebuild, a process far behind, or a copy full of superseded slots: read everything afresh.
    refresh.full = true;
    if (current) decide();
    this.snapshot = await readEverything(db);
  }
}

async function readState(db: Pick<Db, "$queryRawUnsafe">): Promise<State> {
  const [row] = await db.$queryRawUnsafe<{ version: string; pruned: string }[]>(
    "SELECT version::text AS version, pruned_through::text AS pruned FROM search_index_state WHERE id = 1",
  );
  return { version: BigInt(row?.version ?? 0), prunedThrough: BigInt(row?.pruned ?? 0) };
}

/** The whole index and its version from one snapshot of the database, built a chunk at a time so searches go on meanwhile. */
async function readEverything(db: Db): Promise<Snapshot> {
  const { state, rows } = await db.$transaction(
    async (tx) => ({ state: await readState(tx), rows: await tx.$queryRawUnsafe<Row[]>(ROW_SELECT) }),
    { isolationLevel: "RepeatableRead", timeout: 120_000, maxWait: 30_000 },
  );
  const snapshot: Snapshot = { text: new TextIndex(), facets: new FacetIndex(), documents: new ListingDocuments(), version: state.version };
  for (let i = 0; i < rows.length; i += LOAD_CHUNK) {
    for (const row of rows.slice(i, i + LOAD_CHUNK)) putInto(snapshot, row);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return snapshot;
}

function putInto(snapshot: Snapshot, row: Row) {
  removeFrom(snapshot, row.id);
  const slot = snapshot.text.upsert(row.id, row.vector, row.title);
  snapshot.facets.put(row, slot);
  snapshot.documents.put(slot, row.document, row.tokens);
}

function removeFrom(snapshot: Snapshot, id: string) {
  const slot = snapshot.text.slotOf(id);
  if (slot === undefined) return;
  snapshot.facets.delete(slot);
  snapshot.documents.delete(slot);
  snapshot.text.remove(id);
}
