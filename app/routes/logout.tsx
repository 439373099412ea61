import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { optionalActor, requireCsrf } from "~/utils/auth.server";
import { destroySession } from "~/utils/session.server";

// Signing out changes state, so it is a POST with the session's CSRF token like any other.
export async function action({ request }: ActionFunctionArgs) {
  const actor = await optionalActor(request);
  if (!actor) return redirect("/");
  await requireCsrf(request, actor);
  return redirect("/?signedOut=1", { headers: { "Set-Cookie": await destroySession(request) } });
}

export const loader = () => redirect("/");
