// Starts the REAL API process, the way production does (`node apps/api/dist/main.js` with its
// environment), on a fresh SQLite file in a temporary folder and a free port. The same process
// serves the built console at `/`, so the browser talks to exactly what a deployment runs.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_MAIN, assertBuilt } from "./paths.js";

export const OPERATOR = { email: "operator@e2e.test", password: "operator-password-e2e-123" };

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; reason?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  /** The activation links in the mail (text and HTML parts), decoded, without duplicates. */
  links: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiServer {
  /** PUBLIC_URL: http://127.0.0.1:<port>; the console is at `/`, GraphQL at `/graphql`. */
  url: string;
  /** The temporary folder: database file and outbox. */
  dir: string;
  /** One GraphQL request; returns data and errors as the API sent them. */
  request<T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResult<T>>;
  /** One GraphQL request that must succeed; throws with the errors otherwise. */
  gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** Signs in through GraphQL and returns the bearer token. */
  login(email: string, password: string): Promise<string>;
  outbox(): OutboxMail[];
  /** Waits for the activation email to `to` and returns its link. */
  activationLinkFor(to: string, timeoutMs?: number): Promise<string>;
  /** Waits for a password reset email to `to` and returns its link. */
  resetLinkFor(to: string, timeoutMs?: number): Promise<string>;
  /** What the process printed (LOG_LEVEL=warn), for failure messages. */
  output(): string;
  /** SIGTERM, then waits for the exit; the caller asserts a clean exit (code 0). */
  stop(): Promise<ExitStatus>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitForExit(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/** Quoted-printable soft breaks and escapes (RFC 2045 6.7), enough for the activation mail. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function readMail(dir: string, file: string): OutboxMail {
  const raw = readFileSync(join(dir, file), "utf8").replace(/\r\n/g, "\n");
  const headerEnd = raw.indexOf("\n\n");
  const head = (headerEnd === -1 ? raw : raw.slice(0, headerEnd)).replace(/\n[ \t]+/g, " ");
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const body = decodeQuotedPrintable(headerEnd === -1 ? "" : raw.slice(headerEnd + 2));
  const links = [
    ...new Set(
      [
        ...body.matchAll(
          /https?:\/\/[^\s"'<>]+\/(?:activate|reset-password)\?token=[A-Za-z0-9_%.~-]+/g,
        ),
      ].map((match) => match[0]),
    ),
  ];
  return { file, to: header("To"), subject: header("Subject"), links };
}

async function startOnce(
  port: number,
  dir: string,
): Promise<{ child: ChildProcess; output: () => string }> {
  const url = `http://127.0.0.1:${port}`;
  // A clean environment: nothing of the caller's (a postgres DATABASE_URL, an SMTP_URL) leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    TZ: "UTC",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATABASE_URL: `sqlite:${join(dir, "e2e.sqlite")}`,
    MAIL_OUTBOX_DIR: join(dir, "outbox"),
    DEMO_DATA: "0",
    OPERATOR_EMAIL: OPERATOR.email,
    OPERATOR_PASSWORD: OPERATOR.password,
  };
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const output = () => printed;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `node ${API_MAIN} exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return { child, output };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`node ${API_MAIN} did not answer ${url}/readyz within 60 s:\n${output()}`);
    }
    await delay(100);
  }
}

export async function startApi(): Promise<ApiServer> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), "reseller-e2e-"));
  let started: { child: ChildProcess; output: () => string } | null = null;
  let port = 0;
  // The port is free when chosen and taken by the API a moment later; another process may
  // take it in between, so a start that fails on EADDRINUSE is tried again on another port.
  for (let attempt = 1; !started; attempt += 1) {
    port = await freePort();
    try {
      started = await startOnce(port, dir);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("EADDRINUSE")) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const { child, output } = started;
  // If the test process dies without stop(), the server must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const outboxDir = join(dir, "outbox");

  const request: ApiServer["request"] = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<T>;
  };

  const gql: ApiServer["gql"] = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => {
    const result = await request<T>(query, variables, token);
    if (result.errors?.length || !result.data) {
      throw new Error(
        `GraphQL failed: ${JSON.stringify(result.errors)}\nquery: ${query}\nvariables: ${JSON.stringify(variables)}`,
      );
    }
    return result.data;
  };

  const outbox = (): OutboxMail[] => {
    let files: string[];
    try {
      files = readdirSync(outboxDir).filter((file) => file.endsWith(".eml"));
    } catch {
      return [];
    }
    // File names start with an ISO timestamp: sorted by name is oldest first.
    return files.sort().map((file) => readMail(outboxDir, file));
  };
  /** The newest link of `kind` mailed to `to`, waiting for it up to `timeoutMs`. */
  const linkFor = async (to: string, kind: string, timeoutMs: number): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const link = outbox()
        .filter((m) => m.to.toLowerCase().includes(to.toLowerCase()))
        .flatMap((m) => m.links.filter((l) => l.includes(kind)))
        .at(-1);
      if (link) return link;
      if (Date.now() > deadline) {
        const seen = outbox().map((m) => `${m.to}: ${m.subject}`);
        throw new Error(
          `No ${kind} email to ${to} in ${outboxDir} after ${timeoutMs} ms; the outbox has: ${JSON.stringify(seen)}`,
        );
      }
      await delay(100);
    }
  };

  return {
    url,
    dir,
    request,
    gql,
    async login(email, password) {
      const data = await gql<{ login: { token: string } }>(
        "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }",
        { email, password },
      );
      return data.login.token;
    },
    outbox,
    async activationLinkFor(to, timeoutMs = 10_000) {
      return linkFor(to, "/activate?", timeoutMs);
    },
    async resetLinkFor(to, timeoutMs = 10_000) {
      return linkFor(to, "/reset-password?", timeoutMs);
    },
    output,
    async stop() {
      process.removeListener("exit", killOnExit);
      const exited = waitForExit(child);
      child.kill("SIGTERM");
      // main.ts gives in-flight requests 10 s, then exits by itself; SIGKILL is the last resort.
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const status = await exited;
      clearTimeout(force);
      rmSync(dir, { recursive: true, force: true });
      return status;
    },
  };
}
