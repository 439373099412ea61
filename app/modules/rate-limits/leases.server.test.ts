import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { createDb, type Db } from "~/utils/db.server";
import { LEASE, LeasedRateLimit, leaseSize } from "./leases.server";
import { consume, type RateLimitPolicy } from "./rate-limits.server";

const database = useTestDatabase();
let policyNumber = 0;
const freshPolicy = (limit: number, windowSeconds = 60): RateLimitPolicy => ({ name: `lease-test-${++policyNumber}`, limit, windowSeconds });
const stored = async (policy: RateLimitPolicy, key: string) =>
  (await database.db.rateLimitCounter.findMany({ where: { key: `${policy.name}:${key}` }, orderBy: { windowStart: "asc" } })).map((r) => r.count);
const at = (iso: string) => new Date(iso);

describe("leaseSize", () => {
  it("is a quarter of the room, at most 100, one when little is left, none when nothing fits", () => {
    expect(leaseSize(600)).toBe(100);
    expect(leaseSize(200)).toBe(50);
    expect(leaseSize(7)).toBe(1);
    expect(leaseSize(1)).toBe(1);
    expect(leaseSize(0.99)).toBe(0);
    expect(leaseSize(0)).toBe(0);
    expect(leaseSize(-5)).toBe(0);
    expect(leaseSize(Number.NaN)).toBe(0);
  });
});

describe("LeasedRateLimit", () => {
  it("lets exactly the limit through, then refuses as consume does, with few database statements", async () => {
    const policy = freshPolicy(300);
    const limiter = new LeasedRateLimit(() => database.db, () => policy);
    const now = at("2026-03-02T10:00:10Z");
    const decisions = [];
    for (let i = 0; i < 320; i++) decisions.push(await limiter.consume("198.51.100.7", now));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(300);
    const refusal = await consume(database.db, "198.51.100.7", policy, now);
    expect(refusal.allowed).toBe(false);
    expect(decisions.slice(300)).toEqual(Array.from({ length: 20 }, () => refusal));
    expect(await stored(policy, "198.51.100.7")).toEqual([300]);
    // 75 + 56 + 42 + … down to single attempts near the limit, not one statement per attempt.
    expect(limiter.claims).toBeLessThan(40);
    const remaining = decisions.flatMap((d) => (d.allowed ? [d.remaining] : []));
    expect(remaining[0]).toBe(299);
    expect(remaining[299]).toBe(0);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
  });

  it("never lets concurrent attempts on two processes pass the limit together, and what they leased is what they let through", async () => {
    const other: Db = createDb(database.url);
    try {
      const policy = freshPolicy(40);
      const now = new Date();
      const mine = new LeasedRateLimit(() => database.db, () => policy);
      const theirs = new LeasedRateLimit(() => other, () => policy);
      const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? theirs : mine).consume("203.0.113.9", now)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(40);
      expect(decisions.filter((d) => !d.allowed).every((d) => !d.allowed && d.retryAfterSeconds >= 1)).toBe(true);
      expect(await stored(policy, "203.0.113.9")).toEqual([40]);
    } finally {
      await other.$disconnect();
    }
  });

  it("gives back what it leased and did not use when the lease ends, so other processes can use it", async () => {
    const policy = freshPolicy(100);
    const limiter = new LeasedRateLimit(() => database.db, () => policy);
    const now = at("2026-03-02T11:00:05Z");
    expect((await limiter.consume("k", now)).allowed).toBe(true);
    expect(await stored(policy, "k")).toEqual([25]);
    // Not yet: the lease lasts LEASE.lifetimeMs.
    await limiter.release(new Date(now.getTime() + LEASE.lifetimeMs - 1));
    expect(await stored(policy, "k")).toEqual([25]);
    await limiter.release(new Date(now.getTime() + LEASE.lifetimeMs));
    expect(await stored(policy, "k")).toEqual([1]);
    // All of the rest is there for another process counting singly.
    let allowed = 0;
    while ((await consume(database.db, "k", policy, now)).allowed) allowed++;
    expect(allowed).toBe(99);
  });

  it("uses no lease past its window: the next window leases afresh and the old one gets its unused attempts back", async () => {
    const policy = freshPolicy(100);
    const limiter = new LeasedRateLimit(() => database.db, () => policy);
    expect((await limiter.consume("k", at("2026-03-02T12:00:59.5Z"))).allowed).toBe(true);
    expect(await stored(policy, "k")).toEqual([25]);
    // Half a second later, in the next window: the old lease's 24 unused go back to its window.
    expect((await limiter.consume("k", at("2026-03-02T12:01:00Z"))).allowed).toBe(true);
    const [previous, current] = await stored(policy, "k");
    expect(previous).toBe(1);
    // The previous window's 1 counts almost in full: (100 - 1) / 4 → 24.
    expect(current).toBe(24);
  });

  it("waits for one lease per key instead of each concurrent request taking one", async () => {
    const policy = freshPolicy(1_000_000);
    const limiter = new LeasedRateLimit(() => database.db, () => policy);
    const now = new Date();
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.consume("busy", now)));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(limiter.claims).toBe(1);
    expect(await stored(policy, "busy")).toEqual([LEASE.most]);
  });
});
