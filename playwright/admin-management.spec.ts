import type { Browser, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { sql } from "./support/db";
import { expect, test } from "./support/fixtures";

/**
 * Commercial staff manage capabilities and epics, suppliers, allowed email domains and users;
 * a buyer account manager invites a colleague. Both projects share one database, so each
 * works on its own capability, its own supplier (made here, not a demo one) and its own names.
 */

const jsOff = () => test.info().project.use.javaScriptEnabled === false;
const letters = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const problem = (page: Page) => page.getByRole("alert", { name: "There is a problem" });


/** A supplier nobody else uses: no listings, no contracts, one contact. */
async function createSupplier(name: string) {
  // Above the demo suppliers and apart per project, so the two runs never pick the same id.
  const id = (jsOff() ? 98_000 : 97_000) + Math.floor(Math.random() * 1000);
  await sql("INSERT INTO suppliers (id, name, legal_name, updated_at) VALUES ($1, $2, $3, now())", [id, name, `${name} Limited`]);
  await sql("INSERT INTO supplier_contacts (id, supplier_id, first_name, last_name, email, is_primary, updated_at) VALUES ($1, $2, 'Pat', 'Lee', $3, true, now())", [`${id}-contact-1`, id, `pat.lee@${id}.example`]);
  return id;
}

async function personPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: !jsOff() });
  return context.newPage();
}

test("staff edit a capability and its epics", async ({ page, signedInAs }) => {
  test.slow(); // Several saves and an axe check on each page: over a minute without JavaScript.
  const capability = jsOff() ? { id: "C38", name: "Telecare" } : { id: "C32", name: "Personal Health Budget" };
  await signedInAs("commercialStaff");
  await expect(page.getByRole("link", { name: "Capabilities and epics" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Capabilities and epics" }).click();
  await expect(heading(page)).toHaveText("Capabilities and epics");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: `${capability.id} ${capability.name}` }).click();
  await expect(heading(page)).toHaveText(capability.name);
  await expectNoAxeViolations(page);

  const description = `Updated by the e2e run ${letters()}.`;
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Save capability" }).click();
  await expect(page.getByText("Capability saved.")).toBeVisible();
  await expect(page.getByLabel("Description")).toHaveValue(description);

  // An epic without a name or level is explained, the capability form keeps its own values.
  await page.getByRole("button", { name: "Add epic" }).click();
  await expect(problem(page)).toContainText("Enter the epic name");
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  const epicName = `Review care plans ${letters()}`;
  await page.getByLabel("Epic name").fill(epicName);
  await page.getByRole("group", { name: "Level" }).getByLabel("Should").check();
  await page.getByRole("button", { name: "Add epic" }).click();
  await expect(page.getByText(/Epic C\d+E\d+ added\./)).toBeVisible();
  await page.getByRole("link", { name: new RegExp(epicName) }).click();
  await expect(heading(page)).toHaveText(/^Epic C\d+E\d+$/);
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Level" }).getByLabel("Must").check();
  await page.getByRole("group", { name: "Status" }).getByLabel("Expired").check();
  await page.getByRole("button", { name: "Save epic" }).click();
  await expect(page.getByText(/Epic C\d+E\d+ saved\./)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: epicName });
  await expect(row).toContainText("Must");
  await expect(row).toContainText("Expired");
});

test("staff make a supplier inactive and active again", async ({ page, signedInAs }) => {
  const name = `Larkspur Test Systems ${letters()}`;
  const id = await createSupplier(name);
  await signedInAs("commercialStaff");
  await page.goto("/admin/suppliers");
  await expect(heading(page)).toHaveText("Suppliers");
  await expectNoAxeViolations(page);
  await page.getByLabel("Name or supplier id").fill(name);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name }).click();
  await expect(heading(page)).toHaveText(name);
  await expectNoAxeViolations(page);

  // No reason: explained, nothing changes.
  await page.getByRole("button", { name: "Make supplier inactive" }).click();
  await expect(problem(page)).toContainText("Give the reason for the change");
  await expectNoAxeViolations(page);
  await page.getByLabel("Reason").fill("Withdrew from the framework.");
  await page.getByRole("button", { name: "Make supplier inactive" }).click();
  await expect(page.getByText("Supplier made inactive.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Made inactive Withdrew from the framework\./ })).toBeVisible();

  await page.goto(`/admin/suppliers?status=inactive&search=${id}`);
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.getByRole("link", { name }).click();
  await page.getByLabel("Reason").fill("Rejoined the framework.");
  await page.getByRole("button", { name: "Make supplier active" }).click();
  await expect(page.getByText("Supplier made active.")).toBeVisible();
  const [supplier] = await sql<{ is_active: boolean }>("SELECT is_active FROM suppliers WHERE id = $1", [id]);
  expect(supplier.is_active).toBe(true);
  const audit = await sql<{ action: string }>("SELECT action FROM audit_events WHERE object_type = 'Supplier' AND object_id = $1 ORDER BY id", [String(id)]);
  expect(audit.map((a) => a.action)).toEqual(["supplier.deactivate", "supplier.activate"]);
});

test("staff add a capability, which takes the next reference", async ({ page, signedInAs }) => {
  // Markup in a name is only ever text: it shows as typed, nothing runs.
  const name = `Remote monitoring <script>window.injected=1</script> ${letters()}`;
  await signedInAs("commercialStaff");
  await page.goto("/admin/capabilities");
  await page.getByRole("link", { name: "Add a capability" }).click();
  await expect(heading(page)).toHaveText("Add a capability");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Add capability" }).click();
  await expect(problem(page)).toContainText("Enter the capability name");
  await expect(problem(page)).toContainText("Enter the description");
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  // An existing capability's name is refused; the other answers stay.
  await page.getByLabel("Name").fill("telecare");
  await page.getByLabel("Description").fill("Monitoring people at home with connected devices.");
  await page.getByLabel("Category").selectOption({ label: "Community-based care" });
  await page.getByRole("group", { name: "Frameworks that use it" }).getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Add capability" }).click();
  await expect(problem(page)).toContainText("Another capability already has this name.");
  await expect(page.getByLabel("Description")).toHaveValue("Monitoring people at home with connected devices.");
  await expect(page.getByRole("group", { name: "Frameworks that use it" }).getByRole("checkbox").first()).toBeChecked();

  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Add capability" }).click();
  await expect(page.getByText(/Capability C\d+ added\./)).toBeVisible();
  await expect(heading(page)).toHaveText(name);
  expect(await page.evaluate(() => (window as { injected?: number }).injected)).toBeUndefined();
  const id = /^\/admin\/capabilities\/(C\d+)$/.exec(new URL(page.url()).pathname)?.[1];
  const [row] = await sql<{ id: string; number: number; is_foundation: boolean; max: number }>("SELECT id, number, is_foundation, (SELECT max(number) FROM capabilities WHERE number < c.number) AS max FROM capabilities c WHERE name = $1", [name]);
  expect(row).toMatchObject({ id, is_foundation: false, number: row.max + 1 });
  expect(await sql("SELECT 1 FROM audit_events WHERE action = 'capability.create' AND object_id = $1", [id])).toHaveLength(1);
  await page.goto("/admin/capabilities");
  await expect(page.getByRole("link", { name: `${id} ${name}` })).toBeVisible();
});

test("staff change a supplier's details and contacts", async ({ page, signedInAs }) => {
  test.setTimeout(120_000);
  const name = `Foxglove Test Systems ${letters()}`;
  const id = await createSupplier(name);
  await signedInAs("commercialStaff");
  await page.goto(`/admin/suppliers/${id}`);
  await expect(heading(page)).toHaveText(name);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Change website" }).click();
  await expect(heading(page)).toHaveText("Change supplier details");
  await expectNoAxeViolations(page);
  const renamed = `${name} Group`;
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByLabel("Website (optional)").fill("javascript:alert(1)");
  await page.getByLabel("Postcode (optional)").fill("NOT APC");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(problem(page)).toContainText("Enter the supplier name");
  await expect(problem(page)).toContainText("Enter the website as a full web address");
  await expect(problem(page)).toContainText("Enter a real postcode");
  await expectNoAxeViolations(page);
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByLabel("Website (optional)").fill("https://foxglove.example");
  await page.getByLabel("Postcode (optional)").fill("ls1 4ap");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Supplier details saved.")).toBeVisible();
  await expect(heading(page)).toHaveText(renamed);
  await expect(page.getByText("LS1 4AP")).toBeVisible();

  // Someone else saved in between: this form is refused, not applied over theirs.
  await page.getByRole("link", { name: "Change summary" }).click();
  await expect(heading(page)).toHaveText("Change supplier details");
  await sql("UPDATE suppliers SET version = version + 1, summary = 'Theirs' WHERE id = $1", [id]);
  await page.getByLabel("Summary (optional)").fill("Mine");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(problem(page)).toContainText("Someone else changed this supplier");
  await page.goto(`/admin/suppliers/${id}`);

  await page.getByRole("link", { name: "Add a contact" }).click();
  await expect(heading(page)).toHaveText("Add a contact");
  await expectNoAxeViolations(page);
  await page.getByLabel("First name").fill("Robin");
  await page.getByLabel("Last name").fill("Shah");
  await page.getByLabel("Email address").fill("robin.shah at foxglove");
  await page.getByLabel("Telephone number (optional)").fill("call me");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(problem(page)).toContainText("Enter an email address in the correct format");
  await expect(problem(page)).toContainText("Telephone number must contain only numbers");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill("Robin.Shah@foxglove.example");
  await page.getByLabel("Telephone number (optional)").fill("0113 496 0001");
  await page.getByLabel("Department (optional)").fill("Account management");
  await page.getByLabel("Make this the primary contact").check();
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("Contact added.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Robin Shah \(primary\) robin\.shah@foxglove\.example 0113 496 0001 Account management/ })).toBeVisible();

  await page.getByRole("link", { name: "Pat Lee" }).click();
  await expect(heading(page)).toHaveText("Pat Lee");
  await expectNoAxeViolations(page);
  await page.getByLabel("Department (optional)").fill("Support");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByText("Contact saved.")).toBeVisible();
  await page.getByRole("link", { name: "Robin Shah" }).click();
  await page.getByRole("button", { name: "Remove contact" }).click();
  await expect(page.getByText("Contact removed.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Pat Lee \(primary\)/ })).toBeVisible();

  // The last contact of an active supplier stays.
  await page.getByRole("link", { name: "Pat Lee" }).click();
  await expect(page.getByText("An active supplier must keep at least one contact.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove contact" })).toHaveCount(0);

  const audit = await sql<{ action: string }>("SELECT action FROM audit_events WHERE object_type = 'Supplier' AND object_id = $1 ORDER BY id", [String(id)]);
  expect(audit.map((a) => a.action)).toEqual(["supplier.update", "supplier.contact.add", "supplier.contact.update", "supplier.contact.remove"]);
  const [supplier] = await sql<{ name: string; website: string; summary: string }>("SELECT name, website, summary FROM suppliers WHERE id = $1", [id]);
  expect(supplier).toEqual({ name: renamed, website: "https://foxglove.example", summary: "Theirs" });
});

test("staff add an email domain, invite a user at it, change their role and remove the domain", async ({ page, browser, baseURL, signedInAs }) => {
  test.setTimeout(120_000);
  const domain = `trust-${letters()}.example.org`;
  const email = `practice.manager@${domain}`;
  await signedInAs("commercialStaff");
  await page.goto("/admin/email-domains");
  await expect(heading(page)).toHaveText("Allowed email domains");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email domain").fill("not a domain");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(problem(page)).toContainText("Enter a domain like nhs.net");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email domain").fill(domain.toUpperCase());
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText(`${domain} added.`)).toBeVisible();
  await page.getByLabel("Email domain").fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(problem(page)).toContainText(`${domain} is already allowed.`);

  // A demo practice that no other journey signs in to.
  const practice = jsOff() ? "P81020" : "C85020";
  await page.goto("/admin/users");
  await expect(heading(page)).toHaveText("Users");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Invite a user" }).click();
  await expect(heading(page)).toHaveText("Invite a user");
  await expectNoAxeViolations(page);
  await page.getByLabel("Organisation ODS code").fill(practice);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Commercial staff").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(problem(page)).toContainText("Select a role people in this organisation can have");
  await page.getByLabel("Buyer", { exact: true }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();

  const [message] = await sql<{ text_body: string }>('SELECT text_body FROM emails WHERE "to" = $1', [email]);
  const token = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(message?.text_body ?? "")?.[1];
  expect(token).toBeTruthy();
  const invitee = await personPage(browser, baseURL);
  await invitee.goto(`/invitations/${token}`);
  await invitee.getByLabel("Full name").fill("Morgan Practice");
  await invitee.getByLabel("Create a password").fill("a much longer password");
  await invitee.getByLabel("Confirm your password").fill("a much longer password");
  await invitee.getByLabel(/I have read and accept version \d+ of the terms of use/).check();
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Buyer home");
  await invitee.context().close();

  await page.goto(`/admin/users?email=${encodeURIComponent(email)}`);
  await page.getByRole("link", { name: email }).click();
  await expect(heading(page)).toHaveText(email);
  await expectNoAxeViolations(page);
  await page.getByLabel("Account manager").check();
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Role changed.")).toBeVisible();
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByText("User deactivated and signed out everywhere.")).toBeVisible();
  await page.getByRole("button", { name: "Reactivate user" }).click();
  await expect(page.getByText("User reactivated.")).toBeVisible();
  const [user] = await sql<{ role: string; is_active: boolean }>("SELECT role, is_active FROM users WHERE email = $1", [email]);
  expect(user).toEqual({ role: "ACCOUNT_MANAGER", is_active: true });

  await page.goto("/admin/email-domains");
  await page.getByRole("link", { name: `Remove ${domain}` }).click();
  await expect(heading(page)).toHaveText(`Remove ${domain}?`);
  await expect(page.getByText("The 1 active account there keeps working.")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: `Yes, remove ${domain}` }).click();
  await expect(page.getByText(`${domain} removed.`)).toBeVisible();
  await expect(page.getByRole("cell", { name: domain, exact: true })).toHaveCount(0);
});

test("a buyer account manager invites a colleague", async ({ page, signedInAs }) => {
  await signedInAs("icbAccountManager");
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Users", exact: true }).click();
  await expect(heading(page)).toHaveText("Colleagues");
  await expectNoAxeViolations(page);

  await page.getByLabel("Email address").fill(`someone.${letters()}@gmail.com`);
  await page.getByLabel("Buyer", { exact: true }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(problem(page)).toContainText("not on the list of allowed email domains");
  await expectNoAxeViolations(page);

  const email = `colleague.${letters()}.${jsOff() ? "nojs" : "js"}@nhs.net`;
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Buyer", { exact: true }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent.")).toBeVisible();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  // Supplier roles are never offered to a buyer organisation.
  await expect(page.getByLabel("Supplier account manager")).toHaveCount(0);
});
