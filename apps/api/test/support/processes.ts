// Real API processes (`node dist/main.js`) for the tests that need a process boundary: signals,
// kill -9, two instances on one database. Only loopback addresses; every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ApiClient } from "./fixtures.js";
import { type GraphQLResponse, type TestServer } from "./harness.js";

const API_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const API_MAIN = join(API_DIR, "dist/main.js");
/** Loaded first, as `npm start` does: traces when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export const API_TRACING = join(API_DIR, "dist/tracing.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Throws a clear error when dist/main.js is missing or older than a source file. */
export function assertApiBuilt(): void {
  const how = "build it first: `pnpm --filter @reseller/api build` (or `pnpm build` at the root)";
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} does not exist; ${how}`);
  if (newestSource(join(API_DIR, "src")) > statSync(API_MAIN).mtimeMs)
    throw new Error(`${API_MAIN} is older than a file in apps/api/src; ${how}`);
}

export interface ApiProcess {
  readonly pid: number;
  readonly url: string;
  readonly graphqlUrl: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** VmRSS of the process in KiB (Linux /proc). */
  rssKiB(): number;
  /** CPU time the process has used so far (user + system), in ms (Linux /proc, 100 Hz ticks). */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ApiProcessOptions {
  env: Record<string, string>;
  /** How long to wait for the "ready" log line (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Spawns `node dist/main.js` with only the environment given (plus PATH), PORT=0 and
 * HOST=127.0.0.1, and resolves once it logs that it is ready, with the URL it listens on.
 */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  assertApiBuilt();
  // As `npm start` runs it: a fixed-size young generation keeps RSS flat under steady load, and
  // the tracing module loaded first.
  const child = spawn(
    process.execPath,
    ["--min-semi-space-size=16", "--import", API_TRACING, API_MAIN],
    {
      cwd: API_DIR,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        PORT: "0",
        HOST: "127.0.0.1",
        DEMO_DATA: "0",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (output += chunk));
  child.stderr.on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    // "close", not "exit": by then everything the process wrote has been read.
    child.once("close", (code, signal) => done({ code, signal })),
  );
  let hasExited = false;
  // If the test process goes away first (a crash, a killed worker), take the API with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => {
    hasExited = true;
    process.removeListener("exit", killOnExit);
  });

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let url: string | null = null;
  while (url === null && !hasExited && Date.now() < deadline) {
    const ready =
      /"url":"(http:\/\/127\.0\.0\.1:\d+)\/graphql".*"msg":"Reseller Console API ready"/.exec(
        output,
      );
    if (ready) url = ready[1]!;
    else await new Promise((wait) => setTimeout(wait, 25));
  }
  if (url === null) {
    if (!hasExited) child.kill("SIGKILL");
    throw new Error(
      `the API process did not become ready within ${timeoutMs} ms:\n${output.slice(-3000)}`,
    );
  }
  const pid = child.pid!;
  return {
    pid,
    url,
    graphqlUrl: `${url}/graphql`,
    child,
    exited,
    output: () => output,
    rssKiB() {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
      if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
      return Number(match[1]);
    },
    cpuMs() {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop(graceMs = 10_000) {
      if (hasExited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The harness's `gql` and `login` against any GraphQL URL (a real process's). */
export function graphqlClient(graphqlUrl: string): ApiClient {
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
      signal: AbortSignal.timeout(20_000),
    });
    return {
      status: response.status,
      body: (await response.json()) as GraphQLResponse<T>["body"],
      headers: response.headers,
    };
  };
  return {
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
  };
}
