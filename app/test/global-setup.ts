import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../utils/embedded-postgres.server";
import { applyMigrations, withSchemaEngine } from "../../scripts/lib/schema-engine";
import { runAdminSql, testDatabaseFiles, urlForDatabase, type TestDatabaseStatus } from "./postgres-admin";

const TEMPLATE_DATABASE = "catalogue_template";
const REQUEST_POLL_MS = 50;

/**
 * One throwaway PostgreSQL for the whole run, with every migration applied to a template
 * database that test files copy (app/test/database.ts). It starts only when the first test
 * file asks for a database, so a run of pure unit tests never waits for a server and its
 * migrations.
 */
export default function setup(project: TestProject) {
  const runDir = mkdtempSync(path.join(os.tmpdir(), "catalogue-test-"));
  // When tests run as root, PostgreSQL runs as the postgres user and must reach its data folder.
  chmodSync(runDir, 0o755);
  const files = testDatabaseFiles(runDir);
  // Written whole, then renamed into place, so a test process never reads half of it.
  const writeStatus = (status: TestDatabaseStatus) => {
    writeFileSync(`${files.status}.tmp`, JSON.stringify(status));
    renameSync(`${files.status}.tmp`, files.status);
  };

  let finished = false;
  let server: EmbeddedDatabase | undefined;
  const serving = (async () => {
    while (!existsSync(files.request)) {
      if (finished) return;
      await new Promise((resolve) => setTimeout(resolve, REQUEST_POLL_MS));
    }
    try {
      server = await startEmbeddedPostgres({ dataDir: path.join(runDir, "pgdata"), database: TEMPLATE_DATABASE, persistent: false });
      await withSchemaEngine(server.url, (engine) => applyMigrations(engine));
      const adminUrl = urlForDatabase(server.url, "postgres");
      await sealTemplate(adminUrl);
      writeStatus({ state: "ready", adminUrl, templateDatabase: TEMPLATE_DATABASE });
    } catch (error) {
      writeStatus({ state: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();

  project.provide("testDatabaseRunDir", runDir);

  return async () => {
    finished = true;
    await serving;
    await server?.stop();
    rmSync(runDir, { recursive: true, force: true });
  };
}

/**
 * CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, and the
 * migration tool's pool keeps idle connections for a while: refuse new connections, then
 * close the ones left.
 */
async function sealTemplate(adminUrl: string) {
  await runAdminSql(adminUrl, `ALTER DATABASE "${TEMPLATE_DATABASE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  await runAdminSql(
    adminUrl,
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${TEMPLATE_DATABASE}' AND pid <> pg_backend_pid()`,
  );
}
