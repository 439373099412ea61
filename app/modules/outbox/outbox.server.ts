import type { OutboxMessage, OutboxStatus, Prisma } from "../../../generated/prisma/client";
import type { Db, DbClient } from "~/utils/db.server";

/**
 * The transactional outbox (DESIGN.md §2): a change and the work it causes elsewhere (an
 * email, a search index update, a payment call) commit together or not at all, and the
 * job worker does that work afterwards, never the request handler.
 *
 * Delivery: a message is claimed by locking its row (`FOR UPDATE SKIP LOCKED`) inside a
 * transaction that also runs the handler and marks it DONE, so two workers never handle
 * the same message at once and a success is recorded atomically with the handler's own
 * writes through `ctx.tx`. Side effects outside the database cannot join that
 * transaction: if the process dies after an email left but before the commit, the message
 * is handled again. Handlers that call external APIs pass `ctx.idempotencyKey` on so the
 * other side can recognise the repeat.
 */

export const OUTBOX_MAX_ATTEMPTS = 8;
const FIRST_RETRY_DELAY_MS = 5_000;
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/**
 * How long one handler may hold its message's transaction. Prisma's default (5 s) is too
 * short for an SMTP server or a payment API having a slow moment.
 */
const HANDLER_TIMEOUT_MS = 60_000;
const MAX_ERROR_LENGTH = 2_000;

export type OutboxContext = {
  /**
   * The transaction holding the claimed message: writes through it commit with DONE and
   * are rolled back if the handler throws.
   */
  tx: DbClient;
  /** For work that needs transactions of its own, or must be kept even when the handler fails. */
  db: Db;
  /** `outbox-<id>`: stable across retries of one message, for external APIs (Stripe). */
  idempotencyKey: string;
  /** True when failing now makes the message DEAD, so a handler can record a final state. */
  finalAttempt: boolean;
};

export type OutboxHandler = (message: OutboxMessage, ctx: OutboxContext) => Promise<void>;

const handlers = new Map<string, OutboxHandler>();

/** One handler per topic; a second registration is a mistake (two modules claiming one topic). */
export function registerOutboxHandler(topic: string, handler: OutboxHandler): void {
  if (handlers.has(topic)) throw new Error(`An outbox handler for "${topic}" is already registered.`);
  handlers.set(topic, handler);
}

/**
 * Writes a message in the caller's transaction. A message with the same dedupeKey already
 * present makes this a no-op, so callers can enqueue "send the 30-day reminder for record
 * X" without checking first. Returns the new message's id, or null when it was a duplicate.
 */
export async function enqueue(
  tx: DbClient,
  topic: string,
  payload: Prisma.InputJsonObject,
  opts: { dedupeKey?: string; availableAt?: Date } = {},
): Promise<bigint | null> {
  const [created] = await tx.outboxMessage.createManyAndReturn({
    data: [{ topic, payload, dedupeKey: opts.dedupeKey, availableAt: opts.availableAt }],
    skipDuplicates: true,
    select: { id: true },
  });
  return created?.id ?? null;
}

/** Delay before the next try after `attempts` failures: 5 s, 10 s, 20 s … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

const isFinalAttempt = (message: OutboxMessage) => message.attempts + 1 >= OUTBOX_MAX_ATTEMPTS;

export type DrainResult = { done: number; failed: number; dead: number };
type Outcome = keyof DrainResult;

/**
 * Handles up to `batchSize` due messages, one at a time, each in its own transaction.
 * Safe to run from several processes at once. Stops early when nothing is due.
 */
export async function drainOutbox(db: Db, { batchSize, now = new Date() }: { batchSize: number; now?: Date }): Promise<DrainResult> {
  const result: DrainResult = { done: 0, failed: 0, dead: 0 };
  for (let i = 0; i < batchSize; i++) {
    const outcome = await handleNextMessage(db, now);
    if (!outcome) break;
    result[outcome]++;
  }
  return result;
}

async function handleNextMessage(db: Db, now: Date): Promise<Outcome | null> {
  // Outside the callback so that the catch below knows what was claimed.
  const claim: { message?: OutboxMessage } = {};
  try {
    return await db.$transaction(
      async (tx) => {
        const message = await claimNextMessage(tx, now);
        if (!message) return null;
        claim.message = message;
        const handler = handlers.get(message.topic);
        if (!handler) {
          return recordFailure(tx, message, new Error(`No handler is registered for topic "${message.topic}".`), now, { retry: false });
        }
        // The savepoint lets a failed handler's writes be undone while the row stays locked,
        // so the failure is recorded before any other worker can pick the message up again.
        await tx.$executeRaw`SAVEPOINT outbox_handler`;
        try {
          await handler(message, {
            tx,
            db,
            idempotencyKey: `outbox-${message.id}`,
            finalAttempt: isFinalAttempt(message),
          });
        } catch (error) {
          await tx.$executeRaw`ROLLBACK TO SAVEPOINT outbox_handler`;
          return recordFailure(tx, message, error, now);
        }
        await tx.outboxMessage.update({
          where: { id: message.id },
          data: { status: "DONE", attempts: { increment: 1 }, processedAt: now, lastError: null },
        });
        return "done";
      },
      { timeout: HANDLER_TIMEOUT_MS },
    );
  } catch (error) {
    // The transaction itself failed (handler over time, lost connection, failed commit), so
    // nothing it wrote was kept: record the failure with a statement of its own.
    if (!claim.message) throw error;
    return recordFailure(db, claim.message, error, now);
  }
}

async function claimNextMessage(tx: DbClient, now: Date): Promise<OutboxMessage | null> {
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM outbox_messages
    WHERE status IN ('PENDING', 'FAILED') AND available_at <= ${now}
    ORDER BY available_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED`;
  return row ? tx.outboxMessage.findUnique({ where: { id: row.id } }) : null;
}

/**
 * Counts one failed attempt: FAILED with a later availableAt, or DEAD when out of attempts.
 * The `attempts` guard makes this a no-op if another worker has handled the message since
 * it was claimed (possible only when called after the claiming transaction ended).
 */
async function recordFailure(
  client: DbClient,
  message: OutboxMessage,
  error: unknown,
  now: Date,
  { retry = true } = {},
): Promise<"failed" | "dead"> {
  const attempts = message.attempts + 1;
  const dead = !retry || isFinalAttempt(message);
  await client.outboxMessage.updateMany({
    where: { id: message.id, attempts: message.attempts, status: { in: ["PENDING", "FAILED"] } },
    data: {
      attempts,
      status: dead ? "DEAD" : "FAILED",
      lastError: describeError(error),
      ...(dead ? { processedAt: now } : { availableAt: new Date(now.getTime() + retryDelayMs(attempts)) }),
    },
  });
  return dead ? "dead" : "failed";
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

export type OutboxStats = {
  pending: number;
  /** Waiting for a retry after a failed attempt. */
  failed: number;
  /** Out of attempts or without a handler: needs a person. */
  dead: number;
  /** Age of the oldest message still waiting (PENDING or FAILED), null when there is none. */
  oldestPendingSeconds: number | null;
};

/**
 * The backlog for /healthz. DONE messages are not counted: they only grow, and a health
 * check that load balancers call every few seconds should not scan them. (PROCESSING is
 * never stored by this drainer: the row lock is the claim.)
 */
export async function outboxStats(db: DbClient, now = new Date()): Promise<OutboxStats> {
  const [groups, oldest] = await Promise.all([
    db.outboxMessage.groupBy({ by: ["status"], where: { status: { in: ["PENDING", "FAILED", "DEAD"] } }, _count: { _all: true } }),
    db.outboxMessage.aggregate({ where: { status: { in: ["PENDING", "FAILED"] } }, _min: { createdAt: true } }),
  ]);
  const count = (status: OutboxStatus) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const oldestAt = oldest._min.createdAt;
  return {
    pending: count("PENDING"),
    failed: count("FAILED"),
    dead: count("DEAD"),
    oldestPendingSeconds: oldestAt ? Math.max(0, Math.round((now.getTime() - oldestAt.getTime()) / 1000)) : null,
  };
}
