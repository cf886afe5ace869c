import { resolve } from "node:path";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./modules/auth/rate-limits.js";

export type DatabaseConfig =
  | { readonly driver: "sqlite"; readonly path: string; readonly url: string }
  | { readonly driver: "postgres"; readonly url: string };

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly publicUrl: string;
  readonly corsOrigins: readonly string[];
  readonly operator: { readonly email: string; readonly password: string } | null;
  readonly smtpUrl: string | null;
  readonly mailOutboxDir: string;
  readonly demoData: boolean;
  /** BILLING_DROP_DIR/<master payer account id>/: reports put there are ingested (the S3 stand-in). */
  readonly billingDropDir: string;
  /** Where uploaded and dropped reports are kept while and after they are ingested. */
  readonly billingStorageDir: string;
  /** Uploads larger than this are refused (413) before they fill the disk. */
  readonly billingUploadMaxBytes: number;
  /** How often each enabled S3 report source is checked (REPORT_SYNC_INTERVAL); 0 turns it off. */
  readonly reportSyncIntervalMs: number;
  /** Bytes of reports a Parent may keep stored; an upload past it is refused (413). null: no quota. */
  readonly billingStorageQuotaBytes: number | null;
  /** Superseded uploads older than this are deleted (the current delivery of every month stays). */
  readonly billingRetentionDays: number;
  /** RATE_LIMIT_* variables over DEFAULT_RATE_LIMITS. */
  readonly rateLimits: RateLimitSettings;
  /** Express's `trust proxy`: whose X-Forwarded-For gives the client's address (rate limits). */
  readonly trustProxy: string | number | null;
  /** `off`: no Apollo Sandbox page on the API's origin; `embedded`: Apollo's page at /graphql. */
  readonly sandbox: "off" | "embedded";
  /** Audit entries older than this many days are purged; nothing else deletes them. */
  readonly auditRetentionDays: number;
  /** GET /metrics on the API's port answers only this bearer token; null: not served there. */
  readonly metricsToken: string | null;
  /** A separate listener for GET /metrics (no token), on metricsHost; null: none. */
  readonly metricsPort: number | null;
  readonly metricsHost: string;
  /** Distinct GraphQL operation names kept as metric labels; the rest count as `other`. */
  readonly metricsMaxOperationNames: number;
  readonly nodeEnv: "production" | "development" | "test";
}

/** Thrown for a bad environment value; main.ts prints it and exits without a stack. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

/** Apollo Sandbox runs on this origin; partners explore the schema from it. */
export const APOLLO_STUDIO_ORIGIN = "https://studio.apollographql.com";

type Env = Readonly<Record<string, string | undefined>>;

function parsePort(env: Env): number {
  const raw = env.PORT ?? "4000";
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError("PORT", `must be an integer from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

/** Default upload limit: a large master payer's monthly CUR is a few hundred MB gzip'd. */
export const DEFAULT_UPLOAD_MAX_BYTES = 2 * 1024 ** 3;

function parseUploadLimit(env: Env): number {
  const raw = env.BILLING_UPLOAD_MAX_BYTES;
  if (raw === undefined || raw === "") return DEFAULT_UPLOAD_MAX_BYTES;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(
      "BILLING_UPLOAD_MAX_BYTES",
      `must be a whole number of bytes, at least 1, got "${raw.slice(0, 40)}"`,
    );
  }
  return Number(raw);
}

function parseWholeNumber(
  env: Env,
  variable: string,
  fallback: number,
  min: number,
  what = "a whole number",
): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min) {
    throw new ConfigError(variable, `must be ${what}, at least ${min}, got "${raw.slice(0, 40)}"`);
  }
  return Number(raw);
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 400;
/** The database refuses to delete younger entries (the audit_entry triggers). */
export const MIN_AUDIT_RETENTION_DAYS = 30;

function parseAuditRetention(env: Env): number {
  const raw = env.AUDIT_RETENTION_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_AUDIT_RETENTION_DAYS;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < MIN_AUDIT_RETENTION_DAYS) {
    throw new ConfigError(
      "AUDIT_RETENTION_DAYS",
      `must be a whole number of days, at least ${MIN_AUDIT_RETENTION_DAYS}, got "${raw.slice(0, 40)}"`,
    );
  }
  return Number(raw);
}

/** Each limit has its variable: RATE_LIMIT_ and the setting's name in upper snake case. */
export const RATE_LIMIT_VARIABLES: Readonly<Record<keyof RateLimitSettings, string>> = {
  loginFailures: "RATE_LIMIT_LOGIN_FAILURES",
  loginFailuresPerIp: "RATE_LIMIT_LOGIN_FAILURES_PER_IP",
  loginFailuresPerAccount: "RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT",
  loginWindowSeconds: "RATE_LIMIT_LOGIN_WINDOW_SECONDS",
  anonymousPerMinute: "RATE_LIMIT_ANONYMOUS_PER_MINUTE",
  authenticatedPerMinute: "RATE_LIMIT_AUTHENTICATED_PER_MINUTE",
  uploadsPerHourPerUser: "RATE_LIMIT_UPLOADS_PER_HOUR_PER_USER",
  uploadsPerHourPerParent: "RATE_LIMIT_UPLOADS_PER_HOUR_PER_PARENT",
  passwordHashQueue: "RATE_LIMIT_PASSWORD_HASH_QUEUE",
};

function parseRateLimits(env: Env): RateLimitSettings {
  const settings = { ...DEFAULT_RATE_LIMITS };
  for (const key of Object.keys(RATE_LIMIT_VARIABLES) as (keyof RateLimitSettings)[])
    settings[key] = parseWholeNumber(env, RATE_LIMIT_VARIABLES[key], settings[key], 1);
  return settings;
}

function parseTrustProxy(env: Env): string | number | null {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (raw === "") return null;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(",").map((entry) => entry.trim());
  const valid = /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)$/;
  const bad = entries.find((entry) => !valid.test(entry));
  if (bad !== undefined)
    throw new ConfigError(
      "TRUST_PROXY",
      `must be a number of proxy hops, or addresses, subnets, loopback, linklocal or uniquelocal separated by commas; got "${bad.slice(0, 40)}"`,
    );
  return entries.join(",");
}

function parseSandbox(env: Env, nodeEnv: string): "off" | "embedded" {
  const raw = env.SANDBOX ?? "";
  // Apollo's page runs a CDN script on the console's origin, where the console keeps its token.
  if (raw === "") return nodeEnv === "development" ? "embedded" : "off";
  if (raw === "off" || raw === "embedded") return raw;
  throw new ConfigError("SANDBOX", `must be off or embedded, got "${raw.slice(0, 40)}"`);
}

function parseMetrics(
  env: Env,
): Pick<AppConfig, "metricsToken" | "metricsPort" | "metricsHost" | "metricsMaxOperationNames"> {
  const token = env.METRICS_TOKEN ?? "";
  if (token !== "" && !/^[\x21-\x7E]{16,256}$/.test(token)) {
    throw new ConfigError(
      "METRICS_TOKEN",
      "must be 16 to 256 printable characters without spaces (it is a bearer token)",
    );
  }
  const rawPort = env.METRICS_PORT ?? "";
  if (rawPort !== "" && (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535)) {
    throw new ConfigError(
      "METRICS_PORT",
      `must be an integer from 0 to 65535, got "${rawPort.slice(0, 40)}"`,
    );
  }
  const host = env.METRICS_HOST ?? "127.0.0.1";
  if (host.trim() === "") throw new ConfigError("METRICS_HOST", "must not be empty");
  const rawMax = env.METRICS_MAX_OPERATION_NAMES ?? "";
  if (rawMax !== "" && (!/^\d{1,6}$/.test(rawMax) || Number(rawMax) < 1)) {
    throw new ConfigError(
      "METRICS_MAX_OPERATION_NAMES",
      `must be a whole number, at least 1, got "${rawMax.slice(0, 40)}"`,
    );
  }
  return {
    metricsToken: token === "" ? null : token,
    metricsPort: rawPort === "" ? null : Number(rawPort),
    metricsHost: host,
    metricsMaxOperationNames: rawMax === "" ? 100 : Number(rawMax),
  };
}

function parseDatabase(env: Env): DatabaseConfig {
  const url = env.DATABASE_URL ?? "sqlite:./data/reseller.sqlite";
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    if (path === "")
      throw new ConfigError("DATABASE_URL", `needs a file path after "sqlite:", got "${url}"`);
    return { driver: "sqlite", path: path === ":memory:" ? path : resolve(path), url };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError("DATABASE_URL", "is not a valid postgres:// URL");
    }
    return { driver: "postgres", url };
  }
  throw new ConfigError(
    "DATABASE_URL",
    `must start with "sqlite:" or "postgres://", got "${url.replace(/\/\/[^@]*@/, "//***@")}"`,
  );
}

function parseHttpUrl(variable: string, raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(variable, `must be an http(s) URL, got "${raw}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(variable, `must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

function parseCorsOrigins(env: Env, publicUrl: string): string[] {
  const listed = (env.CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of listed) {
    const url = parseHttpUrl("CORS_ORIGINS", origin);
    if (new URL(url).origin !== url) {
      throw new ConfigError(
        "CORS_ORIGINS",
        `each entry must be a bare origin like https://console.example.com, got "${origin}"`,
      );
    }
  }
  return [...new Set([new URL(publicUrl).origin, ...listed, APOLLO_STUDIO_ORIGIN])];
}

function parseFlag(variable: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (raw === "1" || raw === "true") return true;
  if (raw === "0" || raw === "false") return false;
  throw new ConfigError(variable, `must be 0, 1, true or false, got "${raw}"`);
}

/** AWS refreshes cost reports up to three times a day: every 6 hours keeps up without waste. */
export const DEFAULT_REPORT_SYNC_INTERVAL_MS = 6 * 3600 * 1000;
const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

function parseSyncInterval(env: Env): number {
  const raw = env.REPORT_SYNC_INTERVAL;
  if (raw === undefined || raw === "") return DEFAULT_REPORT_SYNC_INTERVAL_MS;
  const match = /^(\d{1,7})(s|m|h)?$/.exec(raw.trim());
  if (!match)
    throw new ConfigError(
      "REPORT_SYNC_INTERVAL",
      `must be a duration like 6h, 30m or 90s (a bare number is seconds; 0 turns it off), got "${raw.slice(0, 40)}"`,
    );
  return Number(match[1]) * (DURATION_UNITS[match[2] ?? "s"] ?? 1000);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? "production";
  if (nodeEnv !== "production" && nodeEnv !== "development" && nodeEnv !== "test") {
    throw new ConfigError("NODE_ENV", `must be production, development or test, got "${nodeEnv}"`);
  }
  const port = parsePort(env);
  const host = env.HOST ?? "0.0.0.0";
  if (host.trim() === "") throw new ConfigError("HOST", "must not be empty");
  const publicUrl = parseHttpUrl("PUBLIC_URL", env.PUBLIC_URL ?? `http://localhost:${port}`);

  const operatorEmail = env.OPERATOR_EMAIL ?? "";
  const operatorPassword = env.OPERATOR_PASSWORD ?? "";
  if ((operatorEmail === "") !== (operatorPassword === "")) {
    throw new ConfigError(
      operatorEmail === "" ? "OPERATOR_EMAIL" : "OPERATOR_PASSWORD",
      "OPERATOR_EMAIL and OPERATOR_PASSWORD must be set together",
    );
  }

  const smtpUrl = env.SMTP_URL ?? "";
  if (smtpUrl !== "" && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError(
      "SMTP_URL",
      `must start with smtp:// or smtps://, got "${smtpUrl.replace(/\/\/[^@]*@/, "//***@")}"`,
    );
  }

  return {
    port,
    host,
    database: parseDatabase(env),
    publicUrl,
    corsOrigins: parseCorsOrigins(env, publicUrl),
    operator: operatorEmail === "" ? null : { email: operatorEmail, password: operatorPassword },
    smtpUrl: smtpUrl === "" ? null : smtpUrl,
    mailOutboxDir: resolve(env.MAIL_OUTBOX_DIR ?? "./data/outbox"),
    demoData: parseFlag("DEMO_DATA", env.DEMO_DATA, true),
    billingDropDir: resolve(env.BILLING_DROP_DIR ?? "./data/billing-drop"),
    billingStorageDir: resolve(env.BILLING_STORAGE_DIR ?? "./data/billing"),
    billingUploadMaxBytes: parseUploadLimit(env),
    reportSyncIntervalMs: parseSyncInterval(env),
    billingStorageQuotaBytes:
      env.BILLING_STORAGE_QUOTA_BYTES === undefined || env.BILLING_STORAGE_QUOTA_BYTES === ""
        ? null
        : parseWholeNumber(env, "BILLING_STORAGE_QUOTA_BYTES", 0, 1, "a whole number of bytes"),
    billingRetentionDays: parseWholeNumber(
      env,
      "BILLING_RETENTION_DAYS",
      90,
      1,
      "a number of days",
    ),
    rateLimits: parseRateLimits(env),
    trustProxy: parseTrustProxy(env),
    sandbox: parseSandbox(env, nodeEnv),
    auditRetentionDays: parseAuditRetention(env),
    ...parseMetrics(env),
    nodeEnv,
  };
}
