/**
 * What a solution page shows, as plain data built from a listing revision's content (the
 * snapshot shape of `listingContent()` in seed/builders.ts) plus the live facts around it
 * (supplier, assurance, services, status). Pure: the buyer's page builds it from the
 * published revision, the supplier portal's preview from a draft, and both render it with
 * `<SolutionDetails>`.
 */
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { currentAssuranceStatus } from "~/services/search/document";
import { claimWarning, governingStandards } from "~/modules/assurance/claims";
import { ASSURANCE_REFUSALS, type Orderability } from "~/modules/assurance/orderability";
import { meetsFoundation } from "./foundation";
import type { AssuranceStatus } from "~/modules/assurance/assurance-status";
import type { CatalogueReference } from "./reference.server";

export type PriceTierView = { lowerRange: number; upperRange: number | null; price: string };

export type PriceView = {
  id: string;
  provisioningType: string;
  priceType: string;
  calculationType: string;
  billingPeriod: string;
  unitDescription: string;
  unitDefinition: string | null;
  rangeDescription: string | null;
  tiers: PriceTierView[];
};

export type ServiceView = { id: string; name: string; summary: string; prices: PriceView[] };

export type StandardView = {
  id: string;
  name: string;
  kind: string;
  level: "solution" | "supplier";
  /** As stored; StandardBadge recomputes the date-driven state for `today`. */
  status: AssuranceStatus;
  currentStatus: AssuranceStatus;
  assuredOn: string | null;
  expiresOn: string | null;
  remediationDeadline: string | null;
};

/** The orderability rule's verdict as the page shows it. */
export type OrderabilityView = {
  orderable: boolean;
  /** The rule's reasons, most serious first. */
  reasons: string[];
  /** Whether any reason is an assurance (rather than, say, an expired framework). */
  assurance: boolean;
  /** A safety- or security-critical standard is among the reasons. */
  critical: "safety" | "security" | null;
  remediationDeadline: string | null;
};

export type SolutionView = {
  id: string;
  name: string;
  summary: string;
  description: string;
  features: string[];
  aboutUrl: string | null;
  roadmap: string | null;
  implementationTimescales: string | null;
  serviceLevels: string | null;
  publicationStatus: string;
  remediationDeadline: string | null;
  foundation: boolean;
  today: string;
  supplier: {
    id: number;
    name: string;
    summary: string | null;
    website: string | null;
    contact: { name: string; email: string; phone: string | null; department: string | null } | null;
  };
  capabilities: {
    id: string;
    name: string;
    result: string;
    epics: { id: string; name: string; level: string; result: string }[];
  }[];
  frameworks: { id: string; name: string; shortName: string; expired: boolean; isFoundation: boolean }[];
  standards: StandardView[];
  /** `warning`: set when the standard governing the claim (S44 for GP Connect…) is not assured. */
  integrations: { id: string; name: string; group: string; role: string; description: string | null; warning: string | null }[];
  /** Null in the supplier's preview of a listing that has never been published. */
  orderability: OrderabilityView | null;
  hostingTypes: { type: string; summary: string | null; hscnRequired: boolean }[];
  applicationTypes: { type: string; description: string | null }[];
  prices: PriceView[];
  additionalServices: ServiceView[];
  associatedServices: ServiceView[];
};

/** The revision content fields this view reads (ListingContent in seed/builders.ts). */
export type RevisionContent = {
  id: string;
  name: string;
  summary?: string | null;
  description?: string | null;
  features?: string[];
  implementationTimescales?: string | null;
  serviceLevels?: string | null;
  roadmap?: string | null;
  aboutUrl?: string | null;
  capabilities?: { capabilityId: string; result: string; epics?: { epicId: string; result: string }[] }[];
  integrations?: { integrationTypeId: string; role: string; description?: string | null }[];
  hostingTypes?: { hostingType: string; summary?: string | null; hscnRequired?: boolean }[];
  applicationTypes?: { applicationType: string; description?: string | null }[];
  frameworks?: { frameworkId: string; isFoundation?: boolean }[];
  prices?: {
    id: string;
    provisioningType: string;
    priceType: string;
    calculationType: string;
    billingPeriod: string;
    unitDescription: string;
    unitDefinition?: string | null;
    rangeDescription?: string | null;
    tiers: { lowerRange: number; upperRange: number | null; price: string | number }[];
  }[];
};

export type SolutionContext = {
  reference: CatalogueReference;
  today: DateOnly;
  publicationStatus: string;
  remediationDeadline: string | null;
  supplier: SolutionView["supplier"];
  assurance: { standardId: string; status: string; assuredOn: string | null; expiresOn: string | null; remediationDeadline: string | null; level: "solution" | "supplier" }[];
  orderability: Orderability | null;
  additionalServices: ServiceView[];
  associatedServices: ServiceView[];
};

const RESULT_ORDER: Record<string, number> = { PASSED_FULL: 0, PASSED_PARTIAL: 1, FAILED: 2 };

export function priceView(price: NonNullable<RevisionContent["prices"]>[number]): PriceView {
  return {
    id: price.id,
    provisioningType: price.provisioningType,
    priceType: price.priceType,
    calculationType: price.calculationType,
    billingPeriod: price.billingPeriod,
    unitDescription: price.unitDescription,
    unitDefinition: price.unitDefinition ?? null,
    rangeDescription: price.rangeDescription ?? null,
    tiers: [...price.tiers]
      .sort((a, b) => a.lowerRange - b.lowerRange)
      .map((t) => ({ lowerRange: t.lowerRange, upperRange: t.upperRange, price: typeof t.price === "number" ? t.price.toFixed(4) : t.price })),
  };
}

export function solutionViewFromContent(content: RevisionContent, context: SolutionContext): SolutionView {
  const { reference } = context;
  const capabilityById = new Map(reference.capabilities.map((c) => [c.id, c]));
  const epicById = new Map(reference.epics.map((e) => [e.id, e]));
  const frameworkById = new Map(reference.frameworks.map((f) => [f.id, f]));
  const integrationById = new Map(reference.integrationTypes.map((i) => [i.id, i]));
  const standardById = new Map(reference.standards.map((s) => [s.id, s]));

  const capabilities = (content.capabilities ?? [])
    .map((claim) => ({
      id: claim.capabilityId,
      name: capabilityById.get(claim.capabilityId)?.name ?? claim.capabilityId,
      number: capabilityById.get(claim.capabilityId)?.number ?? 0,
      result: claim.result,
      epics: (claim.epics ?? []).map((e) => ({
        id: e.epicId,
        name: epicById.get(e.epicId)?.name ?? e.epicId,
        level: epicById.get(e.epicId)?.level ?? "MAY",
        result: e.result,
      })),
    }))
    .sort((a, b) => (RESULT_ORDER[a.result] ?? 3) - (RESULT_ORDER[b.result] ?? 3) || a.number - b.number)
    .map(({ number: _number, ...rest }) => rest);

  const standards: StandardView[] = context.assurance
    .flatMap((record) => {
      const standard = standardById.get(record.standardId);
      if (!standard) return [];
      return [
        {
          id: record.standardId,
          name: standard.name,
          kind: standard.kind,
          level: record.level,
          status: record.status as AssuranceStatus,
          currentStatus: currentAssuranceStatus(record, context.today, standard.warningWindowDays),
          assuredOn: record.assuredOn,
          expiresOn: record.expiresOn,
          remediationDeadline: record.remediationDeadline,
        },
      ];
    })
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));

  // A claim is judged by the solution's own record of its standard, else the supplier's.
  const governing = governingStandards(reference.integrationTypes);
  const claimRecords = new Map<string, { status: AssuranceStatus; expiresOn: DateOnly | null; standardName: string }>();
  for (const s of [...standards].sort((a, b) => Number(a.level === "solution") - Number(b.level === "solution"))) {
    claimRecords.set(s.id, { status: s.currentStatus, expiresOn: s.expiresOn as DateOnly | null, standardName: s.name });
  }

  return {
    id: content.id,
    name: content.name,
    summary: content.summary ?? "",
    description: content.description ?? "",
    features: content.features ?? [],
    aboutUrl: content.aboutUrl ?? null,
    roadmap: content.roadmap ?? null,
    implementationTimescales: content.implementationTimescales ?? null,
    serviceLevels: content.serviceLevels ?? null,
    publicationStatus: context.publicationStatus,
    remediationDeadline: context.remediationDeadline,
    foundation: meetsFoundation(content.capabilities ?? []),
    today: context.today,
    supplier: context.supplier,
    capabilities,
    frameworks: (content.frameworks ?? []).flatMap((f) => {
      const framework = frameworkById.get(f.frameworkId);
      return framework ? [{ id: f.frameworkId, name: framework.name, shortName: framework.shortName, expired: framework.expired, isFoundation: f.isFoundation ?? false }] : [];
    }),
    standards,
    integrations: (content.integrations ?? []).map((i) => ({
      id: i.integrationTypeId,
      name: integrationById.get(i.integrationTypeId)?.name ?? i.integrationTypeId,
      group: integrationById.get(i.integrationTypeId)?.group ?? "",
      role: i.role,
      description: i.description ?? null,
      warning: claimWarning(i, governing, claimRecords),
    })),
    orderability: context.orderability ? orderabilityView(context.orderability) : null,
    hostingTypes: (content.hostingTypes ?? []).map((h) => ({ type: h.hostingType, summary: h.summary ?? null, hscnRequired: h.hscnRequired ?? false })),
    applicationTypes: (content.applicationTypes ?? []).map((a) => ({ type: a.applicationType, description: a.description ?? null })),
    prices: (content.prices ?? []).map(priceView),
    additionalServices: context.additionalServices,
    associatedServices: context.associatedServices,
  };
}

function orderabilityView(verdict: Orderability): OrderabilityView {
  const assurance = verdict.refusals.filter((r) => ASSURANCE_REFUSALS.has(r.code));
  return {
    orderable: verdict.orderable,
    reasons: verdict.refusals.map((r) => r.message),
    assurance: assurance.length > 0,
    critical: assurance.find((r) => r.assurance?.critical)?.assurance?.critical ?? null,
    remediationDeadline: assurance.find((r) => r.code === "ASSURANCE_IN_REMEDIATION")?.assurance?.remediationDeadline ?? null,
  };
}

export type SolutionWarning = { heading: string; reasons: string[]; meaning: string[] };

/**
 * The warning callout of a solution page: every lapsed, in-remediation or withdrawn assurance
 * that applies to it (its own or its supplier's), a suspension, or anything else that stops
 * ordering, each with its date (the orderability rule's reasons), and what it means for
 * ordering and for existing contracts. Null when it can be ordered.
 */
export function solutionWarning(view: Pick<SolutionView, "publicationStatus" | "remediationDeadline" | "orderability">): SolutionWarning | null {
  const verdict = view.orderability;
  const inRemediation = view.publicationStatus === "IN_REMEDIATION" || Boolean(verdict?.remediationDeadline);
  if (view.publicationStatus === "SUSPENDED") {
    return {
      heading: "This solution is suspended",
      reasons: verdict?.reasons ?? [],
      meaning: [
        "Its supplier did not restore a lapsed assurance in time, so it cannot be ordered, renewed or amended, and it does not appear in search results.",
        "Existing contracts for it are flagged for termination and being reviewed; your organisation will be told what happens next.",
      ],
    };
  }
  if (!verdict || verdict.orderable) return null;
  if (inRemediation) {
    const deadline = (view.remediationDeadline ?? verdict.remediationDeadline) as DateOnly | null;
    return {
      heading: "This solution is in remediation",
      reasons: verdict.reasons,
      meaning: [
        `It cannot be ordered, renewed or amended while the supplier works to a plan agreed with NHS England to restore the assurance${deadline ? ` by ${formatNhsDate(deadline)}` : ""}.`,
        "If the plan is not met, the solution will be suspended and every contract for it flagged for termination. Existing contracts continue for now.",
      ],
    };
  }
  if (verdict.assurance) {
    const critical = verdict.critical ? ` This is a ${verdict.critical}-critical assurance, so NHS England may suspend the solution straight away.` : "";
    return {
      heading: verdict.reasons.length > 1 ? "Assurances this solution depends on have lapsed" : "An assurance this solution depends on has lapsed",
      reasons: verdict.reasons,
      meaning: [
        "It cannot be ordered, renewed or amended until the assurance is renewed.",
        `If it is not renewed, NHS England may agree a remediation plan with the supplier, suspend the solution and flag its contracts for termination.${critical} Existing contracts continue for now.`,
      ],
    };
  }
  return { heading: "This solution cannot be ordered at the moment", reasons: verdict.reasons, meaning: ["No new call-off order, renewal or amendment can be placed for it until this changes."] };
}
