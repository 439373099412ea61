import { expect, test as base, type Page } from "@playwright/test";
import { enterTwoFactorCode } from "./two-factor";
import { DEMO_PASSWORD, demoUsers, type DemoUser } from "./users";

/**
 * Signs in through the real form, as a person would (the sign-in journey itself is under test),
 * including the code from an authenticator app that commercial staff give after the password.
 */
export async function logIn(page: Page, user: DemoUser, password = DEMO_PASSWORD) {
  await logInWithEmail(page, demoUsers[user].email, password);
}

/** The same for any seeded account by its email (the demo staff account's code step included). */
export async function logInWithEmail(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  if (email === demoUsers.commercialStaff.email && password === DEMO_PASSWORD) await enterTwoFactorCode(page, email);
}

export const test = base.extend<{ signedInAs: (user: DemoUser) => Promise<void> }>({
  signedInAs: async ({ page }, use) => {
    await use(async (user) => {
      await logIn(page, user);
      await expect(page).toHaveURL(new RegExp(`${demoUsers[user].home}$`));
    });
  },
});

export { expect };
