import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/admin */
export const ADMIN_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const REPO_ROOT = resolve(ADMIN_DIR, "../..");
/** The production entry point the e2e tests start, exactly as the README's start command does. */
export const API_MAIN = join(REPO_ROOT, "apps/api/dist/main.js");
/** The built console that the API serves at `/`. */
export const CONSOLE_DIST = join(ADMIN_DIR, "dist");
/** One folder per test, one PNG per step; gitignored, kept by CI as an artifact. */
export const SCREENSHOTS_DIR = join(ADMIN_DIR, "e2e/screenshots");

/** The newest modification time of the files under `dir` (tests aside), skipping folders in `skip`. */
function newestMtime(dir: string, skip: ReadonlySet<string>): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) newest = Math.max(newest, newestMtime(path, skip));
    } else if (entry.isFile() && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The e2e tests drive the production build: the API's dist/main.js and the console's dist.
 * Throws with the command to run when either is missing, and when the console's sources are
 * newer than its build (the browser would test yesterday's console).
 */
export function assertBuilt(): void {
  const build = "run `pnpm exec turbo run build` from the repository root first";
  if (!existsSync(API_MAIN)) {
    throw new Error(`The API is not built: ${API_MAIN} does not exist; ${build}.`);
  }
  const index = join(CONSOLE_DIST, "index.html");
  if (!existsSync(index)) {
    throw new Error(`The console is not built: ${index} does not exist; ${build}.`);
  }
  const sources = join(ADMIN_DIR, "src");
  // src/generated is rewritten by every codegen run (lint, test), not only by the build.
  if (
    process.env.E2E_ALLOW_STALE_BUILD !== "1" &&
    existsSync(sources) &&
    newestMtime(sources, new Set(["generated"])) > statSync(index).mtimeMs
  ) {
    throw new Error(
      `The console build is older than apps/admin/src (${index} predates the newest source file); ${build} (or set E2E_ALLOW_STALE_BUILD=1 to test the old build).`,
    );
  }
}
