import { describeScan } from "../app/modules/assurance/scan-job.server";
import { runAssuranceScan } from "../app/modules/assurance/scan.server";
import { londonToday, parseDateOnly } from "../app/modules/dates";
import { runCommand, usageError } from "./lib/command";

const help = `Runs the daily assurance scan now (the job the worker runs at 06:00 London time):
recomputes assurance states from expiry dates, queues the 60/30/7-day expiry notices and the
lapse notices (each once), suspends listings whose remediation deadline passed, flags their
live contracts for termination and queues search updates. Safe to run again: nothing is sent twice.

Usage:
  npm run jobs:assurance-scan [-- --date YYYY-MM-DD]

  --date   the day to scan as (default: today in Europe/London), e.g. to replay a missed day

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset. The emails and
search updates are delivered by the job worker (the app, or npm run worker).`;

runCommand({
  help,
  options: { date: { type: "string" } },
  async run({ values, db, log }) {
    const today = values.date === undefined ? londonToday() : parseDateOnly(values.date);
    if (today === null) return usageError(`--date must be a calendar date as YYYY-MM-DD, got "${values.date}".`);
    log(describeScan(await runAssuranceScan(db, { today })));
  },
});
