import { json } from "@remix-run/node";
import { LOCKOUT_MINUTES } from "~/modules/users/sign-in.server";
import { safeRedirectPath } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { homePathFor } from "~/utils/permissions";
import { clientIp, createSession } from "~/utils/session.server";
import { challengeTokenOf, clearChallengeCookie } from "./challenge-cookie.server";
import { CHALLENGE_ATTEMPTS, recoveryCodeMessage, totpMessage } from "./totp";
import { answerSignInChallenge, readSignInChallenge, type AccountCodeResult, type ChallengeResult, type ConfirmResult } from "./two-factor.server";

/**
 * What the two-factor pages share. The two sign-in pages after the password (/login/two-factor
 * and its set-up page): opening the challenge from its cookie, answering it, and turning the
 * answer into a session or a clear message; these pages are no one's until the code is
 * accepted, so their guard is the challenge itself (and the CSRF check of every post). The
 * account page (/account/two-factor): the messages for its refusals.
 */
export const NO_STORE = { "Cache-Control": "no-store" };

export async function openChallengeOf(request: Request) {
  return readSignInChallenge(db(), await challengeTokenOf(request));
}

export type AnswerField = "code" | "recoveryCode";

/** The posted answer, as the module takes it, and which field it came from. */
export function answerOf(formData: FormData): { field: AnswerField; value: string; answer: { totp: unknown } | { recoveryCode: unknown } } {
  if (formData.has("recoveryCode")) {
    const value = String(formData.get("recoveryCode") ?? "");
    return { field: "recoveryCode", value, answer: { recoveryCode: value } };
  }
  const value = String(formData.get("code") ?? "");
  return { field: "code", value, answer: { totp: value } };
}

/** How many tries are left, once one has been used (null before: nothing to warn about yet). */
export function attemptsWorthSaying(attemptsLeft: number): number | null {
  return attemptsLeft < CHALLENGE_ATTEMPTS ? attemptsLeft : null;
}

type Failure = Extract<ChallengeResult, { ok: false }>;

/** The message for a refused answer, for the error summary and the field. */
export function failureMessage(field: AnswerField, value: string, result: Failure): string {
  if (result.reason === "throttled") {
    return `There have been too many wrong codes for this account. Wait ${LOCKOUT_MINUTES} minutes and log in again.`;
  }
  if (field === "recoveryCode") {
    if (value.trim() === "") return recoveryCodeMessage("missing");
    return recoveryCodeMessage(result.reason === "format" ? "format" : "wrong");
  }
  if (value.trim() === "") return totpMessage("missing");
  return totpMessage(result.reason === "used" || result.reason === "format" ? result.reason : "wrong");
}

/** The response to a refused answer: the error summary (400, 429 when limited), or "log in again". */
export async function refusal(field: AnswerField, value: string, result: Failure) {
  if (result.reason === "ended") {
    return json({ ended: true as const, errors: [{ fieldId: "log-in-again", message: "Your login has timed out or ended. Log in again." }] }, { status: 400, headers: { ...NO_STORE, "Set-Cookie": await clearChallengeCookie() } });
  }
  const message = failureMessage(field, value, result);
  const attemptsLeft = "attemptsLeft" in result ? attemptsWorthSaying(result.attemptsLeft) : null;
  return json(
    { ended: false as const, field, errors: [{ fieldId: field, message }], attemptsLeft },
    { status: result.reason === "throttled" ? 429 : 400, headers: NO_STORE },
  );
}

/** Answers the challenge in the request's cookie; on success, the session's cookie and where to go next. */
export async function answerChallenge(request: Request, answer: { totp: unknown } | { recoveryCode: unknown }) {
  const result = await answerSignInChallenge(db(), await challengeTokenOf(request), answer, clientIp(request));
  if (!result.ok) return result;
  const headers = new Headers(NO_STORE);
  headers.append("Set-Cookie", await createSession(result.userId, request, "password+totp"));
  headers.append("Set-Cookie", await clearChallengeCookie());
  return { ...result, headers, next: safeRedirectPath(result.redirectTo, homePathFor(result.role)) };
}

type AccountRefusal = Extract<AccountCodeResult | ConfirmResult, { ok: false }>["reason"];

/** The message for a code refused on the account page. */
export function accountCodeMessage(reason: AccountRefusal, value: unknown): string {
  switch (reason) {
    case "format":
    case "wrong":
    case "used":
      return typeof value !== "string" || value.trim() === "" ? totpMessage("missing") : totpMessage(reason);
    case "throttled":
      return `There have been too many wrong codes for this account. Wait ${LOCKOUT_MINUTES} minutes and try again.`;
    case "required":
      return "Commercial staff must use two-factor sign-in, so it cannot be turned off";
    case "not-enabled":
      return "Two-factor sign-in is not on for your account";
    case "not-started":
      return "Setting up has not started or was finished elsewhere. Start setting up again";
  }
}
