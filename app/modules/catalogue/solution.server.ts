import { orderability } from "~/modules/assurance/orderability";
import { orderabilityFacts } from "~/modules/assurance/orderability.server";
import { fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";
import { catalogueReference } from "./reference.server";
import { priceView, solutionViewFromContent, type RevisionContent, type ServiceView, type SolutionContext, type SolutionView } from "./solution-view";

/**
 * A solution as buyers see it: the published revision's snapshot plus the live supplier,
 * assurance records and services. Published, in-remediation and suspended listings have a
 * page (the last two with a warning); a withdrawn one answers "gone" with its date and
 * reason; drafts and anything else are not found.
 */
export type SolutionForBuyers =
  | { kind: "found"; solution: SolutionView }
  | { kind: "withdrawn"; id: string; name: string; withdrawnOn: DateOnly; reason: string | null };

const VIEWABLE = ["PUBLISHED", "IN_REMEDIATION", "SUSPENDED"];

export async function getSolutionForBuyers(db: DbClient, id: string, today: DateOnly = londonToday()): Promise<SolutionForBuyers | null> {
  const item = await db.catalogueItem.findFirst({
    where: { id, kind: "SOLUTION" },
    select: { id: true, name: true, publicationStatus: true, withdrawnAt: true, withdrawnReason: true, publishedRevision: { select: { content: true } } },
  });
  if (!item) return null;
  if (item.publicationStatus === "UNPUBLISHED" && item.withdrawnAt) {
    return { kind: "withdrawn", id: item.id, name: item.name, withdrawnOn: fromDbDate(item.withdrawnAt), reason: item.withdrawnReason };
  }
  if (!VIEWABLE.includes(item.publicationStatus) || !item.publishedRevision) return null;
  const context = await solutionContext(db, item.id, today);
  if (!context) return null;
  return { kind: "found", solution: solutionViewFromContent(item.publishedRevision.content as unknown as RevisionContent, context) };
}

/** Several solutions for the compare page, in the order asked; ids that are not found or withdrawn are left out. */
export async function getSolutionsForBuyers(db: DbClient, ids: string[], today: DateOnly = londonToday()): Promise<SolutionView[]> {
  const found = await Promise.all(ids.map((id) => getSolutionForBuyers(db, id, today)));
  return found.flatMap((f) => (f?.kind === "found" ? [f.solution] : []));
}

/**
 * The live facts a solution page shows around a revision's content. The supplier portal
 * previews a draft with `solutionViewFromContent(draft.content, await solutionContext(db, id))`.
 */
export async function solutionContext(db: DbClient, id: string, today: DateOnly = londonToday()): Promise<SolutionContext | null> {
  const item = await db.catalogueItem.findUnique({
    where: { id },
    select: {
      id: true,
      supplierId: true,
      publicationStatus: true,
      remediationDeadline: true,
      supplier: {
        select: {
          id: true,
          name: true,
          summary: true,
          website: true,
          contacts: { orderBy: [{ isPrimary: "desc" }, { lastName: "asc" }], take: 1, select: { firstName: true, lastName: true, email: true, phone: true, department: true } },
        },
      },
    },
  });
  if (!item) return null;
  // The orderability rule's own facts: the page shows the same records the rule judges.
  const [reference, facts, additional, associated] = await Promise.all([
    catalogueReference(db),
    orderabilityFacts(db, [id]),
    servicesOf(db, { kind: "ADDITIONAL_SERVICE", parentSolutionId: id }),
    servicesOf(db, { kind: "ASSOCIATED_SERVICE", supplierId: item.supplierId }),
  ]);
  const solutionFacts = facts.get(id);
  const contact = item.supplier.contacts[0];
  return {
    reference,
    today,
    publicationStatus: item.publicationStatus,
    remediationDeadline: item.remediationDeadline ? fromDbDate(item.remediationDeadline) : null,
    supplier: {
      id: item.supplier.id,
      name: item.supplier.name,
      summary: item.supplier.summary,
      website: item.supplier.website,
      contact: contact ? { name: `${contact.firstName} ${contact.lastName}`, email: contact.email, phone: contact.phone, department: contact.department } : null,
    },
    assurance: (solutionFacts?.assurance ?? []).map((r) => ({
      standardId: r.standardId,
      status: r.status,
      assuredOn: r.assuredOn ?? null,
      expiresOn: r.expiresOn,
      remediationDeadline: r.remediationDeadline,
      level: r.level,
    })),
    orderability: solutionFacts ? orderability(solutionFacts, { today }) : null,
    additionalServices: additional,
    associatedServices: associated,
  };
}

/** Services a buyer can add: published, with their published revision's prices. */
async function servicesOf(db: DbClient, where: { kind: "ADDITIONAL_SERVICE" | "ASSOCIATED_SERVICE"; parentSolutionId?: string; supplierId?: number }): Promise<ServiceView[]> {
  const items = await db.catalogueItem.findMany({
    where: { ...where, publicationStatus: "PUBLISHED", publishedRevisionId: { not: null } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, summary: true, publishedRevision: { select: { content: true } } },
  });
  return items.map((item) => {
    const content = item.publishedRevision?.content as unknown as RevisionContent | undefined;
    return { id: item.id, name: content?.name ?? item.name, summary: content?.summary ?? item.summary ?? "", prices: (content?.prices ?? []).map(priceView) };
  });
}
