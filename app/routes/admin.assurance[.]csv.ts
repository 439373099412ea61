import type { LoaderFunctionArgs } from "@remix-run/node";
import { assuranceRegisterCsv, parseRegisterFilters } from "~/modules/assurance/register.server";
import { londonToday } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** The filtered assurance register as CSV, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "record" });
  return new Response(assuranceRegisterCsv(db(), actor, parseRegisterFilters(new URL(request.url).searchParams)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="assurance-register-${londonToday()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
