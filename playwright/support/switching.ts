import { expect, type Page } from "@playwright/test";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * On the switch date page: the latest date the page allows (the day after the current
 * contract ends, always valid), with a reason in case that ends it inside its initial
 * period, then starts the switch order.
 */
export async function switchOnLatestDate(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Choose the switch date" })).toBeVisible();
  const hint = (await page.getByText(/\(the day after the current contract ends\)/).textContent())!;
  const [, day, month, year] = /and (\d{1,2}) (\w{3}) (\d{4}) \(the day after/.exec(hint)!;
  const group = page.getByRole("group", { name: "When should the new contract start?" });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(String(MONTHS.indexOf(month) + 1));
  await group.getByLabel("Year").fill(year);
  await page.getByLabel(/initial period/).fill("The supplier's assurance lapsed and the contract is being terminated.");
  await page.getByRole("button", { name: "Start the switch order" }).click();
}
