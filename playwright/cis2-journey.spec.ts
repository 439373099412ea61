import type { Page } from "@playwright/test";
import { startAppServer, type AppServer } from "../app/test/app-server";
import { startOidcProvider, type OidcProvider } from "../app/test/oidc-provider";
import { freePort } from "../app/utils/embedded-postgres.server";
import { expectNoAxeViolations } from "./support/axe";
import { e2e } from "./support/e2e-env";
import { expect, test } from "./support/fixtures";

/**
 * Signing in with NHS CIS2 in a browser, with and without JavaScript. The e2e server runs
 * without CIS2, so this spec starts its own: a real OpenID provider (oidc-provider) standing in
 * for CIS2, and a second app server on the e2e database configured against it. The browser
 * goes through the provider's own login and consent pages and back, which also proves the CSP
 * lets the login form be redirected to the provider (form-action).
 */
let provider: OidcProvider;
let app: AppServer;

test.beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  provider = await startOidcProvider({ redirectUri: `${appUrl}/login/cis2/callback` });
  provider.people.set("cis2-practice-buyer", { email: "practice.buyer@nhs.net", email_verified: true, name: "Practice Buyer" });
  provider.people.set("cis2-not-registered", { email: "not.registered.yet@nhs.net", email_verified: true, name: "New Person" });
  app = await startAppServer({
    databaseUrl: e2e.databaseUrl,
    port,
    // EMBEDDED_DATABASE: production accepts a localhost APP_URL only for a local demo.
    env: { ...provider.env, APP_URL: appUrl, EMBEDDED_DATABASE: "true", SESSION_SECRET: e2e.sessionSecret! },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await provider?.stop();
});

async function signInAtProvider(page: Page, subject: string) {
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a buyer signs in with NHS CIS2 and lands where they were going", async ({ page }) => {
  await page.goto(`${app.baseUrl}/login?redirectTo=%2Fbuyer%2Forders`);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign in with NHS Care Identity Service 2" }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await signInAtProvider(page, "cis2-practice-buyer");
  await expect(page).toHaveURL(`${app.baseUrl}/buyer/orders`);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
});

test("a person without an account is told how to ask for one", async ({ page }) => {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByRole("button", { name: "Sign in with NHS Care Identity Service 2" }).click();
  await signInAtProvider(page, "cis2-not-registered");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have a Buying Catalogue account yet");
  await expect(page.getByRole("link", { name: "Ask for an account" })).toHaveAttribute("href", "/request-account");
  await expectNoAxeViolations(page);
});
