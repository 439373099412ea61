import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataError, openDataResponse } from "~/modules/catalogue/open-data.server";
import { getSolutionForBuyers } from "~/modules/catalogue/solution.server";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** GET /api/v1/solutions/:id: what the solution page shows; 410 with date and reason once withdrawn. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const id = params.id ?? "";
  if (!/^[A-Za-z0-9-]{1,40}$/.test(id)) return openDataError(400, "A solution id looks like 10000-001", [{ param: "id", message: "Not a solution id" }]);
  const found = await getSolutionForBuyers(db(), id);
  if (!found) return openDataError(404, "There is no Catalogue Solution with that id");
  if (found.kind === "withdrawn") {
    return openDataError(410, `Withdrawn on ${found.withdrawnOn}${found.reason ? `: ${found.reason}` : ""}`, [{ param: "id", message: found.reason ?? "Withdrawn" }]);
  }
  const { today: _today, ...solution } = found.solution;
  return openDataResponse(request, solution);
}
