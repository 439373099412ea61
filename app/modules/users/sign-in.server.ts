import { z } from "zod";
import type { Db } from "~/utils/db.server";
import { verifyAgainstDecoy, verifyPassword } from "~/utils/password.server";

/**
 * Sign-in with lockout and rate limits (DESIGN.md §7). The same answer, after the same
 * work, for a wrong password and an unknown email, so the form cannot be used to find out
 * who has an account; lockout counts failures per email address, known or not, for the
 * same reason.
 */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 30;
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
  | { ok: false; reason: "invalid" | "locked" | "rate-limited" };

const accountKey = (email: string) => `account:${email}`;
const ipKey = (ip: string) => `ip:${ip}`;

async function recentFailures(db: Db, key: string, since: Date) {
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { key, succeeded: true, attemptedAt: { gte: since } },
    orderBy: { attemptedAt: "desc" },
    select: { attemptedAt: true },
  });
  return db.loginAttempt.count({ where: { key, succeeded: false, attemptedAt: { gte: lastSuccess?.attemptedAt ?? since } } });
}

async function recordAttempt(db: Db, keys: string[], succeeded: boolean, at: Date) {
  await db.loginAttempt.createMany({ data: keys.map((key) => ({ key, succeeded, attemptedAt: at })) });
}

export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const windowStart = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000);
  const keys = [accountKey(email), ipKey(input.ip)];

  if ((await recentFailures(db, ipKey(input.ip), windowStart)) >= IP_FAILURE_LIMIT) {
    await verifyAgainstDecoy(input.password);
    return { ok: false, reason: "rate-limited" };
  }
  const user = await db.user.findUnique({ where: { email } });
  const lockedByCount = (await recentFailures(db, accountKey(email), windowStart)) >= ACCOUNT_FAILURE_LIMIT;
  if (lockedByCount || (user?.lockedUntil && user.lockedUntil > now)) {
    await verifyAgainstDecoy(input.password);
    return { ok: false, reason: "locked" };
  }

  const valid = user && user.isActive ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
  if (!valid || !user) {
    await recordAttempt(db, keys, false, now);
    if (user) {
      const failed = user.failedLoginCount + 1;
      const locks = failed >= ACCOUNT_FAILURE_LIMIT;
      await db.user.update({
        where: { id: user.id },
        data: { failedLoginCount: locks ? 0 : failed, lockedUntil: locks ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : undefined },
      });
      if (locks) return { ok: false, reason: "locked" };
    } else if ((await recentFailures(db, accountKey(email), windowStart)) >= ACCOUNT_FAILURE_LIMIT) {
      return { ok: false, reason: "locked" };
    }
    return { ok: false, reason: "invalid" };
  }

  await recordAttempt(db, keys, true, now);
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, userId: user.id, role: user.role };
}

export const signInMessages: Record<Exclude<SignInResult, { ok: true }>["reason"], string> = {
  invalid: "Enter a correct email address and password",
  locked: `There have been too many attempts to log in to this account. Wait ${LOCKOUT_MINUTES} minutes and try again.`,
  "rate-limited": "There have been too many attempts to log in from your network. Wait 15 minutes and try again.",
};
