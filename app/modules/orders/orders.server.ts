import { z } from "zod";
import type { Prisma } from "../../../generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { ORDERABILITY_FIELD } from "~/modules/assurance/orderability";
import { assertOrderable, orderableSolutionWhere, OrderRefused } from "~/modules/assurance/orderability.server";

export { ORDERABILITY_FIELD };
import { contractEndDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { formatMoney, indicativeCosts, listPriceOf, moneyToDecimalString, toMoney, withAgreedTierPrices, type BillablePrice } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { callOffId, orderTasks, type OrderState, type Timescales } from "./order-rules";

export { callOffId };

const orderFields = { organisation: true, supplier: true } as const;

export async function listOrders(db: Db, actor: Actor, { take = 50 }: { take?: number } = {}) {
  return db.order.findMany({
    where: { AND: [scopedWhere(actor, "order", "read", orderFields), { status: { not: "DELETED" } }] },
    orderBy: { createdAt: "desc" },
    take,
    include: { supplier: { select: { name: true } }, organisation: { select: { name: true, odsCode: true } } },
  });
}

export async function getOrder(db: Db, actor: Actor, id: string) {
  return db.order.findFirst({
    where: scopedById(actor, "order", "read", orderFields, id),
    include: { supplier: { select: { name: true } }, organisation: { select: { name: true, odsCode: true } } },
  });
}

export const orderDescriptionSchema = z.object({
  description: z.string().trim().min(1, "Enter a description of the order").max(100, "Description must be 100 characters or fewer"),
});

/**
 * Only the ordering party's own in-progress orders can change, and the ownership test is
 * part of the query itself, so a guessed id of another organisation changes nothing.
 */
export function updateOrderDescription(db: Db, actor: Actor, id: string, description: string) {
  return changeOrder(db, actor, id, "order.describe", async (tx, order) => {
    await tx.order.update({ where: { id }, data: { description } });
    return { ok: true, before: { description: order.description }, after: { description } };
  });
}

export const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });

// ───────── The whole order, as every page of the journey reads it ─────────

export const orderDetailInclude = {
  organisation: { select: { id: true, name: true, odsCode: true, type: true } },
  framework: true,
  supplier: { select: { id: true, name: true, isActive: true } },
  supplierContact: true,
  recipients: {
    include: { organisation: { select: { id: true, name: true, odsCode: true, practiceListSize: true, parentId: true } } },
    orderBy: { organisation: { name: "asc" } },
  },
  items: {
    include: {
      catalogueItem: { select: { id: true, name: true, kind: true, parentSolutionId: true, publicationStatus: true } },
      price: { include: { tiers: { orderBy: { lowerRange: "asc" } } } },
      quantities: true,
    },
    orderBy: { createdAt: "asc" },
  },
  contract: { select: { id: true, status: true, paymentState: true } },
} satisfies Prisma.OrderInclude;

export type OrderDetail = Prisma.OrderGetPayload<{ include: typeof orderDetailInclude }>;

/** An order the actor may see (the ICB also its practices'), or null: another organisation's id finds nothing. */
export function findOrderDetail(db: DbClient, actor: Actor, id: string, action: "read" | "edit" | "submit" | "download" = "read") {
  return db.order.findFirst({
    where: { AND: [scopedById(actor, "order", action, orderFields, id), { status: { not: "DELETED" } }] },
    include: orderDetailInclude,
  });
}

/** An in-progress order of the actor's own organisation, or null. */
export function findEditableOrder(db: DbClient, actor: Actor, id: string) {
  return db.order.findFirst({
    where: { AND: [scopedById(actor, "order", "edit", orderFields, id), { status: "IN_PROGRESS" }] },
    include: orderDetailInclude,
  });
}

// ───────── Prices as frozen into order items ─────────

export type PriceSnapshot = BillablePrice & {
  id: string;
  provisioningType: "PATIENT" | "DECLARATIVE" | "ON_DEMAND";
  priceType: "FLAT" | "TIERED";
  unitDescription: string;
  unitDefinition: string | null;
  rangeDescription: string | null;
  currency: string;
  tiers: { lowerRange: number; upperRange: number | null; price: string }[];
};

type PriceWithTiers = Prisma.PriceGetPayload<{ include: { tiers: true } }>;

/** The price as the buyer sees it now, in the shape stored in OrderItem.priceSnapshot. */
export function snapshotOf(price: PriceWithTiers): PriceSnapshot {
  return {
    id: price.id,
    provisioningType: price.provisioningType,
    priceType: price.priceType,
    calculationType: price.calculationType,
    billingPeriod: price.billingPeriod,
    unitDescription: price.unitDescription,
    unitDefinition: price.unitDefinition,
    rangeDescription: price.rangeDescription,
    currency: price.currency,
    tiers: [...price.tiers]
      .sort((a, b) => a.lowerRange - b.lowerRange)
      .map((tier) => ({ lowerRange: tier.lowerRange, upperRange: tier.upperRange, price: moneyToDecimalString(toMoney(tier.price)) })),
  };
}

export const snapshotFromJson = (value: Prisma.JsonValue) => value as unknown as PriceSnapshot;

/** "£1.25 per patient per year", or the tiers' range when tiered. */
export function priceText(snapshot: PriceSnapshot): string {
  const period = snapshot.billingPeriod === "MONTHLY" ? " per month" : snapshot.billingPeriod === "YEARLY" ? " per year" : "";
  const first = formatMoney(toMoney(snapshot.tiers[0].price), { exact: true });
  if (snapshot.tiers.length === 1) return `${first} ${snapshot.unitDescription}${period}`;
  const last = formatMoney(toMoney(snapshot.tiers[snapshot.tiers.length - 1].price), { exact: true });
  return `${first} to ${last} ${snapshot.unitDescription}${period} (tiered)`;
}

// ───────── Task list state ─────────

const isPerPatient = (snapshot: PriceSnapshot) => snapshot.provisioningType === "PATIENT";

/** True when the item has every answer it needs: quantities for its recipients, funding, delivery date. */
export function itemComplete(order: OrderDetail, item: OrderDetail["items"][number]): boolean {
  const snapshot = snapshotFromJson(item.priceSnapshot);
  const quantities = new Set(item.quantities.map((q) => q.organisationId));
  const quantitiesDone = isPerPatient(snapshot)
    ? order.recipients.length > 0 && order.recipients.every((r) => quantities.has(r.organisationId))
    : item.quantities.length > 0;
  return quantitiesDone && item.fundingType !== null && item.plannedDeliveryDate !== null;
}

const itemKindOrder = { SOLUTION: 0, ADDITIONAL_SERVICE: 1, ASSOCIATED_SERVICE: 2 } as const;

export function sortedItems(order: OrderDetail) {
  return [...order.items].sort((a, b) => itemKindOrder[a.catalogueItem.kind] - itemKindOrder[b.catalogueItem.kind]);
}

export function orderStateOf(order: OrderDetail): OrderState {
  const progress = (order.progress ?? {}) as Record<string, unknown>;
  return {
    orderType: order.orderType,
    description: order.description || null,
    hasContact: Boolean(order.orderingPartyContactName && order.orderingPartyContactEmail),
    frameworkId: order.frameworkId,
    supplierId: order.supplierId,
    supplierContactId: order.supplierContactId,
    hasTimescales: Boolean(order.commencementDate && order.initialPeriodMonths && order.maximumTermMonths),
    recipientCount: order.recipients.length,
    hasSolution: order.items.some((item) => item.catalogueItem.kind === "SOLUTION"),
    servicesAnswered: progress.services === "COMPLETED",
    items: sortedItems(order).map((item) => ({
      id: item.id,
      name: item.catalogueItem.name,
      complete: itemComplete(order, item),
      started: item.quantities.length > 0 || item.plannedDeliveryDate !== null,
    })),
  };
}

export const tasksFor = (order: OrderDetail) => orderTasks(orderStateOf(order));

// ───────── Indicative costs ─────────

export const totalQuantity = (item: OrderDetail["items"][number]) => item.quantities.reduce((sum, q) => sum + q.quantity, 0);

/** Costs of the order as it stands, formatted for pages and exports (loader data cannot carry bigints). */
export function orderCosts(order: OrderDetail) {
  const items = sortedItems(order);
  const term = order.maximumTermMonths ?? 0;
  const costs = indicativeCosts(
    items.map((item) => ({ price: snapshotFromJson(item.priceSnapshot), quantity: totalQuantity(item), agreedPrice: item.agreedPrice, agreedTierPrices: item.agreedTierPrices })),
    term,
  );
  return {
    termMonths: term,
    items: items.map((item, i) => ({
      itemId: item.id,
      catalogueItemId: item.catalogueItemId,
      name: item.catalogueItem.name,
      kind: item.catalogueItem.kind,
      quantity: totalQuantity(item),
      perPeriod: costs.items[i].perPeriod,
      oneOff: costs.items[i].oneOff,
      yearly: costs.items[i].yearly,
      monthly: costs.items[i].monthly,
      total: costs.items[i].total,
      fundingType: item.fundingType,
    })),
    oneOff: costs.oneOff,
    monthly: costs.monthly,
    yearly: costs.yearly,
    total: costs.total,
  };
}

export function formattedCosts(order: OrderDetail) {
  const costs = orderCosts(order);
  const f = (m: bigint) => formatMoney(m);
  return {
    termMonths: costs.termMonths,
    items: costs.items.map((item) => ({ ...item, perPeriod: f(item.perPeriod), oneOff: f(item.oneOff), yearly: f(item.yearly), monthly: f(item.monthly), total: f(item.total) })),
    oneOff: f(costs.oneOff),
    monthly: f(costs.monthly),
    yearly: f(costs.yearly),
    total: f(costs.total),
  };
}

// ───────── Prepare order ─────────

export type Outcome = { ok: true } | { ok: false; errors: Record<string, string> };
export const failed = (field: string, message: string): Outcome => ({ ok: false, errors: { [field]: message } });

/** The order's Catalogue Solution, once chosen. */
export const solutionItemOf = (order: Pick<OrderDetail, "items">) => order.items.find((item) => item.catalogueItem.kind === "SOLUTION") ?? null;

/**
 * Refuses (as a field error shown on every order page) when the order's Catalogue Solution may
 * no longer be ordered under the order's framework: the orderability rule, checked inside the
 * caller's transaction with the facts held until it ends. Null when it may, or when no
 * solution has been chosen yet.
 */
export async function orderRefusal(tx: DbClient, order: Pick<OrderDetail, "items" | "frameworkId">, today: DateOnly = londonToday()): Promise<Outcome | null> {
  const solution = solutionItemOf(order);
  if (!solution) return null;
  try {
    await assertOrderable(tx, solution.catalogueItemId, { today, frameworkId: order.frameworkId });
    return null;
  } catch (error) {
    if (error instanceof OrderRefused) return failed(ORDERABILITY_FIELD, error.message);
    throw error;
  }
}

/**
 * Writes a change to an editable order with its audit event, in one transaction; null when
 * there is no such order. Every task save passes through the orderability rule first (an
 * order whose solution has lapsed takes no more answers), except the answers that replace
 * the solution (framework, supplier, solution), which check the new choice instead.
 */
export async function changeOrder(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  change: (tx: DbClient, order: OrderDetail) => Promise<Outcome & { before?: Prisma.InputJsonObject; after?: Prisma.InputJsonObject }>,
  { replacesSolution = false }: { replacesSolution?: boolean } = {},
): Promise<Outcome | null> {
  return db.$transaction(async (tx) => {
    const order = await findEditableOrder(tx, actor, id);
    if (!order) return null;
    const refused = replacesSolution ? null : await orderRefusal(tx, order);
    if (refused) return refused;
    const result = await change(tx, order);
    if (!result.ok) return result;
    await tx.order.update({ where: { id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actor: auditActor(actor), action, objectType: "Order", objectId: id, before: result.before, after: result.after });
    return { ok: true };
  });
}

export const contactSchema = z.object({
  contactName: z.string().trim().min(1, "Enter the contact's full name").max(100, "Full name must be 100 characters or fewer"),
  contactEmail: z.email({ error: "Enter an email address in the correct format, like name@nhs.net" }).max(254, "Email address must be 254 characters or fewer"),
  contactPhone: z
    .string()
    .trim()
    .max(30, "Telephone number must be 30 characters or fewer")
    .regex(/^[0-9 +()-]*$/, "Telephone number must contain only numbers, spaces, brackets, + and -")
    .optional()
    .default(""),
});

export function saveContact(db: Db, actor: Actor, id: string, data: z.infer<typeof contactSchema>) {
  return changeOrder(db, actor, id, "order.contact", async (tx, order) => {
    await tx.order.update({
      where: { id },
      data: { orderingPartyContactName: data.contactName, orderingPartyContactEmail: data.contactEmail, orderingPartyContactPhone: data.contactPhone || null },
    });
    return { ok: true, before: { name: order.orderingPartyContactName, email: order.orderingPartyContactEmail }, after: { name: data.contactName, email: data.contactEmail } };
  });
}

/** Live frameworks only take new orders. */
export function liveFrameworks(db: DbClient) {
  return db.framework.findMany({ where: { status: "LIVE" }, orderBy: { name: "asc" } });
}

/** Active suppliers with a Catalogue Solution that may be ordered under the framework today. */
export function suppliersOnFramework(db: DbClient, frameworkId: string, today: DateOnly = londonToday()) {
  return db.supplier.findMany({
    where: { isActive: true, catalogueItems: { some: orderableSolutionWhere({ today, frameworkId }) } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}

export function saveFramework(db: Db, actor: Actor, id: string, frameworkId: string) {
  return changeOrder(db, actor, id, "order.framework", async (tx, order) => {
    const framework = await tx.framework.findFirst({ where: { id: frameworkId, status: "LIVE" } });
    if (!framework) return failed("frameworkId", "Select a framework that is open for orders");
    if (order.frameworkId === frameworkId) {
      // Keeping the framework keeps the solution: it must still be orderable under it.
      return (await orderRefusal(tx, order)) ?? { ok: true };
    }
    // A different framework may have other suppliers, solutions and a shorter maximum term: those answers start again.
    await tx.orderItem.deleteMany({ where: { orderId: id } });
    await tx.order.update({
      where: { id },
      data: {
        frameworkId,
        supplierId: null,
        supplierContactId: null,
        maximumTermMonths: order.maximumTermMonths && order.maximumTermMonths > framework.maxTermMonths ? null : order.maximumTermMonths,
        progress: {},
      },
    });
    return { ok: true, before: { frameworkId: order.frameworkId }, after: { frameworkId } };
  }, { replacesSolution: true });
}

export function saveSupplier(db: Db, actor: Actor, id: string, supplierId: number) {
  return changeOrder(db, actor, id, "order.supplier", async (tx, order) => {
    if (!order.frameworkId) return failed("supplierId", "Select a framework first");
    // Keeping the supplier keeps its solution: it must still be orderable.
    if (order.supplierId === supplierId) {
      const refused = await orderRefusal(tx, order);
      if (refused) return refused;
    }
    const suppliers = await suppliersOnFramework(tx, order.frameworkId);
    if (!suppliers.some((s) => s.id === supplierId)) return failed("supplierId", "Select a supplier with solutions on this framework that can be ordered");
    if (order.supplierId === supplierId) return { ok: true };
    const primary = await primarySupplierContact(tx, supplierId);
    await tx.orderItem.deleteMany({ where: { orderId: id } });
    await tx.order.update({ where: { id }, data: { supplierId, supplierContactId: primary?.id ?? null, progress: {} } });
    return { ok: true, before: { supplierId: order.supplierId }, after: { supplierId } };
  }, { replacesSolution: true });
}

const contactOrder = [{ isPrimary: "desc" }, { lastName: "asc" }] satisfies Prisma.SupplierContactOrderByWithRelationInput[];

export function supplierContacts(db: DbClient, supplierId: number) {
  return db.supplierContact.findMany({ where: { supplierId }, orderBy: contactOrder });
}

/** The supplier's primary contact, the default for a new order. */
export function primarySupplierContact(db: DbClient, supplierId: number) {
  return db.supplierContact.findFirst({ where: { supplierId }, orderBy: contactOrder });
}

export function saveSupplierContact(db: Db, actor: Actor, id: string, contactId: string) {
  return changeOrder(db, actor, id, "order.supplierContact", async (tx, order) => {
    const contact = order.supplierId ? await tx.supplierContact.findFirst({ where: { id: contactId, supplierId: order.supplierId } }) : null;
    if (!contact) return failed("supplierContactId", "Select a contact at this supplier");
    await tx.order.update({ where: { id }, data: { supplierContactId: contact.id } });
    return { ok: true, before: { supplierContactId: order.supplierContactId }, after: { supplierContactId: contact.id } };
  });
}

export function saveTimescales(db: Db, actor: Actor, id: string, timescales: Timescales) {
  return changeOrder(db, actor, id, "order.timescales", async (tx, order) => {
    if (!order.framework) return failed("commencementDate", "Select a framework first");
    if (timescales.maximumTermMonths > order.framework.maxTermMonths) {
      return failed("maximumTermMonths", `Maximum term must be ${order.framework.maxTermMonths} months or fewer`);
    }
    await tx.order.update({
      where: { id },
      data: {
        commencementDate: toDbDate(timescales.commencementDate),
        initialPeriodMonths: timescales.initialPeriodMonths,
        maximumTermMonths: timescales.maximumTermMonths,
      },
    });
    return {
      ok: true,
      before: {
        commencementDate: order.commencementDate ? fromDbDate(order.commencementDate) : null,
        initialPeriodMonths: order.initialPeriodMonths,
        maximumTermMonths: order.maximumTermMonths,
      },
      after: timescales,
    };
  });
}

/** The last day of the order's contract, once the commencement date and maximum term are known. */
export function orderEndDate(order: Pick<OrderDetail, "commencementDate" | "maximumTermMonths">) {
  if (!order.commencementDate || !order.maximumTermMonths) return null;
  return contractEndDate(fromDbDate(order.commencementDate), order.maximumTermMonths);
}

// ───────── Starting an order ─────────

export const newOrderSchema = orderDescriptionSchema.extend({ solution: z.string().trim().max(40).optional().default("") });

/** The prefill for a new order that starts from a solution page or a compare page: only a solution the rule lets be ordered. */
export async function orderableSolution(db: DbClient, solutionId: string, today: DateOnly = londonToday()) {
  if (!solutionId) return null;
  return db.catalogueItem.findFirst({
    where: { id: solutionId, ...orderableSolutionWhere({ today }) },
    include: {
      supplier: { select: { id: true, name: true } },
      frameworks: { where: { framework: { status: "LIVE" } }, include: { framework: true }, orderBy: { frameworkId: "asc" } },
      prices: { where: { status: "PUBLISHED" }, include: { tiers: true }, orderBy: { createdAt: "asc" } },
    },
  });
}

export type StartOrderInput = {
  description: string;
  solutionId?: string;
  /** What a further competition (or direct award) has already settled: the order starts with it filled in. */
  awarded?: AwardedOrder;
};

/** The answers a competition's award carries into its order (issue 13). */
export type AwardedOrder = {
  competitionId: string;
  frameworkId: string;
  /** The competition's chosen price; the solution's first published price when left out (a direct award). */
  priceId?: string;
  /** Agreed price of each tier, lowest range first, as "1.2500" strings; list prices when left out. */
  agreedTierPrices?: string[];
  maximumTermMonths?: number;
  recipientIds?: string[];
  quantities?: { organisationId: string; quantity: number }[];
};

type StartOrderResult = { ok: true; orderId: string } | { ok: false; errors: Record<string, string> };

/**
 * A new, in-progress call-off order for the actor's organisation. It takes its call-off
 * number from the orders_call_off_number_seq sequence (the column default), so numbers stay
 * unique however many buyers start orders at once. A GP practice's only service recipient is
 * itself, so that answer is filled in; so is the ordering party contact (the buyer).
 */
export async function startOrder(db: Db, actor: Actor, input: StartOrderInput, today: DateOnly = londonToday()): Promise<StartOrderResult> {
  try {
    return await db.$transaction((tx) => startOrderIn(tx, actor, input, today));
  } catch (error) {
    if (error instanceof OrderRefused) return { ok: false, errors: { [ORDERABILITY_FIELD]: error.message } };
    throw error;
  }
}

/**
 * `startOrder` inside a transaction the caller holds (a competition's award writes its own rows
 * beside it). The rule is applied here, so every way of starting an order asks it: a refusal
 * throws OrderRefused, which rolls back the caller's transaction too (nothing half-written).
 */
export async function startOrderIn(tx: DbClient, actor: Actor, input: StartOrderInput, today: DateOnly = londonToday()): Promise<StartOrderResult> {
  const awarded = input.awarded;
  // The rule first, with its facts held: a forged post for a lapsed solution writes nothing.
  // An award is placed under the competition's framework, so the rule is asked about that one.
  if (input.solutionId) await assertOrderable(tx, input.solutionId, { today, frameworkId: awarded?.frameworkId });
  const solution = input.solutionId ? await orderableSolution(tx, input.solutionId, today) : null;
  if (input.solutionId && !solution) return { ok: false, errors: { [ORDERABILITY_FIELD]: "That solution cannot be ordered now. Start the order without it and choose a solution in the task list." } };
  const frameworkId = awarded ? awarded.frameworkId : solution?.frameworks[0]?.frameworkId;
  const price = awarded?.priceId ? solution?.prices.find((p) => p.id === awarded.priceId) : solution?.prices[0];
  if (solution && !price) return { ok: false, errors: { description: "That price of the solution is no longer published." } };
  const snapshot = price ? snapshotOf(price) : null;
  const agreedTierPrices = awarded?.agreedTierPrices ?? [];
  if (snapshot && agreedTierPrices.length > 0) {
    try {
      withAgreedTierPrices(snapshot, agreedTierPrices);
    } catch {
      return { ok: false, errors: { description: "The agreed prices must be the same as or lower than the solution's list prices." } };
    }
  }
  const primaryContact = solution ? await primarySupplierContact(tx, solution.supplierId) : null;
  const recipientIds = awarded?.recipientIds ?? (actor.organisationType === "GP_PRACTICE" ? [actor.organisationId] : []);
  const order = await tx.order.create({
    data: {
      organisationId: actor.organisationId,
      createdById: actor.userId,
      description: input.description,
      orderType: "NEW",
      orderingPartyContactName: actor.name,
      orderingPartyContactEmail: actor.email,
      frameworkId: frameworkId ?? null,
      supplierId: solution?.supplierId ?? null,
      supplierContactId: primaryContact?.id ?? null,
      maximumTermMonths: awarded?.maximumTermMonths ?? null,
      competitionId: awarded?.competitionId ?? null,
      recipients: recipientIds.length > 0 ? { create: recipientIds.map((organisationId) => ({ organisationId })) } : undefined,
    },
  });
  if (solution && price && snapshot) {
    await tx.orderItem.create({
      data: {
        orderId: order.id,
        catalogueItemId: solution.id,
        priceId: price.id,
        priceSnapshot: snapshot,
        agreedPrice: agreedTierPrices[0] ?? moneyToDecimalString(listPriceOf(snapshot)),
        agreedTierPrices,
        quantities: awarded?.quantities?.length ? { create: awarded.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity })) } : undefined,
      },
    });
  }
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "order.create",
    objectType: "Order",
    objectId: order.id,
    after: { callOffId: callOffId(order), description: input.description, solutionId: solution?.id ?? null, competitionId: awarded?.competitionId ?? null },
  });
  return { ok: true as const, orderId: order.id };
}
