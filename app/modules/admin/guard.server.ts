import type { Actor } from "~/utils/auth.server";
import { forbidden } from "~/utils/auth.server";
import { scopeFor, type ActionOf, type Entity } from "~/utils/permissions";

/**
 * Console modules check the permission matrix themselves, not only their routes: a buyer or
 * supplier calling a staff action through any path gets the same 403 and nothing changes.
 * The console acts across the whole catalogue, so it needs the "all" scope: account managers
 * also manage organisations, users and suppliers, but only their own (elsewhere, scoped in
 * the queries), and posting to a console page must not let them reach the catalogue-wide
 * version. (Remix runs only the action on a post, not the /admin layout's loader.)
 */
export function assertCan<E extends Entity>(actor: Pick<Actor, "role">, entity: E, action: ActionOf<E>): void {
  if (scopeFor(actor.role, action, entity) !== "all") throw forbidden();
}

/**
 * A staff decision the rules refuse, or one someone else made first (optimistic locking):
 * the page shows `message` in its error summary; nothing was written.
 */
export class ActionRefused extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "conflict" = "invalid",
  ) {
    super(message);
    this.name = "ActionRefused";
  }
}
