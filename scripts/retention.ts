import { describeRetention, pruneRetainedData, retentionPeriods } from "../app/modules/retention/retention.server";
import { runCommand } from "./lib/command";

const help = `Runs the daily retention job now: removes delivered outbox messages, sign-in attempts,
ended sessions and spent rate-limit counters older than their retention periods
(RETENTION_OUTBOX_DAYS, default 30; RETENTION_LOGIN_ATTEMPTS_DAYS, default 90;
RETENTION_SESSIONS_DAYS, default 30), and says how many of each it removed.

Usage:
  npm run jobs:retention

Uses DATABASE_URL, or the embedded PostgreSQL in .data/ when it is unset.`;

runCommand({
  help,
  prefix: "retention",
  async run({ db, log }) {
    const periods = retentionPeriods();
    log(describeRetention(await pruneRetainedData(db, { periods }), periods));
  },
});
