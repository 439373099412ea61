import { orderability } from "~/modules/assurance/orderability";
import { orderabilityFacts } from "~/modules/assurance/orderability.server";
import { firstYearPence } from "~/modules/catalogue/indicative-price";
import { fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";
import { projectDocument, type IntegrationGroupKey, type ProjectionInput, type SearchDocument } from "./document";

/**
 * Reads listings from the database and projects them into search documents: the published
 * revision's snapshot (what the buyer sees) plus live publication status, supplier name,
 * assurance records and the orderability rule's verdict (which the default search filters on),
 * all from the rule's own facts loader. Only Catalogue Solutions that are Published or In remediation, have an
 * approved revision and an active supplier are searchable; anything else is "hidden" and
 * must be removed from the index.
 */

const BATCH = 1000;
export const SEARCHABLE_STATUSES = ["PUBLISHED", "IN_REMEDIATION"] as const;

type Reference = ProjectionInput["reference"];

async function loadReference(db: DbClient): Promise<Reference & { standards: Map<string, { name: string; kind: string; warningWindowDays: number }> }> {
  const [capabilities, frameworks, integrations, standards] = await Promise.all([
    db.capability.findMany({ select: { id: true, name: true } }),
    db.framework.findMany({ select: { id: true, shortName: true, status: true } }),
    db.integrationType.findMany({ select: { id: true, name: true, group: true, standardId: true } }),
    db.standard.findMany({ select: { id: true, name: true, kind: true, warningWindowDays: true } }),
  ]);
  const capabilityNames = new Map(capabilities.map((c) => [c.id, c.name]));
  const frameworkById = new Map(frameworks.map((f) => [f.id, { shortName: f.shortName, expired: f.status === "EXPIRED" }]));
  const integrationById = new Map(integrations.map((i) => [i.id, { name: i.name, group: i.group as IntegrationGroupKey, standardId: i.standardId }]));
  return {
    capabilityName: (id) => capabilityNames.get(id),
    framework: (id) => frameworkById.get(id),
    integration: (id) => integrationById.get(id),
    standards: new Map(standards.map((s) => [s.id, { name: s.name, kind: s.kind, warningWindowDays: s.warningWindowDays }])),
  };
}

export type Projection = { documents: SearchDocument[]; hidden: string[] };

/**
 * Documents for the given catalogue item ids (additional services stand for their parent
 * solution), or for every solution when `ids` is omitted.
 */
export async function projectListings(db: DbClient, ids?: string[], today: DateOnly = londonToday()): Promise<Projection> {
  const reference = await loadReference(db);
  let solutionIds: string[];
  if (ids) {
    const items = await db.catalogueItem.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, parentSolutionId: true } });
    const found = new Set(items.map((i) => i.id));
    solutionIds = [
      ...new Set([
        ...items.flatMap((i) => (i.kind === "SOLUTION" ? [i.id] : i.parentSolutionId ? [i.parentSolutionId] : [])),
        // An id that no longer exists must leave the index too.
        ...ids.filter((id) => !found.has(id)),
      ]),
    ];
  } else {
    solutionIds = (await db.catalogueItem.findMany({ where: { kind: "SOLUTION" }, select: { id: true }, orderBy: { id: "asc" } })).map((i) => i.id);
  }

  const result: Projection = { documents: [], hidden: [] };
  for (let i = 0; i < solutionIds.length; i += BATCH) {
    const batch = solutionIds.slice(i, i + BATCH);
    const items = await db.catalogueItem.findMany({
      where: { id: { in: batch }, kind: "SOLUTION" },
      select: {
        id: true,
        supplierId: true,
        publicationStatus: true,
        remediationDeadline: true,
        publishedAt: true,
        supplier: { select: { id: true, name: true, isActive: true } },
        publishedRevision: { select: { content: true } },
      },
    });
    const searchable = items.filter(
      (item) => (SEARCHABLE_STATUSES as readonly string[]).includes(item.publicationStatus) && item.publishedRevision && item.supplier.isActive,
    );
    const facts = await orderabilityFacts(db, searchable.map((item) => item.id));
    const found = new Set(searchable.map((item) => item.id));
    result.hidden.push(...batch.filter((id) => !found.has(id)));
    for (const item of searchable) {
      const itemFacts = facts.get(item.id)!;
      const assurance = itemFacts.assurance.flatMap((fact) => {
        const standard = reference.standards.get(fact.standardId);
        if (!standard) return [];
        return [
          {
            standardId: fact.standardId,
            standardName: standard.name,
            standardKind: standard.kind,
            warningWindowDays: fact.warningWindowDays,
            status: fact.status,
            expiresOn: fact.expiresOn,
            remediationDeadline: fact.remediationDeadline,
            assuredOn: fact.assuredOn ?? null,
            level: fact.level,
          },
        ];
      });
      result.documents.push(
        projectDocument(
          {
            id: item.id,
            publicationStatus: item.publicationStatus,
            remediationDeadline: item.remediationDeadline ? fromDbDate(item.remediationDeadline) : null,
            publishedAt: item.publishedAt?.toISOString() ?? null,
            supplier: { id: item.supplier.id, name: item.supplier.name },
            content: item.publishedRevision!.content as unknown as ProjectionInput["content"],
            assurance,
            orderability: orderability(itemFacts, { today }),
            reference,
          },
          today,
          (price, listSize) => (price.tiers.length > 0 ? firstYearPence(price, listSize) : null),
        ),
      );
    }
  }
  return result;
}
