import { startJobs } from "../app/services/jobs/jobs.server";
import { runCommand } from "./lib/command";

const help = `The job worker on its own (DESIGN.md §3): drains the outbox (emails, search updates,
payment calls) and runs the daily pg-boss jobs (assurance scan, contract reminders).

Usage:
  npm run worker

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset; the database must
be migrated (npm run db:deploy). Run as many workers as needed: each outbox message and each
scheduled job is handled once. When workers run separately, set RUN_JOBS_IN_PROCESS=false
on the app. SIGINT or SIGTERM stops it after the work in hand.`;

runCommand({
  help,
  prefix: "worker",
  async run({ databaseUrl, db, log }) {
    const jobs = await startJobs({ databaseUrl, db, log });
    return { keepRunning: true, stop: () => jobs.stop() };
  },
});
