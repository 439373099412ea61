import { beforeAll, describe, expect, it } from "vitest";
import { ActionRefused } from "~/modules/admin/guard.server";
import { runAssuranceScan } from "~/modules/assurance/scan.server";
import { addDays, asDateOnly, toDbDate } from "~/modules/dates";
import { assurancePeople, lapsedRecord, supplierWithContracts } from "~/test/assurance-fixtures";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { lapseActions } from "./lapse-rules";
import { agreeRemediation, lapseDetail, lapseQueue, recordRenewal, suspendForLapse } from "./lapses.server";

const database = useTestDatabase();
const today = asDateOnly("2026-05-12");
let staff: Actor;
let buyer: Actor;
let supplierActor: Actor;

/** A supplier whose assurance of the standard lapsed 14 days ago, with a live contract per entry. */
const lapsedSupplier = (standardId: string, contracts: { patients: number }[]) =>
  supplierWithContracts(database.db, { today, standardId, record: lapsedRecord(today, 14), contracts });

beforeAll(async () => {
  ({ staff, buyer, supplier: supplierActor } = await assurancePeople(database.db, today));
});

describe("the lapse queue", () => {
  it("lists lapsed assurances with what is at risk, safety-critical and most patients first", async () => {
    const cyber = await lapsedSupplier("DTAC", [{ patients: 8_000 }, { patients: 12_000 }]);
    const safety = await lapsedSupplier("DCB0129", [{ patients: 1_000 }]);
    const queue = await lapseQueue(database.db, staff, { today });
    const ids = queue.map((row) => row.id);
    expect(ids.indexOf(safety.record.id)).toBeLessThan(ids.indexOf(cyber.record.id));
    const row = queue.find((r) => r.id === cyber.record.id)!;
    expect(row).toMatchObject({
      status: "LAPSED",
      standardName: "Digital Technology Assessment Criteria (DTAC)",
      supplierName: cyber.supplier.name,
      lapsedOn: addDays(today, -14),
      liveContracts: 2,
      patientsCovered: 20_000,
      solutions: [{ id: cyber.item.id, name: cyber.item.name, status: "PUBLISHED" }],
    });
    expect(Number(row.annualValueAtRisk)).toBeGreaterThan(0);
  });
});

describe("staff screens follow what the scan did", () => {
  it("marks a failed remediation as overdue by N days, sorts it first, shows its suspended solutions and offers no suspension", async () => {
    const db = database.db;
    const lapse = await lapsedSupplier("DTAC", [{ patients: 500 }]);
    const critical = await lapsedSupplier("DCB0129", [{ patients: 90_000 }]);
    const deadline = addDays(today, 10);
    await agreeRemediation(db, staff, { recordId: lapse.record.id, version: lapse.record.version, plan: "Reassess", deadline, today });
    const before = await lapseDetail(db, staff, lapse.record.id, today);
    expect(before?.state).toEqual({ text: "In remediation until 22 May 2026.", overdue: false });
    expect(lapseActions(before!).suspend).toBe(true);

    const later = addDays(deadline, 5);
    await runAssuranceScan(db, { today: later });
    const queue = await lapseQueue(db, staff, { today: later });
    const ids = queue.map((row) => row.id);
    // Overdue first, even before a safety-critical lapse covering far more patients.
    expect(ids.indexOf(lapse.record.id)).toBeLessThan(ids.indexOf(critical.record.id));
    const row = queue.find((r) => r.id === lapse.record.id)!;
    expect(row.state).toEqual({ text: "Remediation failed: deadline passed 5 days ago (22 May 2026). Its solution is suspended.", overdue: true });
    expect(row.solutions).toEqual([expect.objectContaining({ id: lapse.item.id, status: "SUSPENDED" })]);
    expect(lapseActions(row)).toEqual({ agreeRemediation: false, suspend: false });
    await expect(suspendForLapse(db, staff, { recordId: row.id, version: row.version, reason: "Again", today: later })).rejects.toThrow("Every solution this assurance covers is already suspended.");
  });
});

describe("agreeing a remediation plan", () => {
  it("puts the record and its solutions into remediation, and a failed deadline flags the contracts", async () => {
    const db = database.db;
    const lapse = await lapsedSupplier("CEPLUS", [{ patients: 5_000 }]);
    const deadline = addDays(today, 21);
    await agreeRemediation(db, staff, { recordId: lapse.record.id, version: lapse.record.version, plan: "Re-certify with the accredited body", deadline, today });

    expect(await db.assuranceRecord.findUniqueOrThrow({ where: { id: lapse.record.id } })).toMatchObject({
      status: "IN_REMEDIATION",
      remediationPlan: "Re-certify with the accredited body",
      remediationDeadline: toDbDate(deadline),
    });
    expect(await db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).toMatchObject({ publicationStatus: "IN_REMEDIATION", remediationDeadline: toDbDate(deadline) });
    expect(await db.outboxMessage.count({ where: { topic: "search.sync", payload: { equals: { catalogueItemId: lapse.item.id } } } })).toBe(1);
    expect(await db.auditEvent.count({ where: { objectId: lapse.record.id, action: "assurance.agreeRemediation", actorUserId: staff.userId } })).toBe(1);

    // A second decision made on the old page is refused: someone already decided.
    await expect(
      agreeRemediation(db, staff, { recordId: lapse.record.id, version: lapse.record.version, plan: "Again", deadline, today }),
    ).rejects.toMatchObject({ kind: "conflict" });

    // The deadline passes without renewal: the scan suspends the listing and flags the contract.
    const summary = await runAssuranceScan(db, { today: addDays(deadline, 1) });
    expect(summary.flaggedContracts).toBeGreaterThanOrEqual(1);
    const contract = await db.contract.findUniqueOrThrow({ where: { id: lapse.contractIds[0] } });
    expect(contract.status).toBe("FLAGGED_FOR_TERMINATION");
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).publicationStatus).toBe("SUSPENDED");

    // Renewed assurance clears the open flag and the contract is live again.
    await recordRenewal(db, staff, { recordId: lapse.record.id, assuredOn: addDays(deadline, 1), expiresOn: addDays(deadline, 366), today: addDays(deadline, 1) });
    expect((await db.contract.findUniqueOrThrow({ where: { id: lapse.contractIds[0] } })).status).toBe("ACTIVE");
    expect(await db.terminationFlag.count({ where: { contractId: lapse.contractIds[0], status: "OPEN" } })).toBe(0);
    // The listing the scan suspended is published again.
    expect(await db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).toMatchObject({ publicationStatus: "PUBLISHED", remediationDeadline: null });
  });

  it("refuses a deadline in the past and keeps nothing", async () => {
    const lapse = await lapsedSupplier("DTAC", []);
    await expect(
      agreeRemediation(database.db, staff, { recordId: lapse.record.id, version: 1, plan: "Plan", deadline: today, today }),
    ).rejects.toThrow("The remediation deadline must be in the future.");
    expect((await database.db.assuranceRecord.findUniqueOrThrow({ where: { id: lapse.record.id } })).status).toBe("LAPSED");
  });
});

describe("suspending a solution", () => {
  it("is refused straight from a lapse when the standard is neither safety- nor security-critical", async () => {
    const lapse = await lapsedSupplier("DTAC", [{ patients: 3_000 }]);
    await expect(suspendForLapse(database.db, staff, { recordId: lapse.record.id, version: 1, reason: "Risk", today })).rejects.toBeInstanceOf(ActionRefused);
    expect((await database.db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).publicationStatus).toBe("PUBLISHED");
  });

  it("happens at once for a safety-critical standard, flagging every live contract and telling the buyers", async () => {
    const db = database.db;
    const lapse = await lapsedSupplier("DCB0129", [{ patients: 4_000 }, { patients: 6_000 }]);
    const result = await suspendForLapse(db, staff, { recordId: lapse.record.id, version: 1, reason: "Clinical safety case withdrawn", today });
    expect(result.suspended).toEqual([lapse.item.id]);
    expect(result.flaggedContracts.sort()).toEqual([...lapse.contractIds].sort());
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).publicationStatus).toBe("SUSPENDED");
    for (const [i, contractId] of lapse.contractIds.entries()) {
      const contract = await db.contract.findUniqueOrThrow({ where: { id: contractId }, include: { terminationFlags: true } });
      expect(contract.status).toBe("FLAGGED_FOR_TERMINATION");
      expect(contract.terminationFlags).toMatchObject([{ status: "OPEN", reason: "SOLUTION_SUSPENDED" }]);
      const emails = await db.email.findMany({ where: { to: lapse.buyerEmails[i] } });
      expect(emails.map((e) => e.subject)).toEqual([expect.stringMatching(/flagged for termination$/)]);
    }
    expect(await db.auditEvent.count({ where: { action: "contract.flag", actorUserId: staff.userId } })).toBe(2);
    // The daily scan finds nothing more to flag for this suspension.
    expect((await runAssuranceScan(db, { today })).flaggedContracts).toBe(0);
  });
});

describe("only commercial staff", () => {
  it("refuse buyers and suppliers with 403 and change nothing", async () => {
    const db = database.db;
    const lapse = await lapsedSupplier("DCB0129", [{ patients: 2_000 }]);
    const calls = (actor: Actor) => [
      () => lapseQueue(db, actor, { today }),
      () => agreeRemediation(db, actor, { recordId: lapse.record.id, version: 1, plan: "Plan", deadline: addDays(today, 10), today }),
      () => suspendForLapse(db, actor, { recordId: lapse.record.id, version: 1, reason: "Reason", today }),
      () => recordRenewal(db, actor, { recordId: lapse.record.id, assuredOn: today, expiresOn: addDays(today, 365), today }),
    ];
    for (const actor of [buyer, supplierActor]) {
      for (const call of calls(actor)) {
        await expect(call()).rejects.toMatchObject({ status: 403 });
      }
    }
    expect(await db.assuranceRecord.findUniqueOrThrow({ where: { id: lapse.record.id } })).toMatchObject({ status: "LAPSED", version: 1 });
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: lapse.item.id } })).publicationStatus).toBe("PUBLISHED");
  });
});
