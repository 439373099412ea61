import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";
import { AREAS } from "~/utils/permissions";

// The commercial staff console: NHS England commercial staff only.
// Every guard under this path checks the same permission (AREAS), for data requests and posts
// that run a child route without this loader.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, AREAS.admin.permission);
  return null;
}

export default function AdminArea() {
  return <Outlet />;
}
