import path from "node:path";
import pg from "pg";

/**
 * Shared by global-setup.ts (which runs in vitest's main process and must not import
 * "vitest") and database.ts (inside the test processes). The two talk through files in
 * the run's temporary folder: test processes cannot call back into the main process.
 */

/** Written by global-setup.ts once the template is ready (or could not be made). */
export type TestDatabaseStatus =
  | { state: "ready"; adminUrl: string; templateDatabase: string }
  | { state: "failed"; error: string };

export const testDatabaseFiles = (runDir: string) => ({
  /** Created by the first test file that needs a database: start the server. */
  request: path.join(runDir, "requested"),
  /** A TestDatabaseStatus as JSON. */
  status: path.join(runDir, "status.json"),
});

export function urlForDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function runAdminSql(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
