import { OrderRefused } from "~/modules/assurance/orderability.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { londonToday, type DateOnly } from "~/modules/dates";
import { itemPrices } from "~/modules/orders/order-items.server";
import { auditActor, snapshotOf, startOrderIn } from "~/modules/orders/orders.server";
import { openShortlist } from "~/modules/shortlists/shortlists.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { competitionOrderability } from "./orderability.server";
import { MAX_CANDIDATES, competitionNameSchema, parseExclusions, parseSelection, reasonSchema, type Candidate } from "./rules";

/**
 * Starting a further competition from a saved shortlist: today's results of its search on
 * one live framework are the candidates; 2 to 8 are included and each one left out is
 * justified in writing. When exactly one candidate is left, a direct award (recorded with its
 * justification) goes straight to a call-off order instead.
 */

export type StartCandidate = Candidate & { supplier: string; summary: string };
type ShortlistInfo = { id: string; name: string };
type FrameworkInfo = { id: string; name: string; shortName: string; maxTermMonths: number };

export type StartView =
  | { kind: "no-live-framework"; shortlist: ShortlistInfo; message: string }
  | { kind: "choose-framework"; shortlist: ShortlistInfo; frameworks: FrameworkInfo[] }
  | { kind: "too-many"; shortlist: ShortlistInfo; framework: FrameworkInfo; count: number }
  | { kind: "none"; shortlist: ShortlistInfo; framework: FrameworkInfo; cannotInclude: { id: string; name: string; reason: string }[] }
  | {
      kind: "ready";
      shortlist: ShortlistInfo;
      framework: FrameworkInfo;
      candidates: StartCandidate[];
      /** Results that cannot be ordered today, with why: recorded as left out for that reason. */
      cannotInclude: { id: string; name: string; reason: string }[];
      /** Results not on this framework. */
      otherFrameworks: number;
    };

const frameworkSelect = { id: true, name: true, shortName: true, maxTermMonths: true, status: true } as const;
const statusWords = (status: string) => (status === "EXPIRED" ? "has expired" : "is not taking orders yet");

/** What starting a competition from this shortlist looks like today; null when the actor has no such shortlist. */
export async function competitionStart(db: Db, actor: Actor, shortlistId: string, frameworkId: string | null, today: DateOnly = londonToday()): Promise<StartView | null> {
  const opened = await openShortlist(db, actor, shortlistId);
  if (!opened) return null;
  const shortlist = { id: opened.id, name: opened.name };
  const named = opened.query.framework;
  const onResults = [...new Set(opened.results.flatMap((r) => r.frameworks.map((f) => f.id)))];
  const frameworks = await db.framework.findMany({ where: { id: { in: named.length > 0 ? named : onResults } }, select: frameworkSelect, orderBy: { name: "asc" } });
  const live = frameworks.filter((f) => f.status === "LIVE");
  if (live.length === 0) {
    const message =
      named.length > 0
        ? `This shortlist is a search of the ${frameworks.map((f) => `${f.name}, which ${statusWords(f.status)}`).join(", and the ")}. A further competition can only run on a framework that is taking orders: save a new shortlist on a live framework.`
        : "None of this shortlist's solutions is on a framework that is taking orders, so it cannot start a further competition.";
    return { kind: "no-live-framework", shortlist, message };
  }
  const framework = live.length === 1 ? live[0] : live.find((f) => f.id === frameworkId);
  if (!framework) return { kind: "choose-framework", shortlist, frameworks: live };
  const onFramework = opened.results.filter((r) => r.frameworks.some((f) => f.id === framework.id));
  if (onFramework.length > MAX_CANDIDATES) return { kind: "too-many", shortlist, framework, count: onFramework.length };
  const orderability = await competitionOrderability(db, onFramework.map((r) => r.id), framework.id, today);
  const candidates: StartCandidate[] = [];
  const cannotInclude: { id: string; name: string; reason: string }[] = [];
  for (const result of onFramework) {
    const answer = orderability.get(result.id)!;
    const summary = result.highlights.summary.map((segment) => segment.text).join("");
    if (answer.state === "orderable") candidates.push({ id: result.id, name: result.name, supplier: result.supplierName, summary });
    else cannotInclude.push({ id: result.id, name: result.name, reason: answer.reason });
  }
  if (candidates.length === 0) return { kind: "none", shortlist, framework, cannotInclude };
  return { kind: "ready", shortlist, framework, candidates, cannotInclude, otherFrameworks: opened.results.length - onFramework.length };
}

export type StartResult = { ok: true; competitionId: string; orderId?: string } | { ok: false; errors: Record<string, string>; includedOne?: string } | { ok: false; refused: string };

/** Thrown inside a transaction to undo everything it wrote and return `result` instead. */
class Rollback extends Error {
  constructor(readonly result: StartResult) {
    super("rollback");
  }
}

async function inTransaction(db: Db, work: (tx: DbClient) => Promise<StartResult>): Promise<StartResult> {
  try {
    return await db.$transaction(work);
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}

/** The candidates are still orderable inside the transaction that records them (a lapse between page and post). */
async function stillOrderable(tx: DbClient, ids: string[], frameworkId: string, today: DateOnly): Promise<string | null> {
  const answers = await competitionOrderability(tx, ids, frameworkId, today);
  for (const id of ids) {
    const answer = answers.get(id)!;
    if (answer.state !== "orderable") return answer.reason;
  }
  return null;
}

async function solutionRows(tx: DbClient, view: Extract<StartView, { kind: "ready" }>, included: string[], excluded: { id: string; reason: string }[]) {
  const positions = new Map(view.candidates.map((c, i) => [c.id, i + 1]));
  const rows = [];
  for (const id of included) {
    const price = (await itemPrices(tx, id))[0];
    rows.push({ catalogueItemId: id, position: positions.get(id)!, included: true, priceId: price?.id ?? null, priceSnapshot: price ? snapshotOf(price) : undefined });
  }
  for (const { id, reason } of excluded) rows.push({ catalogueItemId: id, position: positions.get(id)!, included: false, exclusionReason: reason });
  view.cannotInclude.forEach(({ id, reason }, i) => rows.push({ catalogueItemId: id, position: view.candidates.length + i + 1, included: false, exclusionReason: `Could not be included: ${reason}` }));
  return rows;
}

/** A competition of the actor's organisation, led by the actor, from this shortlist on this framework. */
const ledBy = (actor: Actor, view: Extract<StartView, { kind: "ready" }>, name: string) => ({
  organisationId: actor.organisationId,
  leadUserId: actor.userId,
  shortlistId: view.shortlist.id,
  shortlistName: view.shortlist.name,
  name,
  frameworkId: view.framework.id,
  criteria: {},
});

export type StartInput = { shortlistId: string; frameworkId: string | null; values: Record<string, unknown> };

/** A further competition between the included solutions, led by the actor. */
export async function startCompetition(db: Db, actor: Actor, input: StartInput, today: DateOnly = londonToday()): Promise<StartResult | null> {
  const view = await competitionStart(db, actor, input.shortlistId, input.frameworkId, today);
  if (!view) return null;
  if (view.kind !== "ready") return { ok: false, refused: "This shortlist cannot start a further competition now. Go back to it to see why." };
  const name = competitionNameSchema().safeParse(String(input.values.name ?? ""));
  const selection = parseSelection(view.candidates, input.values);
  if (!name.success || !selection.ok) {
    const errors = { ...(name.success ? {} : { name: name.error.issues[0].message }), ...(selection.ok ? {} : selection.errors) };
    return { ok: false, errors, includedOne: selection.ok ? undefined : selection.includedOne };
  }
  const { included, excluded } = selection.selection;
  return inTransaction(db, async (tx) => {
    const lapsed = await stillOrderable(tx, included, view.framework.id, today);
    if (lapsed) return { ok: false, errors: { include: `${lapsed} Leave it out or choose again.` } };
    const competition = await tx.competition.create({
      data: {
        ...ledBy(actor, view, name.data),
        kind: "FURTHER_COMPETITION",
        solutions: { create: await solutionRows(tx, view, included, excluded) },
        // A GP practice's only service recipient is itself, as on an order.
        recipients: actor.organisationType === "GP_PRACTICE" ? { create: [{ organisationId: actor.organisationId }] } : undefined,
      },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "competition.start",
      objectType: "Competition",
      objectId: competition.id,
      after: { name: name.data, shortlistId: view.shortlist.id, frameworkId: view.framework.id, included, excluded, couldNotInclude: view.cannotInclude },
    });
    return { ok: true, competitionId: competition.id };
  });
}

export type DirectAwardInput = StartInput & { solutionId: string };

/**
 * A direct award to the one solution the filter leaves: recorded as a competition with its
 * justification (and the justification for each other candidate left out), then a call-off
 * order through the same order-creation code as the buyer's own new order, in one transaction.
 */
export async function startDirectAward(db: Db, actor: Actor, input: DirectAwardInput, today: DateOnly = londonToday()): Promise<StartResult | null> {
  const view = await competitionStart(db, actor, input.shortlistId, input.frameworkId, today);
  if (!view) return null;
  if (view.kind !== "ready") return { ok: false, refused: "This shortlist cannot start a direct award now. Go back to it to see why." };
  const solution = view.candidates.find((c) => c.id === input.solutionId);
  if (!solution) return { ok: false, errors: { include: "Choose a solution from this shortlist" } };
  const name = competitionNameSchema().safeParse(String(input.values.name ?? ""));
  const justification = reasonSchema("why you are making a direct award").safeParse(String(input.values.justification ?? ""));
  const { excluded, errors: reasons } = parseExclusions(view.candidates, [solution.id], input.values);
  const errors = {
    ...(name.success ? {} : { name: name.error.issues[0].message }),
    ...(justification.success ? {} : { justification: justification.error.issues[0].message }),
    ...reasons,
  };
  if (!name.success || !justification.success || Object.keys(reasons).length > 0) return { ok: false, errors, includedOne: solution.id };
  return inTransaction(db, async (tx) => {
    const competition = await tx.competition.create({
      data: {
        ...ledBy(actor, view, name.data),
        kind: "DIRECT_AWARD",
        status: "AWARDED",
        directAwardJustification: justification.data,
        awardedSolutionId: solution.id,
        awardedAt: new Date(),
        solutions: { create: await solutionRows(tx, view, [solution.id], excluded) },
      },
    });
    // The order's own check of the rule (facts held still) decides: a lapse since the page was read undoes the whole award.
    const order = await startOrderIn(tx, actor, { description: name.data, solutionId: solution.id, awarded: { competitionId: competition.id, frameworkId: view.framework.id } }, today).catch((error: unknown) => {
      if (error instanceof OrderRefused) throw new Rollback({ ok: false, errors: { justification: `${error.message} It cannot be awarded.` }, includedOne: solution.id });
      throw error;
    });
    if (!order.ok) throw new Rollback({ ok: false, errors: { justification: Object.values(order.errors)[0] }, includedOne: solution.id });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "competition.directAward",
      objectType: "Competition",
      objectId: competition.id,
      after: { name: name.data, shortlistId: view.shortlist.id, frameworkId: view.framework.id, solutionId: solution.id, justification: justification.data, excluded, orderId: order.orderId },
    });
    return { ok: true, competitionId: competition.id, orderId: order.orderId };
  });
}
