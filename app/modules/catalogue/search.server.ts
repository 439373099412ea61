import { londonToday, type DateOnly } from "~/modules/dates";
import {
  APPLICATION_TYPE_LABELS,
  ASSURANCE_LABELS,
  FACETS,
  FOUNDATION_CAPABILITY_IDS,
  HOSTING_LABELS,
  INTEGRATION_GROUP_LABELS,
  PROVISIONING_LABELS,
  currentAssuranceStatus,
  type FacetKey,
  type HighlightSegment,
  type SearchDocument,
} from "~/services/search/document";
import type { SearchResult } from "~/services/search/engine";
import { searchCatalogue } from "~/services/search/index.server";
import { SEARCH_PATH, parseSearchQuery, searchHref, type QueryProblem, type SearchQuery } from "~/services/search/query";
import type { DbClient } from "~/utils/db.server";
import { catalogueReference, supplierNames, type CatalogueReference } from "./reference.server";

/**
 * The catalogue search as the /solutions page, the open API and shortlists use it: parse
 * the URL, ask the search service, and label facet values with reference data.
 */

export type HitView = {
  id: string;
  name: string;
  supplierName: string;
  summary: string;
  highlights: { name: HighlightSegment[]; summary: HighlightSegment[] };
  foundation: boolean;
  assurance: SearchDocument["assurance"];
  publicationStatus: SearchDocument["publicationStatus"];
  capabilities: { id: string; name: string; result: string }[];
  frameworks: SearchDocument["frameworks"];
  fromPrice: SearchDocument["fromPrice"];
};

export type FacetOption = { value: string; label: string; count: number; checked: boolean; group?: string };
export type FacetGroupView = { key: FacetKey; legend: string; combine: "all" | "any"; options: FacetOption[] };
export type ActiveFilter = { key: FacetKey; value: string; label: string; removeHref: string };

export type CatalogueSearchPage = {
  query: SearchQuery;
  total: number;
  page: number;
  totalPages: number;
  hits: HitView[];
  facets: FacetGroupView[];
  activeFilters: ActiveFilter[];
  processingTimeMs: number;
  engine: SearchResult["engine"];
  foundationHref: string;
  foundationSelected: boolean;
};


export function hitView(document: SearchDocument, highlights: HitView["highlights"]): HitView {
  return {
    id: document.id,
    name: document.name,
    supplierName: document.supplierName,
    summary: document.summary,
    highlights,
    foundation: document.foundation,
    assurance: document.assurance,
    publicationStatus: document.publicationStatus,
    capabilities: document.capabilities,
    frameworks: document.frameworks,
    fromPrice: document.fromPrice,
  };
}

const SUPPLIERS_SHOWN = 25;

type Labeller = (value: string) => { label: string; group?: string } | null;

async function labellers(db: DbClient, reference: CatalogueReference, result: SearchResult, query: SearchQuery): Promise<Record<FacetKey, Labeller>> {
  const capability = new Map(reference.capabilities.map((c) => [c.id, c]));
  const epic = new Map(reference.epics.map((e) => [e.id, e]));
  const framework = new Map(reference.frameworks.map((f) => [f.id, f]));
  const standard = new Map(reference.standards.map((s) => [s.id, s]));
  const integration = new Map(reference.integrationTypes.map((i) => [i.id, i]));
  // Only the suppliers the panel shows (see facetGroups): at 10,000 solutions there are over a thousand.
  const allSuppliers = await supplierNames(db);
  const shown = new Set([...result.facets.supplier.slice(0, SUPPLIERS_SHOWN).map((f) => f.value), ...query.supplier]);
  const suppliers = new Map([...shown].flatMap((id) => (allSuppliers.has(id) ? [[id, allSuppliers.get(id)!] as const] : [])));
  const fromRecord = (labels: Record<string, string>): Labeller => (value) => (labels[value] ? { label: labels[value] } : null);
  return {
    capability: (v) => (capability.has(v) ? { label: `${capability.get(v)!.name} (${v})`, group: capability.get(v)!.category } : null),
    epic: (v) => (epic.has(v) ? { label: `${epic.get(v)!.name} (${v})`, group: epic.get(v)!.capabilityId } : null),
    framework: (v) => (framework.has(v) ? { label: `${framework.get(v)!.shortName}${framework.get(v)!.expired ? " (expired)" : ""}` } : null),
    standard: (v) => (standard.has(v) ? { label: `${standard.get(v)!.name} (${v})` } : null),
    integration: (v) =>
      v in INTEGRATION_GROUP_LABELS
        ? { label: `Any ${INTEGRATION_GROUP_LABELS[v as keyof typeof INTEGRATION_GROUP_LABELS]}`, group: v }
        : integration.has(v)
          ? { label: integration.get(v)!.name, group: integration.get(v)!.group }
          : null,
    hosting: fromRecord(HOSTING_LABELS),
    applicationType: fromRecord(APPLICATION_TYPE_LABELS),
    supplier: (v) => (suppliers.has(v) ? { label: suppliers.get(v)! } : null),
    provisioning: fromRecord(PROVISIONING_LABELS),
    assurance: fromRecord(ASSURANCE_LABELS),
  };
}

const LEGENDS: Record<FacetKey, string> = {
  capability: "Capabilities (must meet all chosen)",
  epic: "Epics within chosen capabilities",
  framework: "Frameworks",
  standard: "Interoperability standards",
  integration: "Integrations (IM1, GP Connect, NHS App)",
  hosting: "Hosting type",
  applicationType: "Application type",
  supplier: "Supplier",
  provisioning: "Price type",
  assurance: "Assurance",
};

/** Facets in the panel's order; suppliers capped to the 25 with most results (plus any chosen). */
const PANEL_ORDER: FacetKey[] = ["capability", "epic", "framework", "integration", "standard", "hosting", "applicationType", "provisioning", "supplier", "assurance"];

function facetGroups(result: SearchResult, query: SearchQuery, label: Record<FacetKey, Labeller>): FacetGroupView[] {
  return PANEL_ORDER.map((key) => {
    const counts = new Map(result.facets[key].map((f) => [f.value, f.count]));
    const values = [...new Set([...result.facets[key].map((f) => f.value), ...query[key]])];
    let options = values.flatMap((value): FacetOption[] => {
      const labelled = label[key](value);
      if (!labelled) return [];
      return [{ value, label: labelled.label, group: labelled.group, count: counts.get(value) ?? 0, checked: query[key].includes(value) }];
    });
    if (key === "epic") options = options.filter((o) => query.capability.includes(o.group ?? ""));
    if (key === "supplier") options = options.filter((o, i) => o.checked || i < SUPPLIERS_SHOWN);
    if (key === "assurance") {
      options = (["assured", "lapsed", "in-remediation"] as const).map((value) => ({
        value,
        label: ASSURANCE_LABELS[value],
        count: counts.get(value) ?? 0,
        checked: query.assurance.includes(value),
      }));
    }
    const byName = key === "capability" || key === "epic" || key === "integration" || key === "framework";
    if (byName) options.sort((a, b) => (a.group ?? "").localeCompare(b.group ?? "") || a.label.localeCompare(b.label, "en", { numeric: true }));
    // What is chosen stays in view at the top of its list.
    if (key !== "assurance") options.sort((a, b) => Number(b.checked) - Number(a.checked));
    return { key, legend: LEGENDS[key], combine: FACETS[key].combine, options };
  }).filter((group) => group.options.length > 0);
}

function activeFilters(query: SearchQuery, label: Record<FacetKey, Labeller>): ActiveFilter[] {
  return PANEL_ORDER.flatMap((key) =>
    query[key]
      .filter((value) => !(key === "assurance" && value === "assured" && query.assurance.length === 1))
      .map((value) => {
        const remaining = query[key].filter((v) => v !== value);
        return {
          key,
          value,
          label: `${FACETS[key].label}: ${label[key](value)?.label ?? value}`,
          removeHref: searchHref(SEARCH_PATH, query, { [key]: remaining }),
        };
      }),
  );
}

export async function searchCataloguePage(db: DbClient, params: URLSearchParams): Promise<{ ok: true; page: CatalogueSearchPage } | { ok: false; problems: QueryProblem[] }> {
  const parsed = parseSearchQuery(params);
  if (!parsed.ok) return parsed;
  const { query } = parsed;
  const [result, reference] = await Promise.all([searchCatalogue(query), catalogueReference(db)]);
  const label = await labellers(db, reference, result, query);
  const foundationSelected = FOUNDATION_CAPABILITY_IDS.every((id) => query.capability.includes(id));
  return {
    ok: true,
    page: {
      query,
      total: result.total,
      page: result.page,
      totalPages: result.totalPages,
      hits: result.hits.map((h) => hitView(h.document, h.highlights)),
      facets: facetGroups(result, query, label),
      activeFilters: activeFilters(query, label),
      processingTimeMs: result.processingTimeMs,
      engine: result.engine,
      foundationHref: searchHref(SEARCH_PATH, query, { capability: [...new Set([...query.capability, ...FOUNDATION_CAPABILITY_IDS])] }),
      foundationSelected,
    },
  };
}

/** The open API's view of a hit: ids and states a program can use, with assurance as of today. */
export function apiHit(document: SearchDocument, today: DateOnly = londonToday()) {
  return {
    id: document.id,
    name: document.name,
    supplier: { id: document.supplierId, name: document.supplierName },
    summary: document.summary,
    capabilities: document.capabilities.map((c) => ({ ref: c.id, name: c.name, result: c.result })),
    capabilityRefs: document.capabilityIds,
    standards: document.standards.map((s) => ({
      id: s.id,
      name: s.name,
      level: s.level,
      assurance: currentAssuranceStatus(s, today),
      expiresOn: s.expiresOn,
      remediationDeadline: s.remediationDeadline,
    })),
    frameworks: document.frameworks.map((f) => ({ id: f.id, name: f.shortName, expired: f.expired })),
    integrations: document.integrations.map((i) => ({ id: i.id, name: i.name, group: i.group, role: i.role })),
    hostingTypes: document.hostingTypes,
    applicationTypes: document.applicationTypes,
    foundation: document.foundation,
    assurance: document.assurance,
    publicationStatus: document.publicationStatus,
    fromPrice: document.fromPrice
      ? { amount: document.fromPrice.amount, currency: "GBP", unit: document.fromPrice.unitDescription, billingPeriod: document.fromPrice.billingPeriod, provisioningType: document.fromPrice.provisioningType }
      : null,
    url: `/solutions/${document.id}`,
  };
}
