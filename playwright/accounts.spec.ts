import type { Browser, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { newPracticeBuyer, sql } from "./support/db";
import { expect, test } from "./support/fixtures";
import { DEMO_PASSWORD, demoUsers } from "./support/users";

const jsOff = () => test.info().project.use.javaScriptEnabled === false;
const unique = () => `${jsOff() ? "nojs" : "js"}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const problem = (page: Page) => page.getByRole("alert", { name: "There is a problem" });

async function personPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: !jsOff() });
  return context.newPage();
}

/**
 * The password hint as the browser shows it once the page has hydrated: a value a page took
 * from a `.server` module is undefined in the browser, and React's hydration then either logs a
 * mismatch or renders "At least undefined characters".
 */
async function expectPasswordHint(page: Page, hydrationErrors: string[]) {
  if (!jsOff()) {
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.waitForLoadState("networkidle");
    expect(hydrationErrors).toEqual([]);
  }
  await expect(page.getByText("At least 12 characters. A few unrelated words make a strong password you can remember.")).toBeVisible();
}

/** Console errors about hydration, collected for expectPasswordHint. */
function watchHydration(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat|did not match|does not match/i.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/hydrat|did not match|does not match/i.test(error.message)) errors.push(error.message);
  });
  return errors;
}

/** The newest email to `to` with `subject`, once the job worker has sent it. */
async function emailTo(to: string, subject: string | RegExp): Promise<string> {
  let body = "";
  await expect
    .poll(async () => {
      const rows = await sql<{ subject: string; text_body: string }>('SELECT subject, text_body FROM emails WHERE "to" = $1 ORDER BY created_at DESC', [to]);
      body = rows.find((row) => (typeof subject === "string" ? row.subject === subject : subject.test(row.subject)))?.text_body ?? "";
      return body !== "";
    }, { timeout: 20_000 })
    .toBe(true);
  return body;
}


test("a buyer who forgot their password resets it from the sign-in page, signs in, and manages their account", async ({ page }) => {
  test.slow(); // Eight pages with an axe check each, and an email through the job worker.
  const email = `${unique()}@nhs.net`;
  await newPracticeBuyer(email);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgotten your password?" }).click();
  await expect(heading(page)).toHaveText("Reset your password");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(problem(page)).toContainText("Enter an email address in the correct format");
  await page.getByLabel("Email address").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(heading(page)).toHaveText("Check your email");
  await expectNoAxeViolations(page);

  const body = await emailTo(email, "Reset your Buying Catalogue password");
  const link = /\/reset-password\/[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  expect(link).toBeTruthy();
  const hydrationErrors = watchHydration(page);
  await page.goto(link!);
  await expect(heading(page)).toHaveText("Choose a new password");
  await expectPasswordHint(page, hydrationErrors);
  await expectNoAxeViolations(page);
  await page.getByLabel("New password", { exact: true }).fill("too short");
  await page.getByLabel("Confirm your new password").fill("too short");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(problem(page)).toContainText("Password must be at least 12 characters");
  await page.getByLabel("New password", { exact: true }).fill("lantern orchard velvet");
  await page.getByLabel("Confirm your new password").fill("lantern orchard velvet");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("Your password has been changed")).toBeVisible();
  await expectNoAxeViolations(page);

  // The old password no longer works; the new one does.
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(problem(page)).toContainText("Enter a correct email address and password");
  await page.getByLabel("Password").fill("lantern orchard velvet");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(heading(page)).toHaveText("Buyer home");

  // The link worked once.
  const again = await personPage(page.context().browser()!, test.info().project.use.baseURL);
  await again.goto(link!);
  await expect(again.getByRole("heading", { level: 1 })).toHaveText("This link is not valid");
  await expect(again.getByText("already been used")).toBeVisible();
  await again.context().close();

  // Your account: stop expiry reminders, see this session, change the password.
  await page.getByRole("link", { name: "Your account" }).click();
  await expect(heading(page)).toHaveText("Your account");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Change optional emails" }).click();
  await expectNoAxeViolations(page);
  await page.getByLabel("Contract expiry reminders").uncheck();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Your email preferences have been saved.")).toBeVisible();
  const [preferences] = await sql<{ expiry_reminders_off: boolean; summaries_off: boolean }>("SELECT expiry_reminders_off, summaries_off FROM users WHERE email = $1", [email]);
  expect(preferences).toEqual({ expiry_reminders_off: true, summaries_off: false });

  await page.getByRole("link", { name: "View where you are logged in" }).click();
  await expect(heading(page)).toHaveText("Where you are logged in");
  await expect(page.getByText("This device")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/account/password");
  await expectPasswordHint(page, hydrationErrors);
  await expectNoAxeViolations(page);
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill("harbour meadow pencil");
  await page.getByLabel("Confirm your new password").fill("harbour meadow pencil");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(problem(page)).toContainText("Your current password is not right");
  await page.getByLabel("Current password").fill("lantern orchard velvet");
  await page.getByLabel("New password", { exact: true }).fill("harbour meadow pencil");
  await page.getByLabel("Confirm your new password").fill("harbour meadow pencil");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password has been changed.")).toBeVisible();

  const audit = await sql<{ action: string }>("SELECT action FROM audit_events WHERE object_id = $1 ORDER BY id", [`user-${email}`]);
  expect(audit.map((event) => event.action)).toEqual(
    expect.arrayContaining(["auth.passwordResetRequested", "auth.passwordReset", "auth.signInFailed", "auth.signIn", "account.preferences", "auth.passwordChangeFailed", "auth.passwordChanged"]),
  );
});

test("someone asks for an account, the ICB's account manager approves it, and they accept the invitation", async ({ page, browser, baseURL, signedInAs }) => {
  test.slow(); // Three people, six pages with an axe check each.
  const email = `${unique()}@nhs.net`;
  const name = `Jordan ${unique()}`;
  const [icb] = await sql<{ ods_code: string }>("SELECT o.ods_code FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = $1", [demoUsers.icbAccountManager.email]);

  const asker = await personPage(browser, baseURL);
  await asker.goto("/login");
  await asker.getByRole("link", { name: "Request an account" }).click();
  await expect(heading(asker)).toHaveText("Request an account");
  await expectNoAxeViolations(asker);
  await asker.getByRole("button", { name: "Send request" }).click();
  await expect(problem(asker)).toContainText("Enter your full name");
  await expect(problem(asker)).toContainText("Select what you need to do");
  await expectNoAxeViolations(asker);
  await asker.getByLabel("Full name").fill(name);
  await asker.getByLabel("Work email address").fill(email);
  await asker.getByLabel("Your organisation's ODS code").fill("NOPE99");
  await asker.getByLabel("Buy for my organisation").check();
  await asker.getByRole("button", { name: "Send request" }).click();
  await expect(problem(asker)).toContainText("No organisation in the Buying Catalogue has the ODS code NOPE99");
  await asker.getByLabel("Your organisation's ODS code").fill(icb.ods_code.toLowerCase());
  await asker.getByRole("button", { name: "Send request" }).click();
  await expect(heading(asker)).toHaveText("Request sent");
  await expectNoAxeViolations(asker);
  // Asking twice is explained.
  await asker.goto("/request-account");
  await asker.getByLabel("Full name").fill(name);
  await asker.getByLabel("Work email address").fill(email);
  await asker.getByLabel("Your organisation's ODS code").fill(icb.ods_code);
  await asker.getByLabel("Buy for my organisation").check();
  await asker.getByRole("button", { name: "Send request" }).click();
  await expect(problem(asker)).toContainText("already waiting for a decision");

  await signedInAs("icbAccountManager");
  await page.goto("/buyer/users");
  await page.getByRole("link", { name: "Account requests" }).click();
  await expect(heading(page)).toHaveText("Account requests");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: `Approve ${name} and send an invitation` }).click();
  await expect(page.getByText("The request was approved and an invitation sent.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Recent decisions" })).toContainText(email);

  const invitation = await emailTo(email, /invited you to the Buying Catalogue/);
  const link = /\/invitations\/[A-Za-z0-9_-]{20,}/.exec(invitation)?.[0];
  await asker.goto(link!);
  await asker.getByLabel("Full name").fill(name);
  await asker.getByLabel("Create a password").fill("copper lighthouse willow");
  await asker.getByLabel("Confirm your password").fill("copper lighthouse willow");
  await asker.getByRole("button", { name: "Create account" }).click();
  await expect(problem(asker)).toContainText("Confirm that you accept the terms of use");
  await asker.getByLabel("Create a password").fill("copper lighthouse willow");
  await asker.getByLabel("Confirm your password").fill("copper lighthouse willow");
  await asker.getByLabel(/I have read and accept version \d+ of the terms of use/).check();
  await asker.getByRole("button", { name: "Create account" }).click();
  await expect(heading(asker)).toHaveText("Buyer home");
  const [accepted] = await sql<{ count: string }>("SELECT count(*) FROM terms_acceptances a JOIN users u ON u.id = a.user_id WHERE u.email = $1", [email]);
  expect(Number(accepted.count)).toBe(1);
  await asker.context().close();
});

test("someone who has not accepted the latest terms of use accepts them before going on, and goes where they were going", async ({ page }) => {
  const email = `${unique()}@nhs.net`;
  await newPracticeBuyer(email, { acceptedTerms: false });
  await page.goto("/buyer/contracts");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(heading(page)).toHaveText("Accept the terms of use");
  await expectNoAxeViolations(page);
  // Any other page sends them back here first.
  await page.goto("/buyer/orders");
  await expect(heading(page)).toHaveText("Accept the terms of use");
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(problem(page)).toContainText("Confirm that you accept the terms of use");
  await expectNoAxeViolations(page);
  await page.getByLabel(/I have read and accept version \d+ of the terms of use/).check();
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page).toHaveURL(/\/buyer\/orders$/);
  const accepted = await sql<{ ip: string | null }>("SELECT a.ip FROM terms_acceptances a JOIN users u ON u.id = a.user_id WHERE u.email = $1", [email]);
  expect(accepted).toHaveLength(1);
});

test("the terms of use are public, and staff see their versions", async ({ page, signedInAs }) => {
  await page.goto("/terms-of-use");
  await expect(heading(page)).toHaveText("Terms of use");
  await expect(page.getByText(/Version \d+, published/)).toBeVisible();
  await expectNoAxeViolations(page);
  await signedInAs("commercialStaff");
  await page.goto("/admin/terms");
  await expect(page.getByRole("table", { name: "Published versions" })).toBeVisible();
  await expectNoAxeViolations(page);
  // Publishing unconfirmed is refused, so nobody else's run is stopped by a new version.
  await page.getByLabel("What has changed").fill("Nothing, really.");
  await page.getByLabel("The terms of use in full").fill("x".repeat(60));
  await page.getByRole("button", { name: /Publish version/ }).click();
  await expect(problem(page)).toContainText("Confirm that everyone must accept the new version");
  await expectNoAxeViolations(page);
});
