import type { Prisma } from "../../../generated/prisma/client";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { toCsv } from "~/modules/catalogue/compare";
import { londonToday, type DateOnly } from "~/modules/dates";
import { itemPrices, recipientsProblem } from "~/modules/orders/order-items.server";
import { OrderRefused } from "~/modules/assurance/orderability.server";
import { auditActor, callOffId, snapshotOf, startOrderIn } from "~/modules/orders/orders.server";
import { formatMoney, moneyToDecimalString, toMoney } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { awardOptions, parseAwardDecision, passedOverForLapse, type AwardOptions, type PassedOver } from "./award";
import { competitionInclude, competitionStateFor, includedSolutions, marksKey, marksOf, type CompetitionDetail } from "./competitions.server";
import { AWARD_BASIS_NAMES, criteriaFromJson, scoredElements, weightsOf } from "./criteria";
import { solutionTotalCost, snapshotOfSolution } from "./items.server";
import { competitionOrderability } from "./orderability.server";
import { competitionReference, readyForResult } from "./rules";
import {
  AGREED_SCORE_RULE,
  ELEMENT_FORMULA,
  ELEMENT_NAMES,
  NON_PRICE_FORMULA,
  PRICE_FORMULA,
  ROUNDING_RULE,
  TIE_BREAK_RULE,
  competitionResult,
  formatAgreedScore,
  formatPoints,
  moderationComplete,
  tieBreakText,
} from "./scoring";

/**
 * The result of a competition (scores by the published formulas, the winner, the tie-break)
 * and its award: a call-off order pre-filled with the winner's framework, supplier, price,
 * agreed prices, recipients and quantities, made by the same order-creation code as the
 * buyer's own new order, in the same transaction that marks the competition awarded.
 */

export type ResultView = Awaited<ReturnType<typeof competitionOutcome>>;

/** What is still missing before there is a result, in words. */
function missingForResult(state: Awaited<ReturnType<typeof competitionStateFor>>): string[] {
  const missing: string[] = [];
  if (!state.criteriaLocked) missing.push("The criteria are not locked yet.");
  if (state.recipientCount === 0) missing.push("No service recipients are selected.");
  for (const s of state.solutions) if (!s.pricesDone) missing.push(`${s.name} has no price and quantities yet.`);
  if (scoredElements(state.criteria).length > 0) {
    if (state.scorerCount < 2) missing.push("At least 2 scorers are needed.");
    else if (state.submittedScorers < state.scorerCount) missing.push(`${state.scorerCount - state.submittedScorers} of ${state.scorerCount} scorers have not submitted their scores.`);
    else if (!moderationComplete(state.marks)) {
      missing.push("Some scores differ by 2 or more and are not moderated yet.");
    }
  }
  return missing;
}

/** The result as it stands (or null with what is missing), with each solution's orderability today and who the award would go to. */
export async function competitionOutcome(db: DbClient, competition: CompetitionDetail, actor: Actor, today: DateOnly = londonToday()) {
  const state = await competitionStateFor(db, competition, actor);
  const criteria = state.criteria;
  const solutions = includedSolutions(competition);
  const orderability = await competitionOrderability(db, solutions.map((s) => s.catalogueItemId), competition.frameworkId, today);
  if (!readyForResult(state) || !criteria.awardBasis) return { ready: false as const, missing: missingForResult(state), orderability };
  const weights = weightsOf(criteria)!;
  const { marks } = await marksOf(db, competition);
  const elements = scoredElements(criteria);
  const result = competitionResult({
    basis: criteria.awardBasis,
    weights,
    competitors: solutions.map((s) => ({
      id: s.catalogueItemId,
      name: s.catalogueItem.name,
      totalCost: solutionTotalCost(s, criteria.contractMonths) ?? 0n,
      marks: Object.fromEntries(elements.map((element) => [element, marks.get(marksKey(s.catalogueItemId, element))!])),
    })),
  });
  return { ready: true as const, result, options: awardOptions(result, orderability), orderability, criteria, weights, elements };
}

const SUPPLIER_OF = (competition: CompetitionDetail) => new Map(competition.solutions.map((s) => [s.catalogueItemId, s.catalogueItem.supplier.name]));

/** The result as plain strings for the results page, CSV, summary and the stored award record. */
export function resultTable(competition: CompetitionDetail, outcome: Extract<ResultView, { ready: true }>) {
  const supplier = SUPPLIER_OF(competition);
  const note = (id: string) => {
    const answer = outcome.orderability.get(id);
    return answer && answer.state !== "orderable" ? answer.reason : null;
  };
  return {
    basis: AWARD_BASIS_NAMES[outcome.criteria.awardBasis!],
    contractMonths: outcome.criteria.contractMonths!,
    weights: { price: outcome.weights.price, elements: outcome.elements.map((e) => ({ element: e, name: ELEMENT_NAMES[e], weight: outcome.weights[e] })) },
    rows: outcome.result.rows.map((row) => ({
      id: row.id,
      rank: row.rank,
      name: row.name,
      supplier: supplier.get(row.id) ?? "",
      totalCost: formatMoney(row.totalCost),
      priceScore: formatPoints(row.priceScore),
      elements: outcome.elements.map((e) => ({ element: e, agreed: row.agreedScores[e] ? formatAgreedScore(row.agreedScores[e]!) : "–", score: formatPoints(row.elementScores[e] ?? 0) })),
      nonPriceScore: formatPoints(row.nonPriceScore),
      total: formatPoints(row.total),
      winner: row.id === outcome.result.winnerId,
      orderabilityNote: note(row.id),
    })),
    winner: outcome.result.winnerId ? outcome.result.rows.find((r) => r.id === outcome.result.winnerId)!.name : null,
    tieBreak: tieBreakText(outcome.result),
    rules: { price: PRICE_FORMULA, element: ELEMENT_FORMULA, agreed: AGREED_SCORE_RULE, nonPrice: NON_PRICE_FORMULA, rounding: ROUNDING_RULE, tieBreak: TIE_BREAK_RULE },
  };
}

export type AwardResult = { ok: true; orderId: string; existing: boolean } | { ok: false; errors: Record<string, string> } | { ok: false; refused: string };

class Rollback extends Error {
  constructor(readonly result: AwardResult) {
    super("rollback");
  }
}

/** JSON with object keys sorted: PostgreSQL's jsonb keeps its own key order, so a plain stringify would differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
const sameSnapshot = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Awards the competition: checks the result, the lead's choices (tie, note for staff) and that
 * the winner's price is still the one priced, then creates the call-off order with
 * `startOrderIn` (which applies the orderability rule again, with the solution's assurance held
 * still) and marks the competition awarded, all in one transaction. The competition row is
 * locked first, so a second submit waits and then finds it awarded, and gets the same order.
 */
export async function awardCompetition(db: Db, actor: Actor, id: string, values: Record<string, unknown>, today: DateOnly = londonToday()): Promise<AwardResult | null> {
  try {
    return await db.$transaction(async (tx) => {
      const found = await tx.competition.findFirst({ where: scopedById(actor, "competition", "award", { organisation: true }, id), select: { id: true } });
      if (!found) return null;
      await tx.$queryRaw`SELECT id FROM competitions WHERE id = ${found.id} FOR UPDATE`;
      const competition = await tx.competition.findUniqueOrThrow({ where: { id: found.id }, include: competitionInclude });
      if (competition.status === "AWARDED") {
        if (competition.order) return { ok: true, orderId: competition.order.id, existing: true };
        return { ok: false, refused: "This competition has already been awarded." };
      }
      if (competition.leadUserId !== actor.userId) return { ok: false, refused: `Only the competition lead, ${competition.lead.name}, can award this competition.` };
      if (String(values.version ?? "") !== String(competition.version)) {
        return { ok: false, refused: "The competition has changed since you opened the award page. Go back to the result and check it again before you award." };
      }
      const outcome = await competitionOutcome(tx, competition, actor, today);
      if (!outcome.ready) return { ok: false, refused: `The competition is not ready to award. ${outcome.missing.join(" ")}` };
      const decision = parseAwardDecision(outcome.options, values);
      if (!decision.ok) return { ok: false, errors: decision.errors };
      const { solutionId, tieReason, lapseNote } = decision.decision;
      const solution = includedSolutions(competition).find((s) => s.catalogueItemId === solutionId)!;
      const snapshot = snapshotOfSolution(solution)!;
      const current = (await itemPrices(tx, solutionId)).find((p) => p.id === solution.priceId);
      if (!current || !sameSnapshot(snapshotOf(current), snapshot)) {
        return { ok: false, refused: `The list price of ${solution.catalogueItem.name} has changed since its prices were entered. Check its price and quantities again, then award.` };
      }
      const recipientIds = competition.recipients.map((r) => r.organisationId);
      const problem = await recipientsProblem(tx, actor, recipientIds);
      if (problem) return { ok: false, refused: `${problem}: check the competition's service recipients.` };
      const criteria = criteriaFromJson(competition.criteria);
      const order = await startOrderIn(tx, actor, {
        description: competition.name,
        solutionId,
        awarded: {
          competitionId: competition.id,
          frameworkId: competition.frameworkId,
          priceId: solution.priceId!,
          agreedTierPrices: solution.agreedTierPrices.map((p) => moneyToDecimalString(toMoney(p))),
          maximumTermMonths: criteria.contractMonths!,
          recipientIds,
          quantities: solution.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity })),
        },
      }, today);
      if (!order.ok) throw new Rollback({ ok: false, refused: Object.values(order.errors)[0] });
      const table = resultTable(competition, outcome);
      const record = { ...table, awardedTo: solutionId, passedOver: outcome.options.passedOver, tieReason, lapseNote, revision: competition.revision } as unknown as Prisma.InputJsonObject;
      await tx.competition.update({
        where: { id: competition.id },
        data: { status: "AWARDED", awardedSolutionId: solutionId, awardedAt: new Date(), lapseNote, tieDecisionReason: tieReason, result: record, version: { increment: 1 } },
      });
      const audit = { actor: auditActor(actor), objectType: "Competition", objectId: competition.id } as const;
      await recordAudit(tx, { ...audit, action: "competition.award", after: { solutionId, orderId: order.orderId, revision: competition.revision, passedOver: outcome.options.passedOver, tieReason, result: table.rows.map((r) => ({ id: r.id, rank: r.rank, total: r.total })) } });
      if (lapseNote) {
        const lapsed = passedOverForLapse(outcome.options).map(({ id, reason }) => ({ id, reason }));
        await recordAudit(tx, { ...audit, action: LAPSE_AUDIT_ACTION, after: { solutionId, passedOver: lapsed, note: lapseNote } });
      }
      return { ok: true, orderId: order.orderId, existing: false };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    // The rule refused inside the award (a lapse or suspension committed since the result was read): nothing is saved.
    if (error instanceof OrderRefused) return { ok: false, refused: `${error.message} The competition cannot be awarded to it. Go back to the result to see who the award goes to now.` };
    throw error;
  }
}

/** The audit event of an award that passed over a solution whose assurance lapsed during the competition (with the lead's note). */
export const LAPSE_AUDIT_ACTION = "competition.awardPassedOverLapse";

/** What the award page shows: who it goes to, who is passed over and why, and what the lead must add. */
export function awardView(competition: CompetitionDetail, outcome: Extract<ResultView, { ready: true }>) {
  const name = (id: string) => competition.solutions.find((s) => s.catalogueItemId === id)?.catalogueItem.name ?? id;
  const options: AwardOptions = outcome.options;
  return {
    version: competition.version,
    target: options.target ? { id: options.target, name: name(options.target) } : null,
    choose: options.choose.map((id) => ({ id, name: name(id) })),
    passedOver: options.passedOver.map((p) => ({ name: name(p.id), reason: p.reason, assuranceLapsed: p.assuranceLapsed })),
    needsLapseNote: passedOverForLapse(options).length > 0,
  };
}

// ───────── For commercial staff ─────────

/**
 * Awards that passed over a solution whose assurance lapsed during the competition, with the
 * lead's note and the solutions passed over: commercial staff see every one.
 */
export async function awardsPassingOverLapse(db: DbClient, actor: Actor) {
  const competitions = await db.competition.findMany({
    where: { AND: [scopedWhere(actor, "competition", "read", { organisation: true }), { status: "AWARDED", lapseNote: { not: null } }] },
    orderBy: [{ awardedAt: "desc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      number: true,
      name: true,
      awardedAt: true,
      awardedSolutionId: true,
      lapseNote: true,
      result: true,
      organisation: { select: { name: true, odsCode: true } },
      lead: { select: { name: true, email: true } },
      solutions: { select: { catalogueItemId: true, catalogueItem: { select: { name: true, supplier: { select: { name: true } } } } } },
      order: { select: { callOffNumber: true, revision: true } },
    },
  });
  return competitions.map((c) => {
    const solution = (id: string) => {
      const found = c.solutions.find((s) => s.catalogueItemId === id);
      return found ? `${found.catalogueItem.name} (${found.catalogueItem.supplier.name})` : id;
    };
    const passedOver = passedOverForLapse({ passedOver: (c.result as unknown as AwardRecord | null)?.passedOver ?? [] });
    return {
      id: c.id,
      reference: competitionReference(c.number),
      name: c.name,
      awardedAt: c.awardedAt!.toISOString(),
      organisation: `${c.organisation.name} (${c.organisation.odsCode})`,
      lead: `${c.lead.name}, ${c.lead.email}`,
      passedOver: passedOver.map((p) => ({ solution: solution(p.id), reason: p.reason })),
      solution: c.awardedSolutionId ? solution(c.awardedSolutionId) : "",
      note: c.lapseNote!,
      callOffId: c.order ? callOffId(c.order) : null,
    };
  });
}

// ───────── The result as published: page, CSV, printable summary ─────────

export type ResultTable = ReturnType<typeof resultTable>;
export type AwardRecord = ResultTable & { awardedTo: string; passedOver: PassedOver[]; tieReason: string | null; lapseNote: string | null; revision: number };

/**
 * The result to publish: once awarded, the record the award rests on (nothing can change it);
 * before that, the result as it stands, or what is still missing.
 */
export async function publishedResult(db: DbClient, competition: CompetitionDetail, actor: Actor, today: DateOnly = londonToday()) {
  if (competition.status === "AWARDED" && competition.result) return { ready: true as const, awarded: true, table: competition.result as unknown as AwardRecord };
  const outcome = await competitionOutcome(db, competition, actor, today);
  if (!outcome.ready) return { ready: false as const, missing: outcome.missing };
  return { ready: true as const, awarded: false, table: resultTable(competition, outcome) };
}

/** One row per solution, in rank order, with every figure the results page shows (cells a spreadsheet would run are quoted). */
export function resultsCsv(competition: Pick<CompetitionDetail, "number" | "name">, table: ResultTable): string {
  const reference = competitionReference(competition.number);
  return toCsv([
    [
      "Competition",
      "Competition name",
      "Rank",
      "Solution ID",
      "Solution",
      "Supplier",
      `Total cost over ${table.contractMonths} months (indicative)`,
      `Price score (weight ${table.weights.price})`,
      ...table.weights.elements.flatMap((e) => [`${e.name} agreed score (1 to 5)`, `${e.name} score (weight ${e.weight})`]),
      "Non-price score",
      "Total score",
      "Winner",
      "Orderability note",
    ],
    ...table.rows.map((row) => [
      reference,
      competition.name,
      String(row.rank),
      row.id,
      row.name,
      row.supplier,
      row.totalCost,
      row.priceScore,
      ...row.elements.flatMap((e) => [e.agreed, e.score]),
      row.nonPriceScore,
      row.total,
      row.winner ? "Yes" : "No",
      row.orderabilityNote ?? "",
    ]),
  ]);
}
