import { expectNoAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";

/**
 * Issue 10, "Assurance enforced at every door", on the demo data with and without JavaScript:
 * supplier 10005 (Fernleigh HealthTech) has a lapsed Data Security and Protection Toolkit,
 * so none of its solutions can be ordered, and buyers are told why and where to go instead.
 */

const LAPSED_SOLUTION = "10005-001"; // Fable Vaccinate
const DSPT_LAPSE = /Fernleigh HealthTech's Data Security and Protection Toolkit lapsed on \d{1,2} [A-Z][a-z]{2} \d{4}\./;

test("a buyer sees a supplier's lapse on the solution page, is refused an order with the reason, and follows an assured alternative to a new order", async ({ page, signedInAs }) => {
  test.slow(); // An axe check on every page, on a machine shared with other runs.
  await signedInAs("practiceBuyer");

  // The solution page warns, with the date and what it means for ordering, and offers no order button.
  await page.goto(`/solutions/${LAPSED_SOLUTION}`);
  await expect(page.getByRole("heading", { level: 1, name: "Fable Vaccinate" })).toBeVisible();
  const callout = page.locator("div", { has: page.getByRole("heading", { level: 2, name: /An assurance this solution depends on has lapsed/ }) }).last();
  await expect(callout).toContainText(DSPT_LAPSE);
  await expect(callout).toContainText("It cannot be ordered, renewed or amended until the assurance is renewed.");
  await expect(page.getByRole("link", { name: "Order this solution" })).toHaveCount(0);
  // The dated supplier-level badge in the standards table.
  await expect(page.getByRole("table", { name: /supplier assurances/ }).getByText(/^Lapsed on \d{1,2} [A-Z][a-z]{2} \d{4}$/).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Assured alternatives" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Trying to order it anyway (the address a bookmark or an old tab would have): refused, with the reason and alternatives.
  await page.goto(`/buyer/orders/new?solution=${LAPSED_SOLUTION}`);
  const refusal = page.locator("#orderability");
  await expect(refusal.getByRole("heading", { name: /Fable Vaccinate cannot be ordered/ })).toBeVisible();
  await expect(refusal).toContainText(DSPT_LAPSE);
  await expect(page.getByText("This order starts with")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // A forged post that skips the page is refused with the same words, and starts nothing.
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const forged = await page.request.post("/buyer/orders/new", { form: { csrf, description: "Forged order", solution: LAPSED_SOLUTION } });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toMatch(DSPT_LAPSE);
  await page.goto("/buyer/orders");
  await expect(page.getByText("Forged order")).toHaveCount(0);

  // Follow an assured alternative to a new order that starts with it.
  await page.goto(`/buyer/orders/new?solution=${LAPSED_SOLUTION}`);
  const alternative = refusal.getByRole("link", { name: /^Order .+ from .+ instead$/ }).first();
  const alternativeName = (await alternative.textContent())!.replace(/^Order (.+) from .+ instead$/, "$1");
  await alternative.click();
  await expect(page.getByText("This order starts with")).toContainText(alternativeName);
  await expect(page.locator("#orderability")).toHaveCount(0);
  await expectNoAxeViolations(page);
  const description = `Vaccination recording via ${alternativeName} (${test.info().project.name})`;
  await page.getByLabel("Describe the order").fill(description);
  await page.getByRole("button", { name: "Start order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(description)).toBeVisible();
  await expect(page.locator("#orderability")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("the default search shows only what can be ordered, with dated assurance badges; the lapsed listing is one filter away", async ({ page }) => {
  await page.goto("/solutions?q=Fable+Vaccinate");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(page.getByRole("link", { name: "Fable Vaccinate" })).toHaveCount(0);

  await page.goto("/solutions?q=Fable+Vaccinate&assurance=lapsed");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Fable Vaccinate" }) });
  await expect(card.getByText("Assurance lapsed", { exact: true })).toBeVisible();
  await expect(card.getByRole("list", { name: "Assurance of Fable Vaccinate" })).toContainText(/Data Security and Protection Toolkit: Lapsed on \d{1,2} [A-Z][a-z]{2} \d{4}/);
  await expectNoAxeViolations(page);

  // An assured result's card dates its supplier's assurances.
  await page.goto("/solutions?q=Aria");
  await expect(results.getByText(/^Assured until \d{1,2} [A-Z][a-z]{2} \d{4}$/).first()).toBeVisible();
});
