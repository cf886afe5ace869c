// The console for every role, on a 360 px wide phone screen, in Debian's Chromium against the real
// API process: the operator creates a Parent; its Partner Sys Admin activates from the outbox
// email and invites a user to a Child; the user activates and sees only its partner; the admin
// disables the user and the user's next request is refused; an API key is created, used with
// fetch against /graphql, then revoked and refused; the session is shared by two tabs and ended in
// both by signing out; a forgotten password is reset from its email. Every page visited is
// measured for horizontal scroll and scanned with axe-core (no serious or critical violation).
// Screenshots: apps/admin/e2e/screenshots/console-roles/.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, OPERATOR, startApi } from "./support/api-server.js";
import { createSteps, launchChromium, openPage, saveOnFailure } from "./support/browser.js";
import { TOKEN_KEY, heading, mainNav, readTable, signIn, waitForPath } from "./support/console.js";
import { createChild, createResellerLink } from "./support/seed.js";

const PHONE = { width: 360, height: 740 };
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core violations of the page as it is now, as "rule: selector" lines. */
async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("the console for every role, at 360 px", () => {
  let api: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  it("should onboard a Parent, manage users and API keys, and reset a password, every page fitting a phone", async () => {
    const steps = createSteps("console-roles");
    /** A screenshot, then: no horizontal page scroll at 360 px and no serious axe violation. */
    async function check(page: Page, name: string): Promise<void> {
      await steps.step(page, name);
      const width = await page.evaluate(() => ({
        scroll: document.scrollingElement!.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(width.scroll, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(
        width.viewport,
      );
      expect(await axeProblems(page), `${name}: accessibility`).toEqual([]);
    }
    async function phonePage() {
      const opened = await openPage(browser, api.url);
      await opened.page.setViewportSize(PHONE);
      saveOnFailure(steps, opened.page, () => api.output());
      return opened;
    }

    const parent = {
      name: "Heron Holdings",
      email: "billing@heron-holdings.test",
      admin: "sam@heron-holdings.test",
      adminPassword: "heron-admin-password-1",
      payer: "210987654321",
    };
    const child = { name: "Heron Analytics", email: "ops@heron-analytics.test" };
    const user = { email: "robin@heron-analytics.test", password: "robin-password-e2e-1" };

    // ---- The operator creates a Parent with its Partner Sys Admin and master payer ----
    const operator = await phonePage();
    const op = operator.page;
    await op.goto("/partners/1/users");
    await waitForPath(op, "/sign-in");
    await heading(op, "Sign in").waitFor();
    expect(await op.getByText("Reseller Console", { exact: true }).count()).toBeGreaterThan(0);
    await check(op, "sign-in with the product name");
    await signIn(op, OPERATOR.email, OPERATOR.password);
    await heading(op, "Users").waitFor();
    await op.getByText("Partner 1 does not exist, or you cannot see it.").waitFor();
    await op.goto("/partners");
    await heading(op, "Partners").waitFor();
    await op
      .getByText("No partners yet: create the first Parent partner with + NEW PARENT.")
      .waitFor();
    // The Settings menu is not empty for the operator, and Escape closes it.
    const settings = mainNav(op).getByRole("button", { name: "Settings", exact: true });
    await settings.click();
    await mainNav(op).getByRole("link", { name: "New Parent partner" }).waitFor();
    await check(op, "operator settings menu");
    await op.keyboard.press("Escape");
    await expect.poll(() => settings.getAttribute("aria-expanded")).toBe("false");
    expect(await mainNav(op).getByRole("link", { name: "New Parent partner" }).count()).toBe(0);

    await op.getByRole("link", { name: "+ NEW PARENT" }).click();
    await heading(op, "New Parent partner").waitFor();
    const information = op.getByRole("group", { name: "Partner Information" });
    await information.getByLabel("Name", { exact: true }).fill(parent.name);
    await information.getByLabel("Partner Email", { exact: true }).fill(parent.email);
    await op
      .getByRole("group", { name: "Partner Sys Admin" })
      .getByLabel("Email", { exact: true })
      .fill(parent.admin);
    await op
      .getByRole("group", { name: "Master payer account" })
      .getByLabel("AWS account ID")
      .fill(parent.payer);
    await check(op, "new parent form");
    await op.getByRole("button", { name: "Create Parent partner" }).click();
    await op
      .getByText(`Its Partner Sys Admin ${parent.admin} was emailed an activation link.`)
      .waitFor();
    await check(op, "parent created");
    await op.getByRole("link", { name: "Parents" }).click();
    await heading(op, "Parents").waitFor();
    const parents = await readTable(op.getByRole("table"));
    expect(parents.map((row) => row.Name)).toEqual([parent.name]);
    const parentId = parents[0]!.ID!;
    await check(op, "parents page");

    // ---- The Partner Sys Admin activates from the email, which names the partner and who invited ----
    const activation = api.outbox().find((mail) => mail.to.includes(parent.admin));
    expect(activation?.subject).toBe(`${parent.name} invites you to Reseller Console`);
    const admin = await phonePage();
    const ad = admin.page;
    const adminLink = new URL(await api.activationLinkFor(parent.admin));
    await ad.goto(adminLink.pathname + adminLink.search);
    await heading(ad, "Activate your account").waitFor();
    // The operator's user is named "Operator" by the start-up bootstrap.
    await ad.getByText(`Operator invited ${parent.admin} to ${parent.name}.`).waitFor();
    await check(ad, "activation names partner and inviter");
    await ad.getByLabel("New password").fill(parent.adminPassword);
    await ad.getByLabel("Confirm password").fill(parent.adminPassword);
    await ad.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForPath(ad, `/partners/${parentId}/accounts`);
    await ad.getByRole("cell", { name: parent.payer }).waitFor();
    await check(ad, "parent accounts after activation");

    // A Child to invite a user to (made through the API, as the Add Partner page's own e2e covers it).
    const adminToken = await api.login(parent.admin, parent.adminPassword);
    const childPartner = await createChild(api, adminToken, { ...child, parentId });

    // ---- The admin invites a user to the Child from its Users page ----
    await ad.goto(`/partners/${childPartner.id}/accounts`);
    await heading(ad, "Accounts List").waitFor();
    await mainNav(ad).getByRole("button", { name: "Settings", exact: true }).click();
    await mainNav(ad).getByRole("link", { name: "Partner / Account > Users" }).click();
    await waitForPath(ad, `/partners/${childPartner.id}/users`);
    await heading(ad, "Users").waitFor();
    await ad.getByText("This partner has no users yet.").waitFor();
    await check(ad, "child users empty");
    await ad.getByRole("button", { name: "+ Add user" }).click();
    const dialog = ad.getByRole("dialog", { name: `Add a user to ${child.name}` });
    await dialog.waitFor();
    // The dialog traps focus and Escape closes it.
    for (let i = 0; i < 8; i += 1) {
      await ad.keyboard.press("Tab");
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(
        true,
      );
    }
    await ad.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await ad.getByRole("button", { name: "+ Add user" }).click();
    await dialog.getByLabel("Email", { exact: true }).fill(user.email);
    await dialog.getByLabel("Role").selectOption("USER");
    await check(ad, "invite user dialog");
    await dialog.getByRole("button", { name: "Add user" }).click();
    await ad.getByText(`Invitation sent to ${user.email}.`).waitFor();
    const invited = (await readTable(ad.getByRole("table"))).find(
      (row) => row.Email === user.email,
    );
    expect(invited).toMatchObject({ Status: "Invited, not activated", "Last sign-in": "Never" });
    // The role is a picker of the roles the admin may grant, set to the user's.
    const rolePicker = ad.getByRole("combobox", { name: `Role of ${user.email}` });
    expect(await rolePicker.inputValue()).toBe("USER");
    expect(await rolePicker.locator("option").allTextContents()).toEqual(["Administrator", "User"]);
    await check(ad, "child users with invitation");

    // ---- The user activates and sees only its own partner ----
    const member = await phonePage();
    const me = member.page;
    const userLink = new URL(await api.activationLinkFor(user.email));
    await me.goto(userLink.pathname + userLink.search);
    await me.getByText(`${parent.admin} invited ${user.email} to ${child.name}.`).waitFor();
    await me.getByLabel("New password").fill(user.password);
    await me.getByLabel("Confirm password").fill(user.password);
    await me.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForPath(me, `/partners/${childPartner.id}/accounts`);
    await mainNav(me).getByRole("link", { name: "Partners", exact: true }).click();
    await heading(me, "Partners").waitFor();
    expect((await readTable(me.getByRole("table"))).map((row) => row.Name)).toEqual([child.name]);
    await check(me, "user sees only its partner");

    // ---- The admin disables the user; the user's next request is refused ----
    await ad.reload();
    await heading(ad, "Users").waitFor();
    const userRow = ad.getByRole("row").filter({ hasText: user.email });
    await userRow.getByRole("button", { name: "Disable" }).click();
    await ad
      .getByText(`${user.email} is disabled; their sessions and API keys stopped working.`)
      .waitFor();
    await check(ad, "user disabled");
    const userToken = await me.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
    const refused = await api.request("query { viewer { user { id } } }", {}, userToken!);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    await me.reload();
    await waitForPath(me, "/sign-in");
    await check(me, "disabled user back at sign-in");

    // ---- An API key: created, used with fetch, a READ key refused a mutation, revoked and refused ----
    await ad.getByRole("button", { name: /sam@heron-holdings\.test/ }).click();
    await ad.getByRole("link", { name: "API keys" }).click();
    await heading(ad, "API keys").waitFor();
    await ad.getByLabel("Name", { exact: true }).fill("Sandbox");
    await ad.getByLabel("Scope").selectOption("READ");
    await ad.getByRole("button", { name: "Create key" }).click();
    const secret = (await ad.getByTestId("secret").textContent())!.trim();
    expect(secret).toMatch(/^rck_/);
    await ad.getByText("Authorization").first().waitFor();
    await check(ad, "api key shown once");
    const graphql = (query: string) =>
      fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query }),
      });
    const viewer = await graphql("{ viewer { user { email } } }");
    expect(await viewer.json()).toEqual({ data: { viewer: { user: { email: parent.admin } } } });
    const mutation = await graphql("mutation { logout }");
    expect(mutation.status).toBe(403);
    await ad.reload();
    await heading(ad, "API keys").waitFor();
    const keyRow = (await readTable(ad.getByRole("table"))).find((row) => row.Name === "Sandbox");
    expect(keyRow?.Scope).toBe("Read");
    expect(keyRow?.["Last used"]).not.toBe("Never");
    await check(ad, "api keys list with last use");
    await ad.getByRole("button", { name: "Revoke Sandbox" }).click();
    await ad.getByText("You have no API keys.").waitFor();
    expect((await graphql("{ viewer { user { email } } }")).status).toBe(401);

    // ---- Reseller Settings fits the phone; a link's timeline opens in its own dialog ----
    const accounts = await api.gql<{
      partner: { accounts: { id: string; isMasterPayer: boolean }[] };
    }>(
      `query($id: ID!) { partner(id: $id) { accounts { id isMasterPayer } } }`,
      { id: parentId },
      adminToken,
    );
    const masterPayer = accounts.partner.accounts.find((account) => account.isMasterPayer)!;
    await createResellerLink(api, adminToken, {
      masterPayerAccountId: masterPayer.id,
      resellerPartnerId: childPartner.id,
      awsPayerAccountId: parent.payer,
      awsPayeeAccountIds: ["444455556666", "777788889999"],
    });
    await ad.goto(`/partners/${parentId}/resellers`);
    await heading(ad, "Reseller Settings").waitFor();
    await ad.getByRole("cell", { name: /444455556666/ }).waitFor();
    await check(ad, "reseller settings on a phone");
    await ad.getByRole("button", { name: "Timeline" }).click();
    const timeline = ad.getByRole("dialog", { name: /^Timeline of reseller link/ });
    await timeline.getByText(`Version 1 · Created by ${parent.admin}`, { exact: false }).waitFor();
    await timeline.getByText("Added: 444455556666, 777788889999").waitFor();
    await check(ad, "reseller link timeline");
    await ad.keyboard.press("Escape");
    await timeline.waitFor({ state: "hidden" });

    // ---- One session for all tabs of a browser, ended in all by signing out ----
    const secondTab = await admin.context.newPage();
    await secondTab.setViewportSize(PHONE);
    await secondTab.goto("/account/password");
    await heading(secondTab, "Change password").waitFor();
    await check(secondTab, "second tab shares the session");
    await ad.getByRole("button", { name: "Sign out" }).click();
    await waitForPath(ad, "/sign-in");
    await waitForPath(secondTab, "/sign-in");

    // ---- Forgot password, end to end ----
    await ad.getByRole("link", { name: "Forgot your password?" }).click();
    await heading(ad, "Forgot your password?").waitFor();
    await ad.getByLabel("Email", { exact: true }).fill(parent.admin);
    await ad.getByRole("button", { name: "Send reset link" }).click();
    await ad
      .getByText(`If an active account uses ${parent.admin}, a reset link is on its way.`)
      .waitFor();
    await check(ad, "forgot password sent");
    const reset = new URL(await api.resetLinkFor(parent.admin));
    await ad.goto(reset.pathname + reset.search);
    await heading(ad, "Choose a new password").waitFor();
    await check(ad, "reset password page");
    await ad.getByLabel("New password").fill("heron-admin-password-2");
    await ad.getByLabel("Confirm password").fill("heron-admin-password-2");
    await ad.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForPath(ad, `/partners/${parentId}/accounts`);
    expect(await api.login(parent.admin, "heron-admin-password-2")).toMatch(/^rcs_/);

    for (const opened of [operator, admin, member]) expect(opened.problems).toEqual([]);
  });
});
