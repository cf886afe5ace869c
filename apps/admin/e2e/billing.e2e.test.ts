// The billing collector through the console, in Debian's Chromium against the real API process:
// the Parent's Partner Sys Admin uploads a cost report, watches the job, adds a markup for the
// Child, and the Child's user sees its billed cost only. Screenshots: e2e/screenshots/billing/.
import { readFileSync } from "node:fs";
import { type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApi } from "./support/api-server.js";
import { createSteps, launchChromium, openPage, saveOnFailure } from "./support/browser.js";
import { heading, mainNav, readTable, signIn, waitForPath } from "./support/console.js";
import { type ParentTenant, createChild, createResellerLink, seedParent } from "./support/seed.js";

const PAYEES = ["444455556666", "777788889999"];
const UNLINKED = "999900001111";
// The report's month is this UTC month, so each page opens on it by default.
const MONTH = new Date().toISOString().slice(0, 7);
const HEADER = [
  "bill/InvoiceId",
  "bill/PayerAccountId",
  "bill/BillingPeriodStartDate",
  "lineItem/UsageAccountId",
  "lineItem/LineItemType",
  "lineItem/UsageStartDate",
  "lineItem/ProductCode",
  "lineItem/CurrencyCode",
  "lineItem/UnblendedCost",
  "pricing/publicOnDemandCost",
  "lineItem/UsageAmount",
  "product/ProductName",
];

/** A CUR legacy report: the master payer pays; usage in the two linked payees and one other. */
function curReport(payer: string): string {
  const row = (account: string, type: string, day: string, service: string, cost: string) =>
    [
      "",
      payer,
      `${MONTH}-01T00:00:00Z`,
      account,
      type,
      `${MONTH}-${day}T03:00:00Z`,
      service,
      "USD",
      cost,
      cost,
      "1",
      service === "AmazonS3" ? "Amazon Simple Storage Service" : "Amazon Elastic Compute Cloud",
    ].join(",");
  return [
    HEADER.join(","),
    row(PAYEES[0]!, "Usage", "01", "AmazonEC2", "10.1234567891"),
    row(PAYEES[0]!, "Usage", "02", "AmazonS3", "2.5000000000"),
    row(PAYEES[1]!, "Usage", "02", "AmazonEC2", "7.3765432109"),
    row(UNLINKED, "Usage", "01", "AmazonEC2", "5.0000000000"),
    row(PAYEES[0]!, "Tax", "01", "AmazonEC2", "1.9900000000"),
    "",
  ].join("\r\n");
}

// By hand: the Child's usage costs 10.1234567891 + 2.5 + 7.3765432109 = 20. A 10 % markup
// prices each (service, account, day) line, exactly (the collector keeps 12 decimals):
//   EC2 444455556666 day 01: 11.13580246801
//   S3  444455556666 day 02:  2.75
//   EC2 777788889999 day 02:  8.11419753199
// Billed 22 (EC2 19.25, S3 2.75); tax 1.99 passes through; total 23.99.
const BILLED = {
  usage: "USD 22.00",
  tax: "USD 1.99",
  credits: "USD 0.00",
  refunds: "USD 0.00",
  total: "USD 23.99",
};

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/** The value shown under the term `name` of a description list in `scope`. */
const described = (scope: Locator, name: string): Locator =>
  scope
    .locator("div")
    .filter({ has: scope.page().getByRole("term").getByText(name, { exact: true }) })
    .locator("dd")
    .first();

async function openSettingsItem(page: Page, name: string): Promise<void> {
  const header = mainNav(page);
  await header.getByRole("button", { name: "Settings", exact: true }).click();
  await header.getByRole("link", { name, exact: true }).click();
}

describe("the billing collector in the browser", () => {
  let api: ApiServer;
  let browser: Browser;
  let tenant: ParentTenant;
  let child: { id: string; name: string };
  const childUser = { email: "robin@bright-reseller.test", password: "robin-password-e2e-12" };

  beforeAll(async () => {
    api = await startApi();
    tenant = await seedParent(api);
    const token = await api.login(tenant.sysAdmin.email, tenant.sysAdmin.password);
    child = await createChild(api, token, {
      name: "Bright Reseller",
      email: "billing@bright-reseller.test",
      parentId: tenant.partner.id,
    });
    await createResellerLink(api, token, {
      masterPayerAccountId: tenant.masterPayer.id,
      resellerPartnerId: child.id,
      awsPayerAccountId: tenant.masterPayer.awsAccountId,
      awsPayeeAccountIds: PAYEES,
    });
    // The Child's user, with a password: a plain USER of the Child partner.
    await api.gql(
      `mutation CreateChildUser($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          partnerId: child.id,
          email: childUser.email,
          name: "Robin Reseller",
          password: childUser.password,
          role: "USER",
        },
      },
      token,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  it("should ingest an uploaded report, price it with a 10 % markup, and show the Child only its billed cost", async () => {
    const steps = createSteps("billing");
    const { step } = steps;

    // ---- The Parent's Partner Sys Admin ----
    const admin = await openPage(browser, api.url);
    const page = admin.page;
    saveOnFailure(steps, page, () => api.output());
    await page.goto("/");
    await signIn(page, tenant.sysAdmin.email, tenant.sysAdmin.password);
    await waitForPath(page, `/partners/${tenant.partner.id}/accounts`);
    await heading(page, "Accounts List").waitFor();
    await mainNav(page).getByRole("button", { name: "Settings", exact: true }).click();
    await mainNav(page).getByRole("link", { name: "Upload cost report", exact: true }).waitFor();
    await step(page, "settings menu with the billing pages");

    // Upload the report through the Upload page.
    await mainNav(page).getByRole("link", { name: "Upload cost report", exact: true }).click();
    await waitForPath(page, `/partners/${tenant.partner.id}/billing/upload`);
    await heading(page, "Upload cost report").waitFor();
    const masterPayer = page.getByLabel("Master payer account", { exact: true });
    expect(await masterPayer.inputValue()).toBe(tenant.masterPayer.id);
    const fileName = `cur-${MONTH}.csv`;
    await page.getByLabel("Cost report file", { exact: true }).setInputFiles({
      name: fileName,
      mimeType: "text/csv",
      buffer: Buffer.from(curReport(tenant.masterPayer.awsAccountId)),
    });
    await step(page, "upload page with the report chosen");
    await page.getByRole("button", { name: "Upload", exact: true }).click();

    // Watch the job finish.
    const jobPanel = page.getByRole("region", { name: new RegExp(`^Job \\d+: ${fileName}$`) });
    await jobPanel.waitFor();
    await jobPanel.getByText("The report was ingested").waitFor({ timeout: 60_000 });
    expect(normalize(await described(jobPanel, "State").innerText())).toBe("Succeeded");
    expect(await described(jobPanel, "Rows read").innerText()).toBe("5");
    expect(await described(jobPanel, "Rows allocated").innerText()).toBe("4");
    expect(await described(jobPanel, "Rows unmatched").innerText()).toBe("1");
    await step(page, "upload job succeeded with its rows");

    // A 10 % markup for the Child in the pricing rules editor.
    const billingNav = page.getByRole("navigation", { name: "Billing" });
    await billingNav.getByRole("link", { name: "Pricing rules", exact: true }).click();
    await heading(page, "Pricing rules").waitFor();
    const childRules = page.getByRole("region", { name: child.name, exact: true });
    await childRules.getByText("No rules of its own: the default applies.").waitFor();
    await step(page, "pricing rules before the markup");
    await childRules.getByRole("button", { name: `+ Rule for ${child.name}` }).click();
    const dialog = page.getByRole("dialog", { name: "New pricing rule" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Applies to", { exact: true }).inputValue()).toBe(child.id);
    expect(await dialog.getByLabel("Kind", { exact: true }).inputValue()).toBe("MARKUP");
    expect(await dialog.getByLabel("Effective from", { exact: true }).inputValue()).toBe(MONTH);
    await dialog.getByLabel("Percent", { exact: true }).fill("10");
    await step(page, "new markup rule filled in");
    await dialog.getByRole("button", { name: "Add rule", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await childRules.getByRole("cell", { name: "+10.00 % on all services" }).waitFor();
    await step(page, "markup rule listed");

    // The rule change recomputes the month in a job; the jobs list refreshes until it is done.
    await billingNav.getByRole("link", { name: "Billing jobs", exact: true }).click();
    await heading(page, "Billing jobs").waitFor();
    const jobsTable = page.getByRole("table", { name: "Billing jobs" });
    await expect
      .poll(
        async () =>
          (await readTable(jobsTable)).map((row) => [row.Source, row.State, row.Unmatched]),
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([
        ["Pricing change", "Succeeded", "1"],
        ["Upload", "Succeeded", "1"],
      ]);
    await step(page, "billing jobs all succeeded");

    // The Parent's overview: base cost, billed cost and margin, and the unallocated usage.
    await billingNav.getByRole("link", { name: "Overview", exact: true }).click();
    await heading(page, "Billing overview").waitFor();
    const children = page.getByRole("table", { name: /^Children/ });
    await children.getByRole("link", { name: child.name }).waitFor();
    expect(await readTable(children)).toEqual([
      {
        "Child partner": child.name,
        Currency: "USD",
        "Base cost": "20.00",
        "Billed cost": "22.00",
        Margin: "2.00",
        "Margin %": "10.00 %",
        "Pass-through": "1.99",
      },
    ]);
    const unallocated = page.getByRole("table", { name: /^Unallocated costs/ });
    expect(await readTable(unallocated)).toEqual([
      {
        Reason: "In no reseller link",
        Payer: tenant.masterPayer.awsAccountId,
        "Usage account": UNLINKED,
        Rows: "1",
        Cost: "USD 5.00",
      },
    ]);
    await step(page, "billing overview with margins");
    const panel = page.getByRole("region", { name: new RegExp(tenant.masterPayer.name) });
    await panel.getByRole("button", { name: /^Lock / }).click();
    await panel.getByRole("status").getByText("is locked.").waitFor();
    await panel.getByRole("button", { name: /^Unlock / }).waitFor();
    await step(page, "month locked");
    await panel.getByRole("button", { name: /^Unlock / }).click();
    await panel.getByRole("button", { name: /^Lock / }).waitFor();
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    // ---- The Child's user ----
    const reseller = await openPage(browser, api.url);
    const childPage = reseller.page;
    saveOnFailure(steps, childPage, () => api.output());
    // Every GraphQL answer this user gets, to check that none carries the Parent's figures.
    const answers: Promise<string>[] = [];
    childPage.on("response", (response) => {
      if (new URL(response.url()).pathname === "/graphql") answers.push(response.text());
    });
    await childPage.goto("/");
    await signIn(childPage, childUser.email, childUser.password);
    await waitForPath(childPage, `/partners/${child.id}/accounts`);
    await heading(childPage, "Accounts List").waitFor();
    await openSettingsItem(childPage, "Partner / Account > Billing");
    await waitForPath(childPage, `/partners/${child.id}/billing`);
    await heading(childPage, "Billing").waitFor();
    const bill = childPage.getByRole("region", { name: /^Bill for / });
    await bill.waitFor();
    // The chart renders on a canvas.
    await bill.locator("canvas").first().waitFor();
    expect(await childPage.getByLabel("Billing month", { exact: true }).inputValue()).toBe(MONTH);
    const totals = bill.locator(".billing-totals");
    expect(await described(totals, "Billed usage").innerText()).toBe(BILLED.usage);
    expect(await described(totals, "Tax").innerText()).toBe(BILLED.tax);
    expect(await described(totals, "Credits").innerText()).toBe(BILLED.credits);
    expect(await described(totals, "Refunds").innerText()).toBe(BILLED.refunds);
    expect(await described(totals, "Total").innerText()).toBe(BILLED.total);
    expect(await readTable(bill.getByRole("table", { name: "By service" }))).toEqual([
      { Service: "AmazonEC2", "Billed cost (USD)": "19.25" },
      { Service: "AmazonS3", "Billed cost (USD)": "2.75" },
      { Service: "Total", "Billed cost (USD)": "22.00" },
    ]);
    expect(await readTable(bill.getByRole("table", { name: "By usage account" }))).toEqual([
      { "Usage account": PAYEES[0], "Billed cost (USD)": "13.89" },
      { "Usage account": PAYEES[1], "Billed cost (USD)": "8.11" },
    ]);
    const chart = bill.getByRole("img", { name: /^Bar chart of the billed cost by day/ });
    expect(await chart.getAttribute("aria-label")).toContain(
      `2 days with cost, the highest USD 11.14 on ${MONTH}-01`,
    );
    await step(childPage, "child billing page");

    // Nothing of the Parent's cost or margin, on the page or in any answer.
    const text = await childPage.locator("body").innerText();
    expect(text).not.toMatch(/base cost|margin|list cost|20\.00/i);
    const bodies = await Promise.all(answers);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body).not.toMatch(/baseCost|margin|basis|pricingRule/i);

    // The service table downloads as CSV.
    const [download] = await Promise.all([
      childPage.waitForEvent("download"),
      bill.getByRole("button", { name: "Export services as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`billing-${child.id}-${MONTH}-by-service.csv`);
    const csv = readFileSync(await download.path(), "utf8");
    expect(csv).toBe(
      `\ufeffBilling period,Service,Currency,Billed cost\r\n${MONTH},AmazonEC2,USD,19.25\r\n${MONTH},AmazonS3,USD,2.75\r\n${MONTH},Total,USD,22.00\r\n`,
    );

    // Readable on a 360 px phone: nothing wider than the screen but the tables' own scrolling.
    await childPage.setViewportSize({ width: 360, height: 800 });
    await bill.locator("canvas").first().waitFor();
    // The chart follows the new width on its resize observer's next (throttled) call: poll.
    await expect
      .poll(() => childPage.evaluate(() => document.documentElement.scrollWidth), {
        timeout: 5_000,
      })
      .toBeLessThanOrEqual(360);
    await step(childPage, "child billing page at 360 px");
    expect(reseller.problems).toEqual([]);
    await reseller.context.close();
  });
});
