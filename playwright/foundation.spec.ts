import { expectNoAxeViolations } from "./support/axe";
import { expect, logIn, test } from "./support/fixtures";
import { enterTwoFactorCode } from "./support/two-factor";
import { DEMO_PASSWORD, demoUsers, type DemoUser } from "./support/users";

const adminOnly = ["Audit log", "Lapse queue", "Review queue"];
const supplierOnly = ["Assurance", "Listings"];
const buyerOnly = ["Shortlists", "Contracts"];

const notInNavigation: Record<DemoUser, string[]> = {
  practiceBuyer: [...adminOnly, ...supplierOnly, "Users"],
  icbBuyer: [...adminOnly, ...supplierOnly, "Users"],
  icbAccountManager: [...adminOnly, ...supplierOnly],
  supplierAccountManager: [...adminOnly, ...buyerOnly],
  supplier: [...adminOnly, ...buyerOnly, "Colleagues"],
  commercialStaff: [...supplierOnly, ...buyerOnly],
};

test.describe("signing in as each role", () => {
  for (const [key, user] of Object.entries(demoUsers) as [DemoUser, (typeof demoUsers)[DemoUser]][]) {
    test(`${key} lands on their home page with their navigation only, then signs out`, async ({ page }) => {
      await logIn(page, key);
      await expect(page).toHaveURL(new RegExp(`${user.home}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.heading);
      const navigation = page.getByRole("navigation", { name: "Primary navigation" });
      await expect(navigation.getByRole("link", { name: user.navIncludes, exact: true })).toBeVisible();
      for (const label of notInNavigation[key]) {
        await expect(navigation.getByRole("link", { name: label, exact: true })).toHaveCount(0);
      }
      await expectNoAxeViolations(page);

      await page.getByRole("button", { name: "Log out" }).click();
      await expect(page).toHaveURL(/\/\?signedOut=1$/);
      await expect(page.getByText("You have logged out.")).toBeVisible();
      await page.goto(user.home);
      await expect(page).toHaveURL(/\/login\?redirectTo=/);
    });
  }
});

test("a signed-out visit to a signed-in area returns there after sign-in", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin$/);
  await page.getByLabel("Email address").fill(demoUsers.commercialStaff.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  // Staff give a code from their authenticator app next; the address they asked for is kept.
  await enterTwoFactorCode(page, demoUsers.commercialStaff.email);
  await expect(page).toHaveURL(/\/admin$/);
});

test("a buyer opening the commercial staff console is refused with a 403 page", async ({ page }) => {
  await logIn(page, "practiceBuyer");
  await expect(page).toHaveURL(/\/buyer$/);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
  await expectNoAxeViolations(page);
});

test.describe("bad sign-in input", () => {
  test("empty fields are explained in an error summary", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Log in" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Enter your email address");
    await expect(summary).toContainText("Enter your password");
    await expect(page).toHaveTitle(/^Error: /);
    await expectNoAxeViolations(page);
  });

  test("a wrong password and an unknown email get the same message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(demoUsers.icbBuyer.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
    await expect(page.getByLabel("Email address")).toHaveValue(demoUsers.icbBuyer.email);

    await page.getByLabel("Email address").fill("nobody@nhs.net");
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter a correct email address and password");
  });

  test("injection strings and very long input are refused with a message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email address").fill(`' OR 1=1 --<script>alert(1)</script>`);
    await page.getByLabel("Password").fill("x".repeat(5000));
    await page.getByRole("button", { name: "Log in" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("Enter an email address in the correct format");
    await expect(summary).toContainText("Password must be 200 characters or fewer");
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
  });
});

test.describe("public pages", () => {
  for (const path of ["/", "/accessibility-statement", "/cookies", "/contact", "/login"]) {
    test(`${path} has no accessibility violations`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      await expectNoAxeViolations(page);
    });
  }

  test("an unknown address answers a real 404 page", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page).toHaveTitle(/^Page not found/);
    await expectNoAxeViolations(page);
  });

  test("the home page shows the demo catalogue", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Recently published" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Browse by capability" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Prescribing/ }).first()).toBeVisible();
  });
});
