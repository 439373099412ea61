import type { Prisma } from "../../../generated/prisma/client";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { auditActor } from "~/modules/orders/orders.server";
import type { Actor } from "~/utils/auth.server";
import type { ActionOf } from "~/utils/permissions";
import type { Db, DbClient } from "~/utils/db.server";
import { criteriaFromJson, scoredElements } from "./criteria";
import { competitionReference, competitionTasks, type CompetitionState } from "./rules";
import { needsModeration, type Element, type ElementMarks } from "./scoring";

/**
 * Further competitions of a buyer organisation: the one way to read one (scoped to the
 * organisation in the query, like orders) and to change one (in a transaction, only by its
 * lead, only while in progress, audited, version bumped).
 */

const fields = { organisation: true } as const;
type CompetitionAction = ActionOf<"competition">;

export const competitionInclude = {
  organisation: { select: { id: true, name: true, odsCode: true, type: true } },
  lead: { select: { id: true, name: true, email: true } },
  framework: true,
  solutions: {
    include: {
      catalogueItem: { select: { id: true, name: true, supplierId: true, supplier: { select: { id: true, name: true } } } },
      quantities: true,
    },
    orderBy: { position: "asc" },
  },
  recipients: {
    include: { organisation: { select: { id: true, name: true, odsCode: true, practiceListSize: true } } },
    orderBy: { organisation: { name: "asc" } },
  },
  revisions: { orderBy: { revision: "asc" } },
  scorers: { include: { user: { select: { id: true, name: true, email: true } } }, orderBy: { user: { name: "asc" } } },
  order: { select: { id: true, callOffNumber: true, revision: true, status: true } },
} satisfies Prisma.CompetitionInclude;

export type CompetitionDetail = Prisma.CompetitionGetPayload<{ include: typeof competitionInclude }>;
export type CompetitionSolutionDetail = CompetitionDetail["solutions"][number];

/** A competition the actor may act on in this way, or null: another organisation's id finds nothing. */
export function findCompetition(db: DbClient, actor: Actor, id: string, action: CompetitionAction = "read") {
  return db.competition.findFirst({ where: scopedById(actor, "competition", action, fields, id), include: competitionInclude });
}

export async function listCompetitions(db: DbClient, actor: Actor) {
  const competitions = await db.competition.findMany({
    where: scopedWhere(actor, "competition", "read", fields),
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 100,
    select: {
      id: true,
      number: true,
      name: true,
      kind: true,
      status: true,
      organisationId: true,
      createdAt: true,
      awardedAt: true,
      organisation: { select: { name: true, odsCode: true } },
      lead: { select: { name: true } },
      framework: { select: { shortName: true } },
      _count: { select: { solutions: { where: { included: true } } } },
      order: { select: { id: true, callOffNumber: true, revision: true } },
    },
  });
  return competitions.map((c) => ({
    id: c.id,
    reference: competitionReference(c.number),
    name: c.name,
    kind: c.kind,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    organisation: `${c.organisation.name} (${c.organisation.odsCode})`,
    own: c.organisationId === actor.organisationId,
    lead: c.lead.name,
    framework: c.framework.shortName,
    solutions: c._count.solutions,
    orderId: c.order?.id ?? null,
  }));
}

export const includedSolutions = (competition: CompetitionDetail) => competition.solutions.filter((s) => s.included);

// ───────── Changing a competition ─────────

/** The result of a change: done, the person's answers are wrong (shown on the page), or the change is refused as a whole. */
export type Outcome = { ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; refused: string };
export const fieldErrors = (errors: Record<string, string>): Outcome => ({ ok: false, errors });
export const refused = (message: string): Outcome => ({ ok: false, refused: message });

export const CRITERIA_LOCKED = "The criteria of this competition are locked. To change them, start a new revision of the competition from the criteria page.";
export const CRITERIA_NOT_LOCKED = "Review and lock the criteria first.";

type ChangeOptions = {
  permission: Exclude<CompetitionAction, "read" | "download" | "create">;
  /** The audit action, "competition.<verb>". */
  audit: string;
  /** Only the competition lead may make this change (everything but scoring). */
  leadOnly?: boolean;
  /** Refused once the criteria are locked (criteria answers). */
  unlockedOnly?: boolean;
};

export type ChangeResult = Outcome & { before?: Prisma.InputJsonObject; after?: Prisma.InputJsonObject };

/**
 * Writes a change to an in-progress competition of the actor's organisation, with its audit
 * event and a version bump, in one transaction; null when the actor has no such competition.
 * The competition row is locked first, so two changes (or an award) queue one behind the other.
 */
export async function changeCompetition(
  db: Db,
  actor: Actor,
  id: string,
  { permission, audit, leadOnly = true, unlockedOnly = false }: ChangeOptions,
  change: (tx: DbClient, competition: CompetitionDetail) => Promise<ChangeResult>,
): Promise<Outcome | null> {
  return db.$transaction(async (tx) => {
    const found = await tx.competition.findFirst({ where: scopedById(actor, "competition", permission, fields, id), select: { id: true } });
    if (!found) return null;
    await tx.$queryRaw`SELECT id FROM competitions WHERE id = ${found.id} FOR UPDATE`;
    const competition = await tx.competition.findUniqueOrThrow({ where: { id: found.id }, include: competitionInclude });
    if (competition.status !== "IN_PROGRESS") return refused("This competition has been awarded, so it can no longer change.");
    if (leadOnly && competition.leadUserId !== actor.userId) return refused(`Only the competition lead, ${competition.lead.name}, can change this competition.`);
    if (unlockedOnly && competition.criteriaLockedAt) return refused(CRITERIA_LOCKED);
    const result = await change(tx, competition);
    if (!result.ok) return result;
    await tx.competition.update({ where: { id: competition.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actor: auditActor(actor), action: audit, objectType: "Competition", objectId: competition.id, before: result.before, after: { revision: competition.revision, ...result.after } });
    return { ok: true };
  });
}

// ───────── Scores of the current revision ─────────

export async function currentScores(db: DbClient, competition: Pick<CompetitionDetail, "id" | "revision">) {
  return db.competitionScore.findMany({ where: { competitionId: competition.id, revision: competition.revision } });
}

export async function currentModerations(db: DbClient, competition: Pick<CompetitionDetail, "id" | "revision">) {
  return db.competitionModeration.findMany({ where: { competitionId: competition.id, revision: competition.revision } });
}

export type MarksKey = `${string}:${Element}`;
export const marksKey = (solutionId: string, element: Element): MarksKey => `${solutionId}:${element}`;

/**
 * The marks of every included solution's scored elements: each submitted scorer's score and
 * the lead's moderated score. Only once every scorer has submitted (before that, no one sees
 * anyone else's scores, so each scores independently).
 */
export async function marksOf(db: DbClient, competition: CompetitionDetail) {
  const criteria = criteriaFromJson(competition.criteria);
  const elements = scoredElements(criteria);
  const submitted = competition.scorers.filter((s) => s.submittedRevision === competition.revision).map((s) => s.userId);
  const allSubmitted = competition.scorers.length > 0 && submitted.length === competition.scorers.length;
  const [scores, moderations] = await Promise.all([currentScores(db, competition), currentModerations(db, competition)]);
  const marks = new Map<MarksKey, ElementMarks & { byScorer: { userId: string; score: number; justification: string }[]; reason: string | null }>();
  for (const solution of includedSolutions(competition)) {
    for (const element of elements) {
      const mine = allSubmitted ? scores.filter((s) => s.catalogueItemId === solution.catalogueItemId && s.element === element && submitted.includes(s.userId)) : [];
      const moderation = moderations.find((m) => m.catalogueItemId === solution.catalogueItemId && m.element === element);
      marks.set(marksKey(solution.catalogueItemId, element), {
        scores: mine.map((s) => s.score),
        byScorer: mine.map((s) => ({ userId: s.userId, score: s.score, justification: s.justification })),
        moderated: moderation?.score ?? null,
        reason: moderation?.reason ?? null,
      });
    }
  }
  return { allSubmitted, submitted, marks, scores };
}

// ───────── The task list ─────────

/** Prices and quantities of a solution are done: a price chosen and a quantity for every recipient (or the whole order). */
export function pricesDone(competition: CompetitionDetail, solution: CompetitionSolutionDetail): boolean {
  if (!solution.priceSnapshot || solution.quantities.length === 0) return false;
  const snapshot = solution.priceSnapshot as { provisioningType?: string };
  if (snapshot.provisioningType !== "PATIENT") return true;
  const quantities = new Set(solution.quantities.map((q) => q.organisationId));
  return competition.recipients.length > 0 && competition.recipients.every((r) => quantities.has(r.organisationId));
}

export async function competitionStateFor(db: DbClient, competition: CompetitionDetail, actor: Actor): Promise<CompetitionState> {
  const criteria = criteriaFromJson(competition.criteria);
  const { marks, submitted, scores } = await marksOf(db, competition);
  const me = competition.scorers.find((s) => s.userId === actor.userId);
  return {
    isLead: competition.leadUserId === actor.userId,
    isScorer: Boolean(me),
    criteria,
    criteriaLocked: competition.criteriaLockedAt !== null,
    recipientCount: competition.recipients.length,
    solutions: includedSolutions(competition).map((s) => ({ id: s.catalogueItemId, name: s.catalogueItem.name, pricesDone: pricesDone(competition, s) })),
    scorerCount: competition.scorers.length,
    submittedScorers: submitted.length,
    ownScoresSubmitted: me?.submittedRevision === competition.revision,
    ownScoresStarted: scores.some((s) => s.userId === actor.userId),
    marks: [...marks.values()],
    awarded: competition.status === "AWARDED",
  };
}

export async function competitionTaskList(db: DbClient, competition: CompetitionDetail, actor: Actor) {
  const state = await competitionStateFor(db, competition, actor);
  return { state, sections: competitionTasks(state) };
}

/** How many (solution, element) pairs scorers differ on by 2 or more. */
export const wideDifferences = (marks: Iterable<ElementMarks>) => [...marks].filter((m) => needsModeration(m.scores)).length;

/** "FC010001: Online consultation 2026", the caption above every competition page. */
export function competitionHeading(competition: Pick<CompetitionDetail, "id" | "number" | "name" | "kind" | "status" | "revision">) {
  return { id: competition.id, reference: competitionReference(competition.number), name: competition.name, kind: competition.kind, status: competition.status, revision: competition.revision };
}
