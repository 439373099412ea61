/**
 * The one definition of what the catalogue search knows about a solution: the searchable
 * document (a typed projection of a published listing revision plus the live state a buyer
 * sees: publication status, assurance, supplier name), which of its fields are searched and
 * with what weight, which are facets and how each facet combines, the sorts, and the
 * synonyms. The PostgreSQL engine and the Meilisearch engine are both built from these
 * constants, so the two cannot drift. Pure: no database, no server imports.
 */
import { assuranceStatusOn, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import { claimAssured, governingStandards } from "~/modules/assurance/claims";
import type { Orderability } from "~/modules/assurance/orderability";
import {
  APPLICATION_TYPE_LABELS,
  FOUNDATION_CAPABILITY_IDS,
  HOSTING_LABELS,
  isPassedCapability,
  meetsFoundation,
  type ApplicationTypeKey,
  type HostingTypeKey,
  type PassedCapabilityResult,
} from "~/modules/catalogue/foundation";
import type { DateOnly } from "~/modules/dates";

// Defined once in the catalogue module; re-exported for the search's existing importers.
export { APPLICATION_TYPE_LABELS, FOUNDATION_CAPABILITY_IDS, HOSTING_LABELS, type ApplicationTypeKey, type HostingTypeKey };

export type CapabilityResult = PassedCapabilityResult;
export type ProvisioningTypeKey = "PATIENT" | "DECLARATIVE" | "ON_DEMAND";
export type BillingPeriodKey = "MONTHLY" | "YEARLY" | "ONE_OFF";
export type IntegrationGroupKey = "IM1" | "GP_CONNECT" | "NHS_APP";
/**
 * A listing's assurance for buyers, from the orderability rule: "assured" only when it may be
 * ordered today (so the default search shows only what can be bought); otherwise why not —
 * a lapsed or withdrawn assurance, a remediation under way, or something other than
 * assurance (its frameworks are not live, no published price).
 */
export type ListingAssurance = "assured" | "lapsed" | "in-remediation" | "not-orderable";
export const LISTING_ASSURANCES = ["assured", "lapsed", "in-remediation", "not-orderable"] as const satisfies readonly ListingAssurance[];

export type DocumentStandard = {
  id: string;
  name: string;
  /** Stored status of the record (date-driven states are recomputed for display). */
  status: AssuranceStatus;
  expiresOn: string | null;
  remediationDeadline: string | null;
  /** When it was assured: the date shown for an assurance that does not expire (absent in documents indexed before it was added). */
  assuredOn?: string | null;
  /** Supplier-level assurances (DSPT, Cyber Essentials Plus…) apply to all its solutions. */
  level: "solution" | "supplier";
};

export type FromPrice = {
  /** Lowest first-tier list price, exact (4 decimal places, as stored). */
  amount: string;
  unitDescription: string;
  billingPeriod: BillingPeriodKey;
  provisioningType: ProvisioningTypeKey;
};

export type SearchDocument = {
  id: string;
  name: string;
  supplierId: number;
  /** String form of supplierId: facet values are strings in both engines. */
  supplierKey: string;
  supplierName: string;
  summary: string;
  features: string[];
  capabilities: { id: string; name: string; result: CapabilityResult }[];
  capabilityIds: string[];
  capabilityNames: string[];
  /** Passed epics of passed capabilities. */
  epicIds: string[];
  /** Meets all six foundation capabilities. */
  foundation: boolean;
  frameworks: { id: string; shortName: string; expired: boolean }[];
  frameworkIds: string[];
  /** Every claim; `assured` is false when the standard that governs it (S44 for GP Connect…) is not assured. */
  integrations: { id: string; name: string; group: IntegrationGroupKey; role: "PROVIDER" | "CONSUMER"; assured?: boolean }[];
  /** Integration groups ("IM1") and types ("IM1_BULK") of the assured claims only, so either can be filtered on. */
  integrationKeys: string[];
  integrationNames: string[];
  hostingTypes: HostingTypeKey[];
  applicationTypes: ApplicationTypeKey[];
  provisioningTypes: ProvisioningTypeKey[];
  standards: DocumentStandard[];
  /** Interoperability standards the solution is currently assured against (the facet). */
  standardIds: string[];
  assurance: ListingAssurance;
  publicationStatus: "PUBLISHED" | "IN_REMEDIATION";
  remediationDeadline: string | null;
  fromPrice: FromPrice | null;
  /** Annual cost for a practice of DEFAULT_LIST_SIZE patients, in pence: the "lowest price" sort. */
  indicativeAnnualPence: number | null;
  publishedAt: string | null;
  /** Stable hash of the id: breaks relevance ties so no supplier is always first. */
  tieBreak: number;
};

/** The practice list size prices are normalised to when none is chosen. */
export const DEFAULT_LIST_SIZE = 10_000;

/**
 * FNV-1a (32-bit) of the id. Deterministic across processes, engines and releases, and
 * unrelated to the alphabet, so ties do not always favour the same supplier.
 */
export function stableHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Searched fields, most important first; weight A–D is the PostgreSQL tsvector weight. */
export const SEARCHABLE_FIELDS = [
  { field: "name", weight: "A" },
  { field: "supplierName", weight: "B" },
  { field: "capabilityNames", weight: "B" },
  { field: "integrationNames", weight: "B" },
  { field: "summary", weight: "C" },
  { field: "features", weight: "D" },
] as const satisfies readonly { field: keyof SearchDocument; weight: "A" | "B" | "C" | "D" }[];

export type SearchableWeight = (typeof SEARCHABLE_FIELDS)[number]["weight"];

/** The texts of each weight (one per field value), for the PostgreSQL engine's weighted tsvector. */
export function searchableParts(doc: SearchDocument): Record<SearchableWeight, string[]> {
  const parts: Record<SearchableWeight, string[]> = { A: [], B: [], C: [], D: [] };
  for (const { field, weight } of SEARCHABLE_FIELDS) {
    const value = doc[field];
    parts[weight].push(...(Array.isArray(value) ? value : [value]));
  }
  return parts;
}

/**
 * Facets: the query parameter, the document field behind it, and how several chosen values
 * combine. "all": a solution must have every chosen value (capabilities: "meets all chosen
 * capabilities"); "any": one of them is enough, and the facet's counts ignore its own
 * selection (disjunctive faceting) so the other options keep meaningful numbers.
 */
export const FACETS = {
  capability: { field: "capabilityIds", combine: "all", label: "Capability" },
  epic: { field: "epicIds", combine: "all", label: "Epic" },
  framework: { field: "frameworkIds", combine: "any", label: "Framework" },
  standard: { field: "standardIds", combine: "all", label: "Standard" },
  integration: { field: "integrationKeys", combine: "all", label: "Integration" },
  hosting: { field: "hostingTypes", combine: "any", label: "Hosting type" },
  applicationType: { field: "applicationTypes", combine: "any", label: "Application type" },
  supplier: { field: "supplierKey", combine: "any", label: "Supplier" },
  provisioning: { field: "provisioningTypes", combine: "any", label: "Price type" },
  assurance: { field: "assurance", combine: "any", label: "Assurance" },
} as const satisfies Record<string, { field: keyof SearchDocument; combine: "all" | "any"; label: string }>;

export type FacetKey = keyof typeof FACETS;
export const FACET_KEYS = Object.keys(FACETS) as FacetKey[];

export const SORTS = ["relevance", "name", "price"] as const;
export type SortKey = (typeof SORTS)[number];

/** Words buyers use for the same thing; each group's phrases are interchangeable in a query. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["video consult", "video consultation", "video consultations"],
  ["online consult", "online consultation", "econsult"],
  ["eps", "electronic prescription service"],
  ["im1", "interface mechanism"],
  ["gp connect", "gpconnect"],
  ["ers", "e-referral", "electronic referral"],
  ["nhs app", "nhsapp"],
  ["sms", "text message"],
];

export const ASSURANCE_LABELS: Record<ListingAssurance, string> = {
  assured: "Assured",
  lapsed: "Assurance lapsed",
  "in-remediation": "In remediation",
  "not-orderable": "Not open for orders",
};

export const PROVISIONING_LABELS: Record<ProvisioningTypeKey, string> = {
  PATIENT: "Per patient",
  DECLARATIVE: "Per unit you declare (licence, practice)",
  ON_DEMAND: "On demand (per use)",
};

export const INTEGRATION_GROUP_LABELS: Record<IntegrationGroupKey, string> = {
  IM1: "IM1",
  GP_CONNECT: "GP Connect",
  NHS_APP: "NHS App",
};

// ───────── Projection ─────────

/** What the projection reads: the published revision's content plus live state and reference names. */
export type ProjectionInput = {
  id: string;
  publicationStatus: string;
  remediationDeadline: string | null;
  publishedAt: string | null;
  supplier: { id: number; name: string };
  content: {
    name: string;
    summary: string | null;
    features: string[];
    capabilities: { capabilityId: string; result: string; epics: { epicId: string; result: string }[] }[];
    integrations: { integrationTypeId: string; role: string }[];
    hostingTypes: { hostingType: string }[];
    applicationTypes: { applicationType: string }[];
    frameworks: { frameworkId: string }[];
    prices: {
      provisioningType: string;
      billingPeriod: string;
      calculationType: string;
      unitDescription: string;
      tiers: { lowerRange: number; upperRange: number | null; price: string | number }[];
    }[];
  };
  assurance: {
    standardId: string;
    standardName: string;
    standardKind: string;
    status: string;
    expiresOn: string | null;
    remediationDeadline: string | null;
    assuredOn: string | null;
    level: "solution" | "supplier";
    warningWindowDays: number;
  }[];
  /** The orderability rule's verdict on the projection day. */
  orderability: Orderability;
  reference: {
    capabilityName: (id: string) => string | undefined;
    framework: (id: string) => { shortName: string; expired: boolean } | undefined;
    integration: (id: string) => { name: string; group: IntegrationGroupKey; standardId: string | null } | undefined;
  };
};

const uniq = <T>(values: T[]) => [...new Set(values)];

/** A record's status today: expiry-driven states are recomputed (a stored ASSURED may have lapsed). */
export function currentAssuranceStatus(
  record: { status: string; expiresOn: string | null; remediationDeadline: string | null },
  today: DateOnly,
  warningWindowDays = 60,
): AssuranceStatus {
  return assuranceStatusOn(
    { status: record.status as AssuranceStatus, expiresOn: record.expiresOn as DateOnly | null, remediationDeadline: record.remediationDeadline as DateOnly | null },
    today,
    warningWindowDays,
  );
}

/**
 * The facet value from the rule's verdict: a listing in remediation reads so first; then a
 * lapsed, withdrawn or failed assurance; then one in remediation; anything else that stops
 * ordering (frameworks not live, no price) is "not-orderable".
 */
export function listingAssurance(publicationStatus: string, verdict: Orderability): ListingAssurance {
  if (verdict.orderable) return "assured";
  if (publicationStatus === "IN_REMEDIATION") return "in-remediation";
  const codes = new Set(verdict.refusals.map((r) => r.code));
  if (codes.has("ASSURANCE_LAPSED") || codes.has("ASSURANCE_WITHDRAWN") || codes.has("REMEDIATION_FAILED")) return "lapsed";
  if (codes.has("ASSURANCE_IN_REMEDIATION")) return "in-remediation";
  return "not-orderable";
}

export function projectDocument(
  input: ProjectionInput,
  today: DateOnly,
  annualCost: (price: ProjectionInput["content"]["prices"][number], listSize: number) => number | null,
): SearchDocument {
  const { reference } = input;
  // Revisions written by older code may lack a list: read each as empty rather than fail the whole index.
  const raw = input.content;
  const content: ProjectionInput["content"] = {
    name: raw.name,
    summary: raw.summary ?? "",
    features: raw.features ?? [],
    capabilities: (raw.capabilities ?? []).map((c) => ({ ...c, epics: c.epics ?? [] })),
    integrations: raw.integrations ?? [],
    hostingTypes: raw.hostingTypes ?? [],
    applicationTypes: raw.applicationTypes ?? [],
    frameworks: raw.frameworks ?? [],
    prices: (raw.prices ?? []).filter((p) => Array.isArray(p.tiers)),
  };
  const capabilities = content.capabilities
    .filter((c) => isPassedCapability(c.result))
    .map((c) => ({ id: c.capabilityId, name: reference.capabilityName(c.capabilityId) ?? c.capabilityId, result: c.result as CapabilityResult }));
  const capabilityIds = capabilities.map((c) => c.id);
  const epicIds = content.capabilities
    .filter((c) => isPassedCapability(c.result))
    .flatMap((c) => c.epics.filter((e) => e.result === "PASSED").map((e) => e.epicId));
  const statusNow = input.assurance.map((a) => currentAssuranceStatus(a, today, a.warningWindowDays));
  // The solution's own record of a standard decides; its supplier's stands in when it has none.
  const statusByStandard = new Map<string, AssuranceStatus>();
  input.assurance.forEach((a, i) => {
    if (a.level === "solution" || !statusByStandard.has(a.standardId)) statusByStandard.set(a.standardId, statusNow[i]);
  });
  const governing = governingStandards(
    content.integrations.flatMap((i) => {
      const type = reference.integration(i.integrationTypeId);
      return type ? [{ id: i.integrationTypeId, name: type.name, standardId: type.standardId }] : [];
    }),
  );
  const integrations = content.integrations.flatMap((i) => {
    const type = reference.integration(i.integrationTypeId);
    if (!type) return [];
    const assured = claimAssured(i, governing, statusByStandard);
    return [{ id: i.integrationTypeId, name: type.name, group: type.group, role: i.role as "PROVIDER" | "CONSUMER", assured }];
  });
  const assuredIntegrations = integrations.filter((i) => i.assured);
  const frameworks = content.frameworks.flatMap((f) => {
    const framework = reference.framework(f.frameworkId);
    return framework ? [{ id: f.frameworkId, ...framework }] : [];
  });
  const standards: DocumentStandard[] = input.assurance
    .map((a) => ({ id: a.standardId, name: a.standardName, status: a.status as AssuranceStatus, expiresOn: a.expiresOn, remediationDeadline: a.remediationDeadline, assuredOn: a.assuredOn, level: a.level }))
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  const standardIds = input.assurance
    .filter((a, i) => a.standardKind === "INTEROPERABILITY" && (statusNow[i] === "ASSURED" || statusNow[i] === "EXPIRING"))
    .map((a) => a.standardId);
  const costs = content.prices.map((p) => annualCost(p, DEFAULT_LIST_SIZE)).filter((c): c is number => c !== null);
  const cheapest = [...content.prices].sort((a, b) => Number(a.tiers[0]?.price ?? Infinity) - Number(b.tiers[0]?.price ?? Infinity))[0];
  return {
    id: input.id,
    name: content.name,
    supplierId: input.supplier.id,
    supplierKey: String(input.supplier.id),
    supplierName: input.supplier.name,
    summary: content.summary ?? "",
    features: content.features,
    capabilities,
    capabilityIds,
    capabilityNames: capabilities.map((c) => c.name),
    epicIds: uniq(epicIds),
    foundation: meetsFoundation(content.capabilities),
    frameworks,
    frameworkIds: frameworks.map((f) => f.id),
    integrations,
    integrationKeys: uniq(assuredIntegrations.flatMap((i) => [i.group, i.id])),
    integrationNames: uniq(assuredIntegrations.map((i) => i.name)),
    hostingTypes: uniq(content.hostingTypes.map((h) => h.hostingType as HostingTypeKey)),
    applicationTypes: uniq(content.applicationTypes.map((a) => a.applicationType as ApplicationTypeKey)),
    provisioningTypes: uniq(content.prices.map((p) => p.provisioningType as ProvisioningTypeKey)),
    standards,
    standardIds: uniq(standardIds),
    assurance: listingAssurance(input.publicationStatus, input.orderability),
    publicationStatus: input.publicationStatus === "IN_REMEDIATION" ? "IN_REMEDIATION" : "PUBLISHED",
    remediationDeadline: input.remediationDeadline,
    fromPrice: cheapest?.tiers[0]
      ? {
          amount: Number(cheapest.tiers[0].price).toFixed(4),
          unitDescription: cheapest.unitDescription,
          billingPeriod: cheapest.billingPeriod as BillingPeriodKey,
          provisioningType: cheapest.provisioningType as ProvisioningTypeKey,
        }
      : null,
    indicativeAnnualPence: costs.length > 0 ? Math.min(...costs) : null,
    publishedAt: input.publishedAt,
    tieBreak: stableHash(input.id),
  };
}

// ───────── Highlighting ─────────

/** Highlighted text as data: rendered with <mark>, never as HTML. */
export type HighlightSegment = { text: string; matched: boolean };

/** Both engines mark matches with these private-use characters, which listings never contain. */
export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_END = "\uE001";

export function segmentsFromMarked(marked: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let matched = false;
  let text = "";
  const flush = () => {
    if (text) {
      const last = segments[segments.length - 1];
      if (last && last.matched === matched) last.text += text;
      else segments.push({ text, matched });
    }
    text = "";
  };
  for (const char of marked) {
    if (char === HIGHLIGHT_START || char === HIGHLIGHT_END) {
      flush();
      matched = char === HIGHLIGHT_START;
    } else text += char;
  }
  flush();
  return segments;
}
