import type { Prisma } from "../../../generated/prisma/client";
import { scopedById } from "~/modules/access/scope.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOrderable, OrderRefused, solutionOrderability, type Refusal } from "~/modules/assurance/orderability.server";
import { assuredAlternatives } from "~/modules/contracts/alternatives.server";
import { amendmentFacts, amendmentRefusal, transitionContract } from "~/modules/contracts/contract-status";
import { canBeReplaced } from "~/modules/contracts/contracts.server";
import { addDays, fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import { isUniqueViolation, type Db, type DbClient } from "~/utils/db.server";
import { carriedOrderInclude, carryOverItems } from "./carry-over.server";
import { callOffId } from "./order-rules";
import { auditActor, primarySupplierContact } from "./orders.server";

/**
 * Orders that start from a contract: a renewal (same solution, services, recipients and
 * quantities at today's prices, a new term), a replacement (an assured alternative for a
 * flagged contract, same recipients and quantities) and an amendment (a new revision of the
 * same call-off). Each returns the order to continue, or why it cannot start.
 */

export type StartResult = { ok: true; orderId: string; existing: boolean } | { ok: false; reason: string };

const contractInclude = {
  solution: { select: { id: true, name: true } },
  framework: true,
  order: { include: { ...carriedOrderInclude, recipients: true } },
} satisfies Prisma.ContractInclude;

export type ContractWithOrder = Prisma.ContractGetPayload<{ include: typeof contractInclude }>;

/** A contract of the actor's own organisation (an ICB cannot renew or change its practices' contracts). */
function ownContract(db: DbClient, actor: Actor, action: "renew" | "amend" | "terminate", id: string) {
  return db.contract.findFirst({ where: scopedById(actor, "order", action, { organisation: true }, id), include: contractInclude });
}

const datesOf = (contract: ContractWithOrder) => ({ status: contract.status, startDate: fromDbDate(contract.startDate), endDate: fromDbDate(contract.endDate) });

/**
 * Runs a start inside a transaction; a refusal by the orderability rule (thrown by
 * assertOrderable, so nothing is written) comes back as the reason to show.
 */
async function refusedAsReason(run: () => Promise<StartResult | null>): Promise<StartResult | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OrderRefused) return { ok: false, reason: error.message };
    throw error;
  }
}


/**
 * The database allows one open renewal and one open replacement per contract (partial unique
 * indexes): of concurrent starts one creates the order and the others fail on the index. Run
 * once more, a loser finds the winner's order and returns it, so every post lands on one order.
 */
async function oneOpenOrderPerContract(start: () => Promise<StartResult | null>): Promise<StartResult | null> {
  try {
    return await start();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return start();
  }
}

/**
 * Whether a renewal can start, and if not why (shown with assured alternatives): the contract
 * must be renewable, and its solution pass the orderability rule as a new order would.
 */
export async function renewalCheck(db: DbClient, actor: Actor, contractId: string, today: DateOnly = londonToday()) {
  const contract = await ownContract(db, actor, "renew", contractId);
  if (!contract) return null;
  const transition = transitionContract(datesOf(contract), { type: "renew" }, today);
  const verdict = transition.ok ? await solutionOrderability(db, contract.solutionId, { today }) : null;
  const refusals: Refusal[] = !transition.ok ? [{ code: "LISTING_NOT_PUBLISHED", message: transition.reason }] : verdict!.refusals;
  const reason = refusals.length > 0 ? refusals.map((r) => r.message).join(" ") : null;
  return { contract, reason, refusals, refusedForAssurance: verdict !== null && !verdict.orderable };
}

export async function startRenewal(db: Db, actor: Actor, contractId: string, today: DateOnly = londonToday()): Promise<StartResult | null> {
  return oneOpenOrderPerContract(() => refusedAsReason(() => db.$transaction(async (tx) => {
    const check = await renewalCheck(tx, actor, contractId, today);
    if (!check) return null;
    if (check.reason) return { ok: false, reason: check.reason };
    const { contract } = check;
    await assertOrderable(tx, contract.solutionId, { today });
    const open = await tx.order.findFirst({ where: { renewsContractId: contract.id, status: "IN_PROGRESS" }, select: { id: true } });
    if (open) return { ok: true, orderId: open.id, existing: true };

    const framework = contract.framework.status === "LIVE" ? contract.framework : await liveFrameworkOf(tx, contract.solutionId);
    if (!framework) return { ok: false, reason: "The solution is no longer on a framework that takes orders." };
    const previous = contract.order;
    const commencement = addDays(fromDbDate(contract.endDate), 1);
    const maximumTerm = Math.min(previous.maximumTermMonths ?? framework.maxTermMonths, framework.maxTermMonths);
    const contact = previous.supplierContactId ?? (await primarySupplierContact(tx, contract.supplierId))?.id ?? null;
    const order = await tx.order.create({
      data: {
        ...copiedTerms(previous, actor),
        supplierContactId: contact,
        description: `Renewal of ${callOffId(previous)}`.slice(0, 100),
        orderType: "RENEWAL",
        renewsContractId: contract.id,
        frameworkId: framework.id,
        commencementDate: toDbDate(commencement),
        initialPeriodMonths: Math.min(previous.initialPeriodMonths ?? 1, maximumTerm - 1),
        maximumTermMonths: maximumTerm,
        progress: { services: "COMPLETED" },
      },
    });
    await copyRecipients(tx, previous, order.id);
    await carryOverItems(tx, previous, order.id, { frameworkFundingTypes: framework.fundingTypes, deliveryDate: commencement });
    await recordAudit(tx, { actor: auditActor(actor), action: "order.startRenewal", objectType: "Order", objectId: order.id, after: { renewsContractId: contract.id, callOffId: callOffId(order) } });
    return { ok: true, orderId: order.id, existing: false };
  })));
}

async function liveFrameworkOf(tx: DbClient, solutionId: string) {
  const membership = await tx.frameworkSolution.findFirst({ where: { catalogueItemId: solutionId, framework: { status: "LIVE" } }, include: { framework: true }, orderBy: { frameworkId: "asc" } });
  return membership?.framework ?? null;
}

function copiedTerms(previous: ContractWithOrder["order"], actor: Actor) {
  return {
    organisationId: previous.organisationId,
    createdById: actor.userId,
    supplierId: previous.supplierId,
    supplierContactId: previous.supplierContactId,
    orderingPartyContactName: previous.orderingPartyContactName,
    orderingPartyContactEmail: previous.orderingPartyContactEmail,
    orderingPartyContactPhone: previous.orderingPartyContactPhone,
  };
}

async function copyRecipients(tx: DbClient, previous: ContractWithOrder["order"], orderId: string) {
  await tx.orderRecipient.createMany({ data: previous.recipients.map((r) => ({ orderId, organisationId: r.organisationId })) });
}

/**
 * A replacement order for a contract flagged for termination: the chosen assured alternative
 * (checked again here, so a tampered form cannot pick anything else), the same service
 * recipients, and everything else carried over by carryOverItems: the Additional Services stay
 * behind with the old solution, the rest comes across with its quantities.
 */
export type ReplacementOptions = {
  /** A switch: the new contract's commencement date, the switch date. */
  commencementDate?: DateOnly;
  /** Run in the same transaction once the order exists (new or continued): a switch writes its record here, or throws to undo it all. */
  withOrder?: (tx: DbClient, orderId: string, contract: ContractWithOrder) => Promise<void>;
};

export async function startReplacement(
  db: Db,
  actor: Actor,
  contractId: string,
  solutionId: string,
  today: DateOnly = londonToday(),
  options: ReplacementOptions = {},
): Promise<StartResult | null> {
  return oneOpenOrderPerContract(() => refusedAsReason(() => db.$transaction(async (tx) => {
    const contract = await ownContract(tx, actor, "renew", contractId);
    if (!contract) return null;
    // A contract under a termination notice still runs until the notice takes effect: replacing it is the point.
    if (!canBeReplaced(contract, today)) return { ok: false, reason: "This contract has ended, so there is nothing to replace." };
    // The rule with its facts held, then the alternative must cover the old solution's capabilities.
    await assertOrderable(tx, solutionId, { today });
    const alternatives = await assuredAlternatives(tx, contract.solutionId, today);
    if (!alternatives.some((a) => a.id === solutionId)) return { ok: false, reason: "Choose one of the assured alternatives listed." };
    const replaced = await tx.order.findFirst({ where: { replacesContractId: contract.id, status: { in: ["COMPLETED", "TERMINATED"] } }, select: { callOffNumber: true, revision: true } });
    if (replaced) return { ok: false, reason: `This contract has already been replaced by order ${callOffId(replaced)}.` };
    // One open replacement per contract: the same choice continues it, another one is refused
    // rather than quietly giving the buyer an order for a solution they did not pick.
    const open = await tx.order.findFirst({
      where: { replacesContractId: contract.id, status: "IN_PROGRESS" },
      select: { id: true, callOffNumber: true, revision: true, items: { where: { catalogueItemId: solutionId }, select: { id: true } } },
    });
    if (open && open.items.length > 0) {
      await options.withOrder?.(tx, open.id, contract);
      return { ok: true, orderId: open.id, existing: true };
    }
    if (open) return { ok: false, reason: `A replacement order for this contract (${callOffId(open)}) is already in progress for another solution. Continue that order, or delete it to choose a different alternative.` };

    const solution = await tx.catalogueItem.findUniqueOrThrow({ where: { id: solutionId }, select: { id: true, supplierId: true } });
    const framework = await liveFrameworkOf(tx, solutionId);
    const contact = await primarySupplierContact(tx, solution.supplierId);
    const previous = contract.order;
    const order = await tx.order.create({
      data: {
        ...copiedTerms(previous, actor),
        supplierId: solution.supplierId,
        supplierContactId: contact?.id ?? null,
        description: `Replacement for ${callOffId(previous)}`.slice(0, 100),
        orderType: "REPLACEMENT",
        replacesContractId: contract.id,
        frameworkId: framework?.id ?? null,
        commencementDate: options.commencementDate ? toDbDate(options.commencementDate) : null,
      },
    });
    await copyRecipients(tx, previous, order.id);
    // A switch starts on its switch date, so its items are delivered then; a plain replacement leaves the timescales to the buyer.
    await carryOverItems(tx, previous, order.id, { solutionId: solution.id, frameworkFundingTypes: framework?.fundingTypes ?? ["CENTRAL", "LOCAL"], deliveryDate: options.commencementDate ?? null });
    await recordAudit(tx, { actor: auditActor(actor), action: "order.startReplacement", objectType: "Order", objectId: order.id, after: { replacesContractId: contract.id, solutionId } });
    await options.withOrder?.(tx, order.id, contract);
    return { ok: true, orderId: order.id, existing: false };
  })));
}

/**
 * An amendment: the next revision of the same call-off, starting as a copy of the current
 * one. One open amendment at a time: an existing one is returned, and two started at once
 * collide on the (call-off number, revision) unique key, so only one is created.
 */
export async function startAmendment(db: Db, actor: Actor, contractId: string, today: DateOnly = londonToday()): Promise<StartResult | null> {
  try {
    return await refusedAsReason(() => db.$transaction(async (tx) => {
      const contract = await ownContract(tx, actor, "amend", contractId);
      if (!contract) return null;
      const notice = await tx.terminationNotice.findFirst({ where: { contractId: contract.id }, orderBy: { issuedAt: "desc" }, select: { terminatesOn: true } });
      const refusal = amendmentRefusal(amendmentFacts(contract, notice), today);
      if (refusal) return { ok: false, reason: refusal };
      // Adding recipients or services is a new call-off under the same framework: the rule applies.
      await assertOrderable(tx, contract.solutionId, { today, frameworkId: contract.order.frameworkId });
      const open = await tx.order.findFirst({ where: { callOffNumber: contract.callOffNumber, status: "IN_PROGRESS" }, select: { id: true } });
      if (open) return { ok: true, orderId: open.id, existing: true };
      const previous = contract.order;
      const order = await tx.order.create({
        data: {
          ...copiedTerms(previous, actor),
          callOffNumber: previous.callOffNumber,
          revision: previous.revision + 1,
          description: previous.description,
          orderType: "AMENDMENT",
          frameworkId: previous.frameworkId,
          commencementDate: previous.commencementDate,
          initialPeriodMonths: previous.initialPeriodMonths,
          maximumTermMonths: previous.maximumTermMonths,
          progress: { services: "COMPLETED" },
        },
      });
      await copyRecipients(tx, previous, order.id);
      for (const item of previous.items) {
        await tx.orderItem.create({
          data: {
            orderId: order.id,
            catalogueItemId: item.catalogueItemId,
            priceId: item.priceId,
            priceSnapshot: item.priceSnapshot as Prisma.InputJsonValue,
            agreedPrice: item.agreedPrice,
            agreedTierPrices: item.agreedTierPrices,
            fundingType: item.fundingType,
            estimationPeriod: item.estimationPeriod,
            plannedDeliveryDate: item.plannedDeliveryDate,
            quantities: { create: item.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity, deliveryDate: q.deliveryDate })) },
          },
        });
      }
      await recordAudit(tx, { actor: auditActor(actor), action: "order.startAmendment", objectType: "Order", objectId: order.id, after: { callOffId: callOffId(order), contractId: contract.id } });
      return { ok: true, orderId: order.id, existing: false };
    }));
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, reason: "An amendment to this contract is already in progress." };
    }
    throw error;
  }
}
