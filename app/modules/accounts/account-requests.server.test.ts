import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import { accountRequestSchema, decideAccountRequest, listAccountRequests, submitAccountRequest, type AccountRequestInput } from "./account-requests.server";

const database = useTestDatabase();
const db = () => database.db;
const context = (n: number) => ({ network: `net-request-${n}`, ip: "192.0.2.77" });

let practice: { id: string; odsCode: string };
let otherPractice: { id: string; odsCode: string };
let managerId: string;
let otherManagerId: string;
let staffId: string;
let orphan: { id: string; odsCode: string };

beforeAll(async () => {
  await ensureReferenceData(db());
  const a = await createOrganisationWithUser(db(), { role: "ACCOUNT_MANAGER", email: "manager.a@nhs.net" });
  const b = await createOrganisationWithUser(db(), { role: "ACCOUNT_MANAGER", email: "manager.b@nhs.net" });
  practice = a.organisation;
  otherPractice = b.organisation;
  managerId = a.user.id;
  otherManagerId = b.user.id;
  // A practice whose only person is a buyer: requests there go to staff.
  orphan = (await createOrganisationWithUser(db(), { role: "BUYER", email: "lonely.buyer@nhs.net" })).organisation;
  staffId = (await createOrganisationWithUser(db(), { type: "EXECUTIVE_AGENCY", email: "staff.requests@nhs.net" })).user.id;
});

const input = (overrides: Partial<AccountRequestInput> = {}): AccountRequestInput => ({ name: "Pat Request", email: "pat.request@nhs.net", odsCode: practice.odsCode, role: "BUYER", reason: "", ...overrides });

describe("asking for an account", () => {
  it("records a waiting request, emails the organisation's account manager and the person, and audits it", async () => {
    expect(await submitAccountRequest(db(), input(), context(1))).toEqual({ ok: true });
    const request = await db().accountRequest.findFirstOrThrow({ where: { email: "pat.request@nhs.net" } });
    expect(request).toMatchObject({ status: "PENDING", organisationId: practice.id, role: "BUYER" });
    expect(await db().email.count({ where: { to: "manager.a@nhs.net", subject: { startsWith: "Account request: Pat Request" } } })).toBe(1);
    expect(await db().email.count({ where: { to: "manager.b@nhs.net" } })).toBe(0);
    expect(await db().email.count({ where: { to: "pat.request@nhs.net", subject: "Your request for a Buying Catalogue account" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "accountRequest.create", objectId: request.id } })).toBe(1);
  });

  it("refuses a second request for the same address while the first waits, even two at once", async () => {
    expect(await submitAccountRequest(db(), input(), context(2))).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("already waiting") });
    const twice = await Promise.all([submitAccountRequest(db(), input({ email: "twice@nhs.net" }), context(3)), submitAccountRequest(db(), input({ email: "twice@nhs.net" }), context(4))]);
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().accountRequest.count({ where: { email: "twice@nhs.net" } })).toBe(1);
  });

  it("explains an unknown ODS code, a role the organisation cannot have and a domain not allowed, saving nothing", async () => {
    const before = await db().accountRequest.count();
    expect(await submitAccountRequest(db(), input({ email: "x1@nhs.net", odsCode: "ZZZ999" }), context(5))).toMatchObject({ ok: false, field: "odsCode", message: expect.stringContaining("ZZZ999") });
    expect(await submitAccountRequest(db(), input({ email: "x2@nhs.net", role: "SUPPLIER" }), context(5))).toMatchObject({ ok: false, field: "role" });
    expect(await submitAccountRequest(db(), input({ email: "someone@gmail.com" }), context(5))).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("allowed email domains") });
    expect(await db().accountRequest.count()).toBe(before);
  });

  it("does not say on the page that an address has an account: it emails the holder", async () => {
    expect(await submitAccountRequest(db(), input({ email: "manager.b@nhs.net" }), context(6))).toEqual({ ok: true });
    expect(await db().accountRequest.count({ where: { email: "manager.b@nhs.net" } })).toBe(0);
    expect(await db().email.count({ where: { to: "manager.b@nhs.net", subject: "You already have a Buying Catalogue account" } })).toBe(1);
  });

  it("sends requests at an organisation with no account manager to commercial staff", async () => {
    expect(await submitAccountRequest(db(), input({ email: "orphan.request@nhs.net", odsCode: orphan.odsCode }), context(7))).toEqual({ ok: true });
    expect(await db().email.count({ where: { to: "staff.requests@nhs.net", subject: { startsWith: "Account request:" } } })).toBe(1);
  });

  it("reads the form strictly: long, empty, injected and wrongly typed answers are refused", () => {
    const bad = [
      { ...input(), name: "" },
      { ...input(), name: "n".repeat(101) },
      { ...input(), email: "not an email" },
      { ...input(), odsCode: "'; DROP TABLE users; --" },
      { ...input(), odsCode: "A".repeat(21) },
      { ...input(), role: "AUTHORITY" },
      { ...input(), reason: "r".repeat(501) },
      { ...input(), name: ["a", "b"] },
    ];
    for (const values of bad) expect(accountRequestSchema.safeParse(values).success, JSON.stringify(values).slice(0, 80)).toBe(false);
    expect(accountRequestSchema.parse({ ...input(), odsCode: " a81001 " }).odsCode).toBe("A81001");
  });
});

describe("deciding a request", () => {
  it("lets an account manager see and decide only their own organisation's requests", async () => {
    const manager = await actorFor(db(), managerId);
    const other = await actorFor(db(), otherManagerId);
    const request = await db().accountRequest.findFirstOrThrow({ where: { email: "pat.request@nhs.net" } });
    expect((await listAccountRequests(db(), manager)).pending.map((r) => r.email)).toContain("pat.request@nhs.net");
    expect((await listAccountRequests(db(), other)).pending.map((r) => r.email)).not.toContain("pat.request@nhs.net");
    expect(await decideAccountRequest(db(), other, request.id, { approve: true })).toMatchObject({ ok: false, notFound: true });
    expect((await db().accountRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("PENDING");
  });

  it("approving sends the ordinary invitation once, however often it is posted", async () => {
    const manager = await actorFor(db(), managerId);
    const request = await db().accountRequest.findFirstOrThrow({ where: { email: "pat.request@nhs.net" } });
    const results = await Promise.all([decideAccountRequest(db(), manager, request.id, { approve: true }), decideAccountRequest(db(), manager, request.id, { approve: true })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const decided = await db().accountRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(decided).toMatchObject({ status: "APPROVED", decidedById: managerId });
    const invitation = await db().invitation.findUniqueOrThrow({ where: { id: decided.invitationId! } });
    expect(invitation).toMatchObject({ email: "pat.request@nhs.net", organisationId: practice.id, role: "BUYER" });
    expect(await db().email.count({ where: { to: "pat.request@nhs.net", subject: { contains: "invited you" } } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "accountRequest.approve", objectId: request.id } })).toBe(1);
  });

  it("declining tells the person why; staff may decide anyone's; a buyer may decide nobody's", async () => {
    const staff = await actorFor(db(), staffId);
    const request = await db().accountRequest.findFirstOrThrow({ where: { email: "orphan.request@nhs.net" } });
    expect(await decideAccountRequest(db(), staff, request.id, { approve: false, declineReason: "This practice has closed." })).toEqual({ ok: true, status: "DECLINED" });
    const email = await db().email.findFirstOrThrow({ where: { to: "orphan.request@nhs.net", subject: { contains: "declined" } } });
    expect(email.textBody).toContain("This practice has closed.");
    const buyer = await actorFor(db(), (await db().user.findUniqueOrThrow({ where: { email: "lonely.buyer@nhs.net" } })).id);
    await expect(listAccountRequests(db(), buyer)).rejects.toMatchObject({ status: 403 });
    expect(await decideAccountRequest(db(), staff, request.id, { approve: true })).toMatchObject({ ok: false, message: "This request has already been decided" });
  });

  it("finds nothing for ids that are not a request's", async () => {
    const staff = await actorFor(db(), staffId);
    for (const id of ["", "' OR 1=1 --", "x".repeat(5000), otherPractice.id]) {
      expect(await decideAccountRequest(db(), staff, id, { approve: true })).toMatchObject({ ok: false, notFound: true });
    }
  });

  it("a supplier's requests go to the supplier's account manager", async () => {
    const { organisation: supplierOrg } = await createSupplier(db());
    const manager = { user: await db().user.create({ data: { email: "supplier.manager@example-supplier.co.uk", name: "Sam Supplier", passwordHash: "x", organisationId: supplierOrg.id, role: "SUPPLIER_ACCOUNT_MANAGER" } }) };
    expect(await submitAccountRequest(db(), input({ email: "new.dev@example-supplier.co.uk", odsCode: supplierOrg.odsCode, role: "SUPPLIER" }), context(8))).toEqual({ ok: true });
    expect(await db().email.count({ where: { to: "supplier.manager@example-supplier.co.uk", subject: { startsWith: "Account request:" } } })).toBe(1);
    const actor = await actorFor(db(), manager.user.id);
    expect((await listAccountRequests(db(), actor)).pending.map((r) => r.email)).toEqual(["new.dev@example-supplier.co.uk"]);
  });
});
