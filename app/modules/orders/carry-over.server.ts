import type { Prisma } from "../../../generated/prisma/client";
import { toDbDate, type DateOnly } from "~/modules/dates";
import { fundingAllowed, fundingRule, type FundingType } from "~/modules/pricing/funding";
import { isZeroCost, listPriceOf, moneyToDecimalString } from "~/modules/pricing/pricing";
import type { DbClient } from "~/utils/db.server";
import { agreedPriceOfItem } from "./order-items.server";
import { priceText, snapshotFromJson, snapshotOf, type OrderDetail, type PriceSnapshot } from "./orders.server";

/**
 * Carrying a contract over into the order that follows it: a renewal (same solution), a
 * replacement (an assured alternative) and a switch (a replacement with its own switch date)
 * are all built here, so the three cannot drift apart on what is copied.
 */

/** What a carry-over reads of the contract's order. */
export const carriedOrderInclude = {
  items: {
    include: {
      quantities: true,
      catalogueItem: { select: { kind: true, publicationStatus: true, parentSolutionId: true, supplierId: true } },
    },
  },
  organisation: { select: { type: true } },
} satisfies Prisma.OrderInclude;

export type CarriedOrder = Prisma.OrderGetPayload<{ include: typeof carriedOrderInclude }>;

export type CarryOverOptions = {
  /** The Catalogue Solution of the new order; the old one's when left out (a renewal). */
  solutionId?: string;
  /** The funding types of the new order's framework (both when it has none yet). */
  frameworkFundingTypes: FundingType[];
  /** The planned delivery date of every item and quantity, when the new order has a start date. */
  deliveryDate: DateOnly | null;
};

type PriceWithTiers = Prisma.PriceGetPayload<{ include: { tiers: true } }>;

/**
 * The price to carry an item over at: the one it had, if still published; else a published
 * one counting the same thing (so its quantities still mean something); else the first.
 */
function carriedPrice(prices: readonly PriceWithTiers[], previous: { priceId: string; provisioningType: PriceSnapshot["provisioningType"] }) {
  return prices.find((p) => p.id === previous.priceId) ?? prices.find((p) => p.provisioningType === previous.provisioningType) ?? prices[0] ?? null;
}

/**
 * Copies a contract's order into a new order: every item still orderable today (Published,
 * with a Published price), at today's list price, with every quantity per service recipient
 * exactly as it was, whatever the provisioning type (per patient, per licence or practice, on
 * demand). For a replacement the old Catalogue Solution is swapped for the new one (its
 * quantities carried when the new price counts the same thing, else left for the buyer), the
 * old solution's Additional Services (which need their parent) are not carried to another
 * solution, and Associated Services only to the same supplier. Returns the new items' ids.
 */
export async function carryOverItems(tx: DbClient, previous: CarriedOrder, newOrderId: string, options: CarryOverOptions): Promise<string[]> {
  const oldSolution = previous.items.find((item) => item.catalogueItem.kind === "SOLUTION");
  const solutionId = options.solutionId ?? oldSolution?.catalogueItemId;
  const solution = solutionId ? await tx.catalogueItem.findUniqueOrThrow({ where: { id: solutionId }, select: { id: true, supplierId: true } }) : null;
  const created: string[] = [];
  for (const item of previous.items) {
    const { kind } = item.catalogueItem;
    const swapped = kind === "SOLUTION" && solution !== null && item.catalogueItemId !== solution.id;
    if (kind === "ADDITIONAL_SERVICE" && item.catalogueItem.parentSolutionId !== solution?.id) continue;
    if (kind === "ASSOCIATED_SERVICE" && item.catalogueItem.supplierId !== solution?.supplierId) continue;
    const catalogueItemId = swapped ? solution.id : item.catalogueItemId;
    // The new solution was checked by the orderability rule already; the rest must still be published.
    if (!swapped && item.catalogueItem.publicationStatus !== "PUBLISHED") continue;
    const old = snapshotFromJson(item.priceSnapshot);
    const prices = await tx.price.findMany({ where: { catalogueItemId, status: "PUBLISHED" }, include: { tiers: true }, orderBy: { createdAt: "asc" } });
    const price = carriedPrice(prices, { priceId: swapped ? "" : item.priceId, provisioningType: old.provisioningType });
    if (!price) continue;
    const snapshot = snapshotOf(price);
    // Per-patient and per-item quantities count different things, so they carry only within one provisioning type.
    const sameCount = snapshot.provisioningType === old.provisioningType;
    const rule = fundingRule({ zeroCost: isZeroCost(snapshot), orderingOrganisationType: previous.organisation.type, frameworkFundingTypes: options.frameworkFundingTypes });
    const fundingType = rule.kind === "fixed" ? rule.fundingType : fundingAllowed(rule, item.fundingType) ? item.fundingType : null;
    const deliveryDate = options.deliveryDate ? toDbDate(options.deliveryDate) : null;
    const { id } = await tx.orderItem.create({
      data: {
        orderId: newOrderId,
        catalogueItemId,
        priceId: price.id,
        priceSnapshot: snapshot,
        agreedPrice: moneyToDecimalString(listPriceOf(snapshot)),
        fundingType,
        estimationPeriod: snapshot.billingPeriod === "ONE_OFF" ? null : snapshot.billingPeriod,
        plannedDeliveryDate: deliveryDate,
        quantities: sameCount ? { create: item.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity, deliveryDate })) } : undefined,
      },
      select: { id: true },
    });
    created.push(id);
  }
  return created;
}

/**
 * What the contract an order renews or replaces said about one of its items, for the item
 * page: the agreed price then (beside today's list price), and why the quantities did not
 * carry over when the new price counts something else. Null for any other order.
 */
export async function previousTermsOf(db: DbClient, order: Pick<OrderDetail, "organisationId" | "renewsContractId" | "replacesContractId">, item: OrderDetail["items"][number]) {
  const contractId = order.renewsContractId ?? order.replacesContractId;
  if (!contractId) return null;
  // The ordering party's own contract only, whatever the caller checked.
  const contract = await db.contract.findFirst({
    where: { id: contractId, organisationId: order.organisationId },
    select: { order: { select: { items: { include: { catalogueItem: { select: { name: true, kind: true } } } } } } },
  });
  if (!contract) return null;
  const same = contract.order.items.find((old) => old.catalogueItemId === item.catalogueItemId);
  // A replacement's solution is another item: the old solution's terms are what it is compared with.
  const replaced = !same && item.catalogueItem.kind === "SOLUTION" ? contract.order.items.find((old) => old.catalogueItem.kind === "SOLUTION") : undefined;
  const old = same ?? replaced;
  if (!old) return null;
  const oldSnapshot = snapshotFromJson(old.priceSnapshot);
  const current = snapshotFromJson(item.priceSnapshot);
  const agreedPrice = priceText(agreedPriceOfItem(old));
  const countsOtherThing = oldSnapshot.provisioningType !== current.provisioningType;
  return {
    agreedPrice: replaced ? `${agreedPrice} (for ${old.catalogueItem.name})` : agreedPrice,
    quantitiesNote:
      countsOtherThing && item.quantities.length === 0
        ? `The contract's price was ${oldSnapshot.unitDescription} and this one is ${current.unitDescription}, so its quantities could not be carried over: enter them here.`
        : null,
  };
}
