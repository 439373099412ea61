import type { Prisma } from "../../../generated/prisma/client";
import { orderableSolutionWhere, refusalText, solutionOrderability } from "~/modules/assurance/orderability.server";
import { formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { fundingAllowed, fundingRule, type FundingRule, type FundingType } from "~/modules/pricing/funding";
import { agreedPriceOf, formatMoney, isZeroCost, listPriceOf, moneyToDecimalString, tierListPricesOf, toMoney, type PriceLike } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { agreedPriceFieldName, agreedTierPricesFrom, dateFromParts, quantityField, tierName, type AgreeableTier } from "./order-rules";
import {
  changeOrder,
  failed,
  findEditableOrder,
  orderEndDate,
  snapshotFromJson,
  snapshotOf,
  type OrderDetail,
  type Outcome,
  type PriceSnapshot,
} from "./orders.server";
import { limitErrors, parseRecipientsCsv } from "./recipients-csv";

/**
 * Solutions and services: who receives the order (service recipients), what is ordered
 * (the Catalogue Solution, its Additional Services, Associated Services) and, per item, the
 * price, agreed price, quantities, planned delivery date and funding.
 */

// ───────── Service recipients ─────────

/** The GP practices an ICB buys for, with their sub-ICB location, for the recipients page. */
export async function icbPractices(db: DbClient, actor: Actor) {
  const practices = await db.organisation.findMany({
    where: { type: "GP_PRACTICE", icbId: actor.organisationId, isActive: true },
    select: { id: true, name: true, odsCode: true, practiceListSize: true, parent: { select: { id: true, name: true, odsCode: true } } },
    orderBy: { name: "asc" },
  });
  const groups = new Map<string, { id: string; name: string; odsCode: string; practices: typeof practices }>();
  for (const practice of practices) {
    const key = practice.parent?.id ?? "none";
    if (!groups.has(key)) groups.set(key, { id: key, name: practice.parent?.name ?? "Other practices", odsCode: practice.parent?.odsCode ?? "", practices: [] });
    groups.get(key)!.practices.push(practice);
  }
  return [...groups.values()].sort((a, b) => a.odsCode.localeCompare(b.odsCode));
}

/** Service recipients an amendment must keep: those of the contract it amends. */
async function lockedRecipients(tx: DbClient, order: OrderDetail): Promise<Set<string>> {
  if (order.orderType !== "AMENDMENT") return new Set();
  const previous = await tx.order.findFirst({
    where: { callOffNumber: order.callOffNumber, revision: order.revision - 1 },
    select: { recipients: { select: { organisationId: true } } },
  });
  return new Set(previous?.recipients.map((r) => r.organisationId) ?? []);
}

async function replaceRecipients(tx: DbClient, order: OrderDetail, organisationIds: string[]) {
  await tx.orderRecipient.deleteMany({ where: { orderId: order.id, organisationId: { notIn: organisationIds } } });
  await tx.orderRecipient.createMany({ data: organisationIds.map((organisationId) => ({ orderId: order.id, organisationId })), skipDuplicates: true });
  // Quantities of recipients no longer on the order go; a whole-item quantity is held by the ordering party.
  await tx.orderItemRecipientQuantity.deleteMany({
    where: { orderItem: { orderId: order.id }, organisationId: { notIn: [...organisationIds, order.organisationId] } },
  });
}

/**
 * Sets the order's service recipients. A practice's only recipient is itself; an ICB's must
 * be its own practices, so ids from another ICB (or made up) are refused, not ignored.
 */
export function saveRecipients(db: Db, actor: Actor, id: string, organisationIds: string[]) {
  return changeOrder(db, actor, id, "order.recipients", async (tx, order) => {
    const ids = [...new Set(organisationIds)];
    const problem = await recipientsProblem(tx, actor, ids);
    if (problem) return failed("recipients", problem);
    const locked = await lockedRecipients(tx, order);
    if ([...locked].some((recipient) => !ids.includes(recipient))) {
      return failed("recipients", "An amendment can add service recipients but cannot remove the ones already on the contract");
    }
    const before = order.recipients.map((r) => r.organisationId);
    await replaceRecipients(tx, order, ids);
    return { ok: true, before: { recipients: before }, after: { recipients: ids } };
  });
}

/**
 * Why these service recipients cannot be the actor's (null when they can): a practice's only
 * recipient is itself; an ICB's must be its own active practices, so ids from another ICB (or
 * made up) are refused, not ignored. Shared by orders and further competitions.
 */
export async function recipientsProblem(tx: DbClient, actor: Actor, ids: readonly string[]): Promise<string | null> {
  if (ids.length === 0) return "Select at least one service recipient";
  if (actor.organisationType === "GP_PRACTICE") {
    return ids.length !== 1 || ids[0] !== actor.organisationId ? "A GP practice can only order for itself" : null;
  }
  const found = await tx.organisation.count({ where: { id: { in: [...ids] }, type: "GP_PRACTICE", icbId: actor.organisationId, isActive: true } });
  return found !== ids.length ? "Select service recipients from the practices in your ICB" : null;
}

export type UploadedFile = { name: string; type: string; bytes: Uint8Array };

/**
 * The practices of an uploaded recipients CSV, all of them the ICB's own, or every problem
 * with the file row by row (unknown codes, practices outside the ICB, the CSV rules).
 */
export async function practicesFromCsv(db: DbClient, actor: Actor, file: UploadedFile): Promise<{ ok: true; ids: string[] } | { ok: false; errors: string[] }> {
  const parsed = parseRecipientsCsv(file);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const known = await db.organisation.findMany({
    where: { odsCode: { in: parsed.rows.map((row) => row.code) } },
    select: { id: true, odsCode: true, name: true, type: true, icbId: true, isActive: true },
  });
  const byCode = new Map(known.map((o) => [o.odsCode, o]));
  const errors: string[] = [];
  for (const { row, code } of parsed.rows) {
    const organisation = byCode.get(code);
    if (!organisation || organisation.type !== "GP_PRACTICE" || !organisation.isActive) errors.push(`Row ${row}: ${code} is not a GP practice we know`);
    else if (organisation.icbId !== actor.organisationId) errors.push(`Row ${row}: ${code} (${organisation.name}) is not a practice in your ICB`);
  }
  if (errors.length > 0) return { ok: false, errors: limitErrors(errors) };
  return { ok: true, ids: parsed.rows.map((row) => byCode.get(row.code)!.id) };
}

const csvErrors = (errors: string[]) => Object.fromEntries(errors.map((message, i) => [i === 0 ? "csv" : `csv-${i}`, message]));

/**
 * Service recipients from an uploaded CSV of ODS codes. Any problem (file, row, unknown code,
 * a practice outside the ICB) refuses the whole file with row-level messages; nothing is saved.
 */
export async function uploadRecipients(db: Db, actor: Actor, id: string, file: UploadedFile): Promise<(Outcome & { count?: number }) | null> {
  const order = await findEditableOrder(db, actor, id);
  if (!order) return null;
  const practices = await practicesFromCsv(db, actor, file);
  if (!practices.ok) return { ok: false, errors: csvErrors(practices.errors) };
  const result = await saveRecipients(db, actor, id, practices.ids);
  if (!result || !result.ok) return result && { ok: false, errors: { csv: Object.values(result.errors)[0] } };
  return { ok: true, count: practices.ids.length };
}

// ───────── The Catalogue Solution and services ─────────

/** The supplier's Catalogue Solutions the orderability rule lets be ordered under the order's framework today. */
export function orderableSolutions(db: DbClient, order: Pick<OrderDetail, "frameworkId" | "supplierId">, today: DateOnly = londonToday()) {
  if (!order.frameworkId || !order.supplierId) return Promise.resolve([]);
  return db.catalogueItem.findMany({
    where: { ...orderableSolutionWhere({ today, frameworkId: order.frameworkId }), supplierId: order.supplierId },
    select: { id: true, name: true, summary: true },
    orderBy: { name: "asc" },
  });
}

const publishedPrices = { where: { status: "PUBLISHED" }, include: { tiers: true }, orderBy: { createdAt: "asc" } } satisfies Prisma.CatalogueItem$pricesArgs;

async function newItem(tx: DbClient, orderId: string, catalogueItemId: string) {
  const item = await tx.catalogueItem.findUniqueOrThrow({ where: { id: catalogueItemId }, include: { prices: publishedPrices } });
  const snapshot = snapshotOf(item.prices[0]);
  await tx.orderItem.create({
    data: { orderId, catalogueItemId, priceId: item.prices[0].id, priceSnapshot: snapshot, agreedPrice: moneyToDecimalString(listPriceOf(snapshot)) },
  });
}

export function saveSolution(db: Db, actor: Actor, id: string, solutionId: string) {
  return changeOrder(db, actor, id, "order.solution", async (tx, order) => {
    if (order.orderType === "AMENDMENT") return failed("solutionId", "An amendment keeps the contract's Catalogue Solution");
    const solutions = await orderableSolutions(tx, order);
    if (!solutions.some((s) => s.id === solutionId)) {
      // One of this supplier's solutions that the rule refuses: say why, as its page does.
      const own = order.supplierId ? await tx.catalogueItem.count({ where: { id: solutionId, kind: "SOLUTION", supplierId: order.supplierId } }) : 0;
      if (own > 0) return failed("solutionId", refusalText(await solutionOrderability(tx, solutionId, { today: londonToday(), frameworkId: order.frameworkId })));
      return failed("solutionId", "Select a Catalogue Solution from this supplier on this framework");
    }
    const current = order.items.find((item) => item.catalogueItem.kind === "SOLUTION");
    if (current?.catalogueItemId === solutionId) return { ok: true };
    // Additional Services belong to the old solution, so they go with it.
    await tx.orderItem.deleteMany({ where: { orderId: id, catalogueItem: { kind: { in: ["SOLUTION", "ADDITIONAL_SERVICE"] } } } });
    await newItem(tx, id, solutionId);
    await tx.order.update({ where: { id }, data: { progress: { ...(order.progress as object), services: "NOT_STARTED" } } });
    return { ok: true, before: { solutionId: current?.catalogueItemId ?? null }, after: { solutionId } };
  }, { replacesSolution: true });
}

const orderableItem: Prisma.CatalogueItemWhereInput = { publicationStatus: "PUBLISHED", prices: { some: { status: "PUBLISHED" } } };

export async function orderableServices(db: DbClient, order: OrderDetail) {
  const solution = order.items.find((item) => item.catalogueItem.kind === "SOLUTION");
  if (!solution || !order.supplierId) return { additional: [], associated: [] };
  const select = { id: true, name: true, summary: true, orderGuidance: true } as const;
  const [additional, associated] = await Promise.all([
    db.catalogueItem.findMany({ where: { ...orderableItem, kind: "ADDITIONAL_SERVICE", parentSolutionId: solution.catalogueItemId }, select, orderBy: { name: "asc" } }),
    order.orderType === "AMENDMENT"
      ? Promise.resolve([])
      : db.catalogueItem.findMany({ where: { ...orderableItem, kind: "ASSOCIATED_SERVICE", supplierId: order.supplierId }, select, orderBy: { name: "asc" } }),
  ]);
  return { additional, associated };
}

export function saveServices(db: Db, actor: Actor, id: string, chosen: { additional: string[]; associated: string[] }) {
  return changeOrder(db, actor, id, "order.services", async (tx, order) => {
    const available = await orderableServices(tx, order);
    const additional = [...new Set(chosen.additional)];
    const associated = [...new Set(chosen.associated)];
    if (!additional.every((s) => available.additional.some((a) => a.id === s))) return failed("additional", "Select Additional Services from this Catalogue Solution's list");
    if (!associated.every((s) => available.associated.some((a) => a.id === s))) return failed("associated", "Select Associated Services from this supplier's list");
    const services = order.items.filter((item) => item.catalogueItem.kind !== "SOLUTION");
    const wanted = new Set([...additional, ...associated]);
    if (order.orderType === "AMENDMENT") {
      const locked = await tx.orderItem.findMany({
        where: { order: { callOffNumber: order.callOffNumber, revision: order.revision - 1 }, catalogueItem: { kind: "ADDITIONAL_SERVICE" } },
        select: { catalogueItemId: true },
      });
      if (locked.some((item) => !wanted.has(item.catalogueItemId))) {
        return failed("additional", "An amendment can add Additional Services but cannot remove the ones already on the contract");
      }
    }
    const removed = services.filter((item) => !wanted.has(item.catalogueItemId));
    if (removed.length > 0) await tx.orderItem.deleteMany({ where: { id: { in: removed.map((item) => item.id) } } });
    for (const serviceId of wanted) {
      if (!services.some((item) => item.catalogueItemId === serviceId)) await newItem(tx, id, serviceId);
    }
    await tx.order.update({ where: { id }, data: { progress: { ...(order.progress as object), services: "COMPLETED" } } });
    return { ok: true, before: { services: services.map((s) => s.catalogueItemId) }, after: { services: [...wanted] } };
  });
}

// ───────── Each item: price, agreed price, quantities, delivery, funding ─────────

export function itemOf(order: OrderDetail, itemId: string) {
  return order.items.find((item) => item.id === itemId) ?? null;
}

export function itemPrices(db: DbClient, catalogueItemId: string) {
  return db.price.findMany({ where: { catalogueItemId, status: "PUBLISHED" }, include: { tiers: { orderBy: { lowerRange: "asc" } } }, orderBy: { createdAt: "asc" } });
}

export function saveItemPrice(db: Db, actor: Actor, orderId: string, itemId: string, priceId: string) {
  return changeOrder(db, actor, orderId, "order.itemPrice", async (tx, order) => {
    const item = itemOf(order, itemId);
    if (!item) return failed("priceId", "This item is not on the order");
    const price = (await itemPrices(tx, item.catalogueItemId)).find((p) => p.id === priceId);
    if (!price) return failed("priceId", "Select one of this item's prices");
    if (price.id === item.priceId) return { ok: true };
    const snapshot = snapshotOf(price);
    await tx.orderItem.update({
      where: { id: item.id },
      // Back to the list price: the agreed tier prices belonged to the old price's tiers.
      data: { priceId: price.id, priceSnapshot: snapshot, agreedPrice: moneyToDecimalString(listPriceOf(snapshot)), agreedTierPrices: [] },
    });
    // Per-patient and per-item prices take different quantities, so the old ones cannot carry over.
    if (snapshotFromJson(item.priceSnapshot).provisioningType !== snapshot.provisioningType) {
      await tx.orderItemRecipientQuantity.deleteMany({ where: { orderItemId: item.id } });
    }
    return { ok: true, before: { priceId: item.priceId }, after: { priceId: price.id } };
  });
}

export function fundingRuleFor(order: OrderDetail, zeroCost: boolean): FundingRule {
  return fundingRule({
    zeroCost,
    orderingOrganisationType: order.organisation.type,
    frameworkFundingTypes: (order.framework?.fundingTypes ?? ["CENTRAL", "LOCAL"]) as FundingType[],
  });
}

export const quantityFieldName = (organisationId: string) => `quantity-${organisationId}`;

type Item = NonNullable<ReturnType<typeof itemOf>>;

/** The item's price as agreed: its own agreed tier prices, or (saved before them) its one agreed price. */
export function agreedPriceOfItem(item: Pick<Item, "priceSnapshot" | "agreedPrice" | "agreedTierPrices">) {
  return agreedPriceOf(snapshotFromJson(item.priceSnapshot), { agreedTierPrices: item.agreedTierPrices, agreedPrice: item.agreedPrice });
}

export function agreeableTiers(snapshot: ReturnType<typeof snapshotFromJson>): AgreeableTier[] {
  const listPrices = tierListPricesOf(snapshot);
  return [...snapshot.tiers].sort((a, b) => a.lowerRange - b.lowerRange).map((tier, index) => ({ lowerRange: tier.lowerRange, upperRange: tier.upperRange, listPrice: listPrices[index] }));
}

/** "1.25" for £1.2500, "0.1234" kept: an agreed price as the box shows it. */
const priceBoxValue = (amount: bigint) => moneyToDecimalString(amount).replace(/(\.\d\d)00$/, "$1");

/** What the item page shows: the price, the quantity boxes with their prefill, the funding question. */
/** One agreed-price box for a flat price, one per tier for a tiered price, showing the agreed prices. */
export function agreedPriceBoxes(snapshot: PriceSnapshot, agreed: PriceLike) {
  const tiers = agreeableTiers(snapshot);
  return tiers.map((tier, index) => ({
    name: agreedPriceFieldName(index, tiers.length),
    tier: tiers.length === 1 ? null : tierName(tier, index),
    listPrice: formatMoney(tier.listPrice, { exact: true }),
    value: priceBoxValue(toMoney(agreed.tiers[index].price)),
  }));
}

type RecipientWithListSize = { organisationId: string; organisation: { name: string; odsCode: string; practiceListSize: number | null } };

/**
 * Whether a whole-item price (per licence, per practice, on demand) holds its quantities per
 * service recipient: a renewal or replacement carries a contract's quantities over recipient
 * by recipient, and one box would show only the first recipient's share (and, saved, lose
 * the rest). More than one row, or a row for anyone but the ordering party, is such a split.
 */
export function quantitiesSplitByRecipient(saved: readonly { organisationId: string }[], orderingPartyId: string) {
  return saved.length > 1 || saved.some((q) => q.organisationId !== orderingPartyId);
}

/**
 * The quantity boxes: one per service recipient for a per-patient price, pre-filled from its
 * practice list size; one per service recipient, pre-filled with what is saved, for a
 * whole-item price whose saved quantities are split by recipient; else one for the item.
 */
export function quantityBoxes(
  snapshot: PriceSnapshot,
  recipients: readonly RecipientWithListSize[],
  saved: readonly { organisationId: string; quantity: number }[],
  orderingPartyId: string,
) {
  const stored = new Map(saved.map((q) => [q.organisationId, q.quantity]));
  if (snapshot.provisioningType !== "PATIENT") {
    if (!quantitiesSplitByRecipient(saved, orderingPartyId)) {
      return [{ name: "quantity", label: `Quantity (${snapshot.unitDescription})`, value: String(saved[0]?.quantity ?? ""), hint: undefined }];
    }
    return recipients.map((r) => ({
      name: quantityFieldName(r.organisationId),
      label: `${r.organisation.name} (${r.organisation.odsCode})`,
      value: String(stored.get(r.organisationId) ?? ""),
      hint: `Quantity ${snapshot.unitDescription}`,
    }));
  }
  return recipients.map((r) => ({
    name: quantityFieldName(r.organisationId),
    label: `${r.organisation.name} (${r.organisation.odsCode})`,
    value: String(stored.get(r.organisationId) ?? r.organisation.practiceListSize ?? ""),
    hint: r.organisation.practiceListSize ? `Practice list size: ${r.organisation.practiceListSize.toLocaleString("en-GB")} patients` : undefined,
  }));
}

export function itemForm(order: OrderDetail, item: Item) {
  const snapshot = snapshotFromJson(item.priceSnapshot);
  const agreed = agreedPriceOfItem(item);
  // A new item's planned delivery date starts as the commencement date, the usual answer.
  const deliveryOrStart = item.plannedDeliveryDate ?? order.commencementDate;
  const delivery = deliveryOrStart ? fromDbDate(deliveryOrStart) : null;
  return {
    perPatient: snapshot.provisioningType === "PATIENT",
    agreedPrices: agreedPriceBoxes(snapshot, agreed),
    quantities: quantityBoxes(snapshot, order.recipients, item.quantities, order.organisationId),
    deliveryDate: delivery
      ? { day: String(Number(delivery.slice(8, 10))), month: String(Number(delivery.slice(5, 7))), year: delivery.slice(0, 4) }
      : { day: "", month: "", year: "" },
    funding: fundingRuleFor(order, isZeroCost(agreed)),
    fundingType: item.fundingType,
  };
}

type Recipient = { organisationId: string; organisation: { name: string } };

/**
 * The quantities typed on an item page into `errors` (keyed by the box's name): one per
 * service recipient for a per-patient price, or for a whole-item price whose page showed a
 * box per recipient (carried over from a contract, see quantityBoxes: there an empty box is
 * a recipient without a share, and at least one is needed); a box for any other organisation
 * (a tampered form) is refused. Otherwise one for the whole item, held by the ordering party.
 */
export function quantitiesFrom(
  values: Record<string, unknown>,
  { perPatient, recipients, orderingPartyId, of }: { perPatient: boolean; recipients: readonly Recipient[]; orderingPartyId: string; of: "order" | "competition" },
  errors: Record<string, string>,
): { organisationId: string; quantity: number }[] {
  const quantities: { organisationId: string; quantity: number }[] = [];
  const known = new Set(recipients.map((r) => r.organisationId));
  const submitted = Object.keys(values).filter((key) => key.startsWith("quantity-"));
  // A whole-item price is counted per recipient exactly when the page sent per-recipient boxes
  // and no whole-item box: the form itself says which way the page was shown.
  const perRecipient = perPatient || (submitted.length > 0 && !("quantity" in values));
  if (perRecipient && submitted.some((key) => !known.has(key.slice("quantity-".length)))) {
    errors[submitted.find((key) => !known.has(key.slice("quantity-".length)))!] = `The form included an organisation that is not a service recipient of this ${of}: reload the page and try again`;
  } else if (perRecipient) {
    for (const recipient of recipients) {
      const name = quantityFieldName(recipient.organisationId);
      const typed = String(values[name] ?? "").trim();
      // Every patient counts, but a contract's licences need not reach every practice: an empty box is no share.
      if (!perPatient && typed === "") continue;
      const parsed = quantityField(`a quantity for ${recipient.organisation.name}`).safeParse(typed);
      if (parsed.success) quantities.push({ organisationId: recipient.organisationId, quantity: parsed.data });
      else errors[name] = parsed.error.issues[0].message;
    }
    if (!perPatient && quantities.length === 0 && recipients.length > 0 && !Object.keys(errors).some((key) => key.startsWith("quantity-"))) {
      errors[quantityFieldName(recipients[0].organisationId)] = "Enter a quantity for at least one service recipient";
    }
  } else {
    const parsed = quantityField().safeParse(String(values.quantity ?? ""));
    if (parsed.success) quantities.push({ organisationId: orderingPartyId, quantity: parsed.data });
    else errors.quantity = parsed.error.issues[0].message;
  }
  return quantities;
}

/**
 * Validates and saves the item page in one go: every problem is reported at once, keyed by
 * the field's name, and nothing is saved unless everything is right. Quantity boxes for
 * organisations that are not service recipients (a tampered form) are refused.
 */
export function saveItem(db: Db, actor: Actor, orderId: string, itemId: string, values: Record<string, unknown>) {
  return changeOrder(db, actor, orderId, "order.item", async (tx, order) => {
    const item = itemOf(order, itemId);
    if (!item) return failed("agreedPrice", "This item is not on the order");
    const snapshot = snapshotFromJson(item.priceSnapshot);
    const agreed = agreedTierPricesFrom(values, agreeableTiers(snapshot));
    const errors: Record<string, string> = agreed.ok ? {} : { ...agreed.errors };

    const quantities = quantitiesFrom(values, { perPatient: snapshot.provisioningType === "PATIENT", recipients: order.recipients, orderingPartyId: order.organisationId, of: "order" }, errors);

    const delivery = dateFromParts(values, "deliveryDate", "the planned delivery date");
    let deliveryDate: DateOnly | null = null;
    if ("error" in delivery) errors.deliveryDate = delivery.error;
    else {
      deliveryDate = delivery.date;
      const start = order.commencementDate ? fromDbDate(order.commencementDate) : null;
      const end = orderEndDate(order);
      if (start && deliveryDate < start) errors.deliveryDate = `Planned delivery date must be on or after the commencement date, ${formatNhsDate(start)}`;
      else if (end && deliveryDate > end) errors.deliveryDate = `Planned delivery date must be on or before the contract's end date, ${formatNhsDate(end)}`;
    }

    const agreedPrices = agreed.ok ? agreed.prices.map(moneyToDecimalString) : [];
    // Whether funding must be chosen depends on the agreed prices; while they are still wrong
    // the list price decides, so a missing answer is reported in the same round.
    const rule = fundingRuleFor(order, isZeroCost(agreed.ok ? agreedPriceOf(snapshot, { agreedTierPrices: agreedPrices }) : snapshot));
    const fundingType = rule.kind === "fixed" ? rule.fundingType : String(values.fundingType ?? "");
    if (!fundingAllowed(rule, fundingType)) errors.fundingType = "Select how this item is funded";
    if (Object.keys(errors).length > 0 || !agreed.ok) return { ok: false, errors };

    await tx.orderItem.update({
      where: { id: item.id },
      data: {
        // The first tier's agreed price stays in agreedPrice for the finance CSV and older readers.
        agreedPrice: agreedPrices[0],
        agreedTierPrices: agreedPrices,
        fundingType: fundingType as "CENTRAL" | "LOCAL" | "NO_FUNDING_REQUIRED",
        plannedDeliveryDate: deliveryDate ? toDbDate(deliveryDate) : null,
        estimationPeriod: snapshot.billingPeriod === "ONE_OFF" ? null : snapshot.billingPeriod,
      },
    });
    await tx.orderItemRecipientQuantity.deleteMany({ where: { orderItemId: item.id } });
    await tx.orderItemRecipientQuantity.createMany({
      data: quantities.map((q) => ({ orderItemId: item.id, organisationId: q.organisationId, quantity: q.quantity, deliveryDate: deliveryDate ? toDbDate(deliveryDate) : null })),
    });
    return {
      ok: true,
      before: { agreedPrices: agreedPriceOfItem(item).tiers.map((t) => moneyToDecimalString(toMoney(t.price))), fundingType: item.fundingType, quantities: item.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity })) },
      after: { agreedPrices, fundingType, quantities },
    };
  });
}
