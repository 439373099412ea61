import cluster, { type Worker } from "node:cluster";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { compressedResponses, precompressedAssets } from "./app/utils/compression.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "./app/utils/database.server";
import { db } from "./app/utils/db.server";
import { env } from "./app/utils/env.server";
import { shouldReplaceWorker, webProcessCount } from "./app/utils/web-workers";
import { privateWhenSignedIn, requestHygiene } from "./app/utils/request-hygiene.server";
import { newNonce, securityHeaders } from "./app/utils/security-headers.server";
import { rateLimits } from "./app/modules/rate-limits/middleware.server";
import { applyMigrations, pendingMigrations, withSchemaEngine } from "./scripts/lib/schema-engine";

/**
 * The app process: database (embedded unless DATABASE_URL is set), migrations, optional
 * demo data, the in-process job worker, and the Remix request handler behind security
 * headers. Several of these can run behind a load balancer: nothing here is per-machine
 * state except the embedded database, which production replaces with DATABASE_URL.
 * With WEB_CONCURRENCY above 1 this process does the set-up and runs the jobs, and that many
 * forked web processes serve requests on the one port (app/utils/web-workers.ts).
 */
const root = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => console.log(`[catalogue] ${message}`);

async function main() {
  const config = env();
  // A forked web process: the primary has already migrated, seeded and indexed.
  if (cluster.isWorker) return serve(config, { shutdownExtras: [] });
  const databaseUrl = await ensureDatabaseUrl(log);
  // Production applies migrations as a release step (`npm run db:deploy`), not on every boot.
  if (config.AUTO_MIGRATE) {
    const applied = await withSchemaEngine(databaseUrl, applyMigrations);
    log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
  } else {
    const pending = await pendingMigrations(databaseUrl);
    if (pending.length) throw new Error(`The database is missing migrations (${pending.join(", ")}): run \`npm run db:deploy\` first, or set AUTO_MIGRATE=true.`);
  }
  if (config.SEED_DEMO) {
    const { seedDatabase } = await import("./seed/index");
    await seedDatabase(db(), { today: new Date(), log });
  }
  await (await import("./app/services/search/index.server")).ensureSearchIndex(db(), log);
  let jobs: { stop: () => Promise<void> } | undefined;
  if (config.RUN_JOBS_IN_PROCESS === "true") {
    const { startJobs } = await import("./app/services/jobs/jobs.server");
    jobs = await startJobs({ databaseUrl, db: db(), log });
  }
  const stopJobs = async () => {
    await jobs?.stop().catch(() => {});
  };
  const processes = webProcessCount(config.WEB_CONCURRENCY, os.availableParallelism());
  if (processes === 1) return serve(config, { shutdownExtras: [stopJobs, stopEmbeddedDatabase] });
  superviseWebProcesses(processes, databaseUrl, [stopJobs, stopEmbeddedDatabase]);
}

/**
 * The primary of several web processes: forks them (they inherit this process's Node options,
 * tsx included, and are given the database it started), replaces one that dies unless they keep
 * dying, and on SIGINT/SIGTERM stops them before the jobs and the embedded database.
 */
function superviseWebProcesses(count: number, databaseUrl: string, shutdownExtras: (() => Promise<void>)[]) {
  let stopping = false;
  const exits: number[] = [];
  const fork = () => cluster.fork({ DATABASE_URL: databaseUrl });
  for (let i = 0; i < count; i++) fork();
  log(`Serving with ${count} web processes.`);
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    exits.push(Date.now());
    log(`Web process ${worker.process.pid} exited (${signal ?? `code ${code}`}).`);
    if (shouldReplaceWorker(exits, Date.now())) {
      fork();
    } else {
      console.error("[catalogue] Web processes keep exiting: stopping.");
      void shutdown(1);
    }
  });
  const shutdown = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once("exit", () => resolve());
            worker.process.kill("SIGTERM");
          }),
      ),
    );
    for (const extra of shutdownExtras) await extra().catch(() => {});
    await db().$disconnect().catch(() => {});
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

/** One web process: the middleware and Remix on PORT, until SIGINT/SIGTERM. */
async function serve(config: ReturnType<typeof env>, { shutdownExtras }: { shutdownExtras: (() => Promise<void>)[] }) {
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  const hsts = config.NODE_ENV === "production" && config.SECURE_COOKIES !== "false";
  // The "Sign in with NHS CIS2" form posts here and is redirected to CIS2, which form-action must allow.
  const formActions = config.CIS2_ISSUER ? [new URL(config.CIS2_ISSUER).origin] : [];
  app.use((req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, { hsts, formActions }));
    // Overwrites whatever the client sent: rate limiting trusts only this value.
    req.headers["x-catalogue-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  // Hostile requests get a 4xx here, before any route (app/utils/request-hygiene.server.ts).
  app.use(requestHygiene({ trustProxy: config.TRUST_PROXY !== false }));
  app.use(privateWhenSignedIn());
  // Shared with every other instance through PostgreSQL (app/modules/rate-limits).
  app.use(rateLimits(db));
  app.use(compressedResponses());
  app.use("/build", precompressedAssets(path.join(root, "public/build")));
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // The other files in public/ (the favicon), by their first path segment: serving all of public/
  // asked the disk about every request, a stat for each search (2 % of its CPU).
  const publicEntries = new Set(readdirSync(path.join(root, "public")).filter((name) => name !== "build").map((name) => `/${name}`));
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (publicEntries.has(`/${req.path.split("/")[1]}`) ? publicFiles(req, res, next) : next()));
  app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }));

  const server = app.listen(config.PORT, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) log(`Buying Catalogue on http://localhost:${config.PORT}`);
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    server.close();
    for (const extra of shutdownExtras) await extra().catch(() => {});
    await db().$disconnect().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch(async (error) => {
  console.error(error);
  await stopEmbeddedDatabase().catch(() => {});
  process.exit(1);
});
