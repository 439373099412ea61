import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { orderRefusalOnPages } from "~/modules/orders/pages.server";

/**
 * Every page of an order: when its Catalogue Solution can no longer be ordered (an assurance
 * lapsed, the listing was suspended, the framework expired), each page says why and offers
 * assured alternatives; the task saves and the submit refuse with the same words.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ refusal: await orderRefusalOnPages(request, params) });
}

export default function OrderPages() {
  return <Outlet />;
}
