/**
 * The rate limiter's rule, as a pure function: a sliding window estimated from two fixed
 * windows (the current one and the one before it), as Cloudflare and most shared limiters
 * do. The previous window's count is weighted by how much of it still overlaps the sliding
 * window, so a burst at a window boundary cannot pass twice the limit, and only two
 * counters per key are ever stored.
 *
 *   estimate = current + previous × (window − elapsed) / window
 *
 * An attempt is allowed when the estimate, counting it, stays within the limit.
 */
export type RateLimitPolicy = {
  /** Names the counter family, e.g. "sign-in-failures-per-network"; part of every stored key. */
  name: string;
  /** Attempts allowed in any sliding window of `windowSeconds`. */
  limit: number;
  windowSeconds: number;
};

export type WindowCounts = { previous: number; current: number };

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Where `now` falls: the start of its fixed window, the one before, and how far into it. */
export function windowsAt(now: Date, policy: Pick<RateLimitPolicy, "windowSeconds">) {
  const windowMs = policy.windowSeconds * 1000;
  const currentStart = Math.floor(now.getTime() / windowMs) * windowMs;
  return {
    windowMs,
    currentStart: new Date(currentStart),
    previousStart: new Date(currentStart - windowMs),
    elapsedMs: now.getTime() - currentStart,
  };
}

/** The weight of the previous window's count `elapsedMs` into the current one (1 → 0). */
export function previousWeight(elapsedMs: number, windowMs: number): number {
  return (windowMs - elapsedMs) / windowMs;
}

export function estimate(counts: WindowCounts, elapsedMs: number, windowMs: number): number {
  return counts.current + counts.previous * previousWeight(elapsedMs, windowMs);
}

/** Whether one more attempt is allowed now, given the counts before it. */
export function decide(counts: WindowCounts, policy: RateLimitPolicy, elapsedMs: number): RateLimitDecision {
  const windowMs = policy.windowSeconds * 1000;
  const after = estimate({ ...counts, current: counts.current + 1 }, elapsedMs, windowMs);
  if (after <= policy.limit) return { allowed: true, remaining: Math.max(0, Math.floor(policy.limit - after)) };
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(counts, policy, elapsedMs) };
}

/**
 * The whole seconds until one more attempt would be allowed, if nothing else is attempted
 * meanwhile: later in this window, as the previous window's weight fades, or else in the
 * next window, where this window's count becomes the fading one. Never less than 1.
 */
export function retryAfterSeconds(counts: WindowCounts, policy: RateLimitPolicy, elapsedMs: number): number {
  const windowMs = policy.windowSeconds * 1000;
  const { limit } = policy;
  const toWindowEnd = windowMs - elapsedMs;
  let waitMs: number;
  // Within this window: current + 1 + previous × (window − elapsed − t) / window ≤ limit.
  const roomNow = limit - counts.current - 1;
  const inThisWindow = roomNow >= 0 && counts.previous > 0 ? toWindowEnd - (roomNow * windowMs) / counts.previous : Number.POSITIVE_INFINITY;
  if (inThisWindow < toWindowEnd) {
    waitMs = Math.max(0, inThisWindow);
  } else {
    // In the next window: 1 + current × (window − e) / window ≤ limit.
    const intoNext = counts.current > 0 ? Math.max(0, windowMs * (1 - (limit - 1) / counts.current)) : 0;
    waitMs = toWindowEnd + intoNext;
  }
  return Math.max(1, Math.ceil(waitMs / 1000));
}
