import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";
import { AREAS } from "~/utils/permissions";

// The buyer area: GP practice and ICB buyers (and their account managers) only.
// Every guard under this path checks the same permission (AREAS), for data requests and posts
// that run a child route without this loader.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, AREAS.buyer.permission);
  return null;
}

export default function BuyerArea() {
  return <Outlet />;
}
