import { beforeAll, describe, expect, it } from "vitest";
import { createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { useTestDatabase } from "~/test/database";
import { FOUNDATION_CAPABILITY_IDS } from "./foundation";
import { projectListings } from "~/services/search/projection.server";
import { rebuildSearchIndex, searchEngines } from "~/services/search/index.server";
import { cachedCatalogueOverview, catalogueOverview } from "./overview.server";

const database = useTestDatabase();
let supplierId: number;

beforeAll(async () => {
  await ensureReferenceData(database.db);
  supplierId = (await createSupplier(database.db)).supplier.id;
});

async function solutionWithFoundation(name: string, change?: { capabilityId: string; result: "PASSED_PARTIAL" | "FAILED" } | "drop-C15" | "suspended") {
  const capabilityIds = change === "drop-C15" ? FOUNDATION_CAPABILITY_IDS.filter((id) => id !== "C15") : [...FOUNDATION_CAPABILITY_IDS, "C43"];
  const { item } = await createPublishedSolution(database.db, { supplierId, name, capabilityIds });
  if (change && typeof change === "object") {
    await database.db.solutionCapability.update({
      where: { catalogueItemId_capabilityId: { catalogueItemId: item.id, capabilityId: change.capabilityId } },
      data: { assessmentResult: change.result },
    });
  }
  if (change === "suspended") await database.db.catalogueItem.update({ where: { id: item.id }, data: { publicationStatus: "SUSPENDED" } });
}

describe("home page foundation count", () => {
  it("counts solutions meeting all six foundation capabilities, passed in full or in part, that buyers can see", async () => {
    const before = (await catalogueOverview(database.db)).foundationCount;
    await solutionWithFoundation("All full");
    await solutionWithFoundation("C14 partial", { capabilityId: "C14", result: "PASSED_PARTIAL" });
    await solutionWithFoundation("C14 failed", { capabilityId: "C14", result: "FAILED" });
    await solutionWithFoundation("No C15", "drop-C15");
    await solutionWithFoundation("Suspended", "suspended");
    // A failed non-foundation capability changes nothing.
    await solutionWithFoundation("C43 failed", { capabilityId: "C43", result: "FAILED" });
    expect((await catalogueOverview(database.db)).foundationCount).toBe(before + 3);
  });
});

describe("home page figures cache", () => {
  it("reuses the figures until the search index changes, answering with the last ones while the next are worked out", async () => {
    await rebuildSearchIndex(database.db, { log: () => {} });
    const first = await cachedCatalogueOverview(database.db);
    expect(first).toEqual(await catalogueOverview(database.db));
    expect(await cachedCatalogueOverview(database.db)).toBe(first);

    // A new listing reaches the index (as the outbox's search sync does): the version moves.
    const { item } = await createPublishedSolution(database.db, { supplierId, name: "Overview Cache Test" });
    const { documents } = await projectListings(database.db, [item.id]);
    await searchEngines().postgres.upsert(documents);

    expect(await cachedCatalogueOverview(database.db)).toBe(first);
    await expect.poll(async () => (await cachedCatalogueOverview(database.db)).solutions, { timeout: 5_000 }).toBe(first.solutions + 1);
    expect((await cachedCatalogueOverview(database.db)).recent.map((r) => r.id)).toContain(item.id);
  });
});
