import { pino, type DestinationStream, type Logger } from "pino";
import {
  ACTIVATION_TOKEN_PREFIX,
  API_KEY_PREFIX,
  SESSION_TOKEN_PREFIX,
} from "./modules/auth/tokens.js";

/** Fields that must never reach a log line, wherever they appear. */
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "link",
  "*.link",
  "apiKey",
  "*.apiKey",
  "variables.password",
  "variables.token",
];

/**
 * Whatever field or message a credential ends up in (an error text, a URL), its shape gives it
 * away: the last line of defence rewrites it before the line is written.
 */
const CREDENTIAL = new RegExp(
  `(${[SESSION_TOKEN_PREFIX, API_KEY_PREFIX, ACTIVATION_TOKEN_PREFIX].join("|")})[A-Za-z0-9_-]{20,}`,
  "g",
);

export function redactCredentials(line: string): string {
  return line.replace(CREDENTIAL, "$1[redacted]");
}

/** The API's logger: JSON lines to stdout, or to `destination` (tests read them back). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    hooks: { streamWrite: redactCredentials },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
