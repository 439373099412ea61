import { beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { assuredAlternatives } from "~/modules/contracts/alternatives.server";
import { addDays, fromDbDate, londonToday, toDbDate } from "~/modules/dates";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { saveRecipients } from "./order-items.server";
import { findOrderDetail, tasksFor } from "./orders.server";
import { renewalCheck, startAmendment, startRenewal, startReplacement } from "./start.server";
import { submitOrder } from "./submit.server";

/** Orders that start from a contract: renewal, replacement from assured alternatives, amendment. */
const database = useTestDatabase();
const today = londonToday();

let buyer: Actor;
let otherBuyer: Actor;
let practiceIds: string[];
let ids: { current: string; suspended: string; lapsed: string; alternative: string; otherCapability: string };

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const supplierC = await createSupplier(db);
  const solution = (supplierId: number, capabilityIds: string[]) => createPublishedSolution(db, { supplierId, capabilityIds, frameworkIds: ["NHSDGP001"] });
  const current = await solution(a.supplier.id, ["C43"]);
  const suspended = await solution(a.supplier.id, ["C43"]);
  const alternative = await solution(b.supplier.id, ["C43", "C44"]);
  const lapsed = await solution(supplierC.supplier.id, ["C43"]);
  const otherCapability = await solution(b.supplier.id, ["C44"]);
  await db.catalogueItem.update({ where: { id: suspended.item.id }, data: { publicationStatus: "SUSPENDED" } });
  await createAssuranceRecord(db, { supplierId: supplierC.supplier.id, standardId: "DSPT", scenario: "LAPSED" });
  ids = { current: current.item.id, suspended: suspended.item.id, lapsed: lapsed.item.id, alternative: alternative.item.id, otherCapability: otherCapability.item.id };

  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QR1" });
  const practices = await Promise.all([1, 2, 3].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id })));
  practiceIds = practices.map((p) => p.organisation.id);
  buyer = await actorFor(db, icb.user.id);
  otherBuyer = await actorFor(db, (await createOrganisationWithUser(db, { type: "ICB", odsCode: "QR2" })).user.id);
});

const contractFor = (solutionId: string, daysLeft = 60, months = 12) =>
  createOrderWithContract(database.db, {
    organisationId: buyer.organisationId,
    createdById: buyer.userId,
    solutionId,
    recipientIds: practiceIds.slice(0, 2),
    commencementDate: toDbDate(addDays(today, daysLeft - months * 30)),
    maximumTermMonths: months,
    contractStatus: "EXPIRING",
  });

describe("assured alternatives", () => {
  it("are Published, assured, and cover the same capabilities", async () => {
    const found = (await assuredAlternatives(database.db, ids.current)).map((a) => a.id);
    expect(found).toContain(ids.alternative);
    expect(found).not.toContain(ids.current);
    expect(found).not.toContain(ids.suspended);
    expect(found).not.toContain(ids.lapsed);
    expect(found).not.toContain(ids.otherCapability);
  });
});

describe("renewal", () => {
  it("is refused for a suspended solution, with the reason", async () => {
    const { contract } = await contractFor(ids.suspended);
    const check = await renewalCheck(database.db, buyer, contract.id);
    expect(check?.reason).toMatch(/suspended/);
    expect(await startRenewal(database.db, buyer, contract.id)).toEqual({ ok: false, reason: expect.stringMatching(/suspended/) });
    expect(await database.db.order.count({ where: { renewsContractId: contract.id } })).toBe(0);
  });

  it("is refused when the supplier's assurance has lapsed", async () => {
    const { contract } = await contractFor(ids.lapsed);
    expect((await renewalCheck(database.db, buyer, contract.id))?.reason).toMatch(/^Test Supplier \d+'s Data Security and Protection Toolkit lapsed on \d+ \w+ \d{4}\.$/);
  });

  it("starts pre-filled, completes, and links the old and new contracts", async () => {
    const { contract } = await contractFor(ids.current);
    const started = await startRenewal(database.db, buyer, contract.id);
    expect(started).toMatchObject({ ok: true, existing: false });
    if (!started?.ok) return;
    expect(await startRenewal(database.db, buyer, contract.id)).toEqual({ ok: true, orderId: started.orderId, existing: true });
    const order = (await findOrderDetail(database.db, buyer, started.orderId))!;
    expect(order.orderType).toBe("RENEWAL");
    expect(fromDbDate(order.commencementDate!)).toBe(addDays(fromDbDate(contract.endDate), 1));
    expect(order.recipients.map((r) => r.organisationId).sort()).toEqual(practiceIds.slice(0, 2).sort());
    expect(order.items[0].quantities).toHaveLength(2);
    // Everything is filled in from the contract: the buyer checks it and submits.
    const incomplete = tasksFor(order).flatMap((s) => s.tasks).filter((t) => t.status !== "Completed" && t.key !== "review");
    expect(incomplete).toEqual([]);
    const submitted = await submitOrder(database.db, buyer, order.id, { completionKey: "renewal" });
    expect(submitted).toMatchObject({ ok: true });
    if (!submitted?.ok) return;
    const [previous, next] = await Promise.all([
      database.db.contract.findUniqueOrThrow({ where: { id: contract.id } }),
      database.db.contract.findUniqueOrThrow({ where: { id: submitted.contractId } }),
    ]);
    expect(previous.status).toBe("RENEWED");
    expect(next.renewsContractId).toBe(contract.id);
    // A short contract renews again: the renewal itself can be renewed.
    expect((await renewalCheck(database.db, buyer, next.id))?.reason).toBeNull();
  });

  it("cannot be started on another organisation's contract", async () => {
    const { contract } = await contractFor(ids.current);
    expect(await startRenewal(database.db, otherBuyer, contract.id)).toBeNull();
  });
});

describe("replacement", () => {
  it("starts from an assured alternative with the same recipients, and refuses anything else", async () => {
    const { contract } = await contractFor(ids.suspended);
    // A lapsed one is refused with the rule's reason; an orderable one that is not an alternative (other capabilities) too.
    expect(await startReplacement(database.db, buyer, contract.id, ids.lapsed)).toEqual({ ok: false, reason: expect.stringMatching(/Data Security and Protection Toolkit lapsed on/) });
    expect(await startReplacement(database.db, buyer, contract.id, ids.otherCapability)).toEqual({ ok: false, reason: "Choose one of the assured alternatives listed." });
    const started = await startReplacement(database.db, buyer, contract.id, ids.alternative);
    expect(started).toMatchObject({ ok: true });
    const order = (await findOrderDetail(database.db, buyer, started!.ok ? started!.orderId : ""))!;
    expect(order).toMatchObject({ orderType: "REPLACEMENT", replacesContractId: contract.id, status: "IN_PROGRESS" });
    expect(order.recipients).toHaveLength(2);
    expect(order.items.map((i) => i.catalogueItemId)).toEqual([ids.alternative]);
    expect(order.items[0].quantities).toHaveLength(2);
  });
});

describe("one open follow-on order per contract", () => {
  const fiveAtOnce = <T>(start: () => Promise<T>) => Promise.all([1, 2, 3, 4, 5].map(() => start()));

  it("gives five concurrent renewal starts one order", async () => {
    const { contract } = await contractFor(ids.current);
    const results = await fiveAtOnce(() => startRenewal(database.db, buyer, contract.id));
    const orders = await database.db.order.findMany({ where: { renewsContractId: contract.id } });
    expect(orders).toHaveLength(1);
    expect(results).toEqual(results.map(() => expect.objectContaining({ ok: true, orderId: orders[0].id })));
    expect(results.filter((r) => r?.ok && !r.existing)).toHaveLength(1);
  });

  it("gives five concurrent replacement starts one order, and a replaced contract no second replacement", async () => {
    const { contract } = await contractFor(ids.suspended);
    const results = await fiveAtOnce(() => startReplacement(database.db, buyer, contract.id, ids.alternative));
    const orders = await database.db.order.findMany({ where: { replacesContractId: contract.id } });
    expect(orders).toHaveLength(1);
    expect(results).toEqual(results.map(() => expect.objectContaining({ ok: true, orderId: orders[0].id })));

    // The database itself refuses a second open replacement, however it is written.
    const copy = { organisationId: buyer.organisationId, createdById: buyer.userId, description: "Second replacement", orderType: "REPLACEMENT" as const, replacesContractId: contract.id };
    await expect(database.db.order.create({ data: copy })).rejects.toMatchObject({ code: "P2002" });

    // Once one replacement has completed, no other can start or complete.
    await database.db.order.update({ where: { id: orders[0].id }, data: { status: "COMPLETED", completedAt: new Date() } });
    expect(await startReplacement(database.db, buyer, contract.id, ids.alternative)).toEqual({ ok: false, reason: expect.stringMatching(/already been replaced by order C\d{6}-01/) });
    await expect(database.db.order.create({ data: { ...copy, status: "COMPLETED", completedAt: new Date() } })).rejects.toMatchObject({ code: "P2002" });
    expect(await database.db.order.count({ where: { replacesContractId: contract.id } })).toBe(1);
  });
});

describe("amendment", () => {
  it("is a new revision of the same call-off, one open at a time even when started twice at once", async () => {
    const { contract, order: original } = await contractFor(ids.current, 200, 24);
    const [a, b] = await Promise.all([startAmendment(database.db, buyer, contract.id), startAmendment(database.db, buyer, contract.id)]);
    const amendments = await database.db.order.findMany({ where: { callOffNumber: original.callOffNumber, orderType: "AMENDMENT" } });
    expect(amendments).toHaveLength(1);
    expect(amendments[0].revision).toBe(2);
    expect([a, b].filter((r) => r?.ok).length).toBeGreaterThanOrEqual(1);

    // Recipients can be added, not removed; the contract follows the new revision on submit.
    const id = amendments[0].id;
    expect(await saveRecipients(database.db, buyer, id, [practiceIds[0]])).toMatchObject({ ok: false });
    expect(await saveRecipients(database.db, buyer, id, practiceIds)).toEqual({ ok: true });
    const order = (await findOrderDetail(database.db, buyer, id))!;
    await database.db.orderItemRecipientQuantity.create({ data: { orderItemId: order.items[0].id, organisationId: practiceIds[2], quantity: 5000 } });
    const submitted = await submitOrder(database.db, buyer, id, { completionKey: "amend" });
    expect(submitted).toEqual({ ok: true, orderId: id, contractId: contract.id, alreadyCompleted: false });
    const after = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(after.orderId).toBe(id);
    expect(Number(after.annualValue)).toBeGreaterThan(Number(contract.annualValue));
  });
});
