import { beforeEach, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, asDateOnly, fromDbDate, londonToday, toDbDate } from "~/modules/dates";
import { useTestDatabase } from "~/test/database";
import { applyRenewedAssurance, RenewalError } from "./renewal.server";

const database = useTestDatabase();
const today = londonToday();

async function lapsedWorld() {
  const db = database.db;
  await ensureReferenceData(db);
  const { supplier, organisation } = await createSupplier(db);
  await db.user.create({ data: { email: `renewals@supplier-${supplier.id}.example`, name: "Rene Wall", passwordHash: "unused", role: "SUPPLIER", organisationId: organisation.id } });
  const staff = await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: `X${supplier.id}` });
  const { item } = await createPublishedSolution(db, { supplierId: supplier.id });
  await db.catalogueItem.update({ where: { id: item.id }, data: { publicationStatus: "IN_REMEDIATION", remediationDeadline: toDbDate(addDays(today, -3)) } });
  const record = await createAssuranceRecord(db, { supplierId: supplier.id, standardId: "DSPT", scenario: "REMEDIATION_FAILED" });
  const buyer = await createOrganisationWithUser(db, { type: "GP_PRACTICE" });
  const { contract } = await createOrderWithContract(db, { organisationId: buyer.organisation.id, createdById: buyer.user.id, solutionId: item.id, contractStatus: "FLAGGED_FOR_TERMINATION" });
  const flag = await db.terminationFlag.create({ data: { contractId: contract.id, reason: "ASSURANCE_LAPSED_REMEDIATION_FAILED", assuranceRecordId: record.id } });
  const actor = { userId: staff.user.id, role: "AUTHORITY" as const, organisationId: staff.organisation.id };
  return { supplier, item, record, contract, flag, actor, buyer };
}

describe("applyRenewedAssurance", () => {
  let world: Awaited<ReturnType<typeof lapsedWorld>>;
  beforeEach(async () => {
    world = await lapsedWorld();
  });

  it("moves the dates on, clears the flags, restores the listing, audits and tells everyone", async () => {
    const db = database.db;
    const assuredOn = addDays(today, -1);
    const expiresOn = addDays(today, 365);
    const outcome = await db.$transaction((tx) =>
      applyRenewedAssurance(tx, { assuranceRecordId: world.record.id, assuredOn, expiresOn, certificateNumber: "DSPT-2027", actor: world.actor }),
    );
    expect(outcome).toMatchObject({ status: "ASSURED", clearedFlagIds: [world.flag.id], restoredItemIds: [world.item.id], contractIds: [world.contract.id] });

    const record = await db.assuranceRecord.findUniqueOrThrow({ where: { id: world.record.id } });
    expect(record.status).toBe("ASSURED");
    expect(fromDbDate(record.assuredOn)).toBe(assuredOn);
    expect(fromDbDate(record.expiresOn!)).toBe(expiresOn);
    expect(record).toMatchObject({ certificateNumber: "DSPT-2027", remediationDeadline: null, remediationPlan: null, lapsedAt: null, lastNoticeDays: null, recordedById: world.actor.userId });

    const flag = await db.terminationFlag.findUniqueOrThrow({ where: { id: world.flag.id } });
    expect(flag).toMatchObject({ status: "CLEARED", resolutionReason: "Assurance renewed", resolvedById: world.actor.userId });
    const contract = await db.contract.findUniqueOrThrow({ where: { id: world.contract.id } });
    expect(["ACTIVE", "EXPIRING"]).toContain(contract.status);
    const item = await db.catalogueItem.findUniqueOrThrow({ where: { id: world.item.id } });
    expect(item).toMatchObject({ publicationStatus: "PUBLISHED", remediationDeadline: null });

    const actions = (await db.auditEvent.findMany({ where: { actorUserId: world.actor.userId } })).map((e) => e.action).sort();
    expect(actions).toEqual(["assurance.renew", "contract.clearFlag", "listing.restore", "terminationFlag.clear"]);

    const syncs = await db.outboxMessage.findMany({ where: { topic: "search.sync" } });
    expect(syncs.map((m) => (m.payload as { catalogueItemId: string }).catalogueItemId)).toContain(world.item.id);
    const emails = await db.email.findMany();
    expect(emails.map((e) => e.to).sort()).toEqual([world.buyer.user.email, `renewals@supplier-${world.supplier.id}.example`].sort());
    expect(emails.find((e) => e.to === world.buyer.user.email)?.subject).toContain("no longer flagged for termination");
  });

  it("clears its own flag but keeps the listing in remediation while another lapse remains", async () => {
    const db = database.db;
    await createAssuranceRecord(db, { supplierId: world.supplier.id, standardId: "CEPLUS", scenario: "LAPSED" });

    const outcome = await db.$transaction((tx) =>
      applyRenewedAssurance(tx, { assuranceRecordId: world.record.id, assuredOn: today, expiresOn: addDays(today, 365), actor: world.actor }),
    );
    expect(outcome.clearedFlagIds).toEqual([world.flag.id]);
    expect(outcome.restoredItemIds).toEqual([]);
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: world.item.id } })).publicationStatus).toBe("IN_REMEDIATION");
    expect(["ACTIVE", "EXPIRING"]).toContain((await db.contract.findUniqueOrThrow({ where: { id: world.contract.id } })).status);
  });

  it("reads as expiring when the new expiry is already inside the warning window", async () => {
    const outcome = await database.db.$transaction((tx) =>
      applyRenewedAssurance(tx, { assuranceRecordId: world.record.id, assuredOn: addDays(today, -300), expiresOn: addDays(today, 20), actor: world.actor }),
    );
    expect(outcome.status).toBe("EXPIRING");
  });

  it.each([
    ["an expiry before the assured-on date", addDays(today, 10), addDays(today, 5), "after the assured-on date"],
    ["an expiry in the past", asDateOnly("2020-01-01"), asDateOnly("2020-06-01"), "must not be in the past"],
  ])("refuses %s and writes nothing", async (_, assuredOn, expiresOn, message) => {
    const db = database.db;
    await expect(
      db.$transaction((tx) => applyRenewedAssurance(tx, { assuranceRecordId: world.record.id, assuredOn, expiresOn, actor: world.actor })),
    ).rejects.toThrow(RenewalError);
    await expect(
      db.$transaction((tx) => applyRenewedAssurance(tx, { assuranceRecordId: world.record.id, assuredOn, expiresOn, actor: world.actor })),
    ).rejects.toThrow(message);
    expect((await db.assuranceRecord.findUniqueOrThrow({ where: { id: world.record.id } })).status).toBe("IN_REMEDIATION");
    expect(await db.auditEvent.count({ where: { objectId: world.record.id } })).toBe(0);
  });
});
