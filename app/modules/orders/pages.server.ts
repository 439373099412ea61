import { redirect } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import type { FieldError } from "~/components/nhs";
import { solutionOrderability } from "~/modules/assurance/orderability.server";
import { refusalView, type RefusalView } from "~/modules/contracts/alternatives.server";
import { parseSmallUploadForm, UPLOAD_PROBLEMS } from "~/services/storage/multipart.server";
import { requireActor, type Actor, type GuardOptions } from "~/utils/auth.server";
import { db, type DbClient } from "~/utils/db.server";
import { formatNhsDate, fromDbDate, londonToday } from "~/modules/dates";
import { fundingTypeText } from "~/modules/pricing/funding";
import { formatMoney, toMoney, type PriceTierLike } from "~/modules/pricing/pricing";
import { agreedPriceOfItem, icbPractices, type UploadedFile } from "./order-items.server";
import { CSV_MAX_BYTES } from "./recipients-csv";
import { callOffId, tierName } from "./order-rules";
import {
  findEditableOrder,
  findOrderDetail,
  formattedCosts,
  orderEndDate,
  priceText,
  snapshotFromJson,
  sortedItems,
  totalQuantity,
  type OrderDetail,
} from "./orders.server";

/** What every order page's loader and action start with (routes stay guard → parse → module → respond). */

export function notFound(message = "Page not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/**
 * The actor and their in-progress order. Another organisation's id is a 404 (it never exists
 * for them); their own completed order goes to its read-only summary.
 */
export async function editableOrder(request: Request, params: Params, options: GuardOptions = {}): Promise<{ actor: Actor; order: OrderDetail }> {
  const actor = await requireActor(request, { entity: "order", action: "edit" }, options);
  const order = await findEditableOrder(db(), actor, params.orderId ?? "");
  if (order) return { actor, order };
  const existing = await findOrderDetail(db(), actor, params.orderId ?? "");
  if (existing) throw redirect(`/buyer/orders/${existing.id}/summary`);
  throw notFound();
}

/**
 * For every page of an in-progress order: why its Catalogue Solution can no longer be ordered
 * (the orderability rule, under the order's framework), with assured alternatives; null when
 * it can, before a solution is chosen, and for completed orders.
 */
export async function orderRefusalOnPages(request: Request, params: Params): Promise<RefusalView | null> {
  const actor = await requireActor(request, { entity: "order", action: "read" });
  const order = await findOrderDetail(db(), actor, params.orderId ?? "");
  // Another organisation's id is a 404 here too: a data request runs this layout on its own.
  if (!order) throw notFound();
  if (order.status !== "IN_PROGRESS") return null;
  const solution = order.items.find((item) => item.catalogueItem.kind === "SOLUTION");
  if (!solution) return null;
  const today = londonToday();
  const verdict = await solutionOrderability(db(), solution.catalogueItemId, { today, frameworkId: order.frameworkId });
  return refusalView(db(), { id: solution.catalogueItemId, name: solution.catalogueItem.name }, verdict, today);
}

/** Where a saved answer leads: back to the review when changed from there, home for "come back later", else the task list. */
export function afterSave(request: Request, orderId: string, formData?: FormData, next?: string): string {
  if (formData?.get("intent") === "later") return "/buyer/orders";
  const from = new URL(request.url).searchParams.get("from");
  if (from === "review") return `/buyer/orders/${orderId}/review`;
  return next ?? `/buyer/orders/${orderId}`;
}

/** The error summary entries for a module's field errors (field ids are the field names). */
export function summaryOf(errors: Record<string, string>): FieldError[] {
  return Object.entries(errors).map(([fieldId, message]) => ({ fieldId, message }));
}

/** A caption for every order page: "C010001-01: Online consultation for Riverside Surgery". */
export function orderHeading(order: OrderDetail) {
  return {
    id: order.id,
    callOffId: callOffId(order),
    description: order.description,
    orderType: order.orderType,
  };
}

/** Everything the review, summary and print pages show, as plain strings (loader data). */
export function orderAnswers(order: OrderDetail) {
  const start = order.commencementDate ? fromDbDate(order.commencementDate) : null;
  const end = orderEndDate(order);
  const costs = formattedCosts(order);
  const recipientNames = order.recipients.map((r) => `${r.organisation.name} (${r.organisation.odsCode})`);
  const rows: { key: string; value: string[]; path: string }[] = [
    { key: "Order description", value: [order.description], path: "description" },
    {
      key: "Call-off Ordering Party contact",
      value: [order.orderingPartyContactName ?? "", order.orderingPartyContactEmail ?? "", order.orderingPartyContactPhone ?? ""].filter(Boolean),
      path: "contact",
    },
    { key: "Framework", value: [order.framework?.name ?? "Not chosen"], path: "framework" },
    {
      key: "Supplier",
      value: [order.supplier?.name ?? "Not chosen", order.supplierContact ? `${order.supplierContact.firstName} ${order.supplierContact.lastName}, ${order.supplierContact.email}` : ""].filter(Boolean),
      path: "supplier",
    },
    {
      key: "Commencement date and term",
      value: start
        ? [
            `Commencement date: ${formatNhsDate(start)}`,
            `Initial period: ${order.initialPeriodMonths} months`,
            `Maximum term: ${order.maximumTermMonths} months`,
            end ? `End date: ${formatNhsDate(end)}` : "",
          ].filter(Boolean)
        : ["Not given"],
      path: "timescales",
    },
    {
      key: "Service recipients",
      value: recipientNames.length > 12 ? [...recipientNames.slice(0, 12), `and ${recipientNames.length - 12} more`] : recipientNames.length ? recipientNames : ["None selected"],
      path: "recipients",
    },
  ];
  const items = sortedItems(order).map((item) => {
    const snapshot = snapshotFromJson(item.priceSnapshot);
    return {
      id: item.id,
      name: item.catalogueItem.name,
      kind: KIND_WORDS[item.catalogueItem.kind],
      rows: [
        { key: "Type", value: [KIND_WORDS[item.catalogueItem.kind]] },
        { key: "List price", value: [priceText(snapshot)] },
        { key: "Agreed price", value: agreedPriceLines(item) },
        { key: "Quantity", value: [`${totalQuantity(item).toLocaleString("en-GB")} (${snapshot.unitDescription})`] },
        { key: "Planned delivery date", value: [item.plannedDeliveryDate ? formatNhsDate(fromDbDate(item.plannedDeliveryDate)) : "Not given"] },
        { key: "Funding", value: [item.fundingType ? fundingTypeText(item.fundingType) : "Not given"] },
      ],
    };
  });
  return {
    rows,
    items,
    costs: {
      termMonths: costs.termMonths,
      rows: costs.items.map((c) => ({ name: c.name, quantity: c.quantity, perPeriod: c.perPeriod, oneOff: c.oneOff, yearly: c.yearly, total: c.total, fundingText: c.fundingType ? fundingTypeText(c.fundingType) : "" })),
      totals: { oneOff: costs.oneOff, yearly: costs.yearly, total: costs.total },
    },
  };
}

/** "£1.20", or a line per tier of a tiered price: "Tier 2 (1,000 to 4,999): £7.50". */
function agreedPriceLines(item: OrderDetail["items"][number]): string[] {
  const tiers = agreedPriceOfItem(item).tiers;
  const price = (tier: PriceTierLike) => formatMoney(toMoney(tier.price), { exact: true });
  if (tiers.length === 1) return [price(tiers[0])];
  return tiers.map((tier, index) => {
    const name = tierName(tier, index);
    return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${price(tier)}`;
  });
}

const KIND_WORDS = { SOLUTION: "Catalogue Solution", ADDITIONAL_SERVICE: "Additional Service", ASSOCIATED_SERVICE: "Associated Service" } as const;

// ───────── Service recipients pages (orders and further competitions) ─────────

/** The recipients CSV from a multipart post (the page's guard accepts files), read in memory up to the size limit. */
export async function readRecipientsCsv(request: Request): Promise<{ file: UploadedFile } | { error: string }> {
  const form = await parseSmallUploadForm(request, "csv", CSV_MAX_BYTES);
  if (!form.ok) return { error: form.reason === "too-large" ? "The selected file must be smaller than 1 MB" : UPLOAD_PROBLEMS[form.reason] };
  if (!form.file) return { error: "Select a CSV file to upload" };
  return { file: form.file };
}

/** The ICB's practices as the recipients checkboxes show them. */
export async function practiceChoices(db: DbClient, actor: Actor) {
  return (await icbPractices(db, actor)).map((group) => ({
    id: group.id,
    name: group.name,
    practices: group.practices.map((p) => ({
      value: p.id,
      label: `${p.name} (${p.odsCode})`,
      hint: p.practiceListSize ? `${p.practiceListSize.toLocaleString("en-GB")} registered patients` : undefined,
    })),
  }));
}
