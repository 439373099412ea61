import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One throwaway app + embedded database per test run. The config file is evaluated again in
 * every worker, so the values go into the environment once and are inherited from there.
 */
process.env.E2E_PORT ??= String(3100 + (process.pid % 500));
process.env.E2E_PG_PORT ??= String(5600 + (process.pid % 300));
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "catalogue-e2e-"));
  // Run as root, PostgreSQL runs as the postgres user, who must be able to enter this folder.
  chmodSync(process.env.E2E_DATA_DIR, 0o755);
}
process.env.E2E_SESSION_SECRET ??= "e2e-session-secret-that-is-at-least-32-characters";

export const e2e = {
  port: Number(process.env.E2E_PORT),
  pgPort: Number(process.env.E2E_PG_PORT),
  dataDir: process.env.E2E_DATA_DIR,
  sessionSecret: process.env.E2E_SESSION_SECRET,
  baseURL: `http://localhost:${process.env.E2E_PORT}`,
  databaseUrl: `postgresql://postgres:catalogue-local@127.0.0.1:${process.env.E2E_PG_PORT}/buying_catalogue`,
};
