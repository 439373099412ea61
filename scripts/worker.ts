import { parseArgs } from "node:util";
import { startJobs } from "../app/services/jobs/jobs.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/utils/database.server";
import { createDb } from "../app/utils/db.server";

const help = `The job worker on its own (DESIGN.md §3): drains the outbox (emails, search updates,
payment calls) and runs the daily pg-boss jobs (assurance scan, contract reminders).

Usage:
  npm run worker

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset; the database must
be migrated (npm run db:deploy). Run as many workers as needed: each outbox message and each
scheduled job is handled once. When workers run separately, set RUN_JOBS_IN_PROCESS=false
on the app. SIGINT or SIGTERM stops it after the work in hand.`;

const log = (message: string) => console.log(`[worker] ${message}`);

async function main() {
  const { values } = parseArgs({ options: { help: { type: "boolean", default: false } } });
  if (values.help) return console.log(help);

  const databaseUrl = await ensureDatabaseUrl(log);
  const db = createDb(databaseUrl);
  const jobs = await startJobs({ databaseUrl, db, log });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    await jobs.stop().catch((error) => log(`Stopping jobs failed: ${String(error)}`));
    await db.$disconnect();
    await stopEmbeddedDatabase();
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
