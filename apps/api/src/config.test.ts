import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { APOLLO_STUDIO_ORIGIN, ConfigError, RATE_LIMIT_VARIABLES, loadConfig } from "./config.js";
import { DEFAULT_RATE_LIMITS } from "./modules/auth/rate-limits.js";

/** The ConfigError that `env` raises; fails the test when loading succeeds or throws something else. */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  it("should use the documented defaults when the environment is empty", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe("0.0.0.0");
    expect(config.database).toEqual({
      driver: "sqlite",
      path: resolve("./data/reseller.sqlite"),
      url: "sqlite:./data/reseller.sqlite",
    });
    expect(config.mailOutboxDir).toBe(resolve("./data/outbox"));
    expect(config.demoData).toBe(true);
    expect(config.nodeEnv).toBe("production");
    expect(config.publicUrl).toBe("http://localhost:4000");
    expect(config.corsOrigins).toEqual(
      expect.arrayContaining(["http://localhost:4000", APOLLO_STUDIO_ORIGIN]),
    );
    expect(APOLLO_STUDIO_ORIGIN).toBe("https://studio.apollographql.com");
    expect(config.operator).toBeNull();
    expect(config.smtpUrl).toBeNull();
  });

  it("should allow PUBLIC_URL's origin and each CORS_ORIGINS entry when they are set", () => {
    const config = loadConfig({
      PUBLIC_URL: "https://console.example.com/app/",
      CORS_ORIGINS: " https://a.example.com , https://b.example.com:8443",
    });
    expect(config.publicUrl).toBe("https://console.example.com/app");
    expect(config.corsOrigins).toEqual([
      "https://console.example.com",
      "https://a.example.com",
      "https://b.example.com:8443",
      APOLLO_STUDIO_ORIGIN,
    ]);
  });

  it("should read PostgreSQL, SQLite in memory, flags and the operator when they are valid", () => {
    expect(
      loadConfig({ DATABASE_URL: "postgres://u:p@db.internal:5432/reseller" }).database,
    ).toEqual({
      driver: "postgres",
      url: "postgres://u:p@db.internal:5432/reseller",
    });
    expect(loadConfig({ DATABASE_URL: "sqlite::memory:" }).database).toMatchObject({
      driver: "sqlite",
      path: ":memory:",
    });
    expect(loadConfig({ DEMO_DATA: "false" }).demoData).toBe(false);
    expect(loadConfig({ DEMO_DATA: "0" }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: "test" }).nodeEnv).toBe("test");
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).port).toBe(65535);
    expect(
      loadConfig({ OPERATOR_EMAIL: "ops@example.com", OPERATOR_PASSWORD: "pw" }).operator,
    ).toEqual({ email: "ops@example.com", password: "pw" });
    expect(loadConfig({ SMTP_URL: "smtps://mail.example.com:465" }).smtpUrl).toBe(
      "smtps://mail.example.com:465",
    );
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "sqlite:"],
    ["PUBLIC_URL", "ftp://x"],
    ["PUBLIC_URL", "not a url"],
    ["CORS_ORIGINS", "https://x/path"],
    ["CORS_ORIGINS", "ftp://x"],
    ["DEMO_DATA", "maybe"],
    ["NODE_ENV", "staging"],
    ["SMTP_URL", "http://x"],
  ])("should throw a ConfigError naming %s and its value when it is %j", (variable, value) => {
    const error = configErrorOf({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(value);
  });

  it("should name the missing half when only one of OPERATOR_EMAIL and OPERATOR_PASSWORD is set", () => {
    const withoutPassword = configErrorOf({ OPERATOR_EMAIL: "ops@example.com" });
    expect(withoutPassword.variable).toBe("OPERATOR_PASSWORD");
    expect(withoutPassword.message).toMatch(
      /OPERATOR_EMAIL and OPERATOR_PASSWORD must be set together/,
    );

    const withoutEmail = configErrorOf({ OPERATOR_PASSWORD: "hunter2-secret" });
    expect(withoutEmail.variable).toBe("OPERATOR_EMAIL");
    expect(withoutEmail.message).not.toContain("hunter2-secret");
  });

  it("should keep the password out of the message when a bad URL carries credentials", () => {
    const mysql = configErrorOf({ DATABASE_URL: "mysql://u:secret@h/db" });
    expect(mysql.variable).toBe("DATABASE_URL");
    expect(mysql.message).toContain("mysql://***@h/db");
    expect(mysql.message).not.toContain("secret");

    const postgres = configErrorOf({ DATABASE_URL: "postgres://u:secret@[bad/db" });
    expect(postgres.variable).toBe("DATABASE_URL");
    expect(postgres.message).not.toContain("secret");

    const smtp = configErrorOf({ SMTP_URL: "http://u:secret@mail.example.com" });
    expect(smtp.variable).toBe("SMTP_URL");
    expect(smtp.message).not.toContain("secret");
  });

  it("should refuse an empty HOST when it is set to blanks", () => {
    expect(configErrorOf({ HOST: "  " }).variable).toBe("HOST");
  });

  it("should read every RATE_LIMIT_* variable over the defaults", () => {
    const env: Record<string, string> = {};
    const entries = Object.entries(RATE_LIMIT_VARIABLES);
    entries.forEach(([, variable], i) => (env[variable] = String(100 + i)));
    const limits = loadConfig(env).rateLimits;
    entries.forEach(([key], i) => expect(limits[key as keyof typeof limits], key).toBe(100 + i));
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  });

  it("should refuse a RATE_LIMIT_* value that is not a whole number of at least 1, naming it", () => {
    for (const value of ["0", "-1", "1.5", "ten", "1e3"]) {
      const error = configErrorOf({ RATE_LIMIT_LOGIN_FAILURES: value });
      expect(error.variable).toBe("RATE_LIMIT_LOGIN_FAILURES");
      expect(error.message).toContain(`"${value}"`);
    }
  });

  it("should read the storage quota, retention, Sandbox and trusted proxies, with safe defaults", () => {
    const defaults = loadConfig({});
    expect(defaults.billingStorageQuotaBytes).toBeNull();
    expect(defaults.billingRetentionDays).toBe(90);
    expect(defaults.sandbox).toBe("off");
    expect(defaults.trustProxy).toBeNull();
    expect(loadConfig({ NODE_ENV: "development" }).sandbox).toBe("embedded");
    const set = loadConfig({
      BILLING_STORAGE_QUOTA_BYTES: "1073741824",
      BILLING_RETENTION_DAYS: "30",
      SANDBOX: "embedded",
      TRUST_PROXY: "loopback, 10.0.0.0/8",
    });
    expect(set.billingStorageQuotaBytes).toBe(1073741824);
    expect(set.billingRetentionDays).toBe(30);
    expect(set.sandbox).toBe("embedded");
    expect(set.trustProxy).toBe("loopback,10.0.0.0/8");
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    for (const [variable, value] of [
      ["BILLING_STORAGE_QUOTA_BYTES", "0"],
      ["BILLING_STORAGE_QUOTA_BYTES", "1GB"],
      ["BILLING_RETENTION_DAYS", "0"],
      ["SANDBOX", "on"],
      ["TRUST_PROXY", "true; rm -rf"],
    ] as const) {
      const error = configErrorOf({ [variable]: value });
      expect(error.variable, value).toBe(variable);
    }
  });
});
