import type { LoaderFunctionArgs } from "@remix-run/node";
import { openShortlist, shortlistCsv } from "~/modules/shortlists/shortlists.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "shortlist", action: "read" });
  const shortlist = await openShortlist(db(), actor, params.shortlistId ?? "");
  if (!shortlist) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const filename = shortlist.name.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "shortlist";
  return new Response(shortlistCsv(shortlist.results, shortlist.newIds), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}.csv"`, "Cache-Control": "private, no-store" },
  });
}
