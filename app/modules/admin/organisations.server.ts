/**
 * Buyer organisations: list and search, add one by ODS code (a GP practice sits in an ICB),
 * and import practice list sizes from the NHS practice-size CSV in one set-based statement,
 * audited per organisation, with a report of what was updated and what was not.
 */
import { z } from "zod";
import { pageOf } from "~/modules/admin/paging";
import { Prisma, type OrganisationType } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { londonToday, toDbDate, type DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { MAX_ROW_ERRORS, type PracticeSize } from "./practice-sizes";

export const BUYER_TYPES = ["GP_PRACTICE", "ICB", "SUB_ICB_LOCATION", "CSU", "CCG"] as const;
const ODS_ROLES: Record<(typeof BUYER_TYPES)[number], string> = { GP_PRACTICE: "RO177", ICB: "RO261", SUB_ICB_LOCATION: "RO319", CSU: "RO213", CCG: "RO98" };
export const ORGANISATIONS_PAGE_SIZE = 50;

export async function listOrganisations(db: DbClient, actor: Actor, { search, page = 1 }: { search?: string; page?: number }) {
  assertCan(actor, "organisation", "manage");
  const where: Prisma.OrganisationWhereInput = {
    type: { in: [...BUYER_TYPES] },
    ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { odsCode: { equals: search.toUpperCase() } }] } : {}),
  };
  const total = await db.organisation.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, ORGANISATIONS_PAGE_SIZE);
  const organisations = await db.organisation.findMany({
    where,
    orderBy: [{ type: "asc" }, { name: "asc" }],
    skip,
    take,
    select: { id: true, odsCode: true, name: true, type: true, practiceListSize: true, listSizeUpdatedOn: true, icb: { select: { name: true } } },
  });
  return { organisations, total, page: current, totalPages };
}

export async function listIcbs(db: DbClient, actor: Actor) {
  assertCan(actor, "organisation", "manage");
  return db.organisation.findMany({ where: { type: "ICB" }, select: { id: true, name: true, odsCode: true }, orderBy: { name: "asc" } });
}

export const organisationSchema = z
  .object({
    odsCode: z
      .string({ error: "Enter the ODS code" })
      .trim()
      .toUpperCase()
      .min(1, "Enter the ODS code")
      .regex(/^[A-Z0-9]{3,6}$/, "The ODS code must be 3 to 6 letters and numbers, like A81001 or QE1"),
    name: z.string({ error: "Enter the organisation name" }).trim().min(1, "Enter the organisation name").max(200, "The name must be 200 characters or fewer"),
    type: z.enum(BUYER_TYPES, { error: "Choose the type of organisation" }),
    icbId: z.string().trim().optional(),
    practiceListSize: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,7}$/.test(v.replace(/,/g, "")), "The practice list size must be a whole number, like 8500"),
  })
  .superRefine((value, ctx) => {
    if (value.type === "GP_PRACTICE" && !/^[A-Z]\d{5}$/.test(value.odsCode)) {
      ctx.addIssue({ code: "custom", path: ["odsCode"], message: "A GP practice ODS code is a letter and 5 digits, like A81001" });
    }
    if ((value.type === "GP_PRACTICE" || value.type === "SUB_ICB_LOCATION") && !value.icbId) {
      ctx.addIssue({ code: "custom", path: ["icbId"], message: "Choose the ICB the organisation is in" });
    }
  });

export async function addOrganisation(db: Db, actor: Actor, input: z.infer<typeof organisationSchema>, today: DateOnly = londonToday()) {
  assertCan(actor, "organisation", "manage");
  return db.$transaction(async (tx) => {
    if (await tx.organisation.findUnique({ where: { odsCode: input.odsCode } })) throw new ActionRefused(`An organisation with ODS code ${input.odsCode} already exists.`);
    const icb = input.icbId ? await tx.organisation.findFirst({ where: { id: input.icbId, type: "ICB" } }) : null;
    if (input.icbId && !icb) throw new ActionRefused("Choose an ICB from the list.");
    const listSize = input.practiceListSize ? Number(input.practiceListSize.replace(/,/g, "")) : null;
    const organisation = await tx.organisation.create({
      data: {
        odsCode: input.odsCode,
        name: input.name,
        type: input.type as OrganisationType,
        odsRole: ODS_ROLES[input.type],
        parentId: icb?.id ?? null,
        icbId: icb?.id ?? null,
        practiceListSize: input.type === "GP_PRACTICE" ? listSize : null,
        listSizeUpdatedOn: input.type === "GP_PRACTICE" && listSize !== null ? toDbDate(today) : null,
      },
    });
    await recordAudit(tx, { actor, action: "organisation.create", objectType: "Organisation", objectId: organisation.id, after: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type, icbId: organisation.icbId, practiceListSize: organisation.practiceListSize } });
    return organisation;
  });
}

export type ImportReport = { rowsRead: number; updated: number; unchanged: number; unknown: string[]; rowErrors: string[]; moreErrors: number };

/**
 * Applies a parsed practice-size file: one statement updates every known practice whose size
 * changed and audits each change; codes the catalogue does not know are reported, not created.
 */
export async function importPracticeSizes(
  db: Db,
  actor: Actor,
  file: { sizes: PracticeSize[]; rowErrors: string[]; rowsRead: number; extractDate: DateOnly | null; fileName: string },
): Promise<ImportReport> {
  assertCan(actor, "organisation", "manage");
  const asOf = file.extractDate ?? londonToday();
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ ods_code: string; outcome: string }[]>(Prisma.sql`
        WITH input AS (
          SELECT * FROM unnest(${file.sizes.map((s) => s.odsCode)}::text[], ${file.sizes.map((s) => s.listSize)}::int[]) AS i(ods_code, list_size)
        ), matched AS (
          SELECT o.id, o.ods_code, o.practice_list_size AS old_size, input.list_size
          FROM input JOIN organisations o ON o.ods_code = input.ods_code AND o.type = 'GP_PRACTICE'
        ), updated AS (
          UPDATE organisations o SET practice_list_size = m.list_size, list_size_updated_on = ${asOf}::date, updated_at = now()
          FROM matched m WHERE o.id = m.id AND o.practice_list_size IS DISTINCT FROM m.list_size
          RETURNING o.id, o.ods_code, m.old_size, m.list_size
        ), audited AS (
          INSERT INTO audit_events (actor_user_id, actor_role, organisation_id, action, object_type, object_id, before, after)
          SELECT ${actor.userId}, ${actor.role}::"UserRole", ${actor.organisationId}, 'organisation.importListSize', 'Organisation', id,
                 jsonb_build_object('practiceListSize', old_size), jsonb_build_object('practiceListSize', list_size, 'asOf', ${asOf}::text)
          FROM updated
        )
        SELECT input.ods_code,
               CASE WHEN u.id IS NOT NULL THEN 'updated' WHEN m.id IS NOT NULL THEN 'unchanged' ELSE 'unknown' END AS outcome
        FROM input LEFT JOIN matched m ON m.ods_code = input.ods_code LEFT JOIN updated u ON u.ods_code = input.ods_code`);
      const count = (outcome: string) => rows.filter((r) => r.outcome === outcome).length;
      const unknown = rows.filter((r) => r.outcome === "unknown").map((r) => r.ods_code);
      const report: ImportReport = {
        rowsRead: file.rowsRead,
        updated: count("updated"),
        unchanged: count("unchanged"),
        unknown: unknown.slice(0, MAX_ROW_ERRORS),
        rowErrors: file.rowErrors.slice(0, MAX_ROW_ERRORS),
        moreErrors: Math.max(0, file.rowErrors.length - MAX_ROW_ERRORS) + Math.max(0, unknown.length - MAX_ROW_ERRORS),
      };
      await recordAudit(tx, {
        actor,
        action: "organisation.importListSizes",
        objectType: "PracticeListSizeImport",
        objectId: file.fileName.slice(0, 200),
        after: { asOf, rowsRead: report.rowsRead, updated: report.updated, unchanged: report.unchanged, unknown: unknown.length, rowErrors: file.rowErrors.length },
      });
      return report;
    },
    { timeout: 120_000 },
  );
}
