import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, londonToday } from "~/modules/dates";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { itemForm, saveItem, saveRecipients, saveServices } from "./order-items.server";
import { findOrderDetail, orderCosts, saveTimescales, startOrder } from "./orders.server";
import { ORDER_CSV_COLUMNS, orderCsv } from "./order-export.server";
import { orderAnswers } from "./pages.server";

/** The CSV's rows as objects keyed by column (no quoted commas in these values). */
const csvRows = (csv: string) =>
  csv
    .trimEnd()
    .split("\r\n")
    .slice(1)
    .map((line) => Object.fromEntries(line.split(",").map((cell, i) => [ORDER_CSV_COLUMNS[i], cell])));

/** Agreed prices per tier of a tiered price, saved and used by the order's costs, against real PostgreSQL. */
const database = useTestDatabase();
const today = londonToday();
const date = addDays(today, 10);
const dateParts = { "deliveryDate-day": date.slice(8), "deliveryDate-month": date.slice(5, 7), "deliveryDate-year": date.slice(0, 4) };

let buyer: Actor;
let orderId: string;
let itemId: string;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const { supplier } = await createSupplier(db);
  // 1–999 patients at £1.50, 1,000–4,999 at £1.20, 5,000+ at £0.90 a year, volume.
  const solution = await createPublishedSolution(db, {
    supplierId: supplier.id,
    frameworkIds: ["NHSDGP001"],
    prices: [
      {
        provisioningType: "PATIENT",
        priceType: "TIERED",
        calculationType: "VOLUME",
        billingPeriod: "YEARLY",
        unitDescription: "per patient",
        unitDefinition: null,
        rangeDescription: null,
        status: "PUBLISHED",
        tiers: [
          { lowerRange: 1, upperRange: 999, price: 1.5 },
          { lowerRange: 1000, upperRange: 4999, price: 1.2 },
          { lowerRange: 5000, upperRange: null, price: 0.9 },
        ],
      },
    ],
  });
  const practice = await createOrganisationWithUser(db, { type: "GP_PRACTICE", practiceListSize: 6000 });
  buyer = await actorFor(db, practice.user.id);
  const started = await startOrder(db, buyer, { description: "Tiered", solutionId: solution.item.id });
  orderId = started.ok ? started.orderId : "";
  expect(await saveTimescales(db, buyer, orderId, { commencementDate: addDays(today, 5), initialPeriodMonths: 12, maximumTermMonths: 36 })).toEqual({ ok: true });
  expect(await saveRecipients(db, buyer, orderId, [practice.organisation.id])).toEqual({ ok: true });
  expect(await saveServices(db, buyer, orderId, { additional: [], associated: [] })).toEqual({ ok: true });
  const order = (await findOrderDetail(db, buyer, orderId))!;
  itemId = order.items[0].id;
});

const quantityField = async () => `quantity-${(await findOrderDetail(database.db, buyer, orderId))!.recipients[0].organisationId}`;

describe("agreed prices per tier", () => {
  it("shows a box per tier, starting at the list prices", async () => {
    const order = (await findOrderDetail(database.db, buyer, orderId))!;
    expect(itemForm(order, order.items[0]).agreedPrices).toEqual([
      { name: "agreedPrice-1", tier: "tier 1 (1 to 999)", listPrice: "£1.50", value: "1.50" },
      { name: "agreedPrice-2", tier: "tier 2 (1,000 to 4,999)", listPrice: "£1.20", value: "1.20" },
      { name: "agreedPrice-3", tier: "tier 3 (5,000 or more)", listPrice: "£0.90", value: "0.90" },
    ]);
  });

  it("saves nothing when any tier is wrong, and reports each wrong tier", async () => {
    const quantity = await quantityField();
    const result = await saveItem(database.db, buyer, orderId, itemId, { ...dateParts, [quantity]: "6000", "agreedPrice-1": "1.40", "agreedPrice-2": "1.21", "agreedPrice-3": "0.12345" });
    expect(result).toEqual({
      ok: false,
      errors: {
        "agreedPrice-2": "Agreed price for tier 2 (1,000 to 4,999) must be the same as or lower than its list price, £1.20",
        "agreedPrice-3": "Agreed price for tier 3 (5,000 or more) must be an amount in pounds with up to 4 decimal places, like 1.25",
      },
    });
    // The old single-price box alone is not enough for a tiered price.
    const single = await saveItem(database.db, buyer, orderId, itemId, { ...dateParts, [quantity]: "6000", agreedPrice: "1" });
    expect(single?.ok).toBe(false);
    const item = await database.db.orderItem.findUniqueOrThrow({ where: { id: itemId }, include: { quantities: true } });
    expect(item.agreedTierPrices).toEqual([]);
    expect(item.quantities).toEqual([]);
  });

  it("stores each tier's agreed price and prices the order with the tier its quantity falls in", async () => {
    const quantity = await quantityField();
    expect(await saveItem(database.db, buyer, orderId, itemId, { ...dateParts, [quantity]: "6000", "agreedPrice-1": "1.40", "agreedPrice-2": "1.1", "agreedPrice-3": "0.8123" })).toEqual({ ok: true });
    const item = await database.db.orderItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(item.agreedTierPrices.map(String)).toEqual(["1.4", "1.1", "0.8123"]);
    expect(String(item.agreedPrice)).toBe("1.4");
    const order = (await findOrderDetail(database.db, buyer, orderId))!;
    // Volume: all 6,000 patients at tier 3's agreed £0.8123 = £4,873.80 a year (not £0.90 × 1.40/1.50).
    expect(orderCosts(order).items[0].yearly).toBe(48_738_000n);
    expect(itemForm(order, order.items[0]).agreedPrices.map((p) => p.value)).toEqual(["1.40", "1.10", "0.8123"]);
    expect(orderAnswers(order).items[0].rows.find((row) => row.key === "Agreed price")?.value).toEqual([
      "Tier 1 (1 to 999): £1.40",
      "Tier 2 (1,000 to 4,999): £1.10",
      "Tier 3 (5,000 or more): £0.8123",
    ]);
    // The finance CSV keeps its columns and adds every tier's list and agreed price.
    const csv = orderCsv(order);
    expect(csv.split("\r\n")[0]).toBe(ORDER_CSV_COLUMNS.join(","));
    const [row] = csvRows(csv);
    expect(row["List price"]).toBe("1.5000");
    expect(row["Agreed price"]).toBe("1.4000");
    expect(row["List price per tier"]).toBe("1 to 999: 1.5000; 1000 to 4999: 1.2000; 5000 or more: 0.9000");
    expect(row["Agreed price per tier"]).toBe("1 to 999: 1.4000; 1000 to 4999: 1.1000; 5000 or more: 0.8123");
    expect(row["Estimated cost per period"]).toBe("4873.80");
  });

  it("reads an item saved before per-tier prices by scaling its one agreed price", async () => {
    await database.db.orderItem.update({ where: { id: itemId }, data: { agreedPrice: "0.75", agreedTierPrices: [] } });
    const order = (await findOrderDetail(database.db, buyer, orderId))!;
    expect(itemForm(order, order.items[0]).agreedPrices.map((p) => p.value)).toEqual(["0.75", "0.60", "0.45"]);
    // The CSV shows the tier prices the costs were worked out with, not only the first one.
    expect(csvRows(orderCsv(order))[0]["Agreed price per tier"]).toBe("1 to 999: 0.7500; 1000 to 4999: 0.6000; 5000 or more: 0.4500");
  });
});
