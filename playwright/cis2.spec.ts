import { expect, test } from "./support/fixtures";

/**
 * NHS CIS2 sign-in is off unless CIS2_ISSUER, CIS2_CLIENT_ID and CIS2_CLIENT_SECRET are set,
 * and the e2e server sets none of them: the login page has the password form only, and the
 * CIS2 addresses do not exist. The journey with CIS2 on runs against a real OpenID provider in
 * app/services/cis2/cis2-sign-in.http.test.ts.
 */
test("without CIS2 configured, the login page has no CIS2 button and its routes answer 404", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to the Buying Catalogue");
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(page.getByText("Care Identity Service")).toHaveCount(0);
  await expect(page.locator('form[action="/login/cis2"]')).toHaveCount(0);
  for (const path of ["/login/cis2", "/login/cis2/callback?code=x&state=y"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  }
});
