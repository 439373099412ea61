import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { AppLink } from "~/components/nhs";
import { keepRetryAfter } from "~/modules/rate-limits/rate-limits.server";
import { startFlowCookie } from "~/services/cis2/flow-cookie.server";
import { cis2, cis2Enabled, Cis2Error, newCis2Checks } from "~/services/cis2/index.server";
import { requireCsrf, safeRedirectPath } from "~/utils/auth.server";

/**
 * Starts an NHS CIS2 sign-in (issue 14): the login page's "Sign in with NHS Care Identity
 * Service 2" button posts here. Makes this attempt's state, nonce and PKCE verifier, keeps them
 * in the browser's short-lived signed cookie, and sends the browser to CIS2.
 */
export const handle = { title: "NHS Care Identity Service 2 is not available" };

export const headers = keepRetryAfter;

const notFound = () => new Response("Not found", { status: 404 });

export async function loader() {
  if (!cis2Enabled()) throw notFound();
  // Only the button starts a sign-in (a post with the form's CSRF token).
  throw redirect("/login");
}

export async function action({ request }: ActionFunctionArgs) {
  // The form and its token are checked first, as on every form, whether or not CIS2 is on.
  await requireCsrf(request, null);
  const provider = cis2();
  if (!provider) throw notFound();
  const form = await request.formData();
  // Kept only when it is a path on this site; checked again before it is used.
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
  const checks = newCis2Checks();
  try {
    const url = await provider.authorizationUrl(checks);
    return redirect(url.href, { headers: { "Set-Cookie": await startFlowCookie({ ...checks, redirectTo }) } });
  } catch (error) {
    if (!(error instanceof Cis2Error)) throw error;
    console.error(error, error.cause);
    return json({ unavailable: true }, { status: 503, headers: { "Retry-After": "60" } });
  }
}

/** Rendered only when the action could not reach CIS2 (its 503). */
export default function Cis2Unavailable() {
  return (
    <div className="desktop:w-2/3">
      <h1>NHS Care Identity Service 2 is not available at the moment</h1>
      <p>You cannot log in with NHS Care Identity Service 2 right now. Try again in a few minutes.</p>
      <p>
        You can also <AppLink href="/login">log in with your email address and password</AppLink>, or{" "}
        <AppLink href="/contact">contact the Buying Catalogue team</AppLink>.
      </p>
    </div>
  );
}
