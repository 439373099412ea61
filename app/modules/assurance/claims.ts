/**
 * Interoperability claims need assurance: a solution that says it provides or consumes GP
 * Connect must be assured against S44 GP Connect, an IM1 claim against S47 IM1 - Interface
 * Mechanism, and so on for every integration type whose reference data names the standard
 * that governs it (integration_types.standard_id). A claim whose standard has no assured
 * record is not counted by the integration filter, is refused at submission and approval,
 * and is marked on the solution page. Pure: the listings, search and catalogue modules share it.
 */
import { formatNhsDate, type DateOnly } from "~/modules/dates";
import { lapsedOn, type AssuranceStatus } from "./assurance-status";

export type IntegrationClaim = { integrationTypeId: string; role: string };
export type GoverningStandards = ReadonlyMap<string, { standardId: string | null; name: string }>;

/** integration type id → its governing standard (and the type's display name), from reference rows. */
export function governingStandards(types: readonly { id: string; name: string; standardId: string | null }[]): GoverningStandards {
  return new Map(types.map((t) => [t.id, { standardId: t.standardId, name: t.name }]));
}

/** A standard's state on the solution today: ASSURED or EXPIRING count as assured. */
export const isAssuredStatus = (status: AssuranceStatus | undefined) => status === "ASSURED" || status === "EXPIRING";

/**
 * Whether a claim counts: no standard governs its integration type, or that standard's record
 * (the solution's own, else its supplier's) is assured today.
 */
export function claimAssured(claim: IntegrationClaim, governing: GoverningStandards, statusByStandard: ReadonlyMap<string, AssuranceStatus>): boolean {
  const standardId = governing.get(claim.integrationTypeId)?.standardId ?? null;
  return standardId === null || isAssuredStatus(statusByStandard.get(standardId));
}

export type ClaimWithoutEvidence = { integrationTypeId: string; integrationName: string; role: string; standardId: string; standardName: string };

/**
 * Claims whose governing standard has no evidence: what submission and approval refuse.
 * `evidenced` holds the standards the listing will be assured against once approved.
 */
export function claimsWithoutEvidence(
  claims: readonly IntegrationClaim[],
  governing: GoverningStandards,
  evidenced: ReadonlySet<string>,
  standardNames: ReadonlyMap<string, string>,
): ClaimWithoutEvidence[] {
  return claims.flatMap((claim) => {
    const type = governing.get(claim.integrationTypeId);
    if (!type?.standardId || evidenced.has(type.standardId)) return [];
    return [{ integrationTypeId: claim.integrationTypeId, integrationName: type.name, role: claim.role, standardId: type.standardId, standardName: standardNames.get(type.standardId) ?? type.standardId }];
  });
}

/** "GP Connect Access Record HTML (provider) needs assurance against GP Connect (S44)." */
export function claimProblemText(claim: ClaimWithoutEvidence): string {
  return `${claim.integrationName} (${claim.role === "PROVIDER" ? "provider" : "consumer"}) needs evidence of assurance against ${claim.standardName} (${claim.standardId}): add it under Standards and evidence, or remove the claim.`;
}

/** What the solution page says beside a claim whose standard is not assured, or null when it is. */
export function claimWarning(
  claim: IntegrationClaim,
  governing: GoverningStandards,
  records: ReadonlyMap<string, { status: AssuranceStatus; expiresOn: DateOnly | null; standardName: string }>,
): string | null {
  const standardId = governing.get(claim.integrationTypeId)?.standardId ?? null;
  if (standardId === null) return null;
  const record = records.get(standardId);
  if (record && isAssuredStatus(record.status)) return null;
  if (!record) return `Not assured: no ${standardId} assurance is recorded for this integration.`;
  const since = record.expiresOn ? ` on ${formatNhsDate(lapsedOn(record.expiresOn))}` : "";
  const what = record.status === "IN_REMEDIATION" ? `lapsed${since} and is in remediation` : record.status === "WITHDRAWN" ? "was withdrawn" : `lapsed${since}`;
  return `Not assured: its ${record.standardName} (${standardId}) assurance ${what}.`;
}
