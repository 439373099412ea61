import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { acceptInvitation, deactivateColleague, findInvitation, inviteColleague, listColleagues } from "~/modules/users/colleagues.server";
import { supplierContracts, supplierContractsCsv } from "./contracts.server";

const database = useTestDatabase();
let managerA: Actor;
let plainA: Actor;
let managerB: Actor;
let contractOfA: string;
let contractOfB: string;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const make = (org: string, email: string, role: "SUPPLIER" | "SUPPLIER_ACCOUNT_MANAGER") => db.user.create({ data: { email, name: email.split("@")[0], passwordHash: "x", role, organisationId: org } });
  managerA = await actorFor(db, (await make(a.organisation.id, `boss@a${a.supplier.id}.example`, "SUPPLIER_ACCOUNT_MANAGER")).id);
  plainA = await actorFor(db, (await make(a.organisation.id, `staff@a${a.supplier.id}.example`, "SUPPLIER")).id);
  managerB = await actorFor(db, (await make(b.organisation.id, `boss@b${b.supplier.id}.example`, "SUPPLIER_ACCOUNT_MANAGER")).id);
  const solutionA = await createPublishedSolution(db, { supplierId: a.supplier.id });
  const solutionB = await createPublishedSolution(db, { supplierId: b.supplier.id });
  const buyer = await createOrganisationWithUser(db, { type: "GP_PRACTICE", email: "dr.private@nhs.net" });
  contractOfA = (await createOrderWithContract(db, { organisationId: buyer.organisation.id, createdById: buyer.user.id, solutionId: solutionA.item.id })).contract.id;
  contractOfB = (await createOrderWithContract(db, { organisationId: buyer.organisation.id, createdById: buyer.user.id, solutionId: solutionB.item.id, contractStatus: "FLAGGED_FOR_TERMINATION" })).contract.id;
  await db.terminationFlag.create({ data: { contractId: contractOfB, reason: "SOLUTION_SUSPENDED" } });
});

describe("supplier contracts", () => {
  it("shows a supplier only contracts for its own solutions, with the flag reason and no contact details", async () => {
    const rowsA = await supplierContracts(database.db, plainA);
    expect(rowsA.map((r) => r.id)).toEqual([contractOfA]);
    const rowsB = await supplierContracts(database.db, managerB);
    expect(rowsB.map((r) => r.id)).toEqual([contractOfB]);
    expect(rowsB[0]).toMatchObject({ status: "FLAGGED_FOR_TERMINATION", flagReason: "The solution was suspended" });
    const csv = supplierContractsCsv(rowsA);
    expect(csv.split("\r\n")[0]).toContain("Call-off ID");
    expect(csv).not.toContain("dr.private@nhs.net");
  });
});

describe("colleagues and invitations", () => {
  it("lets an account manager invite a colleague who accepts once, within 7 days", async () => {
    const db = database.db;
    expect(await inviteColleague(db, managerA, { email: "new.person@a.example", role: "SUPPLIER" })).toMatchObject({ ok: true });
    const email = await db.email.findFirstOrThrow({ where: { to: "new.person@a.example" } });
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(email.textBody)![1];
    const stored = await db.invitation.findFirstOrThrow({ where: { email: "new.person@a.example" } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await findInvitation(db, token, new Date(Date.now() + 8 * 86_400_000))).toBeNull();

    const accepted = await acceptInvitation(db, token, { name: "New Person", password: "a long enough password" });
    expect(accepted.ok).toBe(true);
    expect(await acceptInvitation(db, token, { name: "Again", password: "a long enough password" })).toMatchObject({ ok: false });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.person@a.example" } });
    expect(user).toMatchObject({ role: "SUPPLIER", organisationId: managerA.organisationId, name: "New Person" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await inviteColleague(db, managerA, { email: "new.person@a.example", role: "SUPPLIER" })).toMatchObject({ ok: false });
  });

  it("keeps colleagues to their own organisation and refuses suppliers without the permission", async () => {
    const db = database.db;
    expect((await listColleagues(db, managerA)).users.every((u) => u.email.includes("a") && u.id !== managerB.userId)).toBe(true);
    expect(await deactivateColleague(db, managerB, plainA.userId)).toEqual({ ok: false, message: "That colleague could not be found" });
    expect(await deactivateColleague(db, managerA, managerA.userId)).toMatchObject({ ok: false });
    await expect(inviteColleague(db, plainA, { email: "x@a.example", role: "SUPPLIER" })).rejects.toMatchObject({ status: 403 });
    expect(await deactivateColleague(db, managerA, plainA.userId)).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: plainA.userId } })).isActive).toBe(false);
  });
});
