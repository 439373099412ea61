import type { LoaderFunctionArgs } from "@remix-run/node";
import { orderCsv } from "~/modules/orders/order-export.server";
import { callOffId, findOrderDetail } from "~/modules/orders/orders.server";
import { notFound } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "download" });
  const order = await findOrderDetail(db(), actor, params.orderId ?? "", "download");
  if (!order) throw notFound();
  return new Response(orderCsv(order), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${callOffId(order)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
