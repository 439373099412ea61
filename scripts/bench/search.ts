/**
 * Benchmark: catalogue search at 10,000 solutions (DESIGN.md §6, issue 3). Starts its own
 * throwaway embedded PostgreSQL, seeds 10,000 solutions with `seedDatabase`, builds the
 * search index, starts the app server (server.ts, PostgreSQL search engine, no job worker)
 * and measures with autocannon at 20 connections, in one run:
 *   - the search API for a keyword and two facets,
 *   - the same API over a rotating set of 24 searches,
 *   - the same API over 1,800 different searches picked at random, so nearly every request
 *     misses the result cache and is searched by the engine,
 *   - the /solutions HTML page,
 *   - a static HTML page through the same layout (/cookies: no loader of its own),
 *   - a constant route through the same stack (the baseline),
 * reporting requests per second, p50/p95/p99 latency, each one's ratio to the baseline, the
 * catalogue page's ratio to the static page, and the machine's load average before and after.
 *
 *   BENCH_SEARCH_SCALE=1000 npm run bench -- search   (a quick run; default 10000, seeding takes ~3 minutes)
 *   BENCH_SEARCH_SECONDS=10                           (seconds per target; default 10)
 *   BENCH_SEARCH_DATA_DIR=/tmp/bench-search-data      (keep the seeded database there and reuse it on
 *                                                      the next run: seeding 10,000 solutions takes minutes;
 *                                                      the search index is rebuilt every run all the same)
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { startEmbeddedPostgres, freePort } from "../../app/utils/embedded-postgres.server";
import { createDb, setDb } from "../../app/utils/db.server";
import { applyMigrations, withSchemaEngine } from "../lib/schema-engine";
import { seedDatabase } from "../../seed/index";
import { rebuildSearchIndex } from "../../app/services/search/index.server";

type BenchContext = { log: (message: string) => void; record: (name: string, value: unknown) => void };

/** The part of autocannon's API used here (it ships no types). */
type AutocannonInstance = PromiseLike<{ requests: { average: number; total: number }; non2xx: number; errors: number }> & {
  on: (event: "response", listener: (client: unknown, status: number, bytes: number, responseTime: number) => void) => void;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; path: string; setupRequest?: (request: { path: string }) => { path: string } }[];
}) => AutocannonInstance;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CONNECTIONS = 20;

type Measured = { requestsPerSecond: number; p50: number; p95: number; p99: number; requests: number; non2xx: number; errors: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(baseUrl: string, paths: string[], seconds: number, { random = false } = {}): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    // In order, every connection walks the same list (and finds what another just searched for
    // in the cache); at random, each request is a search of its own.
    requests: random
      ? [{ method: "GET", path: paths[0], setupRequest: (request) => ({ ...request, path: paths[Math.floor(Math.random() * paths.length)] }) }]
      : paths.map((p) => ({ method: "GET", path: p })),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
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

export default async function searchBench({ log, record }: BenchContext) {
  const scale = Number(process.env.BENCH_SEARCH_SCALE ?? 10_000);
  const seconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 10);
  if (!existsSync(path.join(root, "build", "index.js"))) {
    log("No Remix build yet: building (npm run build).");
    execFileSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  }
  const keptDir = process.env.BENCH_SEARCH_DATA_DIR ? path.resolve(process.env.BENCH_SEARCH_DATA_DIR) : null;
  const runDir = keptDir ?? mkdtempSync(path.join(os.tmpdir(), "bench-search-"));
  mkdirSync(runDir, { recursive: true });
  chmodSync(runDir, 0o755);
  // A kept database must survive stop(); a throwaway one is deleted by it.
  const database = await startEmbeddedPostgres({ dataDir: path.join(runDir, "pgdata"), database: "bench_search", persistent: keptDir !== null });
  let server: ChildProcess | undefined;
  const db = createDb(database.url);
  try {
    await withSchemaEngine(database.url, (engine) => applyMigrations(engine));
    const already = await db.catalogueItem.count({ where: { kind: "SOLUTION" } });
    if (keptDir && already >= scale) {
      log(`Reusing the ${already} solutions seeded in ${runDir}.`);
    } else {
      if (already > 0) throw new Error(`${runDir} holds ${already} solutions, fewer than ${scale}: delete it to seed afresh.`);
      const seedStarted = Date.now();
      await seedDatabase(db, { today: new Date(), scale, log: () => {} });
      const solutions = await db.catalogueItem.count({ where: { kind: "SOLUTION" } });
      log(`Seeded ${solutions} solutions in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`);
    }

    setDb(db);
    const indexStarted = Date.now();
    const { documents } = await rebuildSearchIndex(db, { log: () => {} });
    const indexMs = Date.now() - indexStarted;
    log(`Indexed ${documents} searchable solutions in ${(indexMs / 1000).toFixed(1)} s.`);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: database.url,
        AUTO_MIGRATE: "true",
        SEED_DEMO: "false",
        RUN_JOBS_IN_PROCESS: "false",
        MEILISEARCH_URL: "",
        SESSION_SECRET: "bench-session-secret-that-is-at-least-32-characters",
        APP_URL: "https://buying-catalogue.bench.invalid",
        // autocannon is one network sending thousands of requests a second: the open API's
        // per-network limit stays on (its cost is measured) but is set far above that.
        RATE_LIMIT_API_PER_MINUTE: "10000000",
        DATA_DIR: runDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForHealth(baseUrl, server);

    const keywordAndFacets = "/api/v1/solutions?q=prescribing&capability=C14&framework=NHSDGP001";
    const rotating = [
      "q=video+consultation&framework=TIF001",
      "q=appointments&capability=C5",
      "q=gp+connect&hosting=PUBLIC_CLOUD",
      "q=reporting&capability=C16&framework=NHSDGP001",
      "q=prescibing&capability=C14",
      "q=online&capability=C43",
      "q=records&integration=IM1",
      "capability=C5&capability=C11&capability=C12&capability=C13&capability=C14&capability=C15",
    ].flatMap((query) => [1, 2, 3].map((page) => `/api/v1/solutions?${query}&page=${page}`));
    const words = ["prescribing", "appointments", "video consultation", "records", "online", "reporting", "gp connect", "vaccination", "pharmacy", "referral"];
    const uncached = words.flatMap((word) =>
      ["relevance", "name", "price"].flatMap((sort) =>
        [10, 20, 50].flatMap((perPage) => Array.from({ length: 20 }, (_, i) => `/api/v1/solutions?q=${encodeURIComponent(word)}&sort=${sort}&perPage=${perPage}&page=${i + 1}`)),
      ),
    );
    const targets: Record<string, { paths: string[]; random?: boolean }> = {
      searchApi: { paths: [keywordAndFacets] },
      searchApiVaried: { paths: rotating },
      searchApiUncached: { paths: uncached, random: true },
      cataloguePage: { paths: ["/solutions"] },
      staticPage: { paths: ["/cookies"] },
      baseline: { paths: ["/resources/bench-baseline"] },
    };

    // Warm up: lexicon, prepared plans, JIT (not the uncached searches: they would be cached).
    for (const target of Object.values(targets)) if (!target.random) await measure(baseUrl, target.paths, 2);
    await measure(baseUrl, uncached.slice(0, 20), 2, { random: true });

    const loadBefore = os.loadavg();
    const figures: Record<string, Measured & { ratioToBaseline?: number }> = {};
    for (const [name, target] of Object.entries(targets)) {
      figures[name] = await measure(baseUrl, target.paths, seconds, { random: target.random });
      log(`${name}: ${figures[name].requestsPerSecond} req/s, p50 ${figures[name].p50} ms, p95 ${figures[name].p95} ms, p99 ${figures[name].p99} ms`);
    }
    const loadAfter = os.loadavg();
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    for (const name of Object.keys(figures)) figures[name].ratioToBaseline = ratio(figures[name].requestsPerSecond, figures.baseline.requestsPerSecond);
    const cataloguePageToStaticPage = ratio(figures.cataloguePage.requestsPerSecond, figures.staticPage.requestsPerSecond);
    log(`load average (1, 5, 15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(", ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(", ")}`);
    const result = {
      scale,
      searchableSolutions: documents,
      indexBuildMs: indexMs,
      connections: CONNECTIONS,
      secondsPerTarget: seconds,
      engine: "postgres",
      loadAverage: { before: loadBefore, after: loadAfter },
      paths: {
        searchApi: keywordAndFacets,
        searchApiVaried: `${rotating.length} searches in rotation`,
        searchApiUncached: `${uncached.length} searches picked at random`,
        cataloguePage: "/solutions",
        staticPage: "/cookies",
        baseline: "/resources/bench-baseline",
      },
      ...figures,
      cataloguePageToStaticPage,
      targets: {
        searchApiP95Under50ms: figures.searchApi.p95 < 50,
        cataloguePageAtLeastAThirdOfBaseline: figures.cataloguePage.requestsPerSecond >= figures.baseline.requestsPerSecond / 3,
        cataloguePageAtLeastAThirdOfStaticPage: cataloguePageToStaticPage >= 1 / 3,
      },
    };
    record("search", result);
    return result;
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server!.once("exit", resolve));
    }
    setDb(undefined);
    await db.$disconnect();
    await database.stop();
    if (!keptDir) rmSync(runDir, { recursive: true, force: true });
  }
}
