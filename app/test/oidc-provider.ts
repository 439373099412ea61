import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "~/utils/embedded-postgres.server";

/**
 * A real OpenID Connect provider (`oidc-provider`) on localhost, standing in for NHS CIS2 in
 * tests: one confidential client (client_secret_post) that must use PKCE, people whose claims
 * the test chooses, and the provider's own login and consent pages (devInteractions), which
 * `signInAtProvider` fills in over HTTP as a person would.
 *
 *   const cis2 = await startOidcProvider({ redirectUri: "https://app.example/login/cis2/callback" });
 *   cis2.people.set("555001", { email: "pat@nhs.net", email_verified: true, name: "Pat" });
 *   ... await cis2.stop();
 */
export type TestPerson = { email?: string; email_verified?: boolean; name?: string };

export type OidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Subjects the provider knows, and their claims. */
  people: Map<string, TestPerson>;
  /** The environment that points the app at this provider. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

export async function startOidcProvider({ redirectUri, port = 0 }: { redirectUri: string; port?: number }): Promise<OidcProvider> {
  port ||= await freePort();
  const issuer = `http://localhost:${port}`;
  const clientId = "buying-catalogue-test";
  const clientSecret = "a-client-secret-for-the-cis2-tests-only";
  const people = new Map<string, TestPerson>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "client_secret_post",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // As CIS2 requires of its confidential clients too.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      return person ? { accountId: sub, claims: async () => ({ sub, ...person }) } : undefined;
    },
    cookies: { keys: ["cookie-signing-key-for-the-cis2-tests"] },
    // Set, so the provider does not print a notice for each default it uses.
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  // The provider logs a warning per error it renders; the tests make many on purpose.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error", error));
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    env: { CIS2_ISSUER: issuer, CIS2_CLIENT_ID: clientId, CIS2_CLIENT_SECRET: clientSecret },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Goes through the provider as a browser would, from the authorization URL our app sent the
 * browser to: the login page (signed in as `subject`) and the consent page, or `abort` at the
 * login page. Returns the URL the provider sends the browser back to (our callback).
 */
export async function signInAtProvider(authorizationUrl: string, subject: string, { abort = false }: { abort?: boolean } = {}): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  for (let step = 0; step < 10; step++) {
    const response = await send(url);
    const location = response.headers.get("location");
    if (!location) throw new Error(`The provider answered ${response.status} at ${url}: ${(await response.text()).slice(0, 500)}`);
    const next = new URL(location, url);
    if (next.origin !== origin) return next;
    if (!next.pathname.startsWith("/interaction/")) {
      url = next.href;
      continue;
    }
    const page = await (await send(next.href)).text();
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (abort) {
      url = `${next.href}/abort`;
      continue;
    }
    const body = prompt === "login" ? new URLSearchParams({ prompt, login: subject, password: "any" }) : new URLSearchParams({ prompt: prompt ?? "" });
    const submitted = await send(next.href, { method: "POST", body: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    const resume = submitted.headers.get("location");
    if (!resume) throw new Error(`The provider's ${prompt} page answered ${submitted.status}: ${(await submitted.text()).slice(0, 500)}`);
    url = new URL(resume, next).href;
  }
  throw new Error("The provider did not send the browser back after 10 steps");
}
