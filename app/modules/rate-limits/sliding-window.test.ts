import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, estimate, retryAfterSeconds, windowsAt, type RateLimitPolicy, type WindowCounts } from "./sliding-window";

const policy: RateLimitPolicy = { name: "test", limit: 10, windowSeconds: 60 };

/** The counts seen `laterMs` after `elapsedMs` into the current window, with no attempts meanwhile. */
function countsLater(counts: WindowCounts, elapsedMs: number, laterMs: number, windowMs: number) {
  const at = elapsedMs + laterMs;
  const windowsPassed = Math.floor(at / windowMs);
  const elapsed = at - windowsPassed * windowMs;
  if (windowsPassed === 0) return { counts, elapsed };
  if (windowsPassed === 1) return { counts: { previous: counts.current, current: 0 }, elapsed };
  return { counts: { previous: 0, current: 0 }, elapsed };
}

describe("the sliding window", () => {
  it("allows up to the limit in a fresh window, then refuses", () => {
    let counts = { previous: 0, current: 0 };
    for (let i = 0; i < policy.limit; i++) {
      const decision = decide(counts, policy, 1_000);
      expect(decision).toEqual({ allowed: true, remaining: policy.limit - i - 1 });
      counts = { ...counts, current: counts.current + 1 };
    }
    expect(decide(counts, policy, 1_000)).toEqual({ allowed: false, retryAfterSeconds: 65 });
  });

  it("weights the previous window by how much of it the sliding window still covers", () => {
    expect(estimate({ previous: 10, current: 0 }, 0, 60_000)).toBe(10);
    expect(estimate({ previous: 10, current: 2 }, 30_000, 60_000)).toBe(7);
    // A burst at the end of one window leaves little room at the start of the next.
    expect(decide({ previous: 10, current: 0 }, policy, 5_999).allowed).toBe(false);
    expect(decide({ previous: 10, current: 0 }, policy, 6_000).allowed).toBe(true);
    expect(retryAfterSeconds({ previous: 10, current: 0 }, policy, 0)).toBe(6);
  });

  it("places a time in its fixed window", () => {
    const at = windowsAt(new Date("2026-03-02T10:00:45.500Z"), { windowSeconds: 60 });
    expect(at.currentStart.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(at.previousStart.toISOString()).toBe("2026-03-02T09:59:00.000Z");
    expect(at.elapsedMs).toBe(45_500);
  });

  it("Retry-After is long enough, and no longer than it needs to be (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (limit, windowSeconds, previous, current, fraction) => {
          const p: RateLimitPolicy = { name: "p", limit, windowSeconds };
          const windowMs = windowSeconds * 1000;
          const elapsedMs = Math.floor(fraction * windowMs);
          const decision = decide({ previous, current }, p, elapsedMs);
          if (decision.allowed) return;
          const wait = decision.retryAfterSeconds;
          expect(wait).toBeGreaterThanOrEqual(1);
          expect(wait).toBeLessThanOrEqual(2 * windowSeconds);
          const after = countsLater({ previous, current }, elapsedMs, wait * 1000, windowMs);
          expect(decide(after.counts, p, after.elapsed).allowed).toBe(true);
          if (wait > 1) {
            const before = countsLater({ previous, current }, elapsedMs, (wait - 1) * 1000 - 1, windowMs);
            expect(decide(before.counts, p, before.elapsed).allowed).toBe(false);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
