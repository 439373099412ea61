import type { Actor } from "~/utils/auth.server";
import { forbidden } from "~/utils/auth.server";
import { scopeFor, type ActionOf, type Entity, type Role } from "~/utils/permissions";

/**
 * Turns the permission matrix's scope into a Prisma `where` fragment, so ownership is part
 * of every query (Blues-stack style: a route that forgets a check still cannot leak).
 * Rows carry `organisationId` (buyer-owned: orders, contracts, shortlists) and/or
 * `supplierId` (supplier-owned: listings, evidence, orders for their solutions).
 */
export type ScopeFields = { organisation?: boolean; supplier?: boolean; published?: Record<string, unknown> };

// Matches nothing: ids are cuids, never this value.
const NOTHING = "__no_access__";

/**
 * What a supplier may see of the rows "own-supplier" scopes to them, beyond the supplier id.
 * An order is the buyer's own business until it is placed: a supplier sees only orders that
 * were completed (and so became contracts, terminated later or not), never one in progress,
 * whose answers, contact details and prices are still the buyer's draft.
 */
const SUPPLIER_SEES: Partial<Record<Entity, Record<string, unknown>>> = {
  order: { status: { in: ["COMPLETED", "TERMINATED"] } },
};

export function scopedWhere<E extends Entity>(
  actor: Pick<Actor, "role" | "organisationId" | "supplierId"> | null,
  entity: E,
  action: ActionOf<E>,
  fields: ScopeFields,
): Record<string, unknown> {
  const role: Role = actor?.role ?? "VISITOR";
  const scope = scopeFor(role, action, entity);
  switch (scope) {
    case "all":
      return {};
    case "published-only":
      if (!fields.published) throw forbidden();
      return fields.published;
    case "own-organisation":
      if (!fields.organisation || !actor) throw forbidden();
      return { organisationId: actor.organisationId };
    case "own-organisation-and-children":
      if (!fields.organisation || !actor) throw forbidden();
      // An ICB's practices and sub-ICB locations carry icbId (and parentId one level down).
      return {
        OR: [
          { organisationId: actor.organisationId },
          { organisation: { icbId: actor.organisationId } },
          { organisation: { parentId: actor.organisationId } },
        ],
      };
    case "own-supplier":
      if (!fields.supplier || !actor) throw forbidden();
      return { supplierId: actor.supplierId ?? -1, ...SUPPLIER_SEES[entity] };
    // A person's own account is looked up by their own id, never through a scoped list.
    case "self":
    case "none":
      throw forbidden();
  }
}

/** For a lookup by id: the id and the scope together, so someone else's id finds nothing. */
export function scopedById<E extends Entity>(
  actor: Parameters<typeof scopedWhere>[0],
  entity: E,
  action: ActionOf<E>,
  fields: ScopeFields,
  id: string | undefined | null,
) {
  return { AND: [{ id: id || NOTHING }, scopedWhere(actor, entity, action, fields)] };
}
