import type { Prisma } from "../../../generated/prisma/client";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { changeCompetition, fieldErrors, refused, CRITERIA_NOT_LOCKED, type Outcome } from "./competitions.server";
import {
  criteriaFromJson,
  criteriaProblems,
  parseAwardBasis,
  parseContractLength,
  parseFeatures,
  parseImplementation,
  parseInteroperability,
  parseServiceLevels,
  parseWeights,
  type Criteria,
  type CriteriaTaskKey,
  type Parsed,
} from "./criteria";
import { reasonSchema } from "./rules";

/**
 * Setting the criteria, one question page at a time, then locking them ("Review criteria").
 * Every answer is refused once they are locked, whatever the form says: a change then needs
 * a new revision of the competition, and the revision it replaces stays as it was locked.
 */

export const CRITERIA_PARTS = ["contract-length", "award-basis", "weightings", "features", "implementation", "interoperability", "service-levels"] as const satisfies readonly CriteriaTaskKey[];
export type CriteriaPart = (typeof CRITERIA_PARTS)[number];
export const isCriteriaPart = (value: string): value is CriteriaPart => (CRITERIA_PARTS as readonly string[]).includes(value);

/** The integration types a competition can require (the catalogue's own list). */
export function integrationTypeOptions(db: DbClient) {
  return db.integrationType.findMany({ select: { id: true, name: true, group: true }, orderBy: [{ group: "asc" }, { name: "asc" }] });
}

async function applyAnswer(tx: DbClient, criteria: Criteria, part: CriteriaPart, values: Record<string, unknown>, framework: { maxTermMonths: number; shortName: string }): Promise<Parsed<Partial<Criteria>>> {
  const as = <T>(parsed: Parsed<T>, key: keyof Criteria): Parsed<Partial<Criteria>> => (parsed.ok ? { ok: true, value: { [key]: parsed.value } } : parsed);
  switch (part) {
    case "contract-length":
      return as(parseContractLength(values, framework), "contractMonths");
    case "award-basis":
      return as(parseAwardBasis(values), "awardBasis");
    case "weightings":
      if (criteria.awardBasis !== "PRICE_AND_NON_PRICE") return { ok: false, errors: { "weight-price": "Weightings are set only when the award is on price and non-price" } };
      return as(parseWeights(values), "weights");
    case "features":
      return as(parseFeatures(values), "features");
    case "implementation":
      return as(parseImplementation(values), "implementation");
    case "interoperability":
      return as(parseInteroperability(values, (await integrationTypeOptions(tx)).map((t) => t.id)), "interoperability");
    case "service-levels":
      return as(parseServiceLevels(values), "serviceLevels");
  }
}

/** Saves one criteria page's answers; every problem at once, nothing saved unless all is right. */
export function saveCriteriaAnswer(db: Db, actor: Actor, id: string, part: CriteriaPart, values: Record<string, unknown>): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: `competition.criteria.${part}`, unlockedOnly: true }, async (tx, competition) => {
    const criteria = criteriaFromJson(competition.criteria);
    const answer = await applyAnswer(tx, criteria, part, values, competition.framework);
    if (!answer.ok) return fieldErrors(answer.errors);
    const next: Criteria = { ...criteria, ...answer.value };
    await tx.competition.update({ where: { id: competition.id }, data: { criteria: next as unknown as Prisma.InputJsonObject } });
    const changed = Object.keys(answer.value) as (keyof Criteria)[];
    const pick = (c: Criteria) => Object.fromEntries(changed.map((key) => [key, c[key]])) as Prisma.InputJsonObject;
    return { ok: true, before: pick(criteria), after: pick(next) };
  });
}

/** "Review criteria": locks this revision's criteria once every task is complete, keeping a copy of them as locked. */
export function lockCriteria(db: Db, actor: Actor, id: string): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.lockCriteria", unlockedOnly: true }, async (tx, competition) => {
    const criteria = criteriaFromJson(competition.criteria);
    const problems = criteriaProblems(criteria, competition.framework);
    if (problems.length > 0) return fieldErrors(Object.fromEntries(problems.map((message, i) => [i === 0 ? "criteria" : `criteria-${i}`, message])));
    const lockedAt = new Date();
    await tx.competition.update({ where: { id: competition.id }, data: { criteriaLockedAt: lockedAt } });
    await tx.competitionCriteriaRevision.create({
      data: { competitionId: competition.id, revision: competition.revision, criteria: criteria as unknown as Prisma.InputJsonObject, lockedAt, lockedById: actor.userId },
    });
    return { ok: true, after: { criteria: criteria as unknown as Prisma.InputJsonObject, lockedAt: lockedAt.toISOString() } };
  });
}

/**
 * A new revision of the competition, to change locked criteria. The locked revision stays as
 * it was, marked replaced with the reason; scores and moderation belong to their revision, so
 * scorers score again against the new criteria once they are locked.
 */
export function startNewRevision(db: Db, actor: Actor, id: string, values: Record<string, unknown>): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.newRevision" }, async (tx, competition) => {
    if (!competition.criteriaLockedAt) return refused(CRITERIA_NOT_LOCKED);
    const reason = reasonSchema("why the criteria need to change").safeParse(String(values.reason ?? ""));
    if (!reason.success) return fieldErrors({ reason: reason.error.issues[0].message });
    await tx.competitionCriteriaRevision.update({
      where: { competitionId_revision: { competitionId: competition.id, revision: competition.revision } },
      data: { supersededAt: new Date(), supersedReason: reason.data },
    });
    await tx.competition.update({ where: { id: competition.id }, data: { revision: competition.revision + 1, criteriaLockedAt: null } });
    return { ok: true, before: { revision: competition.revision }, after: { revision: competition.revision + 1, reason: reason.data } };
  });
}
