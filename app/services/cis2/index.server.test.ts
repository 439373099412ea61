import { createServer, type Server } from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "~/test/oidc-provider";
import { freePort } from "~/utils/embedded-postgres.server";
import { resetEnvForTests } from "~/utils/env.server";
import { cis2, cis2Enabled, Cis2Error, newCis2Checks } from "./index.server";

/** The CIS2 service against a real OpenID provider on localhost, and against one that is down or hangs. */
const APP_URL = "https://catalogue.test.invalid";
const saved = { ...process.env };
const running: { stop: () => Promise<void> }[] = [];

function configure(issuer: string | null) {
  for (const name of ["CIS2_ISSUER", "CIS2_CLIENT_ID", "CIS2_CLIENT_SECRET"]) delete process.env[name];
  process.env.APP_URL = APP_URL;
  if (issuer) Object.assign(process.env, { CIS2_ISSUER: issuer, CIS2_CLIENT_ID: "buying-catalogue-test", CIS2_CLIENT_SECRET: "a-client-secret-for-the-cis2-tests-only" });
  resetEnvForTests();
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});
afterAll(() => {
  process.env = saved;
  resetEnvForTests();
});

async function expectCis2Error(promise: Promise<unknown>, kind: Cis2Error["kind"]) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Cis2Error);
  expect((error as Cis2Error).kind).toBe(kind);
}

describe("the CIS2 service", () => {
  it("is off without configuration", () => {
    configure(null);
    expect(cis2Enabled()).toBe(false);
    expect(cis2()).toBeNull();
  });

  it("does not keep a failed discovery: the next sign-in tries again and works once CIS2 is back", async () => {
    const port = await freePort();
    configure(`http://localhost:${port}`);
    await expectCis2Error(cis2()!.authorizationUrl(newCis2Checks()), "unavailable");

    const provider: OidcProvider = await startOidcProvider({ redirectUri: `${APP_URL}/login/cis2/callback`, port });
    running.push(provider);
    const checks = newCis2Checks();
    const url = await cis2()!.authorizationUrl(checks);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get("redirect_uri")).toBe(`${APP_URL}/login/cis2/callback`);
    expect(url.searchParams.get("state")).toBe(checks.state);
    expect(url.searchParams.get("nonce")).toBe(checks.nonce);
    expect(url.searchParams.get("code_challenge")).not.toBe(checks.codeVerifier);

    // A code the provider never issued is refused by the provider.
    const callback = new URL(`${APP_URL}/login/cis2/callback?code=never-issued&state=${checks.state}&iss=${encodeURIComponent(provider.issuer)}`);
    await expectCis2Error(cis2()!.completeSignIn(callback, checks), "token-error");
    // An error answer from the provider is the provider's, not a failed exchange.
    const denied = new URL(`${APP_URL}/login/cis2/callback?error=access_denied&state=${checks.state}&iss=${encodeURIComponent(provider.issuer)}`);
    const error = await cis2()!.completeSignIn(denied, checks).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "provider-error", providerError: "access_denied" });
  });

  it("gives up on a provider that does not answer, after its timeout", { timeout: 30_000 }, async () => {
    const port = await freePort();
    const hanging: Server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => hanging.listen(port, resolve));
    running.push({ stop: () => new Promise<void>((resolve) => { hanging.closeAllConnections(); hanging.close(() => resolve()); }) });
    configure(`http://localhost:${port}`);
    const started = Date.now();
    await expectCis2Error(cis2()!.authorizationUrl(newCis2Checks()), "unavailable");
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
