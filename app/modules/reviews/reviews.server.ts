import type { Prisma } from "../../../generated/prisma/client";
import { scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { missingSections, normaliseContent, sectionsFor, SECTION_TITLES, type SectionKey } from "~/modules/listings/content";
import { evidenceFromRecords, standardsReference } from "~/modules/listings/drafts.server";
import { transitionRevision } from "~/modules/listings/publication-status";
import { diffStandardEvidence, hasStandardsSection } from "~/modules/listings/standards";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { diffSections, type Names } from "./diff";

/**
 * Commercial staff's review of supplier revisions: the queue (oldest first), the review page's
 * data (a section-by-section diff against what is live) and the "request changes" decision.
 * Approval itself is publication, in ~/modules/listings/publication.server.
 */

/** Comments stored on a revision: per section, and all of them as one list (the seed's shape). */
export type ReviewComments = { comments: string[]; sections?: Partial<Record<SectionKey | "general", string>> };

export function readReviewComments(value: unknown): ReviewComments {
  const raw = (value ?? {}) as Partial<ReviewComments>;
  return { comments: Array.isArray(raw.comments) ? raw.comments.map(String) : [], sections: raw.sections ?? {} };
}

export async function reviewQueue(db: Db, actor: Actor) {
  const revisions = await db.listingRevision.findMany({
    where: { status: "SUBMITTED", catalogueItem: scopedWhere(actor, "listing", "review", { supplier: true }) as Prisma.CatalogueItemWhereInput },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      number: true,
      submittedAt: true,
      catalogueItem: { select: { id: true, name: true, kind: true, publicationStatus: true, supplier: { select: { id: true, name: true } } } },
    },
  });
  return revisions;
}

async function namesFor(db: Db): Promise<Names> {
  const [capabilities, integrationTypes, frameworks] = await Promise.all([
    db.capability.findMany({ select: { id: true, name: true } }),
    db.integrationType.findMany({ select: { id: true, name: true } }),
    db.framework.findMany({ select: { id: true, name: true } }),
  ]);
  return {
    capabilities: new Map(capabilities.map((c) => [c.id, c.name])),
    integrationTypes: new Map(integrationTypes.map((t) => [t.id, t.name])),
    frameworks: new Map(frameworks.map((f) => [f.id, f.name])),
  };
}

export async function getReview(db: Db, actor: Actor, revisionId: string) {
  const revision = await db.listingRevision.findFirst({
    where: { id: revisionId, catalogueItem: scopedWhere(actor, "listing", "review", { supplier: true }) as Prisma.CatalogueItemWhereInput },
    include: {
      catalogueItem: { include: { supplier: { select: { id: true, name: true } }, publishedRevision: { select: { id: true, number: true, content: true } } } },
      createdBy: { select: { name: true } },
    },
  });
  if (!revision) return null;
  const content = normaliseContent(revision.content);
  const live = revision.catalogueItem.publishedRevision ? normaliseContent(revision.catalogueItem.publishedRevision.content) : null;
  // Required standards are reference data staff can change, so "missing" is worked out against today's list,
  // exactly as approval (publication.server.ts) checks it.
  const reference = await standardsReference(db);
  return {
    revision,
    content,
    live,
    diff: diffSections(live, content, await namesFor(db)),
    missing: missingSections(content, reference.requiredStandardIds).map((s) => SECTION_TITLES[s]),
    standards: revision.catalogueItem.kind === "SOLUTION" ? diffStandardEvidence(await liveEvidence(db, revision.catalogueItem), content.standards, reference.standards) : [],
    comments: readReviewComments(revision.reviewComments),
  };
}

/** What is live per standard: the snapshot's section, or for a snapshot from before it existed, the assurance records approval compares against. */
async function liveEvidence(db: Db, item: { id: string; publishedRevision: { content: unknown } | null }) {
  if (!item.publishedRevision) return undefined;
  return hasStandardsSection(item.publishedRevision.content) ? normaliseContent(item.publishedRevision.content).standards : evidenceFromRecords(db, item.id);
}

const changesRequestedEmail = emailTemplate((p: { name: string; comments: string[]; url: string }) => ({
  subject: `Changes requested to ${p.name}`,
  paragraphs: ["Commercial staff reviewed your revision and asked for these changes before it can be published:", { list: p.comments }],
  link: { text: "Make the changes", url: p.url },
}));

export type ReviewDecision = { ok: true } | { ok: false; reason: "not-found" | "stale" | "refused" | "invalid"; message: string };

/**
 * Sends the revision back to the supplier with comments per section; at least one comment.
 * The revision's version guards against deciding on a revision the supplier has since withdrawn.
 */
export async function requestChanges(
  db: Db,
  actor: Actor,
  input: { revisionId: string; version: number; sections: Partial<Record<SectionKey | "general", string>> },
): Promise<ReviewDecision> {
  return db.$transaction(async (tx) => {
    const revision = await tx.listingRevision.findFirst({
      where: { id: input.revisionId, catalogueItem: scopedWhere(actor, "listing", "requestChanges", { supplier: true }) as Prisma.CatalogueItemWhereInput },
      include: { catalogueItem: { select: { id: true, name: true, kind: true, supplierId: true } } },
    });
    if (!revision) return { ok: false as const, reason: "not-found" as const, message: "That revision could not be found." };
    if (revision.version !== input.version) {
      return { ok: false as const, reason: "stale" as const, message: "The supplier changed this revision after you opened it. Review the latest version." };
    }
    const transition = transitionRevision(revision.status, "requestChanges");
    if (!transition.ok) return { ok: false as const, reason: "refused" as const, message: transition.reason };
    const order: (SectionKey | "general")[] = ["general", ...sectionsFor(revision.catalogueItem.kind)];
    const sections = Object.fromEntries(order.flatMap((key) => (input.sections[key]?.trim() ? [[key, input.sections[key]!.trim()]] : [])));
    const comments = Object.entries(sections).map(([key, text]) => (key === "general" ? text : `${SECTION_TITLES[key as SectionKey]}: ${text}`));
    if (comments.length === 0) return { ok: false as const, reason: "invalid" as const, message: "Enter at least one comment saying what the supplier must change" };

    const updated = await tx.listingRevision.updateMany({
      where: { id: revision.id, version: input.version, status: "SUBMITTED" },
      data: { status: transition.to, reviewedAt: new Date(), reviewedById: actor.userId, reviewComments: { comments, sections }, version: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false as const, reason: "stale" as const, message: "This revision changed while you were reviewing it." };
    await recordAudit(tx, {
      actor: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
      action: "listing.requestChanges",
      objectType: "ListingRevision",
      objectId: revision.id,
      before: { status: revision.status },
      after: { status: transition.to, comments },
    });
    for (const to of await supplierEmailAddresses(tx, revision.catalogueItem.supplierId)) {
      await queueEmail(tx, {
        to,
        ...changesRequestedEmail({ name: revision.catalogueItem.name, comments, url: siteUrl(`/supplier/listings/${revision.catalogueItem.id}`) }),
        dedupeKey: `changes-requested:${revision.id}:${input.version}:${to}`,
      });
    }
    return { ok: true as const };
  });
}
