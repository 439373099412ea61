import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { acceptInvitation } from "~/modules/users/colleagues.server";
import { emailDomainSchema } from "~/modules/users/user-rules";
import { SEARCH_SYNC_TOPIC } from "~/services/search/sync.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { addEpic, capabilitySchema, epicSchema, getCapability, listCapabilities, updateCapability, updateEpic } from "./capabilities.server";
import { addEmailDomain, getEmailDomain, listEmailDomains, removeEmailDomain } from "./email-domains.server";
import { getSupplier, listSuppliers, setSupplierActive } from "./suppliers.server";
import { changeUserRole, getUser, inviteUser, listUsers, setUserActive, staffInviteSchema } from "./users.server";

/** Capabilities and epics, suppliers, users and allowed email domains: commercial staff's reference data and people. */

const database = useTestDatabase();
let staff: Actor;
let buyer: Actor;
let manager: Actor;
let supplierUser: Actor;
let practiceOds: string;
let idleSupplier: number;
let busySupplier: number;
let idleSolution: string;

const INJECTION = "Robert'); DROP TABLE users;-- <script>alert(1)</script>";
const auditCount = (action: string, objectId?: string) => database.db.auditEvent.count({ where: { action, ...(objectId ? { objectId } : {}) } });

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", email: "staff.member@nhs.net" })).user.id);
  const practice = await createOrganisationWithUser(db, { email: "gp.buyer@nhs.net" });
  practiceOds = practice.organisation.odsCode;
  buyer = await actorFor(db, practice.user.id);
  manager = await actorFor(db, (await db.user.create({ data: { email: "gp.manager@nhs.net", name: "Manager", passwordHash: "x", organisationId: practice.organisation.id, role: "ACCOUNT_MANAGER" } })).id);
  // One supplier with nothing live (free to go inactive), one with a live contract.
  const idle = await createSupplier(db, { name: "Idle Health Software" });
  idleSupplier = idle.supplier.id;
  idleSolution = (await createPublishedSolution(db, { supplierId: idleSupplier, capabilityIds: ["C14"] })).item.id;
  supplierUser = await actorFor(db, (await db.user.create({ data: { email: "seller@idle.example", name: "Seller", passwordHash: "x", organisationId: idle.organisation.id, role: "SUPPLIER_ACCOUNT_MANAGER" } })).id);
  const busy = await createSupplier(db, { name: "Busy Clinical Systems" });
  busySupplier = busy.supplier.id;
  const { item } = await createPublishedSolution(db, { supplierId: busySupplier });
  await createOrderWithContract(db, { organisationId: practice.organisation.id, createdById: practice.user.id, solutionId: item.id });
});

describe("capabilities and epics", () => {
  it("list with their epic counts and edit name, status and frameworks, audited and re-indexed", async () => {
    const db = database.db;
    const c14 = (await listCapabilities(db, staff)).find((c) => c.id === "C14")!;
    expect(c14).toMatchObject({ name: "Prescribing", status: "ACTIVE", category: "Medicines management" });
    expect(c14.epics).toBeGreaterThan(0);
    const before = (await getCapability(db, staff, "C14"))!;
    const syncsBefore = await db.outboxMessage.count({ where: { topic: SEARCH_SYNC_TOPIC } });
    const input = capabilitySchema.parse({ name: "  Prescribing and dispensing ", description: before.description, categoryId: before.categoryId, status: "EXPIRED", frameworkIds: ["NHSDGP001", "TIF001", "TIF001"] });
    await updateCapability(db, staff, "C14", input);
    const after = (await getCapability(db, staff, "C14"))!;
    expect(after).toMatchObject({ name: "Prescribing and dispensing", status: "EXPIRED", frameworkIds: expect.arrayContaining(["NHSDGP001", "TIF001"]) });
    expect(after.frameworkIds).toHaveLength(2);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "capability.expired", objectId: "C14" } });
    expect(audit).toMatchObject({ before: { name: "Prescribing", status: "ACTIVE" }, after: { name: "Prescribing and dispensing", status: "EXPIRED", frameworkIds: ["NHSDGP001", "TIF001"] }, actorUserId: staff.userId });
    // The listing claiming C14 shows its name in search: it is re-indexed through the outbox.
    const syncs = await db.outboxMessage.findMany({ where: { topic: SEARCH_SYNC_TOPIC }, orderBy: { id: "desc" }, take: (await db.outboxMessage.count({ where: { topic: SEARCH_SYNC_TOPIC } })) - syncsBefore });
    expect(syncs.map((m) => (m.payload as { catalogueItemId: string }).catalogueItemId)).toContain(idleSolution);
  });

  it("refuse bad input and another capability's name, saving nothing", async () => {
    const db = database.db;
    const c5 = (await getCapability(db, staff, "C5"))!;
    const valid = { name: c5.name, description: c5.description, categoryId: c5.categoryId, status: "ACTIVE", frameworkIds: c5.frameworkIds };
    expect(capabilitySchema.safeParse({ ...valid, name: "x".repeat(201) }).success).toBe(false);
    expect(capabilitySchema.safeParse({ ...valid, name: "   " }).success).toBe(false);
    expect(capabilitySchema.safeParse({ ...valid, status: "DELETED" }).success).toBe(false);
    expect(capabilitySchema.safeParse({ ...valid, description: "y".repeat(2001) }).success).toBe(false);
    const audits = await db.auditEvent.count();
    await expect(updateCapability(db, staff, "C5", capabilitySchema.parse({ ...valid, name: "prescribing AND dispensing" }))).rejects.toThrow("Another capability already has this name.");
    await expect(updateCapability(db, staff, "C5", capabilitySchema.parse({ ...valid, frameworkIds: ["NOPE001"] }))).rejects.toThrow("Choose frameworks from the list.");
    await expect(updateCapability(db, staff, "C5", capabilitySchema.parse({ ...valid, categoryId: INJECTION }))).rejects.toThrow("Choose a category from the list.");
    await expect(updateCapability(db, staff, "C999", capabilitySchema.parse(valid))).rejects.toThrow("no longer exists");
    expect(await db.auditEvent.count()).toBe(audits);
    expect((await getCapability(db, staff, "C5"))!.name).toBe(c5.name);
    // An injection string is only ever text.
    await updateCapability(db, staff, "C5", capabilitySchema.parse({ ...valid, description: INJECTION }));
    expect((await getCapability(db, staff, "C5"))!.description).toBe(INJECTION);
    expect(await db.user.count()).toBeGreaterThan(0);
  });

  it("add epics with the next id in the capability's series, and edit their level and status", async () => {
    const db = database.db;
    const before = (await getCapability(db, staff, "C5"))!;
    const highest = Math.max(...before.epics.map((e) => Number(/^C5E(\d+)$/.exec(e.id)?.[1] ?? 0)));
    const epic = await addEpic(db, staff, "C5", epicSchema.parse({ name: "Manage appointment reminders", level: "MAY" }));
    expect(epic).toMatchObject({ id: `C5E${highest + 1}`, capabilityId: "C5", level: "MAY", status: "ACTIVE" });
    const second = await addEpic(db, staff, "C5", epicSchema.parse({ name: "Manage waiting lists", level: "SHOULD" }));
    expect(second.id).toBe(`C5E${highest + 2}`);
    expect((await getCapability(db, staff, "C5"))!.epics.map((e) => e.id).slice(-2)).toEqual([epic.id, second.id]);
    expect(await auditCount("epic.create", epic.id)).toBe(1);

    await updateEpic(db, staff, "C5", epic.id, epicSchema.parse({ name: "Manage appointment reminders by SMS", level: "MUST", status: "EXPIRED" }));
    expect(await db.epic.findUniqueOrThrow({ where: { id: epic.id } })).toMatchObject({ name: "Manage appointment reminders by SMS", level: "MUST", status: "EXPIRED" });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "epic.update", objectId: epic.id } })).toMatchObject({ before: { level: "MAY", status: "ACTIVE" }, after: { level: "MUST", status: "EXPIRED" } });
  });

  it("refuse duplicate and bad epics, and epics of another capability, saving nothing", async () => {
    const db = database.db;
    const epics = await db.epic.count();
    await expect(addEpic(db, staff, "C5", epicSchema.parse({ name: "MANAGE WAITING LISTS", level: "MUST" }))).rejects.toThrow("already has this name");
    await expect(addEpic(db, staff, "C999", epicSchema.parse({ name: "Anything", level: "MUST" }))).rejects.toThrow("no longer exists");
    expect(epicSchema.safeParse({ name: "x".repeat(301), level: "MUST" }).success).toBe(false);
    expect(epicSchema.safeParse({ name: "Fine", level: "COULD" }).success).toBe(false);
    expect(epicSchema.safeParse({ name: "", level: "MUST" }).success).toBe(false);
    const c14Epic = (await getCapability(db, staff, "C14"))!.epics[0];
    // An epic id from another capability's page is not found, not edited.
    await expect(updateEpic(db, staff, "C5", c14Epic.id, epicSchema.parse({ name: "Hijacked", level: "MAY" }))).rejects.toThrow("no longer exists");
    expect((await db.epic.findUniqueOrThrow({ where: { id: c14Epic.id } })).name).toBe(c14Epic.name);
    expect(await db.epic.count()).toBe(epics);
  });

  it("give two epics added at once different ids", async () => {
    const db = database.db;
    const [a, b] = await Promise.all([
      addEpic(db, staff, "C11", epicSchema.parse({ name: "Concurrent one", level: "MAY" })),
      addEpic(db, staff, "C11", epicSchema.parse({ name: "Concurrent two", level: "MAY" })),
    ]);
    expect(a.id).not.toBe(b.id);
  });
});

describe("suppliers", () => {
  it("filter by status and name or id", async () => {
    const db = database.db;
    expect((await listSuppliers(db, staff, { search: "idle health" })).suppliers.map((s) => s.id)).toEqual([idleSupplier]);
    expect((await listSuppliers(db, staff, { search: String(busySupplier) })).suppliers).toMatchObject([{ id: busySupplier, liveContracts: 1, publishedSolutions: 1 }]);
    expect((await listSuppliers(db, staff, { status: "inactive" })).total).toBe(0);
    expect((await listSuppliers(db, staff, { search: INJECTION })).total).toBe(0);
    expect((await listSuppliers(db, staff, { page: 99 })).page).toBe(1);
  });

  it("go inactive (listings leave search) and active again, audited, through the outbox", async () => {
    const db = database.db;
    const supplier = (await getSupplier(db, staff, idleSupplier))!;
    expect(supplier).toMatchObject({ isActive: true, liveContracts: 0, version: 1 });
    const syncs = () => db.outboxMessage.findMany({ where: { topic: SEARCH_SYNC_TOPIC }, select: { payload: true } });
    const before = (await syncs()).length;
    expect(await setSupplierActive(db, staff, idleSupplier, { active: false, reason: "Left the framework.", version: 1 })).toEqual({ listings: 1 });
    expect(await db.supplier.findUniqueOrThrow({ where: { id: idleSupplier } })).toMatchObject({ isActive: false, version: 2 });
    const after = await syncs();
    expect(after.slice(before).map((m) => (m.payload as { catalogueItemId: string }).catalogueItemId)).toEqual([idleSolution]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "supplier.deactivate", objectId: String(idleSupplier) } })).toMatchObject({ before: { isActive: true }, after: { isActive: false, reason: "Left the framework." } });
    expect((await listSuppliers(db, staff, { status: "inactive" })).suppliers.map((s) => s.id)).toEqual([idleSupplier]);

    // A form loaded before the change carries the old version: refused, not applied twice.
    await expect(setSupplierActive(db, staff, idleSupplier, { active: true, reason: "Stale", version: 1 })).rejects.toMatchObject({ kind: "conflict" });
    await setSupplierActive(db, staff, idleSupplier, { active: true, reason: "Rejoined.", version: 2 });
    expect((await db.supplier.findUniqueOrThrow({ where: { id: idleSupplier } })).isActive).toBe(true);
    expect(await auditCount("supplier.activate", String(idleSupplier))).toBe(1);
    expect((await getSupplier(db, staff, idleSupplier))!.history.map((h) => h.action)).toEqual(["supplier.activate", "supplier.deactivate"]);
  });

  it("refuse to make a supplier with live contracts inactive, or one without contacts active", async () => {
    const db = database.db;
    const audits = await db.auditEvent.count();
    await expect(setSupplierActive(db, staff, busySupplier, { active: false, reason: "No", version: 1 })).rejects.toThrow("1 live contract");
    expect((await db.supplier.findUniqueOrThrow({ where: { id: busySupplier } })).isActive).toBe(true);
    const lonely = await createSupplier(db, { isActive: false });
    await db.supplierContact.deleteMany({ where: { supplierId: lonely.supplier.id } });
    await expect(setSupplierActive(db, staff, lonely.supplier.id, { active: true, reason: "Back", version: 1 })).rejects.toThrow("Add a supplier contact");
    await expect(setSupplierActive(db, staff, 999_999_999, { active: true, reason: "Ghost", version: 1 })).rejects.toThrow("no longer exists");
    expect(await db.auditEvent.count()).toBe(audits);
  });

  it("let only one of two simultaneous changes through", async () => {
    const db = database.db;
    const version = (await db.supplier.findUniqueOrThrow({ where: { id: idleSupplier } })).version;
    const results = await Promise.allSettled([
      setSupplierActive(db, staff, idleSupplier, { active: false, reason: "First", version }),
      setSupplierActive(db, staff, idleSupplier, { active: false, reason: "Second", version }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await auditCount("supplier.deactivate", String(idleSupplier))).toBe(2);
    await setSupplierActive(db, staff, idleSupplier, { active: true, reason: "Restore", version: version + 1 });
  });
});

describe("users", () => {
  it("list across organisations with filters and pages", async () => {
    const db = database.db;
    expect((await listUsers(db, staff, { organisation: practiceOds.toLowerCase() })).users.map((u) => u.email).sort()).toEqual(["gp.buyer@nhs.net", "gp.manager@nhs.net"]);
    expect((await listUsers(db, staff, { organisation: practiceOds, role: "ACCOUNT_MANAGER" })).users.map((u) => u.email)).toEqual(["gp.manager@nhs.net"]);
    expect((await listUsers(db, staff, { email: "SELLER@" })).users.map((u) => u.email)).toEqual(["seller@idle.example"]);
    expect((await listUsers(db, staff, { active: false })).total).toBe(0);
    expect((await listUsers(db, staff, { email: INJECTION })).total).toBe(0);
    const all = await listUsers(db, staff, { page: -3 });
    expect(all).toMatchObject({ page: 1, totalPages: 1 });
    expect(all.total).toBeGreaterThanOrEqual(4);
  });

  it("change a role only to one that fits the organisation, audited", async () => {
    const db = database.db;
    await changeUserRole(db, staff, buyer.userId, "ACCOUNT_MANAGER");
    expect((await db.user.findUniqueOrThrow({ where: { id: buyer.userId } })).role).toBe("ACCOUNT_MANAGER");
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "user.changeRole", objectId: buyer.userId } })).toMatchObject({ before: { role: "BUYER" }, after: { role: "ACCOUNT_MANAGER" } });
    const audits = await db.auditEvent.count();
    for (const role of ["AUTHORITY", "SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"] as const) {
      await expect(changeUserRole(db, staff, buyer.userId, role)).rejects.toThrow("Choose a role people in this organisation can have.");
    }
    await expect(changeUserRole(db, staff, supplierUser.userId, "BUYER")).rejects.toThrow("Choose a role");
    await expect(changeUserRole(db, staff, staff.userId, "BUYER")).rejects.toThrow("You cannot change your own role.");
    await expect(changeUserRole(db, staff, "no-such-user", "BUYER")).rejects.toThrow("no longer exists");
    expect(await changeUserRole(db, staff, buyer.userId, "ACCOUNT_MANAGER")).toEqual({ changed: false });
    expect(await db.auditEvent.count()).toBe(audits);
    expect((await getUser(db, staff, buyer.userId))!.roles).toEqual(["BUYER", "ACCOUNT_MANAGER"]);
    await changeUserRole(db, staff, buyer.userId, "BUYER");
  });

  it("deactivate (ending every session) and reactivate, audited", async () => {
    const db = database.db;
    await db.session.create({ data: { id: "session-of-buyer", userId: buyer.userId, csrfSecret: "x", expiresAt: new Date(Date.now() + 3_600_000) } });
    await db.user.update({ where: { id: buyer.userId }, data: { failedLoginCount: 4 } });
    await setUserActive(db, staff, buyer.userId, false);
    expect((await db.user.findUniqueOrThrow({ where: { id: buyer.userId } })).isActive).toBe(false);
    expect(await db.session.count({ where: { userId: buyer.userId } })).toBe(0);
    expect(await auditCount("user.deactivate", buyer.userId)).toBe(1);
    await expect(setUserActive(db, staff, buyer.userId, false)).rejects.toThrow("already deactivated");
    await expect(setUserActive(db, staff, staff.userId, false)).rejects.toThrow("You cannot deactivate your own account.");
    await setUserActive(db, staff, buyer.userId, true);
    expect(await db.user.findUniqueOrThrow({ where: { id: buyer.userId } })).toMatchObject({ isActive: true, failedLoginCount: 0 });
    expect(await auditCount("user.reactivate", buyer.userId)).toBe(1);
  });

  it("invite people to any organisation, on an allowed domain and in a role that fits", async () => {
    const db = database.db;
    const parse = (input: Record<string, unknown>) => staffInviteSchema.parse(input);
    const result = await inviteUser(db, staff, parse({ organisation: practiceOds.toLowerCase(), email: "New.Nurse@Lancs.NHS.uk", role: "BUYER" }));
    expect(result).toMatchObject({ ok: true });
    const invitation = await db.invitation.findFirstOrThrow({ where: { email: "new.nurse@lancs.nhs.uk" }, include: { organisation: true } });
    expect(invitation).toMatchObject({ role: "BUYER", invitedById: staff.userId, organisation: { odsCode: practiceOds } });
    expect(await db.email.count({ where: { to: "new.nurse@lancs.nhs.uk" } })).toBe(1);
    expect(await auditCount("user.invite", invitation.id)).toBe(1);
    // Suppliers use their own domains.
    expect(await inviteUser(db, staff, parse({ organisation: `SUPPLIER-${idleSupplier}`, email: "rep@idle.example", role: "SUPPLIER" }))).toMatchObject({ ok: true });

    const invitations = await db.invitation.count();
    expect(await inviteUser(db, staff, parse({ organisation: practiceOds, email: "someone@gmail.com", role: "BUYER" }))).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("not on the list of allowed email domains") });
    expect(await inviteUser(db, staff, parse({ organisation: practiceOds, email: "someone@evilnhs.net", role: "BUYER" }))).toMatchObject({ ok: false, field: "email" });
    expect(await inviteUser(db, staff, parse({ organisation: practiceOds, email: "boss@nhs.net", role: "AUTHORITY" }))).toMatchObject({ ok: false, field: "role" });
    expect(await inviteUser(db, staff, parse({ organisation: `SUPPLIER-${idleSupplier}`, email: "x@nhs.net", role: "ACCOUNT_MANAGER" }))).toMatchObject({ ok: false, field: "role" });
    expect(await inviteUser(db, staff, parse({ organisation: "ZZZ999", email: "a@nhs.net", role: "BUYER" }))).toMatchObject({ ok: false, field: "organisation" });
    expect(await inviteUser(db, staff, parse({ organisation: practiceOds, email: "GP.BUYER@nhs.net", role: "BUYER" }))).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("already has an account") });
    expect(await db.invitation.count()).toBe(invitations);
    for (const bad of [{ organisation: INJECTION }, { email: "not an email" }, { email: `${"a".repeat(250)}@nhs.net` }, { role: "ADMIN" }, { organisation: "" }]) {
      expect(staffInviteSchema.safeParse({ organisation: practiceOds, email: "ok@nhs.net", role: "BUYER", ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("allowed email domains", () => {
  it("add (lowercase, once, not when a parent already allows it) and remove, audited", async () => {
    const db = database.db;
    expect((await listEmailDomains(db, staff)).map((d) => d.domain)).toEqual(["nhs.net", "nhs.uk"]);
    const added = await addEmailDomain(db, staff, emailDomainSchema.parse({ domain: "  NHSE.Example.ORG " }).domain);
    expect(added).toMatchObject({ domain: "nhse.example.org", createdById: staff.userId });
    expect(await auditCount("emailDomain.add", added.id)).toBe(1);
    const domains = await db.allowedEmailDomain.count();
    await expect(addEmailDomain(db, staff, "nhse.example.org")).rejects.toThrow("nhse.example.org is already allowed.");
    await expect(addEmailDomain(db, staff, "lancs.nhs.uk")).rejects.toThrow("already allowed because nhs.uk and its subdomains are");
    expect(await db.allowedEmailDomain.count()).toBe(domains);

    // Now a buyer at the new domain can be invited; after removal, they cannot accept.
    const result = await inviteUser(db, staff, staffInviteSchema.parse({ organisation: practiceOds, email: "pm@nhse.example.org", role: "BUYER" }));
    expect(result.ok).toBe(true);
    const email = await db.email.findFirstOrThrow({ where: { to: "pm@nhse.example.org" } });
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(email.textBody)![1];
    expect(await getEmailDomain(db, staff, added.id)).toMatchObject({ domain: "nhse.example.org", users: 0 });
    await removeEmailDomain(db, staff, added.id);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "emailDomain.remove", objectId: added.id } })).toMatchObject({ before: { domain: "nhse.example.org" } });
    await expect(removeEmailDomain(db, staff, added.id)).rejects.toThrow("already been removed");
    expect(await acceptInvitation(db, token, { name: "Practice Manager", password: "a long enough password" })).toMatchObject({ ok: false, message: expect.stringContaining("not on the list") });
    expect(await db.user.count({ where: { email: "pm@nhse.example.org" } })).toBe(0);
  });
});

describe("only commercial staff", () => {
  it("refuse buyers, account managers and suppliers with 403 and change nothing", async () => {
    const db = database.db;
    const audits = await db.auditEvent.count();
    const outbox = await db.outboxMessage.count();
    for (const actor of [buyer, manager, supplierUser]) {
      const calls = [
        () => listCapabilities(db, actor),
        () => getCapability(db, actor, "C5"),
        () => updateCapability(db, actor, "C5", { name: "x", description: "x", categoryId: "x", status: "EXPIRED", frameworkIds: [] }),
        () => addEpic(db, actor, "C5", { name: "Sneaky", level: "MUST", status: "ACTIVE" }),
        () => updateEpic(db, actor, "C5", "C5E1", { name: "Sneaky", level: "MAY", status: "EXPIRED" }),
        () => listSuppliers(db, actor, {}),
        () => getSupplier(db, actor, idleSupplier),
        () => setSupplierActive(db, actor, idleSupplier, { active: false, reason: "x", version: 1 }),
        () => listUsers(db, actor, {}),
        () => getUser(db, actor, buyer.userId),
        () => changeUserRole(db, actor, buyer.userId, "ACCOUNT_MANAGER"),
        () => setUserActive(db, actor, staff.userId, false),
        () => inviteUser(db, actor, { organisation: practiceOds, email: "x@nhs.net", role: "BUYER" }),
        () => listEmailDomains(db, actor),
        () => getEmailDomain(db, actor, "domain-nhs.net"),
        () => addEmailDomain(db, actor, "gmail.com"),
        () => removeEmailDomain(db, actor, "domain-nhs.net"),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ status: 403 });
    }
    expect(await db.auditEvent.count()).toBe(audits);
    expect(await db.outboxMessage.count()).toBe(outbox);
    expect((await db.supplier.findUniqueOrThrow({ where: { id: idleSupplier } })).isActive).toBe(true);
    expect(await db.allowedEmailDomain.count({ where: { domain: { in: ["nhs.net", "gmail.com"] } } })).toBe(1);
    expect((await db.epic.findUniqueOrThrow({ where: { id: "C5E1" } })).status).toBe("ACTIVE");
    expect((await db.user.findUniqueOrThrow({ where: { id: staff.userId } })).isActive).toBe(true);
  });
});
