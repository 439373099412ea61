import { randomUUID } from "node:crypto";
import type { OutboxMessage, OutboxStatus, Prisma } from "../../../generated/prisma/client";
import type { Db, DbClient } from "~/utils/db.server";

/**
 * The transactional outbox (DESIGN.md §2): a change and the work it causes elsewhere (an
 * email, a search index update, a payment call) commit together or not at all, and the
 * job worker does that work afterwards, never the request handler.
 *
 * Delivery, so that no external call is ever made inside a database transaction:
 *
 * 1. claim: one statement picks the next due message (`FOR UPDATE SKIP LOCKED`, so two
 *    workers never pick the same one), marks it PROCESSING under a lease (a random token
 *    and an expiry) and counts the attempt; it commits at once;
 * 2. call: the handler does its work (SMTP, Stripe, search) with no transaction open, and
 *    returns what to write afterwards, if anything;
 * 3. complete: one transaction runs those writes and marks the message DONE, only if this
 *    worker still holds the lease (otherwise it is rolled back: someone else has it now).
 *
 * A worker that dies between call and completion leaves the message PROCESSING; once its
 * lease expires another worker claims it and calls again. So every external call carries
 * `ctx.idempotencyKey` (`outbox-<id>`, the same on every attempt), for the other side to
 * recognise the repeat: Stripe's idempotency keys, the email's Message-ID.
 */

export const OUTBOX_MAX_ATTEMPTS = 8;
const FIRST_RETRY_DELAY_MS = 5_000;
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** How long a handler may take before its attempt counts as failed (a slow SMTP server or payment API). */
const HANDLER_TIMEOUT_MS = 60_000;
/** How long a claim lasts: well beyond the handler's time, so a live worker never loses its message. */
export const OUTBOX_LEASE_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 2_000;

export type OutboxContext = {
  /** The database, with no transaction open: the handler's own reads and writes that must stay whatever happens. */
  db: Db;
  /** `outbox-<id>`: stable across retries of one message, for external APIs (Stripe, SMTP Message-ID). */
  idempotencyKey: string;
  /** True when failing now makes the message DEAD, so a handler can record a final state. */
  finalAttempt: boolean;
};

/** Writes that commit together with the message's completion (DONE), and only with it. */
export type OutboxCompletion = (tx: DbClient) => Promise<void>;

/** Does the message's work outside any transaction; returns the writes to make on completion, if any. */
export type OutboxHandler = (message: OutboxMessage, ctx: OutboxContext) => Promise<void | OutboxCompletion>;

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

/** The claim counts the attempt, so `attempts` is already this attempt's number. */
const isFinalAttempt = (message: OutboxMessage) => message.attempts >= OUTBOX_MAX_ATTEMPTS;

export type DrainResult = { done: number; failed: number; dead: number };
type Outcome = keyof DrainResult;

/**
 * Handles up to `batchSize` due messages, one at a time. Safe to run from several processes
 * at once. Stops early when nothing is due.
 */
export async function drainOutbox(db: Db, { batchSize, now = new Date() }: { batchSize: number; now?: Date }): Promise<DrainResult> {
  const result: DrainResult = { done: 0, failed: 0, dead: 0 };
  for (let i = 0; i < batchSize; i++) {
    const outcome = await handleNextMessage(db, now);
    if (outcome === null) break;
    if (outcome !== "lost") result[outcome]++;
  }
  return result;
}

class LeaseLost extends Error {}

async function handleNextMessage(db: Db, now: Date): Promise<Outcome | "lost" | null> {
  const claim = await claimNextMessage(db, now);
  if (!claim) return null;
  const { message, token, reclaimed } = claim;
  if (reclaimed && message.attempts > OUTBOX_MAX_ATTEMPTS) {
    return recordFailure(db, message, token, new Error("The worker stopped during the last attempt."), now, { retry: false });
  }
  const handler = handlers.get(message.topic);
  if (!handler) return recordFailure(db, message, token, new Error(`No handler is registered for topic "${message.topic}".`), now, { retry: false });
  try {
    const completion = await withTimeout(handler(message, { db, idempotencyKey: `outbox-${message.id}`, finalAttempt: isFinalAttempt(message) }), HANDLER_TIMEOUT_MS);
    await db.$transaction(async (tx) => {
      if (completion) await completion(tx);
      const { count } = await tx.outboxMessage.updateMany({
        where: { id: message.id, status: "PROCESSING", leaseToken: token },
        data: { status: "DONE", processedAt: now, lastError: null, leaseToken: null, leaseExpiresAt: null },
      });
      if (count === 0) throw new LeaseLost();
    });
    return "done";
  } catch (error) {
    if (error instanceof LeaseLost) return "lost";
    return recordFailure(db, message, token, error, now);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The handler took longer than ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Claims the next due message (waiting, or PROCESSING under a lease that has expired) in one
 * committed statement: PROCESSING, a new lease, one more attempt.
 */
async function claimNextMessage(db: Db, now: Date): Promise<{ message: OutboxMessage; token: string; reclaimed: boolean } | null> {
  const token = randomUUID();
  const leaseExpiresAt = new Date(now.getTime() + OUTBOX_LEASE_MS);
  const [row] = await db.$queryRaw<{ id: bigint; previous_status: OutboxStatus }[]>`
    WITH next AS (
      SELECT id, status AS previous_status FROM outbox_messages
      WHERE (status IN ('PENDING', 'FAILED') AND available_at <= ${now})
         OR (status = 'PROCESSING' AND lease_expires_at <= ${now})
      ORDER BY available_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE outbox_messages AS m
    SET status = 'PROCESSING', lease_token = ${token}, lease_expires_at = ${leaseExpiresAt}, attempts = m.attempts + 1
    FROM next
    WHERE m.id = next.id
    RETURNING m.id, next.previous_status`;
  if (!row) return null;
  const message = await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
  return { message, token, reclaimed: row.previous_status === "PROCESSING" };
}

/**
 * Ends one failed attempt: FAILED with a later availableAt, or DEAD when out of attempts.
 * Only while this worker holds the lease, so a slow worker cannot overwrite the outcome of
 * the one that took the message over.
 */
async function recordFailure(
  db: DbClient,
  message: OutboxMessage,
  token: string,
  error: unknown,
  now: Date,
  { retry = true } = {},
): Promise<"failed" | "dead"> {
  const dead = !retry || isFinalAttempt(message);
  await db.outboxMessage.updateMany({
    where: { id: message.id, status: "PROCESSING", leaseToken: token },
    data: {
      status: dead ? "DEAD" : "FAILED",
      lastError: describeError(error),
      leaseToken: null,
      leaseExpiresAt: null,
      ...(dead ? { processedAt: now } : { availableAt: new Date(now.getTime() + retryDelayMs(message.attempts)) }),
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
  /** Claimed by a worker right now (under a lease). */
  processing: number;
  /** Waiting for a retry after a failed attempt. */
  failed: number;
  /** Out of attempts or without a handler: needs a person. */
  dead: number;
  /** Age of the oldest message not yet handled (PENDING, PROCESSING or FAILED), null when there is none. */
  oldestPendingSeconds: number | null;
};

/**
 * The backlog for /healthz. DONE messages are not counted: they only grow, and a health
 * check that load balancers call every few seconds should not scan them.
 */
export async function outboxStats(db: DbClient, now = new Date()): Promise<OutboxStats> {
  const [groups, oldest] = await Promise.all([
    db.outboxMessage.groupBy({ by: ["status"], where: { status: { in: ["PENDING", "PROCESSING", "FAILED", "DEAD"] } }, _count: { _all: true } }),
    db.outboxMessage.aggregate({ where: { status: { in: ["PENDING", "PROCESSING", "FAILED"] } }, _min: { createdAt: true } }),
  ]);
  const count = (status: OutboxStatus) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const oldestAt = oldest._min.createdAt;
  return {
    pending: count("PENDING"),
    processing: count("PROCESSING"),
    failed: count("FAILED"),
    dead: count("DEAD"),
    oldestPendingSeconds: oldestAt ? Math.max(0, Math.round((now.getTime() - oldestAt.getTime()) / 1000)) : null,
  };
}
