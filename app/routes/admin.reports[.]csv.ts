import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/modules/catalogue/compare";
import { londonToday } from "~/modules/dates";
import { percent } from "~/modules/reports/concentration";
import { DIMENSION_LABELS, DIMENSIONS, type Dimension } from "~/modules/reports/dimensions";
import { lapsesByMonth, marketByMonth, marketShare } from "~/modules/reports/reports.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** Each report's figures as CSV: the same numbers as the charts and tables. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "report", action: "read" });
  const params = new URL(request.url).searchParams;
  const report = params.get("report");
  let rows: string[][];
  if (report === "market") {
    const requested = params.get("dimension") ?? "";
    const dimension: Dimension = (DIMENSIONS as readonly string[]).includes(requested) ? (requested as Dimension) : "supplier";
    const market = await marketByMonth(db(), actor, { dimension });
    rows = [["Month", DIMENSION_LABELS[dimension], "Call-off orders", "Contract value (GBP)", "Patients covered"], ...market.cells.map((c) => [c.month, c.group, String(c.orders), c.value, String(c.patients)])];
  } else if (report === "share") {
    const share = await marketShare(db(), actor);
    rows = [
      ["Supplier", "Annual value of live contracts (GBP)", "Share"],
      ...share.byValue.shares.map((s) => [s.supplier, s.value.toString(), percent(s.shareBasisPoints)]),
      [],
      ["HHI", String(share.byValue.hhi)],
      ["Share of the two largest suppliers", percent(share.byValue.topTwoBasisPoints)],
    ];
  } else if (report === "lapses") {
    rows = [["Month", "Assurances lapsed"], ...(await lapsesByMonth(db(), actor)).map((l) => [l.month, String(l.lapses)])];
  } else {
    return new Response("Choose a report: market, share or lapses.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report}-report-${londonToday()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
