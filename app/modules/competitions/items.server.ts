import { agreeableTiers, agreedPriceBoxes, itemPrices, practicesFromCsv, quantitiesFrom, quantityBoxes, recipientsProblem, type UploadedFile } from "~/modules/orders/order-items.server";
import { agreedTierPricesFrom } from "~/modules/orders/order-rules";
import { priceText, snapshotFromJson, snapshotOf, type PriceSnapshot } from "~/modules/orders/orders.server";
import { agreedPriceOf, formatMoney, indicativeCosts, moneyToDecimalString, type Money } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { changeCompetition, fieldErrors, findCompetition, includedSolutions, type CompetitionDetail, type CompetitionSolutionDetail, type Outcome } from "./competitions.server";
import { criteriaFromJson } from "./criteria";

/**
 * Service recipients, prices and quantities of a competition, with the order's own rules and
 * code: the same recipients check and CSV, the same agreed-price boxes (never above list, per
 * tier), the same quantities (per-patient prices pre-filled from practice list sizes) and the
 * same pricing module for the total cost over the contract length.
 */

// ───────── Service recipients ─────────

export function saveCompetitionRecipients(db: Db, actor: Actor, id: string, organisationIds: string[]): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.recipients" }, async (tx, competition) => {
    const ids = [...new Set(organisationIds)];
    const problem = await recipientsProblem(tx, actor, ids);
    if (problem) return fieldErrors({ recipients: problem });
    const before = competition.recipients.map((r) => r.organisationId);
    await tx.competitionRecipient.deleteMany({ where: { competitionId: competition.id, organisationId: { notIn: ids } } });
    await tx.competitionRecipient.createMany({ data: ids.map((organisationId) => ({ competitionId: competition.id, organisationId })), skipDuplicates: true });
    // Quantities of practices no longer receiving go; a whole-order quantity is held by the ordering party.
    await tx.competitionQuantity.deleteMany({ where: { competitionId: competition.id, organisationId: { notIn: [...ids, competition.organisationId] } } });
    return { ok: true, before: { recipients: before }, after: { recipients: ids } };
  });
}

/** Recipients from the order's recipients CSV: the whole file is refused on any problem, nothing saved. */
export async function uploadCompetitionRecipients(db: Db, actor: Actor, id: string, file: UploadedFile): Promise<(Outcome & { count?: number }) | null> {
  if (!(await findCompetition(db, actor, id, "edit"))) return null;
  const practices = await practicesFromCsv(db, actor, file);
  if (!practices.ok) return fieldErrors(Object.fromEntries(practices.errors.map((message, i) => [i === 0 ? "csv" : `csv-${i}`, message])));
  const result = await saveCompetitionRecipients(db, actor, id, practices.ids);
  if (!result || !result.ok) return result && ("refused" in result ? result : fieldErrors({ csv: Object.values(result.errors)[0] }));
  return { ok: true, count: practices.ids.length };
}

// ───────── Prices and quantities ─────────

export function solutionOf(competition: CompetitionDetail, solutionId: string): CompetitionSolutionDetail | null {
  return includedSolutions(competition).find((s) => s.catalogueItemId === solutionId) ?? null;
}

export const snapshotOfSolution = (solution: CompetitionSolutionDetail): PriceSnapshot | null => (solution.priceSnapshot ? snapshotFromJson(solution.priceSnapshot) : null);
const totalQuantity = (solution: CompetitionSolutionDetail) => solution.quantities.reduce((sum, q) => sum + q.quantity, 0);

/** The indicative total cost over the contract length, by the pricing module (as an order's); null until priced. */
export function solutionTotalCost(solution: CompetitionSolutionDetail, contractMonths: number | null): Money | null {
  const snapshot = snapshotOfSolution(solution);
  if (!snapshot || solution.quantities.length === 0 || contractMonths === null) return null;
  return indicativeCosts([{ price: snapshot, quantity: totalQuantity(solution), agreedTierPrices: solution.agreedTierPrices }], contractMonths).total;
}

/** What the prices page shows: the chosen price, the agreed-price boxes and the quantity boxes with their prefill. */
export async function competitionPriceForm(db: DbClient, competition: CompetitionDetail, solution: CompetitionSolutionDetail) {
  const prices = await itemPrices(db, solution.catalogueItemId);
  const snapshot = snapshotOfSolution(solution);
  const stillPublished = Boolean(snapshot && prices.some((p) => p.id === solution.priceId));
  const agreed = snapshot ? agreedPriceOf(snapshot, { agreedTierPrices: solution.agreedTierPrices }) : null;
  const contractMonths = criteriaFromJson(competition.criteria).contractMonths;
  const total = solutionTotalCost(solution, contractMonths);
  return {
    prices: prices.map((p) => ({ value: p.id, label: priceText(snapshotOf(p)) })),
    priceId: solution.priceId,
    price: snapshot ? priceText(snapshot) : null,
    stillPublished,
    perPatient: snapshot?.provisioningType === "PATIENT",
    agreedPrices: snapshot && agreed ? agreedPriceBoxes(snapshot, agreed) : [],
    quantities: snapshot ? quantityBoxes(snapshot, competition.recipients, solution.quantities, competition.organisationId) : [],
    contractMonths,
    totalCost: total === null ? null : formatMoney(total),
  };
}

export function saveCompetitionPriceChoice(db: Db, actor: Actor, id: string, solutionId: string, priceId: string): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.priceChoice" }, async (tx, competition) => {
    const solution = solutionOf(competition, solutionId);
    if (!solution) return fieldErrors({ priceId: "This solution is not in the competition" });
    const price = (await itemPrices(tx, solution.catalogueItemId)).find((p) => p.id === priceId);
    if (!price) return fieldErrors({ priceId: "Select one of this solution's prices" });
    if (price.id === solution.priceId) return { ok: true };
    const snapshot = snapshotOf(price);
    const samePriceShape = snapshotOfSolution(solution)?.provisioningType === snapshot.provisioningType;
    const key = { competitionId: competition.id, catalogueItemId: solution.catalogueItemId };
    // Agreed tier prices belonged to the old price's tiers; quantities count something else under another provisioning type.
    await tx.competitionSolution.update({ where: { competitionId_catalogueItemId: key }, data: { priceId: price.id, priceSnapshot: snapshot, agreedTierPrices: [] } });
    if (!samePriceShape) await tx.competitionQuantity.deleteMany({ where: key });
    return { ok: true, before: { solutionId, priceId: solution.priceId }, after: { solutionId, priceId: price.id } };
  });
}

/**
 * Saves a solution's agreed prices and quantities in one go: every problem reported at once,
 * keyed by the box's name, nothing saved unless everything is right. Quantity boxes for
 * organisations that are not service recipients (a tampered form) are refused.
 */
export function saveCompetitionPrices(db: Db, actor: Actor, id: string, solutionId: string, values: Record<string, unknown>): Promise<Outcome | null> {
  return changeCompetition(db, actor, id, { permission: "edit", audit: "competition.prices" }, async (tx, competition) => {
    const solution = solutionOf(competition, solutionId);
    const snapshot = solution && snapshotOfSolution(solution);
    if (!solution || !snapshot) return fieldErrors({ priceId: "Choose a price for this solution first" });
    if (!(await itemPrices(tx, solution.catalogueItemId)).some((p) => p.id === solution.priceId)) {
      return fieldErrors({ priceId: "This price is no longer published: choose one of the solution's current prices" });
    }
    const agreed = agreedTierPricesFrom(values, agreeableTiers(snapshot));
    const errors: Record<string, string> = agreed.ok ? {} : { ...agreed.errors };
    const quantities = quantitiesFrom(values, { perPatient: snapshot.provisioningType === "PATIENT", recipients: competition.recipients, orderingPartyId: competition.organisationId, of: "competition" }, errors);
    if (Object.keys(errors).length > 0 || !agreed.ok) return fieldErrors(errors);
    const agreedPrices = agreed.prices.map(moneyToDecimalString);
    const key = { competitionId: competition.id, catalogueItemId: solution.catalogueItemId };
    await tx.competitionSolution.update({ where: { competitionId_catalogueItemId: key }, data: { agreedTierPrices: agreedPrices } });
    await tx.competitionQuantity.deleteMany({ where: key });
    await tx.competitionQuantity.createMany({ data: quantities.map((q) => ({ ...key, ...q })) });
    return {
      ok: true,
      before: { solutionId, agreedPrices: solution.agreedTierPrices.map(String), quantities: solution.quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity })) },
      after: { solutionId, agreedPrices, quantities },
    };
  });
}
