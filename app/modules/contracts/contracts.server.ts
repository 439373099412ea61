import type { Prisma } from "../../../generated/prisma/client";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { addDays, addMonths, formatNhsDate, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { formatMoney, toMoney, type MoneyInput } from "~/modules/pricing/pricing";
import { appUrl, contractTerminatedForBuyer, contractTerminatedForSupplier } from "~/modules/orders/emails.server";
import { enqueue } from "~/modules/outbox/outbox.server";
import { queueEmail } from "~/services/email/index.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { PAYMENTS_END_SUBSCRIPTION } from "./billing-topics";
import { amendmentFacts, amendmentRefusal, contractStatusText, isLive, runsUntilTermination, transitionContract, valueUntil, type ContractStatus } from "./contract-status";

const contractFields = { organisation: true, supplier: true } as const;
const contractSummary = {
  supplier: { select: { name: true } },
  solution: { select: { id: true, name: true } },
  organisation: { select: { name: true, odsCode: true } },
} as const;

export async function listContracts(db: Db, actor: Actor, { take = 100 }: { take?: number } = {}) {
  return db.contract.findMany({
    where: scopedWhere(actor, "contract", "read", contractFields),
    orderBy: { endDate: "asc" },
    take,
    include: contractSummary,
  });
}

export async function getContract(db: Db, actor: Actor, id: string) {
  return db.contract.findFirst({ where: scopedById(actor, "contract", "read", contractFields, id), include: contractSummary });
}

// ───────── The buyer's contracts page, details, termination ─────────

const openFlags = { where: { status: { in: ["OPEN", "NOTICE_ISSUED"] } }, orderBy: { raisedAt: "desc" }, include: { notices: { orderBy: { issuedAt: "desc" }, take: 1 } } } satisfies Prisma.Contract$terminationFlagsArgs;

/** Contracts the buyer can see, newest ending last, with any open termination flags for the banners. */
export async function listBuyerContracts(db: Db, actor: Actor, { take = 200 }: { take?: number } = {}) {
  return db.contract.findMany({
    where: scopedWhere(actor, "contract", "read", contractFields),
    orderBy: [{ endDate: "asc" }, { callOffNumber: "asc" }],
    take,
    include: { ...contractSummary, terminationFlags: openFlags, order: { select: { id: true, callOffNumber: true, revision: true, description: true } } },
  });
}

export async function getContractDetail(db: DbClient, actor: Actor, id: string) {
  return db.contract.findFirst({
    where: scopedById(actor, "contract", "read", contractFields, id),
    include: {
      ...contractSummary,
      framework: { select: { id: true, name: true, shortName: true } },
      terminationFlags: openFlags,
      terminationNotices: { orderBy: { issuedAt: "desc" } },
      renewsContract: { select: { id: true, callOffNumber: true } },
      renewedBy: { select: { id: true, callOffNumber: true } },
      order: { select: { id: true, callOffNumber: true, revision: true, description: true, maximumTermMonths: true, initialPeriodMonths: true } },
      renewalOrders: { where: { status: "IN_PROGRESS" }, select: { id: true } },
    },
  });
}

export type ContractDetail = NonNullable<Awaited<ReturnType<typeof getContractDetail>>>;

export type TerminationResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * The buyer ends a contract on a future date with a reason: the contract (every revision of
 * its call-off) is terminated with that effective date, its Stripe subscription is set to end
 * then, and the supplier is told. The status machine decides what may be terminated.
 */
export async function terminateContract(
  db: Db,
  actor: Actor,
  id: string,
  input: { reason: string; terminatesOn: DateOnly },
  today: DateOnly = londonToday(),
): Promise<TerminationResult | null> {
  return db.$transaction(async (tx) => {
    const contract = await tx.contract.findFirst({ where: scopedById(actor, "contract", "terminate", contractFields, id), include: terminationInclude });
    if (!contract) return null;
    return terminateInTransaction(tx, actor, contract, input, today);
  });
}

const terminationInclude = { solution: { select: { name: true } }, order: { include: { supplierContact: true, organisation: { select: { name: true } } } } } satisfies Prisma.ContractInclude;
export type ContractToTerminate = Prisma.ContractGetPayload<{ include: typeof terminationInclude }>;

/** A contract found with what its termination needs, for a caller that has already scoped it (a switch). */
export function contractToTerminate(tx: DbClient, id: string) {
  return tx.contract.findUniqueOrThrow({ where: { id }, include: terminationInclude });
}

/**
 * The termination itself, inside the caller's transaction: the status machine decides, every
 * revision of the call-off is terminated, the notice recorded, the subscription set to end.
 * A switch (`notify: false`) sends its own timetable instead of the termination emails.
 */
export async function terminateInTransaction(
  tx: DbClient,
  actor: Actor,
  contract: ContractToTerminate,
  input: { reason: string; terminatesOn: DateOnly },
  today: DateOnly,
  { notify = true }: { notify?: boolean } = {},
): Promise<TerminationResult> {
  const dates = { status: contract.status, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate) };
  const transition = transitionContract(dates, { type: "terminate", effectiveOn: input.terminatesOn }, today);
  if (!transition.ok) return { ok: false, errors: { terminatesOn: transition.reason } };
  const changed = await tx.contract.updateMany({
    where: { id: contract.id, version: contract.version },
    data: { status: "TERMINATED", terminationReason: input.reason, terminatedOn: toDbDate(input.terminatesOn), version: { increment: 1 } },
  });
  if (changed.count === 0) return { ok: false, errors: { terminatesOn: "The contract changed while you were terminating it. Check it and try again." } };
  await tx.order.updateMany({ where: { callOffNumber: contract.callOffNumber, status: "COMPLETED" }, data: { status: "TERMINATED" } });
  await tx.terminationNotice.create({
    data: {
      contractId: contract.id,
      issuedById: actor.userId,
      noticePeriodMonths: wholeMonthsBetween(today, input.terminatesOn),
      terminatesOn: toDbDate(input.terminatesOn),
      reason: input.reason,
      initiatedBy: "BUYER",
    },
  });
  if (contract.stripeSubscriptionId) {
    await enqueue(tx, PAYMENTS_END_SUBSCRIPTION, { contractId: contract.id, lastDay: input.terminatesOn }, { dedupeKey: `${PAYMENTS_END_SUBSCRIPTION}:${contract.id}:${input.terminatesOn}` });
  }
  const callOff = `C${String(contract.callOffNumber).padStart(6, "0")}`;
  const terminatesOn = formatNhsDate(input.terminatesOn);
  if (notify && contract.order.supplierContact?.email) {
    await queueEmail(tx, {
      to: contract.order.supplierContact.email,
      ...contractTerminatedForSupplier({ callOffId: callOff, orderingParty: contract.order.organisation.name, solution: contract.solution.name, terminatesOn, reason: input.reason, url: appUrl("/supplier/contracts") }),
      dedupeKey: `contract-terminated:${contract.id}:supplier`,
    });
  }
  if (notify) {
    await queueEmail(tx, {
      to: contract.order.orderingPartyContactEmail ?? actor.email,
      ...contractTerminatedForBuyer({ callOffId: callOff, solution: contract.solution.name, terminatesOn, url: appUrl(`/buyer/contracts/${contract.id}`) }),
      dedupeKey: `contract-terminated:${contract.id}:buyer`,
    });
  }
  await recordAudit(tx, {
    actor: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
    action: "contract.terminate",
    objectType: "Contract",
    objectId: contract.id,
    before: { status: contract.status },
    after: { status: "TERMINATED", terminatedOn: input.terminatesOn, reason: input.reason },
  });
  return { ok: true };
}

/** Whole calendar months from `from` to `to` (the notice period recorded with a termination). */
function wholeMonthsBetween(from: DateOnly, to: DateOnly): number {
  let months = 0;
  while (addMonths(from, months + 1) <= to) months++;
  return months;
}

// ───────── What the pages show ─────────

const FLAG_REASONS = {
  ASSURANCE_LAPSED_REMEDIATION_FAILED: "The supplier's assurance lapsed and was not renewed by the remediation deadline agreed with NHS England.",
  SOLUTION_SUSPENDED: "The solution has been suspended from the catalogue because it no longer meets the required standards.",
} as const;

export const PAYMENT_STATE_TEXT: Record<string, string> = {
  NOT_BILLED: "Not billed through the catalogue (centrally funded or no cost)",
  INVOICED_OUTSIDE_CATALOGUE: "Invoiced by the supplier outside the catalogue",
  PENDING: "Invoice being prepared",
  INVOICED: "Invoiced",
  PAID: "Paid",
  PAYMENT_FAILED: "Payment failed",
  CANCELLED: "Subscription cancelled",
};

const callOff = (number: number, revision?: number) => `C${String(number).padStart(6, "0")}${revision ? `-${String(revision).padStart(2, "0")}` : ""}`;

type FlagWithNotice = Prisma.TerminationFlagGetPayload<typeof openFlags>;

/** Why a contract is flagged and what happens next, for the buyer's warning callout. */
export function flagNotice(flag: FlagWithNotice) {
  const notice = flag.notices[0];
  return {
    why: FLAG_REASONS[flag.reason],
    next: notice
      ? `NHS England has issued a termination notice: the contract ends on ${formatNhsDate(fromDbDate(notice.terminatesOn))}. Order a replacement now so that the service continues.`
      : "NHS England commercial staff are reviewing the contract. If the supplier does not put things right, they will issue a termination notice with a notice period. You can switch to an assured alternative now.",
  };
}

/** Live, or under a termination notice that has not taken effect yet: the buyer can still switch. */
export function canBeReplaced(contract: { status: ContractStatus; terminatedOn: Date | null }, today: DateOnly): boolean {
  return isLive(contract.status) || runsUntilTermination({ status: contract.status, terminatedOn: contract.terminatedOn ? fromDbDate(contract.terminatedOn) : null }, today);
}

/** The flag the buyer is warned about: an open one, or one whose termination notice has not taken effect yet. */
function warnedFlags(contract: { status: ContractStatus; terminatedOn: Date | null; terminationFlags: FlagWithNotice[] }, today: DateOnly) {
  if (contract.status === "FLAGGED_FOR_TERMINATION") return contract.terminationFlags.slice(0, 1).map(flagNotice);
  if (isLive(contract.status) || !canBeReplaced(contract, today)) return [];
  return contract.terminationFlags.filter((flag) => flag.status === "NOTICE_ISSUED").slice(0, 1).map(flagNotice);
}

export function contractRow(contract: Awaited<ReturnType<typeof listBuyerContracts>>[number], actor: Actor) {
  return {
    id: contract.id,
    callOffId: callOff(contract.callOffNumber, contract.order.revision),
    solution: contract.solution.name,
    supplier: contract.supplier.name,
    orderingParty: contract.organisationId === actor.organisationId ? null : `${contract.organisation.name} (${contract.organisation.odsCode})`,
    ...readsTrue(contract, londonToday()),
    annualValue: formatMoney(toMoney(contract.annualValue)),
    status: contract.status,
    flags: warnedFlags(contract, londonToday()),
  };
}

/**
 * The end date, total value and status text as they really are: under a termination notice
 * the contract ends on the notice's date and is worth its value to that date.
 */
export function readsTrue(contract: { status: ContractStatus; startDate: Date; endDate: Date; terminatedOn: Date | null; totalValue: MoneyInput }, today: DateOnly) {
  const dates = { status: contract.status, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate), terminatedOn: contract.terminatedOn ? fromDbDate(contract.terminatedOn) : null };
  const statusText = contractStatusText(dates, today);
  const lastDay = dates.terminatedOn && dates.terminatedOn < dates.endDate ? dates.terminatedOn : dates.endDate;
  return {
    endDate: formatNhsDate(lastDay),
    totalValue: formatMoney(valueUntil(toMoney(contract.totalValue), dates, lastDay)),
    statusText,
  };
}

export function contractView(contract: ContractDetail, actor: Actor, today: DateOnly = londonToday()) {
  const dates = { status: contract.status, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate) };
  const own = contract.organisationId === actor.organisationId;
  return {
    id: contract.id,
    orderId: contract.order.id,
    callOffId: callOff(contract.callOffNumber, contract.order.revision),
    description: contract.order.description,
    solution: contract.solution.name,
    solutionId: contract.solution.id,
    supplier: contract.supplier.name,
    framework: contract.framework.name,
    orderingParty: `${contract.organisation.name} (${contract.organisation.odsCode})`,
    startDate: formatNhsDate(dates.startDate),
    ...readsTrue(contract, today),
    originalEndDate: formatNhsDate(dates.endDate),
    status: contract.status,
    paymentState: PAYMENT_STATE_TEXT[contract.paymentState],
    annualValue: formatMoney(toMoney(contract.annualValue)),
    patientsCovered: contract.patientsCovered,
    renews: contract.renewsContract ? { id: contract.renewsContract.id, callOffId: callOff(contract.renewsContract.callOffNumber) } : null,
    renewedBy: contract.renewedBy ? { id: contract.renewedBy.id, callOffId: callOff(contract.renewedBy.callOffNumber) } : null,
    termination: contract.terminatedOn ? { on: formatNhsDate(fromDbDate(contract.terminatedOn)), reason: contract.terminationReason ?? "" } : null,
    flags: warnedFlags(contract, today),
    can: {
      renew: own && transitionContract(dates, { type: "renew" }, today).ok,
      amend: own && amendmentRefusal(amendmentFacts(contract, contract.terminationNotices[0]), today) === null,
      terminate: own && transitionContract(dates, { type: "terminate", effectiveOn: addDays(today, 1) }, today).ok,
      replace: own && canBeReplaced(contract, today),
    },
  };
}
