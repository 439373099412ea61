/**
 * The rules of a forgotten-password link (issue 14), pure so they can be tested without a
 * database: it is valid for an hour, works once, and its token is the app's 43-character
 * random string (the database keeps only its SHA-256).
 */
export const RESET_LINK_MINUTES = 60;

export type ResetLinkState = "valid" | "expired" | "used" | "unknown";

export function resetLinkExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + RESET_LINK_MINUTES * 60_000);
}

/** What a link found by its token's hash (or not found: null) can do at `now`. */
export function resetLinkState(link: { expiresAt: Date; usedAt: Date | null } | null, now: Date): ResetLinkState {
  if (!link) return "unknown";
  if (link.usedAt) return "used";
  return link.expiresAt.getTime() > now.getTime() ? "valid" : "expired";
}

/** A token as the app makes them (32 random bytes, base64url): anything else is not looked up. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
