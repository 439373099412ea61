/**
 * Pure rules of a further competition beyond its criteria and scoring: which solutions of a
 * shortlist it can start with, the written justifications, its reference, and the task list
 * every page of it is reached from.
 */
import { z } from "zod";
import { criteriaTasks, scoredElements, type Criteria, type TaskStatus } from "./criteria";
import { ELEMENT_NAMES, MAX_SCORE, MIN_SCORE, isValidScore, moderationComplete, type Element, type ElementMarks } from "./scoring";

export const MIN_SOLUTIONS = 2;
export const MAX_SOLUTIONS = 8;
/** A shortlist with more solutions than this is too broad to justify leaving each one out. */
export const MAX_CANDIDATES = 20;
export const MIN_SCORERS = 2;
export const MAX_SCORERS = 10;
export const MAX_JUSTIFICATION = 1000;

/** "FC010001": how buyers refer to a competition. */
export const competitionReference = (number: number) => `FC${String(number).padStart(6, "0")}`;

/** Built when used, as zod stays out of the browser bundle (pages import this module's limits). */
export function competitionNameSchema() {
  return z
    .string({ error: "Enter a name for the competition" })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "Enter a name for the competition").max(100, "Competition name must be 100 characters or fewer"));
}

/** A written reason (a justification, a moderation reason, a note for commercial staff). */
export function reasonSchema(what: string) {
  return z
    .string({ error: `Enter ${what}` })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, `Enter ${what}`).max(MAX_JUSTIFICATION, `${what.charAt(0).toUpperCase()}${what.slice(1).replace(/^(a|an|the) /, "")} must be ${MAX_JUSTIFICATION.toLocaleString("en-GB")} characters or fewer`));
}

export const reasonField = (solutionId: string) => `reason-${solutionId}`;

export type Candidate = { id: string; name: string };

export type Selection = { included: string[]; excluded: { id: string; reason: string }[] };

/** A written justification for each candidate not kept; every missing one reported at once. */
export function parseExclusions(candidates: readonly Candidate[], kept: readonly string[], values: Record<string, unknown>): { excluded: Selection["excluded"]; errors: Record<string, string> } {
  const excluded: Selection["excluded"] = [];
  const errors: Record<string, string> = {};
  for (const candidate of candidates) {
    if (kept.includes(candidate.id)) continue;
    const parsed = reasonSchema(`why ${candidate.name} is left out`).safeParse(String(values[reasonField(candidate.id)] ?? ""));
    if (parsed.success) excluded.push({ id: candidate.id, reason: parsed.data });
    else errors[reasonField(candidate.id)] = parsed.error.issues[0].message;
  }
  return { excluded, errors };
}

const ticked = (raw: unknown) => [...new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === "string" && raw !== "" ? [raw] : [])];

/**
 * The solutions chosen from a shortlist: 2 to 8 included, and a written justification for
 * each one left out. Ids that are not candidates (a tampered form) are refused, not ignored.
 * With exactly one included, `includedOne` names it, so the page can offer a direct award.
 */
export function parseSelection(candidates: readonly Candidate[], values: Record<string, unknown>): { ok: true; selection: Selection } | { ok: false; errors: Record<string, string>; includedOne?: string } {
  const ids = new Set(candidates.map((c) => c.id));
  const chosen = ticked(values.include);
  if (chosen.some((id) => !ids.has(id))) return { ok: false, errors: { include: "Choose solutions from this shortlist only" } };
  const { excluded, errors: reasons } = parseExclusions(candidates, chosen, values);
  const errors: Record<string, string> = {};
  if (chosen.length < MIN_SOLUTIONS) {
    errors.include =
      chosen.length === 1
        ? `Include at least ${MIN_SOLUTIONS} solutions in a further competition. If only one solution meets your needs, make a direct award instead`
        : `Include at least ${MIN_SOLUTIONS} solutions in the competition`;
  } else if (chosen.length > MAX_SOLUTIONS) {
    errors.include = `Include no more than ${MAX_SOLUTIONS} solutions in the competition. You included ${chosen.length}`;
  }
  Object.assign(errors, reasons);
  if (Object.keys(errors).length > 0) return { ok: false, errors, includedOne: chosen.length === 1 ? chosen[0] : undefined };
  return { ok: true, selection: { included: candidates.filter((c) => chosen.includes(c.id)).map((c) => c.id), excluded } };
}

/** Every included solution with every scored element marked 1 to 5, with a justification. */
export function scoresheetComplete(criteria: Criteria, solutionIds: readonly string[], scores: readonly { catalogueItemId: string; element: string; score: number; justification: string }[]): boolean {
  const elements = scoredElements(criteria);
  return solutionIds.every((id) => elements.every((element) => scores.some((s) => s.catalogueItemId === id && s.element === element && isValidScore(s.score) && s.justification.trim() !== "")));
}

// ───────── The competition's task list ─────────

export type CompetitionState = {
  /** The person looking is the competition lead (who changes it, moderates and awards). */
  isLead: boolean;
  /** The person looking is one of the scorers. */
  isScorer: boolean;
  criteria: Criteria;
  criteriaLocked: boolean;
  recipientCount: number;
  solutions: { id: string; name: string; pricesDone: boolean }[];
  scorerCount: number;
  submittedScorers: number;
  /** The person looking has submitted their scores for this revision. */
  ownScoresSubmitted: boolean;
  ownScoresStarted: boolean;
  /** Marks of every (solution, element), once every scorer has submitted. */
  marks: ElementMarks[];
  awarded: boolean;
};

export type CompetitionTaskKey = `criteria:${string}` | "review-criteria" | "recipients" | `prices:${string}` | "scorers" | "scoring" | "moderation" | "result" | "award";
export type CompetitionTask = { key: CompetitionTaskKey; name: string; path: string; status: TaskStatus };
export type CompetitionTaskSection = { heading: string; tasks: CompetitionTask[] };

const done = (ok: boolean, started = false): TaskStatus => (ok ? "Completed" : started ? "Incomplete" : "Not started");

export const needsScoring = (criteria: Criteria) => scoredElements(criteria).length > 0;

/** Every scorer has submitted and every wide difference is moderated (or there is nothing to score). */
export function scoringComplete(state: Pick<CompetitionState, "criteria" | "scorerCount" | "submittedScorers" | "marks">): boolean {
  if (!needsScoring(state.criteria)) return true;
  return state.scorerCount >= MIN_SCORERS && state.submittedScorers === state.scorerCount && moderationComplete(state.marks);
}

export function readyForResult(state: CompetitionState): boolean {
  return state.criteriaLocked && state.recipientCount > 0 && state.solutions.every((s) => s.pricesDone) && scoringComplete(state);
}

/**
 * The NHS task list of a competition, as the person looking can act on it: the lead sees every
 * task; a scorer who is not the lead sees their own scoring (and the result once there is one).
 */
export function competitionTasks(state: CompetitionState): CompetitionTaskSection[] {
  const criteriaDone = state.criteriaLocked;
  const criteria: CompetitionTask[] = criteriaTasks(state.criteria).map((task) => ({
    key: `criteria:${task.key}`,
    name: task.name,
    path: `criteria/${task.key}`,
    status: criteriaDone ? "Completed" : task.status,
  }));
  const allCriteriaAnswered = criteriaTasks(state.criteria).every((task) => task.status === "Completed");
  criteria.push({ key: "review-criteria", name: "Review and lock the criteria", path: "criteria", status: criteriaDone ? "Completed" : allCriteriaAnswered ? "Not started" : "Cannot start yet" });

  const canPrice = state.recipientCount > 0 && state.criteria.contractMonths !== null;
  const prices: CompetitionTask[] = [
    { key: "recipients", name: "Service recipients", path: "recipients", status: done(state.recipientCount > 0) },
    ...state.solutions.map((s): CompetitionTask => ({ key: `prices:${s.id}`, name: `${s.name}: price and quantities`, path: `prices/${s.id}`, status: canPrice ? done(s.pricesDone) : "Cannot start yet" })),
  ];

  const scoring: CompetitionTask[] = [];
  if (needsScoring(state.criteria)) {
    if (state.isLead) scoring.push({ key: "scorers", name: "Scorers", path: "scorers", status: done(state.scorerCount >= MIN_SCORERS) });
    if (state.isScorer) {
      scoring.push({
        key: "scoring",
        name: "Your scores",
        path: "scoring",
        status: criteriaDone ? done(state.ownScoresSubmitted, state.ownScoresStarted) : "Cannot start yet",
      });
    }
    if (state.isLead) {
      const allSubmitted = state.scorerCount >= MIN_SCORERS && state.submittedScorers === state.scorerCount;
      scoring.push({ key: "moderation", name: "Compare scores and moderate", path: "moderation", status: allSubmitted ? done(moderationComplete(state.marks)) : "Cannot start yet" });
    }
  }

  const ready = readyForResult(state);
  const result: CompetitionTask[] = [{ key: "result", name: "Result", path: "result", status: state.awarded ? "Completed" : ready ? "Not started" : "Cannot start yet" }];
  if (state.isLead) result.push({ key: "award", name: "Award to a call-off order", path: "award", status: state.awarded ? "Completed" : ready ? "Not started" : "Cannot start yet" });

  if (!state.isLead) {
    return [
      ...(scoring.length > 0 ? [{ heading: "Scoring", tasks: scoring }] : []),
      { heading: "Result", tasks: result.filter((t) => t.key === "result") },
    ];
  }
  return [
    { heading: "Criteria", tasks: criteria },
    { heading: "Service recipients, prices and quantities", tasks: prices },
    ...(scoring.length > 0 ? [{ heading: "Scoring", tasks: scoring }] : []),
    { heading: "Result and award", tasks: result },
  ];
}

// ───────── Scores as typed ─────────

const ELEMENT_SLUGS: Record<Element, string> = { FEATURES: "features", IMPLEMENTATION: "implementation", INTEROPERABILITY: "interoperability", SERVICE_LEVELS: "service-levels" };
export const elementSlug = (element: Element) => ELEMENT_SLUGS[element];
export const elementFromSlug = (slug: string): Element | null => (Object.entries(ELEMENT_SLUGS).find(([, s]) => s === slug)?.[0] as Element | undefined) ?? null;
export const scoreField = (element: Element) => `score-${elementSlug(element)}`;
export const justificationField = (element: Element) => `justification-${elementSlug(element)}`;

/** A score chosen on the page: a whole number from 1 to 5, nothing else (a tampered form's 0, 6 or 3.5 included). */
export function parseScore(raw: unknown, label: string): { ok: true; score: number } | { ok: false; message: string } {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return { ok: false, message: `Select a score for ${label}` };
  const score = /^\d$/.test(text) ? Number(text) : NaN;
  if (!isValidScore(score)) return { ok: false, message: `The score for ${label} must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}` };
  return { ok: true, score };
}

/** Every scored element of one solution: a score and a justification each, all problems at once. */
export function parseScoresheet(elements: readonly Element[], values: Record<string, unknown>): { ok: true; scores: { element: Element; score: number; justification: string }[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const scores: { element: Element; score: number; justification: string }[] = [];
  for (const element of elements) {
    const label = ELEMENT_NAMES[element].toLowerCase();
    const score = parseScore(values[scoreField(element)], label);
    const justification = reasonSchema(`a justification for the ${label} score`).safeParse(String(values[justificationField(element)] ?? ""));
    if (!score.ok) errors[scoreField(element)] = score.message;
    if (!justification.success) errors[justificationField(element)] = justification.error.issues[0].message;
    if (score.ok && justification.success) scores.push({ element, score: score.score, justification: justification.data });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, scores };
}
