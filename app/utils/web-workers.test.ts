import { describe, expect, it } from "vitest";
import { RESTART_LIMIT, shouldReplaceWorker, webProcessCount } from "./web-workers";

describe("shouldReplaceWorker", () => {
  const now = 1_000_000;

  it("replaces a web process that died once", () => {
    expect(shouldReplaceWorker([now], now)).toBe(true);
  });

  it("stops replacing when the limit of exits falls within the window", () => {
    const exits = Array.from({ length: RESTART_LIMIT.exits }, (_, i) => now - i * 1000);
    expect(shouldReplaceWorker(exits, now)).toBe(false);
    expect(shouldReplaceWorker(exits.slice(1), now)).toBe(true);
  });

  it("forgets exits older than the window", () => {
    const old = Array.from({ length: 20 }, (_, i) => now - RESTART_LIMIT.withinMs - i);
    expect(shouldReplaceWorker([...old, now], now)).toBe(true);
    // Exactly at the window's edge it no longer counts.
    const edge = Array.from({ length: RESTART_LIMIT.exits - 1 }, () => now - 1);
    expect(shouldReplaceWorker([...edge, now - RESTART_LIMIT.withinMs], now)).toBe(true);
    expect(shouldReplaceWorker([...edge, now - RESTART_LIMIT.withinMs + 1], now)).toBe(false);
  });

  it("ignores times in the future (a clock step back)", () => {
    expect(shouldReplaceWorker(Array.from({ length: 10 }, () => now + 5000), now)).toBe(true);
  });
});

describe("webProcessCount", () => {
  it("is one per core for auto, and at least one", () => {
    expect(webProcessCount("auto", 2)).toBe(2);
    expect(webProcessCount("auto", 0)).toBe(1);
  });
  it("is the number asked for otherwise", () => {
    expect(webProcessCount(3, 2)).toBe(3);
    expect(webProcessCount(1, 8)).toBe(1);
  });
});
