/**
 * Framework management: name, owner, funding types, maximum call-off term, dates and status.
 * Expiring a framework (status EXPIRED) is what stops new orders: ordering only offers LIVE
 * frameworks. Every change is audited; listings on the framework are re-indexed because their
 * framework badges change.
 */
import { z } from "zod";
import type { FrameworkStatus as DbFrameworkStatus } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { fromDbDate, londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import { queueSearchSync } from "~/modules/listings/search-sync.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { checkFrameworkStatusChange, FRAMEWORK_STATUSES, type FrameworkStatus } from "./framework-rules";

export async function listFrameworks(db: DbClient, actor: Actor) {
  assertCan(actor, "framework", "manage");
  const frameworks = await db.framework.findMany({
    orderBy: [{ status: "asc" }, { name: "asc" }],
    include: { _count: { select: { solutions: true, contracts: { where: { status: { in: ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] } } } } } },
  });
  return frameworks.map((f) => ({
    id: f.id,
    name: f.name,
    shortName: f.shortName,
    owner: f.owner,
    status: f.status,
    fundingTypes: f.fundingTypes,
    maxTermMonths: f.maxTermMonths,
    startsOn: f.startsOn ? fromDbDate(f.startsOn) : null,
    endsOn: f.endsOn ? fromDbDate(f.endsOn) : null,
    solutions: f._count.solutions,
    liveContracts: f._count.contracts,
  }));
}

export async function getFramework(db: DbClient, actor: Actor, id: string) {
  assertCan(actor, "framework", "manage");
  return (await listFrameworks(db, actor)).find((f) => f.id === id) ?? null;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max} characters or fewer`);

export const frameworkSchema = z.object({
  name: text("framework name", 200),
  shortName: text("short name", 60),
  owner: text("owner", 100),
  fundingTypes: z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.enum(["CENTRAL", "LOCAL"], { error: "Choose central or local funding" })).min(1, "Choose at least one funding type"),
  ),
  maxTermMonths: z.coerce
    .number({ error: "Enter the maximum term in months" })
    .int("Enter the maximum term as a whole number of months")
    .min(2, "The maximum term must be at least 2 months (an initial period and one more month)")
    .max(36, "The maximum term must be 36 months or fewer"),
  status: z.enum(FRAMEWORK_STATUSES, { error: "Choose a status" }),
});

export type FrameworkInput = z.infer<typeof frameworkSchema> & { startsOn: DateOnly | null; endsOn: DateOnly | null };

export async function updateFramework(db: Db, actor: Actor, id: string, input: FrameworkInput, today: DateOnly = londonToday()) {
  assertCan(actor, "framework", "manage");
  if (input.startsOn && input.endsOn && input.endsOn <= input.startsOn) throw new ActionRefused("The end date must be after the start date.");
  return db.$transaction(async (tx) => {
    const before = await tx.framework.findUnique({ where: { id } });
    if (!before) throw new ActionRefused("This framework no longer exists.");
    const check = checkFrameworkStatusChange(before.status as FrameworkStatus, input.status, { startsOn: input.startsOn, today });
    if (!check.ok) throw new ActionRefused(check.reason);
    const after = await tx.framework.update({
      where: { id },
      data: {
        name: input.name,
        shortName: input.shortName,
        owner: input.owner,
        fundingTypes: input.fundingTypes,
        maxTermMonths: input.maxTermMonths,
        startsOn: input.startsOn ? toDbDate(input.startsOn) : null,
        endsOn: input.endsOn ? toDbDate(input.endsOn) : null,
        status: input.status as DbFrameworkStatus,
      },
    });
    const snapshot = (f: typeof before) => ({
      name: f.name,
      shortName: f.shortName,
      owner: f.owner,
      fundingTypes: f.fundingTypes,
      maxTermMonths: f.maxTermMonths,
      startsOn: f.startsOn ? fromDbDate(f.startsOn) : null,
      endsOn: f.endsOn ? fromDbDate(f.endsOn) : null,
      status: f.status,
    });
    await recordAudit(tx, {
      actor,
      action: before.status !== after.status ? `framework.${after.status.toLowerCase()}` : "framework.update",
      objectType: "Framework",
      objectId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    if (before.status !== after.status || before.shortName !== after.shortName) {
      const members = await tx.frameworkSolution.findMany({ where: { frameworkId: id }, select: { catalogueItemId: true } });
      await queueSearchSync(tx, members.map((m) => m.catalogueItemId));
    }
    return after;
  });
}
