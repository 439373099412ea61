/**
 * Termination flags (DESIGN.md §2 "Assurance lapse", step 3): staff review the contracts the
 * scan or a suspension flagged, one at a time or in bulk with a preview, and either issue a
 * termination notice (default notice period 3 months) or clear the flag with a reason.
 *
 * Optimistic locking on TerminationFlag.version: a decision names the version it was made on,
 * and the update only applies to that version while the flag is OPEN. Two staff deciding on
 * one flag at once cannot both succeed; the second is told what the first did. A bulk
 * decision is all-or-nothing.
 */
import { z } from "zod";
import { pageOf } from "~/modules/admin/paging";
import { Prisma, type TerminationFlagStatus } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { flagClearedNotice, supplierTerminationNoticeEmail, terminationNoticeEmail } from "~/modules/assurance/notices";
import { flagReasonText } from "~/modules/assurance/scan-sql.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { transitionContract, type ContractStatus } from "~/modules/contracts/contract-status";
import { formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { callOffId } from "~/modules/orders/orders.server";
import { siteUrl, supplierEmailAddresses } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { MAX_NOTICE_MONTHS, noticeTerminationDate } from "./flag-rules";

export const FLAGS_PAGE_SIZE = 25;

const flagInclude = {
  contract: {
    include: {
      solution: { select: { id: true, name: true } },
      supplier: { select: { id: true, name: true } },
      organisation: { select: { id: true, name: true, odsCode: true } },
      order: { select: { callOffNumber: true, revision: true, orderingPartyContactEmail: true, createdBy: { select: { email: true } } } },
    },
  },
  assuranceRecord: { select: { id: true, standard: { select: { name: true } } } },
  resolvedBy: { select: { name: true } },
  notices: { select: { terminatesOn: true, noticePeriodMonths: true, reason: true, issuedAt: true } },
} satisfies Prisma.TerminationFlagInclude;

type FlagWithContract = Prisma.TerminationFlagGetPayload<{ include: typeof flagInclude }>;

export type FlagView = {
  id: string;
  version: number;
  status: TerminationFlagStatus;
  reason: string;
  raisedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  terminatesOn: DateOnly | null;
  contractId: string;
  callOffId: string;
  contractStatus: ContractStatus;
  contractEndDate: DateOnly;
  annualValue: string;
  patientsCovered: number;
  solutionId: string;
  solutionName: string;
  supplierName: string;
  organisationName: string;
  odsCode: string;
};

function toView(flag: FlagWithContract): FlagView {
  const { contract } = flag;
  return {
    id: flag.id,
    version: flag.version,
    status: flag.status,
    reason: flagReasonText(flag.reason, flag.assuranceRecord?.standard.name ?? null),
    raisedAt: flag.raisedAt.toISOString(),
    resolvedAt: flag.resolvedAt?.toISOString() ?? null,
    resolvedBy: flag.resolvedBy?.name ?? null,
    resolutionReason: flag.resolutionReason,
    terminatesOn: flag.notices[0] ? fromDbDate(flag.notices[0].terminatesOn) : null,
    contractId: contract.id,
    callOffId: callOffId(contract.order),
    contractStatus: contract.status,
    contractEndDate: fromDbDate(contract.endDate),
    annualValue: contract.annualValue.toFixed(2),
    patientsCovered: contract.patientsCovered,
    solutionId: contract.solution.id,
    solutionName: contract.solution.name,
    supplierName: contract.supplier.name,
    organisationName: contract.organisation.name,
    odsCode: contract.organisation.odsCode,
  };
}

/** Narrowing the flags page: one supplier's contracts, or those one lapse (assurance record) caused. */
export type FlagFilters = { supplierId?: number | null; recordId?: string | null };

function flagWhere(status: TerminationFlagStatus, { supplierId, recordId }: FlagFilters): Prisma.TerminationFlagWhereInput {
  return { status, ...(supplierId ? { contract: { supplierId } } : {}), ...(recordId ? { assuranceRecordId: recordId } : {}) };
}

export async function listFlags(
  db: DbClient,
  actor: Actor,
  { status = "OPEN", page = 1, ...filters }: { status?: TerminationFlagStatus; page?: number } & FlagFilters = {},
): Promise<{ flags: FlagView[]; total: number; page: number; totalPages: number }> {
  assertCan(actor, "contract", "flag");
  const where = flagWhere(status, filters);
  const total = await db.terminationFlag.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, FLAGS_PAGE_SIZE);
  const flags = await db.terminationFlag.findMany({
    where,
    include: flagInclude,
    // Most at stake first: the patients who would lose a system, then money.
    orderBy: [{ contract: { patientsCovered: "desc" } }, { contract: { annualValue: "desc" } }, { raisedAt: "asc" }, { id: "asc" }],
    skip,
    take,
  });
  return { flags: flags.map(toView), total, page: current, totalPages };
}

/** The suppliers and lapses that have flags in this status, with how many, for the page's filters. */
export async function flagFilterOptions(db: DbClient, actor: Actor, status: TerminationFlagStatus) {
  assertCan(actor, "contract", "flag");
  const [suppliers, lapses] = await Promise.all([
    db.$queryRaw<{ id: number; name: string; flags: number }[]>(Prisma.sql`
      SELECT su.id, su.name, count(*)::int AS flags
      FROM termination_flags f JOIN contracts c ON c.id = f.contract_id JOIN suppliers su ON su.id = c.supplier_id
      WHERE f.status = ${status}::"TerminationFlagStatus"
      GROUP BY su.id, su.name ORDER BY su.name`),
    db.$queryRaw<{ id: string; supplier_name: string; standard_name: string; flags: number }[]>(Prisma.sql`
      SELECT ar.id, su.name AS supplier_name, st.name AS standard_name, count(*)::int AS flags
      FROM termination_flags f JOIN assurance_records ar ON ar.id = f.assurance_record_id
      JOIN suppliers su ON su.id = ar.supplier_id JOIN standards st ON st.id = ar.standard_id
      WHERE f.status = ${status}::"TerminationFlagStatus"
      GROUP BY ar.id, su.name, st.name ORDER BY su.name, st.name`),
  ]);
  return {
    suppliers: suppliers.map((s) => ({ value: String(s.id), label: `${s.name} (${s.flags})` })),
    lapses: lapses.map((l) => ({ value: l.id, label: `${l.supplier_name}: ${l.standard_name} (${l.flags})` })),
  };
}

/** The largest decision made at once (all-or-nothing). */
export const MAX_FLAGS_PER_DECISION = 200;

/**
 * "Select all": every open flag the filters match, as "id:version" references, so the decision
 * applies to exactly what was matched when the preview was made. Refused above
 * MAX_FLAGS_PER_DECISION (narrow the filters).
 */
export async function allOpenFlagRefs(db: DbClient, actor: Actor, filters: FlagFilters): Promise<{ ok: true; refs: string[] } | { ok: false; message: string }> {
  assertCan(actor, "contract", "flag");
  const flags = await db.terminationFlag.findMany({ where: flagWhere("OPEN", filters), select: { id: true, version: true }, orderBy: { id: "asc" }, take: MAX_FLAGS_PER_DECISION + 1 });
  if (flags.length === 0) return { ok: false, message: "There are no open flags to choose" };
  if (flags.length > MAX_FLAGS_PER_DECISION) return { ok: false, message: `More than ${MAX_FLAGS_PER_DECISION} flags match: choose a supplier or a lapse to narrow them` };
  return { ok: true, refs: flags.map((f) => `${f.id}:${f.version}`) };
}

export async function getFlag(db: DbClient, actor: Actor, flagId: string): Promise<FlagView | null> {
  assertCan(actor, "contract", "flag");
  const flag = await db.terminationFlag.findUnique({ where: { id: flagId }, include: flagInclude });
  return flag ? toView(flag) : null;
}

export type FlagDecision = { kind: "notice"; noticeMonths: number } | { kind: "clear" };

export type PreviewLine = {
  flagId: string;
  callOffId: string;
  organisationName: string;
  solutionName: string;
  /** What will happen, in words; or why it cannot. */
  outcome: string;
  ok: boolean;
  terminatesOn: DateOnly | null;
  contractStatusAfter: ContractStatus | null;
};

function planFor(flag: FlagWithContract, decision: FlagDecision, today: DateOnly): PreviewLine {
  const view = toView(flag);
  const base = { flagId: flag.id, callOffId: view.callOffId, organisationName: view.organisationName, solutionName: view.solutionName };
  if (flag.status !== "OPEN") {
    const by = flag.resolvedBy ? ` by ${flag.resolvedBy.name}` : "";
    const what = flag.status === "CLEARED" ? "cleared" : "given a termination notice";
    return { ...base, ok: false, outcome: `Already ${what}${by}: nothing will change.`, terminatesOn: null, contractStatusAfter: null };
  }
  const contract = { status: flag.contract.status, startDate: fromDbDate(flag.contract.startDate), endDate: fromDbDate(flag.contract.endDate) };
  if (decision.kind === "clear") {
    const result = transitionContract(contract, { type: "clearFlag" }, today);
    if (!result.ok) return { ...base, ok: false, outcome: result.reason, terminatesOn: null, contractStatusAfter: null };
    return { ...base, ok: true, outcome: `Flag cleared; the contract continues (${result.to.toLowerCase()}) and the buyer is told.`, terminatesOn: null, contractStatusAfter: result.to };
  }
  const terminatesOn = noticeTerminationDate(today, decision.noticeMonths, contract.endDate);
  const result = transitionContract(contract, { type: "terminate", effectiveOn: terminatesOn }, today);
  if (!result.ok) return { ...base, ok: false, outcome: result.reason, terminatesOn: null, contractStatusAfter: null };
  const early = terminatesOn === contract.endDate ? " (its end date, which comes before the notice period ends)" : "";
  return {
    ...base,
    ok: true,
    outcome: `Termination notice issued; the contract ends on ${formatNhsDate(terminatesOn)}${early}. The buyer and the supplier are told.`,
    terminatesOn,
    contractStatusAfter: result.to,
  };
}

/** What a decision would do to each chosen flag, without changing anything. */
export async function previewDecision(db: DbClient, actor: Actor, flagIds: string[], decision: FlagDecision, today: DateOnly = londonToday()): Promise<PreviewLine[]> {
  assertCan(actor, "contract", decision.kind === "notice" ? "issueTerminationNotice" : "clearFlag");
  const flags = await db.terminationFlag.findMany({ where: { id: { in: flagIds } }, include: flagInclude, orderBy: { raisedAt: "asc" } });
  return flags.map((flag) => planFor(flag, decision, today));
}

/** "id:version" pairs from the form, so the decision applies to what the person saw. */
export const flagRefsSchema = z.preprocess(
  (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.string().regex(/^[A-Za-z0-9_-]+:\d+$/, "Choose flags from the list"))
    .min(1, "Choose at least one flag")
    .max(MAX_FLAGS_PER_DECISION, `Choose ${MAX_FLAGS_PER_DECISION} flags or fewer at a time`),
);

export function parseFlagRefs(refs: string[]): { id: string; version: number }[] {
  return refs.map((ref) => {
    const [id, version] = ref.split(":");
    return { id, version: Number(version) };
  });
}

export const noticeSchema = z.object({
  flags: flagRefsSchema,
  noticeMonths: z.coerce
    .number({ error: "Enter the notice period in months" })
    .int("Enter the notice period as a whole number of months")
    .min(1, "The notice period must be at least 1 month")
    .max(MAX_NOTICE_MONTHS, `The notice period must be ${MAX_NOTICE_MONTHS} months or fewer`),
  reason: z.string().trim().min(1, "Enter the reason for the termination notice").max(2000, "The reason must be 2,000 characters or fewer"),
});

export const clearSchema = z.object({
  flags: flagRefsSchema,
  reason: z.string().trim().min(1, "Enter the reason for clearing the flag").max(2000, "The reason must be 2,000 characters or fewer"),
});

/**
 * Claims each flag at the version the person saw. A flag someone else has decided on (or
 * changed) since makes the whole decision fail with what happened to it.
 */
async function claimFlags(tx: DbClient, refs: { id: string; version: number }[], data: Prisma.TerminationFlagUncheckedUpdateManyInput) {
  for (const ref of refs) {
    const claimed = await tx.terminationFlag.updateMany({ where: { id: ref.id, version: ref.version, status: "OPEN" }, data: { ...data, version: { increment: 1 } } });
    if (claimed.count === 1) continue;
    const now = await tx.terminationFlag.findUnique({ where: { id: ref.id }, include: flagInclude });
    if (!now) throw new ActionRefused("One of the chosen flags no longer exists.", "conflict");
    const view = toView(now);
    const who = view.resolvedBy ? ` by ${view.resolvedBy}` : "";
    const what =
      now.status === "CLEARED"
        ? `was cleared${who}: ${view.resolutionReason ?? ""}`
        : now.status === "NOTICE_ISSUED"
          ? `was given a termination notice${who}${view.terminatesOn ? ` ending the contract on ${formatNhsDate(view.terminatesOn)}` : ""}`
          : "was changed by someone else";
    throw new ActionRefused(`The flag on contract ${view.callOffId} (${view.organisationName}) ${what}. Nothing was changed: review the flags again.`, "conflict");
  }
  return tx.terminationFlag.findMany({ where: { id: { in: refs.map((ref) => ref.id) } }, include: flagInclude });
}

const buyerEmailOf = (flag: FlagWithContract) => flag.contract.order.orderingPartyContactEmail ?? flag.contract.order.createdBy.email;

export async function issueTerminationNotices(
  db: Db,
  actor: Actor,
  input: { flags: { id: string; version: number }[]; noticeMonths: number; reason: string; today?: DateOnly },
) {
  assertCan(actor, "contract", "issueTerminationNotice");
  const today = input.today ?? londonToday();
  const decision: FlagDecision = { kind: "notice", noticeMonths: input.noticeMonths };
  return db.$transaction(async (tx) => {
    const now = new Date();
    const flags = await claimFlags(tx, input.flags, { status: "NOTICE_ISSUED", resolvedAt: now, resolvedById: actor.userId, resolutionReason: input.reason });
    const results: { flagId: string; contractId: string; terminatesOn: DateOnly }[] = [];
    for (const flag of flags) {
      // Planned as if still open: the claim above has just changed its status.
      const plan = planFor({ ...flag, status: "OPEN" }, decision, today);
      if (!plan.ok || !plan.terminatesOn) throw new ActionRefused(`Contract ${plan.callOffId}: ${plan.outcome}`);
      await tx.contract.update({
        where: { id: flag.contractId },
        data: { status: "TERMINATED", terminatedOn: toDbDate(plan.terminatesOn), terminationReason: input.reason, version: { increment: 1 } },
      });
      const notice = await tx.terminationNotice.create({
        data: {
          contractId: flag.contractId,
          flagId: flag.id,
          issuedById: actor.userId,
          noticePeriodMonths: input.noticeMonths,
          terminatesOn: toDbDate(plan.terminatesOn),
          reason: input.reason,
          initiatedBy: "AUTHORITY",
        },
      });
      await recordAudit(tx, {
        actor,
        action: "terminationFlag.issueNotice",
        objectType: "TerminationFlag",
        objectId: flag.id,
        before: { status: "OPEN" },
        after: { status: "NOTICE_ISSUED", noticeId: notice.id, reason: input.reason },
      });
      await recordAudit(tx, {
        actor,
        action: "contract.terminate",
        objectType: "Contract",
        objectId: flag.contractId,
        before: { status: flag.contract.status, terminatedOn: null },
        after: { status: "TERMINATED", terminatedOn: plan.terminatesOn, noticePeriodMonths: input.noticeMonths, reason: input.reason },
      });
      const email = {
        organisation: flag.contract.organisation.name,
        callOffId: plan.callOffId,
        solution: flag.contract.solution.name,
        terminatesOn: formatNhsDate(plan.terminatesOn),
        reason: input.reason,
      };
      await queueEmail(tx, {
        to: buyerEmailOf(flag),
        dedupeKey: `termination-notice:${notice.id}`,
        ...terminationNoticeEmail({ ...email, url: siteUrl(`/buyer/contracts/${flag.contractId}/alternatives`) }),
      });
      for (const to of await supplierEmailAddresses(tx, flag.contract.supplier.id)) {
        await queueEmail(tx, {
          to,
          dedupeKey: `termination-notice:${notice.id}:${to}`,
          ...supplierTerminationNoticeEmail({ ...email, supplier: flag.contract.supplier.name, url: siteUrl("/supplier/contracts") }),
        });
      }
      results.push({ flagId: flag.id, contractId: flag.contractId, terminatesOn: plan.terminatesOn });
    }
    return results;
  });
}

export async function clearFlags(db: Db, actor: Actor, input: { flags: { id: string; version: number }[]; reason: string; today?: DateOnly }) {
  assertCan(actor, "contract", "clearFlag");
  const today = input.today ?? londonToday();
  return db.$transaction(async (tx) => {
    const flags = await claimFlags(tx, input.flags, { status: "CLEARED", resolvedAt: new Date(), resolvedById: actor.userId, resolutionReason: input.reason });
    const results: { flagId: string; contractId: string; contractStatus: ContractStatus }[] = [];
    for (const flag of flags) {
      const plan = planFor({ ...flag, status: "OPEN" }, { kind: "clear" }, today);
      if (!plan.ok || !plan.contractStatusAfter) throw new ActionRefused(`Contract ${plan.callOffId}: ${plan.outcome}`);
      await tx.contract.update({ where: { id: flag.contractId }, data: { status: plan.contractStatusAfter, version: { increment: 1 } } });
      await recordAudit(tx, {
        actor,
        action: "terminationFlag.clear",
        objectType: "TerminationFlag",
        objectId: flag.id,
        before: { status: "OPEN" },
        after: { status: "CLEARED", resolutionReason: input.reason },
      });
      await recordAudit(tx, {
        actor,
        action: "contract.clearFlag",
        objectType: "Contract",
        objectId: flag.contractId,
        before: { status: flag.contract.status },
        after: { status: plan.contractStatusAfter, reason: input.reason },
      });
      await queueEmail(tx, {
        to: buyerEmailOf(flag),
        dedupeKey: `flag-cleared:${flag.id}`,
        ...flagClearedNotice({
          organisation: flag.contract.organisation.name,
          callOffId: plan.callOffId,
          solution: flag.contract.solution.name,
          reason: input.reason,
          url: siteUrl("/buyer/contracts"),
        }),
      });
      results.push({ flagId: flag.id, contractId: flag.contractId, contractStatus: plan.contractStatusAfter });
    }
    return results;
  });
}
