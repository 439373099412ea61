import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, ButtonLink } from "~/components/nhs";
import { cis2RefusalMessage, type Cis2RefusalReason } from "~/modules/accounts/cis2-match";
import { cis2SignInAllowed, refuseCis2SignIn, signInWithCis2 } from "~/modules/accounts/cis2-sign-in.server";
import { networkKey, retryMessage } from "~/modules/rate-limits/rate-limits.server";
import { clearFlowCookie, readFlowCookie } from "~/services/cis2/flow-cookie.server";
import { CIS2_CALLBACK_PATH, cis2, Cis2Error } from "~/services/cis2/index.server";
import { safeRedirectPath } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { homePathFor } from "~/utils/permissions";
import { clientIp, createSession, tokensMatch } from "~/utils/session.server";

/**
 * Where NHS CIS2 sends the browser back (issue 14). Reads and clears this browser's sign-in in
 * progress, checks the state, exchanges the code (openid-client validates the ID token, nonce
 * and PKCE), matches the person to an account (cis2-match.ts) and signs them in. Anything else
 * is a clear page with a 4xx and an audit event, and nothing is created.
 */
type Refusal = { reason: Cis2RefusalReason | "unavailable" | "rate-limited"; title: string; body: string };

export const handle = { title: (data?: Refusal) => data?.title ?? "Log in with NHS Care Identity Service 2" };

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

// A real authorization response is a code, a state, an issuer and perhaps a session state: well under this.
const MAX_QUERY_LENGTH = 4096;

export async function loader({ request }: LoaderFunctionArgs) {
  const provider = cis2();
  if (!provider) throw new Response("Not found", { status: 404 });
  // One start allows one completion: the attempt is cleared whatever happens next.
  const headers = new Headers({ "Set-Cookie": await clearFlowCookie() });
  const network = networkKey(request);
  const ip = clientIp(request);
  const refuse = async (reason: Cis2RefusalReason, details: Omit<Parameters<typeof refuseCis2SignIn>[2], "ip" | "network"> = {}) => {
    await refuseCis2SignIn(db(), reason, { ip, network, ...details });
    return json<Refusal>({ reason, ...cis2RefusalMessage(reason) }, { status: 400, headers });
  };

  const limit = await cis2SignInAllowed(db(), network);
  if (!limit.allowed) {
    headers.set("Retry-After", String(limit.retryAfterSeconds));
    return json<Refusal>({ reason: "rate-limited", title: "Your log in could not be completed", body: retryMessage(limit, "attempts to log in") }, { status: 429, headers });
  }

  const url = new URL(request.url);
  const flow = await readFlowCookie(request);
  if (url.search.length > MAX_QUERY_LENGTH || !flow || !tokensMatch(flow.state, url.searchParams.get("state"))) return refuse("bad-state");
  const providerError = url.searchParams.get("error");
  if (providerError !== null) return refuse("provider-error", { providerError: /^[\x20-\x7e]{1,60}$/.test(providerError) ? providerError : "(not shown)" });

  // The address CIS2 was given (APP_URL), not the one this server sees behind a proxy: it is the redirect_uri sent with the code.
  const callbackUrl = new URL(appUrl(CIS2_CALLBACK_PATH));
  callbackUrl.search = url.search;
  let identity;
  try {
    identity = await provider.completeSignIn(callbackUrl, flow);
  } catch (error) {
    if (!(error instanceof Cis2Error)) throw error;
    if (error.kind === "unavailable") {
      console.error(error, error.cause);
      headers.set("Retry-After", "60");
      return json<Refusal>(
        { reason: "unavailable", title: "NHS Care Identity Service 2 is not available at the moment", body: "We could not complete your log in with NHS Care Identity Service 2. Try again in a few minutes." },
        { status: 503, headers },
      );
    }
    return refuse(error.kind, { providerError: error.providerError });
  }

  const result = await signInWithCis2(db(), identity, { ip, network });
  if (!result.ok) return json<Refusal>({ reason: result.reason, ...cis2RefusalMessage(result.reason) }, { status: 400, headers });
  headers.append("Set-Cookie", await createSession(result.userId, request, "cis2"));
  return redirect(safeRedirectPath(flow.redirectTo, homePathFor(result.role)), { headers });
}

export default function Cis2Callback() {
  const refusal = useLoaderData<typeof loader>();
  return (
    <div className="desktop:w-2/3">
      <h1>{refusal.title}</h1>
      <p>{refusal.body}</p>
      {refusal.reason === "unknown-person" ? (
        <>
          <ButtonLink href="/request-account">Ask for an account</ButtonLink>
          <p>
            If you think you already have an account, <AppLink href="/login">log in with your email address and password</AppLink> or{" "}
            <AppLink href="/contact">contact the Buying Catalogue team</AppLink>.
          </p>
        </>
      ) : (
        <p>
          <AppLink href="/login">Go back to the log in page</AppLink> or <AppLink href="/contact">contact the Buying Catalogue team</AppLink>.
        </p>
      )}
    </div>
  );
}
