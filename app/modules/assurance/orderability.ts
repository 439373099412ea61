/**
 * The one orderability rule: may a buyer place (or keep writing) a call-off order for this
 * Catalogue Solution today? Every door that leads to an order asks it — starting an order,
 * saving any order task, submitting (inside the submit transaction), renewal, replacement,
 * amendment, the alternatives list, the compare page, the default search and the open API —
 * so no two paths can disagree.
 *
 * Pure: a function of the solution, its supplier, their assurance records, the frameworks
 * and today. `orderability.server.ts` loads those facts (for one solution or, set-based, for
 * many) and is the only way callers should get them.
 *
 * A solution is orderable when all of these hold:
 *  - the listing is Published (not in remediation, suspended, unpublished or a draft) and has
 *    a published list price;
 *  - its supplier is active;
 *  - it is on a live framework (the order's own framework, when one is chosen): a framework
 *    that is coming, open for suppliers but not yet live, or expired takes no new orders;
 *  - every assurance record that applies to it — its own (solution level) and its supplier's
 *    (supplier level: a DSPT or Cyber Essentials Plus certificate covers all the supplier's
 *    solutions) — is assured or expiring (still valid) on `today`, recomputed from the expiry
 *    date so a daily scan that has not run yet cannot let a lapse through. Lapsed, in
 *    remediation (a plan is agreed but not met yet), remediation failed (deadline passed) and
 *    withdrawn all refuse. Safety- and security-critical standards refuse the same way; the
 *    refusal says which they are, and they come first.
 *
 * A refusal names each reason in plain words ("Fable Health's Data Security and Protection
 * Toolkit lapsed on 1 Jul 2026."), most serious first; callers show them and offer assured
 * alternatives.
 */
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { assuranceStatusOn, lapsedOn, remediationFailed, type AssuranceStatus } from "./assurance-status";

export type ListingPublicationStatus = "DRAFT" | "UNPUBLISHED" | "PUBLISHED" | "IN_REMEDIATION" | "SUSPENDED";
export type FrameworkState = "COMING" | "OPEN" | "LIVE" | "EXPIRED";

/** One assurance record that applies to the solution, with what the rule needs of its standard. */
export type AssuranceFact = {
  standardId: string;
  standardName: string;
  /** "supplier": the supplier's own record (catalogueItemId null), which covers all its solutions. */
  level: "solution" | "supplier";
  /** As stored; date-driven states are recomputed for `today`. */
  status: AssuranceStatus;
  expiresOn: DateOnly | null;
  remediationDeadline: DateOnly | null;
  /** Not read by the rule: carried for the pages and search documents that show the record's dates. */
  assuredOn?: DateOnly | null;
  warningWindowDays: number;
  safetyCritical: boolean;
  securityCritical: boolean;
};

export type OrderabilityFacts = {
  solution: {
    id: string;
    name: string;
    publicationStatus: ListingPublicationStatus;
    /** The listing's own remediation deadline, while it is in remediation. */
    remediationDeadline: DateOnly | null;
    hasPublishedPrice: boolean;
  };
  supplier: { id: number; name: string; isActive: boolean };
  /** The frameworks the solution is on. */
  frameworks: { id: string; name: string; status: FrameworkState }[];
  /** Every record of the solution's own and of its supplier's (any state). */
  assurance: AssuranceFact[];
};

export type RefusalCode =
  | "ASSURANCE_LAPSED"
  | "ASSURANCE_IN_REMEDIATION"
  | "REMEDIATION_FAILED"
  | "ASSURANCE_WITHDRAWN"
  | "LISTING_SUSPENDED"
  | "LISTING_IN_REMEDIATION"
  | "LISTING_NOT_PUBLISHED"
  | "NO_PUBLISHED_PRICE"
  | "SUPPLIER_INACTIVE"
  | "NOT_ON_FRAMEWORK"
  | "FRAMEWORK_NOT_LIVE";

export type Refusal = {
  code: RefusalCode;
  /** One plain sentence for buyers. */
  message: string;
  /** For assurance refusals: the record behind it. */
  assurance?: {
    standardId: string;
    standardName: string;
    level: "solution" | "supplier";
    /** Its state today. */
    status: AssuranceStatus;
    /** The day it lapsed, when it had an expiry date. */
    lapsedOn: DateOnly | null;
    remediationDeadline: DateOnly | null;
    critical: "safety" | "security" | null;
  };
};

export type Orderability = { orderable: true; refusals: [] } | { orderable: false; refusals: [Refusal, ...Refusal[]] };

export type OrderabilityOptions = {
  today: DateOnly;
  /** The framework the order is (or will be) placed under; omitted: any of the solution's frameworks. */
  frameworkId?: string | null;
};

/** Where pages show a refusal (the callout's id, and the error summary's link to it). */
export const ORDERABILITY_FIELD = "orderability";

/** The refusal codes that are about assurance (the rest are about the listing, supplier or framework). */
export const ASSURANCE_REFUSALS: ReadonlySet<RefusalCode> = new Set(["ASSURANCE_LAPSED", "ASSURANCE_IN_REMEDIATION", "REMEDIATION_FAILED", "ASSURANCE_WITHDRAWN"]);

/** "Fable Health's", "Northfield Care Technologies'" (a name ending in s takes the apostrophe alone). */
const possessive = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

function criticality(fact: AssuranceFact): "safety" | "security" | null {
  if (fact.safetyCritical) return "safety";
  if (fact.securityCritical) return "security";
  return null;
}

function assuranceRefusal(fact: AssuranceFact, facts: OrderabilityFacts, today: DateOnly): Refusal | null {
  const status = assuranceStatusOn(fact, today, fact.warningWindowDays);
  if (status === "ASSURED" || status === "EXPIRING") return null;
  const subject = possessive(fact.level === "supplier" ? facts.supplier.name : facts.solution.name);
  // A solution-level record reads "its … assurance"; a supplier's own record is named as the company names it.
  const standard = fact.level === "supplier" ? fact.standardName : `${fact.standardName} assurance`;
  const lapsed = fact.expiresOn ? lapsedOn(fact.expiresOn) : null;
  const lapsedText = lapsed ? ` lapsed on ${formatNhsDate(lapsed)}` : " lapsed";
  const detail = { standardId: fact.standardId, standardName: fact.standardName, level: fact.level, status, lapsedOn: lapsed, remediationDeadline: fact.remediationDeadline, critical: criticality(fact) };
  if (status === "WITHDRAWN") return { code: "ASSURANCE_WITHDRAWN", message: `${subject} ${standard} has been withdrawn.`, assurance: detail };
  if (status === "LAPSED") return { code: "ASSURANCE_LAPSED", message: `${subject} ${standard}${lapsedText}.`, assurance: detail };
  const deadline = fact.remediationDeadline;
  if (remediationFailed(deadline, today)) {
    return {
      code: "REMEDIATION_FAILED",
      message: `${subject} ${standard}${lapsedText} and was not renewed by its remediation deadline of ${formatNhsDate(deadline!)}.`,
      assurance: detail,
    };
  }
  const until = deadline ? ` until ${formatNhsDate(deadline)}` : "";
  return { code: "ASSURANCE_IN_REMEDIATION", message: `${subject} ${standard}${lapsedText} and is in remediation${until}.`, assurance: detail };
}

/** Most serious first: failed, withdrawn, lapsed, in remediation; critical standards first; supplier-level (covers everything) before solution-level. */
const ASSURANCE_ORDER: Record<string, number> = { REMEDIATION_FAILED: 0, ASSURANCE_WITHDRAWN: 1, ASSURANCE_LAPSED: 2, ASSURANCE_IN_REMEDIATION: 3 };

function assuranceRefusals(facts: OrderabilityFacts, today: DateOnly): Refusal[] {
  return facts.assurance
    .map((fact) => assuranceRefusal(fact, facts, today))
    .filter((r): r is Refusal => r !== null)
    .sort(
      (a, b) =>
        ASSURANCE_ORDER[a.code] - ASSURANCE_ORDER[b.code] ||
        Number(b.assurance!.critical !== null) - Number(a.assurance!.critical !== null) ||
        Number(b.assurance!.level === "supplier") - Number(a.assurance!.level === "supplier") ||
        a.assurance!.standardId.localeCompare(b.assurance!.standardId, "en", { numeric: true }),
    );
}

function listingRefusals(facts: OrderabilityFacts, explainedByAssurance: boolean): Refusal[] {
  const { solution } = facts;
  switch (solution.publicationStatus) {
    case "PUBLISHED":
      return [];
    case "SUSPENDED":
      return [{ code: "LISTING_SUSPENDED", message: `${solution.name} has been suspended from the catalogue because its assurance is not in place.` }];
    case "IN_REMEDIATION": {
      // The record in remediation already says so, with its deadline: one sentence is enough.
      if (explainedByAssurance) return [];
      const until = solution.remediationDeadline ? ` until ${formatNhsDate(solution.remediationDeadline)}` : "";
      return [{ code: "LISTING_IN_REMEDIATION", message: `${solution.name} is in remediation${until} while a lapsed assurance is restored.` }];
    }
    default:
      return [{ code: "LISTING_NOT_PUBLISHED", message: `${solution.name} is not published in the catalogue.` }];
  }
}

const FRAMEWORK_STATE_WORDS: Record<Exclude<FrameworkState, "LIVE">, string> = {
  COMING: "is not open yet",
  OPEN: "is not yet live for call-off orders",
  EXPIRED: "has expired",
};

function frameworkRefusals(facts: OrderabilityFacts, frameworkId: string | null | undefined): Refusal[] {
  const { solution, frameworks } = facts;
  if (frameworkId) {
    const framework = frameworks.find((f) => f.id === frameworkId);
    if (!framework) return [{ code: "NOT_ON_FRAMEWORK", message: `${solution.name} is not on the framework this order is placed under.` }];
    if (framework.status === "LIVE") return [];
    return [{ code: "FRAMEWORK_NOT_LIVE", message: `${solution.name} cannot be ordered: the ${framework.name} ${FRAMEWORK_STATE_WORDS[framework.status]}, so no new call-off orders can be placed under it.` }];
  }
  if (frameworks.some((f) => f.status === "LIVE")) return [];
  if (frameworks.length === 0) return [{ code: "NOT_ON_FRAMEWORK", message: `${solution.name} is not on any framework, so it cannot be ordered.` }];
  const why = frameworks.map((f) => `the ${f.name} ${FRAMEWORK_STATE_WORDS[f.status as Exclude<FrameworkState, "LIVE">]}`).join(" and ");
  return [{ code: "FRAMEWORK_NOT_LIVE", message: `${solution.name} cannot be ordered: ${why}, so no new call-off orders can be placed under ${frameworks.length === 1 ? "it" : "them"}.` }];
}

/** The rule. Refusals come most serious first: assurance, then the listing, supplier, framework and price. */
export function orderability(facts: OrderabilityFacts, { today, frameworkId }: OrderabilityOptions): Orderability {
  const assurance = assuranceRefusals(facts, today);
  const refusals: Refusal[] = [
    ...assurance,
    ...listingRefusals(facts, assurance.some((r) => r.code === "ASSURANCE_IN_REMEDIATION" || r.code === "REMEDIATION_FAILED")),
    ...(facts.supplier.isActive ? [] : [{ code: "SUPPLIER_INACTIVE" as const, message: `${facts.supplier.name} no longer supplies through the catalogue.` }]),
    ...frameworkRefusals(facts, frameworkId),
    ...(facts.solution.hasPublishedPrice ? [] : [{ code: "NO_PUBLISHED_PRICE" as const, message: `${facts.solution.name} has no published list price.` }]),
  ];
  return refusals.length === 0 ? { orderable: true, refusals: [] } : { orderable: false, refusals: refusals as [Refusal, ...Refusal[]] };
}

/** The refusal as one paragraph ("A. B."), for a page's error message or an API problem. */
export function refusalText(result: Orderability): string {
  return result.refusals.map((r) => r.message).join(" ");
}

/** Whether the refusal is about assurance at all (a framework or listing problem is not a lapse). */
export function refusedForAssurance(result: Orderability): boolean {
  return result.refusals.some((r) => ASSURANCE_REFUSALS.has(r.code));
}
