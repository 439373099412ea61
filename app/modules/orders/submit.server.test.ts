import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, londonToday } from "~/modules/dates";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { saveItem, saveRecipients, saveServices } from "./order-items.server";
import { findOrderDetail, saveTimescales, startOrder, tasksFor } from "./orders.server";
import { submitOrder } from "./submit.server";

/** The call-off journey through the module, as the pages drive it, against real PostgreSQL. */
const database = useTestDatabase();
const today = londonToday();

let practice: Actor;
let icb: Actor;
let otherIcb: Actor;
let icbPractices: { id: string; practiceListSize: number | null }[];
let solutionId: string;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const { supplier } = await createSupplier(db);
  const solution = await createPublishedSolution(db, { supplierId: supplier.id, frameworkIds: ["NHSDGP001"] });
  solutionId = solution.item.id;
  const icbOrg = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QZ1" });
  const other = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QZ2" });
  const practiceOrg = await createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icbOrg.organisation.id, parentId: icbOrg.organisation.id, practiceListSize: 9000 });
  const more = await Promise.all([1, 2].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icbOrg.organisation.id, parentId: icbOrg.organisation.id, practiceListSize: 5000 })));
  practice = await actorFor(db, practiceOrg.user.id);
  icb = await actorFor(db, icbOrg.user.id);
  otherIcb = await actorFor(db, other.user.id);
  icbPractices = [practiceOrg.organisation, ...more.map((m) => m.organisation)];
});

/** A practice's order for the solution with every task answered, ready to submit. */
async function readyOrder(actor: Actor, recipients?: string[]) {
  const db = database.db;
  const started = await startOrder(db, actor, { description: "Online consultation for the practice", solutionId });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  const id = started.orderId;
  expect(await saveTimescales(db, actor, id, { commencementDate: addDays(today, 10), initialPeriodMonths: 12, maximumTermMonths: 36 })).toEqual({ ok: true });
  if (recipients) expect(await saveRecipients(db, actor, id, recipients)).toEqual({ ok: true });
  expect(await saveServices(db, actor, id, { additional: [], associated: [] })).toEqual({ ok: true });
  const order = (await findOrderDetail(db, actor, id))!;
  const item = order.items[0];
  const date = addDays(today, 20);
  const quantities = Object.fromEntries(order.recipients.map((r) => [`quantity-${r.organisationId}`, String(r.organisation.practiceListSize)]));
  const saved = await saveItem(db, actor, id, item.id, {
    agreedPrice: "2.50",
    ...quantities,
    "deliveryDate-day": date.slice(8),
    "deliveryDate-month": date.slice(5, 7),
    "deliveryDate-year": date.slice(0, 4),
    fundingType: "CENTRAL",
  });
  expect(saved).toEqual({ ok: true });
  return id;
}

describe("a practice's call-off order", () => {
  it("starts pre-filled from the solution, with the practice as its only service recipient", async () => {
    const started = await startOrder(database.db, practice, { description: "Prefilled", solutionId });
    const order = (await findOrderDetail(database.db, practice, started.ok ? started.orderId : ""))!;
    expect(order.frameworkId).toBe("NHSDGP001");
    expect(order.supplierContactId).not.toBeNull();
    expect(order.recipients.map((r) => r.organisationId)).toEqual([practice.organisationId]);
    expect(order.items.map((i) => i.catalogueItemId)).toEqual([solutionId]);
    const statuses = Object.fromEntries(tasksFor(order).flatMap((s) => s.tasks).map((t) => [t.key, t.status]));
    expect(statuses).toMatchObject({ description: "Completed", contact: "Completed", supplier: "Completed", timescales: "Not started", recipients: "Completed", solution: "Completed", review: "Cannot start yet" });
  });

  it("submitted twice at once completes once: one order, one contract, one set of emails", async () => {
    const id = await readyOrder(practice);
    const [a, b] = await Promise.all([
      submitOrder(database.db, practice, id, { completionKey: "k1" }),
      submitOrder(database.db, practice, id, { completionKey: "k1" }),
    ]);
    expect(a?.ok && b?.ok).toBe(true);
    if (!a?.ok || !b?.ok) return;
    expect(a.contractId).toBe(b.contractId);
    expect([a.alreadyCompleted, b.alreadyCompleted].sort()).toEqual([false, true]);
    expect(await database.db.contract.count({ where: { orderId: id } })).toBe(1);
    const order = await database.db.order.findUniqueOrThrow({ where: { id } });
    expect(order.status).toBe("COMPLETED");
    const emails = await database.db.outboxMessage.count({ where: { dedupeKey: { startsWith: `order-completed:${id}` } } });
    expect(emails).toBe(2);
    // A practice funds locally: without Stripe that is invoiced outside the catalogue, with no billing work queued.
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: a.contractId } });
    expect(contract.paymentState).toBe("INVOICED_OUTSIDE_CATALOGUE");
    expect(contract.totalValue.toString()).toBe("67500");
    // Submitting again later still leads to the confirmation.
    expect(await submitOrder(database.db, practice, id, { completionKey: "k2" })).toMatchObject({ ok: true, alreadyCompleted: true });
  });

  it("funding the buyer did not choose is refused: a practice cannot pick central funding", async () => {
    const started = await startOrder(database.db, practice, { description: "Funding", solutionId });
    const order = (await findOrderDetail(database.db, practice, started.ok ? started.orderId : ""))!;
    const date = addDays(today, 20);
    const saved = await saveItem(database.db, practice, order.id, order.items[0].id, {
      agreedPrice: "2.50",
      [`quantity-${practice.organisationId}`]: "9000",
      "deliveryDate-day": date.slice(8),
      "deliveryDate-month": date.slice(5, 7),
      "deliveryDate-year": date.slice(0, 4),
      fundingType: "CENTRAL",
    });
    // The practice's funding is fixed (local), so whatever the form says, LOCAL is stored.
    expect(saved).toEqual({ ok: true });
    const after = (await findOrderDetail(database.db, practice, order.id))!;
    expect(after.items[0].fundingType).toBe("LOCAL");
  });
});

describe("bad answers on the item page", () => {
  it("explains each bad quantity, price and date, and saves nothing", async () => {
    const started = await startOrder(database.db, icb, { description: "Bad input", solutionId });
    const id = started.ok ? started.orderId : "";
    await saveRecipients(database.db, icb, id, icbPractices.map((p) => p.id));
    const order = (await findOrderDetail(database.db, icb, id))!;
    const [p1, p2, p3] = icbPractices.map((p) => `quantity-${p.id}`);
    const result = await saveItem(database.db, icb, id, order.items[0].id, {
      agreedPrice: "99.99",
      [p1]: "0",
      [p2]: "1.5",
      [p3]: "1e12",
      "deliveryDate-day": "31",
      "deliveryDate-month": "02",
      "deliveryDate-year": "2026",
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        agreedPrice: "Agreed price must be the same as or lower than the list price",
        [p1]: expect.stringMatching(/must be 1 or more/),
        [p2]: expect.stringMatching(/must be a whole number/),
        [p3]: expect.stringMatching(/must be a number/),
        deliveryDate: "Planned delivery date must be a real date, like 14 6 2026",
        // Asked in the same round even though the price is wrong (the list price decides it meanwhile).
        fundingType: "Select how this item is funded",
      },
    });
    for (const [value, message] of [["-1", /1 or more/], ["text", /must be a number/], ["10000000", /9,999,999 or fewer/], ["", /Enter a quantity/]] as const) {
      const r = await saveItem(database.db, icb, id, order.items[0].id, { agreedPrice: "1", [p1]: value, [p2]: "1", [p3]: "1" });
      expect(r && !r.ok && r.errors[p1]).toMatch(message);
    }
    const tampered = await saveItem(database.db, icb, id, order.items[0].id, { agreedPrice: "1", [p1]: "1", [p2]: "1", [p3]: "1", [`quantity-${otherIcb.organisationId}`]: "5" });
    expect(tampered && !tampered.ok).toBe(true);
    const unchanged = (await findOrderDetail(database.db, icb, id))!;
    expect(unchanged.items[0].quantities).toEqual([]);
    expect(unchanged.items[0].agreedPrice.toString()).toBe("2.5");
  });

  it("refuses service recipients from another ICB", async () => {
    const started = await startOrder(database.db, otherIcb, { description: "Poaching", solutionId });
    const id = started.ok ? started.orderId : "";
    expect(await saveRecipients(database.db, otherIcb, id, [icbPractices[0].id])).toEqual({ ok: false, errors: { recipients: "Select service recipients from the practices in your ICB" } });
    expect(await database.db.orderRecipient.count({ where: { orderId: id } })).toBe(0);
  });
});

describe("another organisation's order", () => {
  it("cannot be seen, changed or submitted by guessing its id", async () => {
    const id = await readyOrder(icb, icbPractices.map((p) => p.id));
    expect(await findOrderDetail(database.db, otherIcb, id)).toBeNull();
    expect(await saveTimescales(database.db, otherIcb, id, { commencementDate: today, initialPeriodMonths: 1, maximumTermMonths: 2 })).toBeNull();
    expect(await saveRecipients(database.db, otherIcb, id, [otherIcb.organisationId])).toBeNull();
    expect(await submitOrder(database.db, otherIcb, id, { completionKey: "x" })).toBeNull();
    // The ICB's practice can read nothing of its ICB's order either, and cannot submit it.
    expect(await submitOrder(database.db, practice, id, { completionKey: "x" })).toBeNull();
    expect((await database.db.order.findUniqueOrThrow({ where: { id } })).status).toBe("IN_PROGRESS");
  });
});

describe("call-off numbers", () => {
  it("are unique when many orders start at once", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => startOrder(database.db, icb, { description: `Concurrent ${i}` })));
    const ids = results.map((r) => (r.ok ? r.orderId : ""));
    const orders = await database.db.order.findMany({ where: { id: { in: ids } }, select: { callOffNumber: true, revision: true } });
    expect(new Set(orders.map((o) => o.callOffNumber)).size).toBe(12);
    expect(orders.every((o) => o.revision === 1)).toBe(true);
  });
});
