import { expect, test as base, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers, type DemoUser } from "./users";

/** Signs in through the real form, as a person would (the sign-in journey itself is under test). */
export async function logIn(page: Page, user: DemoUser, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(demoUsers[user].email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
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
