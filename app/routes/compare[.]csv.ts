import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildComparison, comparisonCsv, parseCompareParams } from "~/modules/catalogue/compare";
import { getSolutionsForBuyers } from "~/modules/catalogue/solution.server";
import { londonToday } from "~/modules/dates";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** The comparison as CSV, from the same rows as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const parsed = parseCompareParams(new URL(request.url).searchParams);
  if (!parsed.ok) return new Response(`${parsed.message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const today = londonToday();
  const solutions = await getSolutionsForBuyers(db(), parsed.data.ids, today);
  if (solutions.length === 0) return new Response("Choose at least one Catalogue Solution to compare.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const csv = comparisonCsv(solutions, buildComparison(solutions, { listSize: parsed.data.listSize, today }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="compare-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
