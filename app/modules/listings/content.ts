/**
 * A listing revision's content: the whole listing as a buyer sees it, in the shape of
 * `listingContent()` (seed/builders.ts). The supplier edits a draft revision one section at a
 * time; each section has a pure validator that turns the submitted form into a patch of this
 * content (or field errors), and a completeness rule for the task list and for approval.
 * Client and server share these rules; nothing here touches the database.
 */
import { billingPeriodText, formatMoney, moneyToDecimalString, parseMoney, toMoney } from "~/modules/pricing/pricing";
import { missingStandards, type StandardEvidence } from "./standards";
import { APPLICATION_TYPE_LABELS, HOSTING_LABELS, meetsFoundation, type ApplicationTypeKey, type HostingTypeKey } from "~/modules/catalogue/foundation";

export type ItemKind = "SOLUTION" | "ADDITIONAL_SERVICE" | "ASSOCIATED_SERVICE";
export type CapabilityResult = "PASSED_FULL" | "PASSED_PARTIAL" | "FAILED";
export type EpicResult = "PASSED" | "NOT_EVIDENCED" | "FAILED";
export type IntegrationRole = "PROVIDER" | "CONSUMER";
export type { ApplicationTypeKey, HostingTypeKey };
export type ProvisioningType = "PATIENT" | "DECLARATIVE" | "ON_DEMAND";
export type PriceType = "FLAT" | "TIERED";
export type CalculationType = "SINGLE_FIXED" | "VOLUME" | "CUMULATIVE";
export type BillingPeriod = "MONTHLY" | "YEARLY" | "ONE_OFF";

export type Tier = { lowerRange: number; upperRange: number | null; price: string };
export type ContentPrice = {
  id: string;
  provisioningType: ProvisioningType;
  priceType: PriceType;
  calculationType: CalculationType;
  billingPeriod: BillingPeriod;
  unitDescription: string;
  unitDefinition: string | null;
  rangeDescription: string | null;
  currency: string;
  tiers: Tier[];
};
export type Contact = { name: string; email: string; phone: string | null; department: string | null };

export type ListingContent = {
  schemaVersion: 1;
  id: string;
  kind: ItemKind;
  supplierId: number;
  parentSolutionId: string | null;
  name: string;
  summary: string;
  description: string;
  features: string[];
  implementationTimescales: string | null;
  serviceLevels: string | null;
  roadmap: string | null;
  aboutUrl: string | null;
  orderGuidance: string | null;
  practiceReorganisation: "MERGER" | "SPLIT" | null;
  capabilities: { capabilityId: string; result: CapabilityResult; epics: { epicId: string; result: EpicResult }[] }[];
  integrations: { integrationTypeId: string; role: IntegrationRole; description: string }[];
  hostingTypes: { hostingType: HostingTypeKey; summary: string; hscnRequired: boolean }[];
  applicationTypes: { applicationType: ApplicationTypeKey; description: string }[];
  frameworks: { frameworkId: string; isFoundation: boolean }[];
  prices: ContentPrice[];
  /** Added by the supplier portal; snapshots written before it have none. */
  contacts?: Contact[];
  /** Evidence per standard (Catalogue Solutions); older snapshots have none. */
  standards?: StandardEvidence[];
};

export const LIMITS = {
  name: 100,
  summary: 350,
  description: 3000,
  features: 10,
  feature: 100,
  longText: 1000,
  shortText: 500,
  tiers: 7,
  unit: 100,
  contacts: 2,
} as const;

export function emptyContent(item: { id: string; kind: ItemKind; supplierId: number; parentSolutionId: string | null; name: string }): ListingContent {
  return {
    schemaVersion: 1,
    ...item,
    summary: "",
    description: "",
    features: [],
    implementationTimescales: null,
    serviceLevels: null,
    roadmap: null,
    aboutUrl: null,
    orderGuidance: null,
    practiceReorganisation: null,
    capabilities: [],
    integrations: [],
    hostingTypes: [],
    applicationTypes: [],
    frameworks: [],
    prices: [],
    contacts: [],
    standards: [],
  };
}

/** Fills fields an older snapshot may lack, so every page can rely on the full shape. */
export function normaliseContent(raw: unknown): ListingContent {
  const value = (raw ?? {}) as Partial<ListingContent>;
  const base = emptyContent({
    id: value.id ?? "",
    kind: value.kind ?? "SOLUTION",
    supplierId: value.supplierId ?? 0,
    parentSolutionId: value.parentSolutionId ?? null,
    name: value.name ?? "",
  });
  return { ...base, ...value, contacts: value.contacts ?? [], standards: value.standards ?? [] } as ListingContent;
}

// ───────────────────────────── Sections ─────────────────────────────

export const SECTION_KEYS = [
  "details",
  "features",
  "capabilities",
  "integrations",
  "hosting",
  "applications",
  "implementation",
  "serviceLevels",
  "roadmap",
  "orderGuidance",
  "contacts",
  "frameworks",
  "prices",
  "standards",
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  details: "Name, summary and description",
  features: "Features",
  capabilities: "Capabilities and epics",
  integrations: "Integrations",
  hosting: "Hosting types",
  applications: "Application types",
  implementation: "Implementation timescales",
  serviceLevels: "Service levels",
  roadmap: "Roadmap",
  orderGuidance: "Ordering guidance",
  contacts: "Contacts",
  frameworks: "Frameworks",
  prices: "List prices",
  standards: "Standards and evidence",
};

type SectionGroup = { heading: string; sections: SectionKey[] };

const GROUPS: Record<ItemKind, SectionGroup[]> = {
  SOLUTION: [
    { heading: "About the solution", sections: ["details", "features"] },
    { heading: "Capabilities and interoperability", sections: ["capabilities", "integrations"] },
    { heading: "Standards", sections: ["standards"] },
    { heading: "Technical information", sections: ["hosting", "applications"] },
    { heading: "Implementation and support", sections: ["implementation", "serviceLevels", "roadmap", "contacts"] },
    { heading: "Frameworks and prices", sections: ["frameworks", "prices"] },
  ],
  ADDITIONAL_SERVICE: [
    { heading: "About the Additional Service", sections: ["details", "features"] },
    { heading: "Capabilities", sections: ["capabilities"] },
    { heading: "Prices", sections: ["prices"] },
  ],
  ASSOCIATED_SERVICE: [
    { heading: "About the Associated Service", sections: ["details", "orderGuidance"] },
    { heading: "Frameworks and prices", sections: ["frameworks", "prices"] },
  ],
};

const MANDATORY: Record<ItemKind, SectionKey[]> = {
  SOLUTION: ["details", "features", "capabilities", "hosting", "applications", "implementation", "frameworks", "prices", "standards"],
  ADDITIONAL_SERVICE: ["details", "capabilities", "prices"],
  ASSOCIATED_SERVICE: ["details", "orderGuidance", "frameworks", "prices"],
};

export function sectionGroups(kind: ItemKind): SectionGroup[] {
  return GROUPS[kind];
}

export function sectionsFor(kind: ItemKind): SectionKey[] {
  return GROUPS[kind].flatMap((g) => g.sections);
}

export function isMandatory(kind: ItemKind, section: SectionKey): boolean {
  return MANDATORY[kind].includes(section);
}

export function isSectionKey(value: string): value is SectionKey {
  return (SECTION_KEYS as readonly string[]).includes(value);
}

/**
 * Whether the section has what a buyer needs; optional sections are complete once filled in.
 * Standards are complete when every required (overarching) standard has evidence: callers
 * pass the required ids from the reference data (`requiredStandardIds` in drafts.server.ts).
 */
export function isSectionComplete(content: ListingContent, section: SectionKey, requiredStandardIds: readonly string[] = []): boolean {
  switch (section) {
    case "details":
      return content.name.trim() !== "" && content.summary.trim() !== "" && content.description.trim() !== "";
    case "features":
      return content.features.length > 0;
    case "capabilities":
      return content.capabilities.some((c) => c.result !== "FAILED");
    case "integrations":
      return content.integrations.length > 0;
    case "hosting":
      return content.hostingTypes.length > 0;
    case "applications":
      return content.applicationTypes.length > 0;
    case "implementation":
      return Boolean(content.implementationTimescales?.trim());
    case "serviceLevels":
      return Boolean(content.serviceLevels?.trim());
    case "roadmap":
      return Boolean(content.roadmap?.trim());
    case "orderGuidance":
      return Boolean(content.orderGuidance?.trim());
    case "contacts":
      return (content.contacts ?? []).length > 0;
    case "frameworks":
      return content.frameworks.length > 0;
    case "prices":
      return content.prices.length > 0 && content.prices.every((p) => validateTiers(p.priceType, p.tiers).length === 0);
    case "standards":
      return (content.standards ?? []).length > 0 && missingStandards(content.standards, requiredStandardIds).length === 0;
  }
}

/** Mandatory sections not yet complete: submission and approval are refused while any remain. */
export function missingSections(content: ListingContent, requiredStandardIds: readonly string[] = []): SectionKey[] {
  return MANDATORY[content.kind].filter((section) => !isSectionComplete(content, section, requiredStandardIds));
}

// ───────────────────────────── Form validation ─────────────────────────────

export type Form = Record<string, string | string[] | undefined>;
export type FieldErrors = Record<string, string>;
export type SectionResult = { ok: true; patch: Partial<ListingContent> } | { ok: false; errors: FieldErrors };

const text = (form: Form, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] ?? "" : value ?? "").replace(/\r\n/g, "\n").trim();
};
const list = (form: Form, name: string): string[] => {
  const value = form[name];
  return (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean);
};

function checkText(errors: FieldErrors, field: string, value: string, label: string, max: number, required: boolean) {
  if (required && value === "") errors[field] = `Enter ${label}`;
  else if (value.length > max) errors[field] = `${capitalise(label)} must be ${max.toLocaleString("en-GB")} characters or fewer`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const orNull = (s: string) => (s === "" ? null : s);

function isWebAddress(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" || url.protocol === "http:";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Reference = {
  epics: { id: string; capabilityId: string; level: "MUST" | "SHOULD" | "MAY" }[];
  integrationTypeIds: string[];
  frameworkIds: string[];
};

/**
 * Validates one section's form. `reference` lists what may be chosen (live capabilities'
 * epics, integration types, frameworks open to listings), so a forged value is refused.
 */
export function validateSection(section: SectionKey, form: Form, content: ListingContent, reference: Reference): SectionResult {
  const errors: FieldErrors = {};
  switch (section) {
    case "details": {
      const name = text(form, "name");
      const summary = text(form, "summary");
      const description = text(form, "description");
      const aboutUrl = text(form, "aboutUrl");
      checkText(errors, "name", name, "a name", LIMITS.name, true);
      checkText(errors, "summary", summary, "a summary", LIMITS.summary, true);
      checkText(errors, "description", description, "a description", LIMITS.description, true);
      if (aboutUrl && (!isWebAddress(aboutUrl) || aboutUrl.length > 500)) errors.aboutUrl = "Enter a web address starting with https://";
      return result(errors, { name, summary, description, aboutUrl: orNull(aboutUrl) });
    }
    case "features": {
      const features: string[] = [];
      for (let i = 1; i <= LIMITS.features; i++) {
        const feature = text(form, `feature-${i}`);
        if (feature.length > LIMITS.feature) errors[`feature-${i}`] = `Feature ${i} must be ${LIMITS.feature} characters or fewer`;
        if (feature) features.push(feature);
      }
      const extra = Object.keys(form).filter((k) => /^feature-\d+$/.test(k) && Number(k.slice(8)) > LIMITS.features && text(form, k));
      if (extra.length > 0) errors["feature-1"] = `You can add up to ${LIMITS.features} features`;
      if (features.length === 0 && isMandatory(content.kind, "features")) errors["feature-1"] = "Enter at least one feature";
      return result(errors, { features });
    }
    case "capabilities": {
      const chosen = list(form, "epics");
      const known = new Map(reference.epics.map((e) => [e.id, e]));
      if (chosen.some((id) => !known.has(id))) errors.epics = "Select epics from the list";
      else if (chosen.length === 0) errors.epics = "Select the epics your solution meets for at least one capability";
      return result(errors, { capabilities: claimCapabilities(new Set(chosen), reference.epics) });
    }
    case "integrations": {
      const integrations: ListingContent["integrations"] = [];
      for (const value of list(form, "integrations")) {
        const [integrationTypeId, role] = value.split(":");
        if (!reference.integrationTypeIds.includes(integrationTypeId) || (role !== "PROVIDER" && role !== "CONSUMER")) {
          errors.integrations = "Select integrations from the list";
          continue;
        }
        const description = text(form, `integration-${integrationTypeId}`);
        if (description.length > LIMITS.shortText) errors[`integration-${integrationTypeId}`] = `Description must be ${LIMITS.shortText} characters or fewer`;
        integrations.push({ integrationTypeId, role, description });
      }
      return result(errors, { integrations });
    }
    case "hosting": {
      const hostingTypes: ListingContent["hostingTypes"] = [];
      const chosen = list(form, "hostingTypes");
      for (const hostingType of chosen) {
        if (!(hostingType in HOSTING_TYPE_LABELS)) {
          errors.hostingTypes = "Select hosting types from the list";
          continue;
        }
        const summary = text(form, `hosting-${hostingType}`);
        checkText(errors, `hosting-${hostingType}`, summary, `how ${HOSTING_TYPE_LABELS[hostingType as HostingTypeKey].toLowerCase()} hosting works`, LIMITS.shortText, true);
        hostingTypes.push({ hostingType: hostingType as HostingTypeKey, summary, hscnRequired: list(form, "hscnRequired").includes(hostingType) });
      }
      if (chosen.length === 0) errors.hostingTypes = "Select at least one hosting type";
      return result(errors, { hostingTypes });
    }
    case "applications": {
      const applicationTypes: ListingContent["applicationTypes"] = [];
      const chosen = list(form, "applicationTypes");
      for (const applicationType of chosen) {
        if (!(applicationType in APPLICATION_TYPE_LABELS)) {
          errors.applicationTypes = "Select application types from the list";
          continue;
        }
        const description = text(form, `application-${applicationType}`);
        checkText(errors, `application-${applicationType}`, description, "the supported browsers, devices or operating systems", LIMITS.shortText, true);
        applicationTypes.push({ applicationType: applicationType as ApplicationTypeKey, description });
      }
      if (chosen.length === 0) errors.applicationTypes = "Select at least one application type";
      return result(errors, { applicationTypes });
    }
    case "implementation":
    case "serviceLevels":
    case "roadmap":
    case "orderGuidance": {
      const field = section === "implementation" ? "implementationTimescales" : section;
      const value = text(form, field);
      const label = { implementation: "implementation timescales", serviceLevels: "service levels", roadmap: "a roadmap", orderGuidance: "ordering guidance" }[section];
      checkText(errors, field, value, label, LIMITS.longText, isMandatory(content.kind, section));
      return result(errors, { [field]: orNull(value) });
    }
    case "contacts": {
      const contacts: Contact[] = [];
      for (let i = 1; i <= LIMITS.contacts; i++) {
        const name = text(form, `contact-${i}-name`);
        const email = text(form, `contact-${i}-email`);
        const phone = text(form, `contact-${i}-phone`);
        const department = text(form, `contact-${i}-department`);
        if (!name && !email && !phone && !department) continue;
        checkText(errors, `contact-${i}-name`, name, `contact ${i}'s name`, LIMITS.name, true);
        if (!email) errors[`contact-${i}-email`] = `Enter contact ${i}'s email address`;
        else if (!EMAIL.test(email) || email.length > 254) errors[`contact-${i}-email`] = `Enter contact ${i}'s email address in the correct format, like name@example.com`;
        if (phone && !/^[0-9 +()-]{6,20}$/.test(phone)) errors[`contact-${i}-phone`] = `Enter contact ${i}'s phone number, like 0113 496 0000`;
        checkText(errors, `contact-${i}-department`, department, `contact ${i}'s department`, LIMITS.name, false);
        contacts.push({ name, email, phone: orNull(phone), department: orNull(department) });
      }
      return result(errors, { contacts });
    }
    case "frameworks": {
      const chosen = list(form, "frameworks");
      if (chosen.some((id) => !reference.frameworkIds.includes(id))) errors.frameworks = "Select frameworks from the list";
      else if (chosen.length === 0) errors.frameworks = "Select at least one framework";
      const foundation = meetsFoundation(content.capabilities);
      return result(errors, { frameworks: chosen.map((frameworkId) => ({ frameworkId, isFoundation: foundation && frameworkId === "NHSDGP001" })) });
    }
    case "prices":
    case "standards":
      // Prices and standards' evidence are edited one at a time (validatePrice,
      // validateStandardEvidence); the section page only lists them.
      return { ok: true, patch: {} };
  }
}

function result(errors: FieldErrors, patch: Partial<ListingContent>): SectionResult {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

/**
 * The claim the supplier makes by ticking epics: a capability with every MUST epic met is
 * Passed - Full, with some epics met Passed - Partial; epics left unticked are Not Evidenced.
 * Staff check the claim when they review the revision.
 */
export function claimCapabilities(chosenEpicIds: ReadonlySet<string>, epics: Reference["epics"]): ListingContent["capabilities"] {
  const byCapability = new Map<string, Reference["epics"]>();
  for (const epic of epics) byCapability.set(epic.capabilityId, [...(byCapability.get(epic.capabilityId) ?? []), epic]);
  const claims: ListingContent["capabilities"] = [];
  for (const [capabilityId, capabilityEpics] of byCapability) {
    if (!capabilityEpics.some((e) => chosenEpicIds.has(e.id))) continue;
    const musts = capabilityEpics.filter((e) => e.level === "MUST");
    const full = musts.length > 0 ? musts.every((e) => chosenEpicIds.has(e.id)) : true;
    claims.push({
      capabilityId,
      result: full ? "PASSED_FULL" : "PASSED_PARTIAL",
      epics: capabilityEpics.map((e) => ({ epicId: e.id, result: chosenEpicIds.has(e.id) ? "PASSED" : "NOT_EVIDENCED" })),
    });
  }
  return claims.sort((a, b) => Number(a.capabilityId.slice(1)) - Number(b.capabilityId.slice(1)));
}

/** The buyer's words for hosting and application types (one definition: ~/modules/catalogue/foundation). */
export const HOSTING_TYPE_LABELS = HOSTING_LABELS;
export { APPLICATION_TYPE_LABELS };

// ───────────────────────────── Prices ─────────────────────────────

export const PROVISIONING_LABELS: Record<ProvisioningType, string> = {
  PATIENT: "Per patient (the practice list size is the quantity)",
  DECLARATIVE: "Declarative (the buyer declares the quantity, such as licences or practices)",
  ON_DEMAND: "On demand (per use, such as per SMS or per consultation)",
};
export const CALCULATION_LABELS: Record<CalculationType, string> = {
  SINGLE_FIXED: "Single fixed (the tier's price, whatever the quantity)",
  VOLUME: "Volume (quantity × the price of the tier the quantity falls in)",
  CUMULATIVE: "Cumulative (each tier's share of the quantity × that tier's price)",
};
export const BILLING_LABELS: Record<BillingPeriod, string> = { MONTHLY: "Per month", YEARLY: "Per year", ONE_OFF: "One-off" };

/** "12.3456" from what a person typed, or the reason it is not a price. */
export function parsePrice(input: string, label: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = input.trim();
  if (value === "") return { ok: false, message: `Enter ${label}` };
  if (/^£?\s*-/.test(value)) return { ok: false, message: `${capitalise(label)} must be £0 or more` };
  if (/\.\d{5,}$/.test(value)) return { ok: false, message: `${capitalise(label)} must have no more than 4 decimal places` };
  const money = parseMoney(value);
  if (money === null) return { ok: false, message: `${capitalise(label)} must be an amount in pounds, like 1.25` };
  return { ok: true, value: moneyToDecimalString(money) };
}

/**
 * Tier rules (domain.md): at least one and at most 7 tiers; the first starts at 1; each
 * starts the unit after the previous one ends (no gaps or overlaps); only the last is
 * open-ended. Messages name the tier (1-based) so the page can point at its fields.
 */
export function validateTiers(priceType: PriceType, tiers: readonly Pick<Tier, "lowerRange" | "upperRange">[]): { tier: number; field: "from" | "to"; message: string }[] {
  const problems: { tier: number; field: "from" | "to"; message: string }[] = [];
  if (tiers.length === 0) return [{ tier: 1, field: "from", message: "Enter at least one tier" }];
  if (priceType === "FLAT" && tiers.length !== 1) return [{ tier: 2, field: "from", message: "A flat price has exactly one tier" }];
  if (tiers.length > LIMITS.tiers) return [{ tier: LIMITS.tiers + 1, field: "from", message: `A tiered price can have at most ${LIMITS.tiers} tiers` }];
  tiers.forEach((tier, index) => {
    const n = index + 1;
    const last = index === tiers.length - 1;
    if (index === 0 && tier.lowerRange !== 1) problems.push({ tier: n, field: "from", message: "The first tier must start at 1" });
    if (index > 0) {
      const previous = tiers[index - 1];
      if (previous.upperRange !== null && tier.lowerRange <= previous.upperRange) {
        problems.push({ tier: n, field: "from", message: `Tier ${n} overlaps tier ${n - 1}: it must start at ${previous.upperRange + 1}` });
      } else if (previous.upperRange !== null && tier.lowerRange > previous.upperRange + 1) {
        problems.push({ tier: n, field: "from", message: `There is a gap before tier ${n}: it must start at ${previous.upperRange + 1}` });
      }
    }
    if (last && tier.upperRange !== null) problems.push({ tier: n, field: "to", message: `The last tier must be open-ended: leave tier ${n}'s "to" empty` });
    if (!last && tier.upperRange === null) problems.push({ tier: n, field: "to", message: `Enter where tier ${n} ends: only the last tier is open-ended` });
    if (tier.upperRange !== null && tier.upperRange < tier.lowerRange) problems.push({ tier: n, field: "to", message: `Tier ${n} must end at or after ${tier.lowerRange}` });
  });
  return problems;
}

export type PriceResult = { ok: true; price: ContentPrice } | { ok: false; errors: FieldErrors };

const PROVISIONING = ["PATIENT", "DECLARATIVE", "ON_DEMAND"] as const;
const CALCULATIONS = ["SINGLE_FIXED", "VOLUME", "CUMULATIVE"] as const;
const BILLING = ["MONTHLY", "YEARLY", "ONE_OFF"] as const;

/** One list price from its form: flat (one price) or up to 7 tiers of from / to / price. */
export function validatePrice(form: Form, id: string): PriceResult {
  const errors: FieldErrors = {};
  const pick = <T extends string>(name: string, options: readonly T[], message: string): T => {
    const value = text(form, name);
    if (!(options as readonly string[]).includes(value)) errors[name] = message;
    return value as T;
  };
  const provisioningType = pick("provisioningType", PROVISIONING, "Select how the price is provisioned");
  const priceType = pick("priceType", ["FLAT", "TIERED"] as const, "Select whether the price is flat or tiered");
  const billingPeriod = pick("billingPeriod", BILLING, "Select the billing period");
  const unitDescription = text(form, "unitDescription");
  checkText(errors, "unitDescription", unitDescription, "the unit, like per patient or per licence", LIMITS.unit, true);
  const unitDefinition = text(form, "unitDefinition");
  checkText(errors, "unitDefinition", unitDefinition, "the unit definition", LIMITS.shortText, false);

  let tiers: Tier[] = [];
  let calculationType: CalculationType = "VOLUME";
  if (priceType === "FLAT") {
    const price = parsePrice(text(form, "price"), "the price");
    if (!price.ok) errors.price = price.message;
    else tiers = [{ lowerRange: 1, upperRange: null, price: price.value }];
    // A flat price is the same for any quantity; per-unit prices multiply by it.
    calculationType = provisioningType === "DECLARATIVE" && billingPeriod === "ONE_OFF" ? "SINGLE_FIXED" : "VOLUME";
  } else if (priceType === "TIERED") {
    calculationType = pick("calculationType", CALCULATIONS, "Select how the tiers are calculated");
    const rows: { n: number; from: string; to: string; price: string }[] = [];
    for (let n = 1; n <= 10; n++) {
      const row = { n, from: text(form, `tier-${n}-from`), to: text(form, `tier-${n}-to`), price: text(form, `tier-${n}-price`) };
      if (row.from || row.to || row.price) rows.push(row);
    }
    const parsed: Tier[] = [];
    for (const row of rows) {
      const from = wholeNumber(row.from);
      const to = row.to === "" ? null : wholeNumber(row.to);
      if (from === undefined) errors[`tier-${row.n}-from`] = `Enter where tier ${row.n} starts, as a whole number`;
      if (to === undefined) errors[`tier-${row.n}-to`] = `Enter where tier ${row.n} ends as a whole number, or leave it empty for the last tier`;
      const price = parsePrice(row.price, `tier ${row.n}'s price`);
      if (!price.ok) errors[`tier-${row.n}-price`] = price.message;
      parsed.push({ lowerRange: from ?? 0, upperRange: to ?? null, price: price.ok ? price.value : "0" });
    }
    if (rows.some((row, i) => row.n !== i + 1)) errors["tier-1-from"] ??= "Fill in the tiers in order, without empty rows between them";
    if (Object.keys(errors).every((k) => !k.startsWith("tier-"))) {
      for (const problem of validateTiers("TIERED", parsed)) errors[`tier-${Math.min(problem.tier, 10)}-${problem.field}`] ??= problem.message;
    }
    tiers = parsed;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    price: {
      id,
      provisioningType,
      priceType,
      calculationType,
      billingPeriod,
      unitDescription,
      unitDefinition: orNull(unitDefinition),
      rangeDescription: null,
      currency: "GBP",
      tiers,
    },
  };
}

function wholeNumber(value: string): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

/** "£1.25 per patient per year", as buyers read a list price; tiers as "1 to 100: £2.00". */
export function describePrice(price: ContentPrice): { headline: string; tiers: string[] } {
  const unit = `${price.unitDescription} ${billingPeriodText(price.billingPeriod)}`;
  const money = (value: string) => formatMoney(toMoney(value), { exact: true });
  if (price.priceType === "FLAT" || price.tiers.length === 1) {
    return { headline: `${money(price.tiers[0]?.price ?? "0")} ${unit}`, tiers: [] };
  }
  return {
    headline: `From ${money(price.tiers[0].price)} ${unit}`,
    tiers: price.tiers.map((t) => `${t.lowerRange.toLocaleString("en-GB")}${t.upperRange === null ? "+" : ` to ${t.upperRange.toLocaleString("en-GB")}`}: ${money(t.price)}`),
  };
}

// ───────────────────────────── Content → form answers ─────────────────────────────

/** The saved answers of a section as the form fields its page posts, so pages render one way. */
export function sectionFormValues(section: SectionKey, content: ListingContent): Form {
  switch (section) {
    case "details":
      return { name: content.name, summary: content.summary, description: content.description, aboutUrl: content.aboutUrl ?? "" };
    case "features":
      return Object.fromEntries(content.features.map((f, i) => [`feature-${i + 1}`, f]));
    case "capabilities":
      return { epics: content.capabilities.flatMap((c) => c.epics.filter((e) => e.result === "PASSED").map((e) => e.epicId)) };
    case "integrations":
      return {
        integrations: content.integrations.map((i) => `${i.integrationTypeId}:${i.role}`),
        ...Object.fromEntries(content.integrations.map((i) => [`integration-${i.integrationTypeId}`, i.description])),
      };
    case "hosting":
      return {
        hostingTypes: content.hostingTypes.map((h) => h.hostingType),
        hscnRequired: content.hostingTypes.filter((h) => h.hscnRequired).map((h) => h.hostingType),
        ...Object.fromEntries(content.hostingTypes.map((h) => [`hosting-${h.hostingType}`, h.summary])),
      };
    case "applications":
      return {
        applicationTypes: content.applicationTypes.map((a) => a.applicationType),
        ...Object.fromEntries(content.applicationTypes.map((a) => [`application-${a.applicationType}`, a.description])),
      };
    case "implementation":
      return { implementationTimescales: content.implementationTimescales ?? "" };
    case "serviceLevels":
    case "roadmap":
    case "orderGuidance":
      return { [section]: content[section] ?? "" };
    case "contacts":
      return Object.fromEntries(
        (content.contacts ?? []).flatMap((c, i) => [
          [`contact-${i + 1}-name`, c.name],
          [`contact-${i + 1}-email`, c.email],
          [`contact-${i + 1}-phone`, c.phone ?? ""],
          [`contact-${i + 1}-department`, c.department ?? ""],
        ]),
      );
    case "frameworks":
      return { frameworks: content.frameworks.map((f) => f.frameworkId) };
    case "prices":
    case "standards":
      return {};
  }
}

export function priceFormValues(price: ContentPrice): Form {
  const money = (value: string) => formatMoney(toMoney(value), { exact: true }).slice(1).replace(/,/g, "");
  return {
    provisioningType: price.provisioningType,
    priceType: price.priceType,
    calculationType: price.calculationType,
    billingPeriod: price.billingPeriod,
    unitDescription: price.unitDescription,
    unitDefinition: price.unitDefinition ?? "",
    ...(price.priceType === "FLAT"
      ? { price: money(price.tiers[0]?.price ?? "0") }
      : Object.fromEntries(
          price.tiers.flatMap((t, i) => [
            [`tier-${i + 1}-from`, String(t.lowerRange)],
            [`tier-${i + 1}-to`, t.upperRange === null ? "" : String(t.upperRange)],
            [`tier-${i + 1}-price`, money(t.price)],
          ]),
        )),
  };
}
