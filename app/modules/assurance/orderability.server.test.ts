import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../../../generated/prisma/client";
import { createAssuranceRecord, createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, formatNhsDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { saveItem, saveItemPrice, saveRecipients, saveServices, saveSolution } from "~/modules/orders/order-items.server";
import {
  findOrderDetail,
  saveContact,
  saveFramework,
  saveSupplier,
  saveSupplierContact,
  saveTimescales,
  startOrder,
  updateOrderDescription,
} from "~/modules/orders/orders.server";
import { startAmendment, startRenewal, startReplacement } from "~/modules/orders/start.server";
import { submitOrder } from "~/modules/orders/submit.server";
import { loader as solutionApi } from "~/routes/api.v1.solutions.$id";
import { loader as searchApi } from "~/routes/api.v1.solutions._index";
import { rebuildSearchIndex, searchCatalogue, setSearchEnginesForTests } from "~/services/search/index.server";
import { emptyQuery } from "~/services/search/query";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { flagLiveContracts } from "./scan-sql.server";
import { assertOrderable, orderableIds, orderableSolutionWhere, OrderRefused, solutionOrderability, solutionsOrderability } from "./orderability.server";

/**
 * The orderability rule at every door, on real PostgreSQL: a solution whose supplier's DSPT
 * has lapsed is refused with the same words wherever a buyer tries, and nothing is written.
 */
const database = useTestDatabase();
const today = londonToday();
const quiet = () => {};

let practice: Actor;
let icb: Actor;
let icbPracticeIds: string[];
let lapsed: { supplierId: number; supplierName: string; solutionId: string; message: string };
let assured: { supplierId: number; solutionId: string };

/** The words every door must use for the lapsed supplier: its DSPT expired on 30 June. */
const dsptLapse = (supplierName: string) => {
  const year = Number(today.slice(0, 4)) - (today.slice(5) > "06-30" ? 0 : 1);
  return `${supplierName}'s Data Security and Protection Toolkit lapsed on ${formatNhsDate(`${year}-07-01` as DateOnly)}.`;
};

beforeAll(async () => {
  setSearchEnginesForTests(null);
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db, { name: "Aldwych Digital" });
  const l = await createSupplier(db, { name: "Fable Health" });
  assured = { supplierId: a.supplier.id, solutionId: (await createPublishedSolution(db, { supplierId: a.supplier.id, name: "Aldwych Consult", capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] })).item.id };
  const lapsedSolution = await createPublishedSolution(db, { supplierId: l.supplier.id, name: "Fable Consult", capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] });
  await createAssuranceRecord(db, { supplierId: l.supplier.id, standardId: "DSPT", scenario: "LAPSED" });
  lapsed = { supplierId: l.supplier.id, supplierName: l.supplier.name, solutionId: lapsedSolution.item.id, message: dsptLapse(l.supplier.name) };

  const icbOrg = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QY1" });
  const practices = await Promise.all([1, 2].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icbOrg.organisation.id, parentId: icbOrg.organisation.id, practiceListSize: 6000 })));
  icb = await actorFor(db, icbOrg.user.id);
  icbPracticeIds = practices.map((p) => p.organisation.id);
  practice = await actorFor(db, (await createOrganisationWithUser(db, { type: "GP_PRACTICE", practiceListSize: 8000 })).user.id);
});

afterAll(() => setSearchEnginesForTests(null));

/** What a refused door must leave behind: these counts unchanged. */
async function writes() {
  const db = database.db;
  const [orders, items, contracts, audits, outbox] = await Promise.all([db.order.count(), db.orderItem.count(), db.contract.count(), db.auditEvent.count(), db.outboxMessage.count()]);
  return { orders, items, contracts, audits, outbox };
}

/** An order for the solution with every task answered (an ICB, so recipients can be changed). */
async function readyOrder(solutionId: string) {
  const db = database.db;
  const started = await startOrder(db, icb, { description: "Online consultation", solutionId });
  if (!started.ok) throw new Error(JSON.stringify(started.errors));
  const id = started.orderId;
  expect(await saveTimescales(db, icb, id, { commencementDate: addDays(today, 10), initialPeriodMonths: 12, maximumTermMonths: 36 })).toEqual({ ok: true });
  expect(await saveRecipients(db, icb, id, icbPracticeIds)).toEqual({ ok: true });
  expect(await saveServices(db, icb, id, { additional: [], associated: [] })).toEqual({ ok: true });
  const order = (await findOrderDetail(db, icb, id))!;
  const date = addDays(today, 20);
  expect(
    await saveItem(db, icb, id, order.items[0].id, {
      agreedPrice: "2.50",
      ...Object.fromEntries(order.recipients.map((r) => [`quantity-${r.organisationId}`, "6000"])),
      "deliveryDate-day": date.slice(8),
      "deliveryDate-month": date.slice(5, 7),
      "deliveryDate-year": date.slice(0, 4),
      fundingType: "CENTRAL",
    }),
  ).toEqual({ ok: true });
  return (await findOrderDetail(db, icb, id))!;
}

/** Lapses a supplier's DSPT now (as if it had expired on 30 June and the scan had not run yet). */
async function lapseDspt(supplierId: number) {
  await createAssuranceRecord(database.db, { supplierId, standardId: "DSPT", scenario: "ASSURED", overrides: { status: "ASSURED", assuredOn: toDbDate(addDays(today, -500)), expiresOn: toDbDate(addDays(today, -3)) } });
}

describe("the facts and the rule", () => {
  it("answers for one solution and, set-based, for many, inside a transaction too", async () => {
    const db = database.db;
    expect(await solutionOrderability(db, assured.solutionId, { today })).toEqual({ orderable: true, refusals: [] });
    const refused = await solutionOrderability(db, lapsed.solutionId, { today });
    expect(refused).toMatchObject({ orderable: false, refusals: [{ code: "ASSURANCE_LAPSED", message: lapsed.message, assurance: { level: "supplier", standardId: "DSPT", critical: "security" } }] });
    const many = await db.$transaction((tx) => solutionsOrderability(tx, [lapsed.solutionId, assured.solutionId, "99999-999"], { today }));
    expect([...many.entries()].map(([id, v]) => [id, v.orderable])).toEqual([
      [lapsed.solutionId, false],
      [assured.solutionId, true],
      ["99999-999", false],
    ]);
    await expect(db.$transaction((tx) => assertOrderable(tx, lapsed.solutionId, { today }))).rejects.toBeInstanceOf(OrderRefused);
  });

  it("and the rule as a query filter agree on every kind of record, at both levels", async () => {
    const db = database.db;
    const states: Record<string, Partial<Prisma.AssuranceRecordUncheckedCreateInput>> = {
      assured: { status: "ASSURED", expiresOn: toDbDate(addDays(today, 200)) },
      "no expiry": { status: "ASSURED", expiresOn: null },
      expiring: { status: "EXPIRING", expiresOn: toDbDate(addDays(today, 10)) },
      "expires today": { status: "EXPIRING", expiresOn: toDbDate(today) },
      lapsed: { status: "LAPSED", expiresOn: toDbDate(addDays(today, -5)) },
      "stale assured": { status: "ASSURED", expiresOn: toDbDate(addDays(today, -1)) },
      "stale lapsed, renewed": { status: "LAPSED", expiresOn: toDbDate(addDays(today, 100)) },
      "in remediation": { status: "IN_REMEDIATION", expiresOn: toDbDate(addDays(today, -20)), remediationDeadline: toDbDate(addDays(today, 20)) },
      "remediation failed": { status: "IN_REMEDIATION", expiresOn: toDbDate(addDays(today, -40)), remediationDeadline: toDbDate(addDays(today, -1)) },
      withdrawn: { status: "WITHDRAWN", expiresOn: toDbDate(addDays(today, 100)) },
    };
    const ids: string[] = [];
    for (const [name, state] of Object.entries(states)) {
      for (const level of ["solution", "supplier"] as const) {
        const { supplier } = await createSupplier(db, { name: `Filter ${name} ${level}` });
        const { item } = await createPublishedSolution(db, { supplierId: supplier.id });
        await createAssuranceRecord(db, {
          supplierId: supplier.id,
          catalogueItemId: level === "solution" ? item.id : null,
          standardId: level === "solution" ? "S28" : "CEPLUS",
          overrides: { assuredOn: toDbDate(addDays(today, -600)), remediationDeadline: null, ...state },
        });
        ids.push(item.id);
      }
    }
    // Not about assurance: a suspended listing, one without a published price, one only on an expired framework, an inactive supplier.
    const { supplier: other } = await createSupplier(db, { name: "Filter other" });
    ids.push((await createPublishedSolution(db, { supplierId: other.id, overrides: { publicationStatus: "SUSPENDED" } })).item.id);
    const unpriced = await createPublishedSolution(db, { supplierId: other.id });
    await db.price.updateMany({ where: { catalogueItemId: unpriced.item.id }, data: { status: "UNPUBLISHED" } });
    ids.push(unpriced.item.id, (await createPublishedSolution(db, { supplierId: other.id, frameworkIds: ["DFOCVC001"] })).item.id);
    const { supplier: gone } = await createSupplier(db, { name: "Filter gone", isActive: false });
    ids.push((await createPublishedSolution(db, { supplierId: gone.id })).item.id);

    const byRule = await orderableIds(db, ids, { today });
    const byQuery = (await db.catalogueItem.findMany({ where: { AND: [{ id: { in: ids } }, orderableSolutionWhere({ today })] }, select: { id: true } })).map((i) => i.id);
    expect(byQuery.sort()).toEqual([...byRule].sort());
    // Assured, no expiry, expiring, expires today and renewed: five states, two levels.
    expect(byRule).toHaveLength(10);
  });
});

describe("every door refuses a lapsed supplier, in the same words, and writes nothing", () => {
  it("starting an order (a forged post for the solution, skipping its page)", async () => {
    const before = await writes();
    expect(await startOrder(database.db, practice, { description: "Forged", solutionId: lapsed.solutionId })).toEqual({ ok: false, errors: { orderability: lapsed.message } });
    expect(await writes()).toEqual(before);
  });

  it("saving each order task, once the supplier's assurance lapsed after the order was started", async () => {
    const db = database.db;
    const { supplier } = await createSupplier(db, { name: "Later Lapse" });
    const { item, priceIds } = await createPublishedSolution(db, { supplierId: supplier.id, capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] });
    const order = await readyOrder(item.id);
    await lapseDspt(supplier.id);
    const message = `Later Lapse's Data Security and Protection Toolkit lapsed on ${formatNhsDate(addDays(today, -2))}.`;
    const refused = { ok: false, errors: { orderability: message } };
    const before = { ...(await writes()), order: await db.order.findUniqueOrThrow({ where: { id: order.id } }) };
    const contactId = order.supplierContactId!;
    const item0 = order.items[0];
    const saves = {
      description: () => updateOrderDescription(db, icb, order.id, "Changed"),
      contact: () => saveContact(db, icb, order.id, { contactName: "A Buyer", contactEmail: "a.buyer@nhs.net", contactPhone: "" }),
      framework: () => saveFramework(db, icb, order.id, "NHSDGP001"),
      supplier: () => saveSupplier(db, icb, order.id, supplier.id),
      supplierContact: () => saveSupplierContact(db, icb, order.id, contactId),
      timescales: () => saveTimescales(db, icb, order.id, { commencementDate: addDays(today, 11), initialPeriodMonths: 12, maximumTermMonths: 36 }),
      recipients: () => saveRecipients(db, icb, order.id, icbPracticeIds.slice(0, 1)),
      services: () => saveServices(db, icb, order.id, { additional: [], associated: [] }),
      price: () => saveItemPrice(db, icb, order.id, item0.id, priceIds[0]),
      item: () => saveItem(db, icb, order.id, item0.id, { agreedPrice: "2.00", fundingType: "CENTRAL" }),
    };
    for (const [task, save] of Object.entries(saves)) expect({ task, result: await save() }).toEqual({ task, result: refused });
    // Choosing the same (lapsed) solution again is refused with the rule's words; another supplier could be chosen instead.
    expect(await saveSolution(db, icb, order.id, item.id)).toEqual({ ok: false, errors: { solutionId: message } });
    const after = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect({ ...(await writes()), order: after }).toEqual(before);
  });

  it("submitting: an assurance that lapses between start and submit stops the submit", async () => {
    const db = database.db;
    const { supplier } = await createSupplier(db, { name: "Between Lapse" });
    const { item } = await createPublishedSolution(db, { supplierId: supplier.id, capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] });
    const order = await readyOrder(item.id);
    await lapseDspt(supplier.id);
    const before = await writes();
    const result = await submitOrder(db, icb, order.id, { completionKey: "between" });
    expect(result).toEqual({ ok: false, errors: { orderability: `Between Lapse's Data Security and Protection Toolkit lapsed on ${formatNhsDate(addDays(today, -2))}.` } });
    expect(await writes()).toEqual(before);
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "IN_PROGRESS", completedAt: null, completionKey: null });
  });

  it("submitting: a suspension decided while the order is being written either stops it or waits for it and flags the new contract", async () => {
    const db = database.db;
    const order = await readyOrder(assured.solutionId);
    const submitting = submitOrder(db, icb, order.id, { completionKey: "race" });
    // Staff suspend the solution at the same moment, flagging its live contracts in the same transaction (as suspendForLapse does).
    const suspending = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      await db.$transaction(async (tx) => {
        await tx.catalogueItem.update({ where: { id: assured.solutionId }, data: { publicationStatus: "SUSPENDED", remediationDeadline: toDbDate(today) } });
        await flagLiveContracts(tx, { count: 0 }, { today, solutionIds: [assured.solutionId] });
      });
    })();
    const [result] = await Promise.all([submitting, suspending]);
    const contract = await db.contract.findFirst({ where: { orderId: order.id } });
    if (result?.ok) {
      // The submit held the listing: the suspension waited for the contract, and flagged it.
      expect(contract?.status).toBe("FLAGGED_FOR_TERMINATION");
    } else {
      expect(result?.errors.orderability).toMatch(/has been suspended from the catalogue/);
      expect(contract).toBeNull();
    }
    await db.catalogueItem.update({ where: { id: assured.solutionId }, data: { publicationStatus: "PUBLISHED", remediationDeadline: null } });
  });

  it("renewing, amending and replacing", async () => {
    const db = database.db;
    const contractFor = async (solutionId: string) =>
      (
        await createOrderWithContract(db, {
          organisationId: icb.organisationId,
          createdById: icb.userId,
          solutionId,
          recipientIds: icbPracticeIds,
          commencementDate: toDbDate(addDays(today, -300)),
          maximumTermMonths: 12,
          contractStatus: "EXPIRING",
        })
      ).contract;
    const ofLapsed = await contractFor(lapsed.solutionId);
    const before = await writes();
    expect(await startRenewal(db, icb, ofLapsed.id)).toEqual({ ok: false, reason: lapsed.message });
    expect(await startAmendment(db, icb, ofLapsed.id)).toEqual({ ok: false, reason: lapsed.message });
    // Replacing another contract by the lapsed supplier's solution (a forged choice: it is no assured alternative).
    const { supplier } = await createSupplier(db);
    const suspendedSolution = await createPublishedSolution(db, { supplierId: supplier.id, capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] });
    const toReplace = await contractFor(suspendedSolution.item.id);
    const beforeReplace = await writes();
    expect(await startReplacement(db, icb, toReplace.id, lapsed.solutionId)).toEqual({ ok: false, reason: lapsed.message });
    expect(await writes()).toEqual(beforeReplace);
    expect(before.orders + 1).toBe(beforeReplace.orders);
  });

  it("the default search and the open API", async () => {
    const db = database.db;
    await rebuildSearchIndex(db, { log: quiet });
    const names = async (query: Partial<Parameters<typeof emptyQuery>[0]>) => (await searchCatalogue(emptyQuery({ q: "consult", perPage: 100, ...query }))).hits.map((h) => h.document.id);
    expect(await names({})).toContain(assured.solutionId);
    expect(await names({})).not.toContain(lapsed.solutionId);
    expect(await names({ assurance: ["lapsed"] })).toContain(lapsed.solutionId);

    const list = (await (await searchApi({ request: new Request("http://test/api/v1/solutions?q=consult&perPage=100"), params: {}, context: {} })).json()) as { hits: { id: string; orderable: boolean }[] };
    expect(list.hits.map((h) => h.id)).not.toContain(lapsed.solutionId);
    expect(list.hits.find((h) => h.id === assured.solutionId)?.orderable).toBe(true);
    const widened = (await (await searchApi({ request: new Request("http://test/api/v1/solutions?q=consult&assurance=lapsed"), params: {}, context: {} })).json()) as { hits: { id: string; orderable: boolean; assurance: string }[] };
    expect(widened.hits.find((h) => h.id === lapsed.solutionId)).toMatchObject({ orderable: false, assurance: "lapsed" });

    const one = (await (await solutionApi({ request: new Request(`http://test/api/v1/solutions/${lapsed.solutionId}`), params: { id: lapsed.solutionId }, context: {} })).json()) as { orderability: { orderable: boolean; reasons: string[] } };
    expect(one.orderability).toMatchObject({ orderable: false, reasons: [lapsed.message] });
  });
});
