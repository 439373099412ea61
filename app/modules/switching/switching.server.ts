/**
 * Switching supplier (issue 11): a buyer moves a live contract to another supplier's assured
 * solution. The comparison, the switch's start (a REPLACEMENT order with the switch date, in
 * one transaction with the switch's record), its scheduling when that order is submitted
 * (inside the submit's transaction), the switching plan's tasks ticked by their owners, the
 * overdue reminders, and the staff dashboard. The rules are pure functions in switch-rules.ts
 * and compare.ts; this file applies them to the database.
 */
import type { Prisma } from "../../../generated/prisma/client";
import { scopedWhere } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { assuredAlternatives } from "~/modules/contracts/alternatives.server";
import { canBeReplaced, contractToTerminate, terminateInTransaction } from "~/modules/contracts/contracts.server";
import { addDays, daysBetween, formatNhsDate, fromDbDate, londonDateOf, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { appUrl } from "~/modules/orders/emails.server";
import { callOffId, dateFromParts } from "~/modules/orders/order-rules";
import { auditActor, primarySupplierContact, snapshotFromJson, snapshotOf, type OrderDetail } from "~/modules/orders/orders.server";
import { startReplacement, type ContractWithOrder, type StartResult } from "~/modules/orders/start.server";
import { formatMoney, indicativeCosts, type Money } from "~/modules/pricing/pricing";
import { queueEmail } from "~/services/email/index.server";
import { JOB_SWITCH_TASKS_OVERDUE, registerScheduledJob } from "~/services/jobs/jobs.server";
import type { Actor } from "~/utils/auth.server";
import { forbidden } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { scopeFor } from "~/utils/permissions";
import { fullCoverage, gainsAndLosses, normalisedQuantity, normalisedYearlyCost, rankAlternatives, type ComparablePrice, type SolutionFacts } from "./compare";
import { switchScheduledForBuyer, switchScheduledForIncomingSupplier, switchScheduledForOutgoingSupplier, switchTaskOverdue, switchTaskReady } from "./emails.server";
import {
  earliestSwitchDate,
  earlyEndReasonProblem,
  earlyEndWarning,
  endsInsideInitialPeriod,
  initialPeriodLastDay,
  isOverdue,
  MAX_PARALLEL_RUN_DAYS,
  medianDays,
  oldContractLastDay,
  PARTY_TEXT,
  switchDateProblems,
  switchingPlan,
  TASK_TEXT,
  taskCompletionProblem,
  wonAndLost,
  type CurrentContract,
  type SwitchParty,
  type SwitchTaskKind,
} from "./switch-rules";

const callOff = (number: number) => `C${String(number).padStart(6, "0")}`;

// ───────── Who sees which switch ─────────

/**
 * The matrix's scope for the switch, as a `where`: buyers by organisation (an ICB also sees
 * its practices'), suppliers as either side of the switch, staff all.
 */
function switchWhere(actor: Actor, action: "start" | "read" | "completeTask"): Prisma.ContractSwitchWhereInput {
  if (scopeFor(actor.role, action, "switch") === "own-supplier") {
    const supplierId = actor.supplierId ?? -1;
    // Like an order, a switch is the buyer's own business until its order is submitted: the
    // outgoing supplier must not learn of a switch the buyer is still weighing up.
    return { OR: [{ outgoingSupplierId: supplierId }, { incomingSupplierId: supplierId }], status: { in: ["SCHEDULED", "LIVE"] } };
  }
  return scopedWhere(actor, "switch", action, { organisation: true }) as Prisma.ContractSwitchWhereInput;
}

/** Which party of the switch the actor is, if any (an ICB following its practice's switch is none). */
export function partyOf(actor: Actor, s: { organisationId: string; outgoingSupplierId: number; incomingSupplierId: number }): SwitchParty | null {
  if (actor.supplierId !== null && actor.supplierId === s.outgoingSupplierId) return "OUTGOING_SUPPLIER";
  if (actor.supplierId !== null && actor.supplierId === s.incomingSupplierId) return "INCOMING_SUPPLIER";
  if (actor.supplierId === null && actor.organisationId === s.organisationId && scopeFor(actor.role, "completeTask", "switch") !== "none") return "BUYER";
  return null;
}

// ───────── The contract being switched ─────────

const switchableInclude = {
  solution: { select: { id: true, name: true } },
  supplier: { select: { id: true, name: true } },
  framework: { select: { maxTermMonths: true } },
  order: {
    include: {
      recipients: { include: { organisation: { select: { practiceListSize: true } } } },
      items: { include: { quantities: true, catalogueItem: { select: { kind: true } } } },
    },
  },
} satisfies Prisma.ContractInclude;

type Switchable = Prisma.ContractGetPayload<{ include: typeof switchableInclude }>;

function switchableContract(db: DbClient, actor: Actor, contractId: string) {
  return db.contract.findFirst({ where: { AND: [{ id: contractId || "__none__" }, scopedWhere(actor, "switch", "start", { organisation: true })] }, include: switchableInclude });
}

/** The contract's dates as the switch rules take them: it ends on its end date, or an earlier notice's date. */
export function currentContractOf(contract: { callOffNumber: number; startDate: Date; endDate: Date; terminatedOn: Date | null; order: { initialPeriodMonths: number | null } }): CurrentContract {
  const endDate = fromDbDate(contract.endDate);
  const terminatedOn = contract.terminatedOn ? fromDbDate(contract.terminatedOn) : null;
  return {
    callOffId: callOff(contract.callOffNumber),
    startDate: fromDbDate(contract.startDate),
    lastDay: terminatedOn && terminatedOn < endDate ? terminatedOn : endDate,
    initialPeriodMonths: contract.order.initialPeriodMonths ?? 0,
  };
}

const solutionItemOf = (contract: Switchable) => contract.order.items.find((item) => item.catalogueItemId === contract.solutionId) ?? contract.order.items.find((item) => item.catalogueItem.kind === "SOLUTION")!;

// ───────── Comparing ─────────

const HOSTING_TEXT: Record<string, string> = { PUBLIC_CLOUD: "Public cloud", PRIVATE_CLOUD: "Private cloud", HYBRID: "Hybrid", ON_PREMISE: "On premise" };

async function factsOf(db: DbClient, solutionIds: string[]): Promise<Map<string, SolutionFacts>> {
  const rows = await db.catalogueItem.findMany({
    where: { id: { in: solutionIds } },
    select: {
      id: true,
      capabilities: { where: { assessmentResult: { in: ["PASSED_FULL", "PASSED_PARTIAL"] } }, select: { capabilityId: true, assessmentResult: true, capability: { select: { name: true } } } },
      epics: { where: { result: "PASSED" }, select: { epicId: true, epic: { select: { name: true } } } },
      integrations: { select: { role: true, integrationType: { select: { name: true } } } },
      hostingTypes: { select: { hostingType: true } },
    },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      {
        capabilities: new Map(row.capabilities.map((c) => [c.capabilityId, { name: c.capability.name, full: c.assessmentResult === "PASSED_FULL" }])),
        epics: new Map(row.epics.map((e) => [e.epicId, e.epic.name])),
        integrations: new Set(row.integrations.map((i) => `${i.integrationType.name} (${i.role === "PROVIDER" ? "provider" : "consumer"})`)),
        hosting: new Set(row.hostingTypes.map((h) => HOSTING_TEXT[h.hostingType] ?? h.hostingType)),
      },
    ]),
  );
}

const signedMoney = (amount: Money) => (amount < 0n ? `${formatMoney(-amount)} less` : amount > 0n ? `${formatMoney(amount)} more` : "the same");

/**
 * The switch compare page: the contract's solution beside each assured alternative that
 * covers its capabilities, with gains and losses, prices normalised to the contract's own
 * service recipients and quantities, and the yearly cost difference; ranked by coverage then
 * cost, at most three per supplier. Null for a contract the actor cannot switch (404).
 */
export async function switchComparison(db: DbClient, actor: Actor, contractId: string, today: DateOnly = londonToday()) {
  const contract = await switchableContract(db, actor, contractId);
  if (!contract) return null;
  const current = currentContractOf(contract);
  const base = { id: contract.id, callOffId: current.callOffId, solution: contract.solution, supplier: contract.supplier.name, endsOn: formatNhsDate(current.lastDay) };
  const open = await db.contractSwitch.findFirst({ where: { contractId: contract.id, status: { in: ["REQUESTED", "SCHEDULED", "LIVE"] } }, select: { id: true, orderId: true, status: true, incomingSolution: { select: { name: true } } } });
  if (!canBeReplaced(contract, today)) return { contract: base, switchable: false as const, reason: "This contract has ended, so there is nothing to switch.", open };

  const item = solutionItemOf(contract);
  const currentPrice = snapshotFromJson(item.priceSnapshot);
  const currentQuantity = item.quantities.reduce((sum, q) => sum + q.quantity, 0);
  const use = { listSizes: contract.order.recipients.map((r) => r.organisation.practiceListSize ?? 0), current: { price: currentPrice, quantity: currentQuantity } };
  const currentYearly = indicativeCosts([{ price: currentPrice, quantity: currentQuantity, agreedPrice: item.agreedPrice, agreedTierPrices: item.agreedTierPrices }], 12).yearly;

  // Another supplier's only: the switch refuses the same supplier's other products (that is an amendment or a renewal).
  const alternatives = (await assuredAlternatives(db, contract.solutionId, today)).filter((a) => a.supplier.id !== contract.supplierId);
  const ids = alternatives.map((a) => a.id);
  const [facts, prices] = await Promise.all([
    factsOf(db, [contract.solutionId, ...ids]),
    db.price.findMany({ where: { catalogueItemId: { in: ids }, status: "PUBLISHED" }, include: { tiers: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const currentFacts = facts.get(contract.solutionId)!;
  // Each alternative at its cheapest published price for this contract's use (the buyer
  // chooses the price on the order's item page); a price whose quantity is unknown counts last.
  const priceOf = new Map<string, { price: ComparablePrice & ReturnType<typeof snapshotOf>; yearly: Money | null }>();
  for (const row of prices) {
    const price = snapshotOf(row);
    const yearly = normalisedYearlyCost(price, use);
    const best = priceOf.get(row.catalogueItemId);
    if (!best || (yearly !== null && (best.yearly === null || yearly < best.yearly))) priceOf.set(row.catalogueItemId, { price, yearly });
  }

  const compared = alternatives.map((alternative) => {
    const theirFacts = facts.get(alternative.id)!;
    const best = priceOf.get(alternative.id) ?? null;
    const yearlyCost = best?.yearly ?? null;
    const price = best?.price ?? null;
    const quantity = price ? normalisedQuantity(price, use) : null;
    return {
      id: alternative.id,
      name: alternative.name,
      summary: alternative.summary,
      supplier: alternative.supplier.name,
      coverage: fullCoverage(currentFacts, theirFacts),
      yearlyCost,
      quantity,
      unit: price?.unitDescription ?? null,
      differences: gainsAndLosses(currentFacts, theirFacts),
    };
  });
  const { shown, notShown } = rankAlternatives(compared);
  return {
    contract: base,
    switchable: true as const,
    reason: null,
    open,
    current: { capabilities: currentFacts.capabilities.size, yearlyCost: formatMoney(currentYearly), quantity: currentQuantity, unit: currentPrice.unitDescription },
    capabilityIds: [...currentFacts.capabilities.keys()],
    alternatives: shown.map((a) => ({
      ...a,
      yearlyCost: a.yearlyCost === null ? null : formatMoney(a.yearlyCost),
      difference: a.yearlyCost === null ? null : signedMoney(a.yearlyCost - currentYearly),
      cheaper: a.yearlyCost !== null && a.yearlyCost < currentYearly,
    })),
    notShown,
  };
}

// ───────── Choosing the switch date ─────────

/** What the switch date page shows for one alternative: the rules' dates and the early-end warning. */
export async function switchDatePage(db: DbClient, actor: Actor, contractId: string, solutionId: string, today: DateOnly = londonToday()) {
  const contract = await switchableContract(db, actor, contractId);
  if (!contract) return null;
  const alternative = (await assuredAlternatives(db, contract.solutionId, today)).find((a) => a.id === solutionId);
  const current = currentContractOf(contract);
  const existing = await db.contractSwitch.findFirst({ where: { contractId: contract.id, status: "REQUESTED", incomingSolutionId: solutionId }, select: { switchDate: true, parallelRunDays: true, earlyEndReason: true } });
  const suggested = addDays(current.lastDay, 1);
  return {
    contract: { id: contract.id, callOffId: current.callOffId, solution: contract.solution.name, supplier: contract.supplier.name, endsOn: formatNhsDate(current.lastDay), startDate: formatNhsDate(current.startDate) },
    alternative: alternative ? { id: alternative.id, name: alternative.name, supplier: alternative.supplier.name } : null,
    switchable: canBeReplaced(contract, today) && alternative !== undefined && alternative.supplier.id !== contract.supplierId,
    earliest: formatNhsDate(earliestSwitchDate(today, current.lastDay)),
    latest: formatNhsDate(suggested),
    initialPeriodEnds: formatNhsDate(initialPeriodLastDay(current.startDate, current.initialPeriodMonths)),
    // A switch inside the initial period must say why: shown before the buyer chooses.
    inInitialPeriod: endsInsideInitialPeriod(current, addDays(earliestSwitchDate(today, current.lastDay), -1)),
    earlyEndWarning: earlyEndWarning(current, addDays(earliestSwitchDate(today, current.lastDay), -1)),
    values: existing
      ? { switchDate: fromDbDate(existing.switchDate), parallelRunDays: String(existing.parallelRunDays), earlyEndReason: existing.earlyEndReason ?? "" }
      : { switchDate: null, parallelRunDays: "0", earlyEndReason: "" },
  };
}

export type SwitchAnswers = { switchDate: DateOnly; parallelRunDays: number; earlyEndReason: string | null };

/** The switch date form's answers checked against the contract, every problem at once, keyed by field. */
export function switchAnswersFrom(
  values: Record<string, unknown>,
  current: CurrentContract,
  frameworkMaximumTermMonths: number,
  today: DateOnly,
): { ok: true; data: SwitchAnswers; early: boolean } | { ok: false; errors: Record<string, string> } {
  const date = dateFromParts(values, "switchDate", "the switch date");
  const parallelText = String(values.parallelRunDays ?? "").trim() || "0";
  // "1e3", "-1", "2.5" and huge numbers are all refused by the rules' whole-number check.
  const parallelRunDays = /^\d{1,6}$/.test(parallelText) ? Number(parallelText) : Number.NaN;
  const reason = String(values.earlyEndReason ?? "");
  if ("error" in date) {
    // The parallel run is still checked, so every problem shows at once.
    // Only its range can be checked without a date ("91" as well as "1e3"): 0 stands for a good one, -1 for a bad one.
    const inRange = Number.isInteger(parallelRunDays) && parallelRunDays >= 0 && parallelRunDays <= MAX_PARALLEL_RUN_DAYS;
    const { parallelRunDays: parallelProblem } = switchDateProblems({ switchDate: earliestSwitchDate(today), parallelRunDays: inRange ? 0 : -1 }, current, frameworkMaximumTermMonths, today);
    return { ok: false, errors: { switchDate: date.error, ...(parallelProblem ? { parallelRunDays: parallelProblem } : {}) } };
  }
  const errors = switchDateProblems({ switchDate: date.date, parallelRunDays }, current, frameworkMaximumTermMonths, today);
  const early = Object.keys(errors).length === 0 && endsInsideInitialPeriod(current, oldContractLastDay(date.date, parallelRunDays));
  const reasonProblem = earlyEndReasonProblem(reason, early);
  if (reasonProblem) errors.earlyEndReason = reasonProblem;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { switchDate: date.date, parallelRunDays, earlyEndReason: early ? reason.trim() : null }, early };
}

class SwitchRefused extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(" "));
  }
}

export type SwitchStartResult = { ok: true; orderId: string; switchId: string } | { ok: false; errors: Record<string, string> };

/**
 * Starts (or changes) a switch: the REPLACEMENT order for the chosen alternative, with the
 * switch date as its commencement date, and the switch's record, in one transaction. The
 * alternative must be assured, cover the contract's capabilities and come from another
 * supplier; the dates must pass the rules. Concurrent starts land on one order (the
 * replacement's partial unique index) and one switch (its unique order id).
 */
export async function startSwitch(db: Db, actor: Actor, contractId: string, solutionId: string, values: Record<string, unknown>, today: DateOnly = londonToday()): Promise<SwitchStartResult | null> {
  const found = await switchableContract(db, actor, contractId);
  if (!found) return null;
  let switchId = "";
  const answers = switchAnswersFrom(values, currentContractOf(found), found.framework.maxTermMonths, today);
  if (!answers.ok) return answers;
  let result: StartResult | null;
  try {
    result = await startReplacement(db, actor, contractId, solutionId, today, {
      commencementDate: answers.data.switchDate,
      withOrder: async (tx, orderId, contract) => {
        switchId = await recordSwitchRequest(tx, actor, contract, orderId, solutionId, answers.data, today);
      },
    });
  } catch (error) {
    if (error instanceof SwitchRefused) return { ok: false, errors: error.errors };
    throw error;
  }
  if (!result) return null;
  if (!result.ok) return { ok: false, errors: { solutionId: result.reason } };
  return { ok: true, orderId: result.orderId, switchId };
}

async function recordSwitchRequest(tx: DbClient, actor: Actor, contract: ContractWithOrder, orderId: string, solutionId: string, answers: SwitchAnswers, today: DateOnly): Promise<string> {
  // Checked again inside the transaction, on the rows it holds.
  const held = await tx.contract.findUniqueOrThrow({ where: { id: contract.id }, include: { order: { select: { initialPeriodMonths: true } }, framework: { select: { maxTermMonths: true } } } });
  const problems = switchDateProblems(answers, currentContractOf(held), held.framework.maxTermMonths, today);
  if (Object.keys(problems).length > 0) throw new SwitchRefused(problems);
  const incoming = await tx.catalogueItem.findUniqueOrThrow({ where: { id: solutionId }, select: { supplierId: true } });
  if (incoming.supplierId === contract.supplierId) {
    throw new SwitchRefused({ solutionId: "Choose a solution from another supplier: a switch moves the contract to a different supplier. To change solution with the same supplier, amend or renew the contract." });
  }
  const data = {
    switchDate: toDbDate(answers.switchDate),
    parallelRunDays: answers.parallelRunDays,
    oldContractLastDay: toDbDate(oldContractLastDay(answers.switchDate, answers.parallelRunDays)),
    earlyEndReason: answers.earlyEndReason,
  };
  await tx.order.update({ where: { id: orderId }, data: { commencementDate: data.switchDate } });
  const record = await tx.contractSwitch.upsert({
    where: { orderId },
    create: {
      ...data,
      contractId: contract.id,
      orderId,
      organisationId: contract.organisationId,
      outgoingSupplierId: contract.supplierId,
      incomingSupplierId: incoming.supplierId,
      incomingSolutionId: solutionId,
      requestedById: actor.userId,
    },
    update: data,
  });
  await recordAudit(tx, { actor: auditActor(actor), action: "switch.request", objectType: "ContractSwitch", objectId: record.id, after: { contractId: contract.id, orderId, solutionId, switchDate: answers.switchDate, parallelRunDays: answers.parallelRunDays } });
  return record.id;
}

// ───────── Submitting the switch order ─────────

/**
 * Called by the order submit, inside its transaction, for a replacement order: when it is a
 * switch, the old contract's end is set to the day before the new one starts (or the end of
 * the parallel run), the switch is SCHEDULED with its plan, and the three parties are told
 * the timetable. Returns why it cannot be, so the submit is refused and nothing is written.
 */
export async function scheduleSwitchOnSubmit(tx: DbClient, actor: Actor, order: OrderDetail, today: DateOnly): Promise<string | null> {
  const record = await tx.contractSwitch.findUnique({ where: { orderId: order.id }, include: { incomingSolution: { select: { name: true } } } });
  if (!record) return null;
  if (record.status !== "REQUESTED") return "This switch has already been submitted.";
  // The order's framework, supplier and solution pages can change what it orders: a switch
  // goes only to the alternative checked when it started (assured, another supplier's).
  const solution = order.items.find((item) => item.catalogueItem.kind === "SOLUTION");
  if (order.supplierId !== record.incomingSupplierId || solution?.catalogueItemId !== record.incomingSolutionId) {
    return `This switch order must be for ${record.incomingSolution.name}, the solution chosen for the switch. Change the order's supplier and Catalogue Solution back before you submit.`;
  }
  const old = await contractToTerminate(tx, record.contractId);
  const held = await tx.contract.findUniqueOrThrow({ where: { id: old.id }, include: { order: { select: { initialPeriodMonths: true } }, framework: { select: { maxTermMonths: true } } } });
  const current = currentContractOf(held);
  // The order's commencement date is the switch date (the timescales page may have moved it).
  const switchDate = fromDbDate(order.commencementDate!);
  const problems = switchDateProblems({ switchDate, parallelRunDays: record.parallelRunDays }, current, held.framework.maxTermMonths, today);
  if (Object.keys(problems).length > 0) return `${Object.values(problems).join(". ")}. Change the switch date before you submit.`;
  const lastDay = oldContractLastDay(switchDate, record.parallelRunDays);
  if (endsInsideInitialPeriod(current, lastDay) && !record.earlyEndReason) return "Contract " + current.callOffId + " would end inside its initial period: give your reason on the switch date page before you submit.";

  const reason = `Switching to ${record.incomingSolution.name} (call-off order ${callOffId(order)}) from ${formatNhsDate(switchDate)}.${record.earlyEndReason ? ` Ending in the initial period because: ${record.earlyEndReason}` : ""}`.slice(0, 2000);
  if (old.status === "TERMINATED") {
    // Already under a termination notice ending later than the switch needs: brought forward.
    if (old.terminatedOn && fromDbDate(old.terminatedOn) > lastDay) await tx.contract.update({ where: { id: old.id }, data: { terminatedOn: toDbDate(lastDay), version: { increment: 1 } } });
  } else {
    const ended = await terminateInTransaction(tx, actor, old, { reason, terminatesOn: lastDay }, today, { notify: false });
    if (!ended.ok) return Object.values(ended.errors).join(" ");
  }

  const scheduled = await tx.contractSwitch.updateMany({
    where: { id: record.id, status: "REQUESTED", version: record.version },
    data: { status: "SCHEDULED", scheduledAt: new Date(), switchDate: toDbDate(switchDate), oldContractLastDay: toDbDate(lastDay), version: { increment: 1 } },
  });
  if (scheduled.count === 0) return "The switch changed while the order was being submitted. Check it and submit again.";
  const plan = switchingPlan(switchDate, today);
  await tx.switchTask.createMany({ data: plan.map((task) => ({ switchId: record.id, kind: task.kind, owner: task.owner, sequence: task.sequence, dueOn: toDbDate(task.dueOn) })) });

  const timetable = {
    buyer: order.organisation.name,
    odsCode: order.organisation.odsCode,
    oldCallOffId: current.callOffId,
    newCallOffId: callOffId(order),
    outgoingSolution: old.solution.name,
    incomingSolution: record.incomingSolution.name,
    switchDate: formatNhsDate(switchDate),
    oldContractLastDay: formatNhsDate(lastDay),
    tasks: plan.map((task) => `${TASK_TEXT[task.kind].title} (${PARTY_TEXT[task.owner].toLowerCase()}): by ${formatNhsDate(task.dueOn)}`),
  };
  await queueEmail(tx, { to: order.orderingPartyContactEmail ?? actor.email, ...switchScheduledForBuyer({ ...timetable, url: appUrl(`/buyer/switches/${record.id}`) }), dedupeKey: `switch-scheduled:${record.id}:buyer` });
  const outgoing = old.order.supplierContact?.email ?? (await primarySupplierContact(tx, old.supplierId))?.email;
  if (outgoing) await queueEmail(tx, { to: outgoing, ...switchScheduledForOutgoingSupplier({ ...timetable, url: appUrl(`/supplier/switches/${record.id}`) }), dedupeKey: `switch-scheduled:${record.id}:outgoing` });
  const incoming = order.supplierContact?.email ?? (await primarySupplierContact(tx, record.incomingSupplierId))?.email;
  if (incoming) await queueEmail(tx, { to: incoming, ...switchScheduledForIncomingSupplier({ ...timetable, url: appUrl(`/supplier/switches/${record.id}`) }), dedupeKey: `switch-scheduled:${record.id}:incoming` });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "switch.schedule",
    objectType: "ContractSwitch",
    objectId: record.id,
    before: { status: "REQUESTED" },
    after: { status: "SCHEDULED", switchDate, oldContractLastDay: lastDay, oldContractId: old.id, orderId: order.id },
  });
  return null;
}

// ───────── The switching plan ─────────

const planInclude = {
  tasks: { orderBy: { sequence: "asc" }, include: { completedBy: { select: { name: true } } } },
  contract: { select: { id: true, callOffNumber: true, solution: { select: { name: true } } } },
  order: { select: { id: true, callOffNumber: true, revision: true, contract: { select: { id: true } } } },
  organisation: { select: { name: true, odsCode: true } },
  outgoingSupplier: { select: { name: true } },
  incomingSupplier: { select: { name: true } },
  incomingSolution: { select: { id: true, name: true } },
} satisfies Prisma.ContractSwitchInclude;

type SwitchWithPlan = Prisma.ContractSwitchGetPayload<{ include: typeof planInclude }>;

const STATUS_TEXT = { REQUESTED: "Order being prepared", SCHEDULED: "Scheduled", LIVE: "Live", CANCELLED: "Cancelled" } as const;

function ownerName(s: SwitchWithPlan, owner: SwitchParty): string {
  return owner === "OUTGOING_SUPPLIER" ? s.outgoingSupplier.name : owner === "INCOMING_SUPPLIER" ? s.incomingSupplier.name : s.organisation.name;
}

function planView(s: SwitchWithPlan, actor: Actor, today: DateOnly) {
  const party = partyOf(actor, s);
  const states = s.tasks.map((t) => ({ kind: t.kind, owner: t.owner, sequence: t.sequence, dueOn: fromDbDate(t.dueOn), completed: t.completedAt !== null }));
  return {
    id: s.id,
    status: s.status,
    statusText: STATUS_TEXT[s.status],
    buyer: `${s.organisation.name} (${s.organisation.odsCode})`,
    outgoing: { supplier: s.outgoingSupplier.name, solution: s.contract.solution.name, callOffId: callOff(s.contract.callOffNumber), contractId: s.contract.id },
    incoming: { supplier: s.incomingSupplier.name, solution: s.incomingSolution.name, solutionId: s.incomingSolution.id, callOffId: callOffId(s.order), orderId: s.order.id, contractId: s.order.contract?.id ?? null },
    switchDate: formatNhsDate(fromDbDate(s.switchDate)),
    oldContractLastDay: formatNhsDate(fromDbDate(s.oldContractLastDay)),
    parallelRunDays: s.parallelRunDays,
    earlyEndReason: s.earlyEndReason,
    party,
    partyText: party ? PARTY_TEXT[party] : null,
    tasks: s.tasks.map((t) => {
      const state = states.find((x) => x.kind === t.kind)!;
      return {
        id: t.id,
        kind: t.kind,
        title: TASK_TEXT[t.kind].title,
        description: TASK_TEXT[t.kind].description,
        confirmText: TASK_TEXT[t.kind].done,
        owner: `${ownerName(s, t.owner)} (${PARTY_TEXT[t.owner].toLowerCase()})`,
        dueOn: formatNhsDate(state.dueOn),
        done: t.completedAt ? { on: formatNhsDate(londonDateOf(t.completedAt)), by: t.completedBy?.name ?? "", note: t.note } : null,
        overdue: isOverdue(state, today),
        canComplete: s.status === "SCHEDULED" && party !== null && taskCompletionProblem(states, t.kind, party) === null,
      };
    }),
  };
}

export type SwitchPlanView = ReturnType<typeof planView>;

/** One switch's plan as the actor may see it; null when it is not theirs to see (404). */
export async function switchPlan(db: DbClient, actor: Actor, switchId: string, today: DateOnly = londonToday()): Promise<SwitchPlanView | null> {
  const found = await db.contractSwitch.findFirst({ where: { AND: [{ id: switchId || "__none__" }, switchWhere(actor, "read")] }, include: planInclude });
  return found ? planView(found, actor, today) : null;
}

/** The switches the actor's organisation (or supplier, on either side) is part of, newest first. */
export async function listSwitches(db: DbClient, actor: Actor, { contractId, take = 100 }: { contractId?: string; take?: number } = {}, today: DateOnly = londonToday()) {
  const found = await db.contractSwitch.findMany({
    where: { AND: [switchWhere(actor, "read"), contractId ? { OR: [{ contractId }, { order: { contract: { id: contractId } } }] } : {}, { status: { not: "CANCELLED" } }] },
    include: planInclude,
    orderBy: { requestedAt: "desc" },
    take,
  });
  return found.map((s) => {
    const view = planView(s, actor, today);
    const next = view.tasks.find((t) => !t.done);
    return { ...view, next: next ? { title: next.title, owner: next.owner, dueOn: next.dueOn, overdue: next.overdue } : null, overdue: view.tasks.some((t) => t.overdue) };
  });
}

export type TaskResult = { ok: true; alreadyDone: boolean } | { ok: false; status: 403 | 409 | 400; message: string };

/**
 * Marks a task done for its owner. Another organisation's switch is a 404 (null); a task
 * that belongs to another party of the switch is a 403; one already done, or whose
 * predecessor is not, a 409. Done once: a conditional UPDATE, so a double submit changes
 * nothing the second time. The buyer's confirmation makes the switch LIVE.
 */
export async function completeSwitchTask(db: Db, actor: Actor, switchId: string, kind: string, note: string, today: DateOnly = londonToday()): Promise<TaskResult | null> {
  if (!["DATA_EXTRACT", "DATA_MIGRATION", "GO_LIVE", "BUYER_CONFIRMATION"].includes(kind)) return { ok: false, status: 400, message: "Choose a task in the switching plan." };
  if (note.length > 1000) return { ok: false, status: 400, message: "The note must be 1,000 characters or fewer" };
  if (scopeFor(actor.role, "completeTask", "switch") === "none") throw forbidden();
  return db.$transaction(async (tx) => {
    const found = await tx.contractSwitch.findFirst({ where: { AND: [{ id: switchId || "__none__" }, switchWhere(actor, "read")] }, include: planInclude });
    if (!found) return null;
    const party = partyOf(actor, found);
    if (!party) return { ok: false as const, status: 403 as const, message: "Only the buyer and the two suppliers in the switch can mark its tasks as done." };
    // Its owner's second click (a double submit) is not an error, even once the buyer's confirmation has made the switch LIVE.
    const task = found.tasks.find((t) => t.kind === kind);
    if (task?.completedAt && task.owner === party) return { ok: true as const, alreadyDone: true };
    if (found.status !== "SCHEDULED" || !task) return { ok: false as const, status: 409 as const, message: found.status === "LIVE" ? "This switch is complete." : "The switching plan starts when the switch order is submitted." };
    const states = found.tasks.map((t) => ({ kind: t.kind, owner: t.owner, sequence: t.sequence, dueOn: fromDbDate(t.dueOn), completed: t.completedAt !== null }));
    const problem = taskCompletionProblem(states, kind as SwitchTaskKind, party);
    if (problem) return { ok: false as const, ...problem };
    const done = await tx.switchTask.updateMany({ where: { id: task.id, completedAt: null }, data: { completedAt: new Date(), completedById: actor.userId, note: note.trim() || null, version: { increment: 1 } } });
    if (done.count === 0) return { ok: true as const, alreadyDone: true };
    if (kind === "BUYER_CONFIRMATION") await tx.contractSwitch.update({ where: { id: found.id }, data: { status: "LIVE", liveAt: new Date(), version: { increment: 1 } } });
    else await tellNextOwner(tx, found, task.sequence);
    await recordAudit(tx, { actor: auditActor(actor), action: "switch.task.complete", objectType: "ContractSwitch", objectId: found.id, after: { task: kind, party, note: note.trim() || null, ...(kind === "BUYER_CONFIRMATION" ? { status: "LIVE" } : {}) } });
    return { ok: true as const, alreadyDone: false };
  });
}

/** Where a party's email goes: the buyer's order contact, or the supplier's contact on the order (else its primary contact). */
async function ownerEmail(tx: DbClient, s: { orderId: string; contractId: string; outgoingSupplierId: number; incomingSupplierId: number }, owner: SwitchParty): Promise<string | null> {
  if (owner === "BUYER") {
    const order = await tx.order.findUniqueOrThrow({ where: { id: s.orderId }, select: { orderingPartyContactEmail: true, createdBy: { select: { email: true } } } });
    return order.orderingPartyContactEmail ?? order.createdBy.email;
  }
  const supplierId = owner === "OUTGOING_SUPPLIER" ? s.outgoingSupplierId : s.incomingSupplierId;
  const onOrder = owner === "OUTGOING_SUPPLIER"
    ? (await tx.contract.findUniqueOrThrow({ where: { id: s.contractId }, select: { order: { select: { supplierContact: { select: { email: true } } } } } })).order.supplierContact?.email
    : (await tx.order.findUniqueOrThrow({ where: { id: s.orderId }, select: { supplierContact: { select: { email: true } } } })).supplierContact?.email;
  return onOrder ?? (await primarySupplierContact(tx, supplierId))?.email ?? null;
}

const planUrl = (switchId: string, owner: SwitchParty) => appUrl(owner === "BUYER" ? `/buyer/switches/${switchId}` : `/supplier/switches/${switchId}`);

async function tellNextOwner(tx: DbClient, s: SwitchWithPlan, doneSequence: number) {
  const next = s.tasks.find((t) => t.sequence === doneSequence + 1);
  const previous = s.tasks.find((t) => t.sequence === doneSequence)!;
  if (!next) return;
  const to = await ownerEmail(tx, s, next.owner);
  if (!to) return;
  await queueEmail(tx, {
    to,
    ...switchTaskReady({ buyer: s.organisation.name, task: TASK_TEXT[next.kind].title, previous: TASK_TEXT[previous.kind].title, dueOn: formatNhsDate(fromDbDate(next.dueOn)), url: planUrl(s.id, next.owner) }),
    dedupeKey: `switch-task-ready:${next.id}`,
  });
}

/**
 * The daily sweep: each task past its due date, not done, in a scheduled switch, is emailed
 * to its owner once. "Once" is overdueNotifiedAt, set by a conditional UPDATE, and the
 * email's dedupe key: a sweep run twice, or by two workers, sends nothing twice.
 */
export async function notifyOverdueSwitchTasks(db: Db, today: DateOnly = londonToday()): Promise<number> {
  const due = await db.switchTask.findMany({
    where: { completedAt: null, overdueNotifiedAt: null, dueOn: { lt: toDbDate(today) }, switch: { status: "SCHEDULED" } },
    include: { switch: { include: { organisation: { select: { name: true } } } } },
    take: 500,
  });
  let sent = 0;
  for (const task of due) {
    const queued = await db.$transaction(async (tx) => {
      const claimed = await tx.switchTask.updateMany({ where: { id: task.id, overdueNotifiedAt: null, completedAt: null }, data: { overdueNotifiedAt: new Date() } });
      if (claimed.count === 0) return false;
      const to = await ownerEmail(tx, task.switch, task.owner);
      if (!to) return false;
      await queueEmail(tx, {
        to,
        ...switchTaskOverdue({ buyer: task.switch.organisation.name, task: TASK_TEXT[task.kind].title, dueOn: formatNhsDate(fromDbDate(task.dueOn)), url: planUrl(task.switchId, task.owner) }),
        dedupeKey: `switch-task-overdue:${task.id}`,
      });
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

registerScheduledJob(JOB_SWITCH_TASKS_OVERDUE, async ({ db, log }) => {
  const sent = await notifyOverdueSwitchTasks(db);
  log(`Switching tasks overdue: ${sent} reminders queued.`);
});

// ───────── The staff dashboard ─────────

/**
 * The measure of whether the switching policy works: switches in progress, overdue tasks per
 * supplier, the median days from request to go-live, and switches won and lost per supplier
 * per month. Staff only (the route checks `switch.read` scope "all").
 */
export async function switchingDashboard(db: DbClient, actor: Actor, today: DateOnly = londonToday()) {
  if (scopeFor(actor.role, "read", "switch") !== "all") throw forbidden();
  const [inProgress, overdueTasks, live, decided] = await Promise.all([
    db.contractSwitch.findMany({ where: { status: { in: ["REQUESTED", "SCHEDULED"] } }, include: planInclude, orderBy: { switchDate: "asc" }, take: 200 }),
    db.switchTask.findMany({
      where: { completedAt: null, dueOn: { lt: toDbDate(today) }, switch: { status: "SCHEDULED" } },
      select: { owner: true, switch: { select: { outgoingSupplier: { select: { name: true } }, incomingSupplier: { select: { name: true } } } } },
    }),
    db.contractSwitch.findMany({ where: { status: "LIVE", liveAt: { not: null } }, select: { requestedAt: true, liveAt: true } }),
    db.contractSwitch.findMany({ where: { status: { in: ["SCHEDULED", "LIVE"] }, scheduledAt: { not: null } }, select: { scheduledAt: true, outgoingSupplier: { select: { name: true } }, incomingSupplier: { select: { name: true } } } }),
  ]);
  const overdueBySupplier = new Map<string, number>();
  for (const task of overdueTasks) {
    const name = task.owner === "OUTGOING_SUPPLIER" ? task.switch.outgoingSupplier.name : task.owner === "INCOMING_SUPPLIER" ? task.switch.incomingSupplier.name : "Buyers";
    overdueBySupplier.set(name, (overdueBySupplier.get(name) ?? 0) + 1);
  }
  return {
    inProgress: inProgress.map((s) => {
      const view = planView(s, actor, today);
      const next = view.tasks.find((t) => !t.done);
      return { id: s.id, buyer: view.buyer, from: `${view.outgoing.solution} (${view.outgoing.supplier})`, to: `${view.incoming.solution} (${view.incoming.supplier})`, switchDate: view.switchDate, statusText: view.statusText, next: next ? `${next.title}, by ${next.dueOn}` : null, overdue: view.tasks.some((t) => t.overdue) };
    }),
    overdueBySupplier: [...overdueBySupplier.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([supplier, count]) => ({ supplier, count })),
    medianDaysToGoLive: medianDays(live.map((s) => daysBetween(londonDateOf(s.liveAt!), londonDateOf(s.requestedAt)))),
    liveCount: live.length,
    wonAndLost: wonAndLost(decided.map((s) => ({ outgoingSupplier: s.outgoingSupplier.name, incomingSupplier: s.incomingSupplier.name, month: londonDateOf(s.scheduledAt!).slice(0, 7) }))),
  };
}

/** For the home pages' cards: switches under way that the actor can see, and their overdue tasks. */
export async function switchingSummary(db: DbClient, actor: Actor, today: DateOnly = londonToday()) {
  const where: Prisma.ContractSwitchWhereInput = { AND: [switchWhere(actor, "read"), { status: { in: ["REQUESTED", "SCHEDULED"] } }] };
  const [inProgress, overdueTasks] = await Promise.all([
    db.contractSwitch.count({ where }),
    db.switchTask.count({ where: { completedAt: null, dueOn: { lt: toDbDate(today) }, switch: { AND: [where, { status: "SCHEDULED" }] } } }),
  ]);
  return { inProgress, overdueTasks };
}
