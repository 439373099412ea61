/**
 * Benchmark: catalogue search, the catalogue and home pages, and what each page weighs
 * (DESIGN.md §6, issues 3 and 15). For each catalogue size (1,000, 10,000 and 30,000
 * solutions by default), in one run: an embedded PostgreSQL seeded with `seedDatabase`, the
 * search index rebuilt, the app server started (server.ts, PostgreSQL search engine, no job
 * worker), then autocannon at 20 connections, one target after another:
 *   - uncached searches: thousands of different searches (words of the catalogue's own text,
 *     two-word searches, misspellings, word beginnings, with sorts, pages and a facet now and
 *     then) picked at random, so nearly every request misses the result cache and is searched
 *     by the engine; the same list at every size,
 *   - the same while listings are re-indexed 10 times a second (writes must not stall searches),
 *   - the same asking for brotli/gzip, as browsers do (what compression costs),
 *   - one repeated search (the result cache),
 *   - /solutions, the home page /, a static page through the same layout (/cookies) and a
 *     constant route through the same stack (the baseline),
 * reporting requests per second, p50/p95/p99 latency, each one's ratio to the baseline and the
 * static page, and the machine's load average before and after. Page weight: each page's HTML,
 * JavaScript and CSS in bytes as sent without compression, with gzip and with brotli, and the
 * caching headers of the hashed assets.
 *
 *   BENCH_SEARCH_SCALES=1000,10000,30000   catalogue sizes (default; seeding 30,000 takes ~5-10 minutes)
 *   BENCH_SEARCH_SECONDS=10                seconds per target (default 10)
 *   BENCH_SEARCH_DATA_DIR=/tmp/bench-search-data
 *                                          keep each seeded database in <dir>/scale-<n> and reuse it
 *   BENCH_SEARCH_REINDEX=false             reuse a kept search index instead of rebuilding it
 *   BENCH_SEARCH_CPU_PROFILE=/tmp/profiles  the server writes a V8 CPU profile (.cpuprofile) there
 *   BENCH_SEARCH_WEB_CONCURRENCY=1         the server's web processes (default 1; auto: one per core)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { freePort } from "../../app/utils/embedded-postgres.server";
import { setDb, type Db } from "../../app/utils/db.server";
import { rebuildSearchIndex, syncListings } from "../../app/services/search/index.server";
import { seededBenchDatabase } from "../lib/bench-database";

type BenchContext = { log: (message: string) => void; record: (name: string, value: unknown) => void };

/** The part of autocannon's API used here (it ships no types). */
type AutocannonInstance = PromiseLike<{ requests: { average: number; total: number }; non2xx: number; errors: number }> & {
  on: (event: "response", listener: (client: unknown, status: number, bytes: number, responseTime: number) => void) => void;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests: { method: string; path: string; setupRequest?: (request: { path: string }) => { path: string } }[];
}) => AutocannonInstance;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CONNECTIONS = 20;
/**
 * The app server's web processes (WEB_CONCURRENCY), 1 by default: on two cores that also run
 * PostgreSQL and autocannon, a second web process did not raise search throughput (4 Dec 2026:
 * 207 against 234 uncached searches a second at 30,000, CPU per search 7.9 against 4.8 ms).
 * BENCH_SEARCH_WEB_CONCURRENCY=auto measures one per core, for machines with cores to spare.
 */
const WEB_CONCURRENCY = process.env.BENCH_SEARCH_WEB_CONCURRENCY ?? "1";
const BROWSER_ENCODINGS = "br, gzip, deflate";

const TARGETS = [
  "baseline",
  "staticPage",
  "homePage",
  "cataloguePage",
  "searchApiCached",
  "searchApiUncached",
  "searchApiUncachedWhileWriting",
  "searchApiUncachedCompressed",
] as const;
type TargetName = (typeof TARGETS)[number];

type Measured = { requestsPerSecond: number; p50: number; p95: number; p99: number; requests: number; non2xx: number; errors: number };

/**
 * CPU time of the app server and of PostgreSQL per request: on a machine shared with other
 * work the clock measures the queue for the CPU as much as the work, while this measures the
 * work itself. /proc/<pid>/stat fields 14-17: utime, stime, cutime, cstime in clock ticks.
 */
const TICK_MS = 10;
function cpuTicks(pid: number, withChildren = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // After the ") ": state is field 3, so utime (14) is index 11.
    return Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  } catch {
    return 0;
  }
}
/**
 * A process, its finished children (cutime) and its live children: the postmaster and its
 * backends, or the app server and the web processes it forked (WEB_CONCURRENCY).
 */
function processTreeTicks(parent: number): number {
  let ticks = cpuTicks(parent, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(fields[1]) === parent) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

async function measure(baseUrl: string, paths: string[], seconds: number, { random = false, headers }: { random?: boolean; headers?: Record<string, string> } = {}): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    // In order, every connection walks the same list (and finds what another just searched for
    // in the cache); at random, each request is a search of its own.
    requests: random
      ? [{ method: "GET", path: paths[0], setupRequest: (request) => ({ ...request, path: paths[Math.floor(Math.random() * paths.length)] }) }]
      : paths.map((p) => ({ method: "GET", path: p })),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: round(result.requests.average),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app server exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The app server did not become healthy in time");
}

/** The bytes as sent (fetch would decompress them), with the headers that matter here. */
function rawGet(url: string, encoding: string | null): Promise<{ status: number; body: Buffer; encoding: string | null; cacheControl: string | null }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: encoding ? { "Accept-Encoding": encoding } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks),
          encoding: (response.headers["content-encoding"] as string | undefined) ?? null,
          cacheControl: (response.headers["cache-control"] as string | undefined) ?? null,
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** Bytes as sent; `compressed` is false when the server sent gzip or brotli requests uncompressed. */
type Weight = { identity: number; gzip: number; br: number; compressed: boolean };
type PageWeight = { path: string; html: Weight; js: Weight & { files: number }; css: Weight & { files: number } };

/** HTML, JavaScript and CSS of one page, as sent without compression, with gzip and with brotli. */
async function pageWeight(baseUrl: string, pagePath: string): Promise<PageWeight> {
  const weigh = async (url: string): Promise<Weight> => {
    const [identity, gzip, br] = await Promise.all([null, "gzip", "br"].map((encoding) => rawGet(url, encoding)));
    if (identity.status !== 200) throw new Error(`${url} answered ${identity.status}`);
    return { identity: identity.body.length, gzip: gzip.body.length, br: br.body.length, compressed: gzip.encoding === "gzip" && br.encoding === "br" };
  };
  const html = await rawGet(`${baseUrl}${pagePath}`, null);
  const text = html.body.toString("utf8");
  const assets = [...new Set([...text.matchAll(/\/build\/[^"'\s)]+\.(?:js|css)/g)].map((m) => m[0]))];
  const sum = async (files: string[]) => {
    const weights = await Promise.all(files.map((file) => weigh(`${baseUrl}${file}`)));
    const total = (key: "identity" | "gzip" | "br") => weights.reduce((sum, w) => sum + w[key], 0);
    return { files: files.length, identity: total("identity"), gzip: total("gzip"), br: total("br"), compressed: weights.every((w) => w.compressed) };
  };
  return {
    path: pagePath,
    html: await weigh(`${baseUrl}${pagePath}`),
    js: await sum(assets.filter((a) => a.endsWith(".js"))),
    css: await sum(assets.filter((a) => a.endsWith(".css"))),
  };
}

/** A small seeded generator, so every run and every catalogue size asks the same searches. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] };
}

/** A misspelling as people make them: two letters swapped, one dropped, one doubled or one wrong. */
function misspell(word: string, random: ReturnType<typeof generator>): string {
  const i = 1 + Math.floor(random.next() * (word.length - 2));
  switch (Math.floor(random.next() * 4)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return word.slice(0, i) + (word[i] === "e" ? "a" : "e") + word.slice(i + 1);
  }
}

/**
 * Searches with varied words: the words of the smallest catalogue's names, summaries and
 * capability names, alone (half), in pairs, misspelt (from 5 letters) or as the beginning of a
 * word being typed, each with a sort, a page size, a page and now and then a facet.
 */
export function variedSearches(words: string[], count: number): string[] {
  const random = generator(15);
  const long = words.filter((w) => w.length >= 5);
  const facets = ["", "", "", "", "&framework=NHSDGP001", "&capability=C14", "&hosting=PUBLIC_CLOUD", "&integration=IM1", "&assurance=assured&assurance=lapsed"];
  const searches = new Set<string>();
  while (searches.size < count) {
    const kind = random.next();
    const q =
      kind < 0.5
        ? random.pick(words)
        : kind < 0.75
          ? `${random.pick(words)} ${random.pick(words)}`
          : kind < 0.9
            ? misspell(random.pick(long), random)
            : random.pick(long).slice(0, 3 + Math.floor(random.next() * 3));
    const sort = random.next() < 0.8 ? "relevance" : random.pick(["name", "price"]);
    const perPage = random.pick([20, 20, 20, 50]);
    const page = random.next() < 0.8 ? 1 : 2 + Math.floor(random.next() * 4);
    searches.add(`/api/v1/solutions?q=${encodeURIComponent(q)}&sort=${sort}&perPage=${perPage}&page=${page}${random.pick(facets)}`);
  }
  return [...searches];
}

export async function catalogueWords(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ w: string }[]>(
    `SELECT DISTINCT lower(w) AS w
     FROM search_documents, regexp_split_to_table(concat_ws(' ', document->>'name', document->>'summary', document->>'capabilityNames'), '[^[:alnum:]]+') AS w
     WHERE length(w) >= 3 ORDER BY 1`,
  );
  return rows.map((r) => r.w).filter((w) => /^[a-z0-9]+$/.test(w));
}

/** Re-indexes a listing ten times a second, as the outbox does when suppliers and staff change listings. */
function keepWriting(db: Db, ids: string[]) {
  let stopped = false;
  let writes = 0;
  const random = generator(10);
  const done = (async () => {
    while (!stopped) {
      const started = Date.now();
      await syncListings(db, [random.pick(ids)]);
      writes++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - started))));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return writes;
    },
  };
}

async function benchAtScale(scale: number, seconds: number, words: string[] | null, log: BenchContext["log"]) {
  const keptRoot = process.env.BENCH_SEARCH_DATA_DIR ? path.resolve(process.env.BENCH_SEARCH_DATA_DIR) : null;
  const database = await seededBenchDatabase({ scale, keptDir: keptRoot ? path.join(keptRoot, `scale-${scale}`) : null, name: "bench-search", log });
  const { db } = database;
  let server: ChildProcess | undefined;
  try {
    setDb(db);
    const indexed = Number((await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM search_documents"))[0]?.n ?? 0);
    let indexMs: number | null = null;
    let documents = indexed;
    if (process.env.BENCH_SEARCH_REINDEX === "false" && indexed > 0) {
      log(`Reusing the search index of ${indexed} documents.`);
    } else {
      const indexStarted = Date.now();
      documents = (await rebuildSearchIndex(db, { log: () => {} })).documents;
      indexMs = Date.now() - indexStarted;
      log(`Indexed ${documents} searchable solutions in ${(indexMs / 1000).toFixed(1)} s.`);
    }
    const vocabulary = words ?? (await catalogueWords(db));

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const startedAt = Date.now();
    // BENCH_SEARCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (for finding where a search's time goes).
    const profileDir = process.env.BENCH_SEARCH_CPU_PROFILE ? path.resolve(process.env.BENCH_SEARCH_CPU_PROFILE) : null;
    server = spawn(process.execPath, [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", "tsx", "server.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: database.url,
        AUTO_MIGRATE: "true",
        SEED_DEMO: "false",
        RUN_JOBS_IN_PROCESS: "false",
        WEB_CONCURRENCY,
        MEILISEARCH_URL: "",
        SESSION_SECRET: "bench-session-secret-that-is-at-least-32-characters",
        MFA_ENCRYPTION_KEY: "be9c".repeat(16),
        APP_URL: "https://buying-catalogue.bench.invalid",
        // autocannon is one network sending thousands of requests a second: the open API's
        // per-network limit stays on (its cost is measured) but is set far above that.
        RATE_LIMIT_API_PER_MINUTE: "10000000",
        DATA_DIR: database.runDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForHealth(baseUrl, server);
    const startMs = Date.now() - startedAt;

    const uncached = variedSearches(vocabulary, 20_000);
    const pairForCompare = await db.$queryRawUnsafe<{ id: string }[]>("SELECT catalogue_item_id AS id FROM search_documents ORDER BY catalogue_item_id LIMIT 2");
    const targets: Record<TargetName, { paths: string[]; random?: boolean; headers?: Record<string, string>; whileWriting?: boolean }> = {
      baseline: { paths: ["/resources/bench-baseline"] },
      staticPage: { paths: ["/cookies"] },
      homePage: { paths: ["/"] },
      cataloguePage: { paths: ["/solutions"] },
      searchApiCached: { paths: ["/api/v1/solutions?q=prescribing&capability=C14&framework=NHSDGP001"] },
      searchApiUncached: { paths: uncached, random: true },
      searchApiUncachedWhileWriting: { paths: uncached, random: true, whileWriting: true },
      searchApiUncachedCompressed: { paths: uncached, random: true, headers: { "Accept-Encoding": BROWSER_ENCODINGS } },
    };

    // Warm up (JIT, prepared plans, first reads) on other searches than the measured ones.
    for (const target of Object.values(targets)) if (!target.random) await measure(baseUrl, target.paths, 2);
    await measure(baseUrl, variedSearches(vocabulary.slice().reverse(), 200), 3, { random: true });

    const weights: PageWeight[] = [];
    for (const page of ["/", "/solutions", `/solutions/${pairForCompare[0]?.id ?? ""}`, `/compare?ids=${pairForCompare.map((r) => r.id).join(",")}`, "/cookies"]) {
      weights.push(await pageWeight(baseUrl, page));
    }
    const asset = weights[1].js.files > 0 ? (await fetch(`${baseUrl}/solutions`).then((r) => r.text())).match(/\/build\/[^"'\s)]+\.js/)?.[0] : undefined;
    const assetCacheControl = asset ? (await rawGet(`${baseUrl}${asset}`, "br")).cacheControl : null;

    const loadBefore = os.loadavg();
    const figures = {} as Record<TargetName, Measured & { ratioToBaseline?: number; ratioToStaticPage?: number; writes?: number; serverCpuMsPerRequest?: number; databaseCpuMsPerRequest?: number }>;
    const postmaster = Number(readFileSync(path.join(database.runDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0]);
    const solutionIds = (await db.$queryRawUnsafe<{ id: string }[]>("SELECT catalogue_item_id AS id FROM search_documents")).map((r) => r.id);
    for (const name of TARGETS) {
      const target = targets[name];
      const writer = target.whileWriting ? keepWriting(db, solutionIds) : null;
      const [serverBefore, databaseBefore] = [processTreeTicks(server.pid!), processTreeTicks(postmaster)];
      figures[name] = await measure(baseUrl, target.paths, seconds, { random: target.random, headers: target.headers });
      const perRequest = (ticks: number) => round((ticks * TICK_MS) / Math.max(1, figures[name].requests), 2);
      figures[name].serverCpuMsPerRequest = perRequest(processTreeTicks(server.pid!) - serverBefore);
      figures[name].databaseCpuMsPerRequest = perRequest(processTreeTicks(postmaster) - databaseBefore);
      if (writer) figures[name].writes = await writer.stop();
      const f = figures[name];
      log(
        `${scale}: ${name}: ${f.requestsPerSecond} req/s, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms; CPU per request: server ${f.serverCpuMsPerRequest} ms, database ${f.databaseCpuMsPerRequest} ms${writer ? ` (${f.writes} writes)` : ""}`,
      );
    }
    const loadAfter = os.loadavg();
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    for (const name of TARGETS) {
      figures[name].ratioToBaseline = ratio(figures[name].requestsPerSecond, figures.baseline.requestsPerSecond);
      figures[name].ratioToStaticPage = ratio(figures[name].requestsPerSecond, figures.staticPage.requestsPerSecond);
    }
    log(`${scale}: load average (1, 5, 15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(", ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(", ")}`);
    for (const w of weights) {
      log(`${scale}: ${w.path}: HTML ${w.html.identity} B (gzip ${w.html.gzip}, br ${w.html.br}); JS ${w.js.files} files ${w.js.identity} B (gzip ${w.js.gzip}, br ${w.js.br}); CSS ${w.css.identity} B (gzip ${w.css.gzip}, br ${w.css.br})`);
    }
    return {
      vocabulary,
      result: {
        scale,
        searchableSolutions: documents,
        indexBuildMs: indexMs,
        serverStartMs: startMs,
        loadAverage: { before: loadBefore, after: loadAfter },
        uncachedSearches: uncached.length,
        exampleSearches: uncached.slice(0, 5),
        ...figures,
        pages: weights,
        hashedAssetCacheControl: assetCacheControl,
      },
    };
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server!.once("exit", resolve));
    }
    setDb(undefined);
    await database.release();
  }
}

export default async function searchBench({ log, record }: BenchContext) {
  const scales = (process.env.BENCH_SEARCH_SCALES ?? "1000,10000,30000").split(",").map(Number).sort((a, b) => a - b);
  const seconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 10);
  if (!existsSync(path.join(root, "build", "index.js"))) {
    log("No Remix build yet: building (npm run build).");
    execFileSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  }
  const loadBefore = os.loadavg();
  const byScale: Record<string, Awaited<ReturnType<typeof benchAtScale>>["result"]> = {};
  let words: string[] | null = null;
  for (const scale of scales) {
    // The smallest catalogue's words are searched at every size.
    const { vocabulary, result } = await benchAtScale(scale, seconds, words, log);
    words = vocabulary;
    byScale[scale] = result;
  }
  const smallest = byScale[scales[0]];
  const largest = byScale[scales[scales.length - 1]];
  const summary = {
    connections: CONNECTIONS,
    webConcurrency: WEB_CONCURRENCY,
    webProcesses: WEB_CONCURRENCY === "auto" ? os.availableParallelism() : Number(WEB_CONCURRENCY),
    secondsPerTarget: seconds,
    engine: "postgres",
    scales,
    loadAverage: { before: loadBefore, after: os.loadavg() },
    byScale,
    uncachedThroughputLargestToSmallest: Math.round((largest.searchApiUncached.requestsPerSecond / smallest.searchApiUncached.requestsPerSecond) * 1000) / 1000,
    targets: Object.fromEntries(
      scales.map((scale) => {
        const s = byScale[scale];
        const catalogueJs = s.pages.find((p) => p.path === "/solutions")!.js.gzip;
        return [
          scale,
          {
            uncachedSearchP95Under50ms: s.searchApiUncached.p95 < 50,
            uncachedSearchWhileWritingP95Under50ms: s.searchApiUncachedWhileWriting.p95 < 50,
            homePageAtLeastAThirdOfStaticPage: s.homePage.requestsPerSecond >= s.staticPage.requestsPerSecond / 3,
            cataloguePageJsGzipAtMost120KB: catalogueJs <= 120 * 1024,
          },
        ];
      }),
    ),
  };
  record("search", summary);
  return summary;
}
