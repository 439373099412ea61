import { scopedWhere } from "~/modules/access/scope.server";
import { addDays, londonToday, toDbDate } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/** What each role's home page summarises, counted inside that role's scope. */

export async function buyerSummary(db: Db, actor: Actor, now = new Date()) {
  const orders = scopedWhere(actor, "order", "read", { organisation: true, supplier: true });
  const contracts = scopedWhere(actor, "contract", "read", { organisation: true, supplier: true });
  const in90Days = toDbDate(addDays(londonToday(now), 90));
  const [ordersInProgress, ordersCompleted, liveContracts, expiringSoon, flagged, practices] = await Promise.all([
    db.order.count({ where: { AND: [orders, { status: "IN_PROGRESS" }] } }),
    db.order.count({ where: { AND: [orders, { status: "COMPLETED" }] } }),
    db.contract.count({ where: { AND: [contracts, { status: { in: ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] } }] } }),
    db.contract.count({ where: { AND: [contracts, { status: { in: ["ACTIVE", "EXPIRING"] } }, { endDate: { lte: in90Days } }] } }),
    db.contract.count({ where: { AND: [contracts, { status: "FLAGGED_FOR_TERMINATION" }] } }),
    db.organisation.count({ where: { icbId: actor.organisationId, type: "GP_PRACTICE" } }),
  ]);
  return { ordersInProgress, ordersCompleted, liveContracts, expiringSoon, flagged, practices };
}

export async function supplierSummary(db: Db, actor: Actor) {
  const listings = scopedWhere(actor, "listing", "read", { supplier: true });
  const assurance = scopedWhere(actor, "assurance", "read", { supplier: true });
  const contracts = scopedWhere(actor, "contract", "read", { organisation: true, supplier: true });
  const [byStatus, assuranceByStatus, openReviews, liveContracts, supplier] = await Promise.all([
    db.catalogueItem.groupBy({ by: ["publicationStatus"], where: listings, _count: { _all: true } }),
    db.assuranceRecord.groupBy({ by: ["status"], where: assurance, _count: { _all: true } }),
    db.listingRevision.count({ where: { status: { in: ["SUBMITTED", "CHANGES_REQUESTED"] }, catalogueItem: listings } }),
    db.contract.count({ where: { AND: [contracts, { status: { in: ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] } }] } }),
    actor.supplierId ? db.supplier.findUnique({ where: { id: actor.supplierId }, select: { id: true, name: true } }) : null,
  ]);
  return {
    supplier,
    listings: Object.fromEntries(byStatus.map((row) => [row.publicationStatus, row._count._all])) as Record<string, number>,
    assurance: Object.fromEntries(assuranceByStatus.map((row) => [row.status, row._count._all])) as Record<string, number>,
    openReviews,
    liveContracts,
  };
}

export async function authoritySummary(db: Db) {
  const [reviewQueue, lapsed, inRemediation, openFlags, liveFrameworks, publishedSolutions, suppliers] = await Promise.all([
    db.listingRevision.count({ where: { status: "SUBMITTED" } }),
    db.assuranceRecord.count({ where: { status: "LAPSED" } }),
    db.assuranceRecord.count({ where: { status: "IN_REMEDIATION" } }),
    db.terminationFlag.count({ where: { status: "OPEN" } }),
    db.framework.count({ where: { status: "LIVE" } }),
    db.catalogueItem.count({ where: { kind: "SOLUTION", publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION"] } } }),
    db.supplier.count({ where: { isActive: true } }),
  ]);
  return { reviewQueue, lapsed, inRemediation, openFlags, liveFrameworks, publishedSolutions, suppliers };
}
