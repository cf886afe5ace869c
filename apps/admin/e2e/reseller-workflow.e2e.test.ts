// The help page "Set Up Reseller Links for AWS in CloudCheckr", clicked through step by step in
// Debian's Chromium against the real API process (production build, fresh SQLite file).
// Every step saves a screenshot in apps/admin/e2e/screenshots/reseller-workflow/.
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApi } from "./support/api-server.js";
import { createSteps, launchChromium, openPage, saveOnFailure } from "./support/browser.js";
import { heading, mainNav, readTable, rowWith, waitForPath } from "./support/console.js";
import { type ParentTenant, resellerLinks, seedParent } from "./support/seed.js";

describe("the help page's reseller workflow in the browser", () => {
  let api: ApiServer;
  let browser: Browser;
  let tenant: ParentTenant;

  beforeAll(async () => {
    api = await startApi();
    // Prerequisite: "Your CloudCheckr contact will first create a Partner Sys Admin user in
    // your Parent partner"; the Parent holds the AWS master payer account.
    tenant = await seedParent(api);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  it("should create a Child partner, link it as a reseller, and let the Child's new user activate and see only the Child", async () => {
    const steps = createSteps("reseller-workflow");
    const { step } = steps;
    const { context, page, problems } = await openPage(browser, api.url);
    saveOnFailure(steps, page, () => api.output());
    const child = {
      name: "Bright Reseller",
      email: "billing@bright-reseller.test",
      user: { email: "robin@bright-reseller.test", name: "Robin Reseller" },
    };
    const payees = ["444455556666", "777788889999"];
    const header = mainNav(page);

    // ---- Step 1: Create a Child partner ----
    // 1. Log in to CloudCheckr using your Partner Sys Admin credentials.
    await page.goto("/");
    await waitForPath(page, "/sign-in");
    await heading(page, "Sign in").waitFor();
    await page.getByLabel("Email", { exact: true }).fill(tenant.sysAdmin.email);
    await page.getByLabel("Password", { exact: true }).fill(tenant.sysAdmin.password);
    await step(page, "sign-in as Partner Sys Admin");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    //    The Accounts List page for the Parent partner opens.
    await waitForPath(page, `/partners/${tenant.partner.id}/accounts`);
    await heading(page, "Accounts List").waitFor();
    await page.getByRole("cell", { name: tenant.masterPayer.awsAccountId }).waitFor();
    await step(page, "accounts list of the parent");

    // 2. From the header menu, click the Partners icon. The Partners page opens.
    await header.getByRole("link", { name: "Partners", exact: true }).click();
    await heading(page, "Partners").waitFor();
    const partnersTable = page.getByRole("table");
    await rowWith(partnersTable, tenant.partner.name).waitFor();
    await step(page, "partners page");

    // 3. Write down the ID of the Parent partner.
    const parentRow = (await readTable(partnersTable)).find(
      (row) => row.Name === tenant.partner.name,
    );
    expect(parentRow).toMatchObject({ Level: "Parent (L1)" });
    const parentId = parentRow!.ID!;
    expect(parentId).toBe(tenant.partner.id);

    // 4. Click + NEW PARTNER. The Add Partner page opens.
    await page.getByRole("link", { name: "+ NEW PARTNER" }).click();
    await heading(page, "Add Partner").waitFor();
    await waitForPath(page, "/partners/new");
    await step(page, "add partner page");

    // 5. Partner Information: a name for the Child partner and its Partner Email.
    const information = page.getByRole("group", { name: "Partner Information" });
    await information.getByLabel("Name", { exact: true }).fill(child.name);
    await information.getByLabel("Partner Email", { exact: true }).fill(child.email);

    // 6. Initial User: select "Add an initial user to the partner"; leave the password blank
    //    to force the new user to activate the account and set a password.
    const initialUser = page.getByRole("group", { name: "Initial User" });
    await initialUser.getByRole("checkbox", { name: "Add an initial user to the partner" }).check();
    await initialUser.getByLabel("Email", { exact: true }).fill(child.user.email);
    await initialUser.getByLabel("Name", { exact: true }).fill(child.user.name);
    const password = initialUser.getByLabel("Password", { exact: true });
    await password.waitFor();
    expect(await password.inputValue()).toBe("");

    // 7. Resellers: select "This partner is a reseller" and provide the Parent partner's ID.
    const resellers = page.getByRole("group", { name: "Resellers" });
    await resellers.getByRole("checkbox", { name: "This partner is a reseller" }).check();
    await resellers.getByLabel("Parent partner ID", { exact: true }).fill(parentId);
    await step(page, "add partner filled in");
    //    Click Create. A message indicates that the new Child partner was created.
    await page.getByRole("button", { name: "Create", exact: true }).click();
    const created = page.getByRole("dialog", { name: "Partner created" });
    const message = created.getByText(`Partner ${child.name} created (ID `);
    await message.waitFor();
    const createdId = /\(ID (\d+)\)/.exec(await message.innerText())?.[1];
    expect(createdId).toMatch(/^\d+$/);
    await step(page, "child partner created message");
    //    Click OK to close the message.
    await created.getByRole("button", { name: "OK", exact: true }).click();
    await created.waitFor({ state: "hidden" });

    // 8. Refresh the page. The Child partner is now listed.
    await waitForPath(page, "/partners");
    await page.reload();
    await heading(page, "Partners").waitFor();
    await rowWith(partnersTable, child.name).waitFor();
    await step(page, "partners page lists the child");

    // 9. Write down the ID of the Child partner.
    const childRow = (await readTable(partnersTable)).find((row) => row.Name === child.name);
    expect(childRow).toMatchObject({
      ID: createdId,
      Email: child.email,
      Level: "Child (L2)",
      Reseller: "Yes",
      "Parent ID": parentId,
    });
    const childId = childRow!.ID!;

    // ---- Step 2: Create a Reseller Link ----
    // 1. From the Partners page, click the name of the Parent partner. Its Accounts List opens.
    await partnersTable.getByRole("link", { name: tenant.partner.name, exact: true }).click();
    await waitForPath(page, `/partners/${parentId}/accounts`);
    await heading(page, "Accounts List").waitFor();
    const accountsTable = page.getByRole("table");
    await rowWith(accountsTable, tenant.masterPayer.awsAccountId).waitFor();
    await step(page, "accounts list of the parent again");
    const masterPayer = (await readTable(accountsTable)).find(
      (row) => row["Master payer"] === "Yes",
    );
    expect(masterPayer).toMatchObject({
      "Project ID": tenant.masterPayer.id,
      "AWS account ID": tenant.masterPayer.awsAccountId,
    });
    const masterPayerProjectId = masterPayer!["Project ID"]!;
    const payerAwsId = masterPayer!["AWS account ID"]!;

    // 2. From the header menu, click the Settings icon and select Partner / Account > Resellers.
    await header.getByRole("button", { name: "Settings", exact: true }).click();
    const resellersItem = header.getByRole("link", { name: "Partner / Account > Resellers" });
    await resellersItem.waitFor();
    await step(page, "settings menu");
    await resellersItem.click();
    //    The Reseller Settings page opens.
    await waitForPath(page, `/partners/${parentId}/resellers`);
    await heading(page, "Reseller Settings").waitFor();
    await step(page, "reseller settings page");

    // 3. Click the + New Reseller Link button. The New Reseller Link dialog box opens.
    await page.getByRole("button", { name: "+ New Reseller Link" }).click();
    const dialog = page.getByRole("dialog", { name: "New Reseller Link" });
    await dialog.waitFor();
    await step(page, "new reseller link dialog");

    // 4. Master-Payer: the Project ID of the Parent's master payer in the Account ID field.
    const masterPayerGroup = dialog.getByRole("group", { name: "Master-Payer" });
    const masterPayerField = masterPayerGroup.getByLabel("Account ID", { exact: true });
    await masterPayerField.selectOption(masterPayerProjectId);
    expect(await masterPayerField.inputValue()).toBe(masterPayerProjectId);

    // 5. Reseller: the Project ID of the Child partner; leave the default 0 in Account ID.
    const resellerGroup = dialog.getByRole("group", { name: "Reseller", exact: true });
    await resellerGroup.getByLabel("Project ID", { exact: true }).fill(childId);
    expect(await resellerGroup.getByLabel("Account ID", { exact: true }).inputValue()).toBe("0");

    // 6. Reseller Accounts: the Payer ID and the Payee account IDs provided by the Child.
    const accountsGroup = dialog.getByRole("group", { name: "Reseller Accounts" });
    await accountsGroup.getByLabel("AWS Payer Account ID", { exact: true }).fill(payerAwsId);
    await accountsGroup
      .getByLabel("AWS Payee Account IDs", { exact: true })
      .fill(payees.join(", "));
    // The field reads the list back, one entry per id, none marked.
    const readBack = accountsGroup.getByRole("list", { name: "Payee account IDs as read" });
    await expect
      .poll(async () =>
        (await readBack.getByRole("listitem").allTextContents()).map((t) => t.trim()),
      )
      .toEqual(payees);

    // 7. Reseller Payer-Payee History: leave the default setting, Reset all history.
    const history = dialog.getByRole("group", { name: "Reseller Payer-Payee History" });
    expect(await history.getByRole("radio", { name: "Reset all history" }).isChecked()).toBe(true);
    await step(page, "new reseller link filled in");

    // 8. Click Link Accounts. The reseller information is now linked.
    await dialog.getByRole("button", { name: "Link Accounts", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    const linksTable = page.getByRole("table");
    const linkRow = rowWith(linksTable, child.name);
    await linkRow.waitFor();
    for (const payee of payees) await linkRow.getByText(payee).first().waitFor();
    await step(page, "reseller link listed");

    // The API stored exactly that link.
    const sysAdminToken = await api.login(tenant.sysAdmin.email, tenant.sysAdmin.password);
    const links = await resellerLinks(api, sysAdminToken, parentId);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      awsPayerAccountId: payerAwsId,
      awsPayeeAccountIds: payees,
      resellerPartner: { id: childId },
    });
    expect(problems).toEqual([]);
    await context.close();

    // ---- The Child's initial user activates the account from the emailed link ----
    const activationLink = await api.activationLinkFor(child.user.email);
    expect(activationLink.startsWith(`${api.url}/activate?token=`)).toBe(true);
    const childUser = await openPage(browser, api.url);
    const childPage = childUser.page;
    saveOnFailure(steps, childPage, () => api.output());
    await childPage.goto(activationLink);
    await heading(childPage, "Activate your account").waitFor();
    const newPassword = "robin-chose-this-password";
    await childPage.getByLabel("New password", { exact: true }).fill(newPassword);
    await childPage.getByLabel("Confirm password", { exact: true }).fill(newPassword);
    await step(childPage, "activate account");
    await childPage.getByRole("button", { name: "Set password and sign in" }).click();
    // Signed in: the Accounts List of its own (Child) partner.
    await waitForPath(childPage, `/partners/${childId}/accounts`);
    await heading(childPage, "Accounts List").waitFor();
    await step(childPage, "child user signed in");

    // The new user sees only its Child partner, and no + NEW PARTNER.
    await mainNav(childPage).getByRole("link", { name: "Partners", exact: true }).click();
    await heading(childPage, "Partners").waitFor();
    const childTable = childPage.getByRole("table");
    await rowWith(childTable, child.name).waitFor();
    await step(childPage, "child user sees only its partner");
    const visible = await readTable(childTable);
    expect(visible.map((row) => row.Name)).toEqual([child.name]);
    expect(visible[0]).toMatchObject({ ID: childId, Level: "Child (L2)" });
    expect(await childPage.getByRole("link", { name: "+ NEW PARTNER" }).count()).toBe(0);
    expect(childUser.problems).toEqual([]);
    await childUser.context.close();
  });
});
