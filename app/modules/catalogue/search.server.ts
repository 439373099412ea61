import { recordBadge, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import { londonToday, type DateOnly } from "~/modules/dates";
import {
  APPLICATION_TYPE_LABELS,
  ASSURANCE_LABELS,
  FACETS,
  FOUNDATION_CAPABILITY_IDS,
  HOSTING_LABELS,
  INTEGRATION_GROUP_LABELS,
  LISTING_ASSURANCES,
  PROVISIONING_LABELS,
  currentAssuranceStatus,
  type FacetKey,
  type HighlightSegment,
  type SearchDocument,
} from "~/services/search/document";
import { plainSegments, type SearchHit, type SearchResult } from "~/services/search/engine";
import { searchCatalogue, type CatalogueSearchResult } from "~/services/search/index.server";
import { SEARCH_PATH, parseSearchQuery, searchHref, toSearchParams, type QueryProblem, type SearchQuery } from "~/services/search/query";
import type { DbClient } from "~/utils/db.server";
import { SerialisedBody, sha1 } from "./open-data.server";
import { catalogueReference, supplierNames, type CatalogueReference } from "./reference.server";

/**
 * The catalogue search as the /solutions page, the open API and shortlists use it: parse
 * the URL, ask the search service, and label facet values with reference data.
 */

/** What a result shows, and no more: it is serialised into the page for hydration as well as rendered. */
export type HitView = {
  id: string;
  name: string;
  supplierName: string;
  /** Always the whole text, split into matched and unmatched parts (one unmatched part without a search). */
  highlights: { name: HighlightSegment[]; summary: HighlightSegment[] };
  foundation: boolean;
  assurance: SearchDocument["assurance"];
  publicationStatus: SearchDocument["publicationStatus"];
  capabilityIds: string[];
  /** "C5 Appointments Management, C14 Prescribing (partial)". */
  capabilitiesText: string;
  frameworks: SearchDocument["frameworks"];
  fromPrice: SearchDocument["fromPrice"];
  /** Dated standard badges for the result card: the supplier's assurances, and any of the solution's own that is not simply assured. */
  standards: { id: string; name: string; status: AssuranceStatus; text: string }[];
};

export type FacetOption = { value: string; label: string; count: number; checked: boolean };
export type FacetGroupView = {
  key: FacetKey;
  legend: string;
  options: FacetOption[];
  /** How many values the facet has in these results; more than `options` while the list is shortened. */
  valueCount: number;
  /** "Show all 1,204 suppliers" (submits the form with expand=<key>), or null when everything is shown. */
  showAll: { text: string } | null;
  /** The link back to the short list, when this one is expanded. */
  showFewer: { href: string; text: string } | null;
};
export type ActiveFilter = { key: FacetKey; value: string; label: string; removeHref: string };

export type CatalogueSearchPage = {
  query: SearchQuery;
  total: number;
  page: number;
  totalPages: number;
  hits: HitView[];
  facets: FacetGroupView[];
  activeFilters: ActiveFilter[];
  foundationHref: string;
  foundationSelected: boolean;
  /** Facets shown in full (the `expand` parameter), kept by the form as hidden fields. */
  expanded: FacetKey[];
};


const CARD_ORDER: Record<AssuranceStatus, number> = { WITHDRAWN: 0, LAPSED: 1, IN_REMEDIATION: 2, EXPIRING: 3, ASSURED: 4 };

/**
 * The standards a result card shows, worded for `today`: every supplier-level assurance (they
 * cover the whole company and expire on a cycle) and every solution-level one that is not
 * simply assured, problems first.
 */
export function cardStandards(document: SearchDocument, today: DateOnly): HitView["standards"] {
  return document.standards
    .map((s) => ({
      id: s.id,
      name: s.name,
      level: s.level,
      ...recordBadge({ status: s.status, expiresOn: s.expiresOn as DateOnly | null, remediationDeadline: s.remediationDeadline as DateOnly | null, assuredOn: (s.assuredOn ?? null) as DateOnly | null }, today),
    }))
    .filter((s) => s.level === "supplier" || s.status !== "ASSURED")
    .sort((a, b) => CARD_ORDER[a.status] - CARD_ORDER[b.status] || a.name.localeCompare(b.name))
    .map(({ level: _level, ...badge }) => badge);
}

export function hitView(document: SearchDocument, highlights: Partial<HitView["highlights"]> = {}, today: DateOnly = londonToday()): HitView {
  return {
    id: document.id,
    name: document.name,
    supplierName: document.supplierName,
    highlights: {
      name: highlights.name?.length ? highlights.name : plainSegments(document.name),
      summary: highlights.summary?.length ? highlights.summary : plainSegments(document.summary),
    },
    foundation: document.foundation,
    assurance: document.assurance,
    publicationStatus: document.publicationStatus,
    capabilityIds: document.capabilityIds,
    capabilitiesText: document.capabilities.map((c) => `${c.id} ${c.name}${c.result === "PASSED_PARTIAL" ? " (partial)" : ""}`).join(", "),
    frameworks: document.frameworks,
    fromPrice: document.fromPrice,
    standards: cardStandards(document, today),
  };
}

/**
 * Each facet shows the values with most results (and every chosen one) until the person asks
 * for all of them: at 10,000 solutions there are over a thousand suppliers and fifty
 * capabilities, and a hundred checkboxes made the page slow to send and to read.
 */
export const FACET_VALUES_SHOWN = 8;
/** A list only a little longer than the limit is shown whole: "Show all 9" would be silly. */
const SHORTEN_BEYOND = FACET_VALUES_SHOWN + 2;

type Labeller = (value: string) => { label: string; group?: string } | null;
type Lookups = Omit<Record<FacetKey, Labeller>, "supplier">;

/** Labels from reference data, built once per reference load (every minute at most), not per request. */
const lookupsByReference = new WeakMap<CatalogueReference, Lookups>();

function lookups(reference: CatalogueReference): Lookups {
  const existing = lookupsByReference.get(reference);
  if (existing) return existing;
  const capability = new Map(reference.capabilities.map((c) => [c.id, { label: `${c.name} (${c.id})`, group: c.category }]));
  const epic = new Map(reference.epics.map((e) => [e.id, { label: `${e.name} (${e.id})`, group: e.capabilityId }]));
  const framework = new Map(reference.frameworks.map((f) => [f.id, { label: `${f.shortName}${f.expired ? " (expired)" : ""}` }]));
  const standard = new Map(reference.standards.map((st) => [st.id, { label: `${st.name} (${st.id})` }]));
  const integration = new Map<string, { label: string; group?: string }>([
    ...Object.entries(INTEGRATION_GROUP_LABELS).map(([group, label]) => [group, { label: `Any ${label}`, group }] as const),
    ...reference.integrationTypes.filter((i) => !(i.id in INTEGRATION_GROUP_LABELS)).map((i) => [i.id, { label: i.name, group: i.group }] as const),
  ]);
  const fromMap = (labels: Map<string, { label: string; group?: string }>): Labeller => (value) => labels.get(value) ?? null;
  const fromRecord = (labels: Record<string, string>): Labeller => (value) => (Object.hasOwn(labels, value) ? { label: labels[value] } : null);
  const built: Lookups = {
    capability: fromMap(capability),
    epic: fromMap(epic),
    framework: fromMap(framework),
    standard: fromMap(standard),
    integration: fromMap(integration),
    hosting: fromRecord(HOSTING_LABELS),
    applicationType: fromRecord(APPLICATION_TYPE_LABELS),
    provisioning: fromRecord(PROVISIONING_LABELS),
    assurance: fromRecord(ASSURANCE_LABELS),
  };
  lookupsByReference.set(reference, built);
  return built;
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

/** For "Show all 1,204 suppliers". */
const PLURALS: Record<FacetKey, string> = {
  capability: "capabilities",
  epic: "epics",
  framework: "frameworks",
  standard: "standards",
  integration: "integrations",
  hosting: "hosting types",
  applicationType: "application types",
  supplier: "suppliers",
  provisioning: "price types",
  assurance: "assurance states",
};

/** Facets in the panel's order. */
const PANEL_ORDER: FacetKey[] = ["capability", "epic", "framework", "integration", "standard", "hosting", "applicationType", "provisioning", "supplier", "assurance"];
/** Listed by name (grouped), the others by number of results. */
const BY_NAME = new Set<FacetKey>(["capability", "epic", "integration", "framework"]);

/** The page's own parameter: which facets to show in full. Not part of the search, so unknown values are ignored. */
export function expandedFacets(params: URLSearchParams): FacetKey[] {
  const wanted = new Set(params.getAll("expand").flatMap((v) => v.split(",")));
  return PANEL_ORDER.filter((key) => wanted.has(key));
}

function pageHref(query: SearchQuery, expanded: FacetKey[]): string {
  const params = toSearchParams(query);
  for (const key of expanded) params.append("expand", key);
  const text = params.toString();
  return text ? `${SEARCH_PATH}?${text}` : SEARCH_PATH;
}

function facetGroup(key: FacetKey, result: CatalogueSearchResult, query: SearchQuery, label: Labeller, expanded: FacetKey[]): FacetGroupView {
  const counts = new Map(result.facets[key].map((f) => [f.value, f.count]));
  if (key === "assurance") {
    // Always all of them, in this order: "assured only" (what can be ordered) is the default a person may widen.
    const options = LISTING_ASSURANCES.map((value) => ({
      value,
      label: ASSURANCE_LABELS[value],
      count: counts.get(value) ?? 0,
      checked: query.assurance.includes(value),
    }));
    return { key, legend: LEGENDS[key], options, valueCount: options.length, showAll: null, showFewer: null };
  }
  // Values with results, most first (the engines sort them so), then chosen values without any.
  const chosen = new Set(query[key]);
  const values = [...result.facets[key].map((f) => f.value), ...query[key].filter((value) => !counts.has(value))];
  const isExpanded = expanded.includes(key);
  // Every chosen value stays in view, plus the unchosen values with most results.
  const unchosenShown = isExpanded ? Infinity : Math.max(0, FACET_VALUES_SHOWN - chosen.size);
  // Options are built only for values that may be shown: a thousand suppliers are counted, not labelled.
  const unchosenKept = Math.max(unchosenShown, SHORTEN_BEYOND);
  let valueCount = 0;
  let unchosen = 0;
  let labelled: (FacetOption & { group: string })[] = [];
  for (const value of values) {
    const found = label(value);
    if (!found || (key === "epic" && !query.capability.includes(found.group ?? ""))) continue;
    valueCount += 1;
    const checked = chosen.has(value);
    if (!checked && unchosen++ >= unchosenKept) continue;
    labelled.push({ value, label: found.label, group: found.group ?? "", count: counts.get(value) ?? 0, checked });
  }
  // Values the search left out (only its first ones come unless the facet is expanded) are counted too.
  valueCount += result.facetValueCounts[key] - result.facets[key].length;
  const shorten = !isExpanded && valueCount > SHORTEN_BEYOND;
  if (shorten) {
    let shown = 0;
    labelled = labelled.filter((o) => o.checked || shown++ < unchosenShown);
  }
  if (BY_NAME.has(key)) labelled.sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label, "en", { numeric: true }));
  // What is chosen stays at the top of its list.
  labelled.sort((a, b) => Number(b.checked) - Number(a.checked));
  return {
    key,
    legend: LEGENDS[key],
    options: labelled.map(({ group: _group, ...option }) => option),
    valueCount,
    showAll: shorten ? { text: `Show all ${valueCount.toLocaleString("en-GB")} ${PLURALS[key]}` } : null,
    showFewer: isExpanded && valueCount > SHORTEN_BEYOND ? { href: pageHref(query, expanded.filter((k) => k !== key)), text: `Show fewer ${PLURALS[key]}` } : null,
  };
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
  const expanded = expandedFacets(params);
  const [result, reference, suppliers] = await Promise.all([searchCatalogue(query, { facetsInFull: expanded }), catalogueReference(db), supplierNames(db)]);
  const today = londonToday();
  const label: Record<FacetKey, Labeller> = { ...lookups(reference), supplier: (value) => (suppliers.has(value) ? { label: suppliers.get(value)! } : null) };
  const foundationSelected = FOUNDATION_CAPABILITY_IDS.every((id) => query.capability.includes(id));
  return {
    ok: true,
    page: {
      query,
      total: result.total,
      page: result.page,
      totalPages: result.totalPages,
      hits: result.hits.map((h) => hitView(h.document, h.highlights, today)),
      facets: PANEL_ORDER.map((key) => facetGroup(key, result, query, label[key], expanded)).filter((group) => group.options.length > 0),
      activeFilters: activeFilters(query, label),
      foundationHref: searchHref(SEARCH_PATH, query, { capability: [...new Set([...query.capability, ...FOUNDATION_CAPABILITY_IDS])] }),
      foundationSelected,
      expanded,
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
      assuredOn: s.assuredOn ?? null,
      expiresOn: s.expiresOn,
      remediationDeadline: s.remediationDeadline,
    })),
    frameworks: document.frameworks.map((f) => ({ id: f.id, name: f.shortName, expired: f.expired })),
    // A claim whose governing standard is not assured is listed, marked, and not counted by the integration filter.
    integrations: document.integrations.map((i) => ({ id: i.id, name: i.name, group: i.group, role: i.role, assured: i.assured !== false })),
    hostingTypes: document.hostingTypes,
    applicationTypes: document.applicationTypes,
    foundation: document.foundation,
    assurance: document.assurance,
    orderable: document.assurance === "assured",
    publicationStatus: document.publicationStatus,
    fromPrice: document.fromPrice
      ? { amount: document.fromPrice.amount, currency: "GBP", unit: document.fromPrice.unitDescription, billingPeriod: document.fromPrice.billingPeriod, provisioningType: document.fromPrice.provisioningType }
      : null,
    url: `/solutions/${document.id}`,
  };
}

/**
 * The open API's JSON of each listing shown, with its SHA-1, kept per document
 * (SearchHit.documentKey: the same object exactly as long as the document is) for the day it
 * was made on, since assurance states follow the date. Turning a page of listings into JSON
 * again for every search, and hashing it for the ETag, was a sixth of an uncached API search's
 * CPU at 30,000 listings; a WeakMap lets each go with its document.
 */
const apiHitTexts = new WeakMap<object, { day: DateOnly; json: string; digest: string }>();

function apiHitText(hit: SearchHit, today: DateOnly): { json: string; digest: string } {
  const kept = hit.documentKey && apiHitTexts.get(hit.documentKey);
  if (kept && kept.day === today) return kept;
  const json = JSON.stringify(apiHit(hit.document, today));
  const made = { day: today, json, digest: sha1(json) };
  if (hit.documentKey) apiHitTexts.set(hit.documentKey, made);
  return made;
}

/**
 * GET /api/v1/solutions's body: byte for byte what JSON.stringify would make of
 * `{ hits: hits.map(apiHit), total, page, perPage, totalPages, facets, facetValueCounts,
 * processingTimeMs }`, put together from the kept JSON of each hit. Its ETag is worked out from
 * the hits' digests and the rest, which tell apart exactly the bodies the whole text would.
 */
export function apiSearchBody(result: SearchResult, today: DateOnly = londonToday()): SerialisedBody {
  const hits = result.hits.map((hit) => apiHitText(hit, today));
  const { total, page, perPage, totalPages, facets, facetValueCounts, processingTimeMs } = result;
  const rest = JSON.stringify({ total, page, perPage, totalPages, facets, facetValueCounts, processingTimeMs });
  return new SerialisedBody(`{"hits":[${hits.map((h) => h.json).join(",")}],${rest.slice(1)}`, `${hits.map((h) => h.digest).join(",")}|${rest}`);
}
