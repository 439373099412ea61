/**
 * Capabilities and their epics: names, descriptions, category, status (an expired capability
 * or epic stays on record for the listings that claimed it, labelled expired), which
 * frameworks use a capability, and each epic's MUST/SHOULD/MAY level. Audited. A capability's
 * name and status are shown on search results, so the listings claiming it are re-indexed.
 */
import { z } from "zod";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { queueSearchSync } from "~/modules/listings/search-sync.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { EPIC_LEVELS, REFERENCE_STATUSES } from "./reference-values";


export async function listCapabilities(db: DbClient, actor: Actor) {
  assertCan(actor, "capability", "manage");
  const capabilities = await db.capability.findMany({
    orderBy: { number: "asc" },
    select: { id: true, name: true, status: true, isFoundation: true, category: { select: { name: true } }, _count: { select: { epics: true } } },
  });
  return capabilities.map((c) => ({ id: c.id, name: c.name, status: c.status, isFoundation: c.isFoundation, category: c.category.name, epics: c._count.epics }));
}

export async function getCapability(db: DbClient, actor: Actor, id: string) {
  assertCan(actor, "capability", "manage");
  const capability = await db.capability.findUnique({
    where: { id },
    include: {
      epics: { orderBy: { id: "asc" } },
      frameworks: { select: { frameworkId: true } },
      _count: { select: { solutions: true } },
    },
  });
  if (!capability) return null;
  const { categories, frameworks } = await capabilityChoices(db, actor);
  // Epic ids sort as text ("C5E10" before "C5E2"): order them by their number instead.
  const epics = [...capability.epics].sort((a, b) => epicNumber(a.id) - epicNumber(b.id) || a.id.localeCompare(b.id));
  return {
    id: capability.id,
    name: capability.name,
    description: capability.description,
    status: capability.status,
    categoryId: capability.categoryId,
    isFoundation: capability.isFoundation,
    frameworkIds: capability.frameworks.map((f) => f.frameworkId),
    solutions: capability._count.solutions,
    epics: epics.map((e) => ({ id: e.id, name: e.name, level: e.level, status: e.status })),
    categories,
    frameworks,
  };
}

/** The categories and frameworks a capability form offers. */
export async function capabilityChoices(db: DbClient, actor: Actor) {
  assertCan(actor, "capability", "manage");
  const [categories, frameworks] = await Promise.all([
    db.capabilityCategory.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.framework.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, shortName: true } }),
  ]);
  return { categories, frameworks };
}

const epicNumber = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max} characters or fewer`);

const listOf = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

export const capabilitySchema = z.object({
  name: text("capability name", 200),
  description: text("description", 2000),
  categoryId: z.string({ error: "Choose a category" }).trim().min(1, "Choose a category"),
  status: z.enum(REFERENCE_STATUSES, { error: "Choose a status" }),
  frameworkIds: z.preprocess(listOf, z.array(z.string().max(40))),
});

export type CapabilityInput = z.infer<typeof capabilitySchema>;

/** Refuses a category or framework not in the lists, or a name another capability has; returns the framework ids, once each. */
async function checkCapabilityInput(tx: DbClient, input: CapabilityInput, exceptId?: string) {
  if (!(await tx.capabilityCategory.findUnique({ where: { id: input.categoryId } }))) throw new ActionRefused("Choose a category from the list.");
  const frameworkIds = [...new Set(input.frameworkIds)].sort();
  if ((await tx.framework.count({ where: { id: { in: frameworkIds } } })) !== frameworkIds.length) throw new ActionRefused("Choose frameworks from the list.");
  if (await tx.capability.findFirst({ where: { ...(exceptId ? { id: { not: exceptId } } : {}), name: { equals: input.name, mode: "insensitive" } } })) {
    throw new ActionRefused("Another capability already has this name.");
  }
  return frameworkIds;
}

/** The capability form field a refusal from checkCapabilityInput belongs to, for its inline error. */
export function capabilityFieldOf(refusal: ActionRefused): "frameworkIds" | "categoryId" | "name" {
  return refusal.message.includes("framework") ? "frameworkIds" : refusal.message.includes("category") ? "categoryId" : "name";
}

const capabilitySnapshot = (c: { name: string; description: string; categoryId: string; status: string }, frameworkIds: string[]) => ({
  name: c.name,
  description: c.description,
  categoryId: c.categoryId,
  status: c.status,
  frameworkIds,
});

/**
 * Adds a capability with the next reference in the series (C50 is followed by C51). Never a
 * foundation capability: that set is fixed by policy (catalogue/foundation.ts). No listing
 * claims it yet, so nothing is re-indexed.
 */
export async function addCapability(db: Db, actor: Actor, input: CapabilityInput) {
  assertCan(actor, "capability", "manage");
  return db.$transaction(async (tx) => {
    // Serialises two staff adding a capability at once: both would take the same number (and
    // could both pass the duplicate-name check). There is no parent row to lock, so a
    // transaction-scoped advisory lock stands in for one.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('capabilities.next-number'))::text AS locked`;
    const frameworkIds = await checkCapabilityInput(tx, input);
    const { _max } = await tx.capability.aggregate({ _max: { number: true } });
    const number = (_max.number ?? 0) + 1;
    const capability = await tx.capability.create({
      data: { id: `C${number}`, number, name: input.name, description: input.description, categoryId: input.categoryId, status: input.status, isFoundation: false },
    });
    await tx.frameworkCapability.createMany({ data: frameworkIds.map((frameworkId) => ({ frameworkId, capabilityId: capability.id })) });
    await recordAudit(tx, { actor, action: "capability.create", objectType: "Capability", objectId: capability.id, after: capabilitySnapshot(capability, frameworkIds) });
    return capability;
  });
}

export async function updateCapability(db: Db, actor: Actor, id: string, input: CapabilityInput) {
  assertCan(actor, "capability", "manage");
  return db.$transaction(async (tx) => {
    const before = await tx.capability.findUnique({ where: { id }, include: { frameworks: { select: { frameworkId: true } } } });
    if (!before) throw new ActionRefused("This capability no longer exists.");
    const frameworkIds = await checkCapabilityInput(tx, input, id);
    const after = await tx.capability.update({ where: { id }, data: { name: input.name, description: input.description, categoryId: input.categoryId, status: input.status } });
    await tx.frameworkCapability.deleteMany({ where: { capabilityId: id, frameworkId: { notIn: frameworkIds } } });
    await tx.frameworkCapability.createMany({ data: frameworkIds.map((frameworkId) => ({ frameworkId, capabilityId: id })), skipDuplicates: true });
    await recordAudit(tx, {
      actor,
      action: before.status !== after.status ? `capability.${after.status.toLowerCase()}` : "capability.update",
      objectType: "Capability",
      objectId: id,
      before: capabilitySnapshot(before, before.frameworks.map((f) => f.frameworkId).sort()),
      after: capabilitySnapshot(after, frameworkIds),
    });
    if (before.name !== after.name || before.status !== after.status) {
      const claims = await tx.solutionCapability.findMany({ where: { capabilityId: id }, select: { catalogueItemId: true } });
      await queueSearchSync(tx, claims.map((c) => c.catalogueItemId));
    }
    return after;
  });
}

export const epicSchema = z.object({
  name: text("epic name", 300),
  level: z.enum(EPIC_LEVELS, { error: "Choose MUST, SHOULD or MAY" }),
  status: z.enum(REFERENCE_STATUSES, { error: "Choose a status" }).default("ACTIVE"),
});

export type EpicInput = z.infer<typeof epicSchema>;

async function refuseDuplicateEpicName(tx: DbClient, capabilityId: string, name: string, exceptId?: string) {
  const clash = await tx.epic.findFirst({ where: { capabilityId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (clash) throw new ActionRefused(`Epic ${clash.id} of this capability already has this name.`);
}

/** Adds an epic with the next id in the capability's own series: C5 has C5E1…C5E9, so the next is C5E10. */
export async function addEpic(db: Db, actor: Actor, capabilityId: string, input: EpicInput) {
  assertCan(actor, "capability", "manage");
  return db.$transaction(async (tx) => {
    // Serialises two staff adding an epic to the same capability at once: both would take the same id.
    const [capability] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM capabilities WHERE id = ${capabilityId} FOR UPDATE`;
    if (!capability) throw new ActionRefused("This capability no longer exists.");
    await refuseDuplicateEpicName(tx, capabilityId, input.name);
    const existing = await tx.epic.findMany({ where: { id: { startsWith: `${capabilityId}E` } }, select: { id: true } });
    const own = new RegExp(`^${capabilityId}E(\\d+)$`);
    const next = Math.max(0, ...existing.map((e) => Number(own.exec(e.id)?.[1] ?? 0))) + 1;
    const epic = await tx.epic.create({ data: { id: `${capabilityId}E${next}`, capabilityId, name: input.name, level: input.level, status: input.status } });
    await recordAudit(tx, { actor, action: "epic.create", objectType: "Epic", objectId: epic.id, after: { capabilityId, name: epic.name, level: epic.level, status: epic.status } });
    return epic;
  });
}

export async function updateEpic(db: Db, actor: Actor, capabilityId: string, epicId: string, input: EpicInput) {
  assertCan(actor, "capability", "manage");
  return db.$transaction(async (tx) => {
    const before = await tx.epic.findFirst({ where: { id: epicId, capabilityId } });
    if (!before) throw new ActionRefused("This epic no longer exists.");
    await refuseDuplicateEpicName(tx, capabilityId, input.name, epicId);
    const after = await tx.epic.update({ where: { id: epicId }, data: { name: input.name, level: input.level, status: input.status } });
    const snapshot = (e: typeof before) => ({ name: e.name, level: e.level, status: e.status });
    await recordAudit(tx, { actor, action: "epic.update", objectType: "Epic", objectId: epicId, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}
