import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsvStream, parseAuditFilters } from "~/modules/audit/audit-log.server";
import { londonToday } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

/** The filtered audit trail as CSV, streamed in batches (see auditCsvStream). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "auditLog", action: "export" });
  const { filters, errors } = parseAuditFilters(new URL(request.url).searchParams);
  if (Object.keys(errors).length > 0) {
    return new Response(`${Object.values(errors).join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(auditCsvStream(db(), actor, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${londonToday()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
