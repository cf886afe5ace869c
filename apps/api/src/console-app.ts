import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";

/** Where `pnpm --filter @reseller/admin build` writes the console, seen from apps/api/dist. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL("../../admin/dist", import.meta.url));

const API_PATHS = /^\/(graphql|healthz|readyz|billing)(\/|$)/;

// The console's own files only: scripts and styles come from this origin, nothing inline.
const CONSOLE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

/**
 * Serves the built admin console at `/`: its assets, and index.html for every other GET so
 * deep links like /partners/42/resellers load the app. Without a build it says how to make one.
 */
export function consoleApp(dir: string): express.Router {
  const router = express.Router();
  const index = join(dir, "index.html");
  if (!existsSync(index)) {
    router.get("/", (_req, res) => {
      res
        .status(503)
        .type("text/plain")
        .send(
          "The admin console is not built: run `npm start` from the repository root (it builds it). GraphQL is at /graphql.",
        );
    });
    return router;
  }
  router.use((req, res, next) => {
    res.set(CONSOLE_HEADERS);
    // Source maps (a build made with CONSOLE_SOURCEMAPS=1) are for a developer's machine.
    if (req.path.endsWith(".map")) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    next();
  });
  // Hashed asset names never change content: cache them for a year; index.html never.
  router.use(
    "/assets",
    express.static(join(dir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }),
  );
  router.use(express.static(dir, { index: false }));
  router.get(/.*/, (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts("html")) return next();
    res.set("cache-control", "no-cache").sendFile(index);
  });
  return router;
}
