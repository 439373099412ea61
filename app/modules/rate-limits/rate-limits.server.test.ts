import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { createDb, type Db } from "~/utils/db.server";
import { consume, networkOf, peek, pruneRateLimitCounters, retryMessage, tooManyRequests, type RateLimitPolicy } from "./rate-limits.server";

const database = useTestDatabase();
const at = (iso: string) => new Date(iso);
let policyNumber = 0;
const freshPolicy = (limit: number, windowSeconds = 60): RateLimitPolicy => ({ name: `test-${++policyNumber}`, limit, windowSeconds });

describe("consume", () => {
  it("allows up to the limit, then refuses with the seconds to wait, counting only what it allowed", async () => {
    const policy = freshPolicy(3);
    const now = at("2026-03-02T10:00:10Z");
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await consume(database.db, "198.51.100.7", policy, now));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions[0]).toEqual({ allowed: true, remaining: 2 });
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 50 + 20 });
    const [row] = await database.db.rateLimitCounter.findMany({ where: { key: `${policy.name}:198.51.100.7` } });
    expect(row.count).toBe(3);
    // Another key has its own counter.
    expect((await consume(database.db, "198.51.100.8", policy, now)).allowed).toBe(true);
  });

  it("slides: a full previous window still counts early in the next, and fades out", async () => {
    const policy = freshPolicy(4);
    for (let i = 0; i < 4; i++) await consume(database.db, "k", policy, at("2026-03-02T10:00:50Z"));
    expect((await consume(database.db, "k", policy, at("2026-03-02T10:01:05Z"))).allowed).toBe(false);
    expect((await consume(database.db, "k", policy, at("2026-03-02T10:01:15Z"))).allowed).toBe(true);
    expect((await consume(database.db, "k", policy, at("2026-03-02T10:03:00Z"))).allowed).toBe(true);
  });

  it("never lets concurrent attempts on two app instances (two database clients) pass the limit together", async () => {
    const other: Db = createDb(database.url);
    try {
      const policy = freshPolicy(10);
      const now = new Date();
      const attempts = Array.from({ length: 60 }, (_, i) => consume(i % 2 ? other : database.db, "203.0.113.9", policy, now));
      const decisions = await Promise.all(attempts);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      expect(decisions.filter((d) => !d.allowed).every((d) => !d.allowed && d.retryAfterSeconds >= 1)).toBe(true);
    } finally {
      await other.$disconnect();
    }
  });

  it("stores keys that carry long typed text as a hash", async () => {
    const policy = freshPolicy(1);
    const long = `${"x".repeat(500)}@example.nhs.net`;
    await consume(database.db, long, policy);
    const rows = await database.db.rateLimitCounter.findMany({ where: { key: { startsWith: policy.name } } });
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toMatch(new RegExp(`^${policy.name}:sha256:[0-9a-f]{64}$`));
    expect((await consume(database.db, long, policy)).allowed).toBe(false);
  });
});

describe("peek", () => {
  it("answers without counting", async () => {
    const policy = freshPolicy(1);
    const now = at("2026-03-02T11:00:00Z");
    expect(await peek(database.db, "k", policy, now)).toEqual({ allowed: true, remaining: 0 });
    expect(await peek(database.db, "k", policy, now)).toEqual({ allowed: true, remaining: 0 });
    await consume(database.db, "k", policy, now);
    expect(await peek(database.db, "k", policy, now)).toEqual({ allowed: false, retryAfterSeconds: 120 });
  });
});

describe("pruneRateLimitCounters", () => {
  it("removes counters whose windows are both over, and keeps the rest", async () => {
    const policy = freshPolicy(5);
    await consume(database.db, "old", policy, at("2026-01-01T00:00:00Z"));
    await consume(database.db, "new", policy, at("2026-03-02T12:00:00Z"));
    const removed = await pruneRateLimitCounters(database.db, at("2026-03-02T12:00:30Z"));
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = await database.db.rateLimitCounter.findMany({ where: { key: { startsWith: `${policy.name}:` } } });
    expect(left.map((r) => r.key)).toEqual([`${policy.name}:new`]);
  });
});

describe("networkOf", () => {
  it("counts IPv4 addresses singly and IPv6 by their /64", () => {
    expect(networkOf("192.0.2.1")).toBe("192.0.2.1");
    expect(networkOf("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(networkOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8:1:2::9")).toBe(networkOf("2001:0db8:0001:0002:ffff::1"));
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("unknown")).toBe("unknown");
  });
});

describe("tooManyRequests", () => {
  it("is a 429 with Retry-After, as JSON for APIs or as the message", async () => {
    const refusal = { allowed: false as const, retryAfterSeconds: 90 };
    const api = tooManyRequests(refusal, { json: true });
    expect(api.status).toBe(429);
    expect(api.headers.get("Retry-After")).toBe("90");
    expect(await api.json()).toEqual({ error: "There have been too many attempts from your network. Wait 2 minutes and try again.", retryAfterSeconds: 90 });
    const page = tooManyRequests({ allowed: false, retryAfterSeconds: 1 });
    expect(await page.text()).toBe("There have been too many attempts from your network. Wait 1 second and try again.");
    expect(retryMessage({ allowed: false, retryAfterSeconds: 30 }, "requests")).toBe("There have been too many requests from your network. Wait 30 seconds and try again.");
  });
});

