import type express from "express";
import { type AppConfig } from "../config.js";

/** Query parameters whose values are credentials (activation links, signed URLs, keys). */
const SENSITIVE_PARAM = /token|key|secret|password|signature|credential|session|code|auth/i;

/** The URL with the values of sensitive query parameters replaced: safe to log. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf("?");
  if (queryAt < 0) return url;
  const query = url
    .slice(queryAt + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0) return pair;
      let name = pair.slice(0, equals);
      try {
        name = decodeURIComponent(name);
      } catch {
        // A malformed name is judged as written.
      }
      return SENSITIVE_PARAM.test(name) ? `${pair.slice(0, equals)}=[redacted]` : pair;
    })
    .join("&");
  return `${url.slice(0, queryAt)}?${query}`;
}

function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== "object") return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      SENSITIVE_PARAM.test(name) ? "[redacted]" : value,
    ]),
  );
}

/** pino-http serializers: the request log line without credentials in its URL. */
export const logSerializers = {
  req(req: Record<string, unknown>): Record<string, unknown> {
    return {
      ...req,
      ...(typeof req.url === "string" ? { url: redactUrl(req.url) } : {}),
      ...("query" in req ? { query: redactQuery(req.query) } : {}),
    };
  },
};

/**
 * Headers on every answer, API and console alike: no content sniffing, and on an https
 * deployment HSTS, so a browser never again tries the console over plain http.
 */
export function securityHeaders(config: AppConfig): express.RequestHandler {
  const https = config.publicUrl.startsWith("https:");
  return (_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    if (https) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
    next();
  };
}
