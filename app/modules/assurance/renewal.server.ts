import { computeAssuranceStatus, transitionAssurance, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { blockingAssuranceWhere } from "./orderability.server";
import { transitionContract, type ContractStatus } from "~/modules/contracts/contract-status";
import { formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { transitionPublication } from "~/modules/listings/publication-status";
import { callOffId } from "~/modules/orders/orders.server";
import { queueSearchSync } from "~/modules/listings/search-sync.server";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { DbClient } from "~/utils/db.server";

/**
 * Renewed assurance (DESIGN.md §2, "Assurance lapse" step 4): the record's dates move on, the
 * termination flags its lapse caused are cleared, listings put into remediation because of it
 * go back to Published when nothing else has lapsed, and the supplier and the affected buyers
 * are told. Everything happens in the caller's transaction, so an accepted renewal is
 * all-or-nothing. Used when staff accept renewal evidence and when they record a renewal
 * from the lapse queue.
 */

export class RenewalError extends Error {}

export type RenewedAssurance = {
  assuranceRecordId: string;
  assuredOn: DateOnly;
  expiresOn: DateOnly;
  certificateNumber?: string | null;
  evidenceDocumentId?: string | null;
  /**
   * The evidence replaces the record's whole: a missing certificate number or document clears
   * the old one (approved listing evidence). Otherwise missing ones keep what the record had.
   */
  exact?: boolean;
  actor: AuditActor;
  /** Injected by tests; London's today otherwise. */
  today?: DateOnly;
};

export type RenewalOutcome = {
  status: AssuranceStatus;
  clearedFlagIds: string[];
  restoredItemIds: string[];
  contractIds: string[];
};

const assuranceRenewedEmail = emailTemplate((p: { standard: string; expiresOn: string; restored: string[]; url: string }) => ({
  subject: `${p.standard} assurance renewed until ${p.expiresOn}`,
  paragraphs: [
    `Your ${p.standard} assurance has been renewed. It is now valid until ${p.expiresOn}.`,
    ...(p.restored.length > 0 ? ["These listings are published again:", { list: p.restored }] : []),
  ],
  link: { text: "See your assurance", url: p.url },
}));

const flagClearedEmail = emailTemplate((p: { solution: string; supplier: string; callOffId: string; url: string }) => ({
  subject: `${p.solution}: contract ${p.callOffId} is no longer flagged for termination`,
  paragraphs: [
    `${p.supplier} has renewed the assurance that had lapsed for ${p.solution}.`,
    `Your contract ${p.callOffId} is no longer flagged for termination and continues as agreed. You do not need to do anything.`,
  ],
  link: { text: "View your contract", url: p.url },
}));

export async function applyRenewedAssurance(tx: DbClient, input: RenewedAssurance): Promise<RenewalOutcome> {
  const today = input.today ?? londonToday();
  const record = await tx.assuranceRecord.findUnique({
    where: { id: input.assuranceRecordId },
    include: { standard: true, supplier: { select: { id: true, name: true } } },
  });
  if (!record) throw new RenewalError("The assurance record does not exist.");
  if (input.expiresOn <= input.assuredOn) throw new RenewalError("The expiry date must be after the assured-on date.");
  if (input.expiresOn < today) throw new RenewalError("The expiry date must not be in the past: that assurance has already lapsed.");

  const current = record.expiresOn
    ? computeAssuranceStatus(
        {
          status: record.status,
          expiresOn: fromDbDate(record.expiresOn),
          remediationDeadline: record.remediationDeadline ? fromDbDate(record.remediationDeadline) : null,
        },
        today,
        record.standard.warningWindowDays,
      )
    : record.status;
  const renewed = transitionAssurance(current, "renew");
  if (!renewed.ok) throw new RenewalError(renewed.reason);
  // A renewal that already sits inside the warning window reads as expiring straight away.
  const status = computeAssuranceStatus(
    { status: renewed.to, expiresOn: input.expiresOn, remediationDeadline: null },
    today,
    record.standard.warningWindowDays,
  );

  const updated = await tx.assuranceRecord.update({
    where: { id: record.id },
    data: {
      status,
      assuredOn: toDbDate(input.assuredOn),
      expiresOn: toDbDate(input.expiresOn),
      certificateNumber: input.exact ? (input.certificateNumber ?? null) : (input.certificateNumber ?? record.certificateNumber),
      evidenceDocumentId: input.exact ? (input.evidenceDocumentId ?? null) : (input.evidenceDocumentId ?? record.evidenceDocumentId),
      recordedById: input.actor.userId,
      remediationPlan: null,
      remediationDeadline: null,
      lastNoticeDays: null,
      lapsedAt: null,
      version: { increment: 1 },
    },
  });
  await recordAudit(tx, {
    actor: input.actor,
    action: "assurance.renew",
    objectType: "AssuranceRecord",
    objectId: record.id,
    before: {
      status: record.status,
      assuredOn: fromDbDate(record.assuredOn),
      expiresOn: record.expiresOn ? fromDbDate(record.expiresOn) : null,
      certificateNumber: record.certificateNumber,
      evidenceDocumentId: record.evidenceDocumentId,
    },
    after: {
      status: updated.status,
      assuredOn: input.assuredOn,
      expiresOn: input.expiresOn,
      certificateNumber: updated.certificateNumber,
      evidenceDocumentId: updated.evidenceDocumentId,
    },
  });

  const { clearedFlagIds, contracts } = await clearFlagsOf(tx, record.id, input.actor, today);
  const restored = await restoreListings(tx, record, input.actor, today);

  // Search shows assurance badges: every visible listing this record covers changes.
  const covered = await tx.catalogueItem.findMany({
    where: {
      supplierId: record.supplierId,
      ...(record.catalogueItemId ? { OR: [{ id: record.catalogueItemId }, { parentSolutionId: record.catalogueItemId }] } : {}),
      publicationStatus: { in: ["PUBLISHED", "IN_REMEDIATION"] },
    },
    select: { id: true },
  });
  await queueSearchSync(tx, [...covered.map((c) => c.id), ...restored.map((r) => r.id), ...contracts.map((c) => c.solutionId)]);

  const expiresText = formatNhsDate(input.expiresOn);
  for (const to of await supplierEmailAddresses(tx, record.supplierId)) {
    await queueEmail(tx, {
      to,
      ...assuranceRenewedEmail({
        standard: record.standard.name,
        expiresOn: expiresText,
        restored: restored.map((r) => r.name),
        url: siteUrl("/supplier/assurance"),
      }),
      dedupeKey: `assurance-renewed:${record.id}:${input.expiresOn}:${to}`,
    });
  }
  for (const contract of contracts) {
    const to = contract.order.orderingPartyContactEmail ?? contract.order.createdBy.email;
    await queueEmail(tx, {
      to,
      ...flagClearedEmail({
        solution: contract.solution.name,
        supplier: record.supplier.name,
        callOffId: callOffId(contract.order),
        url: siteUrl(`/buyer/contracts/${contract.id}`),
      }),
      dedupeKey: `flag-cleared:${contract.id}:${record.id}:${input.expiresOn}`,
    });
  }

  return { status, clearedFlagIds, restoredItemIds: restored.map((r) => r.id), contractIds: contracts.map((c) => c.id) };
}

/** Clears the open flags raised because of this record; a contract with no flag left is live again. */
async function clearFlagsOf(tx: DbClient, assuranceRecordId: string, actor: AuditActor, today: DateOnly) {
  const flags = await tx.terminationFlag.findMany({
    where: { assuranceRecordId, status: "OPEN" },
    include: {
      contract: {
        include: {
          solution: { select: { name: true } },
          order: { select: { callOffNumber: true, revision: true, orderingPartyContactEmail: true, createdBy: { select: { email: true } } } },
        },
      },
    },
  });
  const now = new Date();
  const contracts = new Map<string, (typeof flags)[number]["contract"]>();
  for (const flag of flags) {
    await tx.terminationFlag.update({
      where: { id: flag.id },
      data: { status: "CLEARED", resolvedAt: now, resolvedById: actor.userId, resolutionReason: "Assurance renewed", version: { increment: 1 } },
    });
    await recordAudit(tx, {
      actor,
      action: "terminationFlag.clear",
      objectType: "TerminationFlag",
      objectId: flag.id,
      before: { status: flag.status },
      after: { status: "CLEARED", resolutionReason: "Assurance renewed" },
    });
    contracts.set(flag.contractId, flag.contract);
  }

  const cleared: (typeof flags)[number]["contract"][] = [];
  for (const contract of contracts.values()) {
    if (contract.status !== "FLAGGED_FOR_TERMINATION") continue;
    // Another reason to terminate (a different lapse, a suspension) keeps the contract flagged.
    const stillFlagged = await tx.terminationFlag.count({ where: { contractId: contract.id, status: "OPEN" } });
    if (stillFlagged > 0) continue;
    const result = transitionContract(
      { status: contract.status as ContractStatus, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate) },
      { type: "clearFlag" },
      today,
    );
    if (!result.ok) continue;
    await tx.contract.update({ where: { id: contract.id }, data: { status: result.to, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor,
      action: "contract.clearFlag",
      objectType: "Contract",
      objectId: contract.id,
      before: { status: contract.status },
      after: { status: result.to, reason: "Assurance renewed" },
    });
    cleared.push(contract);
  }
  return { clearedFlagIds: flags.map((f) => f.id), contracts: cleared };
}

/**
 * Listings in remediation or suspended because of this record return to Published, unless
 * another of the assurances they depend on (the supplier's own, or the listing's) is still
 * not assured. (The scan suspends every listing a failed remediation covers, so renewal must
 * bring them all back.)
 */
async function restoreListings(
  tx: DbClient,
  record: { id: string; supplierId: number; catalogueItemId: string | null },
  actor: AuditActor,
  today: DateOnly,
) {
  const items = await tx.catalogueItem.findMany({
    where: {
      supplierId: record.supplierId,
      publicationStatus: { in: ["IN_REMEDIATION", "SUSPENDED"] },
      ...(record.catalogueItemId ? { OR: [{ id: record.catalogueItemId }, { parentSolutionId: record.catalogueItemId }] } : {}),
    },
    select: { id: true, name: true, parentSolutionId: true, publicationStatus: true, remediationDeadline: true },
  });
  const restored: { id: string; name: string }[] = [];
  for (const item of items) {
    const solutionId = item.parentSolutionId ?? item.id;
    const otherLapses = await tx.assuranceRecord.count({
      where: {
        id: { not: record.id },
        supplierId: record.supplierId,
        OR: [{ catalogueItemId: null }, { catalogueItemId: solutionId }],
        AND: [blockingAssuranceWhere(today)],
      },
    });
    if (otherLapses > 0) continue;
    const result = transitionPublication(item.publicationStatus, "restore");
    if (!result.ok) continue;
    await tx.catalogueItem.update({
      where: { id: item.id },
      data: { publicationStatus: result.to, remediationDeadline: null, version: { increment: 1 } },
    });
    await recordAudit(tx, {
      actor,
      action: "listing.restore",
      objectType: "CatalogueItem",
      objectId: item.id,
      before: { publicationStatus: item.publicationStatus, remediationDeadline: item.remediationDeadline ? fromDbDate(item.remediationDeadline) : null },
      after: { publicationStatus: result.to, reason: "Assurance renewed" },
    });
    restored.push({ id: item.id, name: item.name });
  }
  return restored;
}
