/**
 * Benchmark: the daily assurance scan over a large catalogue (DESIGN.md §6). Starts its own
 * throwaway embedded PostgreSQL, seeds 10,000 solutions (about 100,000 contracts and 114,000
 * assurance records) with `seedDatabase`, then runs the scan on a day far enough ahead that
 * many assurances move (expiring, lapsed, remediation failed) and many contracts are flagged.
 * Records the time, the rows changed and the SQL statements issued, run against a small
 * catalogue as well to show the statement count does not grow with the data.
 *
 *   BENCH_ASSURANCE_SCALE=500 npm run bench   (a quick run; default 10000)
 */
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runAssuranceScan, type AssuranceScanSummary } from "../../app/modules/assurance/scan.server";
import { addDays, londonToday } from "../../app/modules/dates";
import { startEmbeddedPostgres } from "../../app/utils/embedded-postgres.server";
import { createDb } from "../../app/utils/db.server";
import { applyMigrations, withSchemaEngine } from "../lib/schema-engine";
import { seedDatabase } from "../../seed/index";
import { urlForDatabase, runAdminSql } from "../../app/test/postgres-admin";

type BenchContext = { log: (message: string) => void; record: (name: string, value: unknown) => void };

async function scanAtScale(adminUrl: string, scale: number, log: BenchContext["log"]) {
  const name = `bench_scan_${scale}`;
  await runAdminSql(adminUrl, `CREATE DATABASE "${name}"`);
  const url = urlForDatabase(adminUrl, name);
  await withSchemaEngine(url, (engine) => applyMigrations(engine));
  const db = createDb(url);
  try {
    const today = londonToday();
    const seedStarted = Date.now();
    await seedDatabase(db, { today: new Date(`${today}T00:00:00Z`), scale, log });
    const [records, contracts] = await Promise.all([db.assuranceRecord.count(), db.contract.count()]);
    log(`Seeded scale ${scale}: ${records} assurance records, ${contracts} contracts in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`);
    // 45 days on: expiring ones lapse, assured ones enter their window, remediation deadlines pass.
    const scanDay = addDays(today, 45);
    const started = performance.now();
    const summary = await runAssuranceScan(db, { today: scanDay });
    const ms = performance.now() - started;
    // A second run the same day must change and send nothing.
    const again = await runAssuranceScan(db, { today: scanDay });
    return { records, contracts, ms, summary, again };
  } finally {
    await db.$disconnect();
  }
}

const rowsChanged = (s: AssuranceScanSummary) =>
  s.toExpiring + s.toLapsed + s.toAssured + s.expiryNotices + s.suspendedListings + s.flaggedContracts;

export default async function assuranceScanBench({ log, record }: BenchContext) {
  const scale = Number(process.env.BENCH_ASSURANCE_SCALE ?? 10_000);
  const runDir = mkdtempSync(path.join(os.tmpdir(), "bench-scan-"));
  chmodSync(runDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(runDir, "pgdata"), database: "postgres", persistent: false });
  try {
    const adminUrl = urlForDatabase(server.url, "postgres");
    const small = await scanAtScale(adminUrl, Math.max(50, Math.round(scale / 100)), log);
    const large = await scanAtScale(adminUrl, scale, log);
    const result = {
      scale,
      assuranceRecords: large.records,
      contracts: large.contracts,
      scanMs: Math.round(large.ms),
      rowsChanged: rowsChanged(large.summary),
      summary: large.summary,
      statements: large.summary.statements,
      statementsAtSmallScale: small.summary.statements,
      secondRunEmails: large.again.emailsQueued,
      secondRunRowsChanged: rowsChanged(large.again),
    };
    log(
      `Assurance scan over ${large.records} assurance records and ${large.contracts} contracts: ${result.scanMs} ms, ` +
        `${result.rowsChanged} rows changed, ${large.summary.emailsQueued} emails, ${result.statements} SQL statements ` +
        `(${result.statementsAtSmallScale} at scale ${Math.max(50, Math.round(scale / 100))}); a second run changed ${result.secondRunRowsChanged} and sent ${result.secondRunEmails}.`,
    );
    record("assuranceScan", result);
    return result;
  } finally {
    await server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

// Run on its own: node --import tsx scripts/bench/assurance-scan.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  assuranceScanBench({ log: console.log, record: (name, value) => console.log(JSON.stringify({ [name]: value }, null, 2)) }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
