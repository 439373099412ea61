import { contractEndDate, fromDbDate } from "~/modules/dates";
import { fundingTypeText } from "~/modules/pricing/funding";
import { billingPeriodText, formatMoney, moneyToDecimalString, toMoney, type PriceTierLike } from "~/modules/pricing/pricing";
import { agreedPriceOfItem } from "./order-items.server";
import { callOffId } from "./order-rules";
import { orderCosts, snapshotFromJson, sortedItems, type OrderDetail } from "./orders.server";

/**
 * The order as CSV, in the columns of the NHS catalogue's finance export: one row per item and
 * service recipient, with the prices as they were when the order was completed (the item's
 * price snapshot). A whole-item quantity (not per patient) is shown against the ordering party.
 */
export const ORDER_CSV_COLUMNS = [
  "Call-off ID",
  "Call-off Ordering Party ODS code",
  "Call-off Ordering Party name",
  "Service recipient ODS code",
  "Service recipient name",
  "Supplier ID",
  "Supplier name",
  "Catalogue item ID",
  "Catalogue item name",
  "Catalogue item type",
  "Price type",
  "Unit",
  "Billing period",
  "List price",
  "Agreed price",
  "Quantity",
  "Estimated cost per period",
  "Funding type",
  "Commencement date",
  "End date",
  "Framework",
  // Added after the columns above (which keep their order for existing spreadsheets): a tiered
  // price's every tier, as "1 to 10: 9.0000; 11 or more: 7.5000". "List price" and "Agreed
  // price" above are the first tier's.
  "List price per tier",
  "Agreed price per tier",
] as const;

const KIND = { SOLUTION: "Catalogue Solution", ADDITIONAL_SERVICE: "Additional Service", ASSOCIATED_SERVICE: "Associated Service" } as const;
const CALCULATION = { SINGLE_FIXED: "single fixed", VOLUME: "volume", CUMULATIVE: "cumulative" } as const;

/** RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every tier's range and price, lowest range first; empty for a flat price (one tier). */
export function tierPrices(tiers: readonly PriceTierLike[]): string {
  if (tiers.length < 2) return "";
  return [...tiers]
    .sort((a, b) => a.lowerRange - b.lowerRange)
    .map((tier) => `${tier.upperRange === null ? `${tier.lowerRange} or more` : `${tier.lowerRange} to ${tier.upperRange}`}: ${moneyToDecimalString(toMoney(tier.price))}`)
    .join("; ");
}

export function orderCsv(order: OrderDetail): string {
  const costs = orderCosts(order);
  const start = order.commencementDate ? fromDbDate(order.commencementDate) : null;
  const end = start && order.maximumTermMonths ? contractEndDate(start, order.maximumTermMonths) : null;
  const recipients = new Map(order.recipients.map((r) => [r.organisationId, r.organisation]));
  const rows: (string | number)[][] = [];
  sortedItems(order).forEach((item) => {
    const snapshot = snapshotFromJson(item.priceSnapshot);
    const agreed = agreedPriceOfItem(item);
    const cost = costs.items.find((c) => c.itemId === item.id)!;
    const total = cost.quantity;
    for (const q of item.quantities) {
      const recipient = recipients.get(q.organisationId) ?? order.organisation;
      // The item's cost shared in proportion to quantity, so the rows add up to the item's cost.
      const share = total > 0 ? (cost.perPeriod * BigInt(q.quantity) + BigInt(total) / 2n) / BigInt(total) : 0n;
      rows.push([
        callOffId(order),
        order.organisation.odsCode,
        order.organisation.name,
        recipient.odsCode,
        recipient.name,
        order.supplier?.id ?? "",
        order.supplier?.name ?? "",
        item.catalogueItemId,
        item.catalogueItem.name,
        KIND[item.catalogueItem.kind],
        `${snapshot.priceType === "FLAT" ? "Flat" : "Tiered"} (${CALCULATION[snapshot.calculationType]})`,
        snapshot.unitDescription,
        billingPeriodText(snapshot.billingPeriod),
        moneyToDecimalString(toMoney(snapshot.tiers[0].price)),
        moneyToDecimalString(toMoney(agreed.tiers[0].price)),
        q.quantity,
        formatMoney(share).replace(/[£,]/g, ""),
        item.fundingType ? fundingTypeText(item.fundingType) : "",
        start ?? "",
        end ?? "",
        order.framework?.name ?? "",
        tierPrices(snapshot.tiers),
        tierPrices(agreed.tiers),
      ]);
    }
  });
  return [ORDER_CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
