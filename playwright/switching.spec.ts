import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

/**
 * Switching supplier (issue 11), on the demo's switching story: QE1 has two healthy contracts
 * for supplier 10000's GP system (demo supplier one), with supplier 10001's (demo supplier
 * two) as an assured alternative. Each project switches its own contract.
 */

const projectIndex = () => (test.info().project.use.javaScriptEnabled === false ? 1 : 0);
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000);

async function fillDateParts(page: Page, legend: string | RegExp, [day, month, year]: [string, string, string]) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}
const fillDate = (page: Page, legend: string | RegExp, date: Date) => fillDateParts(page, legend, [String(date.getUTCDate()), String(date.getUTCMonth() + 1), String(date.getUTCFullYear())]);

const task = (page: Page, name: string | RegExp) => page.getByRole("listitem").filter({ hasText: name }).last();

async function solutionName(page: Page, id: string) {
  await page.goto(`/solutions/${id}`);
  return (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
}

async function tickTask(page: Page, button: string) {
  await expectNoAxeViolations(page);
  await page.getByLabel("Note for the other parties (optional)").fill("Done as agreed on the call.");
  await page.getByRole("button", { name: button }).click();
  // This task's own outcome, not the message: after a first tick the message is already on the page,
  // and a test going on meanwhile cleared the cookies under the page's revalidation, whose answer
  // then set a new anonymous CSRF cookie and the next sign-in was refused (a fresh-clone run saw it).
  await expect(page.getByRole("button", { name: button })).toHaveCount(0);
  await expect(page.getByText("Your task is marked as done")).toBeVisible();
}

test("a buyer switches a healthy contract to another supplier, both suppliers tick their tasks, the buyer confirms go-live, staff see it", async ({ page, signedInAs }) => {
  test.slow(); // A long journey through three portals, with an axe check on every new page.
  const from = await solutionName(page, "10000-001");
  const to = await solutionName(page, "10001-001");
  await signedInAs("icbBuyer");
  await page.goto("/buyer/contracts");
  // Not filtered on "Active": the other project's contract reads "Ends on …" once it has switched.
  const rows = page.getByRole("row").filter({ hasText: from }).filter({ hasNot: page.getByText(/Ordered by/) });
  await rows.nth(projectIndex()).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Contract C\d{6}-\d{2}$/ })).toBeVisible();
  const contractUrl = new URL(page.url()).pathname;
  const oldCallOff = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Contract ", "").slice(0, 7);

  // Compare: ranked alternatives from more than one supplier, with prices for this contract.
  await page.getByRole("link", { name: "Switch supplier" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Switch supplier" })).toBeVisible();
  await expectNoAxeViolations(page);
  const cards = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2 }) });
  expect(await cards.count()).toBeGreaterThan(1);
  await expect(page.getByRole("link", { name: to, exact: true })).toHaveAttribute("href", "/solutions/10001-001");
  await expect(page.getByText(/a year on this contract at its agreed price/)).toBeVisible();
  await expect(page.getByText(/a year\s+for this contract/).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /side by side/ })).toHaveAttribute("href", /\/compare\?ids=10000-001/);
  await page.getByRole("link", { name: `Switch to ${to}` }).click();

  // The switch date: bad answers explained, every one at once.
  await expect(page.getByRole("heading", { level: 1, name: "Choose the switch date" })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "When should the new contract start?", inDays(-3));
  await page.getByLabel("Days of parallel running (optional)").fill("-1");
  await page.getByRole("button", { name: "Start the switch order" }).click();
  await expect(page.getByRole("link", { name: "The switch date must be in the future" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Parallel running must be a whole number of days from 0 to 90/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "When should the new contract start?", inDays(5));
  await page.getByLabel("Days of parallel running (optional)").fill("0");
  await page.getByRole("button", { name: "Start the switch order" }).click();
  await expect(page.getByRole("link", { name: /so the current supplier has 14 days to provide the data extract/ })).toBeVisible();
  await fillDate(page, "When should the new contract start?", inDays(40));
  await page.getByRole("button", { name: "Start the switch order" }).click();

  // The switch order: a replacement, with the same service recipients and quantities.
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(new RegExp(`: Replacement for ${oldCallOff}`))).toBeVisible();
  await page.getByRole("link", { name: "Commencement date and term" }).click();
  await page.getByLabel("Initial period (months)").fill("12");
  await page.getByLabel("Maximum term (months)").fill("36");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("link", { name: "Additional and Associated Services" }).click();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("link", { name: new RegExp(`${to}: price and quantity`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${to}: price and quantity` })).toBeVisible();
  for (const box of await page.getByRole("textbox", { name: /\(P81\d+\)/ }).all()) await expect(box).not.toHaveValue("");
  const funding = page.getByLabel("Central funding (GPIT)");
  if ((await funding.count()) > 0 && !(await funding.isChecked())) await funding.check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(task(page, new RegExp(`${to}: price and quantity`))).toContainText("Completed");
  await page.getByRole("link", { name: "Review and submit your order" }).click();
  await page.getByRole("button", { name: "Submit order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order completed" })).toBeVisible();

  // The old contract ends the day before the new one starts; the plan is on its page.
  await page.goto(contractUrl);
  const lastDay = inDays(39);
  const lastDayText = `${lastDay.getUTCDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][lastDay.getUTCMonth()]} ${lastDay.getUTCFullYear()}`;
  await expect(page.getByText(`Ends on ${lastDayText} (termination notice)`, { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "View the switching plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Switch from ${from} to ${to}` })).toBeVisible();
  await expectNoAxeViolations(page);
  const switchPath = new URL(page.url()).pathname;
  const switchId = switchPath.split("/").pop()!;
  // The buyer's task waits for the suppliers': nothing to tick yet.
  await expect(page.getByRole("button", { name: "I confirm the switch is complete" })).toHaveCount(0);

  // The outgoing supplier provides the data extract; it cannot tick the incoming one's task.
  await page.context().clearCookies();
  await signedInAs("supplierAccountManager");
  // Its contract list reads true: the contract runs until the switch, then ends.
  await page.goto("/supplier/contracts");
  await expect(page.getByText(`Ends on ${lastDayText} (termination notice)`, { exact: true }).first()).toBeVisible();
  await page.goto("/supplier/switches");
  await expect(page.getByRole("heading", { level: 1, name: "Switching" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(`/supplier/switches/${switchId}`);
  await expect(page.getByText("You are the current supplier in this switch.")).toBeVisible();
  await expect(page.getByRole("button", { name: "I confirm the data migration is complete" })).toHaveCount(0);
  // A tampered form for the new supplier's task is refused, and changes nothing.
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const refused = await page.request.post(`/supplier/switches/${switchId}`, { form: { csrf, kind: "DATA_MIGRATION", note: "" } });
  expect(refused.status()).toBe(403);
  await page.reload();
  await expect(page.locator("#task-DATA_MIGRATION")).toContainText("To do");
  await tickTask(page, "I confirm the data extract has been provided");
  await expect(page.locator("#task-DATA_EXTRACT")).toContainText("Done");

  // The incoming supplier confirms the migration, then go-live.
  await page.context().clearCookies();
  await signedInAs("supplier");
  await page.goto("/supplier/switches");
  await page.getByRole("link", { name: /NHS Lancashire and South Cumbria ICB/ }).first().click();
  await page.goto(`/supplier/switches/${switchId}`);
  await expect(page.getByText("You are the new supplier in this switch.")).toBeVisible();
  await tickTask(page, "I confirm the data migration is complete");
  await tickTask(page, "I confirm the service recipients are live");

  // The buyer confirms the switch is complete.
  await page.context().clearCookies();
  await signedInAs("icbBuyer");
  await page.goto(switchPath);
  await page.getByRole("button", { name: "I confirm the switch is complete" }).click();
  await expect(page.getByText("The switch is complete.")).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Staff see it on the switching dashboard.
  await page.context().clearCookies();
  await signedInAs("commercialStaff");
  await page.goto("/admin/switching");
  await expect(page.getByRole("heading", { level: 1, name: "Switching" })).toBeVisible();
  await expect(page.getByText(/days \(\d+ switch(es)? live\)/)).toBeVisible();
  const wonLost = page.getByRole("table", { name: /Switches won and lost/ });
  await expect(wonLost.getByRole("row").filter({ hasText: /: total/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a switch or contract that is not the signed-in person's is not found", async ({ page, signedInAs }) => {
  // A made-up switch id is a 404 for everyone; the compare page of another organisation's contract too.
  await signedInAs("supplier");
  const missing = await page.goto("/supplier/switches/not-a-switch");
  expect(missing?.status()).toBe(404);
  await page.context().clearCookies();
  await signedInAs("practiceBuyer");
  await page.goto("/buyer/contracts");
  const response = await page.goto("/buyer/contracts/con-does-not-exist/switch");
  expect(response?.status()).toBe(404);
});
