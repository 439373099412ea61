import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { auditCsvStream, listAuditEvents, londonMidnight } from "~/modules/audit/audit-log.server";
import { assuranceRegister } from "~/modules/assurance/register.server";
import { asDateOnly, londonToday } from "~/modules/dates";
import { lapsesByMonth, marketByMonth, marketShare, summarise } from "~/modules/reports/reports.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { listFrameworks, updateFramework } from "./frameworks.server";
import { listEmails } from "./mailbox.server";
import { addOrganisation, importPracticeSizes, listOrganisations } from "./organisations.server";
import { parsePracticeSizes } from "./practice-sizes";
import { listStandards, updateStandard } from "./standards.server";

const database = useTestDatabase();
let staff: Actor;
let buyer: Actor;
let supplierUser: Actor;
let accountManager: Actor;
let practiceOds: string;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user.id);
  const practice = await createOrganisationWithUser(db, { practiceListSize: 5_000 });
  practiceOds = practice.organisation.odsCode;
  buyer = await actorFor(db, practice.user.id);
  // Manages its own organisation and users, never the catalogue-wide console versions.
  accountManager = await actorFor(db, (await createOrganisationWithUser(db, { type: "ICB", role: "ACCOUNT_MANAGER" })).user.id);
  const { organisation } = await createSupplier(db);
  supplierUser = await actorFor(
    db,
    (await db.user.create({ data: { email: `s@${organisation.odsCode.toLowerCase()}.example`, name: "Supplier", passwordHash: "x", organisationId: organisation.id, role: "SUPPLIER" } })).id,
  );
  // Two suppliers with live contracts, for the market reports.
  for (const patients of [8_000, 2_000]) {
    const { supplier } = await createSupplier(db);
    const { item } = await createPublishedSolution(db, { supplierId: supplier.id });
    const org = await createOrganisationWithUser(db, { practiceListSize: patients });
    await createOrderWithContract(db, { organisationId: org.organisation.id, createdById: org.user.id, solutionId: item.id, maximumTermMonths: 24 });
  }
});

describe("frameworks", () => {
  it("expire (stopping new orders) with an audit event and search updates, and never reopen", async () => {
    const db = database.db;
    const framework = (await listFrameworks(db, staff)).find((f) => f.id === "TIF001")!;
    expect(framework.status).toBe("LIVE");
    const input = { name: framework.name, shortName: framework.shortName, owner: framework.owner, fundingTypes: framework.fundingTypes, maxTermMonths: framework.maxTermMonths, startsOn: framework.startsOn, endsOn: framework.endsOn };
    await updateFramework(db, staff, "TIF001", { ...input, status: "EXPIRED" });
    expect((await db.framework.findUniqueOrThrow({ where: { id: "TIF001" } })).status).toBe("EXPIRED");
    expect(await db.auditEvent.count({ where: { action: "framework.expired", objectId: "TIF001" } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { topic: "search.sync" } })).toBeGreaterThan(0);
    await expect(updateFramework(db, staff, "TIF001", { ...input, status: "LIVE" })).rejects.toThrow("An expired framework cannot be reopened");
    await expect(updateFramework(db, staff, "TIF001", { ...input, status: "EXPIRED", startsOn: asDateOnly("2026-05-01"), endsOn: asDateOnly("2026-04-01") })).rejects.toThrow(
      "The end date must be after the start date.",
    );
  });
});

describe("standards", () => {
  it("change their warning window and criticality, audited", async () => {
    const db = database.db;
    await updateStandard(db, staff, "CEPLUS", { isOverarching: false, expiresOnCycle: true, cycleMonths: 12, warningWindowDays: 90, safetyCritical: true });
    expect((await listStandards(db, staff)).find((s) => s.id === "CEPLUS")).toMatchObject({ warningWindowDays: 90, safetyCritical: true });
    expect(await db.auditEvent.findFirst({ where: { action: "standard.update", objectId: "CEPLUS" } })).toMatchObject({
      before: { warningWindowDays: 60, safetyCritical: false },
      after: { warningWindowDays: 90, safetyCritical: true },
    });
  });
});

describe("organisations", () => {
  it("import practice list sizes, reporting unknown practices and bad rows", async () => {
    const db = database.db;
    const parsed = parsePracticeSizes(`CODE,NUMBER_OF_PATIENTS\n${practiceOds},6100\nZ99999,100\nBAD,1\n`);
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await importPracticeSizes(db, staff, { ...parsed, fileName: "gp-reg-pat-prac-all.csv" });
    expect(report).toMatchObject({ rowsRead: 3, updated: 1, unchanged: 0, unknown: ["Z99999"] });
    expect(report.rowErrors).toHaveLength(1);
    expect((await db.organisation.findUniqueOrThrow({ where: { odsCode: practiceOds } })).practiceListSize).toBe(6100);
    expect(await db.auditEvent.findFirst({ where: { action: "organisation.importListSize" } })).toMatchObject({ before: { practiceListSize: 5000 }, after: { practiceListSize: 6100 } });
    // The same file again changes nothing.
    expect(await importPracticeSizes(db, staff, { ...parsed, fileName: "again.csv" })).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it("are added by ODS code once", async () => {
    const db = database.db;
    const icb = await db.organisation.create({ data: { odsCode: "QZ9", name: "NHS Test ICB", type: "ICB" } });
    const created = await addOrganisation(db, staff, { odsCode: "Z12345", name: "New Surgery", type: "GP_PRACTICE", icbId: icb.id, practiceListSize: "7,000" });
    expect(created).toMatchObject({ icbId: icb.id, parentId: icb.id, practiceListSize: 7000, odsRole: "RO177" });
    await expect(addOrganisation(db, staff, { odsCode: "Z12345", name: "Again", type: "GP_PRACTICE", icbId: icb.id })).rejects.toThrow("already exists");
    expect((await listOrganisations(db, staff, { search: "z12345" })).organisations).toHaveLength(1);
  });
});

describe("the audit log", () => {
  it("filters by action and London date, and streams CSV", async () => {
    const db = database.db;
    const result = await listAuditEvents(db, staff, { action: "framework.", from: londonToday(), to: londonToday() });
    expect(result.events.map((e) => e.action)).toEqual(["framework.expired"]);
    expect(result.events[0]).toMatchObject({ actorName: "Test User", actorRole: "Commercial staff" });
    const text = await new Response(auditCsvStream(db, staff, { objectType: "Standard" })).text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("Event id,When (UTC),Actor,Actor email,Role,Organisation,Action,Object type,Object id,Before,After");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("standard.update");
    // Midnight in London is 23:00 UTC the day before in summer, midnight UTC in winter.
    expect(londonMidnight(asDateOnly("2026-07-01")).toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(londonMidnight(asDateOnly("2026-12-01")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});

describe("market reports", () => {
  it("give market share with HHI and the two largest suppliers' share, and monthly figures", async () => {
    const db = database.db;
    const share = await marketShare(db, staff);
    expect(share.byPatients.shares.map((s) => s.shareBasisPoints)).toEqual([8000, 2000]);
    expect(share.byPatients.hhi).toBe(6800);
    expect(share.byPatients.topTwoBasisPoints).toBe(10000);
    const market = await marketByMonth(db, staff, { dimension: "supplier" });
    const { groups } = summarise(market, "patients");
    expect(groups.map(([, v]) => v)).toEqual([8000n, 2000n]);
    expect(await lapsesByMonth(db, staff)).toHaveLength(12);
    expect((await assuranceRegister(db, staff, {})).total).toBeGreaterThanOrEqual(0);
    expect((await listEmails(db, staff, {})).total).toBeGreaterThanOrEqual(0);
  });
});

describe("only commercial staff", () => {
  it("refuse buyers, account managers and suppliers with 403 and change nothing", async () => {
    const db = database.db;
    for (const actor of [buyer, accountManager, supplierUser]) {
      const calls = [
        () => listFrameworks(db, actor),
        () => updateFramework(db, actor, "ATP001", { name: "x", shortName: "x", owner: "x", fundingTypes: ["LOCAL"], maxTermMonths: 12, startsOn: null, endsOn: null, status: "EXPIRED" }),
        () => updateStandard(db, actor, "DSPT", { isOverarching: false, expiresOnCycle: false, cycleMonths: null, warningWindowDays: 7, safetyCritical: false }),
        () => importPracticeSizes(db, actor, { sizes: [{ row: 2, odsCode: practiceOds, listSize: 1 }], rowErrors: [], rowsRead: 1, extractDate: null, fileName: "x.csv" }),
        () => addOrganisation(db, actor, { odsCode: "Z54321", name: "x", type: "ICB" }),
        () => listAuditEvents(db, actor, {}),
        async () => auditCsvStream(db, actor, {}),
        () => marketShare(db, actor),
        () => listEmails(db, actor, {}),
        () => assuranceRegister(db, actor, {}),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ status: 403 });
    }
    expect((await db.framework.findUniqueOrThrow({ where: { id: "ATP001" } })).status).toBe("LIVE");
    expect((await db.organisation.findUniqueOrThrow({ where: { odsCode: practiceOds } })).practiceListSize).toBe(6100);
    expect(await db.organisation.count({ where: { odsCode: "Z54321" } })).toBe(0);
  });
});


