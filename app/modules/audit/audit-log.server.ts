/**
 * Reading the audit trail (the writing side is audit.server.ts): filter by actor, object,
 * action and date range, page through it, and export it as CSV without loading the whole
 * table: the export walks the id index in batches (keyset pagination) and streams each batch.
 */
import type { Prisma } from "../../../generated/prisma/client";
import { pageOf } from "~/modules/admin/paging";
import { assertCan } from "~/modules/admin/guard.server";
import { toCsv } from "~/modules/catalogue/compare";
import { addDays, dateOnlyFromParts, type DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { DbClient } from "~/utils/db.server";
import { roleLabel } from "~/utils/permissions";

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;

export type AuditFilters = {
  actor?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  from?: DateOnly;
  to?: DateOnly;
};

/** Reads the filter form (GET): text fields as typed, dates from NHS date inputs; problems explained. */
export function parseAuditFilters(params: URLSearchParams): { filters: AuditFilters; errors: Record<string, string> } {
  const text = (name: string) => {
    const value = params.get(name)?.trim() ?? "";
    return value === "" ? undefined : value.slice(0, 200);
  };
  const errors: Record<string, string> = {};
  const date = (name: "from" | "to", label: string) => {
    const [day, month, year] = ["day", "month", "year"].map((part) => params.get(`${name}-${part}`)?.trim() ?? "");
    if (!day && !month && !year) return undefined;
    const parsed = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? dateOnlyFromParts(Number(year), Number(month), Number(day)) : null;
    if (!parsed) errors[name] = `${label} must be a real date, like 14 6 2026`;
    return parsed ?? undefined;
  };
  const filters: AuditFilters = {
    actor: text("actor"),
    objectType: text("objectType"),
    objectId: text("objectId"),
    action: text("action"),
    from: date("from", "The start date"),
    to: date("to", "The end date"),
  };
  if (filters.from && filters.to && filters.to < filters.from) errors.to = "The end date must be the same as or after the start date";
  return { filters, errors };
}

/** Midnight in London at the start of `date`, as an instant (BST or GMT as applies that day). */
export function londonMidnight(date: DateOnly): Date {
  const utcMidnight = new Date(`${date}T00:00:00.000Z`);
  const londonHour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(utcMidnight));
  // At UTC midnight London reads 00 (GMT) or 01 (BST): its own midnight was that many hours earlier.
  return new Date(utcMidnight.getTime() - londonHour * 3_600_000);
}

async function whereFor(db: DbClient, filters: AuditFilters): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filters.actor) {
    // An email finds that person's events; anything else is taken as a user id.
    const actorIds = filters.actor.includes("@")
      ? (await db.user.findMany({ where: { email: { contains: filters.actor.toLowerCase() } }, select: { id: true }, take: 100 })).map((u) => u.id)
      : [filters.actor];
    and.push({ actorUserId: { in: actorIds } });
  }
  if (filters.objectType) and.push({ objectType: filters.objectType });
  if (filters.objectId) and.push({ objectId: filters.objectId });
  if (filters.action) and.push({ action: { startsWith: filters.action } });
  if (filters.from) and.push({ occurredAt: { gte: londonMidnight(filters.from) } });
  if (filters.to) and.push({ occurredAt: { lt: londonMidnight(addDays(filters.to, 1)) } });
  return { AND: and };
}

export type AuditRow = {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  organisationName: string | null;
  action: string;
  objectType: string;
  objectId: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
};

async function withNames(db: DbClient, events: Prisma.AuditEventGetPayload<object>[]): Promise<AuditRow[]> {
  const userIds = [...new Set(events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const orgIds = [...new Set(events.flatMap((e) => (e.organisationId ? [e.organisationId] : [])))];
  const [users, organisations] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }),
    db.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
  ]);
  const user = new Map(users.map((u) => [u.id, u]));
  const organisation = new Map(organisations.map((o) => [o.id, o.name]));
  return events.map((event) => ({
    id: event.id.toString(),
    occurredAt: event.occurredAt.toISOString(),
    actorUserId: event.actorUserId,
    actorName: event.actorUserId ? (user.get(event.actorUserId)?.name ?? "Deleted user") : null,
    actorEmail: event.actorUserId ? (user.get(event.actorUserId)?.email ?? null) : null,
    actorRole: event.actorRole ? roleLabel(event.actorRole) : null,
    organisationName: event.organisationId ? (organisation.get(event.organisationId) ?? event.organisationId) : null,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    before: event.before,
    after: event.after,
  }));
}

export async function listAuditEvents(db: DbClient, actor: Actor, filters: AuditFilters, page = 1) {
  assertCan(actor, "auditLog", "read");
  const where = await whereFor(db, filters);
  const total = await db.auditEvent.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, AUDIT_PAGE_SIZE);
  const events = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip, take });
  return { events: await withNames(db, events), total, page: current, totalPages };
}

const CSV_HEADER = ["Event id", "When (UTC)", "Actor", "Actor email", "Role", "Organisation", "Action", "Object type", "Object id", "Before", "After"];

/**
 * The filtered trail as CSV, newest first, streamed in batches of 1,000 rows found by id
 * (keyset pagination): memory stays flat however large the table grows.
 */
export function auditCsvStream(db: DbClient, actor: Actor, filters: AuditFilters): ReadableStream<Uint8Array> {
  assertCan(actor, "auditLog", "export");
  const encoder = new TextEncoder();
  let where: Prisma.AuditEventWhereInput | undefined;
  let before: bigint | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(toCsv([CSV_HEADER])));
        return;
      }
      where ??= await whereFor(db, filters);
      const batch = await db.auditEvent.findMany({
        where: before === null ? where : { AND: [where, { id: { lt: before } }] },
        orderBy: { id: "desc" },
        take: EXPORT_BATCH,
      });
      if (batch.length === 0) {
        controller.close();
        return;
      }
      before = batch[batch.length - 1].id;
      const rows = await withNames(db, batch);
      controller.enqueue(
        encoder.encode(
          toCsv(
            rows.map((row) => [
              row.id,
              row.occurredAt,
              row.actorName ?? "System",
              row.actorEmail ?? "",
              row.actorRole ?? "",
              row.organisationName ?? "",
              row.action,
              row.objectType,
              row.objectId,
              row.before === null ? "" : JSON.stringify(row.before),
              row.after === null ? "" : JSON.stringify(row.after),
            ]),
          ),
        ),
      );
      if (batch.length < EXPORT_BATCH) controller.close();
    },
  });
}

/** The object types and action prefixes in the trail, for the filter's choices. */
export async function auditObjectTypes(db: DbClient, actor: Actor): Promise<string[]> {
  assertCan(actor, "auditLog", "read");
  const rows = await db.auditEvent.findMany({ distinct: ["objectType"], select: { objectType: true }, orderBy: { objectType: "asc" } });
  return rows.map((row) => row.objectType);
}
