import { runContractReminders } from "../app/modules/contracts/reminders.server";
import { parseDateOnly } from "../app/modules/dates";
import { runCommand, usageError } from "./lib/command";

const help = `Runs the daily contract job now: contract statuses from their dates (Active,
Expiring, Expired) and the expiry reminder emails that are due (90 and 45 days before the end,
30 and 14 for contracts under 3 months), each once. The emails are queued in the outbox for
the job worker to send.

Usage:
  npm run jobs:contract-reminders [-- --today YYYY-MM-DD]

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset.`;

runCommand({
  help,
  prefix: "contract-reminders",
  options: { today: { type: "string" } },
  async run({ values, db, log }) {
    const today = values.today === undefined ? undefined : parseDateOnly(values.today);
    if (today === null) return usageError(`--today must be a date like 2026-04-01, not "${values.today}"`);
    const summary = await runContractReminders(db, { today });
    log(`${summary.today}: ${summary.statusesChanged} statuses changed, ${summary.remindersQueued} reminders queued.`);
  },
});
