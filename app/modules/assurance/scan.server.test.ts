import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier } from "../../../seed/factories";
import { addDays, asDateOnly, formatNhsDate, fromDbDate, toDbDate, type DateOnly } from "~/modules/dates";
import { assurancePeople, supplierWithContracts } from "~/test/assurance-fixtures";
import { useTestDatabase } from "~/test/database";
import { computeAssuranceStatus, dueNotice, type AssuranceStatus } from "./assurance-status";
import { runAssuranceScan } from "./scan.server";

const database = useTestDatabase();
const T0 = asDateOnly("2026-03-20");
const day = (n: number): DateOnly => addDays(T0, n);

let solutionId: string;
let recordId: string;
let contractId: string;
let otherContractId: string;
let buyerEmail: string;
let staffEmail: string;
let supplierEmail: string;

beforeAll(async () => {
  ({ staffEmail } = await assurancePeople(database.db, T0));
  // Cyber Essentials Plus, supplier-level, 60-day window: expires 70 days after T0.
  const world = await supplierWithContracts(database.db, {
    today: T0,
    standardId: "CEPLUS",
    record: { status: "ASSURED", assuredOn: toDbDate(day(-295)), expiresOn: toDbDate(day(70)), lastNoticeDays: null },
    contracts: [
      { patients: 9_500, startsInDays: -30, termMonths: 36 },
      // A contract that has run out by the time remediation fails is never flagged.
      { startsInDays: -300, termMonths: 12 },
    ],
  });
  ({ supplierContactEmail: supplierEmail, record: { id: recordId }, item: { id: solutionId } } = world);
  [contractId, otherContractId] = world.contractIds;
  buyerEmail = world.buyerEmails[0];
});

const emailsTo = (to: string) => database.db.email.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
const record = () => database.db.assuranceRecord.findUniqueOrThrow({ where: { id: recordId } });

describe("the assurance scan with a fixed clock", () => {
  it("moves a record through every state, sends each notice once, and flags contracts when remediation fails", async () => {
    const db = database.db;

    // Outside the window: nothing happens.
    let summary = await runAssuranceScan(db, { today: day(0) });
    expect(summary).toMatchObject({ toExpiring: 0, toLapsed: 0, expiryNotices: 0, emailsQueued: 0 });
    expect((await record()).status).toBe("ASSURED");

    // Exactly 61 days left: still assured.
    summary = await runAssuranceScan(db, { today: day(9) });
    expect(summary.toExpiring).toBe(0);

    // 60 days left: EXPIRING and the 60-day notice, once.
    summary = await runAssuranceScan(db, { today: day(10) });
    expect(summary).toMatchObject({ toExpiring: 1, expiryNotices: 1, emailsQueued: 1 });
    expect(await record()).toMatchObject({ status: "EXPIRING", lastNoticeDays: 60 });
    summary = await runAssuranceScan(db, { today: day(10) });
    expect(summary).toMatchObject({ toExpiring: 0, expiryNotices: 0, emailsQueued: 0, searchSyncs: 0 });
    summary = await runAssuranceScan(db, { today: day(20) });
    expect(summary.expiryNotices).toBe(0);

    // 30 days left, then a missed week: the 7-day notice goes once, the 30-day one is not resent.
    expect((await runAssuranceScan(db, { today: day(40) })).expiryNotices).toBe(1);
    expect((await record()).lastNoticeDays).toBe(30);
    expect((await runAssuranceScan(db, { today: day(65) })).expiryNotices).toBe(1);
    expect((await runAssuranceScan(db, { today: day(66) })).expiryNotices).toBe(0);
    const subjects = (await emailsTo(supplierEmail)).map((email) => email.subject);
    expect(subjects).toEqual([
      "Cyber Essentials Plus assurance expires on 29 May 2026",
      "Cyber Essentials Plus assurance expires on 29 May 2026",
      "Cyber Essentials Plus assurance expires on 29 May 2026",
    ]);
    expect((await emailsTo(supplierEmail))[2].textBody).toContain("in 5 days");

    // Expiry day itself: still EXPIRING. The day after: LAPSED, supplier and staff told, search told.
    expect((await runAssuranceScan(db, { today: day(70) })).toLapsed).toBe(0);
    // The other staff member turned summaries off (Your account): the digest is a summary.
    const others = await db.user.updateMany({ where: { role: "AUTHORITY", email: { not: staffEmail } }, data: { summariesOff: true } });
    expect(others.count).toBe(1);
    summary = await runAssuranceScan(db, { today: day(71) });
    expect(summary).toMatchObject({ toLapsed: 1, lapseNotices: 1, flaggedContracts: 0 });
    // The supplier's lapse notice, and one digest: for the staff member who still gets summaries.
    expect(summary.emailsQueued).toBe(2);
    expect(summary.searchSyncs).toBeGreaterThanOrEqual(1);
    expect((await record()).status).toBe("LAPSED");
    expect((await record()).lapsedAt).not.toBeNull();
    const lapseEmail = (await emailsTo(supplierEmail)).at(-1)!;
    expect(lapseEmail.subject).toBe("Cyber Essentials Plus assurance lapsed on 30 May 2026");
    expect(lapseEmail.textBody).toContain(`Test Solution ${solutionId}`);
    expect((await emailsTo(staffEmail)).map((email) => email.subject)).toEqual([
      "Assurance scan 30 May 2026: 1 lapsed, 0 suspended, 0 contracts flagged",
    ]);
    const sync = await db.outboxMessage.findFirst({ where: { topic: "search.sync" }, orderBy: { id: "desc" } });
    expect(sync?.payload).toEqual({ catalogueItemId: solutionId });

    // Running the same day again sends nothing twice.
    summary = await runAssuranceScan(db, { today: day(71) });
    expect(summary).toMatchObject({ toLapsed: 0, lapseNotices: 0, emailsQueued: 0, searchSyncs: 0 });

    // Staff agree a remediation plan (the lapse module does this; here its effect directly).
    await db.assuranceRecord.update({
      where: { id: recordId },
      data: { status: "IN_REMEDIATION", remediationPlan: "Re-certify", remediationDeadline: toDbDate(day(80)) },
    });
    await db.catalogueItem.update({ where: { id: solutionId }, data: { publicationStatus: "IN_REMEDIATION", remediationDeadline: toDbDate(day(80)) } });

    // A decision is left alone by the date rules; on the deadline day nothing fails yet.
    summary = await runAssuranceScan(db, { today: day(80) });
    expect(summary).toMatchObject({ toLapsed: 0, suspendedListings: 0, flaggedContracts: 0 });
    expect((await record()).status).toBe("IN_REMEDIATION");

    // The day after the deadline: the listing is suspended and the live contract flagged, with the buyer told.
    summary = await runAssuranceScan(db, { today: day(81) });
    expect(summary).toMatchObject({ suspendedListings: 1, flaggedContracts: 1 });
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: solutionId } })).publicationStatus).toBe("SUSPENDED");
    const contract = await db.contract.findUniqueOrThrow({ where: { id: contractId }, include: { terminationFlags: true } });
    expect(contract.status).toBe("FLAGGED_FOR_TERMINATION");
    expect(contract.terminationFlags).toHaveLength(1);
    expect(contract.terminationFlags[0]).toMatchObject({ status: "OPEN", reason: "ASSURANCE_LAPSED_REMEDIATION_FAILED", assuranceRecordId: recordId });
    const buyerEmails = await emailsTo(buyerEmail);
    expect(buyerEmails).toHaveLength(1);
    expect(buyerEmails[0].subject).toMatch(/is flagged for termination$/);
    expect(buyerEmails[0].textBody).toContain(`/buyer/contracts/${contractId}/alternatives`);
    // The contract that ended before the failure is not flagged.
    expect((await db.contract.findUniqueOrThrow({ where: { id: otherContractId } })).status).not.toBe("FLAGGED_FOR_TERMINATION");
    const audit = await db.auditEvent.findMany({ where: { objectId: contractId, action: "contract.flag" } });
    expect(audit).toHaveLength(1);

    // Idempotent: no second flag, no second email.
    summary = await runAssuranceScan(db, { today: day(82) });
    expect(summary).toMatchObject({ suspendedListings: 0, flaggedContracts: 0, emailsQueued: 0 });

    // A flag staff clear with a reason is not raised again for the same failure.
    await db.terminationFlag.updateMany({ where: { contractId }, data: { status: "CLEARED", resolvedAt: new Date() } });
    await db.contract.update({ where: { id: contractId }, data: { status: "ACTIVE" } });
    expect((await runAssuranceScan(db, { today: day(83) })).flaggedContracts).toBe(0);
  });

  it("agrees with the pure rules for records around every boundary", async () => {
    const db = database.db;
    const { supplier } = await createSupplier(db);
    const today = asDateOnly("2026-10-25"); // the day the clocks go back
    const standards = await db.standard.findMany({ where: { expiresOnCycle: true } });
    // Warning windows differ per standard: make one short to prove the window is read per standard.
    await db.standard.update({ where: { id: "DTAC" }, data: { warningWindowDays: 14 } });
    const offsets = [-400, -2, -1, 0, 1, 6, 7, 8, 13, 14, 15, 29, 30, 31, 59, 60, 61, 90];
    const cases: { id: string; expiresOn: DateOnly; window: number; lastNoticeDays: number | null; status: AssuranceStatus }[] = [];
    for (const [i, offset] of offsets.entries()) {
      const standard = standards[i % standards.length];
      const { item } = await createPublishedSolution(db, { supplierId: supplier.id, today: toDbDate(today) });
      const expiresOn = addDays(today, offset);
      const lastNoticeDays = i % 3 === 0 ? null : i % 3 === 1 ? 60 : 7;
      const status: AssuranceStatus = i % 4 === 0 ? "LAPSED" : i % 4 === 1 ? "EXPIRING" : "ASSURED";
      const created = await db.assuranceRecord.create({
        data: {
          standardId: standard.id,
          supplierId: supplier.id,
          catalogueItemId: item.id,
          status,
          assuredOn: toDbDate(addDays(expiresOn, -500)),
          expiresOn: toDbDate(expiresOn),
          lastNoticeDays,
        },
      });
      cases.push({ id: created.id, expiresOn, window: standard.id === "DTAC" ? 14 : standard.warningWindowDays, lastNoticeDays, status });
    }

    await runAssuranceScan(db, { today });

    for (const c of cases) {
      const stored = await db.assuranceRecord.findUniqueOrThrow({ where: { id: c.id } });
      const expected = computeAssuranceStatus({ status: c.status, expiresOn: c.expiresOn, remediationDeadline: null }, today, c.window);
      expect({ id: c.id, status: stored.status }).toEqual({ id: c.id, status: expected });
      const previous = expected === "ASSURED" && c.status !== "ASSURED" ? null : c.lastNoticeDays;
      const notice = expected === "EXPIRING" ? dueNotice(c.expiresOn, today, previous) : null;
      expect({ id: c.id, lastNoticeDays: stored.lastNoticeDays }).toEqual({ id: c.id, lastNoticeDays: notice ?? previous });
      expect(fromDbDate(stored.expiresOn!)).toBe(c.expiresOn);
    }
  });

  it("issues the same number of SQL statements whatever it finds", async () => {
    const quiet = await runAssuranceScan(database.db, { today: asDateOnly("2026-10-26") });
    const busy = await runAssuranceScan(database.db, { today: asDateOnly("2028-01-01") });
    expect(busy.toLapsed).toBeGreaterThan(0);
    expect(busy.statements).toBe(quiet.statements);
  });
});

describe("search follows assurance changes", () => {
  it("queues one search.sync per solution whose assurance lapsed, however often the scan runs", async () => {
    const db = database.db;
    // After every date the tests above scan on, so only these records change here.
    const today = asDateOnly("2028-06-01");
    const expiredYesterday = { status: "EXPIRING" as const, assuredOn: toDbDate(addDays(today, -366)), expiresOn: toDbDate(addDays(today, -1)), lastNoticeDays: 7 };
    const own = await supplierWithContracts(db, { today, standardId: "DTAC", solutionLevel: true, record: expiredYesterday });
    const supplierWide = await supplierWithContracts(db, { today, standardId: "DSPT", record: expiredYesterday });
    const { item: secondListing } = await createPublishedSolution(db, { supplierId: supplierWide.supplier.id, today: toDbDate(today) });
    const { item: untouched } = await createPublishedSolution(db, { supplierId: (await createSupplier(db)).supplier.id, today: toDbDate(today) });
    const syncsFor = (catalogueItemId: string) => db.outboxMessage.count({ where: { topic: "search.sync", payload: { equals: { catalogueItemId } } } });
    const watched = [own.item.id, supplierWide.item.id, secondListing.id, untouched.id];
    const before = await Promise.all(watched.map(syncsFor));

    const first = await runAssuranceScan(db, { today });
    const second = await runAssuranceScan(db, { today });

    for (const world of [own, supplierWide]) expect((await db.assuranceRecord.findUniqueOrThrow({ where: { id: world.record.id } })).status).toBe("LAPSED");
    expect(first.searchSyncs).toBeGreaterThanOrEqual(3);
    expect(second.searchSyncs).toBe(0);
    const after = await Promise.all(watched.map(syncsFor));
    // The solution's own record, and both listings of the supplier whose record lapsed: once each. Nothing for others.
    expect(after.map((count, i) => count - before[i])).toEqual([1, 1, 1, 0]);
  });
});

describe("a failed remediation suspends everything it covers", () => {
  it("suspends all three solutions of a supplier whose supplier-level remediation failed, flags every live contract, tells the supplier, and a second run changes nothing", async () => {
    const db = database.db;
    // After every date the tests above scan on.
    const today = asDateOnly("2028-09-01");
    const world = await supplierWithContracts(db, {
      today,
      standardId: "DCB0129",
      record: {
        status: "IN_REMEDIATION",
        assuredOn: toDbDate(addDays(today, -420)),
        expiresOn: toDbDate(addDays(today, -60)),
        remediationPlan: "New clinical safety case",
        remediationDeadline: toDbDate(addDays(today, -1)),
      },
      contracts: [{ patients: 7_000, startsInDays: -90, termMonths: 24 }],
    });
    // Only the first listing was put into remediation; the other two stayed Published (published after the plan was agreed).
    await db.catalogueItem.update({ where: { id: world.item.id }, data: { publicationStatus: "IN_REMEDIATION", remediationDeadline: toDbDate(addDays(today, -1)) } });
    const second = await createPublishedSolution(db, { supplierId: world.supplier.id, today: toDbDate(today) });
    const third = await createPublishedSolution(db, { supplierId: world.supplier.id, today: toDbDate(today) });
    const more: string[] = [];
    for (const solutionId of [second.item.id, third.item.id, third.item.id]) {
      const practice = await createOrganisationWithUser(db);
      const { contract } = await createOrderWithContract(db, { organisationId: practice.organisation.id, createdById: practice.user.id, solutionId, commencementDate: toDbDate(addDays(today, -30)), today: toDbDate(today) });
      more.push(contract.id);
    }
    const solutionIds = [world.item.id, second.item.id, third.item.id];
    const contractIds = [...world.contractIds, ...more];

    const first = await runAssuranceScan(db, { today });
    expect(first.suspendedListings).toBeGreaterThanOrEqual(3);
    const items = await db.catalogueItem.findMany({ where: { id: { in: solutionIds } } });
    expect(items.map((item) => item.publicationStatus)).toEqual(["SUSPENDED", "SUSPENDED", "SUSPENDED"]);
    // Each keeps the failed deadline, so its contracts are flagged once for this failure.
    for (const item of items) expect(fromDbDate(item.remediationDeadline!)).toBe(addDays(today, -1));
    const contracts = await db.contract.findMany({ where: { id: { in: contractIds } }, include: { terminationFlags: true } });
    expect(contracts).toHaveLength(4);
    for (const contract of contracts) {
      expect(contract.status).toBe("FLAGGED_FOR_TERMINATION");
      expect(contract.terminationFlags).toEqual([expect.objectContaining({ status: "OPEN", reason: "ASSURANCE_LAPSED_REMEDIATION_FAILED", assuranceRecordId: world.record.id })]);
    }
    const audits = await db.auditEvent.findMany({ where: { action: "listing.suspend", objectId: { in: solutionIds } } });
    expect(audits.map((a) => (a.before as { publicationStatus: string }).publicationStatus).sort()).toEqual(["IN_REMEDIATION", "PUBLISHED", "PUBLISHED"]);
    // The supplier hears which listings were suspended and why.
    const notice = (await emailsTo(world.supplierContactEmail)).find((email) => email.subject === "Catalogue Solutions suspended: Clinical safety case review (DCB0129) assurance");
    expect(notice?.textBody).toContain(`Test Solution ${second.item.id}`);
    expect(notice?.textBody).toContain("4 live contracts have been flagged for termination");
    expect(notice?.textBody).toContain(`The remediation deadline of ${formatNhsDate(addDays(today, -1))} passed`);

    // Running it again changes nothing and sends nothing.
    const snapshot = async () => ({
      items: (await db.catalogueItem.findMany({ where: { id: { in: solutionIds } }, orderBy: { id: "asc" } })).map((i) => [i.id, i.publicationStatus, i.version]),
      flags: await db.terminationFlag.count({ where: { contractId: { in: contractIds } } }),
      emails: await db.email.count(),
      audits: await db.auditEvent.count(),
    });
    const before = await snapshot();
    const again = await runAssuranceScan(db, { today });
    expect(again).toMatchObject({ suspendedListings: 0, flaggedContracts: 0, emailsQueued: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
