import { timingSafeEqual, createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type express from "express";
import { type Metrics } from "./metrics.js";

// The routes Express matched, else one label for everything else (console files, unknown paths).
const KNOWN_ROUTES = /^\/(graphql|healthz|readyz|metrics|billing\/uploads)$/;

function routeLabel(req: express.Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  const path = `${req.baseUrl}${typeof route === "string" ? route : ""}`;
  return KNOWN_ROUTES.test(path) ? path : "other";
}

/** Counts every answered request by method, route and status. */
export function httpMetrics(metrics: Metrics): express.RequestHandler {
  return (req, res, next) => {
    res.on("finish", () => {
      const method = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(req.method)
        ? req.method
        : "other";
      metrics.httpRequests.inc({ method, route: routeLabel(req), status: String(res.statusCode) });
    });
    next();
  };
}

function sameSecret(given: string, expected: string): boolean {
  // Hashes first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /metrics on the API's port: only with `Authorization: Bearer $METRICS_TOKEN`. Without a
 * token configured it answers 404, as if it did not exist.
 */
export function metricsHandler(
  metrics: Metrics | null,
  token: string | null,
): express.RequestHandler {
  return (req, res, next) => {
    if (metrics === null || token === null) {
      res
        .status(404)
        .json({ errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] });
      return;
    }
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match?.[1] || !sameSecret(match[1], token)) {
      res
        .status(401)
        .set("www-authenticate", 'Bearer realm="metrics"')
        .json({
          errors: [
            {
              message: "Send Authorization: Bearer <METRICS_TOKEN>.",
              extensions: { code: "UNAUTHENTICATED" },
            },
          ],
        });
      return;
    }
    metrics
      .scrape()
      .then((text) => res.type(metrics.contentType).send(text))
      .catch(next);
  };
}

/** A listener of its own (METRICS_PORT on METRICS_HOST) that answers GET /metrics and nothing else. */
export async function startMetricsServer(
  metrics: Metrics,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: GET /metrics\n");
      return;
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return { server, url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/metrics` };
}
