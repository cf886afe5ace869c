import { pino, type DestinationStream, type Logger } from "pino";

/** Fields that must never reach a log line, wherever they appear. */
const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "variables.password",
  "variables.token",
];

/** The API's logger: JSON lines to stdout, or to `destination` (tests read them back). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  destination?: DestinationStream,
): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
