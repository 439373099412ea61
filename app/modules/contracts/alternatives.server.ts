import type { Prisma } from "../../../generated/prisma/client";
import { orderableSolutionWhere, solutionOrderability, type Orderability } from "~/modules/assurance/orderability.server";
import { londonToday, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";

/**
 * Assured alternatives to a solution: those the orderability rule lets be ordered today
 * (Published, priced, on a live framework, every assurance of theirs and their supplier's in
 * place) that pass (fully or partly) every capability the solution passes. Those that cover
 * the most of the original's capabilities fully come first.
 */
export async function assuredAlternatives(db: DbClient, solutionId: string, today: DateOnly = londonToday()) {
  const capabilities = (await passedCapabilityIds(db, solutionId)).map((capabilityId) => ({ capabilityId }));
  const passes = (capabilityId: string): Prisma.CatalogueItemWhereInput => ({
    capabilities: { some: { capabilityId, assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } } },
  });
  const alternatives = await db.catalogueItem.findMany({
    where: { AND: [{ id: { not: solutionId } }, orderableSolutionWhere({ today }), ...capabilities.map((c) => passes(c.capabilityId))] },
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

/** The capabilities a solution passes (fully or partly), in catalogue order: what an alternative must cover. */
export async function passedCapabilityIds(db: DbClient, solutionId: string): Promise<string[]> {
  const passed = await db.solutionCapability.findMany({
    where: { catalogueItemId: solutionId, assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } },
    select: { capabilityId: true, capability: { select: { number: true } } },
  });
  return passed.sort((a, b) => a.capability.number - b.capability.number).map((c) => c.capabilityId);
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

/** What a page shows when the orderability rule refuses a solution: the reasons and a few assured alternatives. */
export type RefusalView = { solutionName: string; reasons: string[]; alternatives: { id: string; name: string; supplier: string }[] };

export const REFUSAL_ALTERNATIVES_SHOWN = 3;

/** The refusal for a solution the rule refused, or null when it may be ordered. */
export async function refusalView(
  db: DbClient,
  solution: { id: string; name: string },
  verdict: Orderability,
  today: DateOnly = londonToday(),
): Promise<RefusalView | null> {
  if (verdict.orderable) return null;
  const alternatives = (await assuredAlternatives(db, solution.id, today)).slice(0, REFUSAL_ALTERNATIVES_SHOWN);
  return {
    solutionName: solution.name,
    reasons: verdict.refusals.map((r) => r.message),
    alternatives: alternatives.map((a) => ({ id: a.id, name: a.name, supplier: a.supplier.name })),
  };
}

/** The rule's refusal for a solution a buyer asked to order (by id, from a link or a form), with alternatives; null when it may be ordered. */
export async function solutionRefusal(db: DbClient, solutionId: string, today: DateOnly = londonToday()): Promise<RefusalView | null> {
  const verdict = await solutionOrderability(db, solutionId, { today });
  if (verdict.orderable) return null;
  const item = await db.catalogueItem.findFirst({ where: { id: solutionId, kind: "SOLUTION" }, select: { id: true, name: true } });
  return refusalView(db, item ?? { id: solutionId, name: "That solution" }, verdict, today);
}
