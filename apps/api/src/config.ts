import { resolve } from "node:path";

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
    auditRetentionDays: parseAuditRetention(env),
    ...parseMetrics(env),
    nodeEnv,
  };
}
