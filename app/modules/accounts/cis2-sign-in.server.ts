import type { UserRole } from "../../../generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { consume, peek, RATE_LIMITS, type RateLimitDecision } from "~/modules/rate-limits/rate-limits.server";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import { matchCis2Account, normaliseEmail, type Cis2Claims, type Cis2RefusalReason } from "./cis2-match";

/**
 * The database side of an NHS CIS2 sign-in (issue 14): find the account the rules in
 * cis2-match.ts choose, link the CIS2 subject to it the first time, and put every refusal in
 * the audit trail. The session itself is made by session.server.ts `createSession`, which
 * audits the sign-in. CIS2 has already authenticated the person at a high assurance level
 * (smartcard or authenticator), so no second factor of the catalogue's own is asked for.
 */

export type Cis2SignInResult = { ok: true; userId: string; role: UserRole; linked: boolean } | { ok: false; reason: Cis2RefusalReason; userId: string | null };

const candidateFields = { id: true, email: true, isActive: true, cis2Subject: true, role: true, organisationId: true } as const;

export async function signInWithCis2(db: Db, claims: Cis2Claims, { ip, network }: { ip: string; network: string }, now = new Date()): Promise<Cis2SignInResult> {
  const email = normaliseEmail(claims.email);
  const [bySubject, byEmail] = await Promise.all([
    db.user.findUnique({ where: { cis2Subject: claims.sub }, select: candidateFields }),
    email ? db.user.findUnique({ where: { email }, select: candidateFields }) : null,
  ]);
  const match = matchCis2Account(claims, bySubject, byEmail);
  if (match.kind === "refuse") return refuseCis2SignIn(db, match.reason, { ip, network, userId: match.userId, subject: claims.sub, email });

  const user = (match.kind === "signIn" ? bySubject : byEmail)!;
  if (match.kind === "signIn") {
    await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    return { ok: true, userId: user.id, role: user.role, linked: false };
  }
  try {
    const linked = await db.$transaction(async (tx) => {
      // Conditional, so two first sign-ins at once, or a deactivation in between, cannot both win.
      const { count } = await tx.user.updateMany({ where: { id: user.id, cis2Subject: null, isActive: true }, data: { cis2Subject: claims.sub, lastLoginAt: now } });
      if (count !== 1) return false;
      await recordAudit(tx, {
        actor: { userId: user.id, role: user.role, organisationId: user.organisationId },
        action: "auth.ssoLinked",
        objectType: "User",
        objectId: user.id,
        before: { cis2Subject: null },
        after: { cis2Subject: claims.sub, email: user.email, method: "cis2" },
        ip,
      });
      return true;
    });
    if (linked) return { ok: true, userId: user.id, role: user.role, linked: true };
  } catch (error) {
    // The same subject linked to another account in the meantime.
    if (!isUniqueViolation(error)) throw error;
  }
  return refuseCis2SignIn(db, "subject-mismatch", { ip, network, userId: user.id, subject: claims.sub, email });
}

/** Whether this network may try again: refusals count with failed password sign-ins (the same per-network limit). */
export function cis2SignInAllowed(db: Db, network: string, now = new Date()): Promise<RateLimitDecision> {
  return peek(db, network, RATE_LIMITS.signInFailuresPerNetwork, now);
}

/**
 * A refused CIS2 sign-in in the audit trail, against the account when there is one. Counted
 * against the network, so the callback cannot be used to fill the audit table.
 */
export async function refuseCis2SignIn(
  db: Db,
  reason: Cis2RefusalReason,
  details: { ip: string; network: string; userId?: string | null; subject?: string | null; email?: string | null; providerError?: string | null },
  now = new Date(),
): Promise<Extract<Cis2SignInResult, { ok: false }>> {
  await consume(db, details.network, RATE_LIMITS.signInFailuresPerNetwork, now);
  const after: Record<string, string> = { method: "cis2", reason };
  if (details.subject) after.subject = details.subject.slice(0, 255);
  if (details.email) after.email = details.email.slice(0, 254);
  if (details.providerError) after.providerError = details.providerError.slice(0, 60);
  await recordAudit(db, {
    actor: null,
    action: "auth.ssoRefused",
    objectType: details.userId ? "User" : "SignIn",
    objectId: details.userId ?? "cis2",
    after,
    ip: details.ip,
  });
  return { ok: false, reason, userId: details.userId ?? null };
}
