import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrganisationWithUser, ensureReferenceData } from "../../../seed/factories";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import { acceptTerms, forgetLatestTerms, publishTerms, termsToAccept } from "./terms.server";

const database = useTestDatabase();
const db = () => database.db;
const body = "## Terms\n\nThe catalogue may be used only for buying under its frameworks, by the account holder.";
let staffId: string;
let buyerId: string;

beforeAll(async () => {
  await ensureReferenceData(db());
  staffId = (await createOrganisationWithUser(db(), { type: "EXECUTIVE_AGENCY" })).user.id;
  buyerId = (await createOrganisationWithUser(db())).user.id;
});
beforeEach(() => forgetLatestTerms());

describe("terms of use", () => {
  it("asks nobody to accept anything until a version is published", async () => {
    expect(await termsToAccept(db(), buyerId)).toBeNull();
  });

  it("numbers versions in order even when two staff publish at once, and audits each", async () => {
    const staff = await actorFor(db(), staffId);
    const [a, b] = await Promise.all([publishTerms(db(), staff, { summary: "First.", body }), publishTerms(db(), staff, { summary: "Second.", body })]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    expect(await db().auditEvent.count({ where: { action: "terms.publish" } })).toBe(2);
  });

  it("asks a person to accept the latest version, records the acceptance once, then asks again only for a newer one", async () => {
    const buyer = await actorFor(db(), buyerId);
    const pending = await termsToAccept(db(), buyerId);
    expect(pending?.version).toBe(2);
    await Promise.all([acceptTerms(db(), buyer, pending!.id, { ip: "192.0.2.9" }), acceptTerms(db(), buyer, pending!.id, { ip: "192.0.2.9" })]);
    expect(await db().termsAcceptance.count({ where: { userId: buyerId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "terms.accept", actorUserId: buyerId } })).toBe(1);
    expect(await termsToAccept(db(), buyerId)).toBeNull();

    await publishTerms(db(), await actorFor(db(), staffId), { summary: "Third.", body });
    expect((await termsToAccept(db(), buyerId))?.version).toBe(3);
  });

  it("lets only commercial staff publish", async () => {
    await expect(publishTerms(db(), await actorFor(db(), buyerId), { summary: "Mine.", body })).rejects.toMatchObject({ status: 403 });
  });
});
