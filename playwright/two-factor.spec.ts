import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { newPracticeBuyer, sql } from "./support/db";
import { expect, test } from "./support/fixtures";
import { enterTwoFactorCode, totpCode, unusedStep } from "./support/two-factor";
import { DEMO_PASSWORD } from "./support/users";

/**
 * Two-factor sign-in for commercial staff (issue 14): setting up an authenticator app at the
 * first sign-in, signing in with its codes, a used code refused, recovery codes working once.
 * Each project sets up its own staff account (a set-up happens once per account).
 */
const jsOff = () => test.info().project.use.javaScriptEnabled === false;
const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const problem = (page: Page) => page.getByRole("alert", { name: "There is a problem" });
const stepNow = () => Math.floor(Date.now() / 30_000);

async function password(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/\?signedOut=1$/);
}

test("staff set up two-factor at first sign-in, then sign in with a code or a recovery code, each only once", async ({ page }) => {
  test.slow();
  const email = jsOff() ? "commercial.new.two@nhs.net" : "commercial.new@nhs.net";

  // First sign-in: no session until the app is set up.
  await password(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor\/set-up$/);
  await expect(heading(page)).toHaveText("Set up two-factor sign-in");
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  expect((await page.request.get("/admin", { maxRedirects: 0 })).status()).toBe(302);
  await expectNoAxeViolations(page);

  // Bad codes are explained and change nothing.
  for (const [typed, message] of [
    ["12ab56", "using numbers only"],
    ["1234567", "using numbers only"],
    ["", "Enter the 6-digit code"],
  ] as const) {
    await page.getByLabel("Code from your authenticator app").fill(typed);
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(problem(page)).toContainText(message);
  }
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  // The key as typed into an app by hand; its code turns two-factor on.
  const key = (await page.locator("#two-factor-key").innerText()).replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your authenticator app").fill(totpCode(key, await unusedStep(email)));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(heading(page)).toHaveText("Two-factor sign-in is on: save your recovery codes");
  const recoveryCodes = await page.getByTestId("recovery-codes").getByRole("listitem").allInnerTexts();
  expect(recoveryCodes).toHaveLength(10);
  for (const code of recoveryCodes) expect(code.trim()).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(heading(page)).toHaveText("Commercial staff console");
  await logOut(page);

  // Signing in again: password, then a code. The next step's code, so a replay below is still in the window.
  await password(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(heading(page)).toHaveText("Enter the code from your authenticator app");
  await expectNoAxeViolations(page);
  const code = totpCode(key, stepNow() + 1);
  await page.getByLabel("Code", { exact: true }).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await logOut(page);

  // The same code again is refused as used.
  await password(page, email);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(problem(page)).toContainText("That code has already been used");
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(page.getByText("You can try 4 more times before you need to log in again.")).toBeVisible();
  await expectNoAxeViolations(page);

  // A recovery code instead: it works once.
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await expect(heading(page)).toHaveText("Enter a recovery code");
  await expectNoAxeViolations(page);
  await page.getByLabel("Recovery code").fill(recoveryCodes[0].toUpperCase());
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await logOut(page);

  await password(page, email);
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(problem(page)).toContainText("The recovery code is not correct or has already been used");
  await expectNoAxeViolations(page);
  await page.getByLabel("Recovery code").fill(recoveryCodes[1]);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // Their account page: on, 8 codes left, and staff cannot turn it off.
  await page.goto("/account/two-factor");
  await expect(heading(page)).toHaveText("Two-factor sign-in");
  await expect(page.getByText(/On since/)).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^8$/ })).toBeVisible();
  await expect(page.getByText("Commercial staff must use two-factor sign-in, because they can end suppliers' contracts. It cannot be turned off.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off two-factor sign-in" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // A wrong code for new recovery codes is explained; the codes stay as they were.
  await page.getByLabel("Code from your authenticator app").fill("abc");
  await page.getByRole("button", { name: "Get new recovery codes" }).click();
  await expect(problem(page)).toContainText("using numbers only");
  await expectNoAxeViolations(page);
});

test("a buyer turns on two-factor sign-in from their account, signs in with a code, and turns it off again", async ({ page }) => {
  test.slow();
  // Offered to everyone, required only of staff: a buyer of their own, so no demo sign-in changes.
  const email = `two.factor.${jsOff() ? "nojs" : "js"}.${Date.now().toString(36)}@nhs.net`;
  await newPracticeBuyer(email);
  await password(page, email);
  await expect(page).toHaveURL(/\/buyer$/);

  await page.goto("/account");
  await page.getByRole("link", { name: "Set up two-factor sign-in" }).click();
  await expect(heading(page)).toHaveText("Two-factor sign-in");
  await expect(page.getByText("Off", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(page);
  // A wrong code is explained and turns nothing on.
  await page.getByLabel("Code from your authenticator app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(problem(page)).toBeVisible();
  expect((await sql<{ on: boolean }>("SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE email = $1", [email]))[0].on).toBe(false);
  const key = (await page.locator("#two-factor-key").innerText()).replace(/\s/g, "");
  await page.getByLabel("Code from your authenticator app").fill(totpCode(key, await unusedStep(email)));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(heading(page)).toHaveText("Two-factor sign-in is on: save your recovery codes");
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await expectNoAxeViolations(page);
  await page.goto("/account/two-factor");
  await logOut(page);

  // The next sign-in asks for a code, and goes where the buyer was going.
  await password(page, email);
  await enterTwoFactorCode(page, email, key);
  await expect(page).toHaveURL(/\/buyer$/);

  // A buyer may turn it off, with a code; the password alone is enough again.
  await page.goto("/account/two-factor");
  await expect(page.getByText(/On since/)).toBeVisible();
  await page.locator("#turnOffCode").fill(totpCode(key, await unusedStep(email)));
  await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(page.getByText("Off", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  const actions = await sql<{ action: string }>("SELECT a.action FROM audit_events a JOIN users u ON u.id = a.object_id WHERE u.email = $1 AND a.action LIKE 'auth.mfa%' ORDER BY a.id", [email]);
  expect(actions.map((a) => a.action)).toEqual(["auth.mfaEnrol", "auth.mfaDisabled"]);
  await logOut(page);
  await password(page, email);
  await expect(page).toHaveURL(/\/buyer$/);
});

test("the code step without a password first, or after its cookie is gone, says to log in again", async ({ page }) => {
  await page.goto("/login/two-factor");
  await expect(heading(page)).toHaveText("Log in again");
  await expectNoAxeViolations(page);
  await page.goto("/login/two-factor/set-up");
  await expect(heading(page)).toHaveText("Log in again");
  await page.goto("/login/two-factor?recovery");
  await expect(heading(page)).toHaveText("Log in again");

  // The demo staff account's password, then the challenge cookie lost (another browser, or expired).
  await password(page, "commercial@nhs.net");
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await page.context().clearCookies({ name: "__sign_in_challenge" });
  await page.getByLabel("Code", { exact: true }).fill("123456");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(heading(page)).toHaveText("Log in again");
  await expect(problem(page)).toContainText("Your login has timed out or ended");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Log in again" }).last().click();
  await expect(page).toHaveURL(/\/login$/);
});
