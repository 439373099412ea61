/**
 * The assurance register: every supplier and solution against every standard it must meet,
 * with state and dates; filterable, paged, and exportable as CSV (streamed in keyset batches).
 * The state shown is computed for today from the dates (computeAssuranceStatus), so the page
 * is right even before the daily scan has run.
 */
import type { AssuranceStatus, Prisma } from "../../../generated/prisma/client";
import { pageOf } from "~/modules/admin/paging";
import { assertCan } from "~/modules/admin/guard.server";
import { toCsv } from "~/modules/catalogue/compare";
import { fromDbDate, londonToday, type DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { DbClient } from "~/utils/db.server";
import { badgeText, computeAssuranceStatus, ASSURANCE_STATUSES } from "./assurance-status";

export const REGISTER_PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;

export type RegisterFilters = { supplier?: string; standardId?: string; status?: AssuranceStatus };

export function parseRegisterFilters(params: URLSearchParams): RegisterFilters {
  const status = params.get("status") ?? "";
  return {
    supplier: params.get("supplier")?.trim().slice(0, 100) || undefined,
    standardId: params.get("standard")?.trim().slice(0, 40) || undefined,
    status: (ASSURANCE_STATUSES as readonly string[]).includes(status) ? (status as AssuranceStatus) : undefined,
  };
}

function whereFor(filters: RegisterFilters): Prisma.AssuranceRecordWhereInput {
  return {
    ...(filters.supplier
      ? {
          OR: [
            { supplier: { name: { contains: filters.supplier, mode: "insensitive" } } },
            { catalogueItem: { name: { contains: filters.supplier, mode: "insensitive" } } },
          ],
        }
      : {}),
    ...(filters.standardId ? { standardId: filters.standardId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}

const include = {
  standard: { select: { id: true, name: true, warningWindowDays: true, isOverarching: true } },
  supplier: { select: { id: true, name: true } },
  catalogueItem: { select: { id: true, name: true } },
} satisfies Prisma.AssuranceRecordInclude;

type RecordRow = Prisma.AssuranceRecordGetPayload<{ include: typeof include }>;

function toView(record: RecordRow, today: DateOnly) {
  const expiresOn = record.expiresOn ? fromDbDate(record.expiresOn) : null;
  const dates = expiresOn ? { status: record.status, expiresOn, remediationDeadline: record.remediationDeadline ? fromDbDate(record.remediationDeadline) : null } : null;
  return {
    id: record.id,
    supplierName: record.supplier.name,
    subject: record.catalogueItem ? record.catalogueItem.name : "Supplier-level",
    catalogueItemId: record.catalogueItem?.id ?? null,
    standardId: record.standard.id,
    standardName: record.standard.name,
    status: dates ? computeAssuranceStatus(dates, today, record.standard.warningWindowDays) : record.status,
    badge: dates ? badgeText(dates, today, record.standard.warningWindowDays) : "Assured (does not expire)",
    assuredOn: fromDbDate(record.assuredOn),
    expiresOn,
    certificateNumber: record.certificateNumber,
  };
}

const orderBy: Prisma.AssuranceRecordOrderByWithRelationInput[] = [{ supplier: { name: "asc" } }, { standardId: "asc" }, { id: "asc" }];

export async function assuranceRegister(db: DbClient, actor: Actor, filters: RegisterFilters, page = 1, today: DateOnly = londonToday()) {
  assertCan(actor, "assurance", "record");
  const where = whereFor(filters);
  const total = await db.assuranceRecord.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, REGISTER_PAGE_SIZE);
  const records = await db.assuranceRecord.findMany({ where, include, orderBy, skip, take });
  const standards = await db.standard.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
  return { records: records.map((r) => toView(r, today)), total, page: current, totalPages, standards };
}

/** The filtered register as CSV, walked by id in batches so memory stays flat. */
export function assuranceRegisterCsv(db: DbClient, actor: Actor, filters: RegisterFilters, today: DateOnly = londonToday()): ReadableStream<Uint8Array> {
  assertCan(actor, "assurance", "record");
  const encoder = new TextEncoder();
  const where = whereFor(filters);
  let after: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(toCsv([["Supplier", "Covers", "Solution id", "Standard id", "Standard", "Status", "Badge", "Assured on", "Expires on", "Certificate number"]])));
        return;
      }
      const batch: RecordRow[] = await db.assuranceRecord.findMany({
        where: after === null ? where : { AND: [where, { id: { gt: after } }] },
        include,
        orderBy: { id: "asc" },
        take: EXPORT_BATCH,
      });
      if (batch.length === 0) return controller.close();
      after = batch[batch.length - 1].id;
      const rows = batch.map((r) => toView(r, today));
      controller.enqueue(
        encoder.encode(
          toCsv(rows.map((r) => [r.supplierName, r.subject, r.catalogueItemId ?? "", r.standardId, r.standardName, r.status, r.badge, r.assuredOn, r.expiresOn ?? "", r.certificateNumber ?? ""])),
        ),
      );
      if (batch.length < EXPORT_BATCH) controller.close();
    },
  });
}
