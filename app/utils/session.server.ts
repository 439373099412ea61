import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "./db.server";
import { dataDir, env } from "./env.server";

/**
 * DB-backed sessions (DESIGN.md §7). The cookie carries a random token; the database keeps
 * only its SHA-256, so a leaked database cannot be replayed as cookies. Sessions end after
 * 12 hours without use or 7 days after sign-in, whichever is first (the cookies page says so).
 */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
// Writing lastSeenAt on every request would turn every page view into a write.
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function sessionSecret(): string {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  // Local runs keep a generated secret beside their data so sessions survive restarts.
  const file = dataDir("session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export function secureCookies() {
  // Browsers treat http://localhost as a secure context, so Secure cookies work locally too.
  return env().SECURE_COOKIES !== "false";
}

let cookies: { session: ReturnType<typeof createCookie>; csrf: ReturnType<typeof createCookie> } | undefined;
function getCookies() {
  cookies ??= {
    session: createCookie("__session", { httpOnly: true, sameSite: "lax", secure: secureCookies(), path: "/", secrets: [sessionSecret()] }),
    // Lets signed-out forms (sign-in) carry a CSRF token before any session exists.
    csrf: createCookie("__csrf", { httpOnly: true, sameSite: "lax", secure: secureCookies(), path: "/", secrets: [sessionSecret()] }),
  };
  return cookies;
}

/**
 * A signed HttpOnly cookie for short-lived sign-in state that is not a session yet (the
 * second-factor challenge, accounts/challenge-cookie.server.ts), made as the session's is.
 */
export function signedCookie(name: string, options: { path: string; maxAgeSeconds: number }) {
  return createCookie(name, { httpOnly: true, sameSite: "lax", secure: secureCookies(), path: options.path, maxAge: options.maxAgeSeconds, secrets: [sessionSecret()] });
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const randomToken = () => randomBytes(32).toString("base64url");

export function sessionExpiry(createdAt: Date, now: Date) {
  return new Date(Math.min(createdAt.getTime() + SESSION_ABSOLUTE_MS, now.getTime() + SESSION_IDLE_MS));
}

/** How a person proved who they were (Session.method). */
export type SignInMethod = "password" | "password+totp" | "cis2" | "invitation";

/**
 * Signs a person in: the one place a session is made, so every sign-in, however it was
 * proved, is in the audit trail with the session and the address it came from.
 */
export async function createSession(userId: string, request: Request, method: SignInMethod = "password"): Promise<string> {
  const token = randomToken();
  const now = new Date();
  const ip = clientIp(request);
  await db().$transaction(async (tx) => {
    const session = await tx.session.create({
      data: {
        id: hashToken(token),
        userId,
        csrfSecret: randomToken(),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: sessionExpiry(now, now),
        ip,
        userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
        method,
      },
      include: { user: { select: { role: true, organisationId: true } } },
    });
    await recordAudit(tx, {
      actor: { userId, role: session.user.role, organisationId: session.user.organisationId },
      action: method === "cis2" ? "auth.ssoSignIn" : "auth.signIn",
      objectType: "User",
      objectId: userId,
      // The session's id is the token's hash: its first characters tell sessions apart, nothing more.
      after: { method, session: session.id.slice(0, 12) },
      ip,
    });
  });
  return getCookies().session.serialize(token);
}

async function sessionToken(request: Request): Promise<string | null> {
  const value = await getCookies().session.parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function loadSession(request: Request) {
  const token = await sessionToken(request);
  if (!token) return null;
  const now = new Date();
  const session = await db().session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { include: { organisation: true } } },
  });
  if (!session || session.expiresAt <= now || !session.user.isActive) return null;
  if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.update({
      where: { id: session.id },
      data: { lastSeenAt: now, expiresAt: sessionExpiry(session.createdAt, now) },
    });
  }
  return session;
}

export async function destroySession(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await db().session.deleteMany({ where: { id: hashToken(token) } });
  return getCookies().session.serialize("", { maxAge: 0, expires: new Date(0) });
}

/** The anonymous CSRF token, and the Set-Cookie header to send when it is new. */
export async function anonymousCsrf(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = await getCookies().csrf.parse(request.headers.get("cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing };
  const token = randomToken();
  return { token, setCookie: await getCookies().csrf.serialize(token) };
}

export async function anonymousCsrfToken(request: Request): Promise<string | null> {
  const value = await getCookies().csrf.parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export function tokensMatch(expected: string | null | undefined, given: unknown): boolean {
  if (!expected || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function clientIp(request: Request): string {
  // Set by server.ts from the socket (or the trusted proxy header when TRUST_PROXY is set).
  return request.headers.get("x-catalogue-client-ip") ?? "unknown";
}
