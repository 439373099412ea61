import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { consume, peek, RATE_LIMITS, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import type { Db } from "~/utils/db.server";
import { verifyAgainstDecoy, verifyPassword } from "~/utils/password.server";

/**
 * Sign-in with lockout and rate limits (DESIGN.md §7). The same answer, after the same
 * work, for a wrong password and an unknown email, so the form cannot be used to find out
 * who has an account; lockout counts failures per email address, known or not, for the
 * same reason.
 *
 * Two limits, counted differently on purpose:
 * - per account: 5 failures lock it for 15 minutes; a success clears the count (the person
 *   has shown they know the password), stored in login_attempts;
 * - per network: failed sign-ins from one network in any 15 minutes, in the shared rate
 *   limiter. Successes do not reset it, or an attacker with one account of their own could
 *   sign in between guesses and spray passwords at everyone else's without end.
 */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const NETWORK_FAILURE_LIMIT = RATE_LIMITS.signInFailuresPerNetwork.limit;
export const LOCKOUT_MINUTES = 15;

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.nhs.net")),
  password: z.string().min(1, "Enter your password").max(200, "Password must be 200 characters or fewer"),
  redirectTo: z.string().max(2000).optional(),
});

export type SignInResult =
  | { ok: true; userId: string; role: string }
  | { ok: false; reason: "invalid" | "locked" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

const accountKey = (email: string) => `account:${email}`;

async function recentFailures(db: Db, key: string, since: Date) {
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { key, succeeded: true, attemptedAt: { gte: since } },
    orderBy: { attemptedAt: "desc" },
    select: { attemptedAt: true },
  });
  return db.loginAttempt.count({ where: { key, succeeded: false, attemptedAt: { gte: lastSuccess?.attemptedAt ?? since } } });
}

async function recordAttempt(db: Db, email: string, succeeded: boolean, at: Date) {
  await db.loginAttempt.create({ data: { key: accountKey(email), succeeded, attemptedAt: at } });
}

/**
 * A failed sign-in in the audit trail (issue 14): against the account when the email is one,
 * otherwise against the address typed, so staff can see a password being sprayed at
 * addresses that do not exist. Bounded by the per-network limit, which is checked first.
 */
function auditFailure(db: Db, input: { email: string; ip?: string }, user: { id: string } | null, action: "auth.signInFailed" | "auth.lockout", reason: string) {
  return recordAudit(db, {
    actor: null,
    action,
    objectType: user ? "User" : "SignIn",
    objectId: user ? user.id : input.email.slice(0, 254),
    after: { email: input.email.slice(0, 254), reason },
    ip: input.ip ?? null,
  });
}

/**
 * `network` is the rate limiter's key for where the request came from (`networkKey(request)`),
 * `ip` the address for the audit trail. A success is audited when its session is made
 * (session.server.ts `createSession`), since a second factor may still be asked for.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; network: string; ip?: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000);
  const networkLimit = RATE_LIMITS.signInFailuresPerNetwork;

  const network = await peek(db, input.network, networkLimit, now);
  if (!network.allowed) {
    await verifyAgainstDecoy(input.password);
    return { ok: false, reason: "rate-limited", retryAfterSeconds: network.retryAfterSeconds };
  }
  const user = await db.user.findUnique({ where: { email } });
  const lockedByCount = (await recentFailures(db, accountKey(email), windowStart)) >= ACCOUNT_FAILURE_LIMIT;
  if (lockedByCount || (user?.lockedUntil && user.lockedUntil > now)) {
    await verifyAgainstDecoy(input.password);
    await auditFailure(db, { ...input, email }, user, "auth.signInFailed", "locked");
    return { ok: false, reason: "locked" };
  }

  const valid = user && user.isActive ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
  if (!valid || !user) {
    await recordAttempt(db, email, false, now);
    await consume(db, input.network, networkLimit, now);
    if (user) {
      const failed = user.failedLoginCount + 1;
      const locks = failed >= ACCOUNT_FAILURE_LIMIT;
      await db.user.update({
        where: { id: user.id },
        data: { failedLoginCount: locks ? 0 : failed, lockedUntil: locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : undefined },
      });
      if (locks) {
        await auditFailure(db, { ...input, email }, user, "auth.lockout", `${ACCOUNT_FAILURE_LIMIT} failed sign-ins`);
        return { ok: false, reason: "locked" };
      }
    } else if ((await recentFailures(db, accountKey(email), windowStart)) >= ACCOUNT_FAILURE_LIMIT) {
      await auditFailure(db, { ...input, email }, null, "auth.lockout", `${ACCOUNT_FAILURE_LIMIT} failed sign-ins`);
      return { ok: false, reason: "locked" };
    }
    await auditFailure(db, { ...input, email }, user, "auth.signInFailed", user && !user.isActive ? "deactivated" : "wrong email or password");
    return { ok: false, reason: "invalid" };
  }

  await recordAttempt(db, email, true, now);
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, userId: user.id, role: user.role };
}

export function signInMessage(result: Exclude<SignInResult, { ok: true }>): string {
  switch (result.reason) {
    case "invalid":
      return "Enter a correct email address and password";
    case "locked":
      return `There have been too many attempts to log in to this account. Wait ${LOCKOUT_MINUTES} minutes and try again.`;
    case "rate-limited":
      return retryMessage({ allowed: false, retryAfterSeconds: result.retryAfterSeconds }, "attempts to log in");
  }
}
