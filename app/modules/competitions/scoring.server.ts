import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { changeCompetition, fieldErrors, includedSolutions, marksOf, marksKey, refused, CRITERIA_NOT_LOCKED, type CompetitionDetail, type Outcome } from "./competitions.server";
import { criteriaFromJson, scoredElements } from "./criteria";
import { MAX_SCORERS, MIN_SCORERS, parseScore, parseScoresheet, reasonSchema, scoresheetComplete } from "./rules";
import { ELEMENT_NAMES, agreedScore, formatAgreedScore, needsModeration, type Element } from "./scoring";

/**
 * Scoring: two or more scorers from the buyer's organisation each score every non-price
 * element of every solution 1 to 5 with a justification, on their own. No one sees anyone
 * else's scores until every scorer has submitted; then the lead sees where they differ by 2
 * or more and records a moderated score with a reason.
 */

/** Colleagues who can score: active buyers and account managers of the organisation. */
export function scorerOptions(db: DbClient, organisationId: string) {
  return db.user.findMany({
    where: { organisationId, isActive: true, role: { in: ["BUYER", "ACCOUNT_MANAGER"] } },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}

export function saveScorers(db: Db, actor: Actor, id: string, userIds: string[]): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.scorers" }, async (tx, competition) => {
    const ids = [...new Set(userIds)];
    if (ids.length < MIN_SCORERS) return fieldErrors({ scorers: `Select at least ${MIN_SCORERS} scorers, so the scores are checked by more than one person` });
    if (ids.length > MAX_SCORERS) return fieldErrors({ scorers: `Select ${MAX_SCORERS} scorers or fewer` });
    const allowed = await scorerOptions(tx, competition.organisationId);
    if (!ids.every((userId) => allowed.some((u) => u.id === userId))) return fieldErrors({ scorers: "Select scorers from the people in your organisation" });
    const before = competition.scorers.map((s) => s.userId);
    await tx.competitionScorer.deleteMany({ where: { competitionId: competition.id, userId: { notIn: ids } } });
    await tx.competitionScorer.createMany({ data: ids.map((userId) => ({ competitionId: competition.id, userId })), skipDuplicates: true });
    return { ok: true, before: { scorers: before }, after: { scorers: ids } };
  });
}

// ───────── One scorer's own scores ─────────

/** The actor's own scoresheet: their scores only, whoever else has scored. */
export async function ownScoresheet(db: DbClient, competition: CompetitionDetail, actor: Actor) {
  const criteria = criteriaFromJson(competition.criteria);
  const elements = scoredElements(criteria);
  const me = competition.scorers.find((s) => s.userId === actor.userId);
  const mine = me ? await db.competitionScore.findMany({ where: { competitionId: competition.id, revision: competition.revision, userId: actor.userId } }) : [];
  const solutions = includedSolutions(competition).map((s) => ({
    id: s.catalogueItemId,
    name: s.catalogueItem.name,
    supplier: s.catalogueItem.supplier.name,
    scores: elements.map((element) => {
      const score = mine.find((m) => m.catalogueItemId === s.catalogueItemId && m.element === element);
      return { element, name: ELEMENT_NAMES[element], score: score?.score ?? null, justification: score?.justification ?? "" };
    }),
  }));
  return {
    isScorer: Boolean(me),
    submitted: me?.submittedRevision === competition.revision,
    locked: competition.criteriaLockedAt !== null,
    elements,
    solutions,
    complete: scoresheetComplete(criteria, solutions.map((s) => s.id), mine),
  };
}

async function scorerGuard(tx: DbClient, competition: CompetitionDetail, actor: Actor): Promise<Outcome | null> {
  const me = competition.scorers.find((s) => s.userId === actor.userId);
  if (!me) return refused("You are not a scorer of this competition.");
  if (!competition.criteriaLockedAt) return refused(CRITERIA_NOT_LOCKED);
  if (me.submittedRevision === competition.revision) return refused("You have submitted your scores, so they can no longer change.");
  return null;
}

export function saveScores(db: Db, actor: Actor, id: string, solutionId: string, values: Record<string, unknown>): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "score", audit: "competition.score", leadOnly: false }, async (tx, competition) => {
    const refusal = await scorerGuard(tx, competition, actor);
    if (refusal) return refusal;
    if (!includedSolutions(competition).some((s) => s.catalogueItemId === solutionId)) return refused("That solution is not in this competition.");
    const parsed = parseScoresheet(scoredElements(criteriaFromJson(competition.criteria)), values);
    if (!parsed.ok) return fieldErrors(parsed.errors);
    for (const { element, score, justification } of parsed.scores) {
      const key = { competitionId: competition.id, revision: competition.revision, userId: actor.userId, catalogueItemId: solutionId, element };
      await tx.competitionScore.upsert({ where: { competitionId_revision_userId_catalogueItemId_element: key }, create: { ...key, score, justification }, update: { score, justification } });
    }
    return { ok: true, after: { solutionId, scores: parsed.scores.map((s) => ({ element: s.element, score: s.score, justification: s.justification })) } };
  });
}

export function submitScores(db: Db, actor: Actor, id: string): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "score", audit: "competition.submitScores", leadOnly: false }, async (tx, competition) => {
    const refusal = await scorerGuard(tx, competition, actor);
    if (refusal) return refusal;
    const mine = await tx.competitionScore.findMany({ where: { competitionId: competition.id, revision: competition.revision, userId: actor.userId } });
    const ids = includedSolutions(competition).map((s) => s.catalogueItemId);
    if (!scoresheetComplete(criteriaFromJson(competition.criteria), ids, mine)) return fieldErrors({ scoring: "Score every element of every solution before you submit your scores" });
    await tx.competitionScorer.update({ where: { competitionId_userId: { competitionId: competition.id, userId: actor.userId } }, data: { submittedRevision: competition.revision } });
    return { ok: true, after: { scorer: actor.userId, submitted: mine.length } };
  });
}

// ───────── Comparing and moderating ─────────

/** The lead's comparison, once every scorer has submitted: each scorer's score, the spread, and the moderated score. */
export async function moderationView(db: DbClient, competition: CompetitionDetail) {
  const { allSubmitted, marks } = await marksOf(db, competition);
  const elements = scoredElements(criteriaFromJson(competition.criteria));
  const names = new Map(competition.scorers.map((s) => [s.userId, s.user.name]));
  const rows = includedSolutions(competition).flatMap((solution) =>
    elements.map((element) => {
      const m = marks.get(marksKey(solution.catalogueItemId, element))!;
      const agreed = agreedScore(m);
      return {
        solutionId: solution.catalogueItemId,
        solution: solution.catalogueItem.name,
        element,
        elementName: ELEMENT_NAMES[element],
        scores: m.byScorer.map((s) => ({ scorer: names.get(s.userId) ?? "A scorer", score: s.score, justification: s.justification })),
        spread: m.scores.length > 0 ? Math.max(...m.scores) - Math.min(...m.scores) : 0,
        needsModeration: needsModeration(m.scores),
        moderated: m.moderated,
        reason: m.reason,
        agreed: agreed ? formatAgreedScore(agreed) : null,
      };
    }),
  );
  return { allSubmitted, rows, scorers: competition.scorers.map((s) => ({ name: s.user.name, submitted: s.submittedRevision === competition.revision })) };
}

export function saveModeration(db: Db, actor: Actor, id: string, solutionId: string, element: Element, values: Record<string, unknown>): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "moderate", audit: "competition.moderate" }, async (tx, competition) => {
    if (!competition.criteriaLockedAt) return refused(CRITERIA_NOT_LOCKED);
    const { allSubmitted, marks } = await marksOf(tx, competition);
    if (!allSubmitted || competition.scorers.length < MIN_SCORERS) return refused("Every scorer must submit their scores before you can moderate.");
    const m = marks.get(marksKey(solutionId, element));
    if (!m) return refused("That solution and element are not scored in this competition.");
    const label = ELEMENT_NAMES[element].toLowerCase();
    const score = parseScore(values.score, label);
    const reason = reasonSchema("the reason for the moderated score").safeParse(String(values.reason ?? ""));
    const errors = { ...(score.ok ? {} : { score: score.message }), ...(reason.success ? {} : { reason: reason.error.issues[0].message }) };
    if (!score.ok || !reason.success) return fieldErrors(errors);
    const key = { competitionId: competition.id, revision: competition.revision, catalogueItemId: solutionId, element };
    await tx.competitionModeration.upsert({
      where: { competitionId_revision_catalogueItemId_element: key },
      create: { ...key, score: score.score, reason: reason.data, moderatedById: actor.userId },
      update: { score: score.score, reason: reason.data, moderatedById: actor.userId, moderatedAt: new Date() },
    });
    return { ok: true, before: { solutionId, element, scores: m.scores, moderated: m.moderated }, after: { solutionId, element, moderated: score.score, reason: reason.data } };
  });
}
