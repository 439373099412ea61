import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import "~/modules/contracts/billing.server";
import { addDays, contractEndDate, londonToday } from "~/modules/dates";
import { saveItem, saveRecipients, saveServices } from "~/modules/orders/order-items.server";
import { findOrderDetail, saveTimescales, startOrder } from "~/modules/orders/orders.server";
import { startAmendment } from "~/modules/orders/start.server";
import { terminateContract } from "~/modules/contracts/contracts.server";
import { submitOrder } from "~/modules/orders/submit.server";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { setPaymentsProviderForTests } from "./index.server";
import { OfflinePayments } from "./offline.server";
import { endOfDayTimestamp } from "./stripe.server";
import { startStripeTestServer, type CapturedRequest } from "./stripe-test-server";

/**
 * Amendments bill what they add, through the outbox, with the real stripe SDK pointed at a
 * local HTTP server: one-off costs on a sent invoice, monthly costs as new items of the
 * contract's subscription (no proration, cancel_at untouched). Centrally funded items are
 * not billed, and a replayed message bills nothing twice.
 */
const database = useTestDatabase();
const today = londonToday();
const start = addDays(today, 7);
const dateParts = { "deliveryDate-day": start.slice(8), "deliveryDate-month": start.slice(5, 7), "deliveryDate-year": start.slice(0, 4) };

let requests: CapturedRequest[];
let closeServer: () => Promise<void>;
let stripe: Awaited<ReturnType<typeof startStripeTestServer>>["provider"];
let cancelledSubscriptions: Set<string>;
let buyer: Actor;
let solutionId: string;
let practices: string[];
const ONE_OFF_SERVICE = "amend-setup";
const MONTHLY_SERVICE = "amend-backup";

beforeAll(async () => {
  const server = await startStripeTestServer();
  requests = server.requests;
  closeServer = server.close;
  stripe = server.provider;
  cancelledSubscriptions = server.cancelledSubscriptions;
  setPaymentsProviderForTests(stripe);

  const db = database.db;
  await ensureReferenceData(db);
  const { supplier } = await createSupplier(db);
  // Licences, tiered and cumulative: 1–10 at £10, 11+ at £8 a month.
  const solution = await createPublishedSolution(db, {
    supplierId: supplier.id,
    frameworkIds: ["TIF001"],
    prices: [
      {
        provisioningType: "DECLARATIVE",
        priceType: "TIERED",
        calculationType: "CUMULATIVE",
        billingPeriod: "MONTHLY",
        unitDescription: "per licence",
        unitDefinition: null,
        rangeDescription: null,
        status: "PUBLISHED",
        tiers: [
          { lowerRange: 1, upperRange: 10, price: 10 },
          { lowerRange: 11, upperRange: null, price: 8 },
        ],
      },
    ],
  });
  solutionId = solution.item.id;
  const additional = (id: string, name: string, billingPeriod: "ONE_OFF" | "MONTHLY", price: number) =>
    createPublishedSolution(db, {
      supplierId: supplier.id,
      frameworkIds: ["TIF001"],
      prices: [{ provisioningType: "DECLARATIVE", priceType: "FLAT", calculationType: "SINGLE_FIXED", billingPeriod, unitDescription: "per practice", price: [price, price] }],
      overrides: { id, kind: "ADDITIONAL_SERVICE", name, parentSolutionId: solutionId },
    });
  await additional(ONE_OFF_SERVICE, "Data migration", "ONE_OFF", 300);
  await additional(MONTHLY_SERVICE, "Cloud backup", "MONTHLY", 20);
  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QA9" });
  const made = await Promise.all([1, 2].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id })));
  practices = made.map((m) => m.organisation.id);
  buyer = await actorFor(db, icb.user.id);
});

afterAll(async () => {
  setPaymentsProviderForTests(undefined);
  await closeServer();
});

/** Saves every item of the order, with the answers given per catalogue item. */
async function answerItems(orderId: string, answers: Record<string, Record<string, string>>) {
  const order = (await findOrderDetail(database.db, buyer, orderId))!;
  for (const item of order.items) {
    const values = answers[item.catalogueItemId];
    if (!values) continue;
    expect(await saveItem(database.db, buyer, orderId, item.id, { ...dateParts, ...values }), item.catalogueItemId).toEqual({ ok: true });
  }
}

/** A completed order for the solution: 12 licences at agreed tier prices of £9 and £7.50, funded as asked. */
async function completedContract(fundingType: "LOCAL" | "CENTRAL") {
  const db = database.db;
  const started = await startOrder(db, buyer, { description: `Licences (${fundingType})`, solutionId });
  const id = started.ok ? started.orderId : "";
  expect(await saveTimescales(db, buyer, id, { commencementDate: start, initialPeriodMonths: 6, maximumTermMonths: 24 })).toEqual({ ok: true });
  expect(await saveRecipients(db, buyer, id, [practices[0]])).toEqual({ ok: true });
  expect(await saveServices(db, buyer, id, { additional: [], associated: [] })).toEqual({ ok: true });
  await answerItems(id, { [solutionId]: { "agreedPrice-1": "9", "agreedPrice-2": "7.50", quantity: "12", fundingType } });
  const submitted = await submitOrder(db, buyer, id, { completionKey: `order-${fundingType}` });
  if (!submitted?.ok) throw new Error(JSON.stringify(submitted));
  return submitted.contractId;
}

/** Amends the contract: a second practice, both Additional Services, 15 licences. */
async function amend(contractId: string, funding: Record<string, "LOCAL" | "CENTRAL">) {
  const db = database.db;
  const started = await startAmendment(db, buyer, contractId);
  if (!started?.ok) throw new Error(JSON.stringify(started));
  const id = started.orderId;
  expect(await saveRecipients(db, buyer, id, practices)).toEqual({ ok: true });
  expect(await saveServices(db, buyer, id, { additional: [ONE_OFF_SERVICE, MONTHLY_SERVICE], associated: [] })).toEqual({ ok: true });
  await answerItems(id, {
    [solutionId]: { "agreedPrice-1": "9", "agreedPrice-2": "7.50", quantity: "15", fundingType: funding[solutionId] },
    [ONE_OFF_SERVICE]: { agreedPrice: "300", quantity: "1", fundingType: funding[ONE_OFF_SERVICE] },
    [MONTHLY_SERVICE]: { agreedPrice: "20", quantity: "1", fundingType: funding[MONTHLY_SERVICE] },
  });
  const submitted = await submitOrder(db, buyer, id, { completionKey: `amend-${id}` });
  if (!submitted?.ok) throw new Error(JSON.stringify(submitted));
  expect(submitted.contractId).toBe(contractId);
  return id;
}

const calls = (from: number) => requests.slice(from).map((r) => `${r.method} ${r.path}`);

describe("billing an amendment through Stripe", () => {
  let contractId: string;
  let amendmentId: string;
  let subscriptionId: string;

  it("bills the first order at its agreed tier prices", async () => {
    contractId = await completedContract("LOCAL");
    await drainOutbox(database.db, { batchSize: 20 });
    expect(calls(0)).toEqual(["POST /v1/customers", "POST /v1/products", "POST /v1/subscriptions"]);
    // 10 × £9 + 2 × £7.50 = £105 a month.
    expect(requests[2].body.get("items[0][price_data][unit_amount_decimal]")).toBe("10500.00");
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
    subscriptionId = contract.stripeSubscriptionId!;
    expect(contract.paymentState).toBe("INVOICED");
    const order = await database.db.order.findFirstOrThrow({ where: { contract: { id: contractId } } });
    expect(order.billedAt).not.toBeNull();
  });

  it("calls nothing from the amendment's request: the difference waits in the outbox", async () => {
    const before = requests.length;
    amendmentId = await amend(contractId, { [solutionId]: "LOCAL", [ONE_OFF_SERVICE]: "LOCAL", [MONTHLY_SERVICE]: "CENTRAL" });
    expect(requests.length).toBe(before);
    const message = await database.db.outboxMessage.findFirstOrThrow({ where: { topic: "payments.bill-amendment" } });
    expect(message).toMatchObject({ status: "PENDING", payload: { contractId, orderId: amendmentId } });
    // The contract follows the amendment; it is still invoiced until the worker runs.
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).toMatchObject({ orderId: amendmentId, paymentState: "INVOICED" });
  });

  it("the worker invoices the new one-off cost and adds the extra monthly cost to the subscription, keyed by the amendment", async () => {
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    const made = requests.slice(before);
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/invoices",
      "POST /v1/invoiceitems",
      expect.stringMatching(/^POST \/v1\/invoices\/in_test\d+\/send$/),
      // Whether the subscription still takes items (it may have been cancelled on Stripe's side).
      `GET /v1/subscriptions/${subscriptionId}`,
      "POST /v1/products",
      "POST /v1/subscription_items",
    ]);
    expect(made.filter((r) => r.method === "POST").every((r) => r.idempotencyKey?.startsWith(`amendment-${amendmentId}:`))).toBe(true);
    const [invoice, item, , , , subscriptionItem] = made;
    expect(invoice.body.get("customer")).toBe("cus_test1");
    expect(invoice.body.get("collection_method")).toBe("send_invoice");
    // The £300 data migration, locally funded; the centrally funded backup is not billed.
    expect(item.body.get("amount")).toBe("30000");
    expect(item.body.get("description")).toMatch(/-02: Data migration$/);
    // 3 more licences in the £7.50 tier: £22.50 a month more, from the next invoice.
    expect(subscriptionItem.body.get("subscription")).toBe(subscriptionId);
    expect(subscriptionItem.body.get("price_data[unit_amount_decimal]")).toBe("2250.00");
    expect(subscriptionItem.body.get("price_data[recurring][interval]")).toBe("month");
    expect(subscriptionItem.body.get("proration_behavior")).toBe("none");
    expect(subscriptionItem.body.get("quantity")).toBe("1");
    // The subscription itself is not touched: its cancel_at stays the contract's end date.
    expect(made.some((r) => r.method === "POST" && r.path.startsWith("/v1/subscriptions"))).toBe(false);
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
    expect(contract).toMatchObject({ paymentState: "INVOICED", stripeSubscriptionId: subscriptionId, stripeCustomerId: "cus_test1" });
    expect((await database.db.order.findUniqueOrThrow({ where: { id: amendmentId } })).billedAt).not.toBeNull();
    expect(await database.db.auditEvent.count({ where: { action: "contract.billAmendment", objectId: contractId } })).toBe(1);
  });

  it("a replayed message bills nothing again", async () => {
    const before = requests.length;
    await database.db.outboxMessage.updateMany({ where: { topic: "payments.bill-amendment" }, data: { status: "PENDING", processedAt: null } });
    expect((await drainOutbox(database.db, { batchSize: 20 })).done).toBe(1);
    expect(requests.length).toBe(before);
    expect(await database.db.auditEvent.count({ where: { action: "contract.billAmendment", objectId: contractId } })).toBe(1);
  });

  it("a second amendment that adds nothing billable calls nothing", async () => {
    const before = requests.length;
    await amend(contractId, { [solutionId]: "LOCAL", [ONE_OFF_SERVICE]: "LOCAL", [MONTHLY_SERVICE]: "CENTRAL" });
    expect(await database.db.outboxMessage.count({ where: { topic: "payments.bill-amendment" } })).toBe(1);
    await drainOutbox(database.db, { batchSize: 20 });
    expect(requests.length).toBe(before);
  });
});

describe("an amendment of a contract that was not billed", () => {
  it("waits for the contract's earlier bill, then creates the subscription ending with the contract", async () => {
    const contractId = await completedContract("CENTRAL");
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
    expect(contract.paymentState).toBe("NOT_BILLED");
    // An earlier bill for the contract still waiting (say Stripe was down): the amendment waits for it.
    const blocker = await database.db.outboxMessage.create({ data: { topic: "payments.bill-order", payload: { contractId, orderId: contract.orderId }, status: "FAILED", availableAt: new Date(Date.now() + 60_000) } });
    const amendmentId = await amend(contractId, { [solutionId]: "CENTRAL", [ONE_OFF_SERVICE]: "CENTRAL", [MONTHLY_SERVICE]: "LOCAL" });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("PENDING");
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    expect(requests.length).toBe(before);
    const waiting = await database.db.outboxMessage.findFirstOrThrow({ where: { topic: "payments.bill-amendment", payload: { path: ["orderId"], equals: amendmentId } } });
    expect(waiting).toMatchObject({ status: "FAILED", lastError: expect.stringMatching(/earlier bill/) });

    // The earlier message turns out to have nothing to do (the contract was not billable).
    await drainOutbox(database.db, { batchSize: 20, now: new Date(Date.now() + 10 * 60_000) });
    expect((await database.db.outboxMessage.findUniqueOrThrow({ where: { id: blocker.id } })).status).toBe("DONE");
    // The amendment's retry comes round after its back-off.
    await drainOutbox(database.db, { batchSize: 20, now: new Date(Date.now() + 60 * 60_000) });
    expect(calls(before)).toEqual(["POST /v1/products", "POST /v1/subscriptions"]);
    const subscription = requests[requests.length - 1];
    // The organisation's existing customer, £20 a month for the backup, ending with the contract.
    expect(subscription.body.get("customer")).toBe("cus_test1");
    expect(subscription.body.get("items[0][price_data][unit_amount_decimal]")).toBe("2000.00");
    expect(subscription.body.get("cancel_at")).toBe(String(endOfDayTimestamp(contractEndDate(start, 24))));
    expect(subscription.idempotencyKey).toBe(`amendment-${amendmentId}:subscription`);
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).toMatchObject({ paymentState: "INVOICED", stripeSubscriptionId: expect.stringMatching(/^sub_test\d+$/) });
  });
});

describe("amendments without Stripe", () => {
  beforeAll(() => setPaymentsProviderForTests(new OfflinePayments()));
  afterAll(() => setPaymentsProviderForTests(stripe));

  it("marks locally funded additions as invoiced by the supplier outside the catalogue, calling nothing", async () => {
    const contractId = await completedContract("CENTRAL");
    const before = requests.length;
    const messages = await database.db.outboxMessage.count({ where: { topic: { startsWith: "payments." } } });
    await amend(contractId, { [solutionId]: "CENTRAL", [ONE_OFF_SERVICE]: "LOCAL", [MONTHLY_SERVICE]: "CENTRAL" });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("INVOICED_OUTSIDE_CATALOGUE");
    expect(await database.db.outboxMessage.count({ where: { topic: { startsWith: "payments." } } })).toBe(messages);
    await drainOutbox(database.db, { batchSize: 20 });
    expect(requests.length).toBe(before);
  });

  it("leaves a contract with only centrally funded additions not billed", async () => {
    const contractId = await completedContract("CENTRAL");
    await amend(contractId, { [solutionId]: "CENTRAL", [ONE_OFF_SERVICE]: "CENTRAL", [MONTHLY_SERVICE]: "CENTRAL" });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("NOT_BILLED");
  });
});

describe("an amendment of a contract whose Stripe subscription was cancelled", () => {
  const localFunding = () => ({ [solutionId]: "LOCAL", [ONE_OFF_SERVICE]: "LOCAL", [MONTHLY_SERVICE]: "LOCAL" }) as Record<string, "LOCAL">;
  const billedContract = async () => {
    const contractId = await completedContract("LOCAL");
    await drainOutbox(database.db, { batchSize: 20 });
    return database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
  };
  const auditOf = async (contractId: string) =>
    (await database.db.auditEvent.findFirstOrThrow({ where: { action: "contract.billAmendment", objectId: contractId } })).after as Record<string, unknown>;

  it("cancelled on Stripe's side before its webhook came: bills the one-off part once, records the monthly part as not billed, and is done (not retried to DEAD)", async () => {
    const contract = await billedContract();
    cancelledSubscriptions.add(contract.stripeSubscriptionId!);
    const amendmentId = await amend(contract.id, localFunding());
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    expect(calls(before)).toEqual([
      "POST /v1/invoices",
      "POST /v1/invoiceitems",
      expect.stringMatching(/^POST \/v1\/invoices\/in_test\d+\/send$/),
      `GET /v1/subscriptions/${contract.stripeSubscriptionId}`,
    ]);
    const message = await database.db.outboxMessage.findFirstOrThrow({ where: { topic: "payments.bill-amendment", payload: { path: ["orderId"], equals: amendmentId } } });
    expect(message.status).toBe("DONE");
    const after = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(after.paymentState).toBe("CANCELLED");
    expect(after.subscriptionEndedAt).not.toBeNull();
    // The amendment's one-off invoice belongs to the contract and is owed.
    expect(await database.db.contractInvoice.findMany({ where: { contractId: contract.id }, select: { orderId: true, state: true } })).toEqual([{ orderId: amendmentId, state: "OPEN" }]);
    const audit = await auditOf(contract.id);
    expect(audit.recurringNotBilledReason).toMatch(/subscription was cancelled/);
    expect((audit.recurringNotBilled as { monthlyAmount: string }[]).map((l) => l.monthlyAmount).sort()).toEqual(["20.0000", "22.5000"]);

    // Redelivered: nothing is billed twice.
    const again = requests.length;
    await database.db.outboxMessage.update({ where: { id: message.id }, data: { status: "PENDING", processedAt: null } });
    await drainOutbox(database.db, { batchSize: 20 });
    expect(requests.length).toBe(again);
  });

  it("cancellation already reported by the webhook: asks Stripe nothing about the subscription and bills only the one-off part", async () => {
    const contract = await billedContract();
    await database.db.contract.update({ where: { id: contract.id }, data: { subscriptionEndedAt: new Date(), paymentState: "CANCELLED" } });
    await amend(contract.id, localFunding());
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    expect(calls(before)).toEqual(["POST /v1/invoices", "POST /v1/invoiceitems", expect.stringMatching(/^POST \/v1\/invoices\/in_test\d+\/send$/)]);
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).paymentState).toBe("CANCELLED");
    expect(((await auditOf(contract.id)).recurringNotBilled as unknown[]).length).toBe(2);
  });
});

describe("amending a contract under a termination notice", () => {
  it("is refused with a clear reason, and no revision is created", async () => {
    const contractId = await completedContract("CENTRAL");
    const lastDay = addDays(today, 30);
    expect(await terminateContract(database.db, buyer, contractId, { reason: "Replacing the service", terminatesOn: lastDay })).toEqual({ ok: true });
    const orders = await database.db.order.count();
    const refused = await startAmendment(database.db, buyer, contractId);
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/under a termination notice and ends on .*applies to every revision/) });
    expect(await database.db.order.count()).toBe(orders);
  });
});
