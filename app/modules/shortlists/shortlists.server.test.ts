import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { getSolutionForBuyers } from "~/modules/catalogue/solution.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import { rebuildSearchIndex, setSearchEnginesForTests, syncListings } from "~/services/search/index.server";
import type { Actor } from "~/utils/auth.server";
import { addDays, londonToday, toDbDate } from "~/modules/dates";
import { createAssuranceRecord } from "../../../seed/factories";
import { createShortlist, deleteShortlist, listShortlists, markShortlistSeen, openShortlist, SHORTLIST_LIMIT } from "./shortlists.server";

const database = useTestDatabase();
let buyer: Actor;
let otherBuyer: Actor;
let supplierId: number;
const quiet = () => {};

beforeAll(async () => {
  setSearchEnginesForTests(null);
  await ensureReferenceData(database.db);
  supplierId = (await createSupplier(database.db)).supplier.id;
  buyer = await actorFor(database.db, (await createOrganisationWithUser(database.db)).user.id);
  otherBuyer = await actorFor(database.db, (await createOrganisationWithUser(database.db)).user.id);
});

afterAll(() => setSearchEnginesForTests(null));

describe("shortlists", () => {
  it("saves a search, and on reopening says what is new, withdrawn and lapsed", async () => {
    const kept = await createPublishedSolution(database.db, { supplierId, name: "Tessera Scheduling", capabilityIds: ["C46"] });
    const withdrawn = await createPublishedSolution(database.db, { supplierId, name: "Tessera Vaccinations", capabilityIds: ["C46"] });
    const lapsing = await createPublishedSolution(database.db, { supplierId, name: "Tessera Clinics", capabilityIds: ["C46"] });
    await rebuildSearchIndex(database.db, { log: quiet });

    const saved = await createShortlist(database.db, buyer, { name: "Vaccination options", search: "capability=C46" });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;

    const added = await createPublishedSolution(database.db, { supplierId, name: "Tessera Outreach", capabilityIds: ["C46"] });
    await database.db.catalogueItem.update({ where: { id: withdrawn.item.id }, data: { publicationStatus: "UNPUBLISHED", withdrawnAt: new Date(), withdrawnReason: "Replaced" } });
    await database.db.catalogueItem.update({ where: { id: lapsing.item.id }, data: { publicationStatus: "IN_REMEDIATION", remediationDeadline: new Date() } });
    await syncListings(database.db, [added.item.id, withdrawn.item.id, lapsing.item.id]);

    const opened = await openShortlist(database.db, buyer, saved.id);
    expect(opened?.results.map((r) => r.id).sort()).toEqual([kept.item.id, added.item.id].sort());
    expect(opened?.changes).toEqual(
      expect.arrayContaining([
        { id: added.item.id, name: "Tessera Outreach", change: "new" },
        { id: withdrawn.item.id, name: "Tessera Vaccinations", change: "withdrawn" },
        { id: lapsing.item.id, name: "Tessera Clinics", change: "lapsed", detail: "In remediation" },
      ]),
    );
    expect(opened?.changes).toHaveLength(3);
    expect((await getSolutionForBuyers(database.db, withdrawn.item.id))?.kind).toBe("withdrawn");
  });

  it("reports only real changes: not a lapse that was there when saved, but a return to assured and a price change; marking them seen starts again", async () => {
    const db = database.db;
    const today = londonToday();
    const already = await createPublishedSolution(db, { supplierId, name: "Quorra Lapsed", capabilityIds: ["C47"] });
    const steady = await createPublishedSolution(db, { supplierId, name: "Quorra Steady", capabilityIds: ["C47"] });
    const repriced = await createPublishedSolution(db, { supplierId, name: "Quorra Repriced", capabilityIds: ["C47"] });
    // Lapsed before the shortlist is saved: its own Training assurance expired last month.
    const training = await createAssuranceRecord(db, {
      supplierId,
      catalogueItemId: already.item.id,
      standardId: "S28",
      overrides: { status: "LAPSED", assuredOn: toDbDate(addDays(today, -400)), expiresOn: toDbDate(addDays(today, -30)) },
    });
    await rebuildSearchIndex(db, { log: quiet });
    const saved = await createShortlist(db, buyer, { name: "Vaccination recording", search: "capability=C47&assurance=assured&assurance=lapsed" });
    if (!saved.ok) throw new Error("not saved");
    expect((await openShortlist(db, buyer, saved.id))?.changes).toEqual([]);

    // The lapsed one is renewed; the other's price goes up.
    await db.assuranceRecord.update({ where: { id: training.id }, data: { status: "ASSURED", expiresOn: toDbDate(addDays(today, 300)) } });
    await db.priceTier.updateMany({ where: { priceId: repriced.priceIds[0] }, data: { price: "3.1000" } });
    const content = (await db.listingRevision.findFirstOrThrow({ where: { catalogueItemId: repriced.item.id, status: "APPROVED" } })).content as { prices: { tiers: { price: number | string }[] }[] };
    content.prices[0].tiers[0].price = "3.1000";
    await db.listingRevision.updateMany({ where: { catalogueItemId: repriced.item.id, status: "APPROVED" }, data: { content } });
    await syncListings(db, [already.item.id, repriced.item.id, steady.item.id]);

    const opened = await openShortlist(db, buyer, saved.id);
    expect(opened?.changes).toHaveLength(2);
    expect(opened?.changes).toEqual(
      expect.arrayContaining([
        { id: already.item.id, name: "Quorra Lapsed", change: "assured-again" },
        { id: repriced.item.id, name: "Quorra Repriced", change: "price-changed", detail: "£2.50 per patient per year to £3.10 per patient per year" },
      ]),
    );
    // Marked as seen: the same changes are not reported again.
    expect(await markShortlistSeen(db, otherBuyer, saved.id)).toBe(false);
    expect(await markShortlistSeen(db, buyer, saved.id)).toBe(true);
    expect((await openShortlist(db, buyer, saved.id))?.changes).toEqual([]);
  });

  it("is scoped to the organisation: another buyer's id finds nothing", async () => {
    const saved = await createShortlist(database.db, buyer, { name: "Private list", search: "q=tessera" });
    if (!saved.ok) throw new Error("not saved");
    expect(await openShortlist(database.db, otherBuyer, saved.id)).toBeNull();
    expect(await deleteShortlist(database.db, otherBuyer, saved.id)).toBe(false);
    expect((await listShortlists(database.db, otherBuyer)).map((s) => s.id)).not.toContain(saved.id);
    expect(await deleteShortlist(database.db, buyer, saved.id)).toBe(true);
  });

  it("refuses a duplicate name, a bad search and more than the limit, even when saved at once", async () => {
    const duplicate = await createShortlist(database.db, buyer, { name: "vaccination OPTIONS", search: "" });
    expect(duplicate).toMatchObject({ ok: false, errors: [{ fieldId: "name", message: expect.stringMatching(/already has a shortlist with this name/) }] });
    expect(await createShortlist(database.db, buyer, { name: "Bad", search: "page=0" })).toMatchObject({ ok: false });

    const existing = (await listShortlists(database.db, buyer)).length;
    const attempts = await Promise.all(Array.from({ length: SHORTLIST_LIMIT + 2 - existing }, (_, i) => createShortlist(database.db, buyer, { name: `List ${i}`, search: "" })));
    expect(attempts.filter((a) => a.ok)).toHaveLength(SHORTLIST_LIMIT - existing);
    expect(await database.db.shortlist.count({ where: { organisationId: buyer.organisationId } })).toBe(SHORTLIST_LIMIT);
    expect(attempts.find((a) => !a.ok)).toMatchObject({ errors: [{ message: expect.stringMatching(/most allowed/) }] });
  });
});
