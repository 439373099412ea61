import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";

// The commercial staff console: NHS England commercial staff only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "auditLog", action: "read" });
  return null;
}

export default function AdminArea() {
  return <Outlet />;
}
