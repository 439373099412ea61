import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import type { UserRole } from "../../../generated/prisma/client";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { consume, peek, RATE_LIMITS } from "~/modules/rate-limits/rate-limits.server";
import type { Db, DbClient } from "~/utils/db.server";
import { hashToken } from "~/utils/session.server";
import { openSecret, sealSecret } from "./secret-box.server";
import {
  CHALLENGE_ATTEMPTS,
  CHALLENGE_MINUTES,
  checkTotp,
  groupedKey,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  normaliseTotpCode,
  otpauthUri,
  recoveryCodeHash,
} from "./totp";

/**
 * Two-factor sign-in (issue 14): TOTP with single-use recovery codes. Required for commercial
 * staff (they can end suppliers' contracts), offered to everyone else.
 *
 * Signing in is two steps. The right password makes a sign-in challenge, not a session: a
 * row keyed by the SHA-256 of a random token that only the person's short-lived cookie holds.
 * The session is made only once a code is accepted; 5 wrong codes end the challenge, and
 * wrong codes for one account are also limited across challenges (RATE_LIMITS), so knowing
 * the password does not allow guessing codes without end.
 *
 * A code is used once: the last accepted time step is kept and the claim of a new one is a
 * single UPDATE … WHERE totp_last_step IS NULL OR totp_last_step < step, so of two
 * submissions of one code (or two challenges racing) exactly one passes. Recovery codes are
 * claimed the same way (UPDATE … WHERE used_at IS NULL).
 */

/** Staff must use a second factor; everyone else may. */
export function secondFactorRequired(role: UserRole): boolean {
  return role === "AUTHORITY";
}

type TwoFactorUser = {
  id: string;
  email: string;
  role: UserRole;
  organisationId: string;
  isActive: boolean;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
};

const USER_FIELDS = { id: true, email: true, role: true, organisationId: true, isActive: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true } as const;

const auditActorOf = (user: Pick<TwoFactorUser, "id" | "role" | "organisationId">): AuditActor => ({ userId: user.id, role: user.role, organisationId: user.organisationId });

export type CodeFailure = "format" | "wrong" | "used";

// ───────── Status and enrolment ─────────

export type TwoFactorStatus = {
  enabledAt: Date | null;
  /** A secret was made but not yet confirmed with a code. */
  pending: boolean;
  recoveryCodesLeft: number;
  required: boolean;
};

export async function twoFactorStatus(db: DbClient, userId: string): Promise<TwoFactorStatus> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
  const recoveryCodesLeft = user.totpEnabledAt ? await db.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { enabledAt: user.totpEnabledAt, pending: !user.totpEnabledAt && user.totpSecret !== null, recoveryCodesLeft, required: secondFactorRequired(user.role) };
}

/** What the set-up page shows: the QR code (inline SVG) and the key to type by hand. */
export type Enrolment = { qrSvg: string; key: string; uri: string };

async function enrolmentOf(secret: string, email: string): Promise<Enrolment> {
  const uri = otpauthUri(secret, email);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { qrSvg, key: groupedKey(secret), uri };
}

/**
 * Starts (or, with `restart`, starts again) setting up an authenticator for someone not yet
 * using one: a new secret, stored sealed and not yet enabled. Without `restart` a secret
 * already waiting is kept, so reloading the page does not change the QR code someone may
 * have scanned. Null when two-factor is already on (it is never replaced without a code).
 */
export async function startEnrolment(db: DbClient, userId: string, options: { restart?: boolean } = {}): Promise<Enrolment | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
  if (user.totpEnabledAt) return null;
  const waiting = user.totpSecret ? openSecret(user.totpSecret, user.id) : null;
  if (waiting && !options.restart) return enrolmentOf(waiting, user.email);
  const secret = newTotpSecret();
  // Only while still not enabled: a confirmation racing this keeps its secret.
  const { count } = await db.user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpSecret: sealSecret(secret, userId), totpLastStep: null } });
  return count === 1 ? enrolmentOf(secret, user.email) : null;
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: CodeFailure | "not-started" };

/**
 * Confirms set-up with a code from the app: two-factor is on from now, the code's step is
 * used, and 10 new recovery codes are made (returned to show once; only hashes are kept).
 */
async function confirmEnrolmentIn(db: DbClient, userId: string, code: unknown, ip: string | null, now: Date): Promise<ConfirmResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
  const secret = !user.totpEnabledAt && user.totpSecret ? openSecret(user.totpSecret, user.id) : null;
  if (!secret || !user.totpSecret) return { ok: false, reason: "not-started" };
  const check = checkTotp(secret, code, now, user.totpLastStep);
  if (!check.ok) return check;
  const { count } = await db.user.updateMany({
    // The very secret checked, still waiting, and the step not used: one statement decides.
    where: { id: userId, totpEnabledAt: null, totpSecret: user.totpSecret, OR: [{ totpLastStep: null }, { totpLastStep: { lt: check.step } }] },
    data: { totpEnabledAt: now, totpLastStep: check.step },
  });
  if (count !== 1) return { ok: false, reason: "used" };
  const recoveryCodes = await replaceRecoveryCodes(db, userId, now);
  await recordAudit(db, { actor: auditActorOf(user), action: "auth.mfaEnrol", objectType: "User", objectId: userId, after: { method: "totp", recoveryCodes: recoveryCodes.length }, ip });
  return { ok: true, recoveryCodes };
}

/** Confirms set-up from the account page (signed in). */
export function confirmEnrolment(db: Db, userId: string, code: unknown, ip: string | null, now = new Date()): Promise<ConfirmResult> {
  return db.$transaction((tx) => confirmEnrolmentIn(tx, userId, code, ip, now));
}

async function replaceRecoveryCodes(db: DbClient, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code), createdAt: now })) });
  return codes;
}

// ───────── Codes for people signed in (the account page) ─────────

/**
 * Checks a current code of someone signed in and uses its step, so the same code cannot
 * also be used to sign in. Wrong codes count towards the account's limit.
 */
async function claimCurrentCode(db: DbClient, user: TwoFactorUser, code: unknown, ip: string | null, now: Date): Promise<{ ok: true } | { ok: false; reason: CodeFailure | "not-enabled" | "throttled" }> {
  const secret = user.totpEnabledAt && user.totpSecret ? openSecret(user.totpSecret, user.id) : null;
  if (!secret) return { ok: false, reason: "not-enabled" };
  if (!normaliseTotpCode(code)) return { ok: false, reason: "format" };
  if (!(await peek(db, throttleKey(user.id), RATE_LIMITS.secondFactorFailuresPerAccount, now)).allowed) return { ok: false, reason: "throttled" };
  const check = checkTotp(secret, code, now, user.totpLastStep);
  const claimed = check.ok && (await claimStep(db, user.id, check.step));
  if (claimed) return { ok: true };
  const reason = check.ok ? "used" : check.reason;
  await countFailure(db, user, reason, ip, now, { where: "account" });
  return { ok: false, reason };
}

/** The one check-and-set of a time step: true when this call is the one that used it. */
async function claimStep(db: DbClient, userId: string, step: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

const throttleKey = (userId: string) => `account:${userId}`;

async function countFailure(db: DbClient, user: Pick<TwoFactorUser, "id">, reason: CodeFailure | "recovery-code", ip: string | null, now: Date, details: Record<string, string | number | boolean>) {
  // A used code is not a guess (it was right a moment ago): only wrong ones count towards the limit.
  if (reason === "wrong" || reason === "recovery-code") await consume(db, throttleKey(user.id), RATE_LIMITS.secondFactorFailuresPerAccount, now);
  await recordAudit(db, { actor: null, action: "auth.mfaFailed", objectType: "User", objectId: user.id, after: { reason, ...details }, ip });
}

export type AccountCodeResult = { ok: true; recoveryCodes?: string[] } | { ok: false; reason: CodeFailure | "not-enabled" | "throttled" | "required" };

/** New recovery codes (the old ones stop working), for someone signed in who gives a current code. */
export function regenerateRecoveryCodes(db: Db, userId: string, code: unknown, ip: string | null, now = new Date()): Promise<AccountCodeResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
    const claimed = await claimCurrentCode(tx, user, code, ip, now);
    if (!claimed.ok) return claimed;
    const recoveryCodes = await replaceRecoveryCodes(tx, userId, now);
    await recordAudit(tx, { actor: auditActorOf(user), action: "auth.recoveryCodesRegenerated", objectType: "User", objectId: userId, after: { recoveryCodes: recoveryCodes.length }, ip });
    return { ok: true, recoveryCodes };
  });
}

/** Turns two-factor off, given a current code; never for commercial staff, who must use it. */
export function turnOffTwoFactor(db: Db, userId: string, code: unknown, ip: string | null, now = new Date()): Promise<AccountCodeResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
    if (secondFactorRequired(user.role)) return { ok: false, reason: "required" };
    const claimed = await claimCurrentCode(tx, user, code, ip, now);
    if (!claimed.ok) return claimed;
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit(tx, { actor: auditActorOf(user), action: "auth.mfaDisabled", objectType: "User", objectId: userId, before: { enabledAt: user.totpEnabledAt!.toISOString() }, ip });
    return { ok: true };
  });
}

// ───────── Sign-in challenges ─────────

/** Whether this person's sign-in needs a second step, and which: their code, or setting up an app first. */
export function secondStepFor(user: Pick<TwoFactorUser, "role" | "totpEnabledAt">): "code" | "set-up" | null {
  if (user.totpEnabledAt) return "code";
  return secondFactorRequired(user.role) ? "set-up" : null;
}

/**
 * After the right password: the second step this person needs, with the token for the
 * challenge cookie, or null when the password is enough. `redirectTo` must already be a safe path.
 */
export async function startSignInChallenge(
  db: DbClient,
  input: { userId: string; redirectTo: string | null },
  now = new Date(),
): Promise<{ step: "code" | "set-up"; token: string; expiresAt: Date } | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: USER_FIELDS });
  const step = secondStepFor(user);
  if (!step) return null;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  // The person's challenges that are over are of no more use to anyone.
  await db.signInChallenge.deleteMany({ where: { userId: user.id, expiresAt: { lte: now } } });
  await db.signInChallenge.create({ data: { id: hashToken(token), userId: user.id, redirectTo: input.redirectTo?.slice(0, 2000) ?? null, expiresAt, createdAt: now } });
  return { step, token, expiresAt };
}

export type OpenChallenge = {
  id: string;
  redirectTo: string | null;
  attemptsLeft: number;
  step: "code" | "set-up";
  user: { id: string; email: string; role: UserRole };
};

/** The challenge a cookie's token opens, while it lasts and its person may still sign in; else null. */
export async function readSignInChallenge(db: DbClient, token: unknown, now = new Date()): Promise<OpenChallenge | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const challenge = await db.signInChallenge.findUnique({ where: { id: hashToken(token) }, include: { user: { select: USER_FIELDS } } });
  if (!challenge || challenge.expiresAt <= now || challenge.attempts >= CHALLENGE_ATTEMPTS || !challenge.user.isActive) return null;
  const step = secondStepFor(challenge.user);
  if (!step) return null;
  return {
    id: challenge.id,
    redirectTo: challenge.redirectTo,
    attemptsLeft: CHALLENGE_ATTEMPTS - challenge.attempts,
    step,
    user: { id: challenge.user.id, email: challenge.user.email, role: challenge.user.role },
  };
}

export type ChallengeResult =
  | { ok: true; userId: string; role: UserRole; redirectTo: string | null; recoveryCodes?: string[]; recoveryCodesLeft?: number }
  | { ok: false; reason: CodeFailure | "recovery-code"; attemptsLeft: number }
  | { ok: false; reason: "ended" | "throttled" };

type ChallengeAnswer = { totp: unknown } | { recoveryCode: unknown };

/** Thrown inside a transaction to undo a claim whose challenge turned out to be gone. */
class ChallengeGone extends Error {}

/**
 * The second step of signing in: a TOTP code (or, for someone signing in while setting up
 * their app, the code that confirms it), or a recovery code. On success the challenge is
 * used up and the caller makes the session. Badly formed input changes nothing; a wrong or
 * used code counts one of the challenge's 5 attempts, and the fifth ends it.
 */
export async function answerSignInChallenge(db: Db, token: unknown, answer: ChallengeAnswer, ip: string | null, now = new Date()): Promise<ChallengeResult> {
  const challenge = await readSignInChallenge(db, token, now);
  if (!challenge) return { ok: false, reason: "ended" };
  const isRecovery = "recoveryCode" in answer;
  const wellFormed = isRecovery ? normaliseRecoveryCode(answer.recoveryCode) : normaliseTotpCode(answer.totp);
  if (!wellFormed) return { ok: false, reason: "format", attemptsLeft: challenge.attemptsLeft };
  if (!(await peek(db, throttleKey(challenge.user.id), RATE_LIMITS.secondFactorFailuresPerAccount, now)).allowed) return { ok: false, reason: "throttled" };

  let outcome: { ok: true; recoveryCodes?: string[]; recoveryCodesLeft?: number } | { ok: false; reason: CodeFailure | "recovery-code" };
  try {
    outcome = await db.$transaction(async (tx) => {
      const result = await claimAnswer(tx, challenge, answer, ip, now);
      if (!result.ok) return result;
      // Used up in the same transaction as the claim: if another request finished this
      // sign-in first, the claim is undone and this one is told to sign in again.
      const { count } = await tx.signInChallenge.deleteMany({ where: { id: challenge.id, expiresAt: { gt: now } } });
      if (count !== 1) throw new ChallengeGone();
      return result;
    });
  } catch (error) {
    if (error instanceof ChallengeGone) return { ok: false, reason: "ended" };
    throw error;
  }
  if (outcome.ok) {
    const { recoveryCodes, recoveryCodesLeft } = outcome;
    return { ok: true, userId: challenge.user.id, role: challenge.user.role, redirectTo: challenge.redirectTo, recoveryCodes, recoveryCodesLeft };
  }
  return failChallenge(db, challenge, outcome.reason, ip, now);
}

async function claimAnswer(
  tx: DbClient,
  challenge: OpenChallenge,
  answer: ChallengeAnswer,
  ip: string | null,
  now: Date,
): Promise<{ ok: true; recoveryCodes?: string[]; recoveryCodesLeft?: number } | { ok: false; reason: CodeFailure | "recovery-code" }> {
  const userId = challenge.user.id;
  if ("recoveryCode" in answer) {
    if (challenge.step !== "code") return { ok: false, reason: "recovery-code" };
    const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: recoveryCodeHash(String(answer.recoveryCode)), usedAt: null }, data: { usedAt: now } });
    if (count !== 1) return { ok: false, reason: "recovery-code" };
    const recoveryCodesLeft = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
    await recordAudit(tx, { actor: auditActorOf(user), action: "auth.recoveryCodeUsed", objectType: "User", objectId: userId, after: { recoveryCodesLeft }, ip });
    return { ok: true, recoveryCodesLeft };
  }
  if (challenge.step === "set-up") return confirmEnrolmentIn(tx, userId, answer.totp, ip, now).then((r) => (r.ok ? r : { ok: false, reason: r.reason === "not-started" ? "wrong" : r.reason }));
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: USER_FIELDS });
  const secret = user.totpSecret ? openSecret(user.totpSecret, userId) : null;
  if (!secret) return { ok: false, reason: "wrong" };
  const check = checkTotp(secret, answer.totp, now, user.totpLastStep);
  if (!check.ok) return check;
  return (await claimStep(tx, userId, check.step)) ? { ok: true } : { ok: false, reason: "used" };
}

async function failChallenge(db: Db, challenge: OpenChallenge, reason: CodeFailure | "recovery-code", ip: string | null, now: Date): Promise<ChallengeResult> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.signInChallenge.updateMany({ where: { id: challenge.id, attempts: { lt: CHALLENGE_ATTEMPTS } }, data: { attempts: { increment: 1 } } });
    const row = count === 1 ? await tx.signInChallenge.findUnique({ where: { id: challenge.id }, select: { attempts: true } }) : null;
    const attempts = row?.attempts ?? CHALLENGE_ATTEMPTS;
    const ended = attempts >= CHALLENGE_ATTEMPTS;
    if (ended) await tx.signInChallenge.deleteMany({ where: { id: challenge.id } });
    await countFailure(tx, challenge.user, reason, ip, now, { where: "sign-in", attempt: attempts, ended });
    return ended ? { ok: false, reason: "ended" } : { ok: false, reason, attemptsLeft: CHALLENGE_ATTEMPTS - attempts };
  });
}

/** The set-up a sign-in challenge's person sees (staff setting up their app at first sign-in). */
export function enrolmentForChallenge(db: DbClient, challenge: OpenChallenge): Promise<Enrolment | null> {
  return challenge.step === "set-up" ? startEnrolment(db, challenge.user.id) : Promise.resolve(null);
}
