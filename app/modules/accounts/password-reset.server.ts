import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueue, registerOutboxHandler } from "~/modules/outbox/outbox.server";
import { consume, RATE_LIMITS, type RateLimitDecision } from "~/modules/rate-limits/rate-limits.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Db } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { hashToken } from "~/utils/session.server";
import { withNewPassword } from "./new-password.server";
import { isWellFormedToken, RESET_LINK_MINUTES, resetLinkExpiry, resetLinkState, type ResetLinkState } from "./reset-token";

/**
 * Forgotten password (issue 14).
 *
 * Asking for a link gives the same answer after the same work whether or not the address
 * has an account: the request only puts the address on the outbox, one insert either way.
 * The job worker then looks the address up and, for an active account, makes the link and
 * emails it; for anything else it sends nothing. So neither the page nor its timing says who
 * has an account. Requests are limited per network and per address (RATE_LIMITS).
 *
 * The link's token is random, stored only as its SHA-256, valid for an hour and once; using
 * it sets the password (the same rule as invitations), ends every session of the account,
 * clears a lockout and is audited. The staff mailbox masks tokens in links (mask-secrets.ts).
 */
export const PASSWORD_RESET_TOPIC = "account.passwordReset";

export const resetRequestSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.nhs.net"))
    .transform((e) => e.toLowerCase()),
});

export const resetPasswordSchema = withNewPassword({});

export type ResetRequestResult = { ok: true } | { ok: false; limited: Extract<RateLimitDecision, { allowed: false }> };

/**
 * Asks for a link for `email`. Only a network over its limit is told to wait: a busy address
 * gets the ordinary answer with nothing sent, or the limit would say the address is known.
 */
export async function requestPasswordReset(db: Db, input: { email: string; network: string; ip: string }, now = new Date()): Promise<ResetRequestResult> {
  const network = await consume(db, input.network, RATE_LIMITS.passwordResetsPerNetwork, now);
  if (!network.allowed) return { ok: false, limited: network };
  const address = await consume(db, input.email, RATE_LIMITS.passwordResetsPerAddress, now);
  if (address.allowed) await enqueue(db, PASSWORD_RESET_TOPIC, { email: input.email, ip: input.ip, requestedAt: now.toISOString() });
  return { ok: true };
}

const resetEmail = emailTemplate((p: { name: string; url: string; minutes: number }) => ({
  subject: "Reset your Buying Catalogue password",
  greeting: `Dear ${p.name},`,
  paragraphs: [
    "Someone asked to reset the password of your NHS Buying Catalogue account. If it was you, choose a new password using the link below.",
    `The link works once and for ${p.minutes} minutes. Choosing a new password signs your account out everywhere.`,
    "If you did not ask, you can ignore this email: your password has not changed. If it keeps happening, contact the Buying Catalogue team.",
  ],
  link: { text: "Choose a new password", url: p.url },
}));

/** The worker's half of a request: a link for an active account, nothing for anyone else. */
export async function issuePasswordReset(db: Db, payload: { email: string; ip?: string | null; requestedAt?: string }, now = new Date()): Promise<"sent" | "no-account" | "deactivated"> {
  const user = await db.user.findUnique({ where: { email: payload.email }, select: { id: true, name: true, email: true, role: true, organisationId: true, isActive: true } });
  if (!user) return "no-account";
  if (!user.isActive) {
    await recordAudit(db, { actor: null, action: "auth.passwordResetRefused", objectType: "User", objectId: user.id, after: { reason: "deactivated" }, ip: payload.ip ?? null });
    return "deactivated";
  }
  const token = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    const reset = await tx.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: resetLinkExpiry(now), ip: payload.ip ?? null, createdAt: now } });
    await recordAudit(tx, { actor: null, action: "auth.passwordResetRequested", objectType: "User", objectId: user.id, after: { reset: reset.id }, ip: payload.ip ?? null });
    await queueEmail(tx, { to: user.email, ...resetEmail({ name: user.name, url: appUrl(`/reset-password/${token}`), minutes: RESET_LINK_MINUTES }), dedupeKey: `password-reset:${reset.id}` });
  });
  return "sent";
}

registerOutboxHandler(PASSWORD_RESET_TOPIC, async (message, { db }) => {
  const payload = z.object({ email: z.string().max(254), ip: z.string().nullish(), requestedAt: z.string().optional() }).parse(message.payload);
  await issuePasswordReset(db, payload);
});

/** What the link with `token` can do now, and whose account it is for. */
export async function findPasswordReset(db: Db, token: unknown, now = new Date()): Promise<{ state: ResetLinkState; resetId?: string; userId?: string }> {
  if (!isWellFormedToken(token)) return { state: "unknown" };
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { isActive: true } } } });
  // A link for an account deactivated since it was sent is as good as unknown.
  if (reset && !reset.user.isActive) return { state: "unknown" };
  return { state: resetLinkState(reset, now), resetId: reset?.id, userId: reset?.userId };
}

export type ResetResult = { ok: true; userId: string } | { ok: false; state: Exclude<ResetLinkState, "valid"> };

/**
 * Sets the new password through the link, once: the link is claimed by a conditional UPDATE
 * inside the transaction, so two posts of the same form set the password once.
 */
export async function resetPassword(db: Db, token: unknown, password: string, context: { ip: string }, now = new Date()): Promise<ResetResult> {
  const found = await findPasswordReset(db, token, now);
  if (found.state !== "valid" || !found.resetId || !found.userId) return { ok: false, state: found.state === "valid" ? "unknown" : found.state };
  const passwordHash = await hashPassword(password);
  const { resetId, userId } = found;
  return db.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({ where: { id: resetId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) return { ok: false as const, state: "used" as const };
    const user = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null },
      select: { id: true, role: true, organisationId: true },
    });
    // Any other link sent before this one is spent too: the password they would reset is gone.
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const ended = await tx.session.deleteMany({ where: { userId } });
    await tx.signInChallenge.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor: { userId: user.id, role: user.role, organisationId: user.organisationId },
      action: "auth.passwordReset",
      objectType: "User",
      objectId: user.id,
      after: { reset: resetId, sessionsEnded: ended.count },
      ip: context.ip,
    });
    return { ok: true as const, userId };
  });
}

export function resetLinkProblem(state: Exclude<ResetLinkState, "valid">): string {
  switch (state) {
    case "expired":
      return `This link has expired: links to reset a password work for ${RESET_LINK_MINUTES} minutes. Ask for a new one.`;
    case "used":
      return "This link has already been used. If you still need to reset your password, ask for a new link.";
    case "unknown":
      return "This link is not valid. Check you copied the whole link from the email, or ask for a new one.";
  }
}
