/**
 * Which Buying Catalogue account an NHS CIS2 sign-in belongs to (issue 14). CIS2 proves who
 * the person is; the catalogue decides whether they have an account here. Accounts are never
 * made by signing in: a person without one is told how to ask for one.
 *
 * 1. The CIS2 subject (`sub`) already linked to an account: that account.
 * 2. Otherwise the email address CIS2 gives, only when CIS2 says it has verified it, matched
 *    to an account with that email that is not yet linked to another subject: that account,
 *    and the subject is linked to it from now on.
 * An account that is deactivated is refused either way.
 */

export type Cis2Claims = {
  sub: string;
  email?: string | null;
  /** Only `true` counts: CIS2 has checked the person controls this address. */
  emailVerified?: boolean | null;
};

export type Cis2Candidate = { id: string; email: string; isActive: boolean; cis2Subject: string | null };

export type Cis2RefusalReason = "unknown-person" | "unverified-email" | "deactivated" | "subject-mismatch" | "bad-state" | "token-error" | "provider-error";

export type Cis2Match =
  | { kind: "signIn"; userId: string }
  | { kind: "link"; userId: string }
  | { kind: "refuse"; reason: Exclude<Cis2RefusalReason, "bad-state" | "token-error" | "provider-error">; userId: string | null };

/** Emails are stored lowercase; CIS2 may send any case. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase() ?? "";
  return trimmed.length > 0 && trimmed.length <= 254 ? trimmed : null;
}

/**
 * `bySubject`: the account already linked to `claims.sub`, if any. `byEmail`: the account
 * with the claims' email, if any (the caller may look it up whether or not it is verified).
 */
export function matchCis2Account(claims: Cis2Claims, bySubject: Cis2Candidate | null, byEmail: Cis2Candidate | null): Cis2Match {
  if (bySubject) {
    if (bySubject.cis2Subject !== claims.sub) throw new Error("bySubject must be the account linked to the claims' subject");
    return bySubject.isActive ? { kind: "signIn", userId: bySubject.id } : { kind: "refuse", reason: "deactivated", userId: bySubject.id };
  }
  const email = normaliseEmail(claims.email);
  if (!email) return { kind: "refuse", reason: "unknown-person", userId: null };
  // An unverified address could be anyone's: never match on it, whether or not an account has it.
  if (claims.emailVerified !== true) return { kind: "refuse", reason: "unverified-email", userId: byEmail?.email === email ? byEmail.id : null };
  if (!byEmail || byEmail.email !== email) return { kind: "refuse", reason: "unknown-person", userId: null };
  if (!byEmail.isActive) return { kind: "refuse", reason: "deactivated", userId: byEmail.id };
  if (byEmail.cis2Subject !== null) return { kind: "refuse", reason: "subject-mismatch", userId: byEmail.id };
  return { kind: "link", userId: byEmail.id };
}

/** What the person is told, per refusal: what happened and what they can do. */
export function cis2RefusalMessage(reason: Cis2RefusalReason): { title: string; body: string } {
  switch (reason) {
    case "unknown-person":
      return {
        title: "You do not have a Buying Catalogue account yet",
        body: "You signed in to NHS Care Identity Service 2, but there is no Buying Catalogue account for you. Ask for an account, or contact the Buying Catalogue team.",
      };
    case "unverified-email":
      return {
        title: "We could not match your NHS Care Identity Service 2 account",
        body: "Your NHS Care Identity Service 2 account does not have a verified email address, so we cannot tell which Buying Catalogue account is yours. Ask your registration authority to verify your email address, log in with your email address and password, or contact the Buying Catalogue team.",
      };
    case "deactivated":
      return {
        title: "Your Buying Catalogue account has been deactivated",
        body: "You cannot log in with this account. Ask your organisation's account manager, or contact the Buying Catalogue team.",
      };
    case "subject-mismatch":
      return {
        title: "Your account is linked to a different NHS Care Identity Service 2 identity",
        body: "The Buying Catalogue account with your email address is already linked to another NHS Care Identity Service 2 identity. Log in with your email address and password, or contact the Buying Catalogue team.",
      };
    case "bad-state":
      return {
        title: "Your log in could not be completed",
        body: "The log in link had expired or was not started from this browser. Go back to the log in page and try again.",
      };
    case "token-error":
      return {
        title: "Your log in could not be completed",
        body: "NHS Care Identity Service 2 did not confirm your log in. It may have been used already or have expired. Go back to the log in page and try again.",
      };
    case "provider-error":
      return {
        title: "You did not finish logging in",
        body: "NHS Care Identity Service 2 did not log you in. You can go back to the log in page and try again.",
      };
  }
}
