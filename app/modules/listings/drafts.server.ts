import { randomUUID } from "node:crypto";
import type { Prisma } from "../../../generated/prisma/client";
import { assuranceStatusOn } from "~/modules/assurance/assurance-status";
import { claimProblemText, claimsWithoutEvidence, governingStandards, isAssuredStatus } from "~/modules/assurance/claims";
import { recordDraftEvidenceDocument } from "~/modules/assurance/evidence.server";
import { tellStaffRevisionSubmitted } from "~/modules/reviews/notify.server";
import { fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import type { StoredUpload } from "~/services/storage/index.server";
import { scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import {
  emptyContent,
  missingSections,
  normaliseContent,
  SECTION_TITLES,
  type ContentPrice,
  type ItemKind,
  type ListingContent,
  type Reference,
} from "./content";
import { isEditableRevision, transitionRevision } from "./publication-status";
import { hasStandardsSection, listableStandards, requiredStandardIdsOf, withoutStandardEvidence, withStandardEvidence, type StandardEvidence } from "./standards";

/**
 * The supplier's side of a listing: creating one, the one open revision (draft, submitted or
 * sent back with changes requested), editing it section by section, submitting and
 * withdrawing it. Only the open revision ever changes; approved revisions are immutable
 * snapshots and the catalogue item's own columns change only on approval
 * (publication.server.ts), so nothing here alters what buyers see.
 *
 * Ownership is part of every query (the item's supplierId from the actor's scope), and every
 * write checks the revision's version, so two tabs cannot overwrite each other unseen.
 */

const OPEN_STATUSES = ["DRAFT", "SUBMITTED", "CHANGES_REQUESTED"] as const;
const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });
const listingScope = (actor: Actor, action: "read" | "create" | "editDraft" | "submitForReview" | "withdrawSubmission") =>
  scopedWhere(actor, "listing", action, { supplier: true }) as Prisma.CatalogueItemWhereInput;

export type DraftFailure = { ok: false; reason: "not-found" | "stale" | "not-editable" | "incomplete" | "refused"; message: string; missing?: string[] };
export type DraftSuccess<T = object> = { ok: true } & T;

const notFound: DraftFailure = { ok: false, reason: "not-found", message: "That listing could not be found." };
const stale: DraftFailure = {
  ok: false,
  reason: "stale",
  message: "This revision was changed by someone else (or in another tab) since you opened it. Your changes were not saved: check the latest version and try again.",
};

// ───────────────────────────── Reading ─────────────────────────────

export async function listListingsWithReviews(db: Db, actor: Actor) {
  return db.catalogueItem.findMany({
    where: listingScope(actor, "read"),
    orderBy: [{ kind: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      publicationStatus: true,
      parentSolutionId: true,
      revisions: { where: { status: { in: [...OPEN_STATUSES] } }, orderBy: { number: "desc" }, take: 1, select: { id: true, status: true, number: true } },
    },
  });
}

/** The item with its open revision (if any) and its published content, within the supplier's scope. */
export async function getListingForEditing(db: DbClient, actor: Actor, itemId: string) {
  const item = await db.catalogueItem.findFirst({
    where: { AND: [{ id: itemId }, listingScope(actor, "read")] },
    include: {
      publishedRevision: { select: { id: true, number: true, content: true } },
      revisions: { where: { status: { in: [...OPEN_STATUSES] } }, orderBy: { number: "desc" }, take: 1 },
    },
  });
  if (!item) return null;
  const revision = item.revisions[0] ?? null;
  return {
    item,
    revision,
    content: revision ? normaliseContent(revision.content) : item.publishedRevision ? normaliseContent(item.publishedRevision.content) : null,
    publishedContent: item.publishedRevision ? normaliseContent(item.publishedRevision.content) : null,
  };
}

/** What a supplier may choose from when editing: live capabilities' epics, integration types, open frameworks. */
export async function editingReference(db: DbClient) {
  const [capabilities, integrationTypes, frameworks] = await Promise.all([
    db.capability.findMany({
      where: { status: "ACTIVE" },
      orderBy: { number: "asc" },
      include: { category: { select: { name: true } }, epics: { where: { status: "ACTIVE" }, orderBy: { id: "asc" } } },
    }),
    db.integrationType.findMany({ orderBy: [{ group: "asc" }, { name: "asc" }] }),
    db.framework.findMany({ where: { status: { in: ["OPEN", "LIVE"] } }, orderBy: { id: "asc" } }),
  ]);
  const reference: Reference = {
    epics: capabilities.flatMap((c) => c.epics.map((e) => ({ id: e.id, capabilityId: c.id, level: e.level }))),
    integrationTypeIds: integrationTypes.map((t) => t.id),
    frameworkIds: frameworks.map((f) => f.id),
  };
  return { reference, capabilities, integrationTypes, frameworks };
}

/** Standards a listing can carry evidence for (overarching ones required), and which integrations point at which. */
export async function standardsReference(db: DbClient) {
  const [standards, integrationTypes] = await Promise.all([
    db.standard.findMany({ where: { status: "ACTIVE" }, select: { id: true, name: true, kind: true, isOverarching: true, url: true } }),
    db.integrationType.findMany({ where: { standardId: { not: null } }, orderBy: [{ group: "asc" }, { name: "asc" }], select: { id: true, standardId: true } }),
  ]);
  const number = (id: string) => Number(/^S(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);
  const listable = listableStandards(standards).sort((a, b) => number(a.id) - number(b.id) || a.id.localeCompare(b.id));
  return { standards: listable, integrationTypes, requiredStandardIds: requiredStandardIdsOf(listable) };
}

/** The overarching standards every Catalogue Solution must evidence (staff can change which are). */
export async function requiredStandardIds(db: DbClient): Promise<string[]> {
  return (await standardsReference(db)).requiredStandardIds;
}

/** A Catalogue Solution's open revision with the standards it can evidence, for the "Standards and evidence" pages. */
export async function getStandardsForEditing(db: DbClient, actor: Actor, itemId: string) {
  const listing = await getListingForEditing(db, actor, itemId);
  if (!listing || listing.item.kind !== "SOLUTION" || !listing.revision || !listing.content) return null;
  return { item: listing.item, revision: listing.revision, content: listing.content, reference: await standardsReference(db) };
}

/**
 * A solution's evidence as its assurance records hold it today: the starting point of a draft
 * of a listing whose snapshot predates the standards section.
 */
export async function evidenceFromRecords(tx: DbClient, itemId: string): Promise<StandardEvidence[]> {
  const records = await tx.assuranceRecord.findMany({
    where: { catalogueItemId: itemId, status: { not: "WITHDRAWN" }, standard: { kind: { not: "SUPPLIER_ASSURANCE" } } },
    include: { evidenceDocument: { select: { id: true, fileName: true } } },
  });
  return records.reduce<StandardEvidence[]>(
    (entries, r) =>
      withStandardEvidence(entries, {
        standardId: r.standardId,
        certificateNumber: r.certificateNumber,
        document: r.evidenceDocument ? { id: r.evidenceDocument.id, fileName: r.evidenceDocument.fileName } : null,
        assuredOn: fromDbDate(r.assuredOn),
        expiresOn: r.expiresOn ? fromDbDate(r.expiresOn) : null,
      }),
    [],
  );
}

/**
 * Interoperability claims without assurance (claims.ts): each claim of an integration type
 * governed by a standard (S44 GP Connect, S47 IM1…) needs that standard's evidence in the
 * revision with dates still valid, or, for a snapshot from before the standards section, an
 * assured record. An entry left as it is live stands only while its record is assured.
 * Submission and approval both refuse with these sentences.
 */
export async function claimEvidenceProblems(
  tx: DbClient,
  item: { id: string; supplierId: number; kind: string },
  content: ListingContent,
  live: ListingContent | null,
  today: DateOnly = londonToday(),
): Promise<string[]> {
  if (item.kind !== "SOLUTION" || content.integrations.length === 0) return [];
  const [types, standards, records] = await Promise.all([
    tx.integrationType.findMany({ select: { id: true, name: true, standardId: true } }),
    tx.standard.findMany({ select: { id: true, name: true, warningWindowDays: true } }),
    tx.assuranceRecord.findMany({
      where: { supplierId: item.supplierId, OR: [{ catalogueItemId: item.id }, { catalogueItemId: null }] },
      select: { standardId: true, catalogueItemId: true, status: true, expiresOn: true, remediationDeadline: true },
    }),
  ]);
  const windows = new Map(standards.map((st) => [st.id, st.warningWindowDays]));
  const assuredRecords = new Set(
    records
      .filter((r) =>
        isAssuredStatus(
          assuranceStatusOn(
            { status: r.status, expiresOn: r.expiresOn ? fromDbDate(r.expiresOn) : null, remediationDeadline: r.remediationDeadline ? fromDbDate(r.remediationDeadline) : null },
            today,
            windows.get(r.standardId),
          ),
        ),
      )
      .map((r) => r.standardId),
  );
  const evidenced = new Set<string>();
  if (content.standards === undefined) {
    for (const id of assuredRecords) evidenced.add(id);
  } else {
    const liveEntries = new Map((live?.standards ?? []).map((e) => [e.standardId, JSON.stringify(e)]));
    for (const entry of content.standards) {
      if (entry.expiresOn !== null && entry.expiresOn < today) continue;
      const unchanged = liveEntries.get(entry.standardId) === JSON.stringify(entry);
      if (!unchanged || assuredRecords.has(entry.standardId)) evidenced.add(entry.standardId);
    }
  }
  const names = new Map(standards.map((st) => [st.id, st.name]));
  return claimsWithoutEvidence(content.integrations, governingStandards(types), evidenced, names).map(claimProblemText);
}

// ───────────────────────────── Creating ─────────────────────────────

const pad = (n: number) => String(n).padStart(3, "0");

async function nextItemId(tx: DbClient, supplierId: number, kind: ItemKind, parentSolutionId: string | null): Promise<string> {
  const prefix = kind === "SOLUTION" ? `${supplierId}-` : kind === "ASSOCIATED_SERVICE" ? `${supplierId}-S-` : `${parentSolutionId}A`;
  const pattern = kind === "SOLUTION" ? /^\d+-(\d{3})$/ : kind === "ASSOCIATED_SERVICE" ? /^\d+-S-(\d{3})$/ : /A(\d{3})$/;
  const existing = await tx.catalogueItem.findMany({ where: { id: { startsWith: prefix }, kind }, select: { id: true } });
  const highest = Math.max(0, ...existing.map((i) => Number(pattern.exec(i.id)?.[1] ?? 0)));
  return `${prefix}${pad(highest + 1)}`;
}

/**
 * A new listing: a Draft catalogue item (invisible to buyers) and its first draft revision.
 * An Additional Service needs one of the supplier's own solutions as its parent.
 */
export async function createListing(
  db: Db,
  actor: Actor,
  input: { kind: ItemKind; name: string; parentSolutionId?: string | null },
): Promise<DraftSuccess<{ itemId: string }> | DraftFailure> {
  const scope = listingScope(actor, "create");
  if (actor.supplierId === null) return notFound;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        let parentSolutionId: string | null = null;
        if (input.kind === "ADDITIONAL_SERVICE") {
          const parent = await tx.catalogueItem.findFirst({ where: { AND: [{ id: input.parentSolutionId ?? "" }, { kind: "SOLUTION" }, scope] }, select: { id: true } });
          if (!parent) return { ok: false as const, reason: "refused" as const, message: "Select one of your Catalogue Solutions" };
          parentSolutionId = parent.id;
        }
        const id = await nextItemId(tx, actor.supplierId!, input.kind, parentSolutionId);
        const item = await tx.catalogueItem.create({
          data: { id, kind: input.kind, supplierId: actor.supplierId!, parentSolutionId, name: input.name, publicationStatus: "DRAFT" },
        });
        const content = emptyContent({ id, kind: input.kind, supplierId: actor.supplierId!, parentSolutionId, name: input.name });
        const revision = await tx.listingRevision.create({
          data: { catalogueItemId: id, number: 1, status: "DRAFT", content: content as unknown as Prisma.InputJsonObject, createdById: actor.userId },
        });
        await recordAudit(tx, { actor: auditActor(actor), action: "listing.create", objectType: "CatalogueItem", objectId: id, after: { kind: item.kind, name: item.name, revisionId: revision.id } });
        return { ok: true as const, itemId: id };
      });
    } catch (error) {
      // Two colleagues creating listings at once can race for the same id: take the next one.
      if ((error as { code?: string }).code !== "P2002" || attempt === 2) throw error;
    }
  }
  throw new Error("unreachable");
}

/**
 * The revision to edit: the open one, or a new draft copied from the published snapshot.
 * Editing a published listing therefore never touches what buyers see.
 */
export async function startDraft(db: Db, actor: Actor, itemId: string): Promise<DraftSuccess<{ revisionId: string }> | DraftFailure> {
  return db.$transaction(async (tx) => {
    const item = await tx.catalogueItem.findFirst({
      where: { AND: [{ id: itemId }, listingScope(actor, "editDraft")] },
      include: { publishedRevision: true, revisions: { orderBy: { number: "desc" }, take: 1 } },
    });
    if (!item) return notFound;
    const latest = item.revisions[0];
    if (latest && (OPEN_STATUSES as readonly string[]).includes(latest.status)) return { ok: true as const, revisionId: latest.id };
    const content = item.publishedRevision
      ? normaliseContent(item.publishedRevision.content)
      : emptyContent({ id: item.id, kind: item.kind, supplierId: item.supplierId, parentSolutionId: item.parentSolutionId, name: item.name });
    if (item.kind === "SOLUTION" && item.publishedRevision && !hasStandardsSection(item.publishedRevision.content)) content.standards = await evidenceFromRecords(tx, item.id);
    const revision = await tx.listingRevision.create({
      data: { catalogueItemId: item.id, number: (latest?.number ?? 0) + 1, status: "DRAFT", content: content as unknown as Prisma.InputJsonObject, createdById: actor.userId },
    });
    await recordAudit(tx, { actor: auditActor(actor), action: "listing.startDraft", objectType: "ListingRevision", objectId: revision.id, after: { catalogueItemId: item.id, number: revision.number } });
    return { ok: true as const, revisionId: revision.id };
  });
}

// ───────────────────────────── Editing ─────────────────────────────

type RevisionRef = { itemId: string; revisionId: string; version: number };

async function lockedRevision(tx: DbClient, actor: Actor, ref: RevisionRef, action: "editDraft" | "submitForReview" | "withdrawSubmission") {
  return tx.listingRevision.findFirst({
    where: { id: ref.revisionId, catalogueItemId: ref.itemId, catalogueItem: listingScope(actor, action) },
    include: { catalogueItem: { select: { id: true, name: true, kind: true, supplierId: true, publicationStatus: true, publishedRevision: { select: { content: true } } } } },
  });
}

/** Changes the open revision's content with `change`, checking ownership, editability and version. */
async function editContent(
  db: Db,
  actor: Actor,
  ref: RevisionRef,
  auditAction: string,
  change: (content: ListingContent, tx: DbClient, revision: { catalogueItem: { supplierId: number } }) => ListingContent | DraftFailure | Promise<ListingContent | DraftFailure>,
): Promise<DraftSuccess<{ version: number }> | DraftFailure> {
  try {
    return await db.$transaction(async (tx) => editContentIn(tx, actor, ref, auditAction, change));
  } catch (error) {
    if (error instanceof StaleEdit) return stale;
    throw error;
  }
}

/** Thrown, not returned, once `change` may have written (an evidence document), so the rollback takes that back too. */
class StaleEdit extends Error {}

async function editContentIn(
  tx: DbClient,
  actor: Actor,
  ref: RevisionRef,
  auditAction: string,
  change: Parameters<typeof editContent>[4],
): Promise<DraftSuccess<{ version: number }> | DraftFailure> {
  const revision = await lockedRevision(tx, actor, ref, "editDraft");
  if (!revision) return notFound;
  if (!isEditableRevision(revision.status)) {
    return {
      ok: false as const,
      reason: "not-editable" as const,
      message: revision.status === "SUBMITTED" ? "This revision is with commercial staff for review. Withdraw it from review to make changes." : "This revision can no longer be changed.",
    };
  }
  if (revision.version !== ref.version) return stale;
  const before = normaliseContent(revision.content);
  const after = await change(structuredClone(before), tx, revision);
  if ("ok" in after) return after;
  const updated = await tx.listingRevision.updateMany({
    where: { id: revision.id, version: ref.version },
    data: { content: after as unknown as Prisma.InputJsonObject, version: { increment: 1 } },
  });
  if (updated.count !== 1) throw new StaleEdit();
  const changedKeys = (Object.keys(after) as (keyof ListingContent)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: auditAction,
    objectType: "ListingRevision",
    objectId: revision.id,
    before: Object.fromEntries(changedKeys.map((k) => [k, before[k] ?? null])) as Prisma.InputJsonObject,
    after: Object.fromEntries(changedKeys.map((k) => [k, after[k] ?? null])) as Prisma.InputJsonObject,
  });
  return { ok: true as const, version: ref.version + 1 };
}

export function saveSection(db: Db, actor: Actor, ref: RevisionRef, patch: Partial<ListingContent>) {
  // Identity fields are the system's, never the form's.
  const { id: _id, kind: _kind, supplierId: _supplierId, parentSolutionId: _parent, schemaVersion: _v, prices: _prices, standards: _standards, ...safe } = patch;
  return editContent(db, actor, ref, "listing.editDraft", (content) => ({ ...content, ...safe }));
}

export const newPriceId = (itemId: string) => `${itemId}-p-${randomUUID().slice(0, 8)}`;

/** Adds a price, or replaces the one with the same id (ids come from `newPriceId` or the content). */
export function savePrice(db: Db, actor: Actor, ref: RevisionRef, price: ContentPrice) {
  return editContent(db, actor, ref, "listing.editPrice", (content) => {
    const index = content.prices.findIndex((p) => p.id === price.id);
    if (index === -1 && !price.id.startsWith(`${ref.itemId}-p`)) return notFound;
    if (index === -1) content.prices.push(price);
    else content.prices[index] = price;
    return content;
  });
}

export function removePrice(db: Db, actor: Actor, ref: RevisionRef, priceId: string) {
  return editContent(db, actor, ref, "listing.removePrice", (content) => {
    if (!content.prices.some((p) => p.id === priceId)) return notFound;
    return { ...content, prices: content.prices.filter((p) => p.id !== priceId) };
  });
}

/**
 * Saves one standard's evidence. A new upload (already stored, checked to be a PDF) becomes an
 * evidence document of the listing's supplier in the same transaction, so a refused save
 * (stale, not editable) keeps neither the document row nor the answer; the caller removes the
 * stored file then.
 */
export function saveStandardEvidence(
  db: Db,
  actor: Actor,
  ref: RevisionRef,
  input: { entry: Omit<StandardEvidence, "document">; keepDocument: StandardEvidence["document"]; upload: { stored: StoredUpload; fileName: string } | null },
) {
  return editContent(db, actor, ref, "listing.editStandardEvidence", async (content, tx, revision) => {
    if (content.kind !== "SOLUTION") return notFound;
    const document = input.upload
      ? await recordDraftEvidenceDocument(tx, actor, { supplierId: revision.catalogueItem.supplierId, upload: input.upload.stored, fileName: input.upload.fileName, answers: input.entry })
      : input.keepDocument;
    return { ...content, standards: withStandardEvidence(content.standards, { ...input.entry, document }) };
  });
}

/** Drops an optional standard from the revision; an overarching one is required, so it cannot be removed. */
export function removeStandardEvidence(db: Db, actor: Actor, ref: RevisionRef, standardId: string) {
  return editContent(db, actor, ref, "listing.removeStandardEvidence", async (content, tx) => {
    if (!(content.standards ?? []).some((e) => e.standardId === standardId)) return notFound;
    const standard = await tx.standard.findUnique({ where: { id: standardId }, select: { isOverarching: true } });
    if (standard?.isOverarching) return { ok: false as const, reason: "refused" as const, message: "Every Catalogue Solution must meet this overarching standard: it cannot be removed." };
    return { ...content, standards: withoutStandardEvidence(content.standards, standardId) };
  });
}

/**
 * Drops a standard's saved document but keeps its certificate number and dates. Refused when
 * there is no certificate number, as the evidence would then be empty. The document row is
 * kept: it may still be the live assurance record's evidence.
 */
export function removeStandardDocument(db: Db, actor: Actor, ref: RevisionRef, standardId: string) {
  return editContent(db, actor, ref, "listing.removeStandardDocument", (content) => {
    const entry = (content.standards ?? []).find((e) => e.standardId === standardId);
    if (!entry?.document) return notFound;
    if (!entry.certificateNumber) {
      return { ok: false as const, reason: "refused" as const, message: "Enter a certificate number and save it before you remove the document, or upload a replacement" };
    }
    return { ...content, standards: withStandardEvidence(content.standards, { ...entry, document: null }) };
  });
}

// ───────────────────────────── Review requests ─────────────────────────────

/** Sends the open revision to commercial staff; refused while a mandatory section is incomplete. */
export async function submitRevision(db: Db, actor: Actor, ref: RevisionRef): Promise<DraftSuccess | DraftFailure> {
  return db.$transaction(async (tx) => {
    const revision = await lockedRevision(tx, actor, ref, "submitForReview");
    if (!revision) return notFound;
    if (revision.version !== ref.version) return stale;
    const transition = transitionRevision(revision.status, "submit");
    if (!transition.ok) return { ok: false as const, reason: "refused" as const, message: transition.reason };
    const content = normaliseContent(revision.content);
    const missing = missingSections(content, await requiredStandardIds(tx));
    if (missing.length > 0) {
      return {
        ok: false as const,
        reason: "incomplete" as const,
        message: "Complete every required section before you submit",
        missing: missing.map((s) => SECTION_TITLES[s]),
      };
    }
    const live = revision.catalogueItem.publishedRevision ? normaliseContent(revision.catalogueItem.publishedRevision.content) : null;
    const unevidenced = await claimEvidenceProblems(tx, revision.catalogueItem, content, live);
    if (unevidenced.length > 0) return { ok: false as const, reason: "refused" as const, message: unevidenced.join(" ") };
    const updated = await tx.listingRevision.updateMany({
      where: { id: revision.id, version: ref.version, status: revision.status },
      data: { status: transition.to, submittedAt: new Date(), version: { increment: 1 } },
    });
    if (updated.count !== 1) return stale;
    await recordAudit(tx, { actor: auditActor(actor), action: "listing.submitForReview", objectType: "ListingRevision", objectId: revision.id, before: { status: revision.status }, after: { status: transition.to } });
    const supplier = await tx.supplier.findUniqueOrThrow({ where: { id: revision.catalogueItem.supplierId }, select: { name: true } });
    await tellStaffRevisionSubmitted(tx, {
      revisionId: revision.id,
      version: ref.version + 1,
      supplier: supplier.name,
      listing: content.name || revision.catalogueItem.name,
      itemId: revision.catalogueItem.id,
      revision: revision.number,
      isNew: revision.catalogueItem.publicationStatus === "DRAFT",
    });
    return { ok: true as const };
  });
}

/** Takes a submitted revision back to draft before staff decide on it. */
export async function withdrawRevision(db: Db, actor: Actor, ref: RevisionRef): Promise<DraftSuccess | DraftFailure> {
  return db.$transaction(async (tx) => {
    const revision = await lockedRevision(tx, actor, ref, "withdrawSubmission");
    if (!revision) return notFound;
    if (revision.version !== ref.version) return stale;
    const transition = transitionRevision(revision.status, "withdrawSubmission");
    if (!transition.ok) return { ok: false as const, reason: "refused" as const, message: transition.reason };
    const updated = await tx.listingRevision.updateMany({
      where: { id: revision.id, version: ref.version, status: revision.status },
      data: { status: transition.to, submittedAt: null, version: { increment: 1 } },
    });
    if (updated.count !== 1) return stale;
    await recordAudit(tx, { actor: auditActor(actor), action: "listing.withdrawSubmission", objectType: "ListingRevision", objectId: revision.id, before: { status: revision.status }, after: { status: transition.to } });
    return { ok: true as const };
  });
}
