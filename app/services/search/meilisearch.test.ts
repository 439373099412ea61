import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FACETS, SEARCHABLE_FIELDS, SYNONYM_GROUPS, type SearchDocument } from "./document";
import { createMeilisearchEngine } from "./meilisearch-engine.server";
import {
  filterExpression,
  fromMeilisearchDocument,
  meilisearchSettings,
  multiSearchQueries,
  resultFromMultiSearch,
  toMeilisearchDocument,
} from "./meilisearch-settings";
import { emptyQuery } from "./query";
import { searchDocument } from "./testing/document-fixture";

const doc = searchDocument;

describe("Meilisearch settings", () => {
  const settings = meilisearchSettings();

  it("searches the shared fields in order of importance", () => {
    expect(settings.searchableAttributes).toEqual(SEARCHABLE_FIELDS.map((f) => f.field));
  });

  it("can filter on every facet field and sort on name, price and the tie-break", () => {
    for (const facet of Object.values(FACETS)) expect(settings.filterableAttributes).toContain(facet.field);
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(["nameSort", "indicativeAnnualPence", "tieBreak"]));
  });

  it("ranks a chosen sort first and breaks ties with the stable hash, never alphabetically", () => {
    expect(settings.rankingRules?.[0]).toBe("sort");
    expect(settings.rankingRules?.at(-1)).toBe("tieBreak:asc");
    expect(settings.rankingRules?.join(" ")).not.toMatch(/name/);
  });

  it("has every synonym group both ways, and Meilisearch's typo rules", () => {
    for (const group of SYNONYM_GROUPS) {
      for (const phrase of group) expect(settings.synonyms?.[phrase]).toEqual(expect.arrayContaining(group.filter((p) => p !== phrase)));
    }
    expect(settings.synonyms?.["video consult"]).toContain("video consultation");
    expect(settings.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
  });
});

describe("Meilisearch document mapping", () => {
  it("adds a lowercase sort key and round-trips", () => {
    const stored = toMeilisearchDocument(doc());
    expect(stored.nameSort).toBe("consulto video");
    expect(fromMeilisearchDocument({ ...stored, _formatted: {} })).toEqual(doc());
  });

  it("leaves the price out when there is none, so the price sort puts it last", () => {
    const stored = toMeilisearchDocument(doc({ indicativeAnnualPence: null }));
    expect("indicativeAnnualPence" in stored).toBe(false);
    expect(fromMeilisearchDocument(stored).indicativeAnnualPence).toBeNull();
  });
});

describe("Meilisearch filter expressions", () => {
  it("ANDs every chosen capability and ORs the values of an 'any' facet", () => {
    const query = emptyQuery({ capability: ["C14", "C5"], framework: ["NHSDGP001", "TIF001"], hosting: ["HYBRID"] });
    expect(filterExpression(query)).toBe(
      'capabilityIds = "C14" AND capabilityIds = "C5" AND frameworkIds IN ["NHSDGP001", "TIF001"] AND hostingTypes IN ["HYBRID"] AND assurance IN ["assured"]',
    );
  });

  it("leaves out one facet for its disjunctive counts", () => {
    const query = emptyQuery({ framework: ["TIF001"], supplier: ["10000"] });
    expect(filterExpression(query, "framework")).toBe('supplierKey IN ["10000"] AND assurance IN ["assured"]');
    expect(filterExpression(emptyQuery({ assurance: [] }))).toBeUndefined();
  });

  it("escapes quotes and backslashes in values", () => {
    expect(filterExpression(emptyQuery({ assurance: [], capability: ['C1" OR x = "y\\'] }))).toBe('capabilityIds = "C1\\" OR x = \\"y\\\\"');
  });

  it("asks one multi-search: the hits, then one count query per narrowed 'any' facet", () => {
    const queries = multiSearchQueries("solutions", emptyQuery({ q: "video", framework: ["TIF001"], hosting: ["PUBLIC_CLOUD"], sort: "price", page: 2 }));
    expect(queries).toHaveLength(4); // hits, framework, hosting, assurance (narrowed to "assured" by default)
    expect(queries[0]).toMatchObject({ indexUid: "solutions", q: "video", page: 2, hitsPerPage: 20, sort: ["indicativeAnnualPence:asc"], matchingStrategy: "all" });
    expect(queries[0].facets).not.toContain("frameworkIds");
    expect(queries[1]).toMatchObject({ facets: ["frameworkIds"], hitsPerPage: 0, filter: 'hostingTypes IN ["PUBLIC_CLOUD"] AND assurance IN ["assured"]' });
  });
});

type Recorded = { method: string; url: string; body: unknown; authorization?: string };

describe("Meilisearch engine against a local HTTP endpoint", () => {
  let server: Server;
  let host: string;
  let requests: Recorded[] = [];
  let taskStatus: "succeeded" | "failed" = "succeeded";
  let nextTask = 1;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const body = raw ? JSON.parse(raw) : null;
        requests.push({ method: req.method!, url: req.url!, body, authorization: req.headers.authorization });
        const send = (status: number, payload: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        if (req.url?.startsWith("/tasks/")) {
          const uid = Number(req.url.split("/")[2]);
          return send(200, { uid, status: taskStatus, type: "documentAdditionOrUpdate", error: taskStatus === "failed" ? { message: "disk full", code: "internal" } : null });
        }
        if (req.url === "/multi-search") {
          return send(200, {
            results: [
              {
                indexUid: "solutions",
                hits: [{ ...toMeilisearchDocument(doc()), _formatted: { name: "Consulto \uE000Video\uE001", summary: "\uE000Video\uE001 consultation for practices." } }],
                totalHits: 1,
                totalPages: 1,
                page: 1,
                hitsPerPage: 20,
                processingTimeMs: 1,
                query: "video",
                facetDistribution: { capabilityIds: { C44: 1 }, frameworkIds: { TIF001: 1 } },
              },
              { indexUid: "solutions", hits: [], totalHits: 3, page: 1, hitsPerPage: 0, totalPages: 3, processingTimeMs: 1, query: "video", facetDistribution: { frameworkIds: { TIF001: 1, NHSDGP001: 2 } } },
              { indexUid: "solutions", hits: [], totalHits: 1, page: 1, hitsPerPage: 0, totalPages: 1, processingTimeMs: 1, query: "video", facetDistribution: { assurance: { assured: 1, lapsed: 4 } } },
            ],
          });
        }
        // Every write enqueues a task.
        send(202, { taskUid: nextTask++, indexUid: "solutions", status: "enqueued", type: "documentAdditionOrUpdate", enqueuedAt: new Date().toISOString() });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requests = [];
    taskStatus = "succeeded";
  });

  const engine = () => createMeilisearchEngine({ host, apiKey: "test-key", taskTimeoutMs: 2_000 });

  it("searches with one multi-search request and maps hits, highlights and disjunctive counts", async () => {
    const result = await engine().search(emptyQuery({ q: "video", framework: ["TIF001"] }));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "POST", url: "/multi-search" });
    expect((requests[0].body as { queries: unknown[] }).queries).toEqual(multiSearchQueries("solutions", emptyQuery({ q: "video", framework: ["TIF001"] })));
    expect(result.total).toBe(1);
    expect(result.hits[0].document).toEqual(doc());
    expect(result.hits[0].highlights.name).toEqual([{ text: "Consulto ", matched: false }, { text: "Video", matched: true }]);
    expect(result.facets.framework).toEqual([{ value: "NHSDGP001", count: 2 }, { value: "TIF001", count: 1 }]);
    expect(result.facets.assurance).toEqual([{ value: "lapsed", count: 4 }, { value: "assured", count: 1 }]);
    expect(result.facets.capability).toEqual([{ value: "C44", count: 1 }]);
  });

  it("upserts documents and waits for the task to succeed", async () => {
    await engine().upsert([doc()]);
    expect(requests[0]).toMatchObject({ method: "POST", url: "/indexes/solutions/documents?primaryKey=id" });
    expect(requests[0].body).toEqual([toMeilisearchDocument(doc())]);
    expect(requests.some((r) => r.method === "GET" && r.url.startsWith("/tasks/"))).toBe(true);
  });

  it("throws when the task fails, so the outbox retries", async () => {
    taskStatus = "failed";
    await expect(engine().upsert([doc()])).rejects.toThrow(/failed: disk full/);
  });

  it("deletes by id", async () => {
    await engine().remove(["10000-001"]);
    expect(requests[0]).toMatchObject({ method: "POST", url: "/indexes/solutions/documents/delete-batch", body: ["10000-001"] });
  });

  it("rebuilds into a fresh index and swaps it in atomically", async () => {
    await engine().replaceAll([doc()]);
    const writes = requests.filter((r) => !r.url.startsWith("/tasks/")).map((r) => `${r.method} ${r.url.replace(/_build_\d+/, "_build_N")}`);
    expect(writes).toEqual([
      "POST /indexes",
      "PATCH /indexes/solutions_build_N/settings",
      "POST /indexes/solutions_build_N/documents?primaryKey=id",
      "POST /indexes",
      "POST /swap-indexes",
      "DELETE /indexes/solutions_build_N",
    ]);
    const swap = requests.find((r) => r.url === "/swap-indexes")!.body as { indexes: string[] }[];
    expect(swap[0].indexes[0]).toBe("solutions");
  });

  it("sends the API key, and fails fast when the server cannot be reached", async () => {
    await engine().remove(["10000-001"]);
    expect(requests[0].authorization).toBe("Bearer test-key");
    await expect(createMeilisearchEngine({ host: "http://127.0.0.1:9", timeoutMs: 500 }).search(emptyQuery())).rejects.toThrow();
  });
});
