/**
 * The one definition of a "foundation solution" and of the listing-type words buyers see,
 * shared by the search document, the solution page, the home page count and the supplier's
 * listing editor. Pure: no database, no server imports, safe in client bundles.
 *
 * domain.md: the foundation capabilities are C5, C11, C12, C13, C14 and C15; a foundation
 * solution meets all six; capability results are Passed - Full, Passed - Partial or Failed,
 * and "only passed ones count" - so a Passed - Partial capability meets it too.
 */

export const FOUNDATION_CAPABILITY_IDS = ["C5", "C11", "C12", "C13", "C14", "C15"] as const;

/** Capability assessment results that count as meeting the capability (domain.md: "only passed ones count"). */
export const PASSED_CAPABILITY_RESULTS = ["PASSED_FULL", "PASSED_PARTIAL"] as const;
export type PassedCapabilityResult = (typeof PASSED_CAPABILITY_RESULTS)[number];

export function isPassedCapability(result: string): result is PassedCapabilityResult {
  return (PASSED_CAPABILITY_RESULTS as readonly string[]).includes(result);
}

/** Meets all six foundation capabilities, each passed in full or in part. */
export function meetsFoundation(capabilities: readonly { capabilityId: string; result: string }[]): boolean {
  return FOUNDATION_CAPABILITY_IDS.every((id) => capabilities.some((c) => c.capabilityId === id && isPassedCapability(c.result)));
}

export type HostingTypeKey = "PUBLIC_CLOUD" | "PRIVATE_CLOUD" | "HYBRID" | "ON_PREMISE";
export type ApplicationTypeKey = "BROWSER_BASED" | "MOBILE_OR_TABLET" | "DESKTOP";

export const HOSTING_LABELS: Record<HostingTypeKey, string> = {
  PUBLIC_CLOUD: "Public cloud",
  PRIVATE_CLOUD: "Private cloud",
  HYBRID: "Hybrid",
  ON_PREMISE: "On premise",
};

export const APPLICATION_TYPE_LABELS: Record<ApplicationTypeKey, string> = {
  BROWSER_BASED: "Browser-based",
  MOBILE_OR_TABLET: "Mobile or tablet",
  DESKTOP: "Desktop",
};
