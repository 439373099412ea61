import { lapsedAssuranceWhere } from "~/modules/contracts/alternatives.server";
import { formatNhsDate, fromDbDate, type DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";

/**
 * Whether each solution of a competition can be ordered today on the competition's framework.
 * Every orderability decision of the competitions module goes through this one function.
 *
 * TO BE REPLACED by the shared orderability rule (app/modules/assurance/orderability.server.ts,
 * issue 10) at integration: it answers the same question (assurance at solution and supplier
 * level, framework live). Until then it is worked out here from what main has: the listing's
 * publication status, the supplier, a published price, the framework's status, and the
 * solution's and supplier's assurance records ("lapsed" is a query over those rows, as in
 * contracts/alternatives.server.ts).
 *
 * - orderable: can be included, win and be awarded;
 * - assurance-lapsed: still published, but its or its supplier's assurance has lapsed: it
 *   cannot be included in a new competition, and if it lapsed during one it can only win with
 *   a note commercial staff can see;
 * - unavailable: cannot be ordered at all (not published, suspended, in remediation, supplier
 *   inactive, no price, not on the framework or the framework not live).
 */
export type Orderability = { state: "orderable" } | { state: "assurance-lapsed"; reason: string } | { state: "unavailable"; reason: string };

export async function competitionOrderability(db: DbClient, solutionIds: readonly string[], frameworkId: string, today: DateOnly): Promise<Map<string, Orderability>> {
  const ids = [...new Set(solutionIds)];
  const solutions = await db.catalogueItem.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      name: true,
      kind: true,
      supplierId: true,
      publicationStatus: true,
      supplier: { select: { name: true, isActive: true } },
      prices: { where: { status: "PUBLISHED" }, select: { id: true }, take: 1 },
      frameworks: { where: { frameworkId }, select: { framework: { select: { shortName: true, status: true } } } },
    },
  });
  const lapsed = await db.assuranceRecord.findMany({
    where: {
      AND: [
        { OR: [{ catalogueItemId: { in: ids } }, { catalogueItemId: null, supplierId: { in: solutions.map((s) => s.supplierId) } }] },
        lapsedAssuranceWhere(today),
      ],
    },
    select: { catalogueItemId: true, supplierId: true, status: true, expiresOn: true, standard: { select: { name: true } } },
    orderBy: [{ expiresOn: "asc" }, { standardId: "asc" }],
  });
  const answers = new Map<string, Orderability>();
  for (const id of ids) answers.set(id, { state: "unavailable", reason: "This solution is no longer in the catalogue." });
  for (const solution of solutions) {
    const unavailable = (reason: string) => answers.set(solution.id, { state: "unavailable", reason });
    const membership = solution.frameworks[0]?.framework;
    if (solution.kind !== "SOLUTION") unavailable(`${solution.name} is not a Catalogue Solution.`);
    else if (solution.publicationStatus === "SUSPENDED") unavailable(`${solution.name} has been suspended from the catalogue.`);
    else if (solution.publicationStatus === "IN_REMEDIATION") unavailable(`${solution.name} is in remediation because its assurance lapsed, so it cannot be ordered until the assurance is renewed.`);
    else if (solution.publicationStatus !== "PUBLISHED") unavailable(`${solution.name} is no longer published in the catalogue.`);
    else if (!solution.supplier.isActive) unavailable(`${solution.supplier.name} no longer supplies through the catalogue.`);
    else if (solution.prices.length === 0) unavailable(`${solution.name} has no published price.`);
    else if (!membership) unavailable(`${solution.name} is not on this framework.`);
    else if (membership.status !== "LIVE") unavailable(`The ${membership.shortName} framework is not taking orders.`);
    else {
      const own = lapsed.filter((r) => r.catalogueItemId === solution.id || (r.catalogueItemId === null && r.supplierId === solution.supplierId));
      if (own.length === 0) answers.set(solution.id, { state: "orderable" });
      else {
        const first = own[0];
        const whose = first.catalogueItemId === null ? `${solution.supplier.name}'s` : `${solution.name}'s`;
        const since = first.expiresOn && first.status !== "IN_REMEDIATION" && first.status !== "WITHDRAWN" ? ` (expired ${formatNhsDate(fromDbDate(first.expiresOn))})` : "";
        const state = first.status === "IN_REMEDIATION" ? "is in remediation" : first.status === "WITHDRAWN" ? "has been withdrawn" : "has lapsed";
        answers.set(solution.id, { state: "assurance-lapsed", reason: `${whose} ${first.standard.name} assurance ${state}${since}.` });
      }
    }
  }
  return answers;
}
