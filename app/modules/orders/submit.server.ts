import type { Prisma } from "../../../generated/prisma/client";
import { ORDERABILITY_FIELD } from "~/modules/assurance/orderability";
import { assertOrderable, OrderRefused } from "~/modules/assurance/orderability.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { billableDifference, hasCharges } from "~/modules/contracts/billing-rules";
import { PAYMENTS_BILL_AMENDMENT, PAYMENTS_BILL_ORDER } from "~/modules/contracts/billing-topics";
import { computeContractStatus, transitionContract } from "~/modules/contracts/contract-status";
import { contractEndDate, formatNhsDate, fromDbDate, isNotMoreThanMonthsInPast, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { enqueue } from "~/modules/outbox/outbox.server";
import { formatMoney, moneyToDecimalString } from "~/modules/pricing/pricing";
import { queueEmail } from "~/services/email/index.server";
import { scheduleSwitchOnSubmit } from "~/modules/switching/switching.server";
import { paymentsProvider } from "~/services/payments/index.server";
import type { Actor } from "~/utils/auth.server";
import { isUniqueViolation, type Db, type DbClient } from "~/utils/db.server";
import { appUrl, orderCompletedForBuyer, orderCompletedForSupplier } from "./emails.server";
import { COMMENCEMENT_MONTHS_IN_PAST, callOffId, canSubmit } from "./order-rules";
import { auditActor, findOrderDetail, orderCosts, orderDetailInclude, orderStateOf, type OrderDetail } from "./orders.server";

/**
 * Completing a call-off order: exactly once, however many times the button is pressed or the
 * request retried. The order, its contract, the emails and the billing work are written in
 * one transaction, and the order turns COMPLETED through a conditional UPDATE
 * (`WHERE status = 'IN_PROGRESS' AND version = <read version>`): of two concurrent submits
 * one updates the row, the other's UPDATE waits for it, then matches nothing. The loser is
 * sent to the completed order's confirmation, not an error page.
 */

export type SubmitResult =
  | { ok: true; orderId: string; contractId: string; alreadyCompleted: boolean }
  | { ok: false; errors: Record<string, string> };

class LostRace extends Error {}

const SUBMIT_TIMEOUT_MS = 20_000;

export async function submitOrder(db: Db, actor: Actor, id: string, { completionKey, today = londonToday() }: { completionKey: string; today?: DateOnly }): Promise<SubmitResult | null> {
  try {
    return await db.$transaction((tx) => completeInTransaction(tx, actor, id, completionKey, today), { timeout: SUBMIT_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof SubmitRefused) return { ok: false, errors: { submit: error.message } };
    // Shown where every order page shows the rule's refusal (its callout, with assured alternatives).
    if (error instanceof OrderRefused) return { ok: false, errors: { [ORDERABILITY_FIELD]: error.message } };
    if (!(error instanceof LostRace) && !isUniqueViolation(error)) throw error;
    // Someone else's submit of the same order won: show them the order they completed.
    const order = await findOrderDetail(db, actor, id, "submit");
    if (order?.status === "COMPLETED" && order.contract) return { ok: true, orderId: order.id, contractId: order.contract.id, alreadyCompleted: true };
    return { ok: false, errors: { submit: "The order changed while it was being submitted. Check your answers and submit it again." } };
  }
}


async function completeInTransaction(tx: DbClient, actor: Actor, id: string, completionKey: string, today: DateOnly): Promise<SubmitResult | null> {
  const order = await findOrderDetail(tx, actor, id, "submit");
  if (!order) return null;
  if (order.status === "COMPLETED" && order.contract) return { ok: true, orderId: order.id, contractId: order.contract.id, alreadyCompleted: true };
  if (order.status !== "IN_PROGRESS") return { ok: false, errors: { submit: "This order cannot be submitted." } };

  const problem = await submitProblem(tx, order, today);
  if (problem) return { ok: false, errors: { submit: problem } };

  const won = await tx.order.updateMany({
    where: { id, status: "IN_PROGRESS", version: order.version },
    data: {
      status: "COMPLETED",
      completedAt: new Date(),
      completionKey: `${id}:${completionKey}`.slice(0, 200),
      progress: { prepare: "COMPLETED", items: "COMPLETED", services: "COMPLETED", review: "COMPLETED" },
      version: { increment: 1 },
    },
  });
  if (won.count === 0) throw new LostRace();

  const contractId = await writeContract(tx, actor, order, today);
  if (order.orderType === "REPLACEMENT") {
    // A switch: the old contract's end, the switching plan and its timetable, in this transaction.
    const problem = await scheduleSwitchOnSubmit(tx, actor, order, today);
    if (problem) throw new SubmitRefused(problem);
  }
  await writeMilestones(tx, order);
  await queueCompletionEmails(tx, actor, order);
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "order.complete",
    objectType: "Order",
    objectId: order.id,
    before: { status: "IN_PROGRESS" },
    after: { status: "COMPLETED", callOffId: callOffId(order), contractId },
  });
  return { ok: true, orderId: order.id, contractId, alreadyCompleted: false };
}

/**
 * Why the order cannot be completed now, re-checked inside the transaction (the catalogue may
 * have changed since the review). The orderability rule runs here with the solution's facts
 * held until the transaction ends, so an assurance that lapsed (or a listing suspended) after
 * the order was started stops it, and a lapse decided while it is being written waits for it
 * and then flags the new contract.
 */
async function submitProblem(tx: DbClient, order: OrderDetail, today: DateOnly): Promise<string | null> {
  if (!canSubmit(orderStateOf(order))) return "Complete every task in the order before you submit it.";
  const commencement = fromDbDate(order.commencementDate!);
  if (order.orderType !== "AMENDMENT" && order.orderType !== "RENEWAL" && !isNotMoreThanMonthsInPast(commencement, today, COMMENCEMENT_MONTHS_IN_PAST)) {
    return "The commencement date is now more than 3 months in the past. Change it before you submit.";
  }
  if (order.replacesContractId) {
    // A contract is replaced once (a partial unique index holds this under concurrent submits too).
    const replaced = await tx.order.findFirst({ where: { replacesContractId: order.replacesContractId, status: { in: ["COMPLETED", "TERMINATED"] }, id: { not: order.id } }, select: { callOffNumber: true, revision: true } });
    if (replaced) return `The contract this order replaces has already been replaced by order ${callOffId(replaced)}. Delete this order.`;
  }
  const solution = order.items.find((item) => item.catalogueItem.kind === "SOLUTION")!;
  await assertOrderable(tx, solution.catalogueItemId, { today, frameworkId: order.frameworkId });
  const unavailable = order.items.filter((item) => item.catalogueItem.publicationStatus !== "PUBLISHED" || item.price.status !== "PUBLISHED");
  if (unavailable.length > 0) return `${unavailable.map((item) => item.catalogueItem.name).join(", ")} can no longer be ordered. Remove it from the order before you submit.`;
  return null;
}

async function writeContract(tx: DbClient, actor: Actor, order: OrderDetail, today: DateOnly): Promise<string> {
  const costs = orderCosts(order);
  const startDate = fromDbDate(order.commencementDate!);
  const endDate = contractEndDate(startDate, order.maximumTermMonths!);
  const patientsCovered = order.recipients.reduce((sum, r) => sum + (r.organisation.practiceListSize ?? 0), 0);
  const values = { annualValue: moneyToDecimalString(costs.yearly), totalValue: moneyToDecimalString(costs.total), patientsCovered };
  if (order.orderType === "AMENDMENT") return amendContract(tx, actor, order, costs, values);

  if (order.orderType === "RENEWAL" && order.renewsContractId) {
    const previous = await tx.contract.findUniqueOrThrow({ where: { id: order.renewsContractId } });
    const transition = transitionContract({ status: previous.status, startDate: fromDbDate(previous.startDate), endDate: fromDbDate(previous.endDate) }, { type: "renew" }, today);
    if (!transition.ok) throw new SubmitRefused(transition.reason);
    const renewed = await tx.contract.updateMany({ where: { id: previous.id, version: previous.version }, data: { status: "RENEWED", version: { increment: 1 } } });
    if (renewed.count === 0) throw new LostRace();
    await recordAudit(tx, { actor: auditActor(actor), action: "contract.renew", objectType: "Contract", objectId: previous.id, before: { status: previous.status }, after: { status: "RENEWED", renewedByOrderId: order.id } });
  }

  const provider = paymentsProvider();
  const billable = hasCharges(billableDifference([], costs.items));
  const contract = await tx.contract.create({
    data: {
      orderId: order.id,
      callOffNumber: order.callOffNumber,
      organisationId: order.organisationId,
      supplierId: order.supplierId!,
      solutionId: order.items.find((item) => item.catalogueItem.kind === "SOLUTION")!.catalogueItemId,
      frameworkId: order.frameworkId!,
      startDate: toDbDate(startDate),
      endDate: toDbDate(endDate),
      status: computeContractStatus({ status: "ACTIVE", startDate, endDate }, today),
      renewsContractId: order.orderType === "RENEWAL" ? order.renewsContractId : null,
      paymentState: !billable ? "NOT_BILLED" : provider.kind === "stripe" ? "PENDING" : "INVOICED_OUTSIDE_CATALOGUE",
      ...values,
    },
  });
  if (billable) await enqueue(tx, PAYMENTS_BILL_ORDER, { contractId: contract.id, orderId: order.id }, { dedupeKey: `${PAYMENTS_BILL_ORDER}:${order.id}` });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "contract.create",
    objectType: "Contract",
    objectId: contract.id,
    after: { orderId: order.id, startDate, endDate, status: contract.status, paymentState: contract.paymentState, totalValue: values.totalValue },
  });
  return contract.id;
}

/**
 * A new revision of the same call-off: the one contract now follows this revision, and what
 * it adds to the locally funded costs is billed like an order's (through the outbox with
 * Stripe; marked as invoiced by the supplier without it).
 */
async function amendContract(tx: DbClient, actor: Actor, order: OrderDetail, costs: ReturnType<typeof orderCosts>, values: { annualValue: string; totalValue: string; patientsCovered: number }): Promise<string> {
  const contract = await tx.contract.findFirst({ where: { callOffNumber: order.callOffNumber, status: { in: ["ACTIVE", "EXPIRING"] } } });
  if (!contract) throw new Error(`No live contract for call-off ${order.callOffNumber}`);
  const previous = await tx.order.findUnique({ where: { callOffNumber_revision: { callOffNumber: order.callOffNumber, revision: order.revision - 1 } }, include: orderDetailInclude });
  const billable = hasCharges(billableDifference(previous ? orderCosts(previous).items : [], costs.items));
  const stripe = paymentsProvider().kind === "stripe";
  const paymentState = billable && contract.paymentState === "NOT_BILLED" ? (stripe ? "PENDING" : "INVOICED_OUTSIDE_CATALOGUE") : contract.paymentState;
  const updated = await tx.contract.updateMany({ where: { id: contract.id, version: contract.version }, data: { orderId: order.id, ...values, paymentState, version: { increment: 1 } } });
  if (updated.count === 0) throw new LostRace();
  if (billable && stripe) {
    await enqueue(tx, PAYMENTS_BILL_AMENDMENT, { contractId: contract.id, orderId: order.id }, { dedupeKey: `${PAYMENTS_BILL_AMENDMENT}:${order.id}` });
  }
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "contract.amend",
    objectType: "Contract",
    objectId: contract.id,
    before: { orderId: contract.orderId, annualValue: contract.annualValue.toString(), paymentState: contract.paymentState },
    after: { orderId: order.id, annualValue: values.annualValue, paymentState, billed: billable },
  });
  return contract.id;
}

/** Shown to the buyer as the reason the submit failed; rolls the transaction back like any error. */
export class SubmitRefused extends Error {}

/** The implementation plan's standard milestones (the supplier's own plan is agreed after the order). */
async function writeMilestones(tx: DbClient, order: OrderDetail) {
  const start = toDbDate(fromDbDate(order.commencementDate!));
  const rows: Prisma.OrderMilestoneCreateManyInput[] = [
    { orderId: order.id, sequence: 1, title: "Go live", description: "The solution is live at every service recipient.", paymentTrigger: true, dueOn: start },
    { orderId: order.id, sequence: 2, title: "Service stable", description: "Ten working days of stable service after go-live.", paymentTrigger: false, dueOn: null },
  ];
  await tx.orderMilestone.createMany({ data: rows, skipDuplicates: true });
}

async function queueCompletionEmails(tx: DbClient, actor: Actor, order: OrderDetail) {
  const id = callOffId(order);
  const solution = order.items.find((item) => item.catalogueItem.kind === "SOLUTION")?.catalogueItem.name ?? "a Catalogue Solution";
  const total = formatMoney(orderCosts(order).total);
  await queueEmail(tx, {
    to: order.orderingPartyContactEmail ?? actor.email,
    ...orderCompletedForBuyer({ callOffId: id, description: order.description, supplier: order.supplier?.name ?? "the supplier", total, url: appUrl(`/buyer/orders/${order.id}/summary`) }),
    dedupeKey: `order-completed:${order.id}:buyer`,
  });
  if (order.supplierContact?.email) {
    await queueEmail(tx, {
      to: order.supplierContact.email,
      ...orderCompletedForSupplier({
        callOffId: id,
        orderingParty: order.organisation.name,
        odsCode: order.organisation.odsCode,
        solution,
        commencement: formatNhsDate(fromDbDate(order.commencementDate!)),
        url: appUrl("/supplier/contracts"),
      }),
      dedupeKey: `order-completed:${order.id}:supplier`,
    });
  }
}
