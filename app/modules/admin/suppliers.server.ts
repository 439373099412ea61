/**
 * Suppliers: find them (active or inactive, by name or supplier id), see what depends on
 * them, make one inactive or active again under the rules in supplier-rules.ts, and keep
 * their details and contacts up to date. Every change is audited and optimistically locked
 * on the supplier's version (contacts are part of the supplier, so they bump it too). A
 * status or name change re-indexes every listing of the supplier through the outbox in the
 * same transaction (search shows the supplier's name, and only active suppliers' listings).
 */
import { z } from "zod";
import type { Prisma } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { pageOf } from "~/modules/admin/paging";
import { recordAudit } from "~/modules/audit/audit.server";
import { contactSchema } from "~/modules/orders/orders.server";
import { emailAddressSchema } from "~/modules/users/colleagues.server";
import { enqueueSearchSyncForSupplier } from "~/services/search/sync.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { checkSupplierStatusChange, LIVE_CONTRACT_STATUSES } from "./supplier-rules";

/** A supplier id from a URL: digits only, or null (the page is then not found). */
export const supplierIdOf = (param: string | undefined) => (param && /^\d{1,9}$/.test(param) ? Number(param) : null);

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

/** The supplier's own details, as staff edit them (and as the audit records them). */
const DETAIL_FIELDS = { name: true, legalName: true, summary: true, website: true, addressLine1: true, addressLine2: true, town: true, county: true, postcode: true } as const;
const CONTACT_ORDER: Prisma.SupplierContactOrderByWithRelationInput[] = [{ isPrimary: "desc" }, { lastName: "asc" }, { id: "asc" }];

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
      ...DETAIL_FIELDS,
      isActive: true,
      version: true,
      contacts: { orderBy: CONTACT_ORDER, select: { id: true, firstName: true, lastName: true, email: true, phone: true, department: true, isPrimary: true } },
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
    select: { id: true, action: true, occurredAt: true, before: true, after: true },
  });
  return {
    ...supplier,
    liveContracts,
    ordersInProgress,
    organisationOds: supplier.organisation?.odsCode ?? null,
    activeUsers: supplier.organisation?._count.users ?? 0,
    history: history.map((h) => ({ id: String(h.id), action: h.action, occurredAt: h.occurredAt, detail: historyDetail(h.before, h.after) })),
  };
}

type HistorySnapshot = { reason?: string; firstName?: string; lastName?: string } | null;

/** What the supplier's history shows beside a change: the reason for a status change, or the contact concerned. */
function historyDetail(before: unknown, after: unknown): string | null {
  const [b, a] = [before as HistorySnapshot, after as HistorySnapshot];
  if (a?.reason) return a.reason;
  const contact = a?.firstName ? a : b?.firstName ? b : null;
  return contact ? `${contact.firstName} ${contact.lastName ?? ""}`.trim() : null;
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

const STALE = "Someone else changed this supplier while you were looking at it. Check its details and try again.";

const required = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max} characters or fewer`);

/** An optional answer: blank is stored as null, not as an empty string. */
const optional = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : null));

const version = z.coerce.number({ error: "Reload the page and try again" }).int("Reload the page and try again").min(1, "Reload the page and try again");

export const supplierDetailsSchema = z.object({
  name: required("supplier name", 200),
  legalName: required("legal name", 200),
  summary: optional("summary", 1000),
  website: optional("website", 500).pipe(
    z.union([z.null(), z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "Enter the website as a full web address, like https://www.example.com" })]),
  ),
  addressLine1: optional("first address line", 200),
  addressLine2: optional("second address line", 200),
  town: optional("town or city", 100),
  county: optional("county", 100),
  postcode: optional("postcode", 10)
    .transform((v) => (v ? v.toUpperCase().replace(/\s+/g, " ") : null))
    .refine((v) => v === null || /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(v), "Enter a real postcode, like LS1 4AP"),
  version,
});

export type SupplierDetailsInput = z.infer<typeof supplierDetailsSchema>;

/**
 * Claims the supplier for this change: bumps its version only if nobody changed it since the
 * form was loaded. The row stays locked until the transaction ends, so two changes to the
 * same supplier (say, removing its last two contacts at once) run one after the other.
 */
async function claimSupplier(tx: DbClient, id: number, formVersion: number) {
  const changed = await tx.supplier.updateMany({ where: { id, version: formVersion }, data: { version: { increment: 1 } } });
  if (changed.count === 1) return tx.supplier.findUniqueOrThrow({ where: { id } });
  if (!(await tx.supplier.findUnique({ where: { id }, select: { id: true } }))) throw new ActionRefused("This supplier no longer exists.");
  throw new ActionRefused(STALE, "conflict");
}

export async function updateSupplierDetails(db: Db, actor: Actor, id: number, input: SupplierDetailsInput) {
  assertCan(actor, "supplier", "manage");
  const { version: formVersion, ...details } = input;
  return db.$transaction(async (tx) => {
    await claimSupplier(tx, id, formVersion);
    const before = await tx.supplier.findUniqueOrThrow({ where: { id }, select: DETAIL_FIELDS });
    if (await tx.supplier.findFirst({ where: { id: { not: id }, name: { equals: details.name, mode: "insensitive" } }, select: { id: true } })) {
      throw new ActionRefused("Another supplier already has this name.");
    }
    const after = await tx.supplier.update({ where: { id }, data: details, select: DETAIL_FIELDS });
    // Search results show the supplier's name: its listings are re-indexed with the new one.
    const listingsReindexed = before.name !== after.name ? await enqueueSearchSyncForSupplier(tx, id) : 0;
    await recordAudit(tx, { actor, action: "supplier.update", objectType: "Supplier", objectId: id, before, after: { ...after, listingsReindexed } });
    return { listingsReindexed };
  });
}

export async function getSupplierContact(db: DbClient, actor: Actor, supplierId: number, contactId: string | null) {
  assertCan(actor, "supplier", "manage");
  const supplier = await db.supplier.findUnique({ where: { id: supplierId }, select: { id: true, name: true, isActive: true, version: true, _count: { select: { contacts: true } } } });
  if (!supplier) return null;
  const contact = contactId === null ? null : await db.supplierContact.findFirst({ where: { id: contactId, supplierId } });
  if (contactId !== null && !contact) return null;
  const orders = contact ? await db.order.count({ where: { supplierContactId: contact.id } }) : 0;
  return { supplier: { id: supplier.id, name: supplier.name, isActive: supplier.isActive, version: supplier.version, contacts: supplier._count.contacts }, contact, orders };
}

export const supplierContactSchema = z.object({
  firstName: required("first name", 100),
  lastName: required("last name", 100),
  email: emailAddressSchema,
  // The same telephone rule as a call-off order's contact.
  phone: contactSchema.shape.contactPhone.transform((v) => (v ? v : null)),
  department: optional("department", 100),
  isPrimary: z.preprocess((v) => v === "yes", z.boolean()),
  version,
});

export type SupplierContactInput = z.infer<typeof supplierContactSchema>;

/** Adds a contact (contactId null) or changes one. The primary contact gets the supplier's notices: there is only ever one. */
export async function saveSupplierContact(db: Db, actor: Actor, supplierId: number, contactId: string | null, input: SupplierContactInput) {
  assertCan(actor, "supplier", "manage");
  const { version: formVersion, ...fields } = input;
  return db.$transaction(async (tx) => {
    await claimSupplier(tx, supplierId, formVersion);
    const before = contactId === null ? null : await tx.supplierContact.findFirst({ where: { id: contactId, supplierId } });
    if (contactId !== null && !before) throw new ActionRefused("This contact no longer exists.");
    if (await tx.supplierContact.findFirst({ where: { supplierId, email: { equals: fields.email, mode: "insensitive" }, ...(contactId ? { id: { not: contactId } } : {}) }, select: { id: true } })) {
      throw new ActionRefused("Another contact of this supplier already has this email address.");
    }
    const others = await tx.supplierContact.count({ where: { supplierId, ...(contactId ? { id: { not: contactId } } : {}) } });
    // The only contact is the primary one, whatever the box said.
    const isPrimary = fields.isPrimary || others === 0;
    if (isPrimary) await tx.supplierContact.updateMany({ where: { supplierId, isPrimary: true, ...(contactId ? { id: { not: contactId } } : {}) }, data: { isPrimary: false } });
    const data = { ...fields, isPrimary };
    const contact = contactId === null ? await tx.supplierContact.create({ data: { supplierId, ...data } }) : await tx.supplierContact.update({ where: { id: contactId }, data });
    // A primary contact unticked: the longest-standing other contact takes over.
    if (before?.isPrimary && !isPrimary) {
      const next = await tx.supplierContact.findFirstOrThrow({ where: { supplierId, id: { not: contact.id } }, orderBy: { createdAt: "asc" } });
      await tx.supplierContact.update({ where: { id: next.id }, data: { isPrimary: true } });
    }
    await recordAudit(tx, {
      actor,
      action: before ? "supplier.contact.update" : "supplier.contact.add",
      objectType: "Supplier",
      objectId: supplierId,
      before: before ? { contactId: before.id, ...contactSnapshot(before) } : null,
      after: { contactId: contact.id, ...contactSnapshot(contact) },
    });
    return contact;
  });
}

const contactSnapshot = (c: { firstName: string; lastName: string; email: string; phone: string | null; department: string | null; isPrimary: boolean }) => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  department: c.department,
  isPrimary: c.isPrimary,
});

/**
 * Removes a contact. An active supplier keeps at least one (orders and notices go to it), and
 * a contact named on a call-off order stays so the order still says who it was sent to.
 */
export async function removeSupplierContact(db: Db, actor: Actor, supplierId: number, contactId: string, formVersion: number) {
  assertCan(actor, "supplier", "manage");
  return db.$transaction(async (tx) => {
    const supplier = await claimSupplier(tx, supplierId, formVersion);
    const contact = await tx.supplierContact.findFirst({ where: { id: contactId, supplierId } });
    if (!contact) throw new ActionRefused("This contact no longer exists.");
    const remaining = (await tx.supplierContact.count({ where: { supplierId } })) - 1;
    if (supplier.isActive && remaining === 0) throw new ActionRefused("An active supplier must keep at least one contact. Add another contact first, or make the supplier inactive.");
    const orders = await tx.order.count({ where: { supplierContactId: contactId } });
    if (orders > 0) throw new ActionRefused(`This contact is named on ${orders} call-off ${orders === 1 ? "order" : "orders"}, so it stays. Change their details instead.`);
    await tx.supplierContact.delete({ where: { id: contactId } });
    if (contact.isPrimary && remaining > 0) {
      const next = await tx.supplierContact.findFirstOrThrow({ where: { supplierId }, orderBy: { createdAt: "asc" } });
      await tx.supplierContact.update({ where: { id: next.id }, data: { isPrimary: true } });
    }
    await recordAudit(tx, { actor, action: "supplier.contact.remove", objectType: "Supplier", objectId: supplierId, before: { contactId, ...contactSnapshot(contact) } });
  });
}
