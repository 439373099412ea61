import { beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { terminateContract } from "~/modules/contracts/contracts.server";
import { addDays, addMonths, daysBetween, formatNhsDate, fromDbDate, londonDateOf, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { saveItem, saveServices, saveSolution } from "~/modules/orders/order-items.server";
import { findOrderDetail, saveSupplier, saveTimescales, tasksFor } from "~/modules/orders/orders.server";
import { submitOrder } from "~/modules/orders/submit.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { medianDays, switchingPlan } from "./switch-rules";
import { completeSwitchTask, listSwitches, notifyOverdueSwitchTasks, startSwitch, switchComparison, switchDatePage, switchingDashboard, switchPlan } from "./switching.server";

/**
 * Switching supplier (issue 11) through the module against real PostgreSQL: the switch start,
 * its scheduling inside the order submit, the plan's tasks, the overdue sweep and the staff
 * dashboard. The pure rules are tested beside them (switch-rules.test.ts, compare.test.ts).
 */
const database = useTestDatabase();
const today = londonToday();

let buyer: Actor;
let otherBuyer: Actor;
let staff: Actor;
let outgoingUser: Actor;
let incomingUser: Actor;
let bystanderUser: Actor;
let practiceIds: string[];
let suppliers: { outgoing: number; incoming: number; lapsed: number; dashboardOutgoing: { id: number; name: string }; dashboardIncoming: { id: number; name: string } };
let contactEmail: { outgoing: string; incoming: string };
/** A user of the supplier's own organisation (made by createSupplier), as the supplier portal signs them in. */
async function supplierUser(supplierId: number, role: "SUPPLIER" | "SUPPLIER_ACCOUNT_MANAGER" = "SUPPLIER") {
  const user = await database.db.user.create({ data: { email: `${role.toLowerCase()}-${supplierId}-${Math.random().toString(36).slice(2, 8)}@supplier.example`, name: "Supplier User", passwordHash: "x", organisationId: `org-supplier-${supplierId}`, role } });
  return actorFor(database.db, user.id);
}

let ids: { current: string; sameSupplier: string; alternative: string; suspended: string; lapsed: string; dashboardCurrent: string; dashboardAlternative: string };

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const c = await createSupplier(db);
  const d = await createSupplier(db);
  const e = await createSupplier(db);
  const solution = (supplierId: number) => createPublishedSolution(db, { supplierId, capabilityIds: ["C43"], frameworkIds: ["NHSDGP001"] });
  const current = await solution(a.supplier.id);
  const sameSupplier = await solution(a.supplier.id);
  const alternative = await solution(b.supplier.id);
  const suspended = await solution(b.supplier.id);
  const lapsed = await solution(c.supplier.id);
  const dashboardCurrent = await solution(d.supplier.id);
  const dashboardAlternative = await solution(e.supplier.id);
  await db.catalogueItem.update({ where: { id: suspended.item.id }, data: { publicationStatus: "SUSPENDED" } });
  await createAssuranceRecord(db, { supplierId: c.supplier.id, standardId: "DSPT", scenario: "LAPSED" });
  ids = {
    current: current.item.id,
    sameSupplier: sameSupplier.item.id,
    alternative: alternative.item.id,
    suspended: suspended.item.id,
    lapsed: lapsed.item.id,
    dashboardCurrent: dashboardCurrent.item.id,
    dashboardAlternative: dashboardAlternative.item.id,
  };
  suppliers = {
    outgoing: a.supplier.id,
    incoming: b.supplier.id,
    lapsed: c.supplier.id,
    dashboardOutgoing: { id: d.supplier.id, name: d.supplier.name },
    dashboardIncoming: { id: e.supplier.id, name: e.supplier.name },
  };
  contactEmail = { outgoing: a.contact.email, incoming: b.contact.email };

  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QS1" });
  const practices = await Promise.all([1, 2].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id })));
  practiceIds = practices.map((p) => p.organisation.id);
  buyer = await actorFor(db, icb.user.id);
  otherBuyer = await actorFor(db, (await createOrganisationWithUser(db, { type: "ICB", odsCode: "QS2" })).user.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: "X26" })).user.id);
  outgoingUser = await supplierUser(a.supplier.id);
  incomingUser = await supplierUser(b.supplier.id);
  bystanderUser = await supplierUser(c.supplier.id);
});

/** A live contract of the buyer's: by default past its 12-month initial period, 36 months long. */
async function contractFor({ solutionId = ids.current, startedDaysAgo = 400, months = 36 } = {}) {
  const { contract } = await createOrderWithContract(database.db, {
    organisationId: buyer.organisationId,
    createdById: buyer.userId,
    solutionId,
    recipientIds: practiceIds,
    commencementDate: toDbDate(addDays(today, -startedDaysAgo)),
    maximumTermMonths: months,
    contractStatus: "ACTIVE",
  });
  return contract;
}

/** The switch date page's form, as the browser posts it. */
const form = (date: DateOnly, extra: Record<string, unknown> = {}) => ({
  "switchDate-day": date.slice(8),
  "switchDate-month": date.slice(5, 7),
  "switchDate-year": date.slice(0, 4),
  parallelRunDays: "0",
  earlyEndReason: "",
  ...extra,
});

/** What a switch start wrote for the contract: its orders and switch records. */
async function written(contractId: string) {
  const [orders, switches] = await Promise.all([
    database.db.order.count({ where: { replacesContractId: contractId } }),
    database.db.contractSwitch.count({ where: { contractId } }),
  ]);
  return { orders, switches };
}

async function started(contractId: string, solutionId: string, values: Record<string, unknown>, actor = buyer) {
  const result = await startSwitch(database.db, actor, contractId, solutionId, values, today);
  if (!result?.ok) throw new Error(`The switch did not start: ${JSON.stringify(result)}`);
  return result;
}

/** The buyer answers the switch order's remaining tasks (term, services, the item's price and funding), as the pages would. */
async function completeTheOrder(orderId: string, switchDate: DateOnly) {
  const db = database.db;
  expect(await saveTimescales(db, buyer, orderId, { commencementDate: switchDate, initialPeriodMonths: 12, maximumTermMonths: 36 })).toEqual({ ok: true });
  expect(await saveServices(db, buyer, orderId, { additional: [], associated: [] })).toEqual({ ok: true });
  const order = (await findOrderDetail(db, buyer, orderId))!;
  const quantities = Object.fromEntries(order.recipients.map((r) => [`quantity-${r.organisationId}`, String(r.organisation.practiceListSize)]));
  const saved = await saveItem(db, buyer, orderId, order.items[0].id, {
    agreedPrice: "2.50",
    ...quantities,
    "deliveryDate-day": switchDate.slice(8),
    "deliveryDate-month": switchDate.slice(5, 7),
    "deliveryDate-year": switchDate.slice(0, 4),
    fundingType: "CENTRAL",
  });
  expect(saved).toEqual({ ok: true });
  const ready = (await findOrderDetail(db, buyer, orderId))!;
  expect(tasksFor(ready).flatMap((s) => s.tasks).filter((t) => t.status !== "Completed" && t.key !== "review")).toEqual([]);
}

/** A switch started, its order completed and submitted: SCHEDULED with its plan. */
async function scheduledSwitch({ solutionId = ids.current, alternativeId = ids.alternative, switchDate = addDays(today, 30), parallelRunDays = 0 } = {}) {
  const contract = await contractFor({ solutionId });
  const { orderId, switchId } = await started(contract.id, alternativeId, form(switchDate, { parallelRunDays: String(parallelRunDays) }));
  await completeTheOrder(orderId, switchDate);
  const submitted = await submitOrder(database.db, buyer, orderId, { completionKey: "switch", today });
  expect(submitted).toMatchObject({ ok: true, alreadyCompleted: false });
  if (!submitted?.ok) throw new Error("not submitted");
  return { contract, orderId, switchId, switchDate, newContractId: submitted.contractId };
}

const tasksOf = (switchId: string) => database.db.switchTask.findMany({ where: { switchId }, orderBy: { sequence: "asc" } });
const emailsWith = (prefix: string) =>
  database.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: prefix } }, include: { emails: { select: { to: true, subject: true } } }, orderBy: { dedupeKey: "asc" } });

describe("comparing and choosing the switch date", () => {
  it("offers only other suppliers' assured alternatives, and nothing to another organisation", async () => {
    const contract = await contractFor();
    const comparison = await switchComparison(database.db, buyer, contract.id, today);
    expect(comparison?.switchable).toBe(true);
    if (!comparison?.switchable) return;
    const offered = comparison.alternatives.map((a) => a.id);
    expect(offered).toContain(ids.alternative);
    // Not itself, not a suspended or unassured one, and not the same supplier's other product (a switch would refuse it).
    for (const id of [ids.current, ids.suspended, ids.lapsed, ids.sameSupplier]) expect(offered).not.toContain(id);
    const alternative = comparison.alternatives.find((a) => a.id === ids.alternative)!;
    expect(alternative.yearlyCost).toMatch(/^£/);
    expect(await switchComparison(database.db, otherBuyer, contract.id, today)).toBeNull();
  });

  it("the switch date page gives the earliest and latest dates, and warns inside the initial period", async () => {
    const contract = await contractFor({ startedDaysAgo: 30 });
    const page = (await switchDatePage(database.db, buyer, contract.id, ids.alternative, today))!;
    expect(page).toMatchObject({ switchable: true, earliest: formatNhsDate(addDays(today, 14)), latest: formatNhsDate(addDays(fromDbDate(contract.endDate), 1)), inInitialPeriod: true });
    expect(page.earlyEndWarning).toMatch(/is in its initial period until/);
    expect((await switchDatePage(database.db, buyer, contract.id, ids.sameSupplier, today))?.switchable).toBe(false);
    expect(await switchDatePage(database.db, otherBuyer, contract.id, ids.alternative, today)).toBeNull();
  });
});

describe("starting a switch", () => {
  it("five concurrent starts for the same contract and alternative give one order and one switch", async () => {
    const contract = await contractFor();
    const switchDate = addDays(today, 30);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => startSwitch(database.db, buyer, contract.id, ids.alternative, form(switchDate), today)));
    const [orders, switches] = await Promise.all([
      database.db.order.findMany({ where: { replacesContractId: contract.id } }),
      database.db.contractSwitch.findMany({ where: { contractId: contract.id } }),
    ]);
    expect(orders).toHaveLength(1);
    expect(switches).toHaveLength(1);
    expect(results).toEqual(results.map(() => ({ ok: true, orderId: orders[0].id, switchId: switches[0].id })));
    expect(orders[0]).toMatchObject({ orderType: "REPLACEMENT", status: "IN_PROGRESS", supplierId: suppliers.incoming });
    expect(fromDbDate(orders[0].commencementDate!)).toBe(switchDate);
    expect(switches[0]).toMatchObject({ orderId: orders[0].id, status: "REQUESTED", outgoingSupplierId: suppliers.outgoing, incomingSupplierId: suppliers.incoming, incomingSolutionId: ids.alternative, parallelRunDays: 0, earlyEndReason: null });
    expect(fromDbDate(switches[0].switchDate)).toBe(switchDate);
    expect(fromDbDate(switches[0].oldContractLastDay)).toBe(addDays(switchDate, -1));
  });

  it("started again with a new date changes the same switch and order", async () => {
    const contract = await contractFor();
    const first = await started(contract.id, ids.alternative, form(addDays(today, 30)));
    const again = await started(contract.id, ids.alternative, form(addDays(today, 45), { parallelRunDays: "3" }));
    expect(again).toEqual(first);
    const record = await database.db.contractSwitch.findUniqueOrThrow({ where: { id: first.switchId } });
    expect(fromDbDate(record.switchDate)).toBe(addDays(today, 45));
    expect(record.parallelRunDays).toBe(3);
    expect(fromDbDate(record.oldContractLastDay)).toBe(addDays(today, 47));
    expect(fromDbDate((await database.db.order.findUniqueOrThrow({ where: { id: first.orderId } })).commencementDate!)).toBe(addDays(today, 45));
    expect(await written(contract.id)).toEqual({ orders: 1, switches: 1 });
  });
});

describe("the initial period", () => {
  it("ending the old contract inside its initial period needs a reason, which is stored", async () => {
    // Commenced 30 days ago with a 12-month initial period: a switch in 30 days ends it early.
    const contract = await contractFor({ startedDaysAgo: 30 });
    const switchDate = addDays(today, 30);
    const refused = await startSwitch(database.db, buyer, contract.id, ids.alternative, form(switchDate, { earlyEndReason: "   " }), today);
    expect(refused).toEqual({ ok: false, errors: { earlyEndReason: "Enter why you are ending the contract inside its initial period" } });
    expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });

    const tooLong = await startSwitch(database.db, buyer, contract.id, ids.alternative, form(switchDate, { earlyEndReason: "x".repeat(1001) }), today);
    expect(tooLong).toEqual({ ok: false, errors: { earlyEndReason: "The reason must be 1,000 characters or fewer" } });
    expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });

    const reason = "The supplier has not delivered the online consultation service we contracted for.";
    const accepted = await started(contract.id, ids.alternative, form(switchDate, { earlyEndReason: `  ${reason} ` }));
    const record = await database.db.contractSwitch.findUniqueOrThrow({ where: { id: accepted.switchId } });
    expect(record.earlyEndReason).toBe(reason);
  });

  it("a reason given for a switch after the initial period is not stored", async () => {
    const contract = await contractFor();
    const accepted = await started(contract.id, ids.alternative, form(addDays(today, 30), { earlyEndReason: "Not needed" }));
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: accepted.switchId } })).earlyEndReason).toBeNull();
  });
});

describe("bad answers to the switch start", () => {
  it("refuses bad switch dates, writing nothing", async () => {
    const contract = await contractFor();
    const refusedWith = async (values: Record<string, unknown>, field: string, message: RegExp, id = contract.id) => {
      const result = await startSwitch(database.db, buyer, id, ids.alternative, values, today);
      expect(result).toEqual({ ok: false, errors: expect.objectContaining({ [field]: expect.stringMatching(message) }) });
      expect(await written(id)).toEqual({ orders: 0, switches: 0 });
    };
    await refusedWith(form(addDays(today, -3)), "switchDate", /^The switch date must be in the future$/);
    await refusedWith(form(today), "switchDate", /^The switch date must be in the future$/);
    await refusedWith(form(addDays(today, 5)), "switchDate", /so the current supplier has 14 days to provide the data extract/);
    await refusedWith(form(addDays(today, 13)), "switchDate", /14 days/);

    // A gap: the contract ends in about 60 days, and the switch date is two days after.
    const ending = await contractFor({ startedDaysAgo: 300, months: 12 });
    const endsOn = fromDbDate(ending.endDate);
    await refusedWith(form(addDays(endsOn, 2)), "switchDate", /the day after contract C\d{6} ends, so the service recipients are not left without a system/, ending.id);
    // A parallel run past the end of the contract is refused too.
    await refusedWith(form(addDays(endsOn, -3), { parallelRunDays: "5" }), "parallelRunDays", /would go past the end of contract C\d{6}/, ending.id);

    // Beyond the framework's maximum term (36 months) from today.
    // (A contract that commences in 60 days runs past that; terms are at most 36 months.)
    const long = await contractFor({ startedDaysAgo: -60, months: 36 });
    await refusedWith(form(addDays(addMonths(today, 36), 1), { earlyEndReason: "Reason" }), "switchDate", /within the framework's maximum term of 36 months/, long.id);
  });

  it("refuses nonsense values, writing nothing", async () => {
    const contract = await contractFor();
    const date = addDays(today, 30);
    const cases: [Record<string, unknown>, Record<string, RegExp>][] = [
      [{ ...form(date), "switchDate-day": "31", "switchDate-month": "2", "switchDate-year": String(Number(date.slice(0, 4)) + 1) }, { switchDate: /must be a real date/ }],
      [{ ...form(date), "switchDate-day": "'; DROP TABLE contracts;--" }, { switchDate: /must be a real date/ }],
      [{ ...form(date), "switchDate-year": "1e3" }, { switchDate: /must be a real date/ }],
      [{ "switchDate-day": "", "switchDate-month": "", "switchDate-year": "" }, { switchDate: /^Enter the switch date$/ }],
      [form(date, { parallelRunDays: "-1" }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      [form(date, { parallelRunDays: "1e3" }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      [form(date, { parallelRunDays: "2.5" }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      [form(date, { parallelRunDays: "91" }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      [form(date, { parallelRunDays: String(10 ** 9) }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      [form(date, { parallelRunDays: "'; DROP TABLE contracts;--" }), { parallelRunDays: /whole number of days from 0 to 90/ }],
      // Every problem at once: a bad date and a bad parallel run.
      [{ ...form(date, { parallelRunDays: "1e3" }), "switchDate-day": "31", "switchDate-month": "2" }, { switchDate: /must be a real date/, parallelRunDays: /whole number of days/ }],
      [{ ...form(date, { parallelRunDays: "91" }), "switchDate-day": "31", "switchDate-month": "2" }, { switchDate: /must be a real date/, parallelRunDays: /whole number of days/ }],
      [{ ...form(date, { parallelRunDays: "90" }), "switchDate-day": "31", "switchDate-month": "2" }, { switchDate: /must be a real date/ }],
    ];
    for (const [values, expected] of cases) {
      const result = await startSwitch(database.db, buyer, contract.id, ids.alternative, values, today);
      expect(result, JSON.stringify(values)).toEqual({ ok: false, errors: Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, expect.stringMatching(v)])) });
    }
    expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });
    // The contracts table is still there, and this contract unchanged.
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toEqual(contract);
  });

  it("refuses a solution that is not an assured alternative from another supplier, writing nothing", async () => {
    const contract = await contractFor();
    const values = form(addDays(today, 30));
    const refusedWith = async (solutionId: string, message: RegExp) => {
      const result = await startSwitch(database.db, buyer, contract.id, solutionId, values, today);
      expect(result, solutionId).toEqual({ ok: false, errors: { solutionId: expect.stringMatching(message) } });
      expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });
    };
    await refusedWith(ids.current, /^Choose one of the assured alternatives listed\.$/);
    await refusedWith(ids.lapsed, /Data Security and Protection Toolkit lapsed on/);
    await refusedWith(ids.suspended, /suspended/i);
    await refusedWith(ids.sameSupplier, /^Choose a solution from another supplier/);
    await refusedWith("'; DROP TABLE contracts;--", /./);
    await refusedWith("", /./);
    expect(await database.db.contractSwitch.count({ where: { contractId: contract.id } })).toBe(0);
  });

  it("another organisation's contract, or a made-up id, is not found", async () => {
    const contract = await contractFor();
    const values = form(addDays(today, 30));
    expect(await startSwitch(database.db, otherBuyer, contract.id, ids.alternative, values, today)).toBeNull();
    expect(await startSwitch(database.db, buyer, "'; DROP TABLE contracts;--", ids.alternative, values, today)).toBeNull();
    expect(await startSwitch(database.db, buyer, "", ids.alternative, values, today)).toBeNull();
    expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });
  });
});

describe("submitting the switch order", () => {
  it("ends the old contract the day before, starts the new one on the switch date, writes the plan and emails the three parties once", async () => {
    const { contract, orderId, switchId, switchDate, newContractId } = await scheduledSwitch();
    const [old, next, record, tasks] = await Promise.all([
      database.db.contract.findUniqueOrThrow({ where: { id: contract.id } }),
      database.db.contract.findUniqueOrThrow({ where: { id: newContractId } }),
      database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } }),
      tasksOf(switchId),
    ]);
    expect(old.status).toBe("TERMINATED");
    expect(fromDbDate(old.terminatedOn!)).toBe(addDays(switchDate, -1));
    expect(old.terminationReason).toMatch(/^Switching to Test Solution .* \(call-off order C\d{6}-01\) from /);
    expect(await database.db.terminationNotice.count({ where: { contractId: contract.id } })).toBe(1);
    expect(next.orderId).toBe(orderId);
    expect(fromDbDate(next.startDate)).toBe(switchDate);
    expect(next.supplierId).toBe(suppliers.incoming);
    expect(next.solutionId).toBe(ids.alternative);
    expect(record.status).toBe("SCHEDULED");
    expect(record.scheduledAt).not.toBeNull();
    expect(fromDbDate(record.oldContractLastDay)).toBe(addDays(switchDate, -1));
    expect(tasks.map((t) => ({ kind: t.kind, owner: t.owner, sequence: t.sequence, dueOn: fromDbDate(t.dueOn), completedAt: t.completedAt }))).toEqual(
      switchingPlan(switchDate, today).map((t) => ({ ...t, completedAt: null })),
    );

    const emails = await emailsWith(`switch-scheduled:${switchId}:`);
    expect(emails.map((m) => m.dedupeKey)).toEqual([`switch-scheduled:${switchId}:buyer`, `switch-scheduled:${switchId}:incoming`, `switch-scheduled:${switchId}:outgoing`]);
    const to = Object.fromEntries(emails.map((m) => [m.dedupeKey!.split(":")[2], m.emails.map((e) => e.to)]));
    expect(to).toEqual({ buyer: [buyer.email], outgoing: [contactEmail.outgoing], incoming: [contactEmail.incoming] });
    // A switch sends its own timetable instead of the termination emails.
    expect(await database.db.outboxMessage.count({ where: { dedupeKey: { startsWith: `contract-terminated:${contract.id}` } } })).toBe(0);

    // Submitted again (a double click, a retry): nothing more is written or sent.
    expect(await submitOrder(database.db, buyer, orderId, { completionKey: "switch-again", today })).toEqual({ ok: true, orderId, contractId: newContractId, alreadyCompleted: true });
    expect(await emailsWith(`switch-scheduled:${switchId}:`)).toHaveLength(3);
    expect(await tasksOf(switchId)).toHaveLength(4);
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toEqual(old);
    expect(await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).toEqual(record);
  });

  it("with a parallel run, the old contract ends that many days after the day before the switch", async () => {
    const { contract, switchId, switchDate, newContractId } = await scheduledSwitch({ parallelRunDays: 5 });
    const old = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(fromDbDate(old.terminatedOn!)).toBe(addDays(switchDate, 4));
    expect(fromDbDate((await database.db.contract.findUniqueOrThrow({ where: { id: newContractId } })).startDate)).toBe(switchDate);
    const record = await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } });
    expect(fromDbDate(record.oldContractLastDay)).toBe(addDays(switchDate, 4));
  });

  it("refused when the switch date has come inside the lead time: nothing is written", async () => {
    const contract = await contractFor();
    const switchDate = addDays(today, 30);
    const { orderId, switchId } = await started(contract.id, ids.alternative, form(switchDate));
    await completeTheOrder(orderId, switchDate);
    const before = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    const contracts = await database.db.contract.count();

    // Twenty days later the switch date is only ten days away.
    const late = await submitOrder(database.db, buyer, orderId, { completionKey: "late", today: addDays(today, 20) });
    expect(late).toEqual({ ok: false, errors: { submit: expect.stringMatching(/14 days to provide the data extract.*Change the switch date before you submit\.$/) } });
    const order = await database.db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.status).toBe("IN_PROGRESS");
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toEqual(before);
    expect(await database.db.contract.count()).toBe(contracts);
    expect(await database.db.terminationNotice.count({ where: { contractId: contract.id } })).toBe(0);
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).status).toBe("REQUESTED");
    expect(await tasksOf(switchId)).toEqual([]);
    expect(await emailsWith(`switch-scheduled:${switchId}:`)).toEqual([]);
    expect(await emailsWith(`order-completed:${orderId}:`)).toEqual([]);

    // Submitted in time, it goes through.
    expect(await submitOrder(database.db, buyer, orderId, { completionKey: "in-time", today })).toMatchObject({ ok: true, alreadyCompleted: false });
    expect(await tasksOf(switchId)).toHaveLength(4);
  });
});

describe("a switch order changed on the order's own pages", () => {
  it("cannot be submitted for the outgoing supplier's solution, or another solution than the switch's: nothing is written", async () => {
    const contract = await contractFor();
    const switchDate = addDays(today, 30);
    const { orderId, switchId } = await started(contract.id, ids.alternative, form(switchDate));
    // The framework and supplier page, then the solution page: back to the supplier being switched away from.
    expect(await saveSupplier(database.db, buyer, orderId, suppliers.outgoing)).toEqual({ ok: true });
    expect(await saveSolution(database.db, buyer, orderId, ids.current)).toEqual({ ok: true });
    await completeTheOrder(orderId, switchDate);
    const before = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });

    const refused = await submitOrder(database.db, buyer, orderId, { completionKey: "tampered", today });
    expect(refused).toEqual({ ok: false, errors: { submit: expect.stringMatching(/must be for Test Solution/) } });
    expect((await database.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("IN_PROGRESS");
    expect(await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).toEqual(before);
    expect(await database.db.contract.count({ where: { orderId } })).toBe(0);
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).status).toBe("REQUESTED");
    expect(await tasksOf(switchId)).toEqual([]);

    // Changed back to the switch's solution, it goes through.
    expect(await saveSupplier(database.db, buyer, orderId, suppliers.incoming)).toEqual({ ok: true });
    expect(await saveSolution(database.db, buyer, orderId, ids.alternative)).toEqual({ ok: true });
    await completeTheOrder(orderId, switchDate);
    expect(await submitOrder(database.db, buyer, orderId, { completionKey: "fixed", today })).toMatchObject({ ok: true, alreadyCompleted: false });
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).status).toBe("SCHEDULED");
  });

  it("moved to a commencement date the switch rules refuse (inside the initial period without a reason, or leaving a gap) cannot be submitted", async () => {
    // Commenced 11 months ago: its 12-month initial period ends in about a month.
    const contract = await contractFor({ startedDaysAgo: 335 });
    const lateEnough = addDays(today, 60);
    const { orderId, switchId } = await started(contract.id, ids.alternative, form(lateEnough));
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).earlyEndReason).toBeNull();
    // The timescales page moves the commencement date (the switch date) into the initial period.
    await completeTheOrder(orderId, addDays(today, 20));
    const early = await submitOrder(database.db, buyer, orderId, { completionKey: "early", today });
    expect(early).toEqual({ ok: false, errors: { submit: expect.stringMatching(/would end inside its initial period/) } });
    // …or past the end of the contract, leaving a gap.
    await completeTheOrder(orderId, addDays(fromDbDate(contract.endDate), 5));
    const gap = await submitOrder(database.db, buyer, orderId, { completionKey: "gap", today });
    expect(gap).toEqual({ ok: false, errors: { submit: expect.stringMatching(/not left without a system/) } });
    expect((await database.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("IN_PROGRESS");
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe("ACTIVE");
    expect(await tasksOf(switchId)).toEqual([]);
  });

  it("submitted twice at once is scheduled once, with one set of emails", async () => {
    const contract = await contractFor();
    const switchDate = addDays(today, 30);
    const { orderId, switchId } = await started(contract.id, ids.alternative, form(switchDate));
    await completeTheOrder(orderId, switchDate);
    const both = await Promise.all([1, 2].map(() => submitOrder(database.db, buyer, orderId, { completionKey: "twice", today })));
    expect(both.map((r) => r?.ok && r.alreadyCompleted).sort()).toEqual([false, true]);
    expect(await tasksOf(switchId)).toHaveLength(4);
    expect(await emailsWith(`switch-scheduled:${switchId}:`)).toHaveLength(3);
    expect(await database.db.terminationNotice.count({ where: { contractId: contract.id } })).toBe(1);
  });
});

describe("a contract already under a termination notice", () => {
  it("can be switched; its notice is brought forward to the day before the switch", async () => {
    const contract = await contractFor();
    const noticeEnds = addDays(today, 50);
    expect(await terminateContract(database.db, buyer, contract.id, { reason: "Poor service", terminatesOn: noticeEnds }, today)).toEqual({ ok: true });
    // No gap: the switch date can be the day after the notice ends at the latest.
    const gap = await startSwitch(database.db, buyer, contract.id, ids.alternative, form(addDays(noticeEnds, 2)), today);
    expect(gap).toEqual({ ok: false, errors: { switchDate: expect.stringMatching(/not left without a system/) } });
    expect(await written(contract.id)).toEqual({ orders: 0, switches: 0 });

    const switchDate = addDays(today, 30);
    const { orderId } = await started(contract.id, ids.alternative, form(switchDate));
    await completeTheOrder(orderId, switchDate);
    expect(await submitOrder(database.db, buyer, orderId, { completionKey: "notice", today })).toMatchObject({ ok: true });
    const old = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(old.status).toBe("TERMINATED");
    expect(fromDbDate(old.terminatedOn!)).toBe(addDays(switchDate, -1));
  });
});

describe("who sees a switch", () => {
  it("both suppliers list it, a supplier not in it does not; an ICB follows its practice's switch but cannot tick its tasks", async () => {
    const { switchId } = await scheduledSwitch();
    expect((await listSwitches(database.db, outgoingUser, {}, today)).map((s) => s.id)).toContain(switchId);
    expect((await listSwitches(database.db, incomingUser, {}, today)).map((s) => s.id)).toContain(switchId);
    expect((await listSwitches(database.db, bystanderUser, {}, today)).map((s) => s.id)).not.toContain(switchId);
    expect((await listSwitches(database.db, otherBuyer, {}, today)).map((s) => s.id)).not.toContain(switchId);
    expect((await switchPlan(database.db, outgoingUser, switchId, today))?.party).toBe("OUTGOING_SUPPLIER");

    // A practice's own switch: its ICB reads the plan, only the practice confirms.
    const practiceUser = await database.db.user.findFirstOrThrow({ where: { organisationId: practiceIds[0] } });
    const practice = await actorFor(database.db, practiceUser.id);
    const { contract } = await createOrderWithContract(database.db, { organisationId: practice.organisationId, createdById: practice.userId, solutionId: ids.current, commencementDate: toDbDate(addDays(today, -400)), maximumTermMonths: 36, contractStatus: "ACTIVE" });
    const own = await startSwitch(database.db, practice, contract.id, ids.alternative, form(addDays(today, 30)), today);
    expect(own).toMatchObject({ ok: true });
    if (!own?.ok) return;
    // The ICB cannot start or change its practice's switch.
    expect(await startSwitch(database.db, buyer, contract.id, ids.alternative, form(addDays(today, 40)), today)).toBeNull();
    const plan = await switchPlan(database.db, buyer, own.switchId, today);
    expect(plan).toMatchObject({ id: own.switchId, party: null });
    expect(await completeSwitchTask(database.db, buyer, own.switchId, "BUYER_CONFIRMATION", "", today)).toEqual({ ok: false, status: 403, message: expect.any(String) });
    expect(await switchPlan(database.db, practice, switchId, today)).toBeNull();
  });
});

describe("the switching plan's tasks", () => {
  it("are ticked by their owners only, in order, once; the buyer's confirmation makes the switch live", async () => {
    const { switchId } = await scheduledSwitch();
    const tick = (actor: Actor, kind: string, note = "") => completeSwitchTask(database.db, actor, switchId, kind, note, today);

    // Not in the switch: not found.
    expect(await tick(bystanderUser, "DATA_EXTRACT")).toBeNull();
    expect(await tick(otherBuyer, "BUYER_CONFIRMATION")).toBeNull();
    expect(await switchPlan(database.db, bystanderUser, switchId, today)).toBeNull();
    expect(await switchPlan(database.db, otherBuyer, switchId, today)).toBeNull();
    // Staff watch the switch but tick nothing.
    await expect(tick(staff, "DATA_EXTRACT")).rejects.toSatisfy((r: unknown) => r instanceof Response && r.status === 403);

    // The incoming supplier cannot tick the outgoing one's task, nor its own before the extract.
    expect(await tick(incomingUser, "DATA_EXTRACT")).toEqual({ ok: false, status: 403, message: expect.any(String) });
    expect(await tick(incomingUser, "DATA_MIGRATION")).toEqual({ ok: false, status: 409, message: "Provide the data extract must be done first." });
    expect(await tick(buyer, "BUYER_CONFIRMATION")).toEqual({ ok: false, status: 409, message: expect.stringMatching(/must be done first/) });
    expect(await tick(outgoingUser, "NOT_A_TASK")).toEqual({ ok: false, status: 400, message: expect.any(String) });
    expect(await tick(outgoingUser, "DATA_EXTRACT", "x".repeat(1001))).toEqual({ ok: false, status: 400, message: expect.any(String) });
    expect((await tasksOf(switchId)).every((t) => t.completedAt === null)).toBe(true);

    expect(await tick(outgoingUser, "DATA_EXTRACT", "  Sent through GP2GP  ")).toEqual({ ok: true, alreadyDone: false });
    const extract = (await tasksOf(switchId))[0];
    expect(extract).toMatchObject({ kind: "DATA_EXTRACT", completedById: outgoingUser.userId, note: "Sent through GP2GP" });
    expect(extract.completedAt).not.toBeNull();
    // The incoming supplier is told its task is ready.
    const migration = (await tasksOf(switchId))[1];
    expect((await emailsWith(`switch-task-ready:${migration.id}`)).flatMap((m) => m.emails.map((e) => e.to))).toEqual([contactEmail.incoming]);

    // A double tick changes nothing.
    expect(await tick(outgoingUser, "DATA_EXTRACT", "Again")).toEqual({ ok: true, alreadyDone: true });
    expect((await tasksOf(switchId))[0]).toEqual(extract);
    expect(await emailsWith(`switch-task-ready:${migration.id}`)).toHaveLength(1);

    // Two clicks at once: one marks it done, the other finds it done; the next owner is told once.
    const both = await Promise.all([tick(incomingUser, "DATA_MIGRATION"), tick(incomingUser, "DATA_MIGRATION")]);
    expect(both).toEqual(expect.arrayContaining([{ ok: true, alreadyDone: false }, { ok: true, alreadyDone: true }]));
    const goLive = (await tasksOf(switchId))[2];
    expect(await emailsWith(`switch-task-ready:${goLive.id}`)).toHaveLength(1);
    expect(await tick(incomingUser, "GO_LIVE")).toEqual({ ok: true, alreadyDone: false });
    expect((await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).status).toBe("SCHEDULED");
    expect(await tick(outgoingUser, "BUYER_CONFIRMATION")).toEqual({ ok: false, status: 403, message: expect.any(String) });
    expect(await tick(buyer, "BUYER_CONFIRMATION", "All practices working")).toEqual({ ok: true, alreadyDone: false });

    const live = await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } });
    expect(live.status).toBe("LIVE");
    expect(live.liveAt).not.toBeNull();
    expect((await tasksOf(switchId)).every((t) => t.completedAt !== null)).toBe(true);
    // Once live, the buyer's second click is harmless and the plan reads complete.
    expect(await tick(buyer, "BUYER_CONFIRMATION")).toEqual({ ok: true, alreadyDone: true });
    expect(await tick(incomingUser, "GO_LIVE")).toEqual({ ok: true, alreadyDone: true });
    expect(await tick(outgoingUser, "GO_LIVE")).toEqual({ ok: false, status: 409, message: "This switch is complete." });
    expect(await database.db.contractSwitch.findUniqueOrThrow({ where: { id: switchId } })).toEqual(live);
    const plan = (await switchPlan(database.db, incomingUser, switchId, today))!;
    expect(plan).toMatchObject({ status: "LIVE", party: "INCOMING_SUPPLIER" });
    expect(plan.tasks.every((t) => t.done !== null && !t.canComplete)).toBe(true);
  });

  it("a task of a switch whose order is not submitted yet cannot be ticked", async () => {
    const contract = await contractFor();
    const { switchId } = await started(contract.id, ids.alternative, form(addDays(today, 30)));
    // A supplier does not even see a switch the buyer is still preparing; the buyer is told why.
    expect(await completeSwitchTask(database.db, outgoingUser, switchId, "DATA_EXTRACT", "", today)).toBeNull();
    expect(await completeSwitchTask(database.db, buyer, switchId, "BUYER_CONFIRMATION", "", today)).toEqual({ ok: false, status: 409, message: expect.stringMatching(/starts when the switch order is submitted/) });
  });
});

describe("overdue tasks", () => {
  it("are emailed to their owner once each", async () => {
    const { switchId, switchDate } = await scheduledSwitch();
    const tasks = await tasksOf(switchId);
    const overdueEmails = async () => (await Promise.all(tasks.map((t) => emailsWith(`switch-task-overdue:${t.id}`)))).map((rows) => rows.flatMap((m) => m.emails.map((e) => e.to)));

    // Before any due date: nothing.
    await notifyOverdueSwitchTasks(database.db, today);
    expect(await overdueEmails()).toEqual([[], [], [], []]);

    // Five days before the switch only the data extract (due ten days before) is overdue.
    const fiveBefore = addDays(switchDate, -5);
    expect(await notifyOverdueSwitchTasks(database.db, fiveBefore)).toBeGreaterThanOrEqual(1);
    expect(await overdueEmails()).toEqual([[contactEmail.outgoing], [], [], []]);
    expect(await notifyOverdueSwitchTasks(database.db, fiveBefore)).toBe(0);
    expect(await overdueEmails()).toEqual([[contactEmail.outgoing], [], [], []]);

    // Ten days after the switch, every task is overdue: the other three are emailed, the extract not again.
    const tenAfter = addDays(switchDate, 10);
    expect(await notifyOverdueSwitchTasks(database.db, tenAfter)).toBeGreaterThanOrEqual(3);
    expect(await overdueEmails()).toEqual([[contactEmail.outgoing], [contactEmail.incoming], [contactEmail.incoming], [buyer.email]]);
    expect(await notifyOverdueSwitchTasks(database.db, tenAfter)).toBe(0);
    expect((await tasksOf(switchId)).every((t) => t.overdueNotifiedAt !== null)).toBe(true);
  });

  it("a task done before its due date passes is not emailed", async () => {
    const { switchId, switchDate } = await scheduledSwitch();
    expect(await completeSwitchTask(database.db, outgoingUser, switchId, "DATA_EXTRACT", "", today)).toEqual({ ok: true, alreadyDone: false });
    await notifyOverdueSwitchTasks(database.db, addDays(switchDate, -5));
    const [extract] = await tasksOf(switchId);
    expect(await emailsWith(`switch-task-overdue:${extract.id}`)).toEqual([]);
  });
});

describe("the switching dashboard", () => {
  it("shows staff the switches in progress, overdue tasks by supplier, then the median days to go-live and switches won and lost", async () => {
    const { dashboardOutgoing: from, dashboardIncoming: to } = suppliers;
    // The buyer's contract with supplier D, switched to supplier E (suppliers no other test uses).
    const contract = await createOrderWithContract(database.db, {
      organisationId: buyer.organisationId,
      createdById: buyer.userId,
      solutionId: ids.dashboardCurrent,
      recipientIds: practiceIds,
      commencementDate: toDbDate(addDays(today, -400)),
      maximumTermMonths: 36,
      contractStatus: "ACTIVE",
    });
    const switchDate = addDays(today, 30);
    const { orderId, switchId } = await started(contract.contract.id, ids.dashboardAlternative, form(switchDate));
    await completeTheOrder(orderId, switchDate);
    expect(await submitOrder(database.db, buyer, orderId, { completionKey: "dashboard", today })).toMatchObject({ ok: true });

    // The day after the switch date, nothing done: the extract, the migration and go-live are overdue.
    const dayAfter = addDays(switchDate, 1);
    const during = await switchingDashboard(database.db, staff, dayAfter);
    expect(during.inProgress).toContainEqual(expect.objectContaining({ id: switchId, statusText: "Scheduled", overdue: true, next: expect.stringMatching(/^Provide the data extract, by /) }));
    expect(during.overdueBySupplier).toContainEqual({ supplier: from.name, count: 1 });
    expect(during.overdueBySupplier).toContainEqual({ supplier: to.name, count: 2 });
    expect(during.wonAndLost.filter((s) => s.supplier === from.name || s.supplier === to.name).map((s) => [s.supplier, s.won, s.lost])).toEqual([
      [from.name, 0, 1],
      [to.name, 1, 0],
    ]);

    // The switch was asked for twelve days before it went live.
    await database.db.contractSwitch.update({ where: { id: switchId }, data: { requestedAt: new Date(`${addDays(today, -12)}T12:00:00Z`) } });
    const outgoing = await supplierUser(from.id);
    const incoming = await supplierUser(to.id, "SUPPLIER_ACCOUNT_MANAGER");
    for (const [actor, kind] of [[outgoing, "DATA_EXTRACT"], [incoming, "DATA_MIGRATION"], [incoming, "GO_LIVE"], [buyer, "BUYER_CONFIRMATION"]] as const) {
      expect(await completeSwitchTask(database.db, actor, switchId, kind, "", today), kind).toEqual({ ok: true, alreadyDone: false });
    }

    const after = await switchingDashboard(database.db, staff, dayAfter);
    expect(after.inProgress.map((s) => s.id)).not.toContain(switchId);
    expect(after.overdueBySupplier.map((s) => s.supplier)).not.toContain(from.name);
    expect(after.overdueBySupplier.map((s) => s.supplier)).not.toContain(to.name);
    expect(after.liveCount).toBe(during.liveCount + 1);
    const live = await database.db.contractSwitch.findMany({ where: { status: "LIVE" }, select: { requestedAt: true, liveAt: true } });
    const days = live.map((s) => daysBetween(londonDateOf(s.liveAt!), londonDateOf(s.requestedAt)));
    expect(days).toContain(12);
    expect(after.medianDaysToGoLive).toBe(medianDays(days));
    const month = londonDateOf(new Date()).slice(0, 7);
    expect(after.wonAndLost.filter((s) => s.supplier === from.name || s.supplier === to.name)).toEqual([
      { supplier: from.name, won: 0, lost: 1, months: [{ month, won: 0, lost: 1 }] },
      { supplier: to.name, won: 1, lost: 0, months: [{ month, won: 1, lost: 0 }] },
    ]);
  });

  it("is refused to buyers and suppliers", async () => {
    const isForbidden = (r: unknown) => r instanceof Response && r.status === 403;
    await expect(switchingDashboard(database.db, buyer, today)).rejects.toSatisfy(isForbidden);
    await expect(switchingDashboard(database.db, outgoingUser, today)).rejects.toSatisfy(isForbidden);
  });
});
