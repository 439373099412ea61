import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { secureCookies, sessionSecret } from "~/utils/session.server";
import type { Cis2Checks } from "./index.server";

/**
 * One CIS2 sign-in in progress: its state, nonce and PKCE verifier, and where to go after, kept
 * in the browser that started it, in a cookie signed with the session secret (so it cannot be
 * forged), HttpOnly, SameSite=Lax (CIS2 comes back by a top-level GET, which Lax allows), sent
 * only to the CIS2 routes, for 10 minutes. The callback reads it once and clears it, so one
 * start allows one completion. The expiry is inside the signed value too: a browser that
 * keeps the cookie longer than asked gets nothing from it.
 */
export const CIS2_FLOW_MINUTES = 10;

const flowSchema = z.object({
  state: z.string().min(20).max(200),
  nonce: z.string().min(20).max(200),
  codeVerifier: z.string().min(43).max(128),
  redirectTo: z.string().max(2000),
  expiresAt: z.number().int(),
});

export type Cis2Flow = Cis2Checks & { redirectTo: string };

let cookie: ReturnType<typeof createCookie> | undefined;
function flowCookie() {
  cookie ??= createCookie("__cis2", {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/login/cis2",
    maxAge: CIS2_FLOW_MINUTES * 60,
    secrets: [sessionSecret()],
  });
  return cookie;
}

export function startFlowCookie(flow: Cis2Flow, now = new Date()): Promise<string> {
  return flowCookie().serialize({ ...flow, expiresAt: now.getTime() + CIS2_FLOW_MINUTES * 60_000 });
}

/** The flow this browser started, or null when there is none, it was tampered with or it has expired. */
export async function readFlowCookie(request: Request, now = new Date()): Promise<Cis2Flow | null> {
  const parsed = flowSchema.safeParse(await flowCookie().parse(request.headers.get("cookie")));
  if (!parsed.success || parsed.data.expiresAt <= now.getTime()) return null;
  const { expiresAt: _expiresAt, ...flow } = parsed.data;
  return flow;
}

export function clearFlowCookie(): Promise<string> {
  return flowCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
