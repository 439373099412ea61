import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { acceptInvitation } from "~/modules/users/colleagues.server";
import { emailDomainSchema } from "~/modules/users/user-rules";
import { SEARCH_SYNC_TOPIC } from "~/services/search/sync.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { addCapability, addEpic, capabilityChoices, capabilitySchema, epicSchema, getCapability, listCapabilities, updateCapability, updateEpic } from "./capabilities.server";
import { addEmailDomain, getEmailDomain, listEmailDomains, removeEmailDomain } from "./email-domains.server";
import {
  getSupplier,
  getSupplierContact,
  listSuppliers,
  removeSupplierContact,
  saveSupplierContact,
  setSupplierActive,
  supplierContactSchema,
  supplierDetailsSchema,
  updateSupplierDetails,
} from "./suppliers.server";
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

  it("add a capability with the next reference in the series, never a foundation one, audited", async () => {
    const db = database.db;
    const highest = (await db.capability.aggregate({ _max: { number: true } }))._max.number!;
    const { categories, frameworks } = await capabilityChoices(db, staff);
    const category = categories.find((c) => c.name === "Medicines management")!;
    const input = capabilitySchema.parse({ name: "  Medicines reconciliation ", description: INJECTION, categoryId: category.id, status: "ACTIVE", frameworkIds: [frameworks[0].id, frameworks[0].id] });
    const capability = await addCapability(db, staff, input);
    expect(capability).toMatchObject({ id: `C${highest + 1}`, number: highest + 1, name: "Medicines reconciliation", isFoundation: false, status: "ACTIVE" });
    const saved = (await getCapability(db, staff, capability.id))!;
    // An injection string is kept as plain text; the page escapes it like any other text.
    expect(saved).toMatchObject({ description: INJECTION, categoryId: category.id, frameworkIds: [frameworks[0].id], epics: [], solutions: 0 });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "capability.create", objectId: capability.id } })).toMatchObject({
      actorUserId: staff.userId,
      after: { name: "Medicines reconciliation", status: "ACTIVE", categoryId: category.id, frameworkIds: [frameworks[0].id] },
    });
    const next = await addCapability(db, staff, capabilitySchema.parse({ ...input, name: "Medicines stock control", frameworkIds: [] }));
    expect(next.id).toBe(`C${highest + 2}`);
    expect((await listCapabilities(db, staff)).slice(-2).map((c) => c.id)).toEqual([capability.id, next.id]);
    // Epics of the new capability start its own series.
    expect((await addEpic(db, staff, next.id, epicSchema.parse({ name: "Review medicines", level: "MUST" }))).id).toBe(`${next.id}E1`);
  });

  it("refuse a new capability with bad input or an existing name, saving nothing", async () => {
    const db = database.db;
    const { categories } = await capabilityChoices(db, staff);
    const valid = { name: "Something new", description: "Does something.", categoryId: categories[0].id, status: "ACTIVE", frameworkIds: [] };
    for (const bad of [{ name: "" }, { name: "n".repeat(201) }, { description: "" }, { description: "d".repeat(2001) }, { categoryId: "" }, { status: "FOUNDATION" }, { frameworkIds: ["x".repeat(41)] }, { name: 42 }]) {
      expect(capabilitySchema.safeParse({ ...valid, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    const capabilities = await db.capability.count();
    const audits = await db.auditEvent.count();
    await expect(addCapability(db, staff, capabilitySchema.parse({ ...valid, name: "MEDICINES RECONCILIATION" }))).rejects.toThrow("Another capability already has this name.");
    await expect(addCapability(db, staff, capabilitySchema.parse({ ...valid, name: "appointments MANAGEMENT - gp" }))).rejects.toThrow("Another capability already has this name.");
    await expect(addCapability(db, staff, capabilitySchema.parse({ ...valid, categoryId: INJECTION }))).rejects.toThrow("Choose a category from the list.");
    await expect(addCapability(db, staff, capabilitySchema.parse({ ...valid, frameworkIds: ["NHSDGP001", "NOPE001"] }))).rejects.toThrow("Choose frameworks from the list.");
    expect(await db.capability.count()).toBe(capabilities);
    expect(await db.auditEvent.count()).toBe(audits);
  });

  it("give capabilities added at once different references, and let only one of several with the same name through", async () => {
    const db = database.db;
    const { categories } = await capabilityChoices(db, staff);
    const input = (name: string) => capabilitySchema.parse({ name, description: "Concurrent.", categoryId: categories[0].id, status: "ACTIVE", frameworkIds: [] });
    const highest = (await db.capability.aggregate({ _max: { number: true } }))._max.number!;
    const added = await Promise.all(Array.from({ length: 6 }, (_, i) => addCapability(db, staff, input(`Concurrent capability ${i + 1}`))));
    expect(added.map((c) => c.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6].map((n) => highest + n));
    const same = await Promise.allSettled(Array.from({ length: 4 }, () => addCapability(db, staff, input("Twin capability"))));
    expect(same.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(same.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(Array(3).fill("Another capability already has this name."));
    expect(await db.capability.count({ where: { name: "Twin capability" } })).toBe(1);
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

describe("supplier details and contacts", () => {
  let supplierId: number;
  let solutionId: string;
  const details = (version: number, overrides: Record<string, unknown> = {}) =>
    supplierDetailsSchema.parse({ name: "Meadow Clinical Ltd", legalName: "Meadow Clinical Limited", website: "https://meadow.example", addressLine1: "1 Park Row", town: "Leeds", postcode: "ls1 5ab", summary: "", version, ...overrides });
  const contact = (version: number, overrides: Record<string, unknown> = {}) =>
    supplierContactSchema.parse({ firstName: "Sam", lastName: "Okafor", email: "Sam.Okafor@Meadow.example", phone: "0113 496 0000", department: "Sales", version, ...overrides });
  const versionOf = async () => (await database.db.supplier.findUniqueOrThrow({ where: { id: supplierId } })).version;

  beforeAll(async () => {
    const db = database.db;
    supplierId = (await createSupplier(db, { name: "Meadow Health" })).supplier.id;
    solutionId = (await createPublishedSolution(db, { supplierId })).item.id;
  });

  it("change details, audited, re-indexing the supplier's listings when the name changes", async () => {
    const db = database.db;
    const syncs = () => db.outboxMessage.findMany({ where: { topic: SEARCH_SYNC_TOPIC }, orderBy: { id: "asc" }, select: { payload: true } });
    const before = (await syncs()).length;
    expect(await updateSupplierDetails(db, staff, supplierId, details(1))).toEqual({ listingsReindexed: 1 });
    expect(await db.supplier.findUniqueOrThrow({ where: { id: supplierId } })).toMatchObject({
      name: "Meadow Clinical Ltd",
      legalName: "Meadow Clinical Limited",
      website: "https://meadow.example",
      addressLine1: "1 Park Row",
      addressLine2: null,
      town: "Leeds",
      postcode: "LS1 5AB",
      summary: null,
      version: 2,
    });
    expect((await syncs()).slice(before).map((m) => (m.payload as { catalogueItemId: string }).catalogueItemId)).toEqual([solutionId]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "supplier.update", objectId: String(supplierId) } })).toMatchObject({
      actorUserId: staff.userId,
      before: { name: "Meadow Health", postcode: null },
      after: { name: "Meadow Clinical Ltd", postcode: "LS1 5AB", listingsReindexed: 1 },
    });
    // Same name: nothing to re-index.
    const syncCount = (await syncs()).length;
    expect(await updateSupplierDetails(db, staff, supplierId, details(2, { summary: INJECTION }))).toEqual({ listingsReindexed: 0 });
    expect((await syncs()).length).toBe(syncCount);
    expect((await getSupplier(db, staff, supplierId))!).toMatchObject({ summary: INJECTION, version: 3 });
  });

  it("refuse bad details, another supplier's name and a stale form, saving nothing", async () => {
    const db = database.db;
    const version = await versionOf();
    const bad = [
      { name: "" },
      { name: "n".repeat(201) },
      { legalName: "  " },
      { website: "not a web address" },
      { website: "javascript:alert(1)" },
      { website: "ftp://meadow.example" },
      { website: `https://${"w".repeat(500)}.example` },
      { postcode: "12345" },
      { postcode: INJECTION },
      { summary: "s".repeat(1001) },
      { town: "t".repeat(101) },
      { version: "abc" },
      { version: 0 },
    ];
    for (const overrides of bad) expect(supplierDetailsSchema.safeParse({ name: "Ok", legalName: "Ok Ltd", version, ...overrides }).success, JSON.stringify(overrides)).toBe(false);
    const audits = await db.auditEvent.count();
    const outbox = await db.outboxMessage.count();
    await expect(updateSupplierDetails(db, staff, supplierId, details(version, { name: "busy clinical SYSTEMS" }))).rejects.toThrow("Another supplier already has this name.");
    await expect(updateSupplierDetails(db, staff, supplierId, details(version - 1, { name: "Stale Name" }))).rejects.toMatchObject({ kind: "conflict" });
    await expect(updateSupplierDetails(db, staff, 999_999_999, details(1))).rejects.toThrow("This supplier no longer exists.");
    expect(await db.supplier.findUniqueOrThrow({ where: { id: supplierId } })).toMatchObject({ name: "Meadow Clinical Ltd", version });
    expect(await db.auditEvent.count()).toBe(audits);
    expect(await db.outboxMessage.count()).toBe(outbox);
    // Two staff saving the same form at once: one wins, the other is told.
    const results = await Promise.allSettled([updateSupplierDetails(db, staff, supplierId, details(version, { town: "York" })), updateSupplierDetails(db, staff, supplierId, details(version, { town: "Hull" }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { kind: "conflict" } });
  });

  it("add, change and remove contacts, keeping one primary, audited", async () => {
    const db = database.db;
    const first = (await db.supplierContact.findFirstOrThrow({ where: { supplierId } })).id;
    const added = await saveSupplierContact(db, staff, supplierId, null, contact(await versionOf(), { isPrimary: "yes" }));
    expect(added).toMatchObject({ firstName: "Sam", email: "sam.okafor@meadow.example", phone: "0113 496 0000", department: "Sales", isPrimary: true });
    expect((await db.supplierContact.findUniqueOrThrow({ where: { id: first } })).isPrimary).toBe(false);
    expect(await auditCount("supplier.contact.add", String(supplierId))).toBe(1);

    await saveSupplierContact(db, staff, supplierId, added.id, contact(await versionOf(), { lastName: "Okafor-Smith", phone: "", department: "" }));
    // Unticking the primary contact hands the role to the other one.
    expect(await db.supplierContact.findUniqueOrThrow({ where: { id: added.id } })).toMatchObject({ lastName: "Okafor-Smith", phone: null, department: null, isPrimary: false });
    expect((await db.supplierContact.findUniqueOrThrow({ where: { id: first } })).isPrimary).toBe(true);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "supplier.contact.update", objectId: String(supplierId) } })).toMatchObject({
      before: { contactId: added.id, lastName: "Okafor", isPrimary: true },
      after: { contactId: added.id, lastName: "Okafor-Smith", isPrimary: false },
    });
    expect(await getSupplierContact(db, staff, supplierId, added.id)).toMatchObject({ contact: { id: added.id }, orders: 0, supplier: { contacts: 2, isActive: true } });

    await removeSupplierContact(db, staff, supplierId, first, await versionOf());
    expect(await db.supplierContact.findMany({ where: { supplierId }, select: { id: true, isPrimary: true } })).toEqual([{ id: added.id, isPrimary: true }]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "supplier.contact.remove", objectId: String(supplierId) } })).toMatchObject({ before: { contactId: first } });
    expect((await getSupplier(db, staff, supplierId))!.history.map((h) => h.action).slice(0, 3)).toEqual(["supplier.contact.remove", "supplier.contact.update", "supplier.contact.add"]);
  });

  it("keep an active supplier's last contact and a contact named on an order, and refuse bad contacts, saving nothing", async () => {
    const db = database.db;
    const [only] = await db.supplierContact.findMany({ where: { supplierId } });
    const audits = await db.auditEvent.count();
    const contacts = await db.supplierContact.count();
    await expect(removeSupplierContact(db, staff, supplierId, only.id, await versionOf())).rejects.toThrow("An active supplier must keep at least one contact.");
    await expect(saveSupplierContact(db, staff, supplierId, null, contact(await versionOf(), { email: "SAM.OKAFOR@meadow.example" }))).rejects.toThrow("already has this email address");
    await expect(saveSupplierContact(db, staff, supplierId, null, contact((await versionOf()) - 1, { email: "stale@meadow.example" }))).rejects.toMatchObject({ kind: "conflict" });
    // Another supplier's contact id is not found through this supplier.
    const otherContact = await db.supplierContact.findFirstOrThrow({ where: { supplierId: busySupplier } });
    await expect(saveSupplierContact(db, staff, supplierId, otherContact.id, contact(await versionOf(), { firstName: "Hijacked" }))).rejects.toThrow("This contact no longer exists.");
    await expect(removeSupplierContact(db, staff, supplierId, otherContact.id, await versionOf())).rejects.toThrow("This contact no longer exists.");
    expect(await getSupplierContact(db, staff, supplierId, otherContact.id)).toBeNull();
    for (const bad of [{ email: "not-an-email" }, { email: `${"a".repeat(250)}@x.example` }, { email: INJECTION }, { firstName: "" }, { lastName: "l".repeat(101) }, { phone: "call me" }, { phone: "1".repeat(31) }, { department: "d".repeat(101) }]) {
      expect(supplierContactSchema.safeParse({ firstName: "A", lastName: "B", email: "a@b.example", version: 1, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect((await db.supplierContact.findUniqueOrThrow({ where: { id: otherContact.id } })).firstName).toBe(otherContact.firstName);
    expect(await db.supplierContact.count()).toBe(contacts);
    expect(await db.auditEvent.count()).toBe(audits);

    // The busy supplier's contact is named on its order: it stays, even with another contact to take over.
    const order = await db.order.findFirstOrThrow({ where: { supplierId: busySupplier } });
    await db.order.update({ where: { id: order.id }, data: { supplierContactId: otherContact.id } });
    const busyVersion = (await db.supplier.findUniqueOrThrow({ where: { id: busySupplier } })).version;
    await saveSupplierContact(db, staff, busySupplier, null, contact(busyVersion, { email: "second@busy.example" }));
    await expect(removeSupplierContact(db, staff, busySupplier, otherContact.id, busyVersion + 1)).rejects.toThrow("named on 1 call-off order");
    expect(await db.supplierContact.count({ where: { id: otherContact.id } })).toBe(1);

    // An inactive supplier may be left without contacts (it needs one again to go active).
    const version = await versionOf();
    await setSupplierActive(db, staff, supplierId, { active: false, reason: "Left", version });
    await removeSupplierContact(db, staff, supplierId, only.id, version + 1);
    expect(await db.supplierContact.count({ where: { supplierId } })).toBe(0);
    await expect(setSupplierActive(db, staff, supplierId, { active: true, reason: "Back", version: version + 2 })).rejects.toThrow("Add a supplier contact");
    // Its first contact is the primary one, box ticked or not.
    expect(await saveSupplierContact(db, staff, supplierId, null, contact(version + 2))).toMatchObject({ isPrimary: true });
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
    const added = await addEmailDomain(db, staff, emailDomainSchema().parse({ domain: "  NHSE.Example.ORG " }).domain);
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
        () => addCapability(db, actor, { name: "Sneaky capability", description: "x", categoryId: "x", status: "ACTIVE", frameworkIds: [] }),
        () => capabilityChoices(db, actor),
        () => updateSupplierDetails(db, actor, idleSupplier, { name: "Sneaky", legalName: "Sneaky Ltd", summary: null, website: null, addressLine1: null, addressLine2: null, town: null, county: null, postcode: null, version: 1 }),
        () => getSupplierContact(db, actor, idleSupplier, null),
        () => saveSupplierContact(db, actor, idleSupplier, null, { firstName: "S", lastName: "N", email: "s@n.example", phone: null, department: null, isPrimary: true, version: 1 }),
        () => removeSupplierContact(db, actor, idleSupplier, `${idleSupplier}-contact-1`, 1),
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
    expect(await db.supplier.findUniqueOrThrow({ where: { id: idleSupplier } })).toMatchObject({ isActive: true, name: "Idle Health Software" });
    expect(await db.supplierContact.count({ where: { supplierId: idleSupplier } })).toBe(1);
    expect(await db.capability.count({ where: { name: "Sneaky capability" } })).toBe(0);
    expect(await db.allowedEmailDomain.count({ where: { domain: { in: ["nhs.net", "gmail.com"] } } })).toBe(1);
    expect((await db.epic.findUniqueOrThrow({ where: { id: "C5E1" } })).status).toBe("ACTIVE");
    expect((await db.user.findUniqueOrThrow({ where: { id: staff.userId } })).isActive).toBe(true);
  });
});
