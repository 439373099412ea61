/**
 * Market reports for commercial staff: call-off contracts, their value and the patients they
 * cover, by framework, ICB, supplier or capability, month by month; supplier market share
 * with its concentration; assurance lapses over time. Aggregated in SQL (one statement per
 * figure), money summed as Decimal and carried as strings, never as floats.
 */
import { Prisma } from "../../../generated/prisma/client";
import { assertCan } from "~/modules/admin/guard.server";
import { addDays, addMonths, londonToday, type DateOnly } from "~/modules/dates";
import { toMoney } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { DbClient } from "~/utils/db.server";
import { concentration, type Concentration } from "./concentration";
import type { Dimension, Measure } from "./dimensions";


export type MarketCell = { month: string; group: string; orders: number; value: string; patients: number };

const groupExpression: Record<Dimension, Prisma.Sql> = {
  framework: Prisma.sql`f.short_name`,
  icb: Prisma.sql`COALESCE(icb.name, org.name)`,
  supplier: Prisma.sql`su.name`,
  capability: Prisma.sql`cap.id || ' ' || cap.name`,
};

/** The first day of each of the last `months` months, oldest first, ending with this month. */
export function monthsEnding(today: DateOnly, months: number): DateOnly[] {
  const first = `${today.slice(0, 7)}-01` as DateOnly;
  return Array.from({ length: months }, (_, i) => addMonths(first, i - months + 1));
}

/**
 * Contracts by the month they started and by one dimension. A contract counts once per
 * capability its solution claims (so the capability view adds up to more than the total).
 */
export async function marketByMonth(db: DbClient, actor: Actor, { dimension, months = 12, today = londonToday() }: { dimension: Dimension; months?: number; today?: DateOnly }) {
  assertCan(actor, "report", "read");
  const range = monthsEnding(today, months);
  const from = range[0];
  const until = addMonths(range[range.length - 1], 1);
  const capabilityJoin =
    dimension === "capability"
      ? Prisma.sql`JOIN solution_capabilities sc ON sc.catalogue_item_id = c.solution_id AND sc.assessment_result <> 'FAILED' JOIN capabilities cap ON cap.id = sc.capability_id`
      : Prisma.empty;
  const rows = await db.$queryRaw<{ month: Date; grp: string; orders: number; value: string; patients: number }[]>(Prisma.sql`
    SELECT date_trunc('month', c.start_date)::date AS month, ${groupExpression[dimension]} AS grp,
           count(*)::int AS orders, sum(c.total_value)::text AS value, sum(c.patients_covered)::int AS patients
    FROM contracts c
    JOIN frameworks f ON f.id = c.framework_id
    JOIN suppliers su ON su.id = c.supplier_id
    JOIN organisations org ON org.id = c.organisation_id
    LEFT JOIN organisations icb ON icb.id = org.icb_id
    ${capabilityJoin}
    WHERE c.start_date >= ${from}::date AND c.start_date < ${until}::date
    GROUP BY 1, 2
    ORDER BY 1, 2`);
  const cells: MarketCell[] = rows.map((row) => ({
    month: row.month.toISOString().slice(0, 10),
    group: row.grp,
    orders: row.orders,
    value: row.value,
    patients: row.patients,
  }));
  return { months: range, cells };
}

/** A measure's value in whole units (pence for money), for exact sums. */
export function measureOf(cell: Pick<MarketCell, "orders" | "value" | "patients">, measure: Measure): bigint {
  if (measure === "orders") return BigInt(cell.orders);
  if (measure === "patients") return BigInt(cell.patients);
  return toMoney(cell.value) / 100n;
}

/** Totals per group (largest first) and per month, for the charts and tables. */
export function summarise(report: { months: string[]; cells: MarketCell[] }, measure: Measure) {
  const byGroup = new Map<string, bigint>();
  const byMonth = new Map<string, bigint>(report.months.map((m) => [m, 0n]));
  for (const cell of report.cells) {
    const value = measureOf(cell, measure);
    byGroup.set(cell.group, (byGroup.get(cell.group) ?? 0n) + value);
    byMonth.set(cell.month, (byMonth.get(cell.month) ?? 0n) + value);
  }
  const groups = [...byGroup.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])));
  return { groups, months: [...byMonth.entries()] };
}

/** Each supplier's share of live contracts' annual value and of the patients they cover. */
export async function marketShare(db: DbClient, actor: Actor, today: DateOnly = londonToday()): Promise<{ byValue: Concentration; byPatients: Concentration }> {
  assertCan(actor, "report", "read");
  const rows = await db.$queryRaw<{ supplier: string; value: string; patients: string }[]>(Prisma.sql`
    SELECT su.name AS supplier, sum(c.annual_value)::text AS value, sum(c.patients_covered)::text AS patients
    FROM contracts c JOIN suppliers su ON su.id = c.supplier_id
    WHERE c.status IN ('ACTIVE', 'EXPIRING', 'FLAGGED_FOR_TERMINATION') AND c.end_date >= ${today}::date
    GROUP BY su.name`);
  return {
    byValue: concentration(rows.map((row) => ({ supplier: row.supplier, value: toMoney(row.value) / 100n }))),
    byPatients: concentration(rows.map((row) => ({ supplier: row.supplier, value: BigInt(row.patients) }))),
  };
}

/**
 * Assurances that lapsed in each month: every lapse the scan recorded (audit events), and
 * every record lapsed or in remediation now (including seeded history), each counted once.
 */
export async function lapsesByMonth(db: DbClient, actor: Actor, { months = 12, today = londonToday() }: { months?: number; today?: DateOnly } = {}) {
  assertCan(actor, "report", "read");
  const range = monthsEnding(today, months);
  const rows = await db.$queryRaw<{ month: Date; lapses: number }[]>(Prisma.sql`
    WITH lapses AS (
      SELECT object_id AS record_id, date_trunc('month', occurred_at AT TIME ZONE 'Europe/London')::date AS month
      FROM audit_events WHERE action = 'assurance.lapsed' AND object_type = 'AssuranceRecord'
      UNION
      SELECT id, date_trunc('month', expires_on + 1)::date FROM assurance_records
      WHERE status IN ('LAPSED', 'IN_REMEDIATION') AND expires_on IS NOT NULL
    )
    SELECT month, count(DISTINCT record_id)::int AS lapses FROM lapses
    WHERE month >= ${range[0]}::date AND month < ${addDays(addMonths(range[range.length - 1], 1), 0)}::date
    GROUP BY month ORDER BY month`);
  const counts = new Map(rows.map((row) => [row.month.toISOString().slice(0, 10), row.lapses]));
  return range.map((month) => ({ month, lapses: counts.get(month) ?? 0 }));
}
