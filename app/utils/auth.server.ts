import { redirect } from "@remix-run/node";
import type { Organisation, OrganisationType, User, UserRole } from "../../generated/prisma/client";
import { csrfTokenOfForm } from "./form-body.server";
import { termsToAccept } from "~/modules/accounts/terms.server";
import { db } from "./db.server";
import { areaOf, can, homePathFor, type ActionOf, type Entity, type Permission, type Role } from "./permissions";
import { anonymousCsrfToken, loadSession, tokensMatch } from "./session.server";

/** The signed-in person as every module sees them: who, in which role, for which organisation. */
export type Actor = {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  role: UserRole;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  odsCode: string;
  supplierId: number | null;
  csrfToken: string;
};

export async function optionalActor(request: Request): Promise<Actor | null> {
  const session = await loadSession(request);
  if (!session) return null;
  return actorFromUser(session.user, { sessionId: session.id, csrfToken: session.csrfSecret });
}

type UserWithOrganisation = Pick<User, "id" | "name" | "email" | "role" | "organisationId"> & {
  organisation: Pick<Organisation, "name" | "type" | "odsCode" | "supplierId">;
};

/** The one mapping from a user row to who is acting (also used by tests to act as a user). */
export function actorFromUser(user: UserWithOrganisation, session: { sessionId: string; csrfToken: string }): Actor {
  return {
    userId: user.id,
    sessionId: session.sessionId,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisation.name,
    organisationType: user.organisation.type,
    odsCode: user.organisation.odsCode,
    supplierId: user.organisation.supplierId,
    csrfToken: session.csrfToken,
  };
}

export const roleOf = (actor: Actor | null): Role => actor?.role ?? "VISITOR";

export function forbidden(message = "You do not have access to this page"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/**
 * A path on this site only: anything else could send a person to another site after sign-in.
 * Checked on the decoded, normalised value, as a browser would read it: browsers drop tabs and
 * line breaks from URLs and read a backslash as a slash, so "/\tevil.example", "/\\evil.example"
 * and "/%5C%5Cevil.example" are all other sites. The value returned is the normalised path (no
 * control characters), safe in a Location header.
 */
export function safeRedirectPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  const risky = /[\u0000-\u001f\u007f\\]/;
  if (risky.test(value) || risky.test(decoded)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || decoded.startsWith("//")) return fallback;
  const base = "https://catalogue.invalid";
  const url = new URL(value, base);
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

const isStateChanging = (request: Request) => !["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase());

export type GuardOptions = {
  /** The action reads files from a multipart form (an upload page); any other form refuses them. */
  acceptsFiles?: boolean;
  /** The page where the terms of use are accepted, which must open before they are. */
  beforeTermsAccepted?: boolean;
};

/**
 * Someone who has not accepted the latest terms of use goes to accept them first, and then
 * back to where they were going (a form post goes back to the page it was posted from).
 */
async function requireTermsAccepted(request: Request, actor: Actor) {
  if (!(await termsToAccept(db(), actor.userId))) return;
  const url = new URL(request.url);
  const back = isStateChanging(request) ? (request.headers.get("referer") ?? url.pathname) : url.pathname + url.search;
  const path = safeRedirectPath(back.startsWith("http") ? new URL(back).pathname : back, homePathFor(actor.role));
  throw redirect(`/terms/accept?redirectTo=${encodeURIComponent(path)}`);
}

/**
 * Refuses a form post whose CSRF token does not match the session's (or the anonymous
 * cookie's), after checking the body is a readable form (form-body.server.ts: 4xx otherwise).
 */
export async function requireCsrf(request: Request, actor: Actor | null, options: GuardOptions = {}) {
  const expected = actor ? actor.csrfToken : await anonymousCsrfToken(request);
  if (!tokensMatch(expected, await csrfTokenOfForm(request, options))) {
    throw new Response("Your form could not be submitted because it had expired. Go back, refresh the page and try again.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
}

function signInFirst(request: Request): Response {
  const url = new URL(request.url);
  return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The one permission check of every guard: the route's own permission and that of the
 * signed-in area the request's path is under (permissions.ts `AREAS`), so a data request or
 * a post never gets past what the area's layout would refuse. Signed out and refused: sign
 * in first; signed in and refused: 403.
 */
function refuseUnlessPermitted(request: Request, actor: Actor | null, permission: Permission | undefined) {
  const role = roleOf(actor);
  const area = areaOf(new URL(request.url).pathname);
  const needed = [area?.permission, permission].filter((p): p is Permission => p !== undefined);
  if (needed.every((p) => can(role, p.action as never, p.entity))) return;
  throw actor ? forbidden() : signInFirst(request);
}

/**
 * The guard every signed-in loader and action starts with. Signed out: redirect to sign in
 * and back. Signed in without the permission: 403. On a state-changing request it also
 * checks the form and its CSRF token, so no action can forget to.
 */
export async function requireActor<E extends Entity>(
  request: Request,
  permission?: { entity: E; action: ActionOf<E> },
  options: GuardOptions = {},
): Promise<Actor> {
  const actor = await optionalActor(request);
  if (!actor) throw signInFirst(request);
  refuseUnlessPermitted(request, actor, permission as Permission | undefined);
  if (isStateChanging(request)) await requireCsrf(request, actor, options);
  if (!options.beforeTermsAccepted) await requireTermsAccepted(request, actor);
  return actor;
}

/**
 * The guard of pages and actions open to visitors too (the public catalogue, the open API):
 * the signed-in actor or null, refused as `requireActor` refuses when the role (VISITOR when
 * signed out) lacks the permission. Also checks the form and CSRF token of a post.
 */
export async function requirePermission<E extends Entity>(
  request: Request,
  permission: { entity: E; action: ActionOf<E> },
  options: GuardOptions = {},
): Promise<Actor | null> {
  const actor = await optionalActor(request);
  refuseUnlessPermitted(request, actor, permission as Permission);
  if (isStateChanging(request)) await requireCsrf(request, actor, options);
  return actor;
}
