import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import "~/modules/contracts/billing.server";
import { terminateContract } from "~/modules/contracts/contracts.server";
import { addDays, contractEndDate, londonToday } from "~/modules/dates";
import { saveItem, saveRecipients, saveServices } from "~/modules/orders/order-items.server";
import { findOrderDetail, saveTimescales, startOrder } from "~/modules/orders/orders.server";
import { submitOrder } from "~/modules/orders/submit.server";
import { drainOutbox } from "~/modules/outbox/outbox.server";
import { action as webhook } from "~/routes/webhooks.stripe";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { resetEnvForTests } from "~/utils/env.server";
import { setPaymentsProviderForTests } from "./index.server";
import { endOfDayTimestamp } from "./stripe.server";
import { startStripeTestServer, type CapturedRequest } from "./stripe-test-server";

/**
 * The real stripe SDK pointed at a local HTTP server: what it sends is what Stripe would get.
 * Billing runs from the outbox (the job worker), never inside the submit request.
 */
const database = useTestDatabase();
const today = londonToday();

let requests: CapturedRequest[];
let closeServer: () => Promise<void>;
let server: Awaited<ReturnType<typeof startStripeTestServer>>;

let actor: Actor;
let contractId: string;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_secret";
  resetEnvForTests();
  const stripe = await startStripeTestServer();
  server = stripe;
  requests = stripe.requests;
  closeServer = stripe.close;
  setPaymentsProviderForTests(stripe.provider);

  const db = database.db;
  await ensureReferenceData(db);
  const { supplier } = await createSupplier(db);
  const solution = await createPublishedSolution(db, {
    supplierId: supplier.id,
    frameworkIds: ["ATP001"],
    prices: [{ provisioningType: "DECLARATIVE", priceType: "FLAT", calculationType: "VOLUME", billingPeriod: "MONTHLY", unitDescription: "per licence", price: [12.5, 12.5] }],
  });
  await createPublishedSolution(db, {
    supplierId: supplier.id,
    frameworkIds: ["ATP001"],
    prices: [{ provisioningType: "DECLARATIVE", priceType: "FLAT", calculationType: "SINGLE_FIXED", billingPeriod: "ONE_OFF", unitDescription: "per practice", price: [750, 750] }],
    overrides: { id: `${supplier.id}-S-001`, kind: "ASSOCIATED_SERVICE", name: "Training day" },
  });
  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QS1" });
  const practice = await createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id });
  actor = await actorFor(db, icb.user.id);

  const started = await startOrder(db, actor, { description: "Telephony", solutionId: solution.item.id });
  const id = started.ok ? started.orderId : "";
  await saveTimescales(db, actor, id, { commencementDate: addDays(today, 7), initialPeriodMonths: 6, maximumTermMonths: 24 });
  await saveRecipients(db, actor, id, [practice.organisation.id]);
  await saveServices(db, actor, id, { additional: [], associated: [`${supplier.id}-S-001`] });
  const order = (await findOrderDetail(db, actor, id))!;
  const date = addDays(today, 7);
  for (const item of order.items) {
    const saved = await saveItem(db, actor, id, item.id, { agreedPrice: item.agreedPrice.toString(), quantity: "4", "deliveryDate-day": date.slice(8), "deliveryDate-month": date.slice(5, 7), "deliveryDate-year": date.slice(0, 4) });
    expect(saved).toEqual({ ok: true });
  }
  const submitted = await submitOrder(db, actor, id, { completionKey: "stripe" });
  if (!submitted?.ok) throw new Error(JSON.stringify(submitted));
  contractId = submitted.contractId;
});

afterAll(async () => {
  setPaymentsProviderForTests(undefined);
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvForTests();
  await closeServer();
});

describe("billing through Stripe", () => {
  it("calls nothing from the request: the contract waits, with the work in the outbox", async () => {
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
    expect(contract.paymentState).toBe("PENDING");
    expect(requests).toEqual([]);
    expect(await database.db.outboxMessage.count({ where: { topic: "payments.bill-order", status: "PENDING" } })).toBe(1);
  });

  it("the worker creates the customer, invoice items, a sent invoice and a subscription ending with the contract, each with an idempotency key", async () => {
    await drainOutbox(database.db, { batchSize: 20 });
    const message = await database.db.outboxMessage.findFirstOrThrow({ where: { topic: "payments.bill-order" } });
    expect(message.status).toBe("DONE");
    const key = `outbox-${message.id}`;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/customers",
      "POST /v1/invoices",
      "POST /v1/invoiceitems",
      "POST /v1/invoices/in_test2/send",
      "POST /v1/products",
      "POST /v1/subscriptions",
    ]);
    expect(requests.map((r) => r.idempotencyKey)).toEqual([
      `${key}:customer`,
      `${key}:invoice`,
      expect.stringMatching(new RegExp(`^${key}:invoice-item:`)),
      `${key}:send-invoice`,
      `${key}:product`,
      `${key}:subscription`,
    ]);
    const [customer, invoice, item, , , subscription] = requests;
    expect(customer.body.get("metadata[odsCode]")).toBe("QS1");
    expect(invoice.body.get("collection_method")).toBe("send_invoice");
    expect(invoice.body.get("days_until_due")).toBe("30");
    // One-off: the £750 training day, in pence.
    expect(item.body.get("amount")).toBe("75000");
    expect(item.body.get("currency")).toBe("gbp");
    expect(item.body.get("invoice")).toBe("in_test2");
    // Monthly: 4 licences at £12.50, as decimal pence; cancelled at the end of the contract's last day.
    expect(subscription.body.get("items[0][price_data][unit_amount_decimal]")).toBe("5000.00");
    expect(subscription.body.get("items[0][price_data][recurring][interval]")).toBe("month");
    expect(subscription.body.get("collection_method")).toBe("send_invoice");
    expect(subscription.body.get("cancel_at")).toBe(String(endOfDayTimestamp(contractEndDate(addDays(today, 7), 24))));
    expect(subscription.body.get("metadata[contractId]")).toBe(contractId);
    const contract = await database.db.contract.findUniqueOrThrow({ where: { id: contractId } });
    expect(contract).toMatchObject({ paymentState: "INVOICED", stripeCustomerId: "cus_test1", stripeSubscriptionId: "sub_test6" });
  });

  it("a drained message is not billed again", async () => {
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    expect(requests.length).toBe(before);
  });
});

describe("the Stripe webhook", () => {
  const post = (payload: object, { secret = "whsec_test_secret", signature }: { secret?: string; signature?: string } = {}) => {
    const body = JSON.stringify(payload);
    const header = signature ?? Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
    return webhook({ request: new Request("http://localhost/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": header, "content-type": "application/json" } }), params: {}, context: {} });
  };
  const event = (id: string, type: string, object: object) => ({ id, object: "event", type, data: { object }, api_version: "2025-01-01", created: 1, livemode: false, pending_webhooks: 0, request: null });

  it("refuses a bad signature with 400 and changes nothing", async () => {
    const response = await post(event("evt_bad", "invoice.paid", { object: "invoice", metadata: { contractId } }), { secret: "whsec_someone_else" });
    expect(response.status).toBe(400);
    const missing = await webhook({ request: new Request("http://localhost/webhooks/stripe", { method: "POST", body: "{}" }), params: {}, context: {} });
    expect(missing.status).toBe(400);
    expect(await database.db.stripeEvent.count()).toBe(0);
  });

  it("marks the contract paid once; a replay of the same event is ignored", async () => {
    const paid = event("evt_paid_1", "invoice.paid", { id: "in_test2", object: "invoice", metadata: { contractId } });
    const first = await post(paid);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: "processed" });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("PAID");

    // Meanwhile the subscription's first monthly invoice fails; replaying the old "paid" event must not undo that.
    await post(event("evt_failed_1", "invoice.payment_failed", { id: "in_sub_1", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("PAYMENT_FAILED");
    const replay = await post(paid);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, outcome: "replay" });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState).toBe("PAYMENT_FAILED");
    expect(await database.db.stripeEvent.count({ where: { id: "evt_paid_1" } })).toBe(1);
  });

  it("tracks each invoice: paid only when every invoice of the contract is paid", async () => {
    const state = async () => (await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).paymentState;
    const invoices = async () => (await database.db.contractInvoice.findMany({ where: { contractId }, orderBy: { id: "asc" }, select: { id: true, orderId: true, state: true } }));
    // The order's one-off invoice was recorded when billed; the monthly one when its webhook came.
    const order = await database.db.contract.findUniqueOrThrow({ where: { id: contractId }, select: { orderId: true } });
    expect(await invoices()).toEqual([
      { id: "in_sub_1", orderId: null, state: "PAYMENT_FAILED" },
      { id: "in_test2", orderId: order.orderId, state: "PAID" },
    ]);
    // A late "payment failed" for the invoice already paid changes nothing.
    await post(event("evt_failed_late", "invoice.payment_failed", { id: "in_test2", object: "invoice", metadata: { contractId } }));
    expect(await state()).toBe("PAYMENT_FAILED");
    // The failed invoice is paid after all: every invoice is paid.
    await post(event("evt_paid_sub_1", "invoice.paid", { id: "in_sub_1", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    expect(await state()).toBe("PAID");
    // Next month's invoice is issued: money is owed again, so the contract is no longer paid.
    await post(event("evt_final_sub_2", "invoice.finalized", { id: "in_sub_2", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    expect(await state()).toBe("INVOICED");
    // A "finalized" delivered after the invoice failed does not hide the failure.
    await post(event("evt_failed_sub_2", "invoice.payment_failed", { id: "in_sub_2", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    await post(event("evt_final_sub_2_late", "invoice.finalized", { id: "in_sub_2", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    expect(await state()).toBe("PAYMENT_FAILED");
    // Voided: nobody owes it any more.
    await post(event("evt_void_sub_2", "invoice.voided", { id: "in_sub_2", object: "invoice", parent: { subscription_details: { subscription: "sub_test6", metadata: {} } } }));
    expect(await state()).toBe("PAID");
    // An invoice event for a contract that does not exist (another service's, a guessed id) changes nothing.
    const other = await post(event("evt_other", "invoice.paid", { id: "in_other", object: "invoice", metadata: { contractId: "not-a-contract'; DROP TABLE contracts;--" } }));
    expect(await other.json()).toEqual({ received: true, outcome: "ignored" });
    expect(await database.db.contractInvoice.count({ where: { id: "in_other" } })).toBe(0);
  });

  it("answers 200 to events it does not use, and records the subscription's cancellation", async () => {
    const unknown = await post(event("evt_unknown", "customer.created", { id: "cus_x", object: "customer" }));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ received: true, outcome: "ignored" });
    await post(event("evt_sub_deleted", "customer.subscription.deleted", { id: "sub_test6", object: "subscription", metadata: {} }));
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contractId } })).toMatchObject({ paymentState: "CANCELLED", subscriptionEndedAt: expect.any(Date) });
  });

  it("refuses correctly signed events of an unexpected shape with 400, recording nothing", async () => {
    const shapes: unknown[] = [
      { type: "invoice.paid", data: { object: {} } },
      { id: "evt_no_data", type: "invoice.paid", created: 1 },
      { id: 12345, type: "invoice.paid", created: 1, data: { object: {} } },
      { id: "evt_numeric_invoice", type: "invoice.paid", created: 1, data: { object: { id: 42, object: "invoice" } } },
      { id: "evt_nul\u0000", type: "invoice.paid", created: 1, data: { object: {} } },
      { id: "evt_meta_nul", type: "invoice.paid", created: 1, data: { object: { id: "in_1", metadata: { contractId: "a\u0000" } } } },
      null,
      [],
      [event("evt_in_array", "invoice.paid", { id: "in_x" })],
      "evt_string",
    ];
    for (const shape of shapes) {
      const body = JSON.stringify(shape);
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_test_secret" });
      const response = await webhook({ request: new Request("http://localhost/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": header } }), params: {}, context: {} });
      expect(response.status, body).toBe(400);
    }
    expect(await database.db.stripeEvent.count({ where: { id: { in: ["evt_no_data", "evt_numeric_invoice", "evt_meta_nul", "evt_in_array"] } } })).toBe(0);
  });

  it("refuses a signature timestamped more than 5 minutes away, in the future as in the past", async () => {
    const body = JSON.stringify(event("evt_time", "invoice.paid", { id: "in_time", object: "invoice" }));
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 3600, now - 3600, now + 301]) {
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_test_secret", timestamp });
      const response = await webhook({ request: new Request("http://localhost/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": header } }), params: {}, context: {} });
      expect(response.status, String(timestamp - now)).toBe(400);
    }
    const fine = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_test_secret", timestamp: now + 60 });
    const accepted = await webhook({ request: new Request("http://localhost/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": fine } }), params: {}, context: {} });
    expect(accepted.status).toBe(200);
  });

  it("refuses a body over 512 KB before reading it, and one that turns out longer than it said while reading", async () => {
    const declared = new Request("http://localhost/webhooks/stripe", { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=x", "content-length": String(60 * 1024 * 1024) } });
    expect((await webhook({ request: declared, params: {}, context: {} })).status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = new Request("http://localhost/webhooks/stripe", { method: "POST", body: endless, headers: { "stripe-signature": "t=1,v1=x" }, duplex: "half" } as RequestInit);
    expect((await webhook({ request: streamed, params: {}, context: {} })).status).toBe(413);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it("answers 503 when no webhook secret is configured", async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvForTests();
    try {
      expect((await post(event("evt_x", "invoice.paid", {}))).status).toBe(503);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_secret";
      resetEnvForTests();
    }
  });
});

describe("termination", () => {
  it("ends the subscription on the termination date, through the outbox", async () => {
    // The webhook tests above cancelled the subscription; here it is still running.
    await database.db.contract.update({ where: { id: contractId }, data: { subscriptionEndedAt: null } });
    const lastDay = addDays(today, 40);
    expect(await terminateContract(database.db, actor, contractId, { reason: "Moving to a new telephony supplier", terminatesOn: lastDay })).toEqual({ ok: true });
    const before = requests.length;
    await drainOutbox(database.db, { batchSize: 20 });
    const made = requests.slice(before);
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/subscriptions/sub_test6", "POST /v1/subscriptions/sub_test6"]);
    const update = made[1];
    expect(update.body.get("cancel_at")).toBe(String(endOfDayTimestamp(lastDay)));
    expect(update.idempotencyKey).toMatch(/^outbox-\d+$/);
  });

  it("leaves a subscription Stripe has already cancelled alone, instead of failing on every retry", async () => {
    server.cancelledSubscriptions.add("sub_gone");
    const before = requests.length;
    await server.provider.endSubscription("sub_gone", addDays(today, 40), { idempotencyKey: "outbox-gone" });
    expect(requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/subscriptions/sub_gone"]);
  });
});
