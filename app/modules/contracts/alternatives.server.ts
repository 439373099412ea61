import type { Prisma } from "../../../generated/prisma/client";
import { londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";

/**
 * "Assurance lapsed" as a query over the assurance rows (DESIGN.md §2): a record that is
 * LAPSED, IN_REMEDIATION or WITHDRAWN, or whose expiry date has passed even if the daily scan
 * has not caught up with it yet.
 */
export function lapsedAssuranceWhere(today: DateOnly): Prisma.AssuranceRecordWhereInput {
  return { OR: [{ status: { in: ["LAPSED", "IN_REMEDIATION", "WITHDRAWN"] } }, { expiresOn: { lt: toDbDate(today) } }] };
}

/** A Published solution on a live framework, from an active supplier, with no lapsed assurance of its own or of its supplier. */
export function assuredSolutionWhere(today: DateOnly): Prisma.CatalogueItemWhereInput {
  const lapsed = lapsedAssuranceWhere(today);
  return {
    kind: "SOLUTION",
    publicationStatus: "PUBLISHED",
    prices: { some: { status: "PUBLISHED" } },
    frameworks: { some: { framework: { status: "LIVE" } } },
    assuranceRecords: { none: lapsed },
    supplier: { isActive: true, assuranceRecords: { none: { AND: [{ catalogueItemId: null }, lapsed] } } },
  };
}

/**
 * Why a solution cannot be renewed or ordered again, or null when it can: it must still be
 * Published on a live framework and its assurance must not have lapsed.
 */
export async function solutionUnavailableReason(db: DbClient, solutionId: string, today: DateOnly = londonToday()): Promise<string | null> {
  const solution = await db.catalogueItem.findUnique({
    where: { id: solutionId },
    select: {
      name: true,
      publicationStatus: true,
      supplier: { select: { isActive: true, name: true } },
      frameworks: { select: { framework: { select: { status: true } } } },
    },
  });
  if (!solution) return "This solution is no longer in the catalogue.";
  if (solution.publicationStatus === "SUSPENDED") return `${solution.name} has been suspended from the catalogue, so it cannot be renewed.`;
  if (solution.publicationStatus === "IN_REMEDIATION") return `${solution.name} is in remediation because its supplier's assurance lapsed, so it cannot be renewed until the assurance is renewed.`;
  if (solution.publicationStatus !== "PUBLISHED") return `${solution.name} is no longer published in the catalogue, so it cannot be renewed.`;
  if (!solution.supplier.isActive) return `${solution.supplier.name} no longer supplies through the catalogue.`;
  if (!solution.frameworks.some((f) => f.framework.status === "LIVE")) return `${solution.name} is no longer on a framework that takes orders.`;
  const assured = await db.catalogueItem.count({ where: { id: solutionId, ...assuredSolutionWhere(today) } });
  if (assured === 0) return `The assurance of ${solution.name} or its supplier has lapsed, so it cannot be renewed until it is renewed.`;
  return null;
}

/**
 * Assured alternatives to a solution: Published on a live framework, not suspended, no lapsed
 * assurance, and passing (fully or partly) every capability the solution passes. Those that
 * cover the most of the original's capabilities fully come first.
 */
export async function assuredAlternatives(db: DbClient, solutionId: string, today: DateOnly = londonToday()) {
  const capabilities = await db.solutionCapability.findMany({
    where: { catalogueItemId: solutionId, assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } },
    select: { capabilityId: true },
  });
  const passes = (capabilityId: string): Prisma.CatalogueItemWhereInput => ({
    capabilities: { some: { capabilityId, assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } } },
  });
  const alternatives = await db.catalogueItem.findMany({
    where: { AND: [{ id: { not: solutionId } }, assuredSolutionWhere(today), ...capabilities.map((c) => passes(c.capabilityId))] },
    select: {
      id: true,
      name: true,
      summary: true,
      supplier: { select: { id: true, name: true } },
      capabilities: {
        where: { assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } },
        select: { capabilityId: true, assessmentResult: true, capability: { select: { name: true, number: true } } },
      },
      frameworks: { where: { framework: { status: "LIVE" } }, select: { framework: { select: { id: true, shortName: true } } } },
    },
    orderBy: { name: "asc" },
    take: 50,
  });
  const wanted = new Set(capabilities.map((c) => c.capabilityId));
  const fullMatches = (a: (typeof alternatives)[number]) => a.capabilities.filter((c) => wanted.has(c.capabilityId) && c.assessmentResult === "PASSED_FULL").length;
  return alternatives
    .map((alternative) => ({ ...alternative, capabilities: [...alternative.capabilities].sort((a, b) => a.capability.number - b.capability.number) }))
    .sort((a, b) => fullMatches(b) - fullMatches(a) || a.name.localeCompare(b.name));
}

/** Alternatives as the pages show them (plain strings). */
export async function alternativesView(db: DbClient, solutionId: string, today: DateOnly = londonToday()) {
  return (await assuredAlternatives(db, solutionId, today)).map((a) => ({
    id: a.id,
    name: a.name,
    summary: a.summary,
    supplier: a.supplier.name,
    capabilities: a.capabilities.map((c) => `${c.capabilityId} ${c.capability.name}${c.assessmentResult === "PASSED_PARTIAL" ? " (partial)" : ""}`),
    frameworks: a.frameworks.map((f) => f.framework.shortName),
  }));
}
