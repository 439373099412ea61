import { pruneRateLimitCounters } from "~/modules/rate-limits/rate-limits.server";
import { JOB_RETENTION, registerScheduledJob } from "~/services/jobs/jobs.server";
import type { Db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

/**
 * What the catalogue keeps only for a while (the daily retention job): outbox messages once
 * delivered (DONE; DEAD ones wait for a person), sign-in attempts, sessions once ended, and
 * rate-limit counters once both their windows are over, second-factor challenges once expired
 * (they only ever stand for a few minutes between a password and a code), and
 * forgotten-password links once expired or used for as long as sessions (the audit log keeps
 * the reset itself). Periods come from the environment
 * (RETENTION_OUTBOX_DAYS, RETENTION_LOGIN_ATTEMPTS_DAYS, RETENTION_SESSIONS_DAYS). Emails
 * in the mailbox are kept: deleting their outbox message only unlinks them.
 *
 * Deletes go in batches, so a first run over years of rows never holds long locks.
 */
export type RetentionPeriods = { outboxDays: number; loginAttemptsDays: number; sessionsDays: number };
export type RetentionSummary = {
  outboxMessages: number;
  loginAttempts: number;
  sessions: number;
  rateLimitCounters: number;
  signInChallenges: number;
  passwordResets: number;
};

const BATCH = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionPeriods(): RetentionPeriods {
  const config = env();
  return { outboxDays: config.RETENTION_OUTBOX_DAYS, loginAttemptsDays: config.RETENTION_LOGIN_ATTEMPTS_DAYS, sessionsDays: config.RETENTION_SESSIONS_DAYS };
}

/** Runs `deleteBatch` until it deletes fewer than a batch; returns the total. */
async function inBatches(deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

export async function pruneRetainedData(db: Db, { now = new Date(), periods = retentionPeriods() }: { now?: Date; periods?: RetentionPeriods } = {}): Promise<RetentionSummary> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const outboxCutoff = before(periods.outboxDays);
  const attemptsCutoff = before(periods.loginAttemptsDays);
  const sessionsCutoff = before(periods.sessionsDays);
  return {
    outboxMessages: await inBatches(
      () => db.$executeRaw`DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'DONE' AND processed_at < ${outboxCutoff} LIMIT ${BATCH})`,
    ),
    loginAttempts: await inBatches(
      () => db.$executeRaw`DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE attempted_at < ${attemptsCutoff} LIMIT ${BATCH})`,
    ),
    sessions: await inBatches(() => db.$executeRaw`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < ${sessionsCutoff} LIMIT ${BATCH})`),
    rateLimitCounters: await pruneRateLimitCounters(db, now),
    signInChallenges: await inBatches(
      () => db.$executeRaw`DELETE FROM sign_in_challenges WHERE id IN (SELECT id FROM sign_in_challenges WHERE expires_at < ${now} LIMIT ${BATCH})`,
    ),
    // A link is spent once used or expired; kept as long as ended sessions, for the same questions.
    passwordResets: await inBatches(
      () =>
        db.$executeRaw`DELETE FROM password_resets WHERE id IN (SELECT id FROM password_resets WHERE COALESCE(used_at, expires_at) < ${sessionsCutoff} LIMIT ${BATCH})`,
    ),
  };
}

export function describeRetention(summary: RetentionSummary, periods: RetentionPeriods): string {
  return (
    `Retention: removed ${summary.outboxMessages} delivered outbox messages (older than ${periods.outboxDays} days), ` +
    `${summary.loginAttempts} sign-in attempts (older than ${periods.loginAttemptsDays} days), ` +
    `${summary.sessions} sessions (ended more than ${periods.sessionsDays} days ago), ${summary.rateLimitCounters} spent rate-limit counters, ` +
    `${summary.signInChallenges} expired two-factor challenges and ${summary.passwordResets} forgotten-password links (spent more than ${periods.sessionsDays} days ago).`
  );
}

// Daily at 03:15 London time (jobs.server.ts), and on demand with `npm run jobs:retention`.
registerScheduledJob(JOB_RETENTION, async ({ db, log }) => {
  const periods = retentionPeriods();
  log(describeRetention(await pruneRetainedData(db, { periods }), periods));
});
