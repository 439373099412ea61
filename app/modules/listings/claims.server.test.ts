import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { getSolutionForBuyers } from "~/modules/catalogue/solution.server";
import { addDays, londonToday, toDbDate } from "~/modules/dates";
import { rebuildSearchIndex, searchCatalogue, setSearchEnginesForTests, syncListings } from "~/services/search/index.server";
import { emptyQuery } from "~/services/search/query";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { validatePrice } from "./content";
import { createListing, getListingForEditing, newPriceId, requiredStandardIds, saveSection, savePrice, saveStandardEvidence, submitRevision } from "./drafts.server";
import { approveRevision } from "./publication.server";

/** Interoperability claims need assurance: submission, approval, the integration filter and the solution page. */
const database = useTestDatabase();
const today = londonToday();
const quiet = () => {};
let supplier: Actor;
let staff: Actor;
let supplierId: number;

beforeAll(async () => {
  setSearchEnginesForTests(null);
  const db = database.db;
  await ensureReferenceData(db);
  const created = await createSupplier(db);
  supplierId = created.supplier.id;
  const user = await db.user.create({ data: { email: `claims@supplier-${supplierId}.example`, name: "Claire Claims", passwordHash: "x", role: "SUPPLIER", organisationId: created.organisation.id } });
  supplier = await actorFor(db, user.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user.id);
});

afterAll(() => setSearchEnginesForTests(null));

async function ref(itemId: string) {
  const listing = await getListingForEditing(database.db, supplier, itemId);
  return { itemId, revisionId: listing!.revision!.id, version: listing!.revision!.version };
}

const evidence = (standardId: string) => ({ standardId, certificateNumber: `${standardId}-CERT`, assuredOn: addDays(today, -10), expiresOn: addDays(today, 365) });

/** A new listing, complete except for GP Connect evidence, claiming GP Connect Access Record HTML as a provider. */
async function gpConnectDraft(name: string) {
  const db = database.db;
  const created = await createListing(db, supplier, { kind: "SOLUTION", name });
  if (!created.ok) throw new Error(created.message);
  const itemId = created.itemId;
  const epics = (await db.epic.findMany({ where: { capabilityId: "C43" } })).map((e) => ({ epicId: e.id, result: "PASSED" as const }));
  for (const patch of [
    { summary: `${name} for GP practices.`, description: "A description.", name },
    { features: ["Records"] },
    { capabilities: [{ capabilityId: "C43", result: "PASSED_FULL" as const, epics }] },
    { integrations: [{ integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "PROVIDER" as const, description: "Shares the GP record." }] },
    { hostingTypes: [{ hostingType: "PUBLIC_CLOUD" as const, summary: "UK cloud", hscnRequired: false }] },
    { applicationTypes: [{ applicationType: "BROWSER_BASED" as const, description: "Browsers" }] },
    { implementationTimescales: "Two weeks." },
    { frameworks: [{ frameworkId: "TIF001", isFoundation: false }] },
  ]) {
    expect((await saveSection(db, supplier, await ref(itemId), patch)).ok).toBe(true);
  }
  const price = validatePrice({ provisioningType: "PATIENT", priceType: "FLAT", billingPeriod: "YEARLY", unitDescription: "per patient", price: "1.25" }, newPriceId(itemId));
  if (!price.ok) throw new Error("price");
  expect((await savePrice(db, supplier, await ref(itemId), price.price)).ok).toBe(true);
  for (const standardId of await requiredStandardIds(db)) {
    expect((await saveStandardEvidence(db, supplier, await ref(itemId), { entry: evidence(standardId), keepDocument: null, upload: null })).ok).toBe(true);
  }
  return itemId;
}

describe("a GP Connect claim needs S44 GP Connect assurance", () => {
  it("is refused at submission without S44 evidence, and accepted with it", async () => {
    const itemId = await gpConnectDraft("Claimwise Records");
    const refused = await submitRevision(database.db, supplier, await ref(itemId));
    expect(refused).toEqual({
      ok: false,
      reason: "refused",
      message: "GP Connect Access Record HTML (provider) needs evidence of assurance against GP Connect (S44): add it under Standards and evidence, or remove the claim.",
    });
    expect((await database.db.listingRevision.findFirstOrThrow({ where: { catalogueItemId: itemId } })).status).toBe("DRAFT");

    // Evidence that has already expired is no evidence.
    await saveStandardEvidence(database.db, supplier, await ref(itemId), { entry: { ...evidence("S44"), assuredOn: addDays(today, -400), expiresOn: addDays(today, -1) }, keepDocument: null, upload: null });
    expect(await submitRevision(database.db, supplier, await ref(itemId))).toMatchObject({ ok: false, reason: "refused" });

    await saveStandardEvidence(database.db, supplier, await ref(itemId), { entry: evidence("S44"), keepDocument: null, upload: null });
    expect(await submitRevision(database.db, supplier, await ref(itemId))).toEqual({ ok: true });
    const revision = await database.db.listingRevision.findFirstOrThrow({ where: { catalogueItemId: itemId } });
    // Staff are told a new listing waits for review; the refused submissions told nobody.
    const told = await database.db.email.findMany({ where: { to: staff.email } });
    expect(told.map((e) => e.subject)).toEqual([`For review: Claimwise Records (${itemId}) from ${(await database.db.supplier.findUniqueOrThrow({ where: { id: supplierId } })).name}`]);
    expect(told[0].textBody).toContain(`/admin/reviews/${revision.id}`);
    expect(await approveRevision(database.db, staff, revision.id, revision.version)).toEqual({ ok: true, itemId });
    await syncListings(database.db, [itemId]);
    const found = await searchCatalogue(emptyQuery({ integration: ["GP_CONNECT"], q: "Claimwise" }));
    expect(found.hits.map((h) => h.document.id)).toEqual([itemId]);
  });

  it("is refused at approval when the submitted revision has no S44 evidence, and nothing is published", async () => {
    const itemId = await gpConnectDraft("Claimless Records");
    await saveStandardEvidence(database.db, supplier, await ref(itemId), { entry: evidence("S44"), keepDocument: null, upload: null });
    expect(await submitRevision(database.db, supplier, await ref(itemId))).toEqual({ ok: true });
    // A revision submitted before the rule existed (or altered behind the page): its S44 entry is gone.
    const submitted = await database.db.listingRevision.findFirstOrThrow({ where: { catalogueItemId: itemId } });
    const content = submitted.content as { standards: { standardId: string }[] };
    await database.db.listingRevision.update({ where: { id: submitted.id }, data: { content: { ...content, standards: content.standards.filter((e) => e.standardId !== "S44") } } });

    const result = await approveRevision(database.db, staff, submitted.id, submitted.version);
    expect(result).toEqual({ ok: false, reason: "refused", message: expect.stringContaining("needs evidence of assurance against GP Connect (S44)") });
    const after = await database.db.catalogueItem.findUniqueOrThrow({ where: { id: itemId }, include: { integrations: true, assuranceRecords: true } });
    expect(after).toMatchObject({ publicationStatus: "DRAFT", publishedRevisionId: null });
    expect(after.integrations).toEqual([]);
    expect(after.assuranceRecords).toEqual([]);
    expect((await database.db.listingRevision.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe("SUBMITTED");
  });
});

describe("the integration filter counts only assured claims", () => {
  it("leaves out a published GP Connect provider claim without S44, and marks a claim whose S44 lapsed", async () => {
    const db = database.db;
    const claim = { integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "PROVIDER" as const, description: "Shares the record." };
    const unassured = await createPublishedSolution(db, { supplierId, name: "Filterwise Unassured", overrides: { integrations: [claim] } });
    const assured = await createPublishedSolution(db, { supplierId, name: "Filterwise Assured", overrides: { integrations: [claim] } });
    const lapsing = await createPublishedSolution(db, { supplierId, name: "Filterwise Lapsing", overrides: { integrations: [claim] } });
    await createAssuranceRecord(db, { supplierId, catalogueItemId: assured.item.id, standardId: "S44" });
    const s44 = await createAssuranceRecord(db, { supplierId, catalogueItemId: lapsing.item.id, standardId: "S44" });
    await rebuildSearchIndex(db, { log: quiet });

    const filtered = async () => (await searchCatalogue(emptyQuery({ q: "Filterwise", integration: ["GP_CONNECT"], perPage: 50 }))).hits.map((h) => h.document.name).sort();
    expect(await filtered()).toEqual(["Filterwise Assured", "Filterwise Lapsing"]);
    const all = await searchCatalogue(emptyQuery({ q: "Filterwise", perPage: 50 }));
    expect(all.total).toBe(3);
    expect(all.facets.integration.find((f) => f.value === "GP_CONNECT")?.count).toBe(2);

    // S44 lapses (expired yesterday) on one: the filter leaves it out and its page marks the claim.
    await db.assuranceRecord.update({ where: { id: s44.id }, data: { assuredOn: toDbDate(addDays(today, -400)), expiresOn: toDbDate(addDays(today, -2)), status: "LAPSED" } });
    await syncListings(db, [lapsing.item.id]);
    expect(await filtered()).toEqual(["Filterwise Assured"]);
    const page = await getSolutionForBuyers(db, lapsing.item.id);
    if (page?.kind !== "found") throw new Error("no page");
    expect(page.solution.integrations[0].warning).toMatch(/^Not assured: its GP Connect \(S44\) assurance lapsed on \d+ \w+ \d{4}\.$/);
    const unassuredPage = await getSolutionForBuyers(db, unassured.item.id);
    if (unassuredPage?.kind !== "found") throw new Error("no page");
    expect(unassuredPage.solution.integrations[0].warning).toBe("Not assured: no S44 assurance is recorded for this integration.");
    const assuredPage = await getSolutionForBuyers(db, assured.item.id);
    if (assuredPage?.kind !== "found") throw new Error("no page");
    expect(assuredPage.solution.integrations[0].warning).toBeNull();
  });
});
