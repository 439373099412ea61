import { beforeAll, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier } from "../../../seed/factories";
import { ActionRefused } from "~/modules/admin/guard.server";
import { contractView, getContractDetail } from "~/modules/contracts/contracts.server";
import { suspendForLapse } from "~/modules/lapses/lapses.server";
import { addDays, addMonths, asDateOnly, toDbDate } from "~/modules/dates";
import { startReplacement } from "~/modules/orders/start.server";
import { actorFor } from "~/test/actors";
import { assurancePeople, lapsedRecord, supplierWithContracts } from "~/test/assurance-fixtures";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { allOpenFlagRefs, clearFlags, flagFilterOptions, issueTerminationNotices, listFlags, previewDecision } from "./flags.server";

const database = useTestDatabase();
const today = asDateOnly("2026-02-10");
let staff: Actor;
let colleague: Actor;
let buyer: Actor;

/** A safety-critical lapse suspended at once: each contract (started 20 days ago) gets an open flag. */
async function flaggedContracts(count: number, { termMonths = 24 } = {}) {
  const db = database.db;
  const world = await supplierWithContracts(db, {
    today,
    standardId: "DCB0129",
    record: lapsedRecord(today, 9),
    contracts: Array.from({ length: count }, () => ({ startsInDays: -20, termMonths })),
  });
  const { flaggedContracts: contractIds } = await suspendForLapse(db, staff, { recordId: world.record.id, version: 1, reason: "Safety case withdrawn", today });
  const flags = await db.terminationFlag.findMany({ where: { contractId: { in: contractIds } }, orderBy: { contractId: "asc" } });
  return { flags, contractIds, world };
}

beforeAll(async () => {
  ({ staff, colleague, buyer } = await assurancePeople(database.db, today));
});

describe("the flags page", () => {
  it("filters by supplier and by lapse, and 'choose all' takes every open flag they match", async () => {
    const db = database.db;
    const a = await flaggedContracts(3);
    const b = await flaggedContracts(2);
    const bySupplier = await listFlags(db, staff, { supplierId: a.world.supplier.id });
    expect(bySupplier.flags.map((f) => f.id).sort()).toEqual(a.flags.map((f) => f.id).sort());
    const byLapse = await listFlags(db, staff, { recordId: b.world.record.id });
    expect(byLapse.flags.map((f) => f.id).sort()).toEqual(b.flags.map((f) => f.id).sort());
    const options = await flagFilterOptions(db, staff, "OPEN");
    expect(options.suppliers).toEqual(expect.arrayContaining([{ value: String(a.world.supplier.id), label: `${a.world.supplier.name} (3)` }]));
    expect(options.lapses).toEqual(expect.arrayContaining([{ value: b.world.record.id, label: `${b.world.supplier.name}: Clinical safety case review (DCB0129) (2)` }]));

    const all = await allOpenFlagRefs(db, staff, { supplierId: a.world.supplier.id });
    expect(all).toEqual({ ok: true, refs: a.flags.map((f) => `${f.id}:${f.version}`).sort() });
    expect(await allOpenFlagRefs(db, staff, { supplierId: 1 })).toEqual({ ok: false, message: "There are no open flags to choose" });
    await expect(allOpenFlagRefs(db, buyer, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe("termination notices", () => {
  it("previews, then issues notices in bulk: contracts end after the notice period, buyers and suppliers told", async () => {
    const db = database.db;
    const { flags, contractIds } = await flaggedContracts(2);
    const listed = await listFlags(db, staff);
    expect(listed.flags.map((f) => f.id)).toEqual(expect.arrayContaining(flags.map((f) => f.id)));

    const preview = await previewDecision(db, staff, flags.map((f) => f.id), { kind: "notice", noticeMonths: 3 }, today);
    expect(preview.map((line) => line.terminatesOn)).toEqual([addMonths(today, 3), addMonths(today, 3)]);
    expect(preview[0].outcome).toContain("Termination notice issued; the contract ends on 10 May 2026");
    // A preview changes nothing.
    expect(await db.terminationNotice.count()).toBe(0);

    await issueTerminationNotices(db, staff, { flags: flags.map((f) => ({ id: f.id, version: f.version })), noticeMonths: 3, reason: "Clinical safety not assured", today });
    for (const contractId of contractIds) {
      const contract = await db.contract.findUniqueOrThrow({ where: { id: contractId }, include: { terminationNotices: true, terminationFlags: true } });
      expect(contract).toMatchObject({ status: "TERMINATED", terminatedOn: toDbDate(addMonths(today, 3)), terminationReason: "Clinical safety not assured" });
      expect(contract.terminationNotices).toMatchObject([{ noticePeriodMonths: 3, initiatedBy: "AUTHORITY", issuedById: staff.userId }]);
      expect(contract.terminationFlags).toMatchObject([{ status: "NOTICE_ISSUED", resolvedById: staff.userId }]);
    }
    expect(await db.email.count({ where: { subject: { startsWith: "Termination notice:" } } })).toBeGreaterThanOrEqual(2);
  });

  it("ends a contract at its own end date when that comes before the notice period ends", async () => {
    const { flags } = await flaggedContracts(1, { termMonths: 2 });
    const [line] = await previewDecision(database.db, staff, [flags[0].id], { kind: "notice", noticeMonths: 6 }, today);
    expect(line).toMatchObject({ ok: true, terminatesOn: addDays(addMonths(addDays(today, -20), 2), -1) });
  });
});

describe("a contract under a termination notice", () => {
  it("keeps the buyer warned, and able to switch to an assured alternative, until the notice takes effect", async () => {
    const db = database.db;
    const { flags, world } = await flaggedContracts(1);
    const { item: alternative } = await createPublishedSolution(db, { supplierId: (await createSupplier(db)).supplier.id, today: toDbDate(today) });
    await issueTerminationNotices(db, staff, { flags: [{ id: flags[0].id, version: flags[0].version }], noticeMonths: 3, reason: "Clinical safety not assured", today });
    const holder = await actorFor(db, world.contracts[0].buyerUserId);
    const contractId = world.contractIds[0];
    const view = async (on: typeof today) => contractView((await getContractDetail(db, holder, contractId))!, holder, on);

    expect(await view(today)).toMatchObject({
      status: "TERMINATED",
      flags: [{ why: expect.stringContaining("suspended from the catalogue"), next: expect.stringContaining("the contract ends on 10 May 2026") }],
      can: { replace: true },
    });
    const started = await startReplacement(db, holder, contractId, alternative.id, today);
    expect(started).toMatchObject({ ok: true, existing: false });
    const order = await db.order.findUniqueOrThrow({ where: { id: (started as { orderId: string }).orderId }, include: { recipients: true, items: true } });
    expect(order).toMatchObject({ orderType: "REPLACEMENT", replacesContractId: contractId, organisationId: world.contracts[0].organisationId });
    expect(order.recipients.map((r) => r.organisationId)).toEqual([world.contracts[0].organisationId]);
    expect(order.items.map((i) => i.catalogueItemId)).toEqual([alternative.id]);

    // The day after the notice takes effect the contract has ended: no warning, nothing to replace.
    const ended = addDays(addMonths(today, 3), 1);
    expect(await view(ended)).toMatchObject({ flags: [], can: { replace: false } });
    expect(await startReplacement(db, holder, contractId, alternative.id, ended)).toEqual({ ok: false, reason: "This contract has ended, so there is nothing to replace." });
  });
});

describe("clearing flags", () => {
  it("returns the contract to live with the reason recorded", async () => {
    const db = database.db;
    const { flags, contractIds } = await flaggedContracts(1);
    await clearFlags(db, staff, { flags: [{ id: flags[0].id, version: flags[0].version }], reason: "Buyer has a transition plan agreed", today });
    expect((await db.contract.findUniqueOrThrow({ where: { id: contractIds[0] } })).status).toBe("ACTIVE");
    expect(await db.terminationFlag.findUniqueOrThrow({ where: { id: flags[0].id } })).toMatchObject({ status: "CLEARED", resolutionReason: "Buyer has a transition plan agreed" });
    expect(await db.auditEvent.count({ where: { objectId: flags[0].id, action: "terminationFlag.clear" } })).toBe(1);
  });
});

describe("two staff acting on one flag at once", () => {
  it("lets only one succeed; the other is told what happened and nothing is doubled", async () => {
    const db = database.db;
    const { flags, contractIds } = await flaggedContracts(1);
    const ref = [{ id: flags[0].id, version: flags[0].version }];
    const results = await Promise.allSettled([
      issueTerminationNotices(db, staff, { flags: ref, noticeMonths: 3, reason: "Terminate", today }),
      clearFlags(db, colleague, { flags: ref, reason: "Keep it", today }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(ActionRefused);
    expect(rejected[0].reason.kind).toBe("conflict");
    expect(rejected[0].reason.message).toMatch(/was (cleared|given a termination notice) by Test User/);

    const flag = await db.terminationFlag.findUniqueOrThrow({ where: { id: flags[0].id } });
    expect(flag.version).toBe(flags[0].version + 1);
    const contract = await db.contract.findUniqueOrThrow({ where: { id: contractIds[0] }, include: { terminationNotices: true } });
    if (flag.status === "NOTICE_ISSUED") {
      expect(contract.status).toBe("TERMINATED");
      expect(contract.terminationNotices).toHaveLength(1);
    } else {
      expect(flag.status).toBe("CLEARED");
      expect(contract.status).toBe("ACTIVE");
      expect(contract.terminationNotices).toHaveLength(0);
    }
  });

  it("refuses a whole bulk decision when one flag was decided by someone else", async () => {
    const db = database.db;
    const { flags } = await flaggedContracts(2);
    await clearFlags(db, colleague, { flags: [{ id: flags[1].id, version: flags[1].version }], reason: "Cleared first", today });
    await expect(
      issueTerminationNotices(db, staff, { flags: flags.map((f) => ({ id: f.id, version: f.version })), noticeMonths: 3, reason: "Terminate", today }),
    ).rejects.toThrow(/was cleared by Test User: Cleared first/);
    // The first flag, decided in the same refused bulk action, is untouched.
    expect((await db.terminationFlag.findUniqueOrThrow({ where: { id: flags[0].id } })).status).toBe("OPEN");
  });
});

describe("only commercial staff", () => {
  it("refuse a buyer with 403 and change nothing", async () => {
    const db = database.db;
    const { flags } = await flaggedContracts(1);
    const ref = [{ id: flags[0].id, version: flags[0].version }];
    await expect(listFlags(db, buyer)).rejects.toMatchObject({ status: 403 });
    await expect(previewDecision(db, buyer, [flags[0].id], { kind: "clear" }, today)).rejects.toMatchObject({ status: 403 });
    await expect(issueTerminationNotices(db, buyer, { flags: ref, noticeMonths: 3, reason: "x", today })).rejects.toMatchObject({ status: 403 });
    await expect(clearFlags(db, buyer, { flags: ref, reason: "x", today })).rejects.toMatchObject({ status: 403 });
    expect((await db.terminationFlag.findUniqueOrThrow({ where: { id: flags[0].id } })).status).toBe("OPEN");
  });
});

describe("a termination notice to the supplier", () => {
  it("is in the supplier's own words, not the buyer's", async () => {
    const db = database.db;
    const { flags, world } = await flaggedContracts(1);
    const [notice] = await issueTerminationNotices(db, staff, { flags: flags.map((f) => ({ id: f.id, version: f.version })), noticeMonths: 3, reason: "Clinical safety not assured", today });
    const toSupplier = await db.email.findFirstOrThrow({ where: { to: world.supplierContactEmail, subject: { startsWith: "Termination notice:" } } });
    expect(toSupplier.textBody).toContain(`Dear ${world.supplier.name},`);
    expect(toSupplier.textBody).toContain("work with the buyer on an orderly exit");
    expect(toSupplier.textBody).not.toContain("Choose an assured alternative");
    expect(toSupplier.textBody).toContain("/supplier/contracts");
    const toBuyer = await db.email.findFirstOrThrow({ where: { to: world.buyerEmails[0], subject: { startsWith: "Termination notice:" } } });
    expect(toBuyer.textBody).toContain("Choose an assured alternative");
    expect(toBuyer.textBody).toContain(`/buyer/contracts/${notice.contractId}/alternatives`);
  });
});
