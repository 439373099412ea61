import type { AuditEvent, Prisma, UserRole } from "../../../generated/prisma/client";
import type { DbClient } from "~/utils/db.server";

/**
 * The audit trail (DESIGN.md §2, §7): every write records who did what to which object,
 * inside the same transaction as the write, so a change and its audit event exist together
 * or not at all. The table is append-only: a database trigger refuses UPDATE, DELETE and
 * TRUNCATE, so nothing here (or anywhere) can rewrite history.
 */

/** Who acted. An `Actor` from auth.server fits as it is; null means the system (a job). */
export type AuditActor = { userId: string; role: UserRole; organisationId: string | null };

export type AuditEntry = {
  actor: AuditActor | null;
  /** "<object>.<verb>", e.g. "listing.publish", "assurance.lapse". */
  action: string;
  /** The model name, e.g. "CatalogueItem", "Order". */
  objectType: string;
  objectId: string | number | bigint;
  /** The fields the action changed, as they were and as they became (a row fits as it is). */
  before?: Prisma.InputJsonObject | null;
  after?: Prisma.InputJsonObject | null;
  ip?: string | null;
};

export function recordAudit(tx: DbClient, entry: AuditEntry): Promise<AuditEvent> {
  return tx.auditEvent.create({
    data: {
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      organisationId: entry.actor?.organisationId ?? null,
      action: entry.action,
      objectType: entry.objectType,
      objectId: String(entry.objectId),
      // Prisma takes undefined as "leave the column NULL"; a plain null is not accepted for JSON.
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      ip: entry.ip ?? null,
    },
  });
}

/** The history of one object, oldest first. */
export function auditEventsFor(db: DbClient, objectType: string, objectId: string | number | bigint): Promise<AuditEvent[]> {
  return db.auditEvent.findMany({
    where: { objectType, objectId: String(objectId) },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
}
