import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/**
 * A supplier's own listings in every status (drafts included). Buyers and visitors read the
 * catalogue through the search module, which only ever sees published revisions.
 */
const listingFields = {
  supplier: true,
  published: { publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION"] } },
} as const;

export async function listSupplierListings(db: Db, actor: Actor) {
  return db.catalogueItem.findMany({
    where: scopedWhere(actor, "listing", "read", listingFields),
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: { id: true, name: true, kind: true, publicationStatus: true, updatedAt: true, parentSolutionId: true },
  });
}

export async function getListing(db: Db, actor: Actor, id: string) {
  return db.catalogueItem.findFirst({ where: scopedById(actor, "listing", "read", listingFields, id) });
}
