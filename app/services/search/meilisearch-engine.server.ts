import { Meilisearch, type EnqueuedTaskPromise, type MultiSearchResponse, type Task } from "meilisearch";
import type { SearchDocument } from "./document";
import type { SearchEngine } from "./engine";
import {
  DEFAULT_INDEX_UID,
  fromMeilisearchDocument,
  meilisearchSettings,
  multiSearchQueries,
  resultFromMultiSearch,
  toMeilisearchDocument,
} from "./meilisearch-settings";

/**
 * The Meilisearch engine, through the official client. Every write waits for its task to
 * succeed (a failed task throws, so the outbox retries it); a full rebuild fills a fresh
 * index and swaps it in atomically.
 */

export type MeilisearchOptions = {
  host: string;
  apiKey?: string;
  indexUid?: string;
  /** Per request: a slow or dead server must not hold a buyer's page for long (the PostgreSQL engine takes over). */
  timeoutMs?: number;
  /** How long a write waits for its task. */
  taskTimeoutMs?: number;
};

const DOCUMENT_BATCH = 1000;

export function createMeilisearchEngine(options: MeilisearchOptions): SearchEngine & { applySettings: () => Promise<void>; isHealthy: () => Promise<boolean> } {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: options.timeoutMs ?? 2_000 });
  const uid = options.indexUid ?? DEFAULT_INDEX_UID;
  const waitOptions = { timeout: options.taskTimeoutMs ?? 30_000, interval: 50 };

  async function succeeded(promise: EnqueuedTaskPromise): Promise<Task> {
    const task = await promise.waitTask(waitOptions);
    if (task.status !== "succeeded") {
      throw new Error(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? "no reason given"}`);
    }
    return task;
  }

  async function ensureIndex(indexUid: string) {
    const task = await client.createIndex(indexUid, { primaryKey: "id" }).waitTask(waitOptions);
    // An index that already exists is what we wanted.
    if (task.status !== "succeeded" && task.error?.code !== "index_already_exists") {
      throw new Error(`Meilisearch could not create index ${indexUid}: ${task.error?.message ?? task.status}`);
    }
  }

  async function addAll(indexUid: string, documents: SearchDocument[], progress?: (done: number, total: number) => void) {
    const index = client.index(indexUid);
    for (let i = 0; i < documents.length; i += DOCUMENT_BATCH) {
      await succeeded(index.addDocuments(documents.slice(i, i + DOCUMENT_BATCH).map(toMeilisearchDocument), { primaryKey: "id" }));
      progress?.(Math.min(i + DOCUMENT_BATCH, documents.length), documents.length);
    }
  }

  return {
    name: "meilisearch",

    async search(query) {
      const started = performance.now();
      const response = (await client.multiSearch({ queries: multiSearchQueries(uid, query) })) as MultiSearchResponse;
      return resultFromMultiSearch(query, response, Math.round(performance.now() - started));
    },

    async upsert(documents) {
      if (documents.length === 0) return;
      await addAll(uid, documents);
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await succeeded(client.index(uid).deleteDocuments(ids));
    },

    async replaceAll(documents, progress) {
      const building = `${uid}_build_${Date.now()}`;
      await ensureIndex(building);
      await succeeded(client.index(building).updateSettings(meilisearchSettings()));
      await addAll(building, documents, progress);
      await ensureIndex(uid);
      await succeeded(client.swapIndexes([{ indexes: [uid, building], rename: false }]));
      // After the swap `building` holds the old documents.
      await succeeded(client.deleteIndex(building));
    },

    async allDocuments() {
      const documents: SearchDocument[] = [];
      const index = client.index(uid);
      for (let offset = 0; ; offset += DOCUMENT_BATCH) {
        const page = await index.getDocuments({ offset, limit: DOCUMENT_BATCH });
        documents.push(...page.results.map((d) => fromMeilisearchDocument(d)));
        if (page.results.length < DOCUMENT_BATCH) return documents;
      }
    },

    async count() {
      try {
        return (await client.index(uid).getStats()).numberOfDocuments;
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code === "index_not_found") return 0;
        throw error;
      }
    },

    async applySettings() {
      await ensureIndex(uid);
      await succeeded(client.index(uid).updateSettings(meilisearchSettings()));
    },

    isHealthy: () => client.isHealthy(),
  };
}
