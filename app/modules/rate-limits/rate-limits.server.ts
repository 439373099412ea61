import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { HeadersFunction } from "@remix-run/node";
import type { DbClient } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { clientIp } from "~/utils/session.server";
import { decide, estimate, previousWeight, retryAfterSeconds, windowsAt, type RateLimitDecision, type RateLimitPolicy, type WindowCounts } from "./sliding-window";

export type { RateLimitDecision, RateLimitPolicy } from "./sliding-window";

/**
 * The shared rate limiter. Counters live in PostgreSQL (`rate_limit_counters`), so every app
 * instance behind the load balancer counts into the same ones: an attacker gains nothing by
 * landing on another instance. The rule is a sliding window (sliding-window.ts).
 *
 *   const decision = await consume(db(), networkKey(request), RATE_LIMITS.openApi);
 *   if (!decision.allowed) throw tooManyRequests(decision, { json: true });
 *
 * `consume` counts an attempt only when it is allowed, in one statement whose check and
 * increment are atomic (INSERT … ON CONFLICT DO UPDATE … WHERE), so concurrent requests on
 * any number of instances can never pass the limit together. `peek` asks without counting,
 * for limits that count only failures (sign-in): peek before the work, consume after a failure.
 */

/** Every limit in one place, so their sizes can be read and compared. */
export const RATE_LIMITS = {
  /** Failed sign-ins from one network, whatever the accounts and however many sign-ins succeed between them. */
  signInFailuresPerNetwork: { name: "sign-in-failures-per-network", limit: 30, windowSeconds: 15 * 60 },
  /** Attempts to accept an invitation (set a password) from one network. */
  invitationsPerNetwork: { name: "invitations-per-network", limit: 20, windowSeconds: 15 * 60 },
  /** Forgotten-password requests from one network, whatever the addresses. */
  passwordResetsPerNetwork: { name: "password-resets-per-network", limit: 20, windowSeconds: 15 * 60 },
  /** Forgotten-password emails to one address: a mailbox cannot be flooded with links. */
  passwordResetsPerAddress: { name: "password-resets-per-address", limit: 3, windowSeconds: 60 * 60 },
  /** Account requests from one network. */
  accountRequestsPerNetwork: { name: "account-requests-per-network", limit: 10, windowSeconds: 60 * 60 },
  /** Wrong two-factor codes for one account, across its sign-ins and its account page (each sign-in also ends after 5). */
  secondFactorFailuresPerAccount: { name: "second-factor-failures-per-account", limit: 10, windowSeconds: 15 * 60 },
  /** Form posts from people not signed in, on every form (sign-in, invitations, compare, and any added later). */
  anonymousFormsPerNetwork: { name: "anonymous-forms-per-network", limit: 120, windowSeconds: 60 },
} satisfies Record<string, RateLimitPolicy>;

/** The open API's limit per network (RATE_LIMIT_API_PER_MINUTE, default 600 a minute). */
export function openApiPolicy(): RateLimitPolicy {
  return { name: "open-api-per-network", limit: env().RATE_LIMIT_API_PER_MINUTE, windowSeconds: 60 };
}

const MAX_KEY_LENGTH = 200;

/** Keys may carry what people typed (an email address): long ones are stored as a hash. */
export function storedKey(policy: RateLimitPolicy, key: string): string {
  const full = `${policy.name}:${key}`;
  return full.length <= MAX_KEY_LENGTH ? full : `${policy.name}:sha256:${createHash("sha256").update(key).digest("hex")}`;
}

type Counts = { allowed_count: number | null; current_count: number | null; previous_count: number | null };

/**
 * Counts one attempt against `key` if the policy allows it now; otherwise says how long to wait.
 * `attempts` counts several at once, all or none (a lease: leases.server.ts); a refusal then
 * says when one would be allowed.
 */
export async function consume(db: DbClient, key: string, policy: RateLimitPolicy, now = new Date(), attempts = 1): Promise<RateLimitDecision> {
  const { currentStart, previousStart, elapsedMs, windowMs } = windowsAt(now, policy);
  const id = storedKey(policy, key);
  const weight = previousWeight(elapsedMs, windowMs);
  const expiresAt = new Date(currentStart.getTime() + 2 * windowMs);
  // The WHERE clauses are sliding-window.ts's `decide`, evaluated on the locked row.
  const [row] = await db.$queryRaw<Counts[]>`
    WITH bumped AS (
      INSERT INTO rate_limit_counters AS c (key, window_start, count, expires_at)
      SELECT ${id}, ${currentStart}, ${attempts}::int, ${expiresAt}
      WHERE ${attempts}::int + COALESCE((SELECT p.count FROM rate_limit_counters p WHERE p.key = ${id} AND p.window_start = ${previousStart}), 0) * ${weight}::float8 <= ${policy.limit}
      ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + ${attempts}::int
      WHERE c.count + ${attempts}::int + COALESCE((SELECT p.count FROM rate_limit_counters p WHERE p.key = ${id} AND p.window_start = ${previousStart}), 0) * ${weight}::float8 <= ${policy.limit}
      RETURNING c.count
    )
    SELECT (SELECT count FROM bumped) AS allowed_count,
           (SELECT count FROM rate_limit_counters WHERE key = ${id} AND window_start = ${currentStart}) AS current_count,
           (SELECT count FROM rate_limit_counters WHERE key = ${id} AND window_start = ${previousStart}) AS previous_count`;
  const previous = row?.previous_count ?? 0;
  if (row?.allowed_count != null) {
    return { allowed: true, remaining: Math.max(0, Math.floor(policy.limit - estimate({ previous, current: row.allowed_count }, elapsedMs, windowMs))) };
  }
  // Refused: the same rule, from the counts as they stood, says how long to wait.
  return { allowed: false, retryAfterSeconds: retryAfterSeconds({ previous, current: row?.current_count ?? 0 }, policy, elapsedMs) };
}

/** Whether an attempt would be allowed now, without counting one. */
export async function peek(db: DbClient, key: string, policy: RateLimitPolicy, now = new Date()): Promise<RateLimitDecision> {
  return decide(await countsAt(db, key, policy, now), policy, windowsAt(now, policy).elapsedMs);
}

/** The two windows' counts for `key` as they stand. */
export async function countsAt(db: DbClient, key: string, policy: RateLimitPolicy, now = new Date()): Promise<WindowCounts> {
  const { currentStart, previousStart } = windowsAt(now, policy);
  const rows = await db.rateLimitCounter.findMany({ where: { key: storedKey(policy, key), windowStart: { in: [currentStart, previousStart] } } });
  const countAt = (start: Date) => rows.find((r) => r.windowStart.getTime() === start.getTime())?.count ?? 0;
  return { previous: countAt(previousStart), current: countAt(currentStart) };
}

/** Forgets the counters past their use (both windows over); the daily retention job calls it. */
export async function pruneRateLimitCounters(db: DbClient, now = new Date()): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

/**
 * The network a request comes from, as rate limits count it: the client address (from the
 * socket, or the trusted proxy's header when TRUST_PROXY is set); an IPv6 address by its /64,
 * because one household or organisation is handed a whole /64 and could rotate within it.
 */
export function networkKey(request: Request): string {
  return networkOf(clientIp(request));
}

export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * A refusal as the 429 the client should see, with Retry-After in seconds: a JSON body for
 * APIs, or the plain message for the error page (forms that can show the message beside the
 * answers use `retryMessage` in their own 429 instead).
 */
export function tooManyRequests(decision: Extract<RateLimitDecision, { allowed: false }>, options: { json?: boolean; message?: string } = {}): Response {
  const message = options.message ?? retryMessage(decision);
  const headers = { "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" };
  if (options.json) {
    return new Response(JSON.stringify({ error: message, retryAfterSeconds: decision.retryAfterSeconds }), {
      status: 429,
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
    });
  }
  return new Response(message, { status: 429, statusText: "Too Many Requests", headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * A route's `headers` for forms that answer a refusal on their own page: a page takes its
 * headers from here, not from the action's response, so this keeps the action's Retry-After.
 *
 *   export const headers = keepRetryAfter;
 */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/** "There have been too many attempts from your network. Wait 4 minutes and try again." */
export function retryMessage(decision: Extract<RateLimitDecision, { allowed: false }>, what = "attempts"): string {
  const seconds = decision.retryAfterSeconds;
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`;
  return `There have been too many ${what} from your network. Wait ${wait} and try again.`;
}
