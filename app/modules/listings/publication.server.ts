import type { Prisma } from "../../../generated/prisma/client";
import { EvidenceApprovalError, recordApprovedEvidence, removeUnclaimedAssurance } from "~/modules/assurance/evidence.server";
import { RenewalError } from "~/modules/assurance/renewal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { missingSections, normaliseContent, SECTION_TITLES, type ListingContent } from "./content";
import { planRevisionApproval, transitionPublication, type PublicationEvent } from "./publication-status";
import { queueSearchSync } from "./search-sync.server";
import { claimEvidenceProblems, evidenceFromRecords, requiredStandardIds } from "./drafts.server";
import { changedStandardEvidence, hasStandardsSection, removedOptionalStandardIds } from "./standards";

/**
 * The one module that changes what buyers see (DESIGN.md §2): approving a revision publishes
 * exactly that revision's snapshot, and publication status changes go through the status
 * machine. Everything a buyer reads (search, pages, the API) follows from the published
 * revision and the normalised tables written here, in one transaction, with search updated
 * through the outbox.
 */

export type PublicationResult = { ok: true; itemId: string } | { ok: false; reason: "not-found" | "stale" | "refused" | "incomplete"; message: string; missing?: string[] };

const auditActor = (actor: Actor): AuditActor => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });

const listingApprovedEmail = emailTemplate((p: { name: string; itemId: string; url: string }) => ({
  subject: `${p.name} (${p.itemId}) is approved and published`,
  paragraphs: [`Commercial staff approved your changes to ${p.name}. Buyers now see the approved version in the Buying Catalogue.`],
  link: { text: "See your listing", url: p.url },
}));

/**
 * Publishes exactly the revision staff reviewed. `expectedVersion` is the revision's version
 * when the reviewer opened it: if the supplier withdrew and changed it since, approval is
 * refused and nothing is written. A first approval of a Draft listing requires every
 * mandatory section; the result lists what is missing.
 */
export async function approveRevision(db: Db, actor: Actor, revisionId: string, expectedVersion: number): Promise<PublicationResult> {
  if (!can(actor.role, "approve", "listing")) return { ok: false, reason: "refused", message: "You cannot approve listings." };
  try {
    return await publishRevision(db, actor, revisionId, expectedVersion);
  } catch (error) {
    // Thrown inside the transaction, so the publication was rolled back with the evidence.
    if (error instanceof EvidenceApprovalError || error instanceof RenewalError) return { ok: false, reason: "refused", message: error.message };
    throw error;
  }
}

function publishRevision(db: Db, actor: Actor, revisionId: string, expectedVersion: number): Promise<PublicationResult> {
  return db.$transaction(async (tx) => {
    const revision = await tx.listingRevision.findUnique({
      where: { id: revisionId },
      include: { catalogueItem: { include: { publishedRevision: { select: { id: true, status: true, content: true } } } } },
    });
    if (!revision) return { ok: false as const, reason: "not-found" as const, message: "That revision could not be found." };
    if (revision.version !== expectedVersion) {
      return { ok: false as const, reason: "stale" as const, message: "The supplier changed this revision after you opened it. Review the latest version before approving." };
    }
    const item = revision.catalogueItem;
    const previous = item.publishedRevision;
    const plan = planRevisionApproval(revision.status, previous?.status ?? null, item.publicationStatus);
    if (!plan.ok) return { ok: false as const, reason: "refused" as const, message: plan.reason };

    const content = normaliseContent(revision.content);
    const missing = missingSections(content, await requiredStandardIds(tx));
    if (missing.length > 0) {
      return {
        ok: false as const,
        reason: "incomplete" as const,
        message: "This listing cannot be published until every required section is complete",
        missing: missing.map((s) => SECTION_TITLES[s]),
      };
    }
    // Interoperability claims need their standard's evidence: GP Connect needs S44, IM1 needs S47…
    const unevidenced = await claimEvidenceProblems(tx, item, content, previous ? normaliseContent(previous.content) : null);
    if (unevidenced.length > 0) return { ok: false as const, reason: "refused" as const, message: unevidenced.join(" ") };

    const now = new Date();
    // The version guard makes approval and a concurrent withdrawal mutually exclusive.
    const approved = await tx.listingRevision.updateMany({
      where: { id: revision.id, version: expectedVersion, status: "SUBMITTED" },
      data: { status: plan.revision, reviewedAt: now, reviewedById: actor.userId, version: { increment: 1 } },
    });
    if (approved.count !== 1) return { ok: false as const, reason: "stale" as const, message: "This revision changed while you were approving it. Review the latest version." };
    if (previous && plan.previousRevision) {
      await tx.listingRevision.update({ where: { id: previous.id }, data: { status: plan.previousRevision, version: { increment: 1 } } });
    }

    // An Additional Service is bought under its solution's frameworks unless it names its own.
    const frameworks =
      item.kind === "ADDITIONAL_SERVICE" && content.frameworks.length === 0 && item.parentSolutionId
        ? (await tx.frameworkSolution.findMany({ where: { catalogueItemId: item.parentSolutionId } })).map((f) => ({ frameworkId: f.frameworkId, isFoundation: false }))
        : content.frameworks;
    await syncListingTables(tx, item.id, { ...content, frameworks });
    await tx.catalogueItem.update({
      where: { id: item.id },
      data: {
        ...itemColumns(content),
        publicationStatus: plan.item,
        publishedRevisionId: revision.id,
        publishedAt: now,
        version: { increment: 1 },
      },
    });
    // The approved evidence per standard becomes the solution's assurance records (changed entries only).
    if (item.kind === "SOLUTION") {
      const live = previous ? normaliseContent(previous.content) : null;
      await recordApprovedEvidence(tx, auditActor(actor), { itemId: item.id, supplierId: item.supplierId, entries: changedStandardEvidence(live?.standards, content.standards) });
      // Optional standards dropped in this revision end the solution's records for them.
      if (hasStandardsSection(revision.content)) {
        const liveIds = hasStandardsSection(previous?.content)
          ? (live?.standards ?? []).map((e) => e.standardId)
          : // A snapshot from before the section existed: the draft was started from the records.
            (await evidenceFromRecords(tx, item.id)).map((e) => e.standardId);
        const standards = await tx.standard.findMany({ select: { id: true, isOverarching: true } });
        await removeUnclaimedAssurance(tx, auditActor(actor), {
          itemId: item.id,
          supplierId: item.supplierId,
          standardIds: removedOptionalStandardIds(liveIds, content.standards ?? [], standards),
          revisionNumber: revision.number,
        });
      }
    }
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "listing.approve",
      objectType: "CatalogueItem",
      objectId: item.id,
      before: { publicationStatus: item.publicationStatus, publishedRevisionId: item.publishedRevisionId },
      after: { publicationStatus: plan.item, publishedRevisionId: revision.id, revisionNumber: revision.number, supersededRevisionId: previous?.id ?? null },
    });
    await queueSearchSync(tx, [item.id, ...(item.parentSolutionId ? [item.parentSolutionId] : [])]);
    for (const to of await supplierEmailAddresses(tx, item.supplierId)) {
      await queueEmail(tx, {
        to,
        ...listingApprovedEmail({ name: content.name, itemId: item.id, url: siteUrl(`/supplier/listings/${item.id}`) }),
        dedupeKey: `listing-approved:${revision.id}:${to}`,
      });
    }
    return { ok: true as const, itemId: item.id };
  });
}

/** The catalogue item's own columns, copied from the approved snapshot. */
function itemColumns(content: ListingContent) {
  return {
    name: content.name,
    summary: content.summary,
    description: content.description,
    features: content.features,
    implementationTimescales: content.implementationTimescales,
    serviceLevels: content.serviceLevels,
    roadmap: content.roadmap,
    aboutUrl: content.aboutUrl,
    orderGuidance: content.orderGuidance,
    practiceReorganisation: content.practiceReorganisation,
  };
}

/**
 * Rewrites the queryable tables (search facets, ordering, comparisons) from the snapshot.
 * Prices are never deleted, because orders point at them: a price no longer in the snapshot
 * is Unpublished, and one that is comes back Published with its tiers replaced.
 */
export async function syncListingTables(tx: DbClient, itemId: string, content: ListingContent): Promise<void> {
  const where = { catalogueItemId: itemId };
  await Promise.all([
    tx.solutionEpic.deleteMany({ where }),
    tx.solutionIntegration.deleteMany({ where }),
    tx.solutionHostingType.deleteMany({ where }),
    tx.solutionApplicationType.deleteMany({ where }),
    tx.frameworkSolution.deleteMany({ where }),
  ]);
  await tx.solutionCapability.deleteMany({ where });
  await tx.solutionCapability.createMany({ data: content.capabilities.map((c) => ({ catalogueItemId: itemId, capabilityId: c.capabilityId, assessmentResult: c.result })) });
  await tx.solutionEpic.createMany({ data: content.capabilities.flatMap((c) => c.epics.map((e) => ({ catalogueItemId: itemId, epicId: e.epicId, result: e.result }))) });
  await tx.solutionIntegration.createMany({ data: content.integrations.map((i) => ({ catalogueItemId: itemId, ...i })) });
  await tx.solutionHostingType.createMany({ data: content.hostingTypes.map((h) => ({ catalogueItemId: itemId, ...h })) });
  await tx.solutionApplicationType.createMany({ data: content.applicationTypes.map((a) => ({ catalogueItemId: itemId, ...a })) });
  await tx.frameworkSolution.createMany({ data: content.frameworks.map((f) => ({ catalogueItemId: itemId, ...f })) });

  const existing = await tx.price.findMany({ where, select: { id: true, status: true } });
  const kept = new Set(content.prices.map((p) => p.id));
  for (const price of content.prices) {
    const fields = {
      provisioningType: price.provisioningType,
      priceType: price.priceType,
      calculationType: price.calculationType,
      billingPeriod: price.billingPeriod,
      unitDescription: price.unitDescription,
      unitDefinition: price.unitDefinition,
      rangeDescription: price.rangeDescription,
      currency: price.currency,
      status: "PUBLISHED" as const,
    };
    if (existing.some((p) => p.id === price.id)) {
      await tx.price.update({ where: { id: price.id }, data: fields });
      await tx.priceTier.deleteMany({ where: { priceId: price.id } });
    } else {
      await tx.price.create({ data: { id: price.id, catalogueItemId: itemId, ...fields } });
    }
    await tx.priceTier.createMany({ data: price.tiers.map((t) => ({ priceId: price.id, lowerRange: t.lowerRange, upperRange: t.upperRange, price: t.price })) });
  }
  const dropped = existing.filter((p) => !kept.has(p.id) && p.status === "PUBLISHED").map((p) => p.id);
  if (dropped.length > 0) await tx.price.updateMany({ where: { id: { in: dropped } }, data: { status: "UNPUBLISHED" } });
}

/**
 * Suspend, unpublish, restore, republish or put into remediation, through the status machine,
 * audited, with search told. For commercial staff's lapse and flag work; runs in their transaction.
 */
export async function changePublicationStatus(
  tx: DbClient,
  actor: AuditActor,
  itemId: string,
  event: Exclude<PublicationEvent, "approve">,
  reason: string,
  extra: { remediationDeadline?: Date | null } = {},
): Promise<PublicationResult> {
  const item = await tx.catalogueItem.findUnique({ where: { id: itemId }, select: { id: true, publicationStatus: true, parentSolutionId: true, remediationDeadline: true, withdrawnReason: true } });
  if (!item) return { ok: false, reason: "not-found", message: "That listing could not be found." };
  const transition = transitionPublication(item.publicationStatus, event);
  if (!transition.ok) return { ok: false, reason: "refused", message: transition.reason };
  const data: Prisma.CatalogueItemUpdateInput = { publicationStatus: transition.to, version: { increment: 1 } };
  if (event === "unpublish") Object.assign(data, { withdrawnAt: new Date(), withdrawnReason: reason });
  if (event === "republish") Object.assign(data, { withdrawnAt: null, withdrawnReason: null });
  if (event === "restore") data.remediationDeadline = null;
  if (extra.remediationDeadline !== undefined) data.remediationDeadline = extra.remediationDeadline;
  await tx.catalogueItem.update({ where: { id: itemId }, data });
  await recordAudit(tx, {
    actor,
    action: `listing.${event}`,
    objectType: "CatalogueItem",
    objectId: itemId,
    before: { publicationStatus: item.publicationStatus },
    after: { publicationStatus: transition.to, reason },
  });
  await queueSearchSync(tx, [itemId, ...(item.parentSolutionId ? [item.parentSolutionId] : [])]);
  return { ok: true, itemId };
}
