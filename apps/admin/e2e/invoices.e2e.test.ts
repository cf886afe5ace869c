// Month close in Debian's Chromium against the real API process: the Parent's Partner Sys Admin
// previews and issues the month's invoices, opens the PDF and downloads the CSV; the Child's user
// sees only its own invoice. Screenshots: e2e/screenshots/invoices/.
import { readFileSync } from "node:fs";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApi } from "./support/api-server.js";
import { createSteps, launchChromium, openPage, saveOnFailure } from "./support/browser.js";
import { heading, readTable, signIn, waitForPath } from "./support/console.js";
import { type ParentTenant, createChild, createResellerLink, seedParent } from "./support/seed.js";

const MONTH = "2026-05";
const PAYEES = ["444455556666", "777788889999"];

/** A CUR legacy report: one payee per Child, each with usage and tax. */
function curReport(payer: string): string {
  const header =
    "bill/InvoiceId,bill/PayerAccountId,bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount";
  const row = (account: string, type: string, service: string, cost: string) =>
    [
      "",
      payer,
      `${MONTH}-01T00:00:00Z`,
      account,
      type,
      `${MONTH}-03T00:00:00Z`,
      service,
      "USD",
      cost,
      cost,
      "1",
    ].join(",");
  return [
    header,
    row(PAYEES[0]!, "Usage", "AmazonEC2", "100.25"),
    row(PAYEES[0]!, "Tax", "AmazonEC2", "20.05"),
    row(PAYEES[1]!, "Usage", "AmazonS3", "40.00"),
    "",
  ].join("\r\n");
}

describe("invoices in the browser", () => {
  let api: ApiServer;
  let browser: Browser;
  let tenant: ParentTenant;
  let bright: { id: string; name: string };
  let cobalt: { id: string; name: string };
  const childUser = { email: "robin@bright-invoices.test", password: "robin-password-e2e-12" };

  beforeAll(async () => {
    api = await startApi();
    tenant = await seedParent(api);
    const token = await api.login(tenant.sysAdmin.email, tenant.sysAdmin.password);
    bright = await createChild(api, token, {
      name: "Bright Reseller",
      email: "billing@bright-invoices.test",
      parentId: tenant.partner.id,
    });
    cobalt = await createChild(api, token, {
      name: "Cobalt IT",
      email: "billing@cobalt-invoices.test",
      parentId: tenant.partner.id,
    });
    for (const [child, payee] of [
      [bright, PAYEES[0]!],
      [cobalt, PAYEES[1]!],
    ] as const)
      await createResellerLink(api, token, {
        masterPayerAccountId: tenant.masterPayer.id,
        resellerPartnerId: child.id,
        awsPayerAccountId: tenant.masterPayer.awsAccountId,
        awsPayeeAccountIds: [payee],
      });
    await api.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          partnerId: bright.id,
          email: childUser.email,
          name: "Robin",
          password: childUser.password,
          role: "USER",
        },
      },
      token,
    );
    const upload = await fetch(
      `${api.url}/billing/uploads?masterPayerAccountId=${tenant.masterPayer.id}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "x-file-name": "may.csv",
          "content-type": "application/octet-stream",
        },
        body: curReport(tenant.masterPayer.awsAccountId),
      },
    );
    const { job } = (await upload.json()) as { job: { id: string } };
    // The ingest job runs in the API's background worker: wait for it (bounded).
    for (let attempt = 0; ; attempt += 1) {
      const { billingJob } = await api.gql<{ billingJob: { state: string } }>(
        `query($id: ID!) { billingJob(id: $id) { state } }`,
        { id: job.id },
        token,
      );
      if (billingJob.state === "SUCCEEDED") break;
      if (billingJob.state === "FAILED" || attempt > 200)
        throw new Error(`the ingest job ended ${billingJob.state}`);
      await new Promise((wait) => setTimeout(wait, 300));
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  it("should issue the month, serve the PDF and CSV, and show a Child only its own invoice", async () => {
    const steps = createSteps("invoices");
    const { step } = steps;
    const admin = await openPage(browser, api.url);
    const page = admin.page;
    saveOnFailure(steps, page, () => api.output());
    await page.goto("/");
    await signIn(page, tenant.sysAdmin.email, tenant.sysAdmin.password);
    await waitForPath(page, `/partners/${tenant.partner.id}/accounts`);
    await page.goto(`/partners/${tenant.partner.id}/billing/invoices?month=${MONTH}`);
    await heading(page, "Invoices").waitFor();

    const preview = page.getByRole("table", { name: "Invoice preview" });
    expect(await readTable(preview)).toEqual([
      {
        Child: "Bright Reseller",
        Kind: "Invoice",
        Subtotal: "USD 100.25",
        Tax: "USD 20.05",
        Total: "USD 120.30",
      },
      {
        Child: "Cobalt IT",
        Kind: "Invoice",
        Subtotal: "USD 40.00",
        Tax: "USD 0.00",
        Total: "USD 40.00",
      },
    ]);
    await step(page, "preview of the month");
    await page.getByRole("button", { name: "Issue month's invoices", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Issue invoices" });
    await dialog.getByText("Issue 2 invoices for May 2026, totalling USD 160.30?").waitFor();
    await step(page, "confirmation names the count and total");
    await dialog.getByRole("button", { name: "Issue 2 invoices", exact: true }).click();
    await page.getByRole("status").getByText("Issued 2 invoices.").waitFor();

    const year = new Date().getUTCFullYear();
    const list = page.getByRole("table", { name: "Invoices" });
    await list.getByRole("link", { name: `INV-${year}-000002` }).waitFor();
    const rows = await readTable(list);
    expect(rows.map((row) => [row.Child, row.Status, row.Total])).toEqual(
      expect.arrayContaining([
        ["Bright Reseller", "Issued", "USD 120.30"],
        ["Cobalt IT", "Issued", "USD 40.00"],
      ]),
    );
    await step(page, "issued invoices listed");
    const brightRow = list.getByRole("row").filter({ hasText: "Bright Reseller" });
    const number = (await brightRow.getByRole("link").first().innerText()).trim();

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      brightRow.getByRole("button", { name: "PDF" }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${number}.pdf`);
    const pdfBytes = readFileSync(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfBytes.includes(Buffer.from(number))).toBe(true);

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      brightRow.getByRole("button", { name: "CSV" }).click(),
    ]);
    const csvText = readFileSync(await csv.path(), "utf8");
    expect(csvText.split("\r\n")[0]).toBe(
      "invoice_number,billing_period,description,amount,currency",
    );
    expect(csvText).toContain(`${number},${MONTH},AmazonEC2,100.250000000000,USD`);
    expect(csvText).toContain(`${number},${MONTH},Tax,20.050000000000,USD`);
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    // The Child's user: its own invoice, nothing of its sibling's.
    const reseller = await openPage(browser, api.url);
    const childPage = reseller.page;
    saveOnFailure(steps, childPage, () => api.output());
    await childPage.goto("/");
    await signIn(childPage, childUser.email, childUser.password);
    await waitForPath(childPage, `/partners/${bright.id}/accounts`);
    await childPage.goto(`/partners/${bright.id}/invoices`);
    await heading(childPage, "Invoices").waitFor();
    const own = childPage.getByRole("table", { name: "Invoices" });
    await own.getByRole("link", { name: number }).waitFor();
    expect((await readTable(own)).map((row) => [row.Number, row.Child, row.Total])).toEqual([
      [number, "Bright Reseller", "USD 120.30"],
    ]);
    await step(childPage, "the child's own invoices");
    await own.getByRole("link", { name: number }).click();
    await heading(childPage, `Invoice ${number}`).waitFor();
    expect(await readTable(childPage.getByRole("table", { name: "Invoice lines" }))).toEqual([
      { Description: "AmazonEC2", Amount: "USD 100.25" },
      { Description: "Subtotal", Amount: "USD 100.25" },
      { Description: "Tax", Amount: "USD 20.05" },
      { Description: "Total", Amount: "USD 120.30" },
    ]);
    await step(childPage, "invoice detail");
    // The sibling's invoice reads as missing.
    await childPage.goto(`/partners/${cobalt.id}/invoices`);
    await heading(childPage, "Invoices").waitFor();
    await childPage.getByText("No invoices yet.").waitFor();
    expect(reseller.problems).toEqual([]);
    await reseller.context.close();
  });
});
