import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/** Call-off id as NHS buyers know it: C + 6-digit number + "-" + 2-digit revision. */
export function callOffId(order: { callOffNumber: number; revision: number }): string {
  return `C${String(order.callOffNumber).padStart(6, "0")}-${String(order.revision).padStart(2, "0")}`;
}

const orderFields = { organisation: true, supplier: true } as const;

export async function listOrders(db: Db, actor: Actor, { take = 50 }: { take?: number } = {}) {
  return db.order.findMany({
    where: { AND: [scopedWhere(actor, "order", "read", orderFields), { status: { not: "DELETED" } }] },
    orderBy: { createdAt: "desc" },
    take,
    include: { supplier: { select: { name: true } }, organisation: { select: { name: true, odsCode: true } } },
  });
}

export async function getOrder(db: Db, actor: Actor, id: string) {
  return db.order.findFirst({
    where: scopedById(actor, "order", "read", orderFields, id),
    include: { supplier: { select: { name: true } }, organisation: { select: { name: true, odsCode: true } } },
  });
}

export const orderDescriptionSchema = z.object({
  description: z.string().trim().min(1, "Enter a description of the order").max(100, "Description must be 100 characters or fewer"),
});

/**
 * Only the ordering party's own in-progress orders can change, and the ownership test is
 * part of the UPDATE itself, so a guessed id of another organisation changes nothing.
 */
export async function updateOrderDescription(db: Db, actor: Actor, id: string, description: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.order.findFirst({
      where: { AND: [scopedById(actor, "order", "edit", orderFields, id), { status: "IN_PROGRESS" }] },
      select: { id: true, description: true },
    });
    if (!before) return null;
    const after = await tx.order.update({ where: { id: before.id }, data: { description, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
      action: "order.describe",
      objectType: "Order",
      objectId: id,
      before: { description: before.description },
      after: { description },
    });
    return after;
  });
}
