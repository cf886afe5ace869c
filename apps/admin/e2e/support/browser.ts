// Debian's Chromium driven by playwright-core: one browser per test file, a new context (fresh
// cookies and storage) per test, and a full-page screenshot for every step.
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { onTestFailed } from "vitest";
import { SCREENSHOTS_DIR } from "./paths.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// The flags that work on these machines: no sandbox as root, no GPU, and none of Chromium's
// own network traffic (the closed network refuses it, many connections at a time).
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run \`bash tooling/scripts/ensure-chromium.sh\` from the repository root (it installs Debian's chromium as root), or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What each page did (navigations, console, failed GraphQL requests), for failure reports. */
const journals = new WeakMap<Page, string[]>();

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far; a test expects none. */
  problems: string[];
}

/** A fresh context (laptop-sized window) with one page, its base URL the API's PUBLIC_URL. */
export async function openPage(browser: Browser, baseURL: string): Promise<BrowserPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  // Locator waits fail within 15 s with the locator named, long before the test's timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const journal: string[] = [];
  journals.set(page, journal);
  page.on("pageerror", (error) => {
    problems.push(`page error: ${error.message}`);
    journal.push(`page error: ${error.message}`);
  });
  page.on("console", (message) => {
    journal.push(`console ${message.type()}: ${message.text()}`);
    // An HTTP error status (401 of a revoked token) is logged by Chromium itself, not the app.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) journal.push(`navigated: ${frame.url()}`);
  });
  // GraphQL answers with an error status (refused requests, CSRF blocks) explain most failures.
  page.on("response", (response) => {
    if (!new URL(response.url()).pathname.startsWith("/graphql") || response.ok()) return;
    const request = response.request();
    void response.text().then(
      (body) =>
        journal.push(`graphql ${request.method()} ${response.status()}: ${body.slice(0, 500)}`),
      () => journal.push(`graphql ${request.method()} ${response.status()}`),
    );
  });
  return { context, page, problems };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * Screenshots for one test: `step(page, name)` saves a full-page PNG (the whole dialog, when
 * one is open) as
 * apps/admin/e2e/screenshots/<test>/<nn>-<name>.png, numbered in the order of the steps.
 * The test's folder is emptied first, so it shows the last run only.
 */
export interface Steps {
  dir: string;
  step: (page: Page, name: string) => Promise<string>;
}

export function createSteps(testName: string): Steps {
  const dir = join(SCREENSHOTS_DIR, slug(testName));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let count = 0;
  return {
    dir,
    async step(page, name) {
      count += 1;
      const path = join(dir, `${String(count).padStart(2, "0")}-${slug(name)}.png`);
      const options = { path, animations: "disabled", caret: "hide" } as const;
      // An open modal dialog is fixed to the window and scrolls inside itself, and its backdrop
      // covers the window only: the window grows until the whole dialog shows, for this shot.
      const dialog = page.getByRole("dialog");
      const size = page.viewportSize();
      if (size && (await dialog.count()) === 1) {
        const hiddenHeight = () =>
          dialog.evaluate((element) =>
            Math.max(
              0,
              ...[element, ...element.querySelectorAll("*")].map(
                (node) => node.scrollHeight - node.clientHeight,
              ),
            ),
          );
        // A dialog's max-height may be a fraction of the window: grow until nothing is hidden.
        let height = size.height;
        for (let round = 0, hidden = await hiddenHeight(); hidden > 0 && round < 5; round += 1) {
          height += hidden;
          await page.setViewportSize({ width: size.width, height });
          hidden = await hiddenHeight();
        }
        await page.screenshot(options);
        await page.setViewportSize(size);
      } else {
        await page.screenshot({ ...options, fullPage: true });
      }
      return path;
    },
  };
}

/**
 * When the current test fails: a last screenshot of `page` ("<nn>-failed.png"), what the API
 * process printed (api-output.log) and what the page did (browser.log: navigations, console
 * messages, GraphQL requests answered with an error status), next to the step screenshots.
 */
export function saveOnFailure(steps: Steps, page: Page, apiOutput: () => string): void {
  onTestFailed(async () => {
    writeFileSync(join(steps.dir, "api-output.log"), apiOutput());
    // One test may use several pages (one per user): each adds its own section.
    appendFileSync(
      join(steps.dir, "browser.log"),
      `--- page last at ${page.url()}\n${(journals.get(page) ?? []).join("\n")}\n`,
    );
    if (!page.isClosed()) await steps.step(page, "failed");
  });
}
