import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, addMonths, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { useTestDatabase } from "~/test/database";
import { computeContractStatus, type ContractStatus } from "./contract-status";
import { runContractReminders, updateContractStatuses } from "./reminders.server";

const database = useTestDatabase();
const today = londonToday();

let buyer: { organisationId: string; userId: string };
let solutionId: string;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const { supplier } = await createSupplier(db);
  solutionId = (await createPublishedSolution(db, { supplierId: supplier.id })).item.id;
  const practice = await createOrganisationWithUser(db, { type: "GP_PRACTICE" });
  buyer = { organisationId: practice.organisation.id, userId: practice.user.id };
});

/** A contract `months` long ending about `daysLeft` days after today (month ends can shift it a day or two). */
async function contractEnding(daysLeft: number, months: number, status: ContractStatus = "ACTIVE") {
  const start = addMonths(addDays(today, daysLeft + 1), -months);
  const { contract } = await createOrderWithContract(database.db, {
    organisationId: buyer.organisationId,
    createdById: buyer.userId,
    solutionId,
    commencementDate: toDbDate(start),
    maximumTermMonths: months,
    contractStatus: status,
  });
  return contract;
}

const reminderEmails = (contractId: string) => database.db.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `contract-reminder:${contractId}:` } }, select: { dedupeKey: true } });

describe("the daily contract job", () => {
  it("sends the 90-day reminder once, then the 45-day one once, as the days pass", async () => {
    const contract = await contractEnding(80, 24);
    await runContractReminders(database.db, { today });
    let row = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(row.status).toBe("EXPIRING");
    expect(row.remindersSent).toEqual([90]);
    await runContractReminders(database.db, { today });
    expect((await reminderEmails(contract.id)).map((m) => m.dedupeKey)).toEqual([`contract-reminder:${contract.id}:90`]);

    await runContractReminders(database.db, { today: addDays(today, 80 - 45) });
    await runContractReminders(database.db, { today: addDays(today, 80 - 40) });
    row = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(row.remindersSent).toEqual([90, 45]);
    expect((await reminderEmails(contract.id)).length).toBe(2);
  });

  it("sends no reminder to a buyer who turned reminders off, but still counts it handled and audits why", async () => {
    const practice = await createOrganisationWithUser(database.db, { type: "GP_PRACTICE" });
    await database.db.user.update({ where: { id: practice.user.id }, data: { expiryRemindersOff: true } });
    const { contract } = await createOrderWithContract(database.db, {
      organisationId: practice.organisation.id,
      createdById: practice.user.id,
      solutionId,
      commencementDate: toDbDate(addMonths(addDays(today, 81), -24)),
      maximumTermMonths: 24,
    });
    await database.db.order.update({ where: { id: contract.orderId! }, data: { orderingPartyContactEmail: practice.user.email.toUpperCase() } });
    await runContractReminders(database.db, { today });
    expect(await reminderEmails(contract.id)).toEqual([]);
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).remindersSent).toEqual([90]);
    const audit = await database.db.auditEvent.findFirstOrThrow({ where: { action: "contract.remind", objectId: contract.id } });
    expect(audit.after).toMatchObject({ daysBeforeEnd: 90, sent: false });

    // Turned back on, the next reminder (45 days) goes out.
    await database.db.user.update({ where: { id: practice.user.id }, data: { expiryRemindersOff: false } });
    await runContractReminders(database.db, { today: addDays(today, 80 - 45) });
    expect((await reminderEmails(contract.id)).map((m) => m.dedupeKey)).toEqual([`contract-reminder:${contract.id}:45`]);
  });

  it("reminds short contracts at 30 and 14 days, and a job that missed days sends only the most urgent", async () => {
    const contract = await contractEnding(10, 2);
    await runContractReminders(database.db, { today });
    const row = await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(row.remindersSent).toEqual([14]);
    expect(row.status).toBe("EXPIRING");
    expect((await reminderEmails(contract.id)).map((m) => m.dedupeKey)).toEqual([`contract-reminder:${contract.id}:14`]);
  });

  it("two runs at once still send each reminder once", async () => {
    const contract = await contractEnding(60, 36);
    await Promise.all([runContractReminders(database.db, { today }), runContractReminders(database.db, { today })]);
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).remindersSent).toEqual([90]);
    expect((await reminderEmails(contract.id)).length).toBe(1);
  });

  it("expires contracts past their end date, leaves final statuses alone, and audits each change", async () => {
    const ended = await contractEnding(-1, 12, "EXPIRING");
    const renewed = await contractEnding(-1, 12, "RENEWED");
    await runContractReminders(database.db, { today });
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: ended.id } })).status).toBe("EXPIRED");
    expect((await database.db.contract.findUniqueOrThrow({ where: { id: renewed.id } })).status).toBe("RENEWED");
    const audit = await database.db.auditEvent.findFirst({ where: { objectId: ended.id, action: "contract.status" } });
    expect(audit?.after).toMatchObject({ status: "EXPIRED" });
  });

  it("the set-based SQL agrees with computeContractStatus for any dates", async () => {
    await database.db.contract.updateMany({ data: { status: "TERMINATED" } });
    const statuses: ContractStatus[] = ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION", "EXPIRED", "RENEWED"];
    const cases = fc.sample(fc.record({ daysLeft: fc.integer({ min: -40, max: 400 }), months: fc.integer({ min: 2, max: 36 }), status: fc.constantFrom(...statuses) }), 25);
    const created: { id: string; expected: ContractStatus }[] = [];
    for (const c of cases) {
      const contract = await contractEnding(c.daysLeft, c.months, c.status);
      const dates = { status: c.status, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate) as DateOnly };
      created.push({ id: contract.id, expected: computeContractStatus(dates, today) });
    }
    await updateContractStatuses(database.db, today);
    const rows = await database.db.contract.findMany({ where: { id: { in: created.map((c) => c.id) } }, select: { id: true, status: true } });
    const actual = new Map(rows.map((r) => [r.id, r.status]));
    for (const c of created) expect(actual.get(c.id), JSON.stringify(c)).toBe(c.expected);
  });
});
