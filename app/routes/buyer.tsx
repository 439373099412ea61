import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";

// The buyer area: GP practice and ICB buyers (and their account managers) only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "order", action: "create" });
  return null;
}

export default function BuyerArea() {
  return <Outlet />;
}
