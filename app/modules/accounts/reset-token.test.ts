import { describe, expect, it } from "vitest";
import { isWellFormedToken, RESET_LINK_MINUTES, resetLinkExpiry, resetLinkState } from "./reset-token";

const issued = new Date("2026-12-03T10:00:00Z");

describe("a forgotten-password link", () => {
  it("lasts an hour to the millisecond", () => {
    const expiresAt = resetLinkExpiry(issued);
    expect(expiresAt.toISOString()).toBe("2026-12-03T11:00:00.000Z");
    expect(RESET_LINK_MINUTES).toBe(60);
    expect(resetLinkState({ expiresAt, usedAt: null }, new Date("2026-12-03T10:59:59.999Z"))).toBe("valid");
    expect(resetLinkState({ expiresAt, usedAt: null }, expiresAt)).toBe("expired");
    expect(resetLinkState({ expiresAt, usedAt: null }, new Date("2027-01-01T00:00:00Z"))).toBe("expired");
  });

  it("works once: a used link is used even inside its hour", () => {
    const expiresAt = resetLinkExpiry(issued);
    expect(resetLinkState({ expiresAt, usedAt: new Date("2026-12-03T10:05:00Z") }, new Date("2026-12-03T10:06:00Z"))).toBe("used");
  });

  it("is unknown when no link has the token", () => {
    expect(resetLinkState(null, issued)).toBe("unknown");
  });

  it("only looks up tokens shaped as the app makes them", () => {
    expect(isWellFormedToken("a".repeat(43))).toBe(true);
    expect(isWellFormedToken("A-_9".repeat(10) + "abc")).toBe(true);
    expect(isWellFormedToken("a".repeat(42))).toBe(false);
    expect(isWellFormedToken("a".repeat(44))).toBe(false);
    expect(isWellFormedToken("' OR 1=1 --" + "a".repeat(32))).toBe(false);
    expect(isWellFormedToken(undefined)).toBe(false);
    expect(isWellFormedToken(["a".repeat(43)])).toBe(false);
  });
});
