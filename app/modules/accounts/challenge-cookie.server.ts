import { redirect } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { signedCookie } from "~/utils/session.server";
import { CHALLENGE_MINUTES } from "./totp";
import { startSignInChallenge } from "./two-factor.server";

/**
 * The sign-in challenge's cookie (HttpOnly, SameSite=Lax, signed, 10 minutes, only sent to
 * /login…): the random token whose SHA-256 is the challenge's id. It is no session and
 * opens nothing but the second step of signing in.
 */
let cookie: ReturnType<typeof signedCookie> | undefined;
const challengeCookie = () => (cookie ??= signedCookie("__sign_in_challenge", { path: "/login", maxAgeSeconds: CHALLENGE_MINUTES * 60 }));

export const SECOND_STEP_PATHS = { code: "/login/two-factor", "set-up": "/login/two-factor/set-up" } as const;

export async function challengeTokenOf(request: Request): Promise<string | null> {
  const value = await challengeCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export function clearChallengeCookie(): Promise<string> {
  return challengeCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/**
 * After the right password: the redirect to the second step (with its cookie) when this
 * person needs one, or null when the password is enough. `redirectTo` is kept for afterwards.
 */
export async function secondStepRedirect(userId: string, redirectTo: string | null): Promise<Response | null> {
  const challenge = await startSignInChallenge(db(), { userId, redirectTo });
  if (!challenge) return null;
  return redirect(SECOND_STEP_PATHS[challenge.step], { headers: { "Set-Cookie": await challengeCookie().serialize(challenge.token) } });
}
