import { beforeAll, describe, expect, it } from "vitest";
import { createAssuranceRecord, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, londonToday } from "~/modules/dates";
import { getReview, requestChanges, reviewQueue } from "~/modules/reviews/reviews.server";
import { projectListings } from "~/services/search/projection.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { validatePrice } from "./content";
import { createListing, getListingForEditing, newPriceId, requiredStandardIds, saveSection, savePrice, saveStandardEvidence, startDraft, submitRevision, withdrawRevision } from "./drafts.server";
import { scopedById } from "~/modules/access/scope.server";
import { approveRevision } from "./publication.server";

const database = useTestDatabase();
let supplierA: Actor;
let supplierB: Actor;
let staff: Actor;
let buyer: Actor;

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = await createSupplier(db);
  const b = await createSupplier(db);
  const userA = await db.user.create({ data: { email: `a@supplier-${a.supplier.id}.example`, name: "Ann Author", passwordHash: "x", role: "SUPPLIER", organisationId: a.organisation.id } });
  const userB = await db.user.create({ data: { email: `b@supplier-${b.supplier.id}.example`, name: "Bob Other", passwordHash: "x", role: "SUPPLIER", organisationId: b.organisation.id } });
  supplierA = await actorFor(db, userA.id);
  supplierB = await actorFor(db, userB.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY", odsCode: "X26T" })).user.id);
  buyer = await actorFor(db, (await createOrganisationWithUser(db, { type: "GP_PRACTICE" })).user.id);
});

/** What the public catalogue and search would show a buyer. */
async function buyerCanSee(itemId: string) {
  const db = database.db;
  const row = await db.catalogueItem.findFirst({ where: scopedById(buyer, "catalogue", "read", { published: { publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION"] } } }, itemId) });
  const projection = await projectListings(db, [itemId]);
  expect(Boolean(row)).toBe(projection.documents.length === 1);
  return projection.documents.length === 1;
}

const epicsOfC43 = async () => (await database.db.epic.findMany({ where: { capabilityId: "C43" } })).map((e) => e.id);

async function revisionRef(itemId: string, actor = supplierA) {
  const listing = await getListingForEditing(database.db, actor, itemId);
  return { itemId, revisionId: listing!.revision!.id, version: listing!.revision!.version };
}

async function fillSolution(itemId: string) {
  const db = database.db;
  const sections = [
    { summary: "Online consultation for GP practices.", description: "<script>alert(1)</script> A complete description.", name: "Consult Well" },
    { features: ["Triage", "Video"] },
    { capabilities: [{ capabilityId: "C43", result: "PASSED_FULL" as const, epics: (await epicsOfC43()).map((epicId) => ({ epicId, result: "PASSED" as const })) }] },
    { hostingTypes: [{ hostingType: "PUBLIC_CLOUD" as const, summary: "UK cloud", hscnRequired: false }] },
    { applicationTypes: [{ applicationType: "BROWSER_BASED" as const, description: "Modern browsers" }] },
    { implementationTimescales: "Two weeks." },
    { frameworks: [{ frameworkId: "TIF001", isFoundation: false }] },
  ];
  for (const patch of sections) {
    const result = await saveSection(db, supplierA, await revisionRef(itemId), patch);
    expect(result.ok).toBe(true);
  }
  const price = validatePrice({ provisioningType: "PATIENT", priceType: "FLAT", billingPeriod: "YEARLY", unitDescription: "per patient", price: "1.25" }, newPriceId(itemId));
  if (!price.ok) throw new Error("price");
  expect((await savePrice(db, supplierA, await revisionRef(itemId), price.price)).ok).toBe(true);
  const today = londonToday();
  for (const standardId of await requiredStandardIds(db)) {
    const entry = { standardId, certificateNumber: `${standardId}-CERT`, assuredOn: addDays(today, -10), expiresOn: addDays(today, 365) };
    expect((await saveStandardEvidence(db, supplierA, await revisionRef(itemId), { entry, keepDocument: null, upload: null })).ok).toBe(true);
  }
}

describe("a new Catalogue Solution from draft to published", () => {
  it("is invisible to buyers until approved, then publishes exactly the reviewed revision", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Consult Well" });
    if (!created.ok) throw new Error(created.message);
    const itemId = created.itemId;

    // Incomplete: submission refused with the missing sections named.
    const early = await submitRevision(db, supplierA, await revisionRef(itemId));
    expect(early).toMatchObject({ ok: false, reason: "incomplete" });
    expect(!early.ok && early.missing).toContain("List prices");

    await fillSolution(itemId);
    expect(await buyerCanSee(itemId)).toBe(false);
    expect((await submitRevision(db, supplierA, await revisionRef(itemId))).ok).toBe(true);

    // Submitted: the supplier cannot change it without withdrawing.
    const locked = await saveSection(db, supplierA, await revisionRef(itemId), { summary: "Sneaky change" });
    expect(locked).toMatchObject({ ok: false, reason: "not-editable" });

    const queue = await reviewQueue(db, staff);
    const queued = queue.find((r) => r.catalogueItem.id === itemId)!;
    const review = (await getReview(db, staff, queued.id))!;
    expect(review.missing).toEqual([]);
    expect(review.diff.find((d) => d.section === "prices")).toMatchObject({ changed: true, revision: [{ added: true }] });

    // Staff request changes on one section.
    const reviewedVersion = review.revision.version;
    expect(await requestChanges(db, staff, { revisionId: queued.id, version: reviewedVersion, sections: { details: "Remove the script tag." } })).toEqual({ ok: true });
    const sentBack = await getListingForEditing(db, supplierA, itemId);
    expect(sentBack!.revision!.status).toBe("CHANGES_REQUESTED");
    expect(sentBack!.revision!.reviewComments).toMatchObject({ sections: { details: "Remove the script tag." } });

    // The supplier fixes it and resubmits; staff approve what they reviewed.
    expect((await saveSection(db, supplierA, await revisionRef(itemId), { description: "A complete description." })).ok).toBe(true);
    expect((await submitRevision(db, supplierA, await revisionRef(itemId))).ok).toBe(true);
    const second = (await getReview(db, staff, queued.id))!;

    // The supplier withdraws and edits after staff opened the review: the old version cannot be approved.
    await withdrawRevision(db, supplierA, await revisionRef(itemId));
    await saveSection(db, supplierA, await revisionRef(itemId), { summary: "Changed after review." });
    await submitRevision(db, supplierA, await revisionRef(itemId));
    expect(await approveRevision(db, staff, queued.id, second.revision.version)).toMatchObject({ ok: false, reason: "stale" });
    expect((await db.catalogueItem.findUniqueOrThrow({ where: { id: itemId } })).publishedRevisionId).toBeNull();

    const latest = (await getReview(db, staff, queued.id))!;
    expect(await approveRevision(db, staff, queued.id, latest.revision.version)).toEqual({ ok: true, itemId });

    const item = await db.catalogueItem.findUniqueOrThrow({ where: { id: itemId }, include: { prices: { include: { tiers: true } }, capabilities: true, frameworks: true, hostingTypes: true } });
    expect(item).toMatchObject({ publicationStatus: "PUBLISHED", publishedRevisionId: queued.id, summary: "Changed after review.", description: "A complete description." });
    expect(item.prices).toHaveLength(1);
    expect(item.prices[0]).toMatchObject({ status: "PUBLISHED", unitDescription: "per patient" });
    expect(item.prices[0].tiers.map((t) => t.price.toString())).toEqual(["1.25"]);
    expect(item.capabilities.map((c) => c.capabilityId)).toEqual(["C43"]);
    expect(item.frameworks.map((f) => f.frameworkId)).toEqual(["TIF001"]);
    expect(await buyerCanSee(itemId)).toBe(true);
    expect(await db.outboxMessage.count({ where: { topic: "search.sync", payload: { equals: { catalogueItemId: itemId } } } })).toBe(1);
    expect(await db.auditEvent.count({ where: { objectId: itemId, action: "listing.approve" } })).toBe(1);
  });
});

describe("editing a published solution", () => {
  it("never changes what buyers see until the revision is approved, and supersedes the old snapshot", async () => {
    const db = database.db;
    const { item } = await createPublishedSolution(db, { supplierId: supplierA.supplierId!, name: "Live Solution" });
    for (const standardId of await requiredStandardIds(db)) await createAssuranceRecord(db, { supplierId: supplierA.supplierId!, standardId, catalogueItemId: item.id });
    const started = await startDraft(db, supplierA, item.id);
    if (!started.ok) throw new Error(started.message);
    await saveSection(db, supplierA, await revisionRef(item.id), { summary: "Unreviewed claim." });

    const live = await db.catalogueItem.findUniqueOrThrow({ where: { id: item.id }, include: { publishedRevision: true } });
    expect(live.summary).not.toBe("Unreviewed claim.");
    expect((live.publishedRevision!.content as { summary: string }).summary).not.toBe("Unreviewed claim.");
    const projection = await projectListings(db, [item.id]);
    expect(JSON.stringify(projection.documents)).not.toContain("Unreviewed claim.");

    await submitRevision(db, supplierA, await revisionRef(item.id));
    const review = (await getReview(db, staff, started.revisionId))!;
    expect(review.diff.find((d) => d.section === "details")!.changed).toBe(true);
    expect(review.diff.find((d) => d.section === "prices")!.changed).toBe(false);
    expect(await approveRevision(db, staff, started.revisionId, review.revision.version)).toMatchObject({ ok: true });
    const after = await db.catalogueItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(after).toMatchObject({ summary: "Unreviewed claim.", publishedRevisionId: started.revisionId, publicationStatus: "PUBLISHED" });
    expect((await db.listingRevision.findUniqueOrThrow({ where: { id: live.publishedRevisionId! } })).status).toBe("SUPERSEDED");
    // The price buyers ordered keeps its id.
    expect((await db.price.findMany({ where: { catalogueItemId: item.id, status: "PUBLISHED" } })).map((p) => p.id)).toEqual([`${item.id}-p1`]);
  });
});

describe("another supplier", () => {
  it("cannot read, edit, submit or withdraw a draft by guessing its ids", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "SOLUTION", name: "Private draft" });
    if (!created.ok) throw new Error(created.message);
    const ref = await revisionRef(created.itemId);
    expect(await getListingForEditing(db, supplierB, created.itemId)).toBeNull();
    expect(await saveSection(db, supplierB, ref, { summary: "Hijacked" })).toMatchObject({ ok: false, reason: "not-found" });
    expect(await submitRevision(db, supplierB, ref)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await withdrawRevision(db, supplierB, ref)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await startDraft(db, supplierB, created.itemId)).toMatchObject({ ok: false, reason: "not-found" });
    expect(await createListing(db, supplierB, { kind: "ADDITIONAL_SERVICE", name: "Bolt-on", parentSolutionId: created.itemId })).toMatchObject({ ok: false });
    const content = (await db.listingRevision.findUniqueOrThrow({ where: { id: ref.revisionId } })).content as { summary: string };
    expect(content.summary).toBe("");
  });

  it("refuses a stale save from a second tab", async () => {
    const db = database.db;
    const created = await createListing(db, supplierA, { kind: "ASSOCIATED_SERVICE", name: "Training day" });
    if (!created.ok) throw new Error(created.message);
    expect(created.itemId).toMatch(/^\d+-S-\d{3}$/);
    const ref = await revisionRef(created.itemId);
    expect((await saveSection(db, supplierA, ref, { orderGuidance: "One per practice." })).ok).toBe(true);
    expect(await saveSection(db, supplierA, ref, { orderGuidance: "Overwrite" })).toMatchObject({ ok: false, reason: "stale" });
  });
});
