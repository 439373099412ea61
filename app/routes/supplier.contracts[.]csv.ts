import type { LoaderFunctionArgs } from "@remix-run/node";
import { londonToday } from "~/modules/dates";
import { supplierContracts, supplierContractsCsv } from "~/modules/suppliers/contracts.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "download" });
  const csv = supplierContractsCsv(await supplierContracts(db(), actor, { take: 100_000 }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="contracts-${actor.supplierId}-${londonToday()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
