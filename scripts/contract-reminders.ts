import { parseArgs } from "node:util";
import { runContractReminders } from "../app/modules/contracts/reminders.server";
import { parseDateOnly } from "../app/modules/dates";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/utils/database.server";
import { createDb } from "../app/utils/db.server";

const help = `Runs the daily contract job now: contract statuses from their dates (Active,
Expiring, Expired) and the expiry reminder emails that are due (90 and 45 days before the end,
30 and 14 for contracts under 3 months), each once. The emails are queued in the outbox for
the job worker to send.

Usage:
  npm run jobs:contract-reminders [-- --today YYYY-MM-DD]

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset.`;

const log = (message: string) => console.log(`[contract-reminders] ${message}`);

async function main() {
  const { values } = parseArgs({ options: { help: { type: "boolean", default: false }, today: { type: "string" } } });
  if (values.help) return console.log(help);
  const today = values.today === undefined ? undefined : parseDateOnly(values.today);
  if (today === null) throw new Error(`--today must be a date like 2026-04-01, not "${values.today}"`);
  const databaseUrl = await ensureDatabaseUrl(log);
  const db = createDb(databaseUrl);
  try {
    const summary = await runContractReminders(db, { today });
    log(`${summary.today}: ${summary.statusesChanged} statuses changed, ${summary.remindersQueued} reminders queued.`);
  } finally {
    await db.$disconnect();
    await stopEmbeddedDatabase();
  }
}

main().catch(async (error) => {
  console.error(error);
  await stopEmbeddedDatabase().catch(() => {});
  process.exit(1);
});
