// What goes wrong, in the browser against the real API: a bad payee, a payee that another link
// holds, a Child partner's user at the Add Partner page, and a revoked session.
// Screenshots: apps/admin/e2e/screenshots/reseller-errors-*/.
import { type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApi } from "./support/api-server.js";
import {
  type Steps,
  createSteps,
  launchChromium,
  openPage,
  saveOnFailure,
} from "./support/browser.js";
import { TOKEN_KEY, heading, mainNav, readTable, signIn, waitForPath } from "./support/console.js";
import {
  type LinkRow,
  type ParentTenant,
  createChild,
  createResellerLink,
  resellerLinks,
  seedParent,
} from "./support/seed.js";

describe("reseller console errors in the browser", () => {
  let api: ApiServer;
  let browser: Browser;
  let tenant: ParentTenant;
  let sysAdminToken: string;
  let north: { id: string; name: string };
  let south: { id: string; name: string };
  let northLink: LinkRow;
  // A Child partner's user, created with a password (no activation needed).
  const northUser = {
    email: "kim@north-reseller.test",
    name: "Kim North",
    password: "kim-north-password-1",
  };
  const heldPayee = "222233334444";

  beforeAll(async () => {
    api = await startApi();
    tenant = await seedParent(api);
    sysAdminToken = await api.login(tenant.sysAdmin.email, tenant.sysAdmin.password);
    north = await createChild(api, sysAdminToken, {
      name: "North Reseller",
      email: "billing@north-reseller.test",
      parentId: tenant.partner.id,
      initialUser: northUser,
    });
    south = await createChild(api, sysAdminToken, {
      name: "South Reseller",
      email: "billing@south-reseller.test",
      parentId: tenant.partner.id,
    });
    // The first link, made through GraphQL: North holds heldPayee under the master payer.
    northLink = await createResellerLink(api, sysAdminToken, {
      masterPayerAccountId: tenant.masterPayer.id,
      resellerPartnerId: north.id,
      awsPayerAccountId: tenant.masterPayer.awsAccountId,
      awsPayeeAccountIds: [heldPayee],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  /** Signs in as the Partner Sys Admin through a deep link to Reseller Settings. */
  async function openResellerSettings(page: Page): Promise<void> {
    const path = `/partners/${tenant.partner.id}/resellers`;
    await page.goto(path);
    await signIn(page, tenant.sysAdmin.email, tenant.sysAdmin.password);
    await waitForPath(page, path);
    await heading(page, "Reseller Settings").waitFor();
    await page.getByRole("table").getByRole("row").nth(1).waitFor();
  }

  /** Opens New Reseller Link and fills every section for `childId` with the given payees. */
  async function fillNewLink(page: Page, childId: string, payees: string): Promise<Locator> {
    await page.getByRole("button", { name: "+ New Reseller Link" }).click();
    const dialog = page.getByRole("dialog", { name: "New Reseller Link" });
    await dialog.waitFor();
    await dialog
      .getByRole("group", { name: "Master-Payer" })
      .getByLabel("Account ID", { exact: true })
      .selectOption(tenant.masterPayer.id);
    const reseller = dialog.getByRole("group", { name: "Reseller", exact: true });
    await reseller.getByLabel("Project ID", { exact: true }).fill(childId);
    const accounts = dialog.getByRole("group", { name: "Reseller Accounts" });
    await accounts
      .getByLabel("AWS Payer Account ID", { exact: true })
      .fill(tenant.masterPayer.awsAccountId);
    await accounts.getByLabel("AWS Payee Account IDs", { exact: true }).fill(payees);
    return dialog;
  }

  /** The payee field, the error shown at it, and the entry of the read-back list for `id`. */
  function payeeField(dialog: Locator, id: string) {
    const accounts = dialog.getByRole("group", { name: "Reseller Accounts" });
    return {
      input: accounts.getByLabel("AWS Payee Account IDs", { exact: true }),
      error: accounts.getByRole("alert"),
      entry: accounts
        .getByRole("list", { name: "Payee account IDs as read" })
        .getByRole("listitem")
        .filter({ hasText: id }),
    };
  }

  /** Nothing was saved: the page's table and the API both still hold only North's link. */
  async function expectOnlyNorthLink(page: Page, tableBefore: Record<string, string>[]) {
    expect(await readTable(page.getByRole("table"))).toEqual(tableBefore);
    const links = await resellerLinks(api, sysAdminToken, tenant.partner.id);
    expect(links).toEqual([northLink]);
  }

  /** A fresh browser context for one test, its screenshots folder, and failure capture. */
  async function begin(name: string): Promise<{ page: Page; steps: Steps; problems: string[] }> {
    const { page, problems } = await openPage(browser, api.url);
    const steps = createSteps(name);
    saveOnFailure(steps, page, () => api.output());
    return { page, steps, problems };
  }

  /** Signs in from the sign-in page; where it lands is the workflow test's business. */
  async function signInFresh(page: Page, email: string, password: string): Promise<void> {
    await page.goto("/sign-in");
    await signIn(page, email, password);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await mainNav(page).waitFor();
  }

  it("(a) should mark a bad payee id at its field and save nothing when Link Accounts is pressed", async () => {
    const { page, steps, problems } = await begin("reseller-errors-bad-payee");
    await openResellerSettings(page);
    const tableBefore = await readTable(page.getByRole("table"));
    expect(tableBefore).toHaveLength(1);

    // "12345" is marked as it is typed, and Link Accounts shows the error at the field.
    const dialog = await fillNewLink(page, south.id, "444455556666, 12345");
    const bad = payeeField(dialog, "12345");
    await bad.entry.filter({ hasText: "not a 12-digit id" }).waitFor();
    await steps.step(page, "bad payee typed");
    await dialog.getByRole("button", { name: "Link Accounts", exact: true }).click();
    await bad.error.filter({ hasText: '"12345"' }).waitFor();
    expect(await bad.input.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.isVisible()).toBe(true);
    await steps.step(page, "bad payee marked at its field");

    // A payee the API refuses (the payer itself) is marked at the same field, on its entry.
    await bad.input.fill(`444455556666\n${tenant.masterPayer.awsAccountId}`);
    await dialog.getByRole("button", { name: "Link Accounts", exact: true }).click();
    const refused = payeeField(dialog, tenant.masterPayer.awsAccountId);
    await refused.error.filter({ hasText: tenant.masterPayer.awsAccountId }).waitFor();
    await refused.entry.filter({ hasText: "refused" }).waitFor();
    expect(await refused.input.getAttribute("aria-invalid")).toBe("true");
    await steps.step(page, "payee refused by the api marked at its field");

    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await expectOnlyNorthLink(page, tableBefore);
    await steps.step(page, "nothing saved");
    expect(problems).toEqual([]);
  });

  it("(b) should name the payee and the link that holds it when the payee is linked to a second reseller", async () => {
    const { page, steps, problems } = await begin("reseller-errors-payee-conflict");
    await openResellerSettings(page);
    const tableBefore = await readTable(page.getByRole("table"));

    const dialog = await fillNewLink(page, south.id, heldPayee);
    await steps.step(page, "held payee for a second reseller");
    await dialog.getByRole("button", { name: "Link Accounts", exact: true }).click();
    const field = payeeField(dialog, heldPayee);
    const conflict = field.error.filter({ hasText: heldPayee });
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain(`reseller link ${northLink.id}`);
    await field.entry.filter({ hasText: "refused" }).waitFor();
    await steps.step(page, "conflict names the payee and the link");

    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await expectOnlyNorthLink(page, tableBefore);
    expect(problems).toEqual([]);
  });

  it("(c) should keep a Child partner's user away from the Add Partner page", async () => {
    const { page, steps, problems } = await begin("reseller-errors-child-user");
    await signInFresh(page, northUser.email, northUser.password);
    await page.getByText(`${north.name} · ID ${north.id}`).waitFor();
    await steps.step(page, "child user signed in");

    // Typing the address of the Add Partner page lands elsewhere.
    await page.goto("/partners/new");
    await page.waitForURL((url) => url.pathname !== "/partners/new");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    expect(await heading(page, "Add Partner").count()).toBe(0);
    await steps.step(page, "add partner page refused");

    // The Partners page shows only the Child's own partner and no + NEW PARTNER.
    await mainNav(page).getByRole("link", { name: "Partners", exact: true }).click();
    await heading(page, "Partners").waitFor();
    const rows = await readTable(page.getByRole("table"));
    expect(rows.map((row) => row.Name)).toEqual([north.name]);
    expect(await page.getByRole("link", { name: "+ NEW PARTNER" }).count()).toBe(0);
    await steps.step(page, "partners page without new partner");
    expect(problems).toEqual([]);
  });

  it("(d) should send a revoked session back to sign-in, remembering the page, and return there after signing in", async () => {
    const { page, steps, problems } = await begin("reseller-errors-revoked-session");
    await signInFresh(page, tenant.sysAdmin.email, tenant.sysAdmin.password);
    await page.getByText(`${tenant.partner.name} · ID ${tenant.partner.id}`).waitFor();

    // The session is revoked elsewhere: logout through GraphQL with the console's own token.
    const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
    expect(token).toBeTruthy();
    await api.gql<{ logout: boolean }>("mutation { logout }", {}, token!);
    const refused = await api.request("query { viewer { user { id } } }", {}, token!);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    // The next page asked for goes to sign-in, which remembers it.
    const wanted = `/partners/${tenant.partner.id}/resellers`;
    await mainNav(page).getByRole("button", { name: "Settings", exact: true }).click();
    await mainNav(page).getByRole("link", { name: "Partner / Account > Resellers" }).click();
    await waitForPath(page, "/sign-in");
    expect(new URL(page.url()).searchParams.get("redirect")).toBe(wanted);
    await heading(page, "Sign in").waitFor();
    expect(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toBeNull();
    await steps.step(page, "sign in again");

    await signIn(page, tenant.sysAdmin.email, tenant.sysAdmin.password);
    await waitForPath(page, wanted);
    await heading(page, "Reseller Settings").waitFor();
    await steps.step(page, "back at the remembered page");
    expect(problems).toEqual([]);
  });
});
