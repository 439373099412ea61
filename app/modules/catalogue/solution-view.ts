/**
 * What a solution page shows, as plain data built from a listing revision's content (the
 * snapshot shape of `listingContent()` in seed/builders.ts) plus the live facts around it
 * (supplier, assurance, services, status). Pure: the buyer's page builds it from the
 * published revision, the supplier portal's preview from a draft, and both render it with
 * `<SolutionDetails>`.
 */
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { currentAssuranceStatus } from "~/services/search/document";
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
  expiresOn: string | null;
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
  integrations: { id: string; name: string; group: string; role: string; description: string | null }[];
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
  assurance: { standardId: string; status: string; expiresOn: string | null; remediationDeadline: string | null; level: "solution" | "supplier" }[];
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
          expiresOn: record.expiresOn,
          remediationDeadline: record.remediationDeadline,
        },
      ];
    })
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));

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
    })),
    hostingTypes: (content.hostingTypes ?? []).map((h) => ({ type: h.hostingType, summary: h.summary ?? null, hscnRequired: h.hscnRequired ?? false })),
    applicationTypes: (content.applicationTypes ?? []).map((a) => ({ type: a.applicationType, description: a.description ?? null })),
    prices: (content.prices ?? []).map(priceView),
    additionalServices: context.additionalServices,
    associatedServices: context.associatedServices,
  };
}

/** What in-remediation and suspended listings mean for a buyer, for the page's warning callout. */
export function statusWarning(view: Pick<SolutionView, "publicationStatus" | "remediationDeadline">): { heading: string; body: string } | null {
  if (view.publicationStatus === "IN_REMEDIATION") {
    const deadline = view.remediationDeadline ? ` by ${formatNhsDate(view.remediationDeadline as DateOnly)}` : "";
    return {
      heading: "This solution is in remediation",
      body: `The supplier has agreed a plan with NHS England to restore an assurance that lapsed, and must complete it${deadline}. You can still view it, and order it only where its framework allows. If the plan is not met the solution will be suspended and contracts for it flagged for termination.`,
    };
  }
  if (view.publicationStatus === "SUSPENDED") {
    return {
      heading: "This solution is suspended",
      body: "The supplier did not restore a lapsed assurance in time, so this solution cannot be ordered and does not appear in search results. Existing contracts for it are being reviewed for termination; your organisation will be told what happens next.",
    };
  }
  return null;
}
