/**
 * The facts the orderability rule (`orderability.ts`) needs, read from the database, and the
 * rule applied to them. This is the only way to ask "can this be ordered?":
 *
 *   const verdict = await solutionOrderability(tx, solutionId, { today });          // one
 *   const verdicts = await solutionsOrderability(tx, solutionIds, { today });       // many: Map id → verdict
 *   await assertOrderable(tx, solutionId, { today, frameworkId });                  // inside a write: locks, then throws OrderRefused
 *
 *   db.catalogueItem.findMany({ where: { AND: [orderableSolutionWhere({ today }), …] } })  // lists
 *
 * Every function takes a transaction client as well as the plain client, and reads a fixed
 * number of statements whatever the number of solutions (two, plus the locks). Ids that are
 * not Catalogue Solutions (or do not exist) come back as refused with "not in the catalogue".
 * `orderableSolutionWhere` is the same rule as a query filter, for lists that page through
 * the whole catalogue (the supplier and solution choices of an order, assured alternatives);
 * orderability.server.test.ts checks that it and the rule agree on every kind of record.
 */
import { Prisma } from "../../../generated/prisma/client";
import { fromDbDate, toDbDate, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";
import { orderability, refusalText, type AssuranceFact, type Orderability, type OrderabilityFacts, type OrderabilityOptions } from "./orderability";

export type { Orderability, OrderabilityFacts, Refusal } from "./orderability";
export { refusalText, refusedForAssurance } from "./orderability";

/** Loads the rule's facts for many solutions at once (two statements). Missing ids are absent from the map. */
export async function orderabilityFacts(db: DbClient, solutionIds: readonly string[]): Promise<Map<string, OrderabilityFacts>> {
  const ids = [...new Set(solutionIds)];
  if (ids.length === 0) return new Map();
  const items = await db.catalogueItem.findMany({
    where: { id: { in: ids }, kind: "SOLUTION" },
    select: {
      id: true,
      name: true,
      publicationStatus: true,
      remediationDeadline: true,
      supplier: { select: { id: true, name: true, isActive: true } },
      frameworks: { select: { framework: { select: { id: true, name: true, status: true } } }, orderBy: { frameworkId: "asc" } },
      prices: { where: { status: "PUBLISHED" }, select: { id: true }, take: 1 },
    },
  });
  const supplierIds = [...new Set(items.map((item) => item.supplier.id))];
  const records = await db.assuranceRecord.findMany({
    where: { OR: [{ catalogueItemId: { in: items.map((item) => item.id) } }, { catalogueItemId: null, supplierId: { in: supplierIds } }] },
    select: {
      supplierId: true,
      catalogueItemId: true,
      standardId: true,
      status: true,
      assuredOn: true,
      expiresOn: true,
      remediationDeadline: true,
      standard: { select: { name: true, warningWindowDays: true, safetyCritical: true, securityCritical: true } },
    },
    orderBy: [{ standardId: "asc" }],
  });
  const toFact = (r: (typeof records)[number]): AssuranceFact => ({
    standardId: r.standardId,
    standardName: r.standard.name,
    level: r.catalogueItemId ? "solution" : "supplier",
    status: r.status,
    assuredOn: fromDbDate(r.assuredOn),
    expiresOn: r.expiresOn ? fromDbDate(r.expiresOn) : null,
    remediationDeadline: r.remediationDeadline ? fromDbDate(r.remediationDeadline) : null,
    warningWindowDays: r.standard.warningWindowDays,
    safetyCritical: r.standard.safetyCritical,
    securityCritical: r.standard.securityCritical,
  });
  const bySolution = new Map<string, AssuranceFact[]>();
  const bySupplier = new Map<number, AssuranceFact[]>();
  for (const r of records) {
    if (r.catalogueItemId) bySolution.set(r.catalogueItemId, [...(bySolution.get(r.catalogueItemId) ?? []), toFact(r)]);
    else bySupplier.set(r.supplierId, [...(bySupplier.get(r.supplierId) ?? []), toFact(r)]);
  }
  return new Map(
    items.map((item) => [
      item.id,
      {
        solution: {
          id: item.id,
          name: item.name,
          publicationStatus: item.publicationStatus,
          remediationDeadline: item.remediationDeadline ? fromDbDate(item.remediationDeadline) : null,
          hasPublishedPrice: item.prices.length > 0,
        },
        supplier: item.supplier,
        frameworks: item.frameworks.map((f) => f.framework),
        assurance: [...(bySupplier.get(item.supplier.id) ?? []), ...(bySolution.get(item.id) ?? [])],
      },
    ]),
  );
}

const notInCatalogue: Orderability = { orderable: false, refusals: [{ code: "LISTING_NOT_PUBLISHED", message: "That Catalogue Solution is not in the catalogue." }] };

/** The verdict for each id (set-based); an id that is not a Catalogue Solution is refused. */
export async function solutionsOrderability(db: DbClient, solutionIds: readonly string[], options: OrderabilityOptions): Promise<Map<string, Orderability>> {
  const facts = await orderabilityFacts(db, solutionIds);
  return new Map(solutionIds.map((id) => [id, facts.has(id) ? orderability(facts.get(id)!, options) : notInCatalogue]));
}

/** The verdict for one solution. */
export async function solutionOrderability(db: DbClient, solutionId: string, options: OrderabilityOptions): Promise<Orderability> {
  return (await solutionsOrderability(db, [solutionId], options)).get(solutionId)!;
}

/** The ids that may be ordered, in the order given. */
export async function orderableIds(db: DbClient, solutionIds: readonly string[], options: OrderabilityOptions): Promise<string[]> {
  const verdicts = await solutionsOrderability(db, solutionIds, options);
  return solutionIds.filter((id) => verdicts.get(id)?.orderable);
}

/** A refused order: the rule's verdict, whose message the page or API shows as it is. */
export class OrderRefused extends Error {
  constructor(readonly verdict: Orderability) {
    super(refusalText(verdict));
    this.name = "OrderRefused";
  }
}

/**
 * Holds the solutions' assurance records and listings still (FOR SHARE) until the caller's
 * transaction ends, so a lapse, suspension or remediation decision committed by someone else
 * either is seen by the check that follows or waits until this order is written (and then its
 * own flagging sees the new contract). Records first, then listings: the order in which the
 * scan and staff decisions take them, so the two never deadlock.
 */
export async function holdOrderabilityFacts(tx: DbClient, solutionIds: readonly string[]): Promise<void> {
  const ids = [...new Set(solutionIds)];
  await tx.$queryRaw(Prisma.sql`
    SELECT ar.id FROM assurance_records ar
    WHERE ar.catalogue_item_id = ANY(${ids}::text[])
       OR (ar.catalogue_item_id IS NULL AND ar.supplier_id IN (SELECT supplier_id FROM catalogue_items WHERE id = ANY(${ids}::text[])))
    ORDER BY ar.id FOR SHARE OF ar`);
  await tx.$queryRaw(Prisma.sql`SELECT id FROM catalogue_items WHERE id = ANY(${ids}::text[]) ORDER BY id FOR SHARE`);
}

/**
 * For writes: holds the facts (see holdOrderabilityFacts), applies the rule and throws
 * OrderRefused when the solution may not be ordered, so the caller's transaction rolls back
 * and nothing half-written stays. Returns the verdict when it may.
 */
export async function assertOrderable(tx: DbClient, solutionId: string, options: OrderabilityOptions): Promise<Orderability> {
  await holdOrderabilityFacts(tx, [solutionId]);
  const verdict = await solutionOrderability(tx, solutionId, options);
  if (!verdict.orderable) throw new OrderRefused(verdict);
  return verdict;
}

/**
 * An assurance record that stops ordering on `today`, as the rule reads it: in remediation or
 * withdrawn (decisions), or past its expiry date whatever its stored status says. A stored
 * LAPSED whose expiry has since moved forward is valid again, as in computeAssuranceStatus.
 */
export function blockingAssuranceWhere(today: DateOnly): Prisma.AssuranceRecordWhereInput {
  return { OR: [{ status: { in: ["IN_REMEDIATION", "WITHDRAWN"] } }, { expiresOn: { lt: toDbDate(today) } }] };
}

/** The orderability rule as a filter on Catalogue Solutions (see the note at the top). */
export function orderableSolutionWhere({ today, frameworkId }: OrderabilityOptions): Prisma.CatalogueItemWhereInput {
  const blocking = blockingAssuranceWhere(today);
  return {
    kind: "SOLUTION",
    publicationStatus: "PUBLISHED",
    prices: { some: { status: "PUBLISHED" } },
    frameworks: { some: frameworkId ? { frameworkId, framework: { status: "LIVE" } } : { framework: { status: "LIVE" } } },
    assuranceRecords: { none: blocking },
    supplier: { isActive: true, assuranceRecords: { none: { AND: [{ catalogueItemId: null }, blocking] } } },
  };
}
