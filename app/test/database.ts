import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, setDb, type Db } from "~/utils/db.server";
import { runAdminSql, testDatabaseFiles, urlForDatabase, type TestDatabaseStatus } from "./postgres-admin";

/**
 * Integration tests run against real PostgreSQL (DESIGN.md §6). global-setup.ts starts one
 * throwaway server per test run, when the first file needs it, and migrates a template
 * database; each test file that calls `useTestDatabase()` gets its own copy of that
 * template, so files never see each other's rows and can run in parallel.
 *
 *   const database = useTestDatabase();
 *   it("…", async () => { await database.db.outboxMessage.count(); });
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder for global-setup.ts and this file to talk through (see postgres-admin.ts). */
    testDatabaseRunDir: string;
  }
}

/** Below vitest's hookTimeout, so a server that never comes up fails with this message. */
const READY_TIMEOUT_MS = 110_000;

export type TestDatabase = {
  /** A Prisma client for this file's database; also installed as the app's `db()`. */
  readonly db: Db;
  readonly url: string;
};

export function useTestDatabase(): TestDatabase {
  let current: { db: Db; url: string; name: string; adminUrl: string } | undefined;

  beforeAll(async () => {
    const { adminUrl, templateDatabase } = await templateReady();
    const name = `t_${randomBytes(8).toString("hex")}`;
    await runAdminSql(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${templateDatabase}"`);
    const url = urlForDatabase(adminUrl, name);
    const db = createDb(url);
    setDb(db);
    current = { db, url, name, adminUrl };
  });

  afterAll(async () => {
    if (!current) return;
    const { db, name, adminUrl } = current;
    current = undefined;
    setDb(undefined);
    await db.$disconnect();
    // FORCE: a test may leave other connections open (a second client, pg-boss).
    await runAdminSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  const opened = () => {
    if (!current) throw new Error("The test database is opened in beforeAll: use it inside hooks and tests.");
    return current;
  };
  return {
    get db() {
      return opened().db;
    },
    get url() {
      return opened().url;
    },
  };
}

/** Asks global-setup.ts for the server (the first file to ask starts it) and waits until it is ready. */
async function templateReady(): Promise<Extract<TestDatabaseStatus, { state: "ready" }>> {
  const runDir = inject("testDatabaseRunDir");
  if (!runDir) throw new Error("No test database: run the tests with vitest.config.ts (its globalSetup starts PostgreSQL).");
  const files = testDatabaseFiles(runDir);
  writeFileSync(files.request, "");
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(files.status)) {
      const status = JSON.parse(readFileSync(files.status, "utf8")) as TestDatabaseStatus;
      if (status.state === "failed") throw new Error(`The test database could not be prepared:\n${status.error}`);
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The test database was not ready after ${READY_TIMEOUT_MS / 1000} s.`);
}
