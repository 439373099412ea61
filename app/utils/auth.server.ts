import { redirect } from "@remix-run/node";
import type { Organisation, OrganisationType, User, UserRole } from "../../generated/prisma/client";
import { can, type ActionOf, type Entity, type Role } from "./permissions";
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

/** A path on this site only: anything else could send a person to another site after sign-in. */
export function safeRedirectPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

const isStateChanging = (request: Request) => !["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase());

async function submittedCsrfToken(request: Request): Promise<unknown> {
  const header = request.headers.get("x-csrf-token");
  if (header) return header;
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("form")) return null;
  // A clone, so the action can still read the body.
  const form = await request.clone().formData();
  return form.get("csrf");
}

/** Refuses a form post whose CSRF token does not match the session's (or the anonymous cookie's). */
export async function requireCsrf(request: Request, actor: Actor | null) {
  const expected = actor ? actor.csrfToken : await anonymousCsrfToken(request);
  if (!tokensMatch(expected, await submittedCsrfToken(request))) {
    throw new Response("Your form could not be submitted because it had expired. Go back, refresh the page and try again.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
}

/**
 * The guard every signed-in loader and action starts with. Signed out: redirect to sign in
 * and back. Signed in without the permission: 403. On a state-changing request it also
 * checks the CSRF token, so no action can forget to.
 */
export async function requireActor<E extends Entity>(
  request: Request,
  permission?: { entity: E; action: ActionOf<E> },
): Promise<Actor> {
  const actor = await optionalActor(request);
  if (!actor) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (permission && !can(actor.role, permission.action, permission.entity)) throw forbidden();
  if (isStateChanging(request)) await requireCsrf(request, actor);
  return actor;
}
