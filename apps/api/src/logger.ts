import { pino, type DestinationStream, type Logger } from "pino";
import sonicBoom from "sonic-boom";
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

/** Lines waiting for a stdout nobody reads are dropped past this, instead of filling memory. */
const STDOUT_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * stdout, written asynchronously. pino's default writes synchronously: when the pipe is full
 * (a log reader that stopped reading) it retries every 100 ms on the main thread, forever, and
 * neither requests nor the shutdown timers ever run again. Here a full pipe only delays lines,
 * and a closed one (EPIPE) ends logging instead of the process.
 */
export function stdoutDestination(fd = 1): InstanceType<typeof sonicBoom.SonicBoom> {
  // A CommonJS module: its class is a property of the default export.
  const stream = new sonicBoom.SonicBoom({ fd, sync: false, maxLength: STDOUT_BUFFER_BYTES });
  stream.on("error", () => {
    stream.write = () => true;
  });
  return stream;
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
  return pino(options, destination ?? stdoutDestination());
}

export type { Logger };
