/**
 * The criteria of a further competition and the forms that set them (pure): contract length
 * (no more than the framework's maximum term), award basis, weightings that add up to 100,
 * and the non-price elements the solutions are scored on. Stored as JSON on the competition
 * (`criteriaFromJson` reads it back through the same schema); each locked revision is kept.
 */
import { z } from "zod";
import { wholeNumber } from "~/modules/orders/order-rules";
import { ELEMENTS, ELEMENT_NAMES, PRICE_ONLY_WEIGHTS, weightProblems, weightedElements, type AwardBasis, type Element, type Weights } from "./scoring";

export const REQUIREMENT_LEVELS = ["MUST", "SHOULD", "MAY"] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];
export const WEEK_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
export const DAY_NAMES: Record<WeekDay, string> = { MON: "Monday", TUE: "Tuesday", WED: "Wednesday", THU: "Thursday", FRI: "Friday", SAT: "Saturday", SUN: "Sunday" };
export const AWARD_BASIS_NAMES: Record<AwardBasis, string> = { PRICE_ONLY: "Price only", PRICE_AND_NON_PRICE: "Price and non-price" };

export const MAX_FEATURE_REQUIREMENTS = 20;
export const MAX_REQUIREMENT_LENGTH = 200;
export const MAX_TEXT_LENGTH = 2000;

// Built on first use, so that zod stays out of the browser bundle (see app/utils/forms.ts):
// pages import this module's names and labels.
const buildCriteriaSchema = () => {
  const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
  const weight = () => z.number().int().min(0).max(100);
  const weightsSchema = z.object({ price: weight(), FEATURES: weight(), IMPLEMENTATION: weight(), INTEROPERABILITY: weight(), SERVICE_LEVELS: weight() });
  /** The stored shape; every part optional until answered. */
  return z.object({
    contractMonths: z.number().int().min(2).max(999).nullable().default(null),
    awardBasis: z.enum(["PRICE_ONLY", "PRICE_AND_NON_PRICE"]).nullable().default(null),
    weights: weightsSchema.nullable().default(null),
    features: z
      .array(z.object({ text: z.string().min(1).max(MAX_REQUIREMENT_LENGTH), level: z.enum(REQUIREMENT_LEVELS) }))
      .max(MAX_FEATURE_REQUIREMENTS)
      .default([]),
    implementation: z.string().max(MAX_TEXT_LENGTH).default(""),
    interoperability: z.array(z.string().max(40)).max(50).default([]),
    serviceLevels: z
      .object({ availableFrom: time, availableTo: time, days: z.array(z.enum(WEEK_DAYS)).min(1), bankHolidays: z.boolean() })
      .nullable()
      .default(null),
  });
};
let criteriaSchema: ReturnType<typeof buildCriteriaSchema> | undefined;

export type Criteria = z.infer<ReturnType<typeof buildCriteriaSchema>>;
export type ServiceLevels = NonNullable<Criteria["serviceLevels"]>;

/** What the schema's defaults give for `{}`: nothing answered yet. */
export const EMPTY_CRITERIA: Criteria = { contractMonths: null, awardBasis: null, weights: null, features: [], implementation: "", interoperability: [], serviceLevels: null };

/** The criteria as stored; anything unreadable starts again empty rather than half-read. */
export function criteriaFromJson(value: unknown): Criteria {
  criteriaSchema ??= buildCriteriaSchema();
  const parsed = criteriaSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : EMPTY_CRITERIA;
}

/** Weights of the criteria, with price-only's fixed 100 for price. */
export function weightsOf(criteria: Criteria): Weights | null {
  if (criteria.awardBasis === "PRICE_ONLY") return PRICE_ONLY_WEIGHTS;
  return criteria.weights;
}

/** The non-price elements that are scored: weighted above 0 under price and non-price. */
export function scoredElements(criteria: Criteria): Element[] {
  const weights = weightsOf(criteria);
  if (!criteria.awardBasis || !weights || weightProblems(criteria.awardBasis, weights).length > 0) return [];
  return weightedElements(criteria.awardBasis, weights);
}

// ───────── Forms ─────────

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };
type Values = Record<string, unknown>;

const text = (values: Values, name: string) => {
  const raw = values[name];
  return typeof raw === "string" ? raw : Array.isArray(raw) ? String(raw[0] ?? "") : "";
};
const list = (values: Values, name: string): string[] => {
  const raw = values[name];
  return Array.isArray(raw) ? raw.map(String) : typeof raw === "string" && raw !== "" ? [raw] : [];
};

export function parseContractLength(values: Values, framework: { maxTermMonths: number; shortName: string }): Parsed<number> {
  // At least 2 months: an order's maximum term is at least its initial period (1 month or more) + 1.
  const parsed = wholeNumber("the contract length", { min: 2, max: 999, example: "24" }).safeParse(text(values, "contractMonths"));
  if (!parsed.success) return { ok: false, errors: { contractMonths: parsed.error.issues[0].message } };
  if (parsed.data > framework.maxTermMonths) {
    return { ok: false, errors: { contractMonths: `Contract length must be ${framework.maxTermMonths} months or fewer, the most the ${framework.shortName} framework allows` } };
  }
  return { ok: true, value: parsed.data };
}

export function parseAwardBasis(values: Values): Parsed<AwardBasis> {
  const value = text(values, "awardBasis");
  if (value === "PRICE_ONLY" || value === "PRICE_AND_NON_PRICE") return { ok: true, value };
  return { ok: false, errors: { awardBasis: "Select how the competition will be awarded" } };
}

/** The form field of each weighting box. */
export const WEIGHT_FIELDS: Record<"price" | Element, string> = {
  price: "weight-price",
  FEATURES: "weight-features",
  IMPLEMENTATION: "weight-implementation",
  INTEROPERABILITY: "weight-interoperability",
  SERVICE_LEVELS: "weight-service-levels",
};

/** Five whole numbers from 0 to 100 that add up to 100: every problem at once, answers kept by the page. */
export function parseWeights(values: Values): Parsed<Weights> {
  const errors: Record<string, string> = {};
  const weights = { price: 0, FEATURES: 0, IMPLEMENTATION: 0, INTEROPERABILITY: 0, SERVICE_LEVELS: 0 } as Weights;
  for (const key of ["price", ...ELEMENTS] as const) {
    const label = key === "price" ? "the price weighting" : `the ${ELEMENT_NAMES[key].toLowerCase()} weighting`;
    const parsed = wholeNumber(label, { min: 0, max: 100, example: "20" }).safeParse(text(values, WEIGHT_FIELDS[key]));
    if (parsed.success) weights[key] = parsed.data;
    else errors[WEIGHT_FIELDS[key]] = parsed.error.issues[0].message;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const problems = weightProblems("PRICE_AND_NON_PRICE", weights);
  if (problems.length > 0) {
    return { ok: false, errors: Object.fromEntries(problems.map((p) => [WEIGHT_FIELDS[p.field === "total" ? "price" : p.field], p.message])) };
  }
  return { ok: true, value: weights };
}

export const requirementField = (index: number) => `requirement-${index}`;
export const levelField = (index: number) => `level-${index}`;

/** Rows of the features form: the saved requirements, then blank rows to add more (no JavaScript needed). */
export function featureRows(saved: Criteria["features"], extra = 3) {
  const count = Math.min(MAX_FEATURE_REQUIREMENTS, saved.length + extra);
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, text: saved[i]?.text ?? "", level: saved[i]?.level ?? "" }));
}

/** The features the solutions must, should or may have: rows with text are kept, in order. */
export function parseFeatures(values: Values): Parsed<Criteria["features"]> {
  const errors: Record<string, string> = {};
  const requirements: Criteria["features"] = [];
  const indices = Object.keys(values)
    .map((key) => /^requirement-(\d{1,3})$/.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  for (const index of indices) {
    const requirement = text(values, requirementField(index)).trim();
    const level = text(values, levelField(index));
    if (requirement === "") continue;
    if (requirement.length > MAX_REQUIREMENT_LENGTH) errors[requirementField(index)] = `Requirement ${index} must be ${MAX_REQUIREMENT_LENGTH} characters or fewer`;
    else if (!(REQUIREMENT_LEVELS as readonly string[]).includes(level)) errors[levelField(index)] = `Select whether requirement ${index} is a must, should or may`;
    else requirements.push({ text: requirement, level: level as RequirementLevel });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (requirements.length === 0) return { ok: false, errors: { [requirementField(1)]: "Enter at least one feature requirement" } };
  if (requirements.length > MAX_FEATURE_REQUIREMENTS) return { ok: false, errors: { [requirementField(1)]: `Enter ${MAX_FEATURE_REQUIREMENTS} feature requirements or fewer` } };
  return { ok: true, value: requirements };
}

export function parseImplementation(values: Values): Parsed<string> {
  const value = text(values, "implementation").trim();
  if (value === "") return { ok: false, errors: { implementation: "Enter what the supplier must do to implement the solution" } };
  if (value.length > MAX_TEXT_LENGTH) return { ok: false, errors: { implementation: `Implementation requirements must be ${MAX_TEXT_LENGTH.toLocaleString("en-GB")} characters or fewer` } };
  return { ok: true, value };
}

/** The integration types required: ids from the catalogue's list only (a tampered form cannot add others). */
export function parseInteroperability(values: Values, knownIds: readonly string[]): Parsed<string[]> {
  const chosen = [...new Set(list(values, "integrationTypes"))];
  if (chosen.length === 0) return { ok: false, errors: { integrationTypes: "Select at least one integration type the solution must support" } };
  if (!chosen.every((id) => knownIds.includes(id))) return { ok: false, errors: { integrationTypes: "Select integration types from the list" } };
  return { ok: true, value: knownIds.filter((id) => chosen.includes(id)) };
}

/** "8:00", "08:00", "0800" → "08:00"; null for anything that is not a time of day. */
export function parseTimeOfDay(input: string): string | null {
  const match = /^(\d{1,2}):?(\d{2})$/.exec(input.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

export function parseServiceLevels(values: Values): Parsed<ServiceLevels> {
  const errors: Record<string, string> = {};
  const from = parseTimeOfDay(text(values, "availableFrom"));
  const to = parseTimeOfDay(text(values, "availableTo"));
  if (text(values, "availableFrom").trim() === "") errors.availableFrom = "Enter the time the service must be available from";
  else if (!from) errors.availableFrom = "Available from must be a time on the 24-hour clock, like 08:00";
  if (text(values, "availableTo").trim() === "") errors.availableTo = "Enter the time the service must be available until";
  else if (!to) errors.availableTo = "Available until must be a time on the 24-hour clock, like 18:30";
  else if (from && to <= from) errors.availableTo = "Available until must be later than available from";
  const days = list(values, "days");
  if (days.length === 0) errors.days = "Select the days the service must be available";
  else if (!days.every((d) => (WEEK_DAYS as readonly string[]).includes(d))) errors.days = "Select days from the list";
  const bankHolidays = text(values, "bankHolidays");
  if (bankHolidays !== "yes" && bankHolidays !== "no") errors.bankHolidays = "Select whether the service must be available on bank holidays";
  if (Object.keys(errors).length > 0 || !from || !to) return { ok: false, errors };
  return { ok: true, value: { availableFrom: from, availableTo: to, days: WEEK_DAYS.filter((d) => days.includes(d)), bankHolidays: bankHolidays === "yes" } };
}

// ───────── Task list and completeness ─────────

export type TaskStatus = "Completed" | "Incomplete" | "Not started" | "Cannot start yet";
export type CriteriaTaskKey = "contract-length" | "award-basis" | "weightings" | "features" | "implementation" | "interoperability" | "service-levels";
export type CriteriaTask = { key: CriteriaTaskKey; name: string; status: TaskStatus };

const ELEMENT_TASKS: Record<Element, CriteriaTaskKey> = {
  FEATURES: "features",
  IMPLEMENTATION: "implementation",
  INTEROPERABILITY: "interoperability",
  SERVICE_LEVELS: "service-levels",
};

function elementDone(criteria: Criteria, element: Element): boolean {
  switch (element) {
    case "FEATURES":
      return criteria.features.length > 0;
    case "IMPLEMENTATION":
      return criteria.implementation.trim() !== "";
    case "INTEROPERABILITY":
      return criteria.interoperability.length > 0;
    case "SERVICE_LEVELS":
      return criteria.serviceLevels !== null;
  }
}

/** The criteria tasks: weightings only for price and non-price, an element's details only when it is weighted. */
export function criteriaTasks(criteria: Criteria): CriteriaTask[] {
  const done = (ok: boolean): TaskStatus => (ok ? "Completed" : "Not started");
  const tasks: CriteriaTask[] = [
    { key: "contract-length", name: "Contract length", status: done(criteria.contractMonths !== null) },
    { key: "award-basis", name: "Award basis", status: done(criteria.awardBasis !== null) },
  ];
  if (criteria.awardBasis !== "PRICE_ONLY") {
    const weightsValid = criteria.weights !== null && weightProblems("PRICE_AND_NON_PRICE", criteria.weights).length === 0;
    tasks.push({ key: "weightings", name: "Weightings", status: criteria.awardBasis === null ? "Cannot start yet" : done(weightsValid) });
  }
  for (const element of scoredElements(criteria)) {
    tasks.push({ key: ELEMENT_TASKS[element], name: `${ELEMENT_NAMES[element]} requirements`, status: done(elementDone(criteria, element)) });
  }
  return tasks;
}

/** What stops the criteria being locked, in words; empty when they can be. */
export function criteriaProblems(criteria: Criteria, framework: { maxTermMonths: number; shortName: string }): string[] {
  const problems = criteriaTasks(criteria)
    .filter((task) => task.status !== "Completed")
    .map((task) => `Complete ${task.name.charAt(0).toLowerCase()}${task.name.slice(1)}`);
  if (criteria.contractMonths !== null && criteria.contractMonths > framework.maxTermMonths) {
    problems.push(`Contract length must be ${framework.maxTermMonths} months or fewer, the most the ${framework.shortName} framework allows`);
  }
  return problems;
}

/** The criteria as summary-list rows (review page, results, printable summary). */
export function criteriaRows(criteria: Criteria, integrationNames: Record<string, string>): { key: string; value: string[]; task: CriteriaTaskKey }[] {
  const weights = weightsOf(criteria);
  const rows: { key: string; value: string[]; task: CriteriaTaskKey }[] = [
    { key: "Contract length", value: [criteria.contractMonths ? `${criteria.contractMonths} months` : "Not given"], task: "contract-length" },
    { key: "Award basis", value: [criteria.awardBasis ? AWARD_BASIS_NAMES[criteria.awardBasis] : "Not given"], task: "award-basis" },
  ];
  if (criteria.awardBasis === "PRICE_AND_NON_PRICE") {
    rows.push({
      key: "Weightings",
      value: weights ? [`Price: ${weights.price}%`, ...ELEMENTS.filter((e) => weights[e] > 0).map((e) => `${ELEMENT_NAMES[e]}: ${weights[e]}%`)] : ["Not given"],
      task: "weightings",
    });
  }
  const scored = scoredElements(criteria);
  if (scored.includes("FEATURES")) rows.push({ key: "Features", value: criteria.features.map((f) => `${f.level}: ${f.text}`), task: "features" });
  if (scored.includes("IMPLEMENTATION")) rows.push({ key: "Implementation", value: [criteria.implementation], task: "implementation" });
  if (scored.includes("INTEROPERABILITY")) {
    rows.push({ key: "Interoperability", value: criteria.interoperability.map((id) => integrationNames[id] ?? id), task: "interoperability" });
  }
  if (scored.includes("SERVICE_LEVELS") && criteria.serviceLevels) {
    const sl = criteria.serviceLevels;
    rows.push({
      key: "Service levels",
      value: [`Available ${sl.availableFrom} to ${sl.availableTo}`, sl.days.map((d) => DAY_NAMES[d]).join(", "), sl.bankHolidays ? "Including bank holidays" : "Not on bank holidays"],
      task: "service-levels",
    });
  }
  return rows;
}
