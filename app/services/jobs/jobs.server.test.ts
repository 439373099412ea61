import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue, registerOutboxHandler } from "~/modules/outbox/outbox.server";
import { useTestDatabase } from "~/test/database";
import { JOB_ASSURANCE_SCAN, JOB_CONTRACT_REMINDERS, jobsHealth, registerScheduledJob, startJobs, type RunningJobs } from "./jobs.server";

const database = useTestDatabase();

const SMOKE_JOB = "test-smoke";
let smokeRuns = 0;
registerScheduledJob(SMOKE_JOB, async ({ db }) => {
  await db.$queryRaw`SELECT 1`;
  smokeRuns++;
});

const handled: bigint[] = [];
registerOutboxHandler("test.jobs", async (message) => {
  handled.push(message.id);
});

const logs: string[] = [];
let jobs: RunningJobs | undefined;

beforeAll(async () => {
  jobs = await startJobs({ databaseUrl: database.url, db: database.db, log: (message) => logs.push(message) });
});
afterAll(async () => {
  await jobs?.stop();
});

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out; log:\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("startJobs", () => {
  it("schedules the daily jobs at 06:00 UK time", async () => {
    const schedules = await jobs!.boss.getSchedules();
    for (const name of [JOB_ASSURANCE_SCAN, JOB_CONTRACT_REMINDERS]) {
      expect(schedules).toContainEqual(expect.objectContaining({ name, cron: "0 6 * * *", options: expect.objectContaining({ tz: "Europe/London" }) }));
    }
  });

  it("runs a registered job sent through pg-boss", async () => {
    await jobs!.boss.send(SMOKE_JOB, {});
    await eventually(() => smokeRuns === 1);
  });

  it("completes the daily jobs when sent, whether or not a feature has registered their work yet", async () => {
    const sent = await Promise.all([JOB_ASSURANCE_SCAN, JOB_CONTRACT_REMINDERS].map(async (name) => ({ name, id: (await jobs!.boss.send(name, {}))! })));
    for (const { name, id } of sent) {
      await eventually(async () => (await jobs!.boss.getJobById(name, id))?.state === "completed");
    }
  });

  it("drains the outbox in the background", async () => {
    const id = (await enqueue(database.db, "test.jobs", {}))!;
    await eventually(() => handled.includes(id));
    await eventually(async () => (await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).status === "DONE");
    expect(jobsHealth().running).toBe(true);
    expect(jobsHealth().lastDrainAt).toBeInstanceOf(Date);
  });

  it("stops cleanly", async () => {
    await jobs!.stop();
    jobs = undefined;
    expect(jobsHealth().running).toBe(false);
    // Nothing drains after stop.
    await enqueue(database.db, "test.jobs", {});
    const before = handled.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handled.length).toBe(before);
  });
});
