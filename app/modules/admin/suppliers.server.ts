/**
 * Suppliers: find them (active or inactive, by name or supplier id), see what depends on
 * them, and make one inactive or active again under the rules in supplier-rules.ts. The
 * change is audited, optimistically locked on the supplier's version, and re-indexes every
 * listing of the supplier through the outbox in the same transaction (search shows only
 * active suppliers' listings).
 */
import { z } from "zod";
import type { Prisma } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { pageOf } from "~/modules/admin/paging";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearchSyncForSupplier } from "~/services/search/sync.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { checkSupplierStatusChange, LIVE_CONTRACT_STATUSES } from "./supplier-rules";

export const SUPPLIERS_PAGE_SIZE = 50;
export const SUPPLIER_FILTERS = ["active", "inactive"] as const;

export async function listSuppliers(db: DbClient, actor: Actor, { status, search, page = 1 }: { status?: (typeof SUPPLIER_FILTERS)[number]; search?: string; page?: number }) {
  assertCan(actor, "supplier", "manage");
  const id = search && /^\d{1,9}$/.test(search) ? Number(search) : null;
  const where: Prisma.SupplierWhereInput = {
    ...(status ? { isActive: status === "active" } : {}),
    ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { legalName: { contains: search, mode: "insensitive" } }, ...(id !== null ? [{ id }] : [])] } : {}),
  };
  const total = await db.supplier.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, SUPPLIERS_PAGE_SIZE);
  const suppliers = await db.supplier.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip,
    take,
    select: {
      id: true,
      name: true,
      isActive: true,
      _count: { select: { catalogueItems: { where: { kind: "SOLUTION", publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION"] } } }, contracts: { where: { status: { in: [...LIVE_CONTRACT_STATUSES] } } } } },
    },
  });
  return {
    suppliers: suppliers.map((s) => ({ id: s.id, name: s.name, isActive: s.isActive, publishedSolutions: s._count.catalogueItems, liveContracts: s._count.contracts })),
    total,
    page: current,
    totalPages,
  };
}

async function standingOf(db: DbClient, supplierId: number) {
  const [liveContracts, ordersInProgress, contacts] = await Promise.all([
    db.contract.count({ where: { supplierId, status: { in: [...LIVE_CONTRACT_STATUSES] } } }),
    db.order.count({ where: { supplierId, status: "IN_PROGRESS" } }),
    db.supplierContact.count({ where: { supplierId } }),
  ]);
  return { liveContracts, ordersInProgress, contacts };
}

export async function getSupplier(db: DbClient, actor: Actor, id: number) {
  assertCan(actor, "supplier", "manage");
  const supplier = await db.supplier.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      legalName: true,
      website: true,
      isActive: true,
      version: true,
      contacts: { orderBy: [{ isPrimary: "desc" }, { lastName: "asc" }], select: { id: true, firstName: true, lastName: true, email: true, phone: true, isPrimary: true } },
      catalogueItems: { where: { kind: "SOLUTION" }, orderBy: { id: "asc" }, select: { id: true, name: true, publicationStatus: true } },
      organisation: { select: { id: true, odsCode: true, _count: { select: { users: { where: { isActive: true } } } } } },
    },
  });
  if (!supplier) return null;
  const { liveContracts, ordersInProgress } = await standingOf(db, id);
  const history = await db.auditEvent.findMany({
    where: { objectType: "Supplier", objectId: String(id) },
    orderBy: { occurredAt: "desc" },
    take: 10,
    select: { id: true, action: true, occurredAt: true, after: true },
  });
  return {
    ...supplier,
    liveContracts,
    ordersInProgress,
    organisationOds: supplier.organisation?.odsCode ?? null,
    activeUsers: supplier.organisation?._count.users ?? 0,
    history: history.map((h) => ({ id: String(h.id), action: h.action, occurredAt: h.occurredAt, reason: (h.after as { reason?: string } | null)?.reason ?? null })),
  };
}

export const supplierStatusSchema = z.object({
  active: z.enum(["yes", "no"], { error: "Choose active or inactive" }).transform((v) => v === "yes"),
  reason: z.string({ error: "Give the reason" }).trim().min(1, "Give the reason for the change").max(500, "The reason must be 500 characters or fewer"),
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1),
});

export type SupplierStatusInput = z.infer<typeof supplierStatusSchema>;

export async function setSupplierActive(db: Db, actor: Actor, id: number, input: SupplierStatusInput) {
  assertCan(actor, "supplier", "manage");
  return db.$transaction(async (tx) => {
    const before = await tx.supplier.findUnique({ where: { id }, select: { id: true, isActive: true, version: true } });
    if (!before) throw new ActionRefused("This supplier no longer exists.");
    if (before.version !== input.version) throw new ActionRefused("Someone else changed this supplier while you were looking at it. Check its status and try again.", "conflict");
    const check = checkSupplierStatusChange({ isActive: before.isActive, ...(await standingOf(tx, id)) }, input.active);
    if (!check.ok) throw new ActionRefused(check.reason);
    // The version in the filter makes a concurrent change fail here rather than be overwritten.
    const changed = await tx.supplier.updateMany({ where: { id, version: before.version }, data: { isActive: input.active, version: { increment: 1 } } });
    if (changed.count !== 1) throw new ActionRefused("Someone else changed this supplier while you were looking at it. Check its status and try again.", "conflict");
    const listings = await enqueueSearchSyncForSupplier(tx, id);
    await recordAudit(tx, {
      actor,
      action: input.active ? "supplier.activate" : "supplier.deactivate",
      objectType: "Supplier",
      objectId: id,
      before: { isActive: before.isActive },
      after: { isActive: input.active, reason: input.reason, listingsReindexed: listings },
    });
    return { listings };
  });
}
