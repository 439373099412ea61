import { beforeAll, describe, expect, it } from "vitest";
import { createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { getContract, listContracts } from "~/modules/contracts/contracts.server";
import { getListing, listSupplierListings } from "~/modules/listings/listings.server";
import { getOrder, listOrders, updateOrderDescription } from "~/modules/orders/orders.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";

/**
 * Organisation scoping lives in the queries: a user of one organisation cannot read or change
 * another's records through any module function, whatever id they pass.
 */
const database = useTestDatabase();

type World = Awaited<ReturnType<typeof buildWorld>>;
let world: World;

async function buildWorld() {
  const db = database.db;
  await ensureReferenceData(db);
  const supplierA = await createSupplier(db);
  const supplierB = await createSupplier(db);
  const solutionA = await createPublishedSolution(db, { supplierId: supplierA.supplier.id });
  const solutionB = await createPublishedSolution(db, { supplierId: supplierB.supplier.id });
  const draftB = await db.catalogueItem.create({
    data: { id: `${supplierB.supplier.id}-099`, kind: "SOLUTION", supplierId: supplierB.supplier.id, name: "Unreviewed draft", publicationStatus: "DRAFT" },
  });

  const icbA = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QA1" });
  const practiceOfA = await createOrganisationWithUser(db, { type: "GP_PRACTICE", parentId: icbA.organisation.id, icbId: icbA.organisation.id });
  const icbB = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QB1" });

  const orderOfA = await createOrderWithContract(db, { organisationId: icbA.organisation.id, createdById: icbA.user.id, solutionId: solutionA.item.id });
  const orderOfPractice = await createOrderWithContract(db, {
    organisationId: practiceOfA.organisation.id,
    createdById: practiceOfA.user.id,
    solutionId: solutionB.item.id,
  });
  const orderOfB = await createOrderWithContract(db, { organisationId: icbB.organisation.id, createdById: icbB.user.id, solutionId: solutionB.item.id });
  const draftOrderOfB = await db.order.create({
    data: { callOffNumber: 990001, revision: 1, organisationId: icbB.organisation.id, createdById: icbB.user.id, description: "B's draft", status: "IN_PROGRESS", orderType: "NEW" },
  });

  const supplierAUser = await db.user.create({
    data: { email: `sales@supplier-${supplierA.supplier.id}.example`, name: "Sam Seller", passwordHash: "unused", role: "SUPPLIER", organisationId: supplierA.organisation.id },
  });
  return {
    icbA: await actorFor(db, icbA.user.id),
    practiceOfA: await actorFor(db, practiceOfA.user.id),
    icbB: await actorFor(db, icbB.user.id),
    supplierA: await actorFor(db, supplierAUser.id),
    orderOfA,
    orderOfPractice,
    orderOfB,
    draftOrderOfB,
    solutionA,
    solutionB,
    draftB,
  };
}

beforeAll(async () => {
  world = await buildWorld();
});

const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

describe("orders", () => {
  it("an ICB sees its own orders and its practices', never another ICB's", async () => {
    const seen = ids(await listOrders(database.db, world.icbA));
    expect(seen).toEqual([world.orderOfA.order.id, world.orderOfPractice.order.id].sort());
  });

  it("a practice sees only its own orders, not its ICB's", async () => {
    expect(ids(await listOrders(database.db, world.practiceOfA))).toEqual([world.orderOfPractice.order.id]);
  });

  it("another organisation's order id finds nothing", async () => {
    expect(await getOrder(database.db, world.icbA, world.orderOfB.order.id)).toBeNull();
    expect(await getOrder(database.db, world.icbB, world.orderOfB.order.id)).not.toBeNull();
  });

  it("another organisation's order cannot be changed, and stays as it was", async () => {
    const result = await updateOrderDescription(database.db, world.icbA, world.draftOrderOfB.id, "Hijacked");
    expect(result).toBeNull();
    const after = await database.db.order.findUniqueOrThrow({ where: { id: world.draftOrderOfB.id } });
    expect(after.description).toBe("B's draft");
    const audit = await database.db.auditEvent.count({ where: { objectId: world.draftOrderOfB.id } });
    expect(audit).toBe(0);
  });

  it("the owner can change it, and the change is audited", async () => {
    const result = await updateOrderDescription(database.db, world.icbB, world.draftOrderOfB.id, "Video consultation for QB1");
    expect(result).toEqual({ ok: true });
    expect((await database.db.order.findUniqueOrThrow({ where: { id: world.draftOrderOfB.id } })).description).toBe("Video consultation for QB1");
    const audit = await database.db.auditEvent.findFirstOrThrow({ where: { objectId: world.draftOrderOfB.id } });
    expect(audit).toMatchObject({ action: "order.describe", actorUserId: world.icbB.userId, after: { description: "Video consultation for QB1" } });
  });

  it("an ICB can read its practice's order but not change it", async () => {
    expect(await getOrder(database.db, world.icbA, world.orderOfPractice.order.id)).not.toBeNull();
    expect(await updateOrderDescription(database.db, world.icbA, world.orderOfPractice.order.id, "Changed")).toBeNull();
  });

  it("a supplier sees orders for its own solutions only", async () => {
    expect(ids(await listOrders(database.db, world.supplierA))).toEqual([world.orderOfA.order.id]);
  });
});

describe("contracts", () => {
  it("scoped like orders", async () => {
    expect(ids(await listContracts(database.db, world.icbB))).toEqual([world.orderOfB.contract.id]);
    expect(await getContract(database.db, world.icbB, world.orderOfA.contract.id)).toBeNull();
    expect(await getContract(database.db, world.supplierA, world.orderOfB.contract.id)).toBeNull();
    expect(await getContract(database.db, world.supplierA, world.orderOfA.contract.id)).not.toBeNull();
  });
});

describe("listings", () => {
  it("a supplier sees its own listings, never another supplier's drafts", async () => {
    const seen = ids(await listSupplierListings(database.db, world.supplierA));
    expect(seen).toContain(world.solutionA.item.id);
    expect(seen).not.toContain(world.solutionB.item.id);
    expect(await getListing(database.db, world.supplierA, world.draftB.id)).toBeNull();
  });

  it("a buyer cannot use the back-office listing functions at all", async () => {
    await expect(getListing(database.db, world.icbA, world.draftB.id)).rejects.toMatchObject({ status: 403 });
    await expect(listSupplierListings(database.db, world.icbA)).rejects.toMatchObject({ status: 403 });
  });
});

describe("a supplier's orders", () => {
  it("are only the completed orders for its own solutions, never one a buyer is still writing", async () => {
    const db = database.db;
    const supplierId = world.supplierA.supplierId!;
    const inProgress = await db.order.create({
      data: {
        callOffNumber: 990002,
        revision: 1,
        organisationId: world.practiceOfA.organisationId,
        createdById: world.practiceOfA.userId,
        supplierId,
        description: "Practice's draft for supplier A",
        status: "IN_PROGRESS",
        orderType: "NEW",
        orderingPartyContactEmail: "practice.manager@nhs.net",
        orderingPartyContactPhone: "01234 567890",
      },
    });
    expect(await getOrder(db, world.supplierA, inProgress.id)).toBeNull();
    expect(ids(await listOrders(db, world.supplierA))).not.toContain(inProgress.id);
    const completed = await db.order.findUniqueOrThrow({ where: { id: world.orderOfA.order.id } });
    expect(completed.supplierId).toBe(supplierId);
    expect((await getOrder(db, world.supplierA, completed.id))?.id).toBe(completed.id);
    expect(await getOrder(db, world.supplierA, world.orderOfB.order.id)).toBeNull();
    await db.order.delete({ where: { id: inProgress.id } });
  });
});

describe("roles without the permission", () => {
  it("are refused with a 403 response, not an empty list", async () => {
    await expect(updateOrderDescription(database.db, world.supplierA, world.orderOfA.order.id, "x")).rejects.toMatchObject({ status: 403 });
    const supplierActingAsBuyer: Actor = { ...world.supplierA, role: "SUPPLIER" };
    await expect(getOrder(database.db, { ...supplierActingAsBuyer, supplierId: null }, world.orderOfA.order.id)).resolves.toBeNull();
  });

  it("commercial staff read every organisation's orders", async () => {
    const staff: Actor = { ...world.icbA, role: "AUTHORITY", organisationId: "x26" };
    expect(ids(await listOrders(database.db, staff))).toEqual(
      [world.orderOfA.order.id, world.orderOfPractice.order.id, world.orderOfB.order.id, world.draftOrderOfB.id].sort(),
    );
  });
});
