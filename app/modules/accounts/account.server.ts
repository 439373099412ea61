import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { consume, RATE_LIMITS, type RateLimitDecision } from "~/modules/rate-limits/rate-limits.server";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { forbidden } from "~/utils/auth.server";
import { scopeFor } from "~/utils/permissions";
import { withNewPassword } from "./new-password.server";

/**
 * "Your account" (issue 14): a person's own preferences, password and sessions. Every query
 * here is by the signed-in person's own id (the matrix's "self" scope); nobody reaches
 * another person's account through these functions.
 */
/** The matrix gives everyone signed in their own account ("self"), and nobody anyone else's. */
function assertOwnAccount(actor: Actor, action: "read" | "update") {
  if (scopeFor(actor.role, action, "account") !== "self") throw forbidden();
}

const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });

export async function accountOverview(db: Db, actor: Actor) {
  assertOwnAccount(actor, "read");
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { name: true, email: true, expiryRemindersOff: true, summariesOff: true, totpEnabledAt: true, passwordChangedAt: true, lastLoginAt: true, cis2Subject: true },
  });
  const sessions = await db.session.count({ where: { userId: actor.userId, expiresAt: { gt: new Date() } } });
  return { ...user, linkedToCis2: user.cis2Subject !== null, cis2Subject: undefined, sessions };
}

/**
 * The emails a person may stop. Notices a contract or the framework requires (termination,
 * flags, switching timetables, assurance lapses of their own solutions, invitations, password
 * links) are not preferences and are always sent.
 */
export const preferencesSchema = z.object({
  emails: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(["expiryReminders", "summaries"], { error: "Select only the emails listed" })).max(2)),
});

export async function savePreferences(db: Db, actor: Actor, wanted: readonly ("expiryReminders" | "summaries")[]) {
  assertOwnAccount(actor, "update");
  const data = { expiryRemindersOff: !wanted.includes("expiryReminders"), summariesOff: !wanted.includes("summaries") };
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { expiryRemindersOff: true, summariesOff: true } });
    await tx.user.update({ where: { id: actor.userId }, data });
    await recordAudit(tx, { actor: auditActor(actor), action: "account.preferences", objectType: "User", objectId: actor.userId, before, after: data });
  });
}

export const changePasswordSchema = withNewPassword({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200, "Password must be 200 characters or fewer"),
});

export type ChangePasswordResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; field: "currentPassword" | "password"; message: string; limited?: Extract<RateLimitDecision, { allowed: false }> };

/**
 * Changes the password when the current one is right. Wrong guesses count against the
 * network's sign-in failure limit, so a session left open cannot be used to try passwords
 * without end. Every other session ends; this one stays signed in.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; password: string },
  context: { network: string; ip: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  assertOwnAccount(actor, "update");
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const decision = await consume(db, context.network, RATE_LIMITS.signInFailuresPerNetwork, now);
    await recordAudit(db, { actor: auditActor(actor), action: "auth.passwordChangeFailed", objectType: "User", objectId: actor.userId, ip: context.ip });
    if (!decision.allowed) return { ok: false, field: "currentPassword", message: "There have been too many wrong passwords. Try again later.", limited: decision };
    return { ok: false, field: "currentPassword", message: "Your current password is not right" };
  }
  if (input.password === input.currentPassword) return { ok: false, field: "password", message: "Choose a password different from your current one" };
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash, passwordChangedAt: now } });
    const ended = await tx.session.deleteMany({ where: { userId: actor.userId, id: { not: actor.sessionId } } });
    // A forgotten-password link asked for earlier would undo this change: spend it.
    await tx.passwordReset.updateMany({ where: { userId: actor.userId, usedAt: null }, data: { usedAt: now } });
    await recordAudit(tx, { actor: auditActor(actor), action: "auth.passwordChanged", objectType: "User", objectId: actor.userId, after: { sessionsEnded: ended.count }, ip: context.ip });
    return { ok: true as const, sessionsEnded: ended.count };
  });
}

/** The person's sessions still open, newest use first, this one marked. */
export async function listSessions(db: Db, actor: Actor, now = new Date()) {
  assertOwnAccount(actor, "read");
  const sessions = await db.session.findMany({
    where: { userId: actor.userId, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true, method: true },
  });
  return sessions.map((session) => ({ ...session, current: session.id === actor.sessionId }));
}

/**
 * Ends one of the person's other sessions, or all of them (`sessionId` "others"). A session
 * id here is the hash the database keeps, never a cookie's token, so showing it to its owner
 * gives nothing away; another person's id matches nothing because the query is by owner.
 */
export async function endSessions(db: Db, actor: Actor, sessionId: string, context: { ip: string }): Promise<number> {
  assertOwnAccount(actor, "update");
  const where = sessionId === "others" ? { userId: actor.userId, id: { not: actor.sessionId } } : { userId: actor.userId, id: sessionId === actor.sessionId ? "__current__" : sessionId };
  return db.$transaction(async (tx) => {
    const ended = await tx.session.deleteMany({ where });
    if (ended.count > 0) {
      await recordAudit(tx, { actor: auditActor(actor), action: "auth.sessionsEnded", objectType: "User", objectId: actor.userId, after: { sessionsEnded: ended.count, which: sessionId === "others" ? "all others" : "one" }, ip: context.ip });
    }
    return ended.count;
  });
}
