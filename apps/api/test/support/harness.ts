// Starts the real server (real HTTP, real database) for integration tests. The database is a
// temporary SQLite file, or, when DATABASE_URL is a postgres:// URL (CI's PostgreSQL run), a
// fresh database created for this server through PG_ADMIN_URL.
import "reflect-metadata";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { ensureOperator } from "../../src/seed/bootstrap.js";
import { createServer, type RunningServer } from "../../src/server.js";
import { type RateLimitSettings } from "../../src/modules/auth/rate-limits.js";

export const OPERATOR = { email: "operator@example.test", password: "operator-password-123" };

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
  headers: Headers;
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  running: RunningServer;
  driver: "sqlite" | "postgres";
  /** SQL statements seen since the last reset (for N+1 checks). */
  queries: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes freely
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  login(email: string, password: string): Promise<string>;
  /** The links of the activation emails written to the outbox, oldest first. */
  outboxLinks(): string[];
  /** The log lines the server wrote (JSON; error level unless `logLevel`), unless TEST_LOG_LEVEL sends logs to stdout. */
  errorLogs: string[];
  stop(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  rateLimits?: Partial<RateLimitSettings>;
  now?: () => Date;
  /**
   * false: no billing worker or drop-folder scan in the background (the caller drains jobs with
   * `running.services.billingWorker.drain()`). Default true, as in production.
   */
  backgroundWork?: boolean;
  /** The built console to serve (default: apps/admin/dist). */
  consoleDir?: string;
  /** The level whose lines `errorLogs` captures (default "error"; "debug" captures all). */
  logLevel?: string;
}

const GENEROUS_LIMITS: Partial<RateLimitSettings> = {
  anonymousPerMinute: 100_000,
  authenticatedPerMinute: 100_000,
  loginFailures: 1000,
  loginFailuresPerIp: 100_000,
  loginFailuresPerAccount: 100_000,
  uploadsPerHourPerUser: 100_000,
  uploadsPerHourPerParent: 100_000,
};

async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.PG_ADMIN_URL;
  const baseUrl = process.env.DATABASE_URL!;
  if (!adminUrl)
    throw new Error(
      "PG_ADMIN_URL must be set with a postgres DATABASE_URL (see tooling/scripts/with-postgres.sh)",
    );
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "reseller-test-"));
  const postgres = process.env.DATABASE_URL?.startsWith("postgres")
    ? await createPostgresDatabase()
    : null;
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: postgres ? postgres.url : `sqlite:${join(dir, "test.sqlite")}`,
    MAIL_OUTBOX_DIR: join(dir, "outbox"),
    DEMO_DATA: "0",
    PORT: "0",
    HOST: "127.0.0.1",
    PUBLIC_URL: "http://console.example.test",
    ...options.env,
  });
  const queries: string[] = [];
  const errorLogs: string[] = [];
  const server = await createServer({
    config,
    logger: process.env.TEST_LOG_LEVEL
      ? createLogger(process.env.TEST_LOG_LEVEL)
      : createLogger(options.logLevel ?? "error", {
          write: (line: string) => void errorLogs.push(line),
        }),
    rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits },
    database: { onQuery: (sql) => queries.push(sql) },
    ...(options.now ? { now: options.now } : {}),
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.backgroundWork === undefined ? {} : { backgroundWork: options.backgroundWork }),
  });
  await ensureOperator(server.deps, server.services, OPERATOR.email, OPERATOR.password);
  const running = await server.listen(0, "127.0.0.1");
  const graphqlUrl = `${running.url}/graphql`;

  const gql: TestServer["gql"] = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as GraphQLResponse<T>["body"],
      headers: response.headers,
    };
  };

  return {
    url: running.url,
    graphqlUrl,
    running,
    driver: config.database.driver,
    queries,
    errorLogs,
    gql,
    async login(email, password) {
      const res = await gql<{ login: { token: string } }>(
        "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }",
        { email, password },
      );
      const token = res.body.data?.login.token;
      if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(res.body.errors)}`);
      return token;
    },
    outboxLinks() {
      const outbox = join(dir, "outbox");
      let files: string[];
      try {
        files = readdirSync(outbox)
          .filter((f) => f.endsWith(".eml"))
          .sort();
      } catch {
        return [];
      }
      return files.flatMap((file) => {
        const text = readFileSync(join(outbox, file), "utf8")
          .replace(/=\r?\n/g, "")
          .replace(/=3D/g, "=");
        return [
          ...text.matchAll(/https?:\/\/\S+\/(?:activate|reset-password)\?token=[A-Za-z0-9_%-]+/g),
        ].map((m) => m[0]);
      });
    },
    async stop() {
      await running.stop();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
