import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";

// The supplier area: users of a supplier company only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "listing", action: "create" });
  return null;
}

export default function SupplierArea() {
  return <Outlet />;
}
