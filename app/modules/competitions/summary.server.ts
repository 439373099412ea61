import { formatNhsDate, londonDateOf, type DateOnly } from "~/modules/dates";
import { priceText } from "~/modules/orders/orders.server";
import { callOffId } from "~/modules/orders/order-rules";
import { formatMoney, toMoney } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { DbClient } from "~/utils/db.server";
import { publishedResult } from "./award.server";
import { includedSolutions, type CompetitionDetail } from "./competitions.server";
import { AWARD_BASIS_NAMES, criteriaFromJson, criteriaRows } from "./criteria";
import { integrationTypeOptions } from "./criteria.server";
import { snapshotOfSolution, solutionTotalCost } from "./items.server";
import { ELEMENT_NAMES, type Element } from "./scoring";

/**
 * Everything about a competition on one printable page: who ran it, what was compared and
 * what was left out (with why), the criteria as locked, prices and quantities, scorers and
 * moderated scores with their reasons, the result, and the award.
 */
export async function competitionSummary(db: DbClient, competition: CompetitionDetail, actor: Actor, today?: DateOnly) {
  const criteria = criteriaFromJson(competition.criteria);
  const names = Object.fromEntries((await integrationTypeOptions(db)).map((t) => [t.id, t.name]));
  const moderations = await db.competitionModeration.findMany({ where: { competitionId: competition.id, revision: competition.revision }, orderBy: [{ catalogueItemId: "asc" }, { element: "asc" }] });
  const solutionName = new Map(competition.solutions.map((s) => [s.catalogueItemId, s.catalogueItem.name]));
  const awarded = competition.awardedSolutionId ? solutionName.get(competition.awardedSolutionId) ?? competition.awardedSolutionId : null;
  return {
    details: [
      { key: "Organisation", value: `${competition.organisation.name} (${competition.organisation.odsCode})` },
      { key: "Lead", value: `${competition.lead.name}, ${competition.lead.email}` },
      { key: "Framework", value: competition.framework.name },
      { key: "From shortlist", value: competition.shortlistName },
      { key: "Started", value: formatNhsDate(londonDateOf(competition.createdAt)) },
      { key: "Criteria revision", value: competition.criteriaLockedAt ? `${competition.revision}, locked ${formatNhsDate(londonDateOf(competition.criteriaLockedAt))}` : `${competition.revision}, not locked` },
    ],
    criteria: criteria.awardBasis ? criteriaRows(criteria, names) : [],
    basis: criteria.awardBasis ? AWARD_BASIS_NAMES[criteria.awardBasis] : null,
    revisions: competition.revisions.filter((r) => r.supersededAt).map((r) => ({ revision: r.revision, reason: r.supersedReason ?? "", replaced: formatNhsDate(londonDateOf(r.supersededAt!)) })),
    solutions: includedSolutions(competition).map((s) => {
      const snapshot = snapshotOfSolution(s);
      const total = solutionTotalCost(s, criteria.contractMonths);
      return {
        name: s.catalogueItem.name,
        supplier: s.catalogueItem.supplier.name,
        price: snapshot ? priceText(snapshot) : "Not chosen",
        agreed: s.agreedTierPrices.length ? s.agreedTierPrices.map((p) => formatMoney(toMoney(p), { exact: true })).join("; ") : "List price",
        quantity: s.quantities.reduce((sum, q) => sum + q.quantity, 0).toLocaleString("en-GB"),
        total: total === null ? "Not priced yet" : formatMoney(total),
      };
    }),
    leftOut: competition.solutions.filter((s) => !s.included).map((s) => ({ name: s.catalogueItem.name, supplier: s.catalogueItem.supplier.name, reason: s.exclusionReason ?? "" })),
    recipients: competition.recipients.map((r) => `${r.organisation.name} (${r.organisation.odsCode})`),
    scorers: competition.scorers.map((s) => `${s.user.name}${s.submittedRevision === competition.revision ? "" : " (not submitted)"}`),
    moderations: moderations.map((m) => ({ solution: solutionName.get(m.catalogueItemId) ?? m.catalogueItemId, element: ELEMENT_NAMES[m.element as Element], score: m.score, reason: m.reason })),
    result: competition.kind === "DIRECT_AWARD" ? null : await publishedResult(db, competition, actor, today),
    award:
      competition.status === "AWARDED"
        ? {
            to: awarded,
            on: competition.awardedAt ? formatNhsDate(londonDateOf(competition.awardedAt)) : "",
            order: competition.order ? callOffId(competition.order) : null,
            directAward: competition.directAwardJustification,
            tieReason: competition.tieDecisionReason,
            lapseNote: competition.lapseNote,
          }
        : null,
  };
}
