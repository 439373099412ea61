import PgBoss from "pg-boss";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import type { Db } from "~/utils/db.server";

/**
 * Background work (DESIGN.md §3): pg-boss runs the daily jobs, and the outbox drainer
 * delivers what requests enqueued. Runs inside the app (RUN_JOBS_IN_PROCESS) or on its own
 * (`npm run worker`), in as many processes as needed: pg-boss sends each scheduled job once
 * across all of them, and the outbox locks each message while one of them handles it.
 */

export const JOB_ASSURANCE_SCAN = "assurance-scan";
export const JOB_CONTRACT_REMINDERS = "contract-reminders";
export const JOB_RETENTION = "retention";
export const JOB_SWITCH_TASKS_OVERDUE = "switch-tasks-overdue";

/** 06:00 UK time, GMT or BST, so the day's lapses and reminders are ready before staff start. */
const DAILY_SCHEDULES: Record<string, string> = {
  [JOB_ASSURANCE_SCAN]: "0 6 * * *",
  [JOB_CONTRACT_REMINDERS]: "0 6 * * *",
  [JOB_SWITCH_TASKS_OVERDUE]: "0 6 * * *",
  // In the quiet of the night: deletes are batched, but there is no need to share the morning.
  [JOB_RETENTION]: "15 3 * * *",
};
const SCHEDULE_TIME_ZONE = "Europe/London";

/** A daily job missed by a database blip at 06:00 is retried that morning (5, 10, 20 min). */
const JOB_QUEUE_OPTIONS = { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 60 * 60 };

const OUTBOX_BATCH_SIZE = 20;
const OUTBOX_IDLE_POLL_MS = 500;
/** After a failed drain (database unreachable), wait longer instead of logging twice a second. */
const OUTBOX_ERROR_PAUSE_MS = 5_000;

export type JobLog = (message: string) => void;
export type ScheduledJobHandler = (ctx: { db: Db; log: JobLog }) => Promise<void>;

const jobHandlers = new Map<string, ScheduledJobHandler>();

/**
 * The work behind a job name. The daily names above are scheduled whether or not a handler
 * is registered (without one the job logs and completes); any other registered name gets a
 * queue and can be started with `boss.send(name)`.
 */
export function registerScheduledJob(name: string, handler: ScheduledJobHandler): void {
  if (jobHandlers.has(name)) throw new Error(`A handler for job "${name}" is already registered.`);
  jobHandlers.set(name, handler);
}

const health: { running: boolean; lastDrainAt: Date | null } = { running: false, lastDrainAt: null };

/** For /healthz: whether this process runs jobs, and when it last finished an outbox drain. */
export function jobsHealth(): { running: boolean; lastDrainAt: Date | null } {
  return { ...health };
}

export type RunningJobs = { boss: PgBoss; stop: () => Promise<void> };

export async function startJobs({ databaseUrl, db, log }: { databaseUrl: string; db: Db; log: JobLog }): Promise<RunningJobs> {
  if (health.running) throw new Error("Jobs are already running in this process.");
  health.running = true;
  try {
    // Loaded now, not imported at the top: feature modules import this file to register their
    // jobs, and handlers.server imports them, so a static import would be a cycle.
    await import("./handlers.server");
    const boss = await startBoss(databaseUrl, db, log);
    const drainer = startOutboxDrainer(db, log);
    log("Jobs started: outbox drainer and pg-boss workers.");
    return {
      boss,
      async stop() {
        await drainer.stop();
        await boss.stop({ graceful: true });
        health.running = false;
      },
    };
  } catch (error) {
    health.running = false;
    throw error;
  }
}

async function startBoss(databaseUrl: string, db: Db, log: JobLog): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss" });
  // Without a listener an "error" event would throw and end the process; a database blip
  // is logged instead and pg-boss keeps retrying.
  boss.on("error", (error) => log(`pg-boss: ${error.message}`));
  await boss.start();
  try {
    for (const name of new Set([...Object.keys(DAILY_SCHEDULES), ...jobHandlers.keys()])) {
      await boss.createQueue(name, { name, ...JOB_QUEUE_OPTIONS });
      await boss.work(name, async (jobs) => {
        for (const job of jobs) await runJob(job.name, db, log);
      });
    }
    for (const [name, cron] of Object.entries(DAILY_SCHEDULES)) {
      await boss.schedule(name, cron, {}, { tz: SCHEDULE_TIME_ZONE });
    }
    return boss;
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
}

async function runJob(name: string, db: Db, log: JobLog) {
  const handler = jobHandlers.get(name);
  if (!handler) {
    log(`Job ${name}: no handler is registered yet, nothing to do.`);
    return;
  }
  const started = Date.now();
  await handler({ db, log });
  log(`Job ${name} finished in ${Date.now() - started} ms.`);
}

/**
 * Drains the outbox until stopped: again at once after a full batch (there is a backlog),
 * otherwise after a short pause. `stop()` lets the batch in hand finish.
 */
function startOutboxDrainer(db: Db, log: JobLog) {
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopping) {
      let pauseMs = OUTBOX_IDLE_POLL_MS;
      try {
        const { done, failed, dead } = await drainOutbox(db, { batchSize: OUTBOX_BATCH_SIZE });
        health.lastDrainAt = new Date();
        if (failed || dead) log(`Outbox: ${failed} message(s) will be retried, ${dead} gave up (DEAD); see outbox_messages.last_error.`);
        if (done + failed + dead === OUTBOX_BATCH_SIZE) pauseMs = 0;
      } catch (error) {
        log(`Outbox drain failed: ${error instanceof Error ? error.message : String(error)}`);
        pauseMs = OUTBOX_ERROR_PAUSE_MS;
      }
      if (pauseMs > 0 && !stopping) await pause(pauseMs);
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
