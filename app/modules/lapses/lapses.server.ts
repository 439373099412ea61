/**
 * The lapse queue (DESIGN.md §2 "Assurance lapse", step 2): lapsed assurances with what is at
 * risk, and the two staff decisions on them — agree a remediation plan with a deadline, or
 * suspend the solutions straight away (safety- or security-critical standards, or during
 * remediation). Suspending flags every live contract in the same transaction.
 */
import { z } from "zod";
import { Prisma, type PublicationStatus } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { computeAssuranceStatus, lapsedOn, transitionAssurance, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import { applyRenewedAssurance, RenewalError } from "~/modules/assurance/renewal.server";
import { remediationAgreedNotice, suspensionNotice } from "~/modules/assurance/notices";
import { flagLiveContracts, queueEmails, type QueuedEmail } from "~/modules/assurance/scan-sql.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { addMonths, formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import type { PublicationEvent } from "~/modules/listings/publication-status";
import { changePublicationStatus } from "~/modules/listings/publication.server";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { isCritical, lapseActions, lapseStateText, MAX_REMEDIATION_MONTHS, type LapseFilter } from "./lapse-rules";

export type LapseRow = {
  id: string;
  status: AssuranceStatus;
  version: number;
  standardId: string;
  standardName: string;
  safetyCritical: boolean;
  securityCritical: boolean;
  supplierId: number;
  supplierName: string;
  /** Null for a supplier-level assurance, which covers all the supplier's solutions. */
  catalogueItemId: string | null;
  expiresOn: DateOnly;
  lapsedOn: DateOnly;
  remediationPlan: string | null;
  remediationDeadline: DateOnly | null;
  solutions: { id: string; name: string; status: PublicationStatus }[];
  liveContracts: number;
  patientsCovered: number;
  /** Pounds as a decimal string (Decimal(18,4) summed in SQL), never a float. */
  annualValueAtRisk: string;
  /** The state now, in words (after the scan: failed, suspended…), and whether its remediation deadline has passed. */
  state: { text: string; overdue: boolean };
};

type RawLapse = {
  id: string;
  status: AssuranceStatus;
  version: number;
  standard_id: string;
  standard_name: string;
  safety_critical: boolean;
  security_critical: boolean;
  supplier_id: number;
  supplier_name: string;
  catalogue_item_id: string | null;
  expires_on: Date;
  remediation_plan: string | null;
  remediation_deadline: Date | null;
  solutions: { id: string; name: string; status: PublicationStatus }[] | null;
  live_contracts: number;
  patients_covered: number;
  annual_value: string;
};

/**
 * Lapsed (and in-remediation) assurances, riskiest first: remediations whose deadline has
 * passed (longest overdue first), then safety- and security-critical standards, then patients
 * covered by live contracts, then annual contract value. One statement.
 */
export async function lapseQueue(
  db: DbClient,
  actor: Actor,
  { today = londonToday(), filter = "ALL", recordId = null }: { today?: DateOnly; filter?: LapseFilter; recordId?: string | null } = {},
): Promise<LapseRow[]> {
  assertCan(actor, "assurance", "agreeRemediation");
  const statuses = filter === "ALL" ? ["LAPSED", "IN_REMEDIATION"] : [filter];
  const rows = await db.$queryRaw<RawLapse[]>(Prisma.sql`
    SELECT ar.id, ar.status::text AS status, ar.version, s.id AS standard_id, s.name AS standard_name, s.safety_critical, s.security_critical,
           su.id AS supplier_id, su.name AS supplier_name, ar.catalogue_item_id, ar.expires_on,
           ar.remediation_plan, ar.remediation_deadline, sol.solutions,
           COALESCE(risk.live_contracts, 0)::int AS live_contracts,
           COALESCE(risk.patients_covered, 0)::int AS patients_covered,
           COALESCE(risk.annual_value, 0)::text AS annual_value
    FROM assurance_records ar
    JOIN standards s ON s.id = ar.standard_id
    JOIN suppliers su ON su.id = ar.supplier_id
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', ci.id, 'name', ci.name, 'status', ci.publication_status) ORDER BY ci.name) AS solutions
      FROM catalogue_items ci
      WHERE ci.kind = 'SOLUTION' AND ci.supplier_id = ar.supplier_id
        AND (ar.catalogue_item_id IS NULL OR ci.id = ar.catalogue_item_id)
        AND ci.publication_status IN ('PUBLISHED', 'IN_REMEDIATION', 'SUSPENDED')
    ) sol ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS live_contracts, sum(c.patients_covered) AS patients_covered, sum(c.annual_value) AS annual_value
      FROM contracts c
      WHERE c.supplier_id = ar.supplier_id AND (ar.catalogue_item_id IS NULL OR c.solution_id = ar.catalogue_item_id)
        AND c.status IN ('ACTIVE', 'EXPIRING', 'FLAGGED_FOR_TERMINATION') AND c.end_date >= ${today}::date
    ) risk ON true
    WHERE ar.status::text = ANY(${statuses}::text[]) AND ar.expires_on IS NOT NULL
      AND (${recordId}::text IS NULL OR ar.id = ${recordId}::text)
    ORDER BY (ar.status = 'IN_REMEDIATION' AND ar.remediation_deadline < ${today}::date) DESC,
             CASE WHEN ar.status = 'IN_REMEDIATION' AND ar.remediation_deadline < ${today}::date THEN ar.remediation_deadline END ASC,
             (s.safety_critical OR s.security_critical) DESC, patients_covered DESC, COALESCE(risk.annual_value, 0) DESC, ar.expires_on, ar.id`);
  return rows.map((row) => {
    const lapse = {
      id: row.id,
      status: row.status,
      version: row.version,
      standardId: row.standard_id,
      standardName: row.standard_name,
      safetyCritical: row.safety_critical,
      securityCritical: row.security_critical,
      supplierId: row.supplier_id,
      supplierName: row.supplier_name,
      catalogueItemId: row.catalogue_item_id,
      expiresOn: fromDbDate(row.expires_on),
      lapsedOn: lapsedOn(fromDbDate(row.expires_on)),
      remediationPlan: row.remediation_plan,
      remediationDeadline: row.remediation_deadline ? fromDbDate(row.remediation_deadline) : null,
      solutions: row.solutions ?? [],
      liveContracts: row.live_contracts,
      patientsCovered: row.patients_covered,
      annualValueAtRisk: row.annual_value,
    };
    return { ...lapse, state: lapseStateText(lapse, today) };
  });
}

export async function lapseDetail(db: DbClient, actor: Actor, recordId: string, today: DateOnly = londonToday()): Promise<LapseRow | null> {
  const [row] = await lapseQueue(db, actor, { today, recordId });
  return row ?? null;
}

export const remediationSchema = z.object({
  recordId: z.string().min(1),
  version: z.coerce.number().int().min(1),
  plan: z
    .string({ error: "Describe the remediation plan" })
    .trim()
    .min(1, "Describe the remediation plan")
    .max(2000, "The remediation plan must be 2,000 characters or fewer"),
});

export const suspensionSchema = z.object({
  recordId: z.string().min(1),
  version: z.coerce.number().int().min(1),
  reason: z
    .string({ error: "Enter the reason for suspending" })
    .trim()
    .min(1, "Enter the reason for suspending")
    .max(2000, "The reason must be 2,000 characters or fewer"),
});

type RecordWithStandard = Prisma.AssuranceRecordGetPayload<{ include: { standard: true; supplier: { select: { id: true; name: true } } } }>;

async function lockedRecord(tx: DbClient, recordId: string, version: number): Promise<RecordWithStandard> {
  const record = await tx.assuranceRecord.findUnique({
    where: { id: recordId },
    include: { standard: true, supplier: { select: { id: true, name: true } } },
  });
  if (!record) throw new ActionRefused("This assurance record no longer exists.");
  // The version guard: a decision made on a page that is out of date is refused, not applied twice.
  const claimed = await tx.assuranceRecord.updateMany({ where: { id: recordId, version }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) {
    throw new ActionRefused(
      `Someone else changed this assurance while you were looking at it: it is now ${record.status.toLowerCase().replace("_", " ")}. Check the latest details before deciding.`,
      "conflict",
    );
  }
  return record;
}

function currentStatus(record: RecordWithStandard, today: DateOnly): AssuranceStatus {
  if (!record.expiresOn) return record.status;
  return computeAssuranceStatus(
    {
      status: record.status,
      expiresOn: fromDbDate(record.expiresOn),
      remediationDeadline: record.remediationDeadline ? fromDbDate(record.remediationDeadline) : null,
    },
    today,
    record.standard.warningWindowDays,
  );
}

/** The supplier's visible solutions this record covers (all of them for a supplier-level assurance). */
function coveredSolutions(tx: DbClient, record: { supplierId: number; catalogueItemId: string | null }) {
  return tx.catalogueItem.findMany({
    where: {
      kind: "SOLUTION",
      supplierId: record.supplierId,
      ...(record.catalogueItemId ? { id: record.catalogueItemId } : {}),
      publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION", "SUSPENDED"] },
    },
    select: { id: true, name: true, publicationStatus: true, remediationDeadline: true },
    orderBy: { name: "asc" },
  });
}

/**
 * Moves a listing through the publication machine with the publication module's own status
 * change (audited, search told), one event at a time: suspension only through remediation.
 */
async function changePublication(tx: DbClient, actor: Actor, itemId: string, events: PublicationEvent[], deadline: DateOnly, reason: string) {
  for (const event of events) {
    if (event === "approve") throw new ActionRefused("Listings are approved through the review queue.");
    const result = await changePublicationStatus(tx, actor, itemId, event, reason, { remediationDeadline: toDbDate(deadline) });
    if (!result.ok) throw new ActionRefused(result.message);
  }
}

export type RemediationInput = { recordId: string; version: number; plan: string; deadline: DateOnly; today?: DateOnly };

/** Agree a remediation plan: the record goes IN_REMEDIATION and its solutions show "In remediation". */
export async function agreeRemediation(db: Db, actor: Actor, input: RemediationInput) {
  assertCan(actor, "assurance", "agreeRemediation");
  const today = input.today ?? londonToday();
  if (input.deadline <= today) throw new ActionRefused("The remediation deadline must be in the future.");
  if (input.deadline > addMonths(today, MAX_REMEDIATION_MONTHS)) {
    throw new ActionRefused(`The remediation deadline must be within ${MAX_REMEDIATION_MONTHS} months.`);
  }
  return db.$transaction(async (tx) => {
    const record = await lockedRecord(tx, input.recordId, input.version);
    const from = currentStatus(record, today);
    const step = transitionAssurance(from, "agreeRemediation");
    if (!step.ok) throw new ActionRefused(step.reason);
    await tx.assuranceRecord.update({
      where: { id: record.id },
      data: { status: step.to, remediationPlan: input.plan, remediationDeadline: toDbDate(input.deadline) },
    });
    await recordAudit(tx, {
      actor,
      action: "assurance.agreeRemediation",
      objectType: "AssuranceRecord",
      objectId: record.id,
      before: { status: from, remediationPlan: record.remediationPlan, remediationDeadline: record.remediationDeadline ? fromDbDate(record.remediationDeadline) : null },
      after: { status: step.to, remediationPlan: input.plan, remediationDeadline: input.deadline },
    });

    // Published and suspended solutions go into remediation; one already there keeps its own plan.
    const solutions = await coveredSolutions(tx, record);
    const moved = solutions.filter((item) => item.publicationStatus !== "IN_REMEDIATION");
    for (const item of moved) {
      await changePublication(tx, actor, item.id, ["agreeRemediation"], input.deadline, `Remediation plan agreed for ${record.standard.name}`);
    }

    for (const to of await supplierEmailAddresses(tx, record.supplierId)) {
      await queueEmail(tx, {
        to,
        dedupeKey: `remediation-agreed:${record.id}:${input.deadline}:${to}`,
        ...remediationAgreedNotice({
          supplier: record.supplier.name,
          standard: record.standard.name,
          deadline: formatNhsDate(input.deadline),
          plan: input.plan,
          solutions: solutions.map((item) => item.name),
          url: siteUrl("/supplier/assurance"),
        }),
      });
    }
    return { recordId: record.id, solutions: moved.map((item) => item.id) };
  });
}

export type SuspensionInput = { recordId: string; version: number; reason: string; today?: DateOnly };

/**
 * Suspend the solutions a lapse covers: straight away when the standard is safety- or
 * security-critical, or at any time during remediation. Listings go through remediation to
 * suspension (the publication machine allows no shortcut), and every live contract for them
 * is flagged for termination, with the buyers, the supplier and search told, all in one transaction.
 */
export async function suspendForLapse(db: Db, actor: Actor, input: SuspensionInput) {
  assertCan(actor, "listing", "suspend");
  assertCan(actor, "contract", "flag");
  const today = input.today ?? londonToday();
  return db.$transaction(async (tx) => {
    const record = await lockedRecord(tx, input.recordId, input.version);
    const status = currentStatus(record, today);
    const solutions = await coveredSolutions(tx, record);
    const toSuspend = solutions.filter((item) => item.publicationStatus !== "SUSPENDED");
    const facts = {
      status,
      safetyCritical: record.standard.safetyCritical,
      securityCritical: record.standard.securityCritical,
      remediationDeadline: record.remediationDeadline ? fromDbDate(record.remediationDeadline) : null,
      solutions: solutions.map((item) => ({ status: item.publicationStatus })),
    };
    if (!lapseActions(facts).suspend) {
      throw new ActionRefused(
        solutions.length > 0 && toSuspend.length === 0
          ? "Every solution this assurance covers is already suspended."
          : status === "LAPSED" && !isCritical(facts)
            ? `${record.standard.name} is not safety- or security-critical: agree a remediation plan first, then suspend if it is not met.`
            : `Only a lapsed or in-remediation assurance can lead to suspension; this one is ${status.toLowerCase().replace("_", " ")}.`,
      );
    }
    for (const item of toSuspend) {
      const events: PublicationEvent[] = item.publicationStatus === "PUBLISHED" ? ["agreeRemediation", "suspend"] : ["suspend"];
      // The suspension date stands in for the deadline: the failure the flags answer to.
      const deadline = item.remediationDeadline && fromDbDate(item.remediationDeadline) < today ? fromDbDate(item.remediationDeadline) : today;
      await changePublication(tx, actor, item.id, events, deadline, input.reason);
    }
    await recordAudit(tx, {
      actor,
      action: "assurance.suspendSolutions",
      objectType: "AssuranceRecord",
      objectId: record.id,
      after: { status, reason: input.reason, suspended: toSuspend.map((item) => item.id) },
    });

    const counter = { count: 0 };
    const flagged = await flagLiveContracts(tx, counter, { today, solutionIds: toSuspend.map((item) => item.id), actor, recordId: record.id });
    const supplierEmails: QueuedEmail[] = (await supplierEmailAddresses(tx, record.supplierId)).map((to) => ({
      to,
      dedupeKey: `solutions-suspended:${record.id}:${today}:${to}`,
      ...suspensionNotice({
        supplier: record.supplier.name,
        standard: record.standard.name,
        reason: `Reason: ${input.reason}`,
        solutions: toSuspend.map((item) => item.name),
        contracts: flagged.flags.length,
        url: siteUrl("/supplier/assurance"),
      }),
    }));
    await queueEmails(tx, counter, [...flagged.emails, ...supplierEmails]);
    return { recordId: record.id, suspended: toSuspend.map((item) => item.id), flaggedContracts: flagged.flags.map((flag) => flag.contract_id) };
  });
}

export const renewalSchema = z.object({
  recordId: z.string().min(1),
  certificateNumber: z.string().trim().max(100, "The certificate number must be 100 characters or fewer").optional(),
});

/** Staff record renewed assurance from the queue: the supplier portal's renewal does the rest. */
export async function recordRenewal(
  db: Db,
  actor: Actor,
  input: { recordId: string; assuredOn: DateOnly; expiresOn: DateOnly; certificateNumber?: string | null; today?: DateOnly },
) {
  assertCan(actor, "assurance", "record");
  try {
    return await db.$transaction((tx) =>
      applyRenewedAssurance(tx, {
        assuranceRecordId: input.recordId,
        assuredOn: input.assuredOn,
        expiresOn: input.expiresOn,
        certificateNumber: input.certificateNumber || null,
        actor,
        today: input.today,
      }),
    );
  } catch (error) {
    if (error instanceof RenewalError) throw new ActionRefused(error.message);
    throw error;
  }
}
