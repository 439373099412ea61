import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "../../../seed/index";
import { DEMO_PASSWORD } from "../../../seed/demo";
import { addDays, londonToday } from "~/modules/dates";
import { saveItem, saveServices } from "~/modules/orders/order-items.server";
import { RATE_LIMITS } from "~/modules/rate-limits/rate-limits.server";
import { findOrderDetail, saveTimescales, startOrder } from "~/modules/orders/orders.server";
import { queueEmail } from "~/services/email/index.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import { startSmtpServer } from "~/test/smtp-server";
import { startAppServer, Visitor, type AppServer } from "../app-server";
import { ROLES } from "./world";

/**
 * Two app processes (server.ts, each with its in-process job worker) on one PostgreSQL, as
 * behind a load balancer. Nothing may depend on which instance a request lands on:
 * sessions, the submit-once rule, the outbox and rate limits all live in the database.
 */
const database = useTestDatabase();
const API_LIMIT = 10;
let a: AppServer;
let b: AppServer;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  await seedDatabase(database.db, { today: new Date(), log: () => {} });
  smtp = await startSmtpServer();
  // Each instance signs its emails differently, to see which one delivered what.
  const common = { RUN_JOBS_IN_PROCESS: "true", TRUST_PROXY: "true", SMTP_URL: smtp.url, RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT) };
  a = await startAppServer({ databaseUrl: database.url, env: { ...common, EMAIL_FROM: "Instance A <a@instance.example>" } });
  b = await startAppServer({ databaseUrl: database.url, env: { ...common, EMAIL_FROM: "Instance B <b@instance.example>" } });
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await smtp?.close();
});

/** The same person's browser, pointed at the other instance. */
function onOther(visitor: Visitor, baseUrl: string): Visitor {
  const other = new Visitor(baseUrl);
  other.cookies = new Map(visitor.cookies);
  other.csrf = visitor.csrf;
  return other;
}

async function signIn(visitor: Visitor, email: string, password: string, network: string) {
  return visitor.post("/login", { email, password }, { "x-forwarded-for": network });
}

describe("two app instances on one database", () => {
  it("a session made by signing in on one works on the other, and signing out on the other ends it everywhere", { timeout: 90_000 }, async () => {
    const onA = await new Visitor(a.baseUrl).start();
    const signedIn = await signIn(onA, ROLES.practiceBuyer, DEMO_PASSWORD, "192.0.2.10");
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/buyer");
    const onB = onOther(onA, b.baseUrl);
    const home = await onB.fetch("/buyer?_data=routes%2Fbuyer._index");
    expect(home.status).toBe(200);
    onB.csrf = ((await (await onB.fetch("/?_data=root")).json()) as { csrfToken: string }).csrfToken;
    // The cookie as it was, replayed on A after signing out on B: the session is over there too.
    const oldCookie = onB.cookieHeader();
    expect((await onB.post("/logout")).status).toBe(302);
    const afterSignOut = await fetch(`${a.baseUrl}/buyer?_data=routes%2Fbuyer._index`, { headers: { cookie: oldCookie }, redirect: "manual" });
    expect(afterSignOut.headers.get("x-remix-redirect")).toMatch(/^\/login/);
  });

  it("the same order submitted through both at once completes once: one contract", { timeout: 90_000 }, async () => {
    const db = database.db;
    const user = await db.user.findUniqueOrThrow({ where: { email: ROLES.practiceBuyer } });
    const actor = await actorFor(db, user.id);
    const today = londonToday();
    // A published solution on a live framework that this practice may order.
    const candidates = await db.catalogueItem.findMany({ where: { kind: "SOLUTION", publicationStatus: "PUBLISHED" }, select: { id: true }, take: 40, orderBy: { id: "asc" } });
    let orderId: string | null = null;
    for (const { id } of candidates) {
      const started = await startOrder(db, actor, { description: "Submitted through two instances", solutionId: id });
      if (started.ok) {
        orderId = started.orderId;
        break;
      }
    }
    if (!orderId) throw new Error("No orderable solution in the demo catalogue");
    expect(await saveTimescales(db, actor, orderId, { commencementDate: addDays(today, 10), initialPeriodMonths: 12, maximumTermMonths: 36 })).toEqual({ ok: true });
    expect(await saveServices(db, actor, orderId, { additional: [], associated: [] })).toEqual({ ok: true });
    const order = (await findOrderDetail(db, actor, orderId))!;
    const date = addDays(today, 20);
    const quantities = Object.fromEntries(order.recipients.map((r) => [`quantity-${r.organisationId}`, String(r.organisation.practiceListSize ?? 1000)]));
    const saved = await saveItem(db, actor, orderId, order.items[0].id, {
      agreedPrice: "0.01",
      ...quantities,
      "deliveryDate-day": date.slice(8),
      "deliveryDate-month": date.slice(5, 7),
      "deliveryDate-year": date.slice(0, 4),
      fundingType: "CENTRAL",
    });
    expect(saved).toEqual({ ok: true });

    const onA = await new Visitor(a.baseUrl).start();
    expect((await signIn(onA, ROLES.practiceBuyer, DEMO_PASSWORD, "192.0.2.11")).status).toBe(302);
    onA.csrf = ((await (await onA.fetch("/?_data=root")).json()) as { csrfToken: string }).csrfToken;
    const onB = onOther(onA, b.baseUrl);
    const submit = (visitor: Visitor) => visitor.post(`/buyer/orders/${orderId}/review`, { completionKey: crypto.randomUUID() });
    const answers = await Promise.all([submit(onA), submit(onB), submit(onA), submit(onB)]);
    for (const answer of answers) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe(`/buyer/orders/${orderId}/confirmation`);
    }
    expect(await db.contract.count({ where: { orderId } })).toBe(1);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("COMPLETED");
  });

  it("each outbox message is handled exactly once while both instances drain", { timeout: 90_000 }, async () => {
    const db = database.db;
    smtp.received.length = 0;
    const count = 40;
    const ids: bigint[] = [];
    await db.$transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        const email = await queueEmail(tx, { to: `two.instances.${i}@nhs.net`, subject: `Two instances ${i}`, text: "Sent once." });
        ids.push(email!.outboxMessageId!);
      }
    });
    await expect
      .poll(async () => db.outboxMessage.count({ where: { id: { in: ids }, status: "DONE" } }), { timeout: 60_000, interval: 250 })
      .toBe(count);
    const messages = await db.outboxMessage.findMany({ where: { id: { in: ids } } });
    // Claimed once each: the claim counts the attempt.
    expect(messages.every((m) => m.attempts === 1)).toBe(true);
    const delivered = smtp.received.filter((mail) => mail.to.some((to) => to.startsWith("two.instances.")));
    expect(delivered).toHaveLength(count);
    expect(new Set(delivered.map((mail) => mail.to[0])).size).toBe(count);
    const senders = new Set(delivered.map((mail) => mail.from));
    expect(senders).toEqual(new Set(["a@instance.example", "b@instance.example"]));
  });

  it("the open API's rate limit counts requests to both instances", async () => {
    const network = { "x-forwarded-for": "198.51.100.77" };
    for (let i = 0; i < API_LIMIT; i++) {
      const instance = i % 2 ? b : a;
      expect((await fetch(`${instance.baseUrl}/api/v1/frameworks`, { headers: network })).status).toBe(200);
    }
    for (const instance of [a, b]) {
      const refused = await fetch(`${instance.baseUrl}/api/v1/frameworks`, { headers: network });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    }
    // Another network is unaffected.
    expect((await fetch(`${b.baseUrl}/api/v1/frameworks`, { headers: { "x-forwarded-for": "198.51.100.78" } })).status).toBe(200);
  });

  // 32 password checks (argon2id, deliberately slow): more time on a busy machine.
  it("the sign-in limit counts failures on both instances", { timeout: 330_000 }, async () => {
    // The limit is a sliding window over fixed 15-minute windows: failures made before a
    // boundary fade after it, so a run straddling one could end under the limit. Start in a
    // fresh stretch of window instead (waits at most 150 s, about one run in six).
    const windowMs = RATE_LIMITS.signInFailuresPerNetwork.windowSeconds * 1000;
    const leftMs = windowMs - (Date.now() % windowMs);
    if (leftMs < 150_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 1_000));
    const onA = await new Visitor(a.baseUrl).start();
    const onB = onOther(onA, b.baseUrl);
    const spray = "203.0.113.66";
    for (let i = 0; i < 30; i++) {
      const answer = await signIn(i % 2 ? onB : onA, `nobody.${i}@nhs.net`, "Winter2026!", spray);
      expect(answer.status).toBe(400);
    }
    for (const instance of [onA, onB]) {
      const limited = await signIn(instance, ROLES.practiceBuyer, DEMO_PASSWORD, spray);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    }
  });
});
