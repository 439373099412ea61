import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/utils/auth.server";
import { AREAS } from "~/utils/permissions";

// "Your account": everyone signed in, for their own account only (scope "self").
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, AREAS.account.permission);
  return null;
}

export default function AccountArea() {
  return <Outlet />;
}
