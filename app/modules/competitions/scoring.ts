/**
 * Scoring a further competition: the published formulas, moderation, the ranking and its
 * tie-break. Pure functions over whole numbers, so the same answers come out on every
 * machine, in every order.
 *
 * - Price score = lowest total cost ÷ this solution's total cost × price weight. Total cost is
 *   the pricing module's indicative total over the contract length, the same as an order's.
 * - Element score = agreed score ÷ 5 × element weight, for each non-price element. The agreed
 *   score is the lead's moderated score where there is one, otherwise the average of the
 *   scorers' scores.
 * - Non-price score = the sum of the element scores. Total = price score + non-price score.
 * - Rounding: each price and element score is worked out exactly and rounded once to 2
 *   decimal places, halves up. The non-price score and total add up the rounded figures, so
 *   every total on the results page is the sum of the figures shown beside it.
 * - Ranking: the highest total wins. Level totals are split by the higher non-price score,
 *   then by the lower total cost. Solutions still level after that are a tie the lead decides,
 *   with a recorded reason; nothing about a supplier's name or id ever decides.
 *
 * Points are carried as hundredths (8333 = 83.33 points) and money as the pricing module's
 * bigint ten-thousandths of a pound.
 */
import type { Money } from "~/modules/pricing/pricing";

export const ELEMENTS = ["FEATURES", "IMPLEMENTATION", "INTEROPERABILITY", "SERVICE_LEVELS"] as const;
export type Element = (typeof ELEMENTS)[number];

export const ELEMENT_NAMES: Record<Element, string> = {
  FEATURES: "Features",
  IMPLEMENTATION: "Implementation",
  INTEROPERABILITY: "Interoperability",
  SERVICE_LEVELS: "Service levels",
};

export type AwardBasis = "PRICE_ONLY" | "PRICE_AND_NON_PRICE";

/** Whole percentages: price and each non-price element. */
export type Weights = { price: number } & Record<Element, number>;

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
/** Scorers this far apart (or further) on an element must be moderated by the lead. */
export const MODERATION_SPREAD = 2;

export const PRICE_FORMULA = "Price score = lowest total cost ÷ this solution's total cost × price weight";
export const ELEMENT_FORMULA = "Element score = agreed score ÷ 5 × element weight";
export const AGREED_SCORE_RULE =
  "The agreed score is the lead's moderated score where scorers differed by 2 or more (or the lead moderated it), otherwise the average of the scorers' scores.";
export const NON_PRICE_FORMULA = "Non-price score = the sum of the element scores; total = price score + non-price score";
export const ROUNDING_RULE =
  "Each price and element score is worked out exactly and rounded once to 2 decimal places, halves up. Non-price scores and totals add up the rounded figures, so every total is the sum of the figures shown.";
export const TIE_BREAK_RULE =
  "If totals are level, the higher non-price score wins; if still level, the lower total cost wins; if still level, the lead decides and records why.";

/** The non-price elements that count: those with a weight above 0 (none for price only). */
export function weightedElements(basis: AwardBasis, weights: Weights): Element[] {
  return basis === "PRICE_ONLY" ? [] : ELEMENTS.filter((element) => weights[element] > 0);
}

export type WeightProblem = { field: "price" | Element | "total"; message: string };

/**
 * Weightings must be whole numbers from 0 to 100 that add up to 100. Price only: price is 100.
 * Price and non-price: price and at least one non-price element each above 0.
 */
export function weightProblems(basis: AwardBasis, weights: Weights): WeightProblem[] {
  const problems: WeightProblem[] = [];
  for (const field of ["price", ...ELEMENTS] as const) {
    const value = weights[field];
    if (!Number.isInteger(value)) problems.push({ field, message: `The ${fieldName(field)} weighting must be a whole number` });
    else if (value < 0) problems.push({ field, message: `The ${fieldName(field)} weighting must be 0 or more` });
    else if (value > 100) problems.push({ field, message: `The ${fieldName(field)} weighting must be 100 or less` });
  }
  if (problems.length > 0) return problems;
  const total = weights.price + ELEMENTS.reduce((sum, element) => sum + weights[element], 0);
  if (total !== 100) return [{ field: "total", message: `The weightings must add up to 100. They add up to ${total}` }];
  if (basis === "PRICE_ONLY" && weights.price !== 100) return [{ field: "price", message: "For price only, the price weighting is 100" }];
  if (basis === "PRICE_AND_NON_PRICE") {
    if (weights.price === 0) problems.push({ field: "price", message: "The price weighting must be more than 0 for price and non-price" });
    if (ELEMENTS.every((element) => weights[element] === 0)) {
      problems.push({ field: "FEATURES", message: "Give at least one non-price element a weighting above 0, or choose price only" });
    }
  }
  return problems;
}

const fieldName = (field: "price" | Element) => (field === "price" ? "price" : ELEMENT_NAMES[field].toLowerCase());

export const PRICE_ONLY_WEIGHTS: Weights = { price: 100, FEATURES: 0, IMPLEMENTATION: 0, INTEROPERABILITY: 0, SERVICE_LEVELS: 0 };

// ───────── Exact fractions and the one rounding ─────────

/** An exact non-negative fraction. */
export type Fraction = { numerator: bigint; denominator: bigint };

/** numerator ÷ denominator in hundredths, rounded half up (both non-negative, denominator > 0). */
function hundredthsOf(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 200n + denominator) / (denominator * 2n));
}

/** "83.33", "100.00", "0.50": hundredths of a point as shown. */
export function formatPoints(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  return `${whole}.${String(hundredths % 100).padStart(2, "0")}`;
}

/**
 * Price score in hundredths: lowest ÷ this × weight. A solution that costs nothing scores the
 * whole weight; when the lowest costs nothing, every solution that costs something scores 0.
 */
export function priceScore(thisTotal: Money, lowestTotal: Money, weight: number): number {
  if (thisTotal < 0n || lowestTotal < 0n || lowestTotal > thisTotal) throw new RangeError("Totals must be ≥ 0 and the lowest no more than this one");
  if (thisTotal === 0n) return weight * 100;
  return hundredthsOf(lowestTotal * BigInt(weight), thisTotal);
}

/** Element score in hundredths: agreed score ÷ 5 × weight. */
export function elementScore(agreed: Fraction, weight: number): number {
  return hundredthsOf(agreed.numerator * BigInt(weight), agreed.denominator * BigInt(MAX_SCORE));
}

// ───────── Moderation ─────────

export type ElementMarks = {
  /** Each scorer's score, 1 to 5. */
  scores: readonly number[];
  /** The lead's moderated score, 1 to 5, if recorded. */
  moderated: number | null;
};

export const isValidScore = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= MIN_SCORE && (value as number) <= MAX_SCORE;

/** Scorers differ by 2 or more: the lead must record a moderated score with a reason. */
export function needsModeration(scores: readonly number[]): boolean {
  if (scores.length < 2) return false;
  return Math.max(...scores) - Math.min(...scores) >= MODERATION_SPREAD;
}

/** The agreed score: the moderated one, else the average of the scorers' (exact); null when nothing is scored. */
export function agreedScore(marks: ElementMarks): Fraction | null {
  if (marks.moderated !== null) return { numerator: BigInt(marks.moderated), denominator: 1n };
  if (marks.scores.length === 0) return null;
  return { numerator: BigInt(marks.scores.reduce((sum, s) => sum + s, 0)), denominator: BigInt(marks.scores.length) };
}

/** "3", "3.5", "3.33": an agreed score as shown (2 decimal places at most, halves up). */
export function formatAgreedScore(score: Fraction): string {
  const hundredths = hundredthsOf(score.numerator, score.denominator);
  return hundredths % 100 === 0 ? String(hundredths / 100) : formatPoints(hundredths).replace(/0$/, "");
}

/** Every element scorers differ on by 2 or more has a moderated score. */
export function moderationComplete(marks: readonly ElementMarks[]): boolean {
  return marks.every((m) => !needsModeration(m.scores) || m.moderated !== null);
}

// ───────── The result ─────────

export type Competitor = {
  id: string;
  name: string;
  /** Indicative total cost over the contract length. */
  totalCost: Money;
  /** Marks per weighted element; an element with no marks scores 0. */
  marks: Partial<Record<Element, ElementMarks>>;
};

export type ResultRow = {
  id: string;
  name: string;
  totalCost: Money;
  priceScore: number;
  /** Element score in hundredths, null for elements that do not count. */
  elementScores: Record<Element, number | null>;
  /** Agreed score per counted element (1 to 5, exact). */
  agreedScores: Record<Element, Fraction | null>;
  nonPriceScore: number;
  total: number;
  /** 1 for the best; solutions level on every tie-break share a rank. */
  rank: number;
};

export type TieBreak =
  | { kind: "none" }
  | { kind: "non-price" | "cost"; between: string[] }
  | { kind: "lead"; between: string[] };

export type CompetitionResult = {
  rows: ResultRow[];
  /** The winner, or null while the lead must choose between `tied`. */
  winnerId: string | null;
  /** Solutions level on every stated tie-break at the top (the lead decides between them). */
  tied: string[];
  /** How the winner was separated from the next solution, when their totals were level. */
  tieBreak: TieBreak;
};

/** Best first: total, then non-price score, then lower total cost. 0 when level on all three. */
function compareRows(a: ResultRow, b: ResultRow): number {
  if (a.total !== b.total) return b.total - a.total;
  if (a.nonPriceScore !== b.nonPriceScore) return b.nonPriceScore - a.nonPriceScore;
  if (a.totalCost !== b.totalCost) return a.totalCost < b.totalCost ? -1 : 1;
  return 0;
}

export function competitionResult({ basis, weights, competitors }: { basis: AwardBasis; weights: Weights; competitors: readonly Competitor[] }): CompetitionResult {
  if (competitors.length === 0) return { rows: [], winnerId: null, tied: [], tieBreak: { kind: "none" } };
  const counted = weightedElements(basis, weights);
  const lowest = competitors.reduce((min, c) => (c.totalCost < min ? c.totalCost : min), competitors[0].totalCost);
  const unranked: ResultRow[] = competitors.map((competitor) => {
    const elementScores = Object.fromEntries(ELEMENTS.map((e) => [e, null])) as Record<Element, number | null>;
    const agreedScores = Object.fromEntries(ELEMENTS.map((e) => [e, null])) as Record<Element, Fraction | null>;
    for (const element of counted) {
      const marks = competitor.marks[element];
      const agreed = marks ? agreedScore(marks) : null;
      agreedScores[element] = agreed;
      elementScores[element] = agreed ? elementScore(agreed, weights[element]) : 0;
    }
    const nonPriceScore = counted.reduce((sum, element) => sum + (elementScores[element] ?? 0), 0);
    const price = priceScore(competitor.totalCost, lowest, weights.price);
    return { id: competitor.id, name: competitor.name, totalCost: competitor.totalCost, priceScore: price, elementScores, agreedScores, nonPriceScore, total: price + nonPriceScore, rank: 0 };
  });
  // Equal rows keep a fixed order (by id) only so the list prints the same way every time;
  // they share a rank, and the order never decides anything.
  const rows = [...unranked].sort((a, b) => compareRows(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rows.forEach((row, index) => {
    row.rank = index > 0 && compareRows(rows[index - 1], row) === 0 ? rows[index - 1].rank : index + 1;
  });
  const tied = rows.filter((row) => row.rank === 1).map((row) => row.id);
  if (tied.length > 1) return { rows, winnerId: null, tied, tieBreak: { kind: "lead", between: tied } };
  const [first, second] = rows;
  let tieBreak: TieBreak = { kind: "none" };
  if (second && first.total === second.total) {
    const level = rows.filter((row) => row.total === first.total).map((row) => row.id);
    tieBreak = { kind: first.nonPriceScore !== second.nonPriceScore ? "non-price" : "cost", between: level };
  }
  return { rows, winnerId: first.id, tied: [], tieBreak };
}

/** One sentence on how a tie at the top was broken (or is to be broken). */
export function tieBreakText(result: CompetitionResult): string | null {
  const names = (ids: string[]) => ids.map((id) => result.rows.find((row) => row.id === id)?.name ?? id);
  const list = (items: string[]) => (items.length <= 2 ? items.join(" and ") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);
  const winner = result.rows.find((row) => row.id === result.winnerId);
  switch (result.tieBreak.kind) {
    case "none":
      return null;
    case "non-price":
      return `${list(names(result.tieBreak.between))} had the same total score (${formatPoints(winner!.total)}). ${winner!.name} wins on the higher non-price score.`;
    case "cost":
      return `${list(names(result.tieBreak.between))} had the same total and non-price scores. ${winner!.name} wins on the lower total cost.`;
    case "lead":
      return `${list(names(result.tieBreak.between))} are level on total score, non-price score and total cost. The lead decides between them and records why.`;
  }
}
