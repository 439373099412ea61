import { beforeEach, describe, expect, it } from "vitest";
import { createDb } from "~/utils/db.server";
import { useTestDatabase } from "~/test/database";
import {
  drainOutbox,
  enqueue,
  OUTBOX_LEASE_MS,
  OUTBOX_MAX_ATTEMPTS,
  outboxStats,
  registerOutboxHandler,
  retryDelayMs,
} from "./outbox.server";

const database = useTestDatabase();

// Handlers are registered once per process; each test uses its own topics and clears the table.
const calls = new Map<bigint, number>();
registerOutboxHandler("test.ok", async (message) => {
  calls.set(message.id, (calls.get(message.id) ?? 0) + 1);
  // Long enough for two concurrent drains to overlap.
  await new Promise((resolve) => setTimeout(resolve, 2));
});
registerOutboxHandler("test.fails", async () => {
  throw new Error("Supplier API unavailable");
});
registerOutboxHandler("test.completes-then-fails", async (message) => async (tx) => {
  await tx.outboxMessage.create({ data: { topic: "test.ok", payload: { from: String(message.id) } } });
  throw new Error("while completing");
});
// Records whether a transaction was open on the handler's connection while it "called out".
const openTransactions: boolean[] = [];
registerOutboxHandler("test.external-call", async (_message, { db }) => {
  const [{ open }] = await db.$queryRaw<{ open: boolean }[]>`SELECT now() <> statement_timestamp() AS open`;
  openTransactions.push(open);
  return async (tx) => {
    await tx.outboxMessage.create({ data: { topic: "test.ok", payload: { completion: true } } });
  };
});
// A worker "dies" mid-call: the handler never settles, as when the process is killed.
registerOutboxHandler("test.hangs", () => new Promise(() => {}));
const externalCalls: string[] = [];
registerOutboxHandler("test.counts-calls", async (_message, { idempotencyKey }) => {
  externalCalls.push(idempotencyKey);
});
const seenKeys: string[] = [];
registerOutboxHandler("test.key", async (_message, { idempotencyKey }) => {
  seenKeys.push(idempotencyKey);
});

beforeEach(async () => {
  calls.clear();
  await database.db.outboxMessage.deleteMany();
});

const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe("enqueue", () => {
  it("writes nothing when the caller's transaction rolls back", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await enqueue(tx, "test.ok", { n: 1 });
        throw new Error("the order failed validation");
      }),
    ).rejects.toThrow("the order failed validation");
    expect(await database.db.outboxMessage.count()).toBe(0);
  });

  it("keeps one message per dedupeKey and reports the duplicate as null", async () => {
    const first = await database.db.$transaction((tx) => enqueue(tx, "test.ok", { n: 1 }, { dedupeKey: "reminder:42:30" }));
    const second = await database.db.$transaction((tx) => enqueue(tx, "test.ok", { n: 2 }, { dedupeKey: "reminder:42:30" }));
    expect(typeof first).toBe("bigint");
    expect(second).toBeNull();
    const messages = await database.db.outboxMessage.findMany();
    expect(messages).toHaveLength(1);
    expect(messages[0].payload).toEqual({ n: 1 });
  });

  it("holds a message back until availableAt", async () => {
    const now = new Date();
    await enqueue(database.db, "test.ok", {}, { availableAt: later(now, 60_000) });
    expect(await drainOutbox(database.db, { batchSize: 10, now })).toEqual({ done: 0, failed: 0, dead: 0 });
    expect(await drainOutbox(database.db, { batchSize: 10, now: later(now, 60_000) })).toEqual({ done: 1, failed: 0, dead: 0 });
  });
});

describe("drainOutbox", () => {
  it("runs the handler once and marks the message DONE", async () => {
    const id = await enqueue(database.db, "test.ok", { n: 1 });
    const now = new Date();
    expect(await drainOutbox(database.db, { batchSize: 10, now })).toEqual({ done: 1, failed: 0, dead: 0 });
    expect(await drainOutbox(database.db, { batchSize: 10, now })).toEqual({ done: 0, failed: 0, dead: 0 });
    expect(calls.get(id!)).toBe(1);
    const message = await database.db.outboxMessage.findUniqueOrThrow({ where: { id: id! } });
    expect(message).toMatchObject({ status: "DONE", attempts: 1, lastError: null, processedAt: now });
  });

  it("passes outbox-<id> as the idempotency key", async () => {
    const id = await enqueue(database.db, "test.key", {});
    await drainOutbox(database.db, { batchSize: 1 });
    expect(seenKeys).toEqual([`outbox-${id}`]);
  });

  it("handles each message exactly once with two workers draining at the same time", async () => {
    await database.db.outboxMessage.createMany({ data: Array.from({ length: 50 }, (_, n) => ({ topic: "test.ok", payload: { n } })) });
    // A second client, as a second worker process would have.
    const otherWorker = createDb(database.url);
    try {
      const drainUntilEmpty = async (client: typeof otherWorker) => {
        let handled = 0;
        for (;;) {
          const { done } = await drainOutbox(client, { batchSize: 7 });
          if (done === 0) return handled;
          handled += done;
        }
      };
      const [a, b] = await Promise.all([drainUntilEmpty(database.db), drainUntilEmpty(otherWorker)]);
      expect(a + b).toBe(50);
      // Both did some of the work, or the test proved nothing about concurrency.
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await otherWorker.$disconnect();
    }
    expect(calls.size).toBe(50);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(await database.db.outboxMessage.count({ where: { status: "DONE" } })).toBe(50);
  });

  it("retries a failing handler with growing delays, then gives up (DEAD)", async () => {
    const id = (await enqueue(database.db, "test.fails", {}))!;
    let now = new Date();
    for (let attempt = 1; attempt < OUTBOX_MAX_ATTEMPTS; attempt++) {
      expect(await drainOutbox(database.db, { batchSize: 10, now })).toEqual({ done: 0, failed: 1, dead: 0 });
      const message = await database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
      expect(message).toMatchObject({ status: "FAILED", attempts: attempt, lastError: "Error: Supplier API unavailable" });
      expect(message.availableAt).toEqual(later(now, retryDelayMs(attempt)));
      // Not due again until the delay has passed.
      expect(await drainOutbox(database.db, { batchSize: 10, now: later(now, retryDelayMs(attempt) - 1) })).toEqual({ done: 0, failed: 0, dead: 0 });
      now = message.availableAt;
    }
    expect(await drainOutbox(database.db, { batchSize: 10, now })).toEqual({ done: 0, failed: 0, dead: 1 });
    const dead = await database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(dead).toMatchObject({ status: "DEAD", attempts: OUTBOX_MAX_ATTEMPTS, processedAt: now });
    expect(await drainOutbox(database.db, { batchSize: 10, now: later(now, 24 * 3600_000) })).toEqual({ done: 0, failed: 0, dead: 0 });
  });

  it("undoes the completion's writes when completing fails, and counts a failed attempt", async () => {
    await enqueue(database.db, "test.completes-then-fails", {});
    expect(await drainOutbox(database.db, { batchSize: 1 })).toEqual({ done: 0, failed: 1, dead: 0 });
    expect(await database.db.outboxMessage.count()).toBe(1);
    expect(await database.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "FAILED", attempts: 1, leaseToken: null, lastError: "Error: while completing" });
  });

  it("calls out with no transaction open, and commits the completion's writes with DONE", async () => {
    openTransactions.length = 0;
    const id = (await enqueue(database.db, "test.external-call", {}))!;
    expect(await drainOutbox(database.db, { batchSize: 1 })).toEqual({ done: 1, failed: 0, dead: 0 });
    expect(openTransactions).toEqual([false]);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", leaseToken: null, leaseExpiresAt: null });
    expect(await database.db.outboxMessage.count({ where: { payload: { equals: { completion: true } } } })).toBe(1);
  });

  it("claims under a lease: a worker that dies mid-call leaves it PROCESSING, and another takes it over only once the lease expires", async () => {
    const id = (await enqueue(database.db, "test.hangs", {}))!;
    const now = new Date();
    // The first worker claims it and never comes back.
    void drainOutbox(database.db, { batchSize: 1, now });
    await expect.poll(async () => (await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).status).toBe("PROCESSING");
    const claimed = await database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(claimed.attempts).toBe(1);
    expect(claimed.leaseExpiresAt).toEqual(later(now, OUTBOX_LEASE_MS));
    // Its work is given to a handler that finishes, as after a redeploy.
    await database.db.outboxMessage.update({ where: { id }, data: { topic: "test.counts-calls" } });
    externalCalls.length = 0;
    const other = createDb(database.url);
    try {
      expect(await drainOutbox(other, { batchSize: 1, now: later(now, OUTBOX_LEASE_MS - 1) })).toEqual({ done: 0, failed: 0, dead: 0 });
      expect(await drainOutbox(other, { batchSize: 1, now: later(now, OUTBOX_LEASE_MS) })).toEqual({ done: 1, failed: 0, dead: 0 });
    } finally {
      await other.$disconnect();
    }
    // The same idempotency key as the first attempt, so the other side can recognise the repeat.
    expect(externalCalls).toEqual([`outbox-${id}`]);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DONE", attempts: 2 });
  });

  it("a worker whose lease was taken over cannot complete or fail the message any more", async () => {
    const id = (await enqueue(database.db, "test.ok", {}))!;
    await database.db.outboxMessage.update({ where: { id }, data: { status: "PROCESSING", leaseToken: "someone-else", leaseExpiresAt: later(new Date(), 60_000), attempts: 1 } });
    expect(await drainOutbox(database.db, { batchSize: 1 })).toEqual({ done: 0, failed: 0, dead: 0 });
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PROCESSING", leaseToken: "someone-else" });
  });

  it("gives up on a message whose worker died during its last attempt", async () => {
    const id = (await enqueue(database.db, "test.ok", {}))!;
    const now = new Date();
    await database.db.outboxMessage.update({ where: { id }, data: { status: "PROCESSING", leaseToken: "dead-worker", leaseExpiresAt: later(now, -1), attempts: OUTBOX_MAX_ATTEMPTS } });
    expect(await drainOutbox(database.db, { batchSize: 1, now })).toEqual({ done: 0, failed: 0, dead: 1 });
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DEAD", lastError: "Error: The worker stopped during the last attempt." });
    expect(calls.get(id)).toBeUndefined();
  });

  it("marks a message whose topic has no handler DEAD at once", async () => {
    const id = (await enqueue(database.db, "test.nobody-listens", {}))!;
    expect(await drainOutbox(database.db, { batchSize: 10 })).toEqual({ done: 0, failed: 0, dead: 1 });
    const message = await database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(message.status).toBe("DEAD");
    expect(message.lastError).toBe('Error: No handler is registered for topic "test.nobody-listens".');
  });
});

describe("retryDelayMs", () => {
  it("doubles from 5 seconds and stops at an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});

describe("outboxStats", () => {
  it("counts the backlog and the age of the oldest waiting message", async () => {
    const now = new Date();
    await database.db.outboxMessage.createMany({
      data: [
        { topic: "test.ok", payload: {}, createdAt: later(now, -90_000) },
        { topic: "test.ok", payload: {}, status: "FAILED", attempts: 1 },
        { topic: "test.ok", payload: {}, status: "DEAD", attempts: 8 },
        { topic: "test.ok", payload: {}, status: "DONE", attempts: 1 },
      ],
    });
    expect(await outboxStats(database.db, now)).toEqual({ pending: 1, processing: 0, failed: 1, dead: 1, oldestPendingSeconds: 90 });
  });

  it("reports no age when nothing waits", async () => {
    expect(await outboxStats(database.db)).toEqual({ pending: 0, processing: 0, failed: 0, dead: 0, oldestPendingSeconds: null });
  });
});
