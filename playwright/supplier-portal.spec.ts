import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { e2e } from "./support/e2e-env";
import { expectNoAxeViolations } from "./support/axe";
import { expect, logIn, logInWithEmail, test } from "./support/fixtures";

/**
 * The supplier portal end to end: a supplier lists a new Catalogue Solution, staff send it
 * back, the supplier fixes it, staff approve it and a buyer finds it in search; and a supplier
 * renews a lapsed assurance with uploaded evidence that staff accept. Both projects (with and
 * without JavaScript) run against one database, so each uses its own names and suppliers.
 */

const jsOff = () => test.info().project.use.javaScriptEnabled === false;

/** A second person in the same test, in their own browser context. */
async function personPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: !jsOff() });
  return context.newPage();
}

async function logInAs(page: Page, email: string) {
  await logInWithEmail(page, email);
  await expect(page).not.toHaveURL(/\/login/);
}

const letters = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

async function openTask(page: Page, name: string) {
  await page.getByRole("link", { name, exact: true }).click();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save and return to the task list" }).click();
}

test("a supplier lists a solution, staff request changes, the supplier fixes it, staff approve and a buyer finds it", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const word = `Quill${letters()}`;
  const name = `${word} Consult`;

  await logIn(page, "supplierAccountManager");
  await expect(page).toHaveURL(/\/supplier$/);
  await page.goto("/supplier/listings");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Create a listing" }).click();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("alert")).toContainText("Select what you are listing");
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { name: "Catalogue Solution" }).check();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Incomplete").first()).toBeVisible();
  await expectNoAxeViolations(page);
  const listingUrl = page.url();

  // Details, with bad input first: over-long summary and script; answers are kept.
  await openTask(page, "Name, summary and description");
  await page.getByLabel("Summary").fill("s".repeat(351));
  await page.getByLabel("Full description").fill("<script>window.hacked = 1</script> Triage for GP practices.");
  await save(page);
  await expect(page.getByRole("alert")).toContainText("A summary must be 350 characters or fewer");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByLabel("Full description")).toHaveValue("<script>window.hacked = 1</script> Triage for GP practices.");
  await page.getByLabel("Summary").fill(`${word} online consultation for busy practices.`);
  await save(page);

  await openTask(page, "Features");
  await page.getByLabel("Feature 1", { exact: true }).fill("Online triage");
  await save(page);

  await openTask(page, "Capabilities and epics");
  await page.getByText("C43 Online Consultation", { exact: true }).click();
  await page.getByLabel("E00001 Online Consultation (MUST)").check();
  await expectNoAxeViolations(page);
  await save(page);

  await openTask(page, "Hosting types");
  await page.getByLabel("Public cloud", { exact: true }).check();
  await page.getByLabel("Public cloud: how it is hosted").fill("UK data centres.");
  await save(page);

  await openTask(page, "Application types");
  await page.getByLabel("Browser-based", { exact: true }).check();
  await page.getByLabel("Browser-based: what is supported").fill("Chrome, Edge, Firefox and Safari.");
  await save(page);

  await openTask(page, "Implementation timescales");
  await page.getByLabel("Implementation timescales").fill("Two weeks.");
  await save(page);

  await openTask(page, "Frameworks");
  await page.getByLabel("Tech Innovation Framework").check();
  await save(page);

  // Prices: 5 decimal places and overlapping tiers refused, then a valid tiered price.
  await openTask(page, "List prices");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Add a list price" }).click();
  await page.getByLabel("Per patient").check();
  await page.getByLabel("Unit", { exact: true }).fill("per patient");
  await page.getByLabel("Per year").check();
  await page.getByLabel("Flat", { exact: true }).check();
  await page.getByLabel("Flat price in pounds").fill("1.23456");
  await page.getByRole("button", { name: "Save list price" }).click();
  await expect(page.getByRole("alert")).toContainText("The price must have no more than 4 decimal places");
  await expectNoAxeViolations(page);
  await page.getByLabel("Tiered", { exact: true }).check();
  await page.getByLabel("Volume").check();
  await page.locator("#tier-1-from").fill("1");
  await page.locator("#tier-1-to").fill("5000");
  await page.locator("#tier-1-price").fill("1.50");
  await page.locator("#tier-2-from").fill("4000");
  await page.locator("#tier-2-price").fill("-1");
  await page.getByRole("button", { name: "Save list price" }).click();
  await expect(page.getByRole("alert")).toContainText("Tier 2's price must be £0 or more");
  await page.locator("#tier-2-price").fill("1.25");
  await page.getByRole("button", { name: "Save list price" }).click();
  await expect(page.getByRole("alert")).toContainText("Tier 2 overlaps tier 1: it must start at 5001");
  await page.locator("#tier-2-from").fill("5001");
  await page.getByRole("button", { name: "Save list price" }).click();
  await expect(page.getByText("From £1.50 per patient per year")).toBeVisible();
  await page.getByRole("link", { name: "Return to the task list" }).click();

  // Standards and evidence: every overarching standard is required. Bad input first, on one.
  await openTask(page, "Standards and evidence");
  await expect(page.getByText("10 required standards have no evidence yet")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Add evidence for Business Continuity & Disaster Recovery" }).click();
  const saveEvidence = () => page.getByRole("button", { name: "Save evidence" }).click();
  const fillDate = async (field: "assuredOn" | "expiresOn", day: string, month: string, year: string) => {
    await page.locator(`#${field}`).fill(day);
    await page.locator(`#${field}-month`).fill(month);
    await page.locator(`#${field}-year`).fill(year);
  };
  const thisYear = new Date().getFullYear();
  // Neither a certificate nor a document, and an expiry before the assured-on date.
  await fillDate("assuredOn", "1", "1", String(thisYear));
  await fillDate("expiresOn", "1", "6", String(thisYear - 1));
  await saveEvidence();
  await expect(page.getByRole("alert")).toContainText("Enter a certificate number or upload a PDF of the evidence");
  await expect(page.getByRole("alert")).toContainText("The expiry date must be after the assured-on date");
  await expectNoAxeViolations(page);
  // An executable renamed .pdf and impossible dates; the certificate number typed is kept.
  await page.getByLabel("Certificate number").fill("BCDR-<b>2026</b>");
  await fillDate("assuredOn", "31", "02", String(thisYear));
  await fillDate("expiresOn", "1", "1", "20266");
  await page.locator("#document").setInputFiles({ name: "bcdr.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03 not really a PDF") });
  await saveEvidence();
  await expect(page.getByRole("alert")).toContainText("The selected file must be a PDF");
  await expect(page.getByRole("alert")).toContainText("Enter the date it was assured");
  await expect(page.getByRole("alert")).toContainText("Enter the date it expires");
  await expect(page.getByLabel("Certificate number")).toHaveValue("BCDR-<b>2026</b>");
  // Too big: refused before it is read.
  await page.locator("#document").setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(11 * 1024 * 1024, 32)]) });
  await saveEvidence();
  await expect(page.getByRole("alert")).toContainText("The selected file must be smaller than 10 MB");
  // The answers typed with it are kept (sent before the file, so read even though the file is not).
  await expect(page.getByLabel("Certificate number")).toHaveValue("BCDR-<b>2026</b>");
  await expect(page.locator("#assuredOn")).toHaveValue("31");
  await expect(page.locator("#expiresOn-year")).toHaveValue("20266");
  // A real PDF with valid dates is saved.
  await page.getByLabel("Certificate number").fill("BCDR-<b>2026</b>");
  await fillDate("assuredOn", "1", "1", String(thisYear));
  await fillDate("expiresOn", "1", "1", String(thisYear + 2));
  await page.locator("#document").setInputFiles({ name: "bcdr.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") });
  await saveEvidence();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Standards and evidence");
  await expect(page.getByText("Document: bcdr.pdf")).toBeVisible();
  await expect(page.getByText("Certificate BCDR-<b>2026</b>")).toBeVisible();

  // Another supplier's document id typed into the form is refused, and its file is not served to them.
  await page.getByRole("link", { name: "Change for Business Continuity & Disaster Recovery" }).click();
  let evidenceHref = (await page.getByRole("link", { name: "bcdr.pdf" }).getAttribute("href"))!;
  expect((await page.request.get(evidenceHref)).status()).toBe(200);
  const forged = await page.request.post(page.url(), {
    multipart: {
      csrf: await page.locator("input[name=csrf]").first().inputValue(),
      revisionId: await page.locator("input[name=revisionId]").first().inputValue(),
      version: await page.locator("input[name=version]").first().inputValue(),
      keepDocumentId: "another-suppliers-evidence-id",
      certificateNumber: "",
      "assuredOn-day": "1", "assuredOn-month": "1", "assuredOn-year": String(thisYear),
      "expiresOn-day": "1", "expiresOn-month": "1", "expiresOn-year": String(thisYear + 2),
    },
  });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain("The document could not be found");
  const otherSupplier = await personPage(browser, baseURL);
  await logInAs(otherSupplier, jsOff() ? "supplier.lapsed.two@example-supplier.co.uk" : "supplier.lapsed@example-supplier.co.uk");
  expect((await otherSupplier.request.get(evidenceHref)).status()).toBe(404);
  await otherSupplier.context().close();

  // The document can be removed while the certificate number stays; then a new one is uploaded for the reviewer.
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Remove document" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Standards and evidence");
  await expect(page.getByText("Certificate BCDR-<b>2026</b>")).toBeVisible();
  await expect(page.getByText("Document: bcdr.pdf")).toHaveCount(0);
  await page.getByRole("link", { name: "Change for Business Continuity & Disaster Recovery" }).click();
  await expect(page.getByRole("button", { name: "Remove document" })).toHaveCount(0);
  await page.locator("#document").setInputFiles({ name: "bcdr.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") });
  await saveEvidence();
  await expect(page.getByText("Document: bcdr.pdf")).toBeVisible();
  await page.getByRole("link", { name: "Change for Business Continuity & Disaster Recovery" }).click();
  evidenceHref = (await page.getByRole("link", { name: "bcdr.pdf" }).getAttribute("href"))!;
  await page.getByRole("link", { name: "Back to standards and evidence" }).click();

  // The other nine with a certificate number each.
  for (let i = 0; i < 9; i++) {
    await page.getByRole("link", { name: /^Add evidence for/ }).first().click();
    await page.getByLabel("Certificate number").fill(`CERT-${i}`);
    await fillDate("assuredOn", "1", "1", String(thisYear));
    await fillDate("expiresOn", "1", "1", String(thisYear + 2));
    await saveEvidence();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Standards and evidence");
  }
  await expect(page.getByText("required standards have no evidence yet")).toHaveCount(0);
  await page.getByRole("link", { name: "Return to the task list" }).click();

  // Preview: the buyer's page body, with the script shown as text.
  await page.getByRole("link", { name: "Preview the listing as buyers will see it" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("<script>window.hacked = 1</script>", { exact: false }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  await expectNoAxeViolations(page);
  await page.goto(listingUrl);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("alert")).toContainText("submitted for review");

  // Staff ask for a change to the details.
  const staff = await personPage(browser, baseURL);
  await logInAs(staff, "commercial@nhs.net");
  await staff.goto("/admin/reviews");
  await expectNoAxeViolations(staff);
  await staff.getByRole("link", { name: new RegExp(name) }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(`Review ${name}`);
  await expect(staff.getByRole("link", { name: "bcdr.pdf" })).toHaveAttribute("href", evidenceHref.replace("/supplier/", "/admin/"));
  expect((await staff.request.get(evidenceHref.replace("/supplier/", "/admin/"))).headers()["content-disposition"]).toMatch(/^attachment/);
  await expectNoAxeViolations(staff);
  await staff.getByLabel("Name, summary and description (optional)").fill("Remove the script tag from the description.");
  await staff.getByRole("button", { name: "Request changes" }).click();
  await expect(staff.getByRole("alert")).toContainText("sent back to the supplier");

  // The supplier sees the comment, fixes the description and resubmits.
  await page.goto(listingUrl);
  await expect(page.getByText("Remove the script tag from the description.").first()).toBeVisible();
  await openTask(page, "Name, summary and description");
  await page.getByLabel("Full description").fill("Triage for GP practices, online.");
  await save(page);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("alert")).toContainText("submitted for review");

  // Staff approve; the buyer finds it in search.
  await staff.goto("/admin/reviews");
  await staff.getByRole("link", { name: new RegExp(name) }).click();
  await staff.getByRole("button", { name: "Approve and publish" }).click();
  await expect(staff.getByRole("alert")).toContainText("approved and published");
  await staff.context().close();

  const buyer = await personPage(browser, baseURL);
  await logInAs(buyer, "practice.buyer@nhs.net");
  await expect(async () => {
    await buyer.goto(`/solutions?q=${encodeURIComponent(word)}`);
    await expect(buyer.getByRole("link", { name })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await buyer.getByRole("link", { name }).click();
  await expect(buyer.getByText("Triage for GP practices, online.")).toBeVisible();
  // The approved evidence is now the solution's assurance: its badges show on the buyer's page.
  await expect(buyer.getByRole("row").filter({ hasText: "Business Continuity & Disaster Recovery" })).toContainText(`Assured until 1 Jan ${thisYear + 2}`);
  await buyer.context().close();
});

test("a supplier renews a lapsed assurance with new evidence and the warning disappears", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  // Each project renews a different supplier's lapse: they share one database. With JavaScript
  // it is 10013's; without, 10005's (Fernleigh HealthTech), whose lapsed DSPT the assurance
  // enforcement spec relies on in both projects and which the no-JavaScript project reaches later.
  await logInAs(page, jsOff() ? "supplier.lapsed@example-supplier.co.uk" : "supplier.lapsed.two@example-supplier.co.uk");
  await expect(page.getByRole("region", { name: "Lapsed assurance" })).toBeVisible();
  const supplierName = (await page.locator("main span").first().textContent())!.replace(/ \(supplier \d+\)$/, "").trim();

  await page.goto("/supplier/assurance");
  await expect(page.getByText(/assurances? ha(s|ve) lapsed/)).toBeVisible();
  await expectNoAxeViolations(page);
  const lapsedRow = page.getByRole("row").filter({ hasText: "Lapsed on" }).first();
  await lapsedRow.getByRole("link", { name: /^Renew/ }).click();
  await expectNoAxeViolations(page);

  const fillDates = async () => {
    const year = new Date().getFullYear();
    await page.locator("#assuredOn").fill("1");
    await page.locator("#assuredOn-month").fill("1");
    await page.locator("#assuredOn-year").fill(String(year));
    await page.locator("#expiresOn").fill("1");
    await page.locator("#expiresOn-month").fill("1");
    await page.locator("#expiresOn-year").fill(String(year - 1));
  };

  // An executable renamed .pdf, and an expiry before the assured-on date.
  await fillDates();
  await page.locator("#file").setInputFiles({ name: "evidence.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03 not really a PDF") });
  await page.getByRole("button", { name: "Upload evidence" }).click();
  await expect(page.getByRole("alert")).toContainText("The expiry date must be after the assured-on date");
  await page.locator("#expiresOn-year").fill(String(new Date().getFullYear() + 1));
  await page.locator("#file").setInputFiles({ name: "evidence.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03 not really a PDF") });
  await page.getByRole("button", { name: "Upload evidence" }).click();
  await expect(page.getByRole("alert")).toContainText("The selected file must be a PDF");

  // Too big: refused with a clear message.
  await page.locator("#file").setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(11 * 1024 * 1024, 32)]) });
  await page.getByRole("button", { name: "Upload evidence" }).click();
  await expect(page.getByRole("alert")).toContainText("The selected file must be smaller than 10 MB");
  await expect(page.locator("#expiresOn-year")).toHaveValue(String(new Date().getFullYear() + 1));

  await page.locator("#assuredOn").fill("1");
  await page.locator("#assuredOn-month").fill("1");
  await page.locator("#assuredOn-year").fill(String(new Date().getFullYear()));
  await page.locator("#expiresOn").fill("1");
  await page.locator("#expiresOn-month").fill("1");
  await page.locator("#expiresOn-year").fill(String(new Date().getFullYear() + 1));
  await page.locator("#certificateNumber").fill("RENEWED-2027");
  await page.locator("#file").setInputFiles({ name: "renewal.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") });
  await page.getByRole("button", { name: "Upload evidence" }).click();
  await expect(page.getByRole("alert")).toContainText("Your evidence was uploaded");

  const staff = await personPage(browser, baseURL);
  await logInAs(staff, "commercial@nhs.net");
  await staff.goto("/admin/evidence");
  await expectNoAxeViolations(staff);
  await staff.getByRole("link", { name: new RegExp(`^${supplierName}`) }).first().click();
  await expect(staff.getByText("RENEWED-2027")).toBeVisible();
  await expectNoAxeViolations(staff);
  await staff.getByRole("button", { name: "Accept and renew" }).click();
  await expect(staff.getByRole("alert")).toContainText("accepted and the assurance renewed");
  await staff.context().close();

  await page.goto("/supplier");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Supplier home");
  await expect(page.getByRole("region", { name: "Lapsed assurance" })).toHaveCount(0);
});

test("supplier contracts, colleagues and an invitation", async ({ page, browser, baseURL }) => {
  await logIn(page, "supplierAccountManager");
  await expect(page).toHaveURL(/\/supplier$/);
  await page.goto("/supplier/contracts");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Orders and contracts");
  await expectNoAxeViolations(page);
  const download = await page.request.get("/supplier/contracts.csv");
  expect(download.headers()["content-type"]).toContain("text/csv");
  expect(await download.text()).toMatch(/^Call-off ID,Buyer/);

  // Another supplier's listing by id: not found.
  expect((await page.request.get("/supplier/listings/10002-001")).status()).toBe(404);

  await page.goto("/supplier/users");
  await expectNoAxeViolations(page);
  const email = `colleague.${letters()}.${jsOff() ? "nojs" : "js"}@example-supplier.co.uk`;
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Supplier", { exact: true }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("Invitation sent");
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  // The invitation link, read from the outbox's email as the invitee's inbox would show it.
  const client = new pg.Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ text_body: string }>("SELECT text_body FROM emails WHERE \"to\" = $1", [email]);
  await client.end();
  const token = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(rows[0]?.text_body ?? "")?.[1];
  expect(token).toBeTruthy();

  const invitee = await personPage(browser, baseURL);
  await invitee.goto(`/invitations/${token}`);
  await expectNoAxeViolations(invitee);
  await invitee.getByLabel("Full name").fill("Casey New");
  await invitee.getByLabel("Create a password").fill("short");
  await invitee.getByLabel("Confirm your password").fill("short");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("alert")).toContainText("Password must be at least 12 characters");
  await invitee.getByLabel("Create a password").fill("a much longer password");
  await invitee.getByLabel("Confirm your password").fill("a much longer password");
  await invitee.getByLabel(/I have read and accept version \d+ of the terms of use/).check();
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Supplier home");
  await invitee.context().close();
});
