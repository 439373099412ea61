import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, londonToday, toDbDate } from "~/modules/dates";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { previousTermsOf } from "./carry-over.server";
import { itemForm, quantitiesFrom } from "./order-items.server";
import { findOrderDetail, snapshotFromJson, snapshotOf, type OrderDetail } from "./orders.server";
import { startRenewal, startReplacement } from "./start.server";

/**
 * Renewal, replacement and switch orders carry a contract's quantities over exactly, per service
 * recipient, for every provisioning type; and the item page shows them so that saving it
 * stores them unchanged. Property-based, against real PostgreSQL.
 */
const database = useTestDatabase();
const today = londonToday();

const TYPES = ["PATIENT", "DECLARATIVE", "ON_DEMAND"] as const;
type ProvisioningType = (typeof TYPES)[number];
const UNITS: Record<ProvisioningType, string> = { PATIENT: "per patient", DECLARATIVE: "per licence", ON_DEMAND: "per SMS" };
const priceOf = (provisioningType: ProvisioningType, pounds: number) => ({
  provisioningType,
  priceType: "FLAT" as const,
  calculationType: "VOLUME" as const,
  billingPeriod: provisioningType === "PATIENT" ? ("YEARLY" as const) : ("MONTHLY" as const),
  unitDescription: UNITS[provisioningType],
  price: [pounds, pounds] as [number, number],
});

let buyer: Actor;
let practiceIds: string[];
/** Supplier A: a contract solution and a same-supplier alternative per provisioning type, each contract solution's Additional Services, A's Associated Services. */
const items = {
  contractSolution: {} as Record<ProvisioningType, string>,
  sameSupplierAlternative: {} as Record<ProvisioningType, string>,
  otherSupplierAlternative: {} as Record<ProvisioningType, string>,
  additional: {} as Record<ProvisioningType, Record<ProvisioningType, string>>,
  associated: {} as Record<ProvisioningType, string>,
};

beforeAll(async () => {
  const db = database.db;
  await ensureReferenceData(db);
  const a = (await createSupplier(db)).supplier.id;
  const b = (await createSupplier(db)).supplier.id;
  const solution = async (supplierId: number, type: ProvisioningType) =>
    (await createPublishedSolution(db, { supplierId, capabilityIds: ["C45"], frameworkIds: ["NHSDGP001"], prices: [priceOf(type, 1.25)] })).item.id;
  const service = async (supplierId: number, id: string, kind: "ADDITIONAL_SERVICE" | "ASSOCIATED_SERVICE", type: ProvisioningType, parentSolutionId: string | null) =>
    (await createPublishedSolution(db, { supplierId, capabilityIds: [], frameworkIds: ["NHSDGP001"], prices: [priceOf(type, 0.5)], overrides: { id, kind, parentSolutionId } })).item.id;
  for (const type of TYPES) {
    items.contractSolution[type] = await solution(a, type);
    items.sameSupplierAlternative[type] = await solution(a, type);
    items.otherSupplierAlternative[type] = await solution(b, type);
  }
  for (const [i, parent] of TYPES.entries()) {
    items.additional[parent] = {} as Record<ProvisioningType, string>;
    for (const [j, type] of TYPES.entries()) items.additional[parent][type] = await service(a, `${items.contractSolution[parent]}A00${j + 1}`, "ADDITIONAL_SERVICE", type, items.contractSolution[parent]);
    items.associated[TYPES[i]] = await service(a, `${a}-S-00${i + 1}`, "ASSOCIATED_SERVICE", TYPES[i], null);
  }
  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QC1" });
  const practices = await Promise.all([1, 2, 3, 4].map(() => createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id })));
  practiceIds = practices.map((p) => p.organisation.id);
  buyer = await actorFor(db, icb.user.id);
});

type Quantities = { organisationId: string; quantity: number }[];
const sorted = (quantities: readonly { organisationId: string; quantity: number }[]) =>
  quantities.map((q) => ({ organisationId: q.organisationId, quantity: q.quantity })).sort((x, y) => x.organisationId.localeCompare(y.organisationId));

/** One item's quantities as generated: a share for some recipients, or a whole-item quantity for the ordering party. */
const quantitySpec = fc.record({
  split: fc.boolean(),
  shares: fc.array(fc.option(fc.integer({ min: 1, max: 99_999 }), { nil: null }), { minLength: 4, maxLength: 4 }),
  whole: fc.integer({ min: 1, max: 99_999 }),
});
type QuantitySpec = { split: boolean; shares: (number | null)[]; whole: number };

function quantitiesOf(type: ProvisioningType, spec: QuantitySpec, recipients: readonly string[]): Quantities {
  const shares = recipients.flatMap((organisationId, i) => (spec.shares[i] === null ? [] : [{ organisationId, quantity: spec.shares[i]! }]));
  // Per patient: every recipient has its number; per licence or on demand: split by recipient, or one for the whole item.
  if (type === "PATIENT") return recipients.map((organisationId, i) => ({ organisationId, quantity: spec.shares[i] ?? spec.whole }));
  if (!spec.split) return [{ organisationId: buyer.organisationId, quantity: spec.whole }];
  return shares.length > 0 ? shares : [{ organisationId: recipients[0], quantity: spec.whole }];
}

const contractArbitrary = fc.record({
  type: fc.constantFrom(...TYPES),
  recipients: fc.subarray([0, 1, 2, 3], { minLength: 1 }),
  additional: fc.subarray([...TYPES]),
  associated: fc.subarray([...TYPES]),
  quantities: fc.array(quantitySpec, { minLength: 7, maxLength: 7 }),
  replacement: fc.record({ type: fc.constantFrom(...TYPES), sameSupplier: fc.boolean(), switchDate: fc.option(fc.integer({ min: 15, max: 60 }), { nil: undefined }) }),
});
type GeneratedContract = {
  type: ProvisioningType;
  recipients: number[];
  additional: ProvisioningType[];
  associated: ProvisioningType[];
  quantities: QuantitySpec[];
  /** A switch is a replacement with a switch date (days from today) as its commencement date. */
  replacement: { type: ProvisioningType; sameSupplier: boolean; switchDate?: number };
};

/** The contract in the database, and the quantities of each of its catalogue items. */
async function createContract(generated: GeneratedContract) {
  const db = database.db;
  const recipients = generated.recipients.map((i) => practiceIds[i]);
  const { contract, order } = await createOrderWithContract(db, {
    organisationId: buyer.organisationId,
    createdById: buyer.userId,
    solutionId: items.contractSolution[generated.type],
    recipientIds: recipients,
    commencementDate: toDbDate(addDays(today, 60 - 360)),
    maximumTermMonths: 12,
    contractStatus: "EXPIRING",
  });
  const lines: [string, ProvisioningType][] = [
    [items.contractSolution[generated.type], generated.type],
    ...generated.additional.map((type): [string, ProvisioningType] => [items.additional[generated.type][type], type]),
    ...generated.associated.map((type): [string, ProvisioningType] => [items.associated[type], type]),
  ];
  const expected = new Map<string, Quantities>();
  for (const [index, [catalogueItemId, type]] of lines.entries()) {
    const quantities = quantitiesOf(type, generated.quantities[index], recipients);
    expected.set(catalogueItemId, sorted(quantities));
    const solutionItem = order.items.find((item) => item.catalogueItemId === catalogueItemId);
    if (solutionItem) {
      await db.orderItemRecipientQuantity.deleteMany({ where: { orderItemId: solutionItem.id } });
      // An agreed price below today's list price, to be shown beside it.
      await db.orderItem.update({ where: { id: solutionItem.id }, data: { agreedPrice: "1.1", agreedTierPrices: ["1.1"], quantities: { create: quantities } } });
      continue;
    }
    const price = await db.price.findFirstOrThrow({ where: { catalogueItemId }, include: { tiers: true } });
    await db.orderItem.create({
      data: { orderId: order.id, catalogueItemId, priceId: price.id, priceSnapshot: snapshotOf(price), agreedPrice: "0.4", fundingType: "LOCAL", quantities: { create: quantities } },
    });
  }
  return { contract, expected };
}

const quantitiesByItem = (order: OrderDetail) => new Map(order.items.map((item) => [item.catalogueItemId, sorted(item.quantities)]));

/** Saving the item page as shown (boxes untouched) must give back exactly the carried quantities. */
function expectItemPagesKeepQuantities(order: OrderDetail) {
  for (const item of order.items) {
    if (item.quantities.length === 0) continue;
    const form = itemForm(order, item);
    const errors: Record<string, string> = {};
    const posted = Object.fromEntries(form.quantities.map((box) => [box.name, box.value]));
    const perPatient = snapshotFromJson(item.priceSnapshot).provisioningType === "PATIENT";
    const saved = quantitiesFrom(posted, { perPatient, recipients: order.recipients, orderingPartyId: order.organisationId, of: "order" }, errors);
    expect(errors).toEqual({});
    expect(sorted(saved)).toEqual(sorted(item.quantities));
  }
}

describe("carrying a contract over", () => {
  it("gives renewal, replacement and switch orders exactly its quantities, per service recipient, for every provisioning type", async () => {
    await fc.assert(
      fc.asyncProperty(contractArbitrary, async (generated) => {
        const { contract, expected } = await createContract(generated);

        const renewal = await startRenewal(database.db, buyer, contract.id);
        expect(renewal).toMatchObject({ ok: true, existing: false });
        const renewed = (await findOrderDetail(database.db, buyer, renewal!.ok ? renewal!.orderId : ""))!;
        expect(quantitiesByItem(renewed)).toEqual(expected);
        expectItemPagesKeepQuantities(renewed);

        const { type, sameSupplier, switchDate } = generated.replacement;
        const alternative = (sameSupplier ? items.sameSupplierAlternative : items.otherSupplierAlternative)[type];
        const commencementDate = switchDate === undefined ? undefined : addDays(today, switchDate);
        const replacement = await startReplacement(database.db, buyer, contract.id, alternative, today, { commencementDate });
        expect(replacement).toMatchObject({ ok: true, existing: false });
        const replacing = (await findOrderDetail(database.db, buyer, replacement!.ok ? replacement!.orderId : ""))!;
        // The new solution takes the old one's quantities when it counts the same thing; its Additional
        // Services stay behind with it; Associated Services come only with the same supplier.
        const wanted = new Map<string, Quantities>([[alternative, type === generated.type ? expected.get(items.contractSolution[generated.type])! : []]]);
        if (sameSupplier) for (const associated of generated.associated) wanted.set(items.associated[associated], expected.get(items.associated[associated])!);
        expect(quantitiesByItem(replacing)).toEqual(wanted);
        expectItemPagesKeepQuantities(replacing);
        // A switch's items are delivered on its switch date; a plain replacement's wait for the buyer's timescales.
        expect(replacing.items.map((item) => item.plannedDeliveryDate && item.plannedDeliveryDate.toISOString().slice(0, 10))).toEqual(replacing.items.map(() => commencementDate ?? null));
      }),
      { numRuns: 15 },
    );
  });

  it("shows the contract's agreed price beside today's, and says why quantities did not carry over", async () => {
    const { contract } = await createContract({
      type: "DECLARATIVE",
      recipients: [0, 1],
      additional: ["DECLARATIVE"],
      associated: [],
      quantities: Array.from({ length: 7 }, () => ({ split: true, shares: [12, 35, null, null], whole: 47 })),
      replacement: { type: "PATIENT", sameSupplier: false },
    });
    const renewal = await startRenewal(database.db, buyer, contract.id);
    const renewed = (await findOrderDetail(database.db, buyer, renewal!.ok ? renewal!.orderId : ""))!;
    const solution = renewed.items.find((item) => item.catalogueItemId === items.contractSolution.DECLARATIVE)!;
    expect(await previousTermsOf(database.db, renewed, solution)).toEqual({ agreedPrice: "£1.10 per licence per month", quantitiesNote: null });
    // The item page shows the 47 licences as the contract had them: 12 and 35, not 12.
    expect(itemForm(renewed, solution).quantities.map((box) => box.value)).toEqual(expect.arrayContaining(["12", "35"]));

    const replacement = await startReplacement(database.db, buyer, contract.id, items.otherSupplierAlternative.PATIENT);
    const replacing = (await findOrderDetail(database.db, buyer, replacement!.ok ? replacement!.orderId : ""))!;
    expect(await previousTermsOf(database.db, replacing, replacing.items[0])).toEqual({
      agreedPrice: expect.stringMatching(/^£1\.10 per licence per month \(for Test Solution .+\)$/),
      quantitiesNote: "The contract's price was per licence and this one is per patient, so its quantities could not be carried over: enter them here.",
    });
  });

  it("leaves out items no longer orderable", async () => {
    const { contract } = await createContract({
      type: "ON_DEMAND",
      recipients: [2],
      additional: [],
      associated: ["DECLARATIVE", "ON_DEMAND"],
      quantities: Array.from({ length: 7 }, () => ({ split: false, shares: [null, null, null, null], whole: 3671 })),
      replacement: { type: "ON_DEMAND", sameSupplier: true },
    });
    await database.db.catalogueItem.update({ where: { id: items.associated.DECLARATIVE }, data: { publicationStatus: "UNPUBLISHED" } });
    try {
      const renewal = await startRenewal(database.db, buyer, contract.id);
      const renewed = (await findOrderDetail(database.db, buyer, renewal!.ok ? renewal!.orderId : ""))!;
      expect(renewed.items.map((item) => item.catalogueItemId).sort()).toEqual([items.contractSolution.ON_DEMAND, items.associated.ON_DEMAND].sort());
      expect(renewed.items.every((item) => item.quantities.length === 1 && item.quantities[0].quantity === 3671)).toBe(true);
    } finally {
      await database.db.catalogueItem.update({ where: { id: items.associated.DECLARATIVE }, data: { publicationStatus: "PUBLISHED" } });
    }
  });
});
