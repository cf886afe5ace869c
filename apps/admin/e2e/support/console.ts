// Reading and driving the console the way a person does: by headings, labels, roles and
// the text of table cells, never by CSS classes.
import { type Locator, type Page } from "playwright-core";

/** localStorage key of the bearer token (apps/admin/src/auth/session.ts). */
export const TOKEN_KEY = "reseller-console.token";

/** The header's main navigation (the Partners icon lives there; pages have their own links). */
export const mainNav = (page: Page): Locator => page.getByRole("navigation", { name: "Main" });

export const heading = (page: Page, name: string): Locator =>
  page.getByRole("heading", { name, exact: true, level: 1 });

/** Fills the sign-in form and submits it; the caller waits for where it should land. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await heading(page, "Sign in").waitFor();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Waits until the page's path is `path` (any query string). */
export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A table's body rows as records keyed by the column headers' text, e.g. `row["ID"]`,
 * after waiting for the table to show.
 */
export async function readTable(table: Locator): Promise<Record<string, string>[]> {
  await table.waitFor();
  // textContent, not innerText: the header cells' CSS upper-cases what innerText returns.
  const headers = (await table.getByRole("columnheader").allTextContents()).map(normalize);
  const rows: Record<string, string>[] = [];
  for (const row of await table.getByRole("row").all()) {
    // A row's first cell may be a row header (<th scope="row">).
    const cells = (
      await row.getByRole("cell").or(row.getByRole("rowheader")).allTextContents()
    ).map(normalize);
    if (cells.length === 0) continue; // the header row
    rows.push(Object.fromEntries(headers.map((name, index) => [name, cells[index] ?? ""])));
  }
  return rows;
}

/** The table row that holds a link (or cell text) named `name`, exactly. */
export const rowWith = (table: Locator, name: string): Locator =>
  table.getByRole("row").filter({ has: table.page().getByText(name, { exact: true }) });
