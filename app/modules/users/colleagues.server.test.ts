import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, ensureReferenceData } from "../../../seed/factories";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { acceptInvitation, deactivateColleague, findInvitation, inviteColleague, inviteSchema, listColleagues } from "./colleagues.server";

/** A buyer organisation's account manager and their colleagues (/buyer/users); suppliers' are in suppliers.server.test.ts. */

const database = useTestDatabase();
let managerA: Actor;
let buyerA: Actor;
let managerB: Actor;
let buyerB: Actor;
let staff: Actor;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createOrganisationWithUser(db, { type: "ICB", email: "manager.a@nhs.net", role: "ACCOUNT_MANAGER" });
  managerA = await actorFor(db, a.user.id);
  buyerA = await actorFor(db, (await db.user.create({ data: { email: "buyer.a@nhs.net", name: "Buyer A", passwordHash: "x", organisationId: a.organisation.id, role: "BUYER" } })).id);
  const b = await createOrganisationWithUser(db, { email: "manager.b@nhs.net", role: "ACCOUNT_MANAGER" });
  managerB = await actorFor(db, b.user.id);
  buyerB = await actorFor(db, (await db.user.create({ data: { email: "buyer.b@nhs.net", name: "Buyer B", passwordHash: "x", organisationId: b.organisation.id, role: "BUYER" } })).id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user.id);
});

describe("a buyer account manager's colleagues", () => {
  it("lists only their own organisation's people and the buyer roles", async () => {
    const { users, roles } = await listColleagues(database.db, managerA);
    expect(users.map((u) => u.email).sort()).toEqual(["buyer.a@nhs.net", "manager.a@nhs.net"]);
    expect(roles).toEqual(["BUYER", "ACCOUNT_MANAGER"]);
  });

  it("invites a colleague at an allowed domain, who accepts into the same organisation", async () => {
    const db = database.db;
    const result = await inviteColleague(db, managerA, inviteSchema.parse({ email: "New.Colleague@Lancs.NHS.UK", role: "BUYER" }));
    expect(result).toMatchObject({ ok: true });
    const invitation = await db.invitation.findFirstOrThrow({ where: { email: "new.colleague@lancs.nhs.uk" } });
    expect(invitation).toMatchObject({ organisationId: managerA.organisationId, role: "BUYER", invitedById: managerA.userId });
    expect(await db.auditEvent.count({ where: { action: "user.invite", objectId: invitation.id, actorUserId: managerA.userId } })).toBe(1);
    const email = await db.email.findFirstOrThrow({ where: { to: "new.colleague@lancs.nhs.uk" } });
    expect(email.textBody).toContain("find and buy IT for");
    expect((await listColleagues(db, managerA)).invitations.map((i) => i.email)).toEqual(["new.colleague@lancs.nhs.uk"]);
    expect((await listColleagues(db, managerB)).invitations).toEqual([]);

    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(email.textBody)![1];
    expect((await findInvitation(db, token))?.organisation.type).toBe("ICB");
    expect(await acceptInvitation(db, token, { name: "New Colleague", password: "a long enough password" })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { email: "new.colleague@lancs.nhs.uk" } })).toMatchObject({ organisationId: managerA.organisationId, role: "BUYER" });
  });

  it("refuses addresses off the allow-list, supplier and staff roles, and existing accounts, saving nothing", async () => {
    const db = database.db;
    const invitations = await db.invitation.count();
    const audits = await db.auditEvent.count();
    expect(await inviteColleague(db, managerA, inviteSchema.parse({ email: "someone@gmail.com", role: "BUYER" }))).toMatchObject({ ok: false, field: "email" });
    expect(await inviteColleague(db, managerA, inviteSchema.parse({ email: "someone@nhs.net.evil.example", role: "BUYER" }))).toMatchObject({ ok: false, field: "email" });
    for (const role of ["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER", "AUTHORITY"] as const) {
      expect(await inviteColleague(db, managerA, inviteSchema.parse({ email: "ok@nhs.net", role }))).toMatchObject({ ok: false, field: "role" });
    }
    expect(await inviteColleague(db, managerA, inviteSchema.parse({ email: "BUYER.B@nhs.net", role: "BUYER" }))).toMatchObject({ ok: false, field: "email", message: expect.stringContaining("already has an account") });
    expect(await db.invitation.count()).toBe(invitations);
    expect(await db.auditEvent.count()).toBe(audits);
    for (const bad of [{ email: "" }, { email: "no-at-sign" }, { email: `${"x".repeat(250)}@nhs.net` }, { email: "a@nhs.net'; DROP TABLE users;--" }, { role: "ADMIN" }, { role: 7 }, { email: ["a@nhs.net", "b@nhs.net"] }]) {
      expect(inviteSchema.safeParse({ email: "fine@nhs.net", role: "BUYER", ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("sends one live invitation per address: a second replaces the first", async () => {
    const db = database.db;
    await inviteColleague(db, managerA, inviteSchema.parse({ email: "twice@nhs.net", role: "ACCOUNT_MANAGER" }));
    await inviteColleague(db, managerA, inviteSchema.parse({ email: "twice@nhs.net", role: "BUYER" }));
    const open = (await listColleagues(db, managerA)).invitations.filter((i) => i.email === "twice@nhs.net");
    expect(open).toMatchObject([{ role: "BUYER" }]);
  });

  it("cannot deactivate another organisation's people or themselves; deactivating ends sessions", async () => {
    const db = database.db;
    expect(await deactivateColleague(db, managerA, buyerB.userId)).toEqual({ ok: false, message: "That colleague could not be found" });
    expect(await deactivateColleague(db, managerA, managerA.userId)).toMatchObject({ ok: false });
    expect(await deactivateColleague(db, managerA, "'; DELETE FROM users;--")).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: buyerB.userId } })).isActive).toBe(true);
    await db.session.create({ data: { id: "buyer-a-session", userId: buyerA.userId, csrfSecret: "x", expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await deactivateColleague(db, managerA, buyerA.userId)).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: buyerA.userId } })).isActive).toBe(false);
    expect(await db.session.count({ where: { userId: buyerA.userId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "user.deactivate", objectId: buyerA.userId, actorUserId: managerA.userId } })).toBe(1);
  });

  it("is forbidden to plain buyers and to commercial staff (who use the console)", async () => {
    const db = database.db;
    const invitations = await db.invitation.count();
    for (const actor of [buyerB, staff]) {
      await expect(listColleagues(db, actor)).rejects.toMatchObject({ status: 403 });
      await expect(inviteColleague(db, actor, { email: "x@nhs.net", role: "BUYER" })).rejects.toMatchObject({ status: 403 });
      await expect(deactivateColleague(db, actor, managerB.userId)).rejects.toMatchObject({ status: 403 });
    }
    expect(await db.invitation.count()).toBe(invitations);
    expect((await db.user.findUniqueOrThrow({ where: { id: managerB.userId } })).isActive).toBe(true);
  });
});
