/**
 * The reviewer's side-by-side view: each section of a revision as lines of plain text, next
 * to the same section of what is live, with the lines that were added or removed marked so
 * changed prices and capability claims stand out. Pure, so it is unit-tested.
 */
import {
  APPLICATION_TYPE_LABELS,
  BILLING_LABELS,
  describePrice,
  HOSTING_TYPE_LABELS,
  sectionsFor,
  SECTION_TITLES,
  type ListingContent,
  type SectionKey,
} from "~/modules/listings/content";
import { describeStandardEvidence } from "~/modules/listings/standards";

export type Names = {
  capabilities: ReadonlyMap<string, string>;
  integrationTypes: ReadonlyMap<string, string>;
  frameworks: ReadonlyMap<string, string>;
};

const RESULT_WORDS = { PASSED_FULL: "Passed - Full", PASSED_PARTIAL: "Passed - Partial", FAILED: "Failed" } as const;
const PROVISIONING_WORDS = { PATIENT: "per patient", DECLARATIVE: "declarative", ON_DEMAND: "on demand" } as const;
const CALCULATION_WORDS = { SINGLE_FIXED: "single fixed", VOLUME: "volume", CUMULATIVE: "cumulative" } as const;

/** A section as the lines a reviewer compares. */
export function sectionLines(content: ListingContent | null, section: SectionKey, names: Names): string[] {
  if (!content) return [];
  const orEmpty = (value: string | null | undefined) => (value?.trim() ? [value.trim()] : []);
  switch (section) {
    case "details":
      return [`Name: ${content.name}`, `Summary: ${content.summary}`, `Description: ${content.description}`, ...(content.aboutUrl ? [`Web page: ${content.aboutUrl}`] : [])];
    case "features":
      return content.features;
    case "capabilities":
      return content.capabilities.map((c) => {
        const met = c.epics.filter((e) => e.result === "PASSED").map((e) => e.epicId);
        return `${c.capabilityId} ${names.capabilities.get(c.capabilityId) ?? ""}: ${RESULT_WORDS[c.result]} (epics met: ${met.join(", ") || "none"})`;
      });
    case "integrations":
      return content.integrations.map((i) => `${names.integrationTypes.get(i.integrationTypeId) ?? i.integrationTypeId} (${i.role === "PROVIDER" ? "provider" : "consumer"})${i.description ? `: ${i.description}` : ""}`);
    case "hosting":
      return content.hostingTypes.map((h) => `${HOSTING_TYPE_LABELS[h.hostingType]}: ${h.summary}${h.hscnRequired ? " (HSCN connection required)" : ""}`);
    case "applications":
      return content.applicationTypes.map((a) => `${APPLICATION_TYPE_LABELS[a.applicationType]}: ${a.description}`);
    case "implementation":
      return orEmpty(content.implementationTimescales);
    case "serviceLevels":
      return orEmpty(content.serviceLevels);
    case "roadmap":
      return orEmpty(content.roadmap);
    case "orderGuidance":
      return orEmpty(content.orderGuidance);
    case "contacts":
      return (content.contacts ?? []).map((c) => [c.name, c.department, c.email, c.phone].filter(Boolean).join(", "));
    case "frameworks":
      return content.frameworks.map((f) => `${names.frameworks.get(f.frameworkId) ?? f.frameworkId}${f.isFoundation ? " (Foundation solution)" : ""}`);
    case "prices":
      return content.prices.map((p) => {
        const { headline, tiers } = describePrice(p);
        const detail = `${PROVISIONING_WORDS[p.provisioningType]}, ${CALCULATION_WORDS[p.calculationType]}, ${BILLING_LABELS[p.billingPeriod].toLowerCase()}`;
        return `${headline} (${detail})${tiers.length > 0 ? `: ${tiers.join("; ")}` : ""}`;
      });
    case "standards":
      return (content.standards ?? []).map((e) => `${e.standardId}: ${describeStandardEvidence(e)}`);
  }
}

export type SectionDiff = {
  section: SectionKey;
  title: string;
  changed: boolean;
  live: { text: string; removed: boolean }[];
  revision: { text: string; added: boolean }[];
};

/** Every section of the revision's kind against what is live (nothing, for a new listing). */
export function diffSections(live: ListingContent | null, revision: ListingContent, names: Names): SectionDiff[] {
  return sectionsFor(revision.kind).map((section) => {
    const before = sectionLines(live, section, names);
    const after = sectionLines(revision, section, names);
    const beforeSet = new Set(before);
    const afterSet = new Set(after);
    return {
      section,
      title: SECTION_TITLES[section],
      changed: before.length !== after.length || before.some((line, i) => line !== after[i]),
      live: before.map((text) => ({ text, removed: !afterSet.has(text) })),
      revision: after.map((text) => ({ text, added: !beforeSet.has(text) })),
    };
  });
}
