// The hostile suite, round two: the attacks a hostile review found working, and the weak
// defaults it reported, each against a started server (real HTTP, a real SQLite file).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import argon2 from "argon2";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RetentionSweeper } from "../src/modules/billing-limits/retention.js";
import { CostReportError } from "../src/modules/billing/ingest/cost-report.errors.js";
import { readCsvHeader } from "../src/modules/billing/ingest/report-file.js";
import { BillingJobEntity } from "../src/persistence/entities/index.js";
import {
  type BillingServer,
  curLegacyCsv,
  curMonthLines,
  startBillingServer,
  upload,
  uploadReport,
  waitForJob,
} from "./support/billing.js";
import {
  PASSWORD,
  createParentTenant,
  createTenant,
  expectData,
  expectNoWrites,
  type Tenant,
} from "./support/fixtures.js";
import { OPERATOR, startTestServer, type TestServer } from "./support/harness.js";
import { errorCodes, postFrom, postJson, send } from "./support/http.js";
import { startApiProcess } from "./support/processes.js";

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

const loginFrom = (server: TestServer, from: string, email: string, password: string) =>
  postFrom(from, server.graphqlUrl, { query: LOGIN, variables: { email, password } });

/** Counts argon2.verify calls (the password checks) until restored. */
function countPasswordChecks(): { readonly calls: number } {
  const counter = { calls: 0 };
  const real = argon2.verify.bind(argon2);
  vi.spyOn(argon2, "verify").mockImplementation((...args: Parameters<typeof argon2.verify>) => {
    counter.calls += 1;
    return real(...args);
  });
  return counter;
}

describe("attack 1: parallel guesses against the sign-in lock", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { NODE_ENV: "production" },
      rateLimits: { loginFailures: 5, loginFailuresPerIp: 8, loginFailuresPerAccount: 8 },
    });
  });
  afterAll(() => server?.stop());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("should check at most 5 passwords when 50 guesses for one account arrive at once", async () => {
    const checks = countPasswordChecks();
    // The right password is in the burst, last: before the fix all 50 were checked and it won.
    const guesses = Array.from({ length: 50 }, (_, i) =>
      i === 49 ? OPERATOR.password : `wrong-guess-${i}`,
    );
    const answers = await Promise.all(
      guesses.map((password) => loginFrom(server, "127.0.1.1", OPERATOR.email, password)),
    );
    const codes = answers.map((res) => errorCodes(res)[0] ?? "OK");
    expect(checks.calls, "passwords checked").toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code !== "RATE_LIMITED").length).toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code === "RATE_LIMITED").length).toBeGreaterThanOrEqual(45);
    for (const res of answers.filter((r) => errorCodes(r)[0] === "RATE_LIMITED"))
      expect(res.status).toBe(429);
    // Still locked afterwards, for the right password too.
    expect(
      errorCodes(await loginFrom(server, "127.0.1.1", OPERATOR.email, OPERATOR.password)),
    ).toEqual(["RATE_LIMITED"]);
  });

  it("should lock an address that guesses across many accounts (per IP) after its limit", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const res = await loginFrom(server, "127.0.1.2", `stuffed-${i}@example.test`, "password-x");
      codes.push(errorCodes(res)[0] ?? "OK");
    }
    expect(codes).toEqual([...Array(8).fill("UNAUTHENTICATED"), "RATE_LIMITED", "RATE_LIMITED"]);
    // Another address is not affected.
    expect(
      errorCodes(await loginFrom(server, "127.0.1.3", "stuffed-0@example.test", "password-x")),
    ).toEqual(["UNAUTHENTICATED"]);
  });

  it("should lock an account guessed from many addresses (per account) after its limit", async () => {
    const email = "spread-out@example.test";
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const res = await loginFrom(server, `127.0.2.${i + 1}`, email, "password-y");
      codes.push(errorCodes(res)[0] ?? "OK");
    }
    expect(codes).toEqual([...Array(8).fill("UNAUTHENTICATED"), "RATE_LIMITED", "RATE_LIMITED"]);
  });
});

describe("attack 1: a sign-in does not ride a signed-in caller's budget", () => {
  it("should charge a login sent with a valid token to the address's anonymous budget", async () => {
    const server = await startTestServer({
      env: { NODE_ENV: "production" },
      rateLimits: { anonymousPerMinute: 3, authenticatedPerMinute: 1000 },
    });
    try {
      const session = await loginFrom(server, "127.0.3.1", OPERATOR.email, OPERATOR.password);
      const token = String(session.body?.data?.login.token);
      const headers = { authorization: `Bearer ${token}` };
      const codes: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await postFrom(
          "127.0.3.2",
          server.graphqlUrl,
          { query: LOGIN, variables: { email: "someone@example.test", password: `nope-${i}` } },
          headers,
        );
        codes.push(errorCodes(res)[0] ?? "OK");
      }
      // 3 per minute from that address, the session's 1000 notwithstanding.
      expect(codes).toEqual([
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "RATE_LIMITED",
        "RATE_LIMITED",
      ]);
      // The session's own budget is untouched: its other operations still run.
      const viewer = await postFrom(
        "127.0.3.2",
        server.graphqlUrl,
        { query: "{ viewer { user { email } } }" },
        headers,
      );
      expect(errorCodes(viewer)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe("the client's address behind a proxy (TRUST_PROXY)", () => {
  /** 5 wrong passwords as `first`, then the right one as `second`: the code of that answer. */
  async function afterFiveFailures(server: TestServer, first: string, second: string) {
    for (let i = 0; i < 5; i += 1) {
      const res = await postJson(
        server.graphqlUrl,
        { query: LOGIN, variables: { email: OPERATOR.email, password: `wrong-${i}` } },
        { "x-forwarded-for": first },
      );
      expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    }
    const res = await postJson(
      server.graphqlUrl,
      { query: LOGIN, variables: { email: OPERATOR.email, password: OPERATOR.password } },
      { "x-forwarded-for": second },
    );
    return errorCodes(res)[0] ?? "OK";
  }

  it("should key the sign-in lock on X-Forwarded-For only from a trusted proxy", async () => {
    const trusting = await startTestServer({
      env: { NODE_ENV: "production", TRUST_PROXY: "loopback" },
      rateLimits: { loginFailures: 5 },
    });
    const plain = await startTestServer({
      env: { NODE_ENV: "production" },
      rateLimits: { loginFailures: 5 },
    });
    try {
      // Behind the trusted proxy, each client has its own lock.
      expect(await afterFiveFailures(trusting, "203.0.113.7", "203.0.113.8")).toBe("OK");
      // Without TRUST_PROXY the header is the client's claim, ignored: a forged one escapes nothing.
      expect(await afterFiveFailures(plain, "203.0.113.7", "203.0.113.8")).toBe("RATE_LIMITED");
    } finally {
      await trusting.stop();
      await plain.stop();
    }
  });
});

describe("password hashing queue", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("should answer RATE_LIMITED at once, and count no failure, when the hashing queue is full", async () => {
    const server = await startTestServer({
      env: { NODE_ENV: "production" },
      rateLimits: { passwordHashQueue: 1, loginFailures: 3 },
    });
    try {
      // The checks are held until the refusals are in: 2 run, 1 waits, the other 9 must be
      // refused while the hasher is busy, however slowly the requests arrive.
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const safety = setTimeout(() => openGate(), 30_000);
      const checks = { calls: 0 };
      const real = argon2.verify.bind(argon2);
      vi.spyOn(argon2, "verify").mockImplementation(
        async (...args: Parameters<typeof argon2.verify>) => {
          checks.calls += 1;
          await gate;
          return real(...args);
        },
      );
      let refusedSoFar = 0;
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          loginFrom(server, `127.0.4.${i + 1}`, OPERATOR.email, `flood-${i}`).then((res) => {
            if (errorCodes(res)[0] === "RATE_LIMITED" && ++refusedSoFar === 9) openGate();
            return res;
          }),
        ),
      );
      clearTimeout(safety);
      const codes = answers.map((res) => errorCodes(res)[0] ?? "OK");
      const refused = answers.filter((res) => errorCodes(res)[0] === "RATE_LIMITED");
      expect(refused.length, codes.join(",")).toBe(9);
      expect(refused[0]!.body?.errors?.[0]?.message).toMatch(/sign-ins being checked at once/);
      expect(refused[0]!.status).toBe(429);
      expect(checks.calls).toBe(3);
      vi.restoreAllMocks();
      // A refused attempt counted no failure: that address still has all 3 of its tries.
      const from = `127.0.4.${codes.indexOf("RATE_LIMITED") + 1}`;
      for (let i = 0; i < 2; i += 1)
        expect(errorCodes(await loginFrom(server, from, OPERATOR.email, `again-${i}`))).toEqual([
          "UNAUTHENTICATED",
        ]);
      const right = await loginFrom(server, from, OPERATOR.email, OPERATOR.password);
      expect(errorCodes(right)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe("weak defaults: common passwords (NIST 800-63B)", () => {
  let server: TestServer;
  let tenant: Tenant;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
    tenant = await createTenant(server, "blocklist");
  });
  afterAll(() => server?.stop());

  const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { status } }`;

  it("should refuse a common password, in any case, naming the field and creating nothing", async () => {
    for (const password of ["1qaz2wsx3edc", "QWERTY123456", "123qweasdzxc"]) {
      const res = await expectNoWrites(server, () =>
        server.gql(
          CREATE_USER,
          {
            input: {
              partnerId: tenant.child.id,
              email: `common-${password.toLowerCase()}@example.test`,
              password,
              role: "USER",
            },
          },
          tenant.child.adminToken,
        ),
      );
      expect(res.body.errors?.[0]?.extensions, password).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.password",
        reason: "PASSWORD_COMMON",
      });
      expect(JSON.stringify(res.body)).not.toContain(password);
    }
    // A password of the same shape that is not on the list is fine.
    const ok = await server.gql(
      CREATE_USER,
      {
        input: {
          partnerId: tenant.child.id,
          email: "uncommon@example.test",
          password: "1qaz2wsx3edc-plum-river",
          role: "USER",
        },
      },
      tenant.child.adminToken,
    );
    expect(expectData(ok)).toEqual({ createUser: { status: "ACTIVE" } });
  });

  it("should refuse a common password on activation and leave the link usable", async () => {
    expectData(
      await server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email: "activating@example.test", role: "USER" } },
        tenant.child.adminToken,
      ),
    );
    const token = new URL(server.outboxLinks().at(-1)!).searchParams.get("token")!;
    const ACTIVATE = `mutation($token: String!, $password: String!) { activateUser(token: $token, password: $password) { user { status } } }`;
    const refused = await server.gql(ACTIVATE, { token, password: "1q2w3e4r5t6y" });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "password",
      reason: "PASSWORD_COMMON",
    });
    const accepted = await server.gql(ACTIVATE, { token, password: PASSWORD });
    expect(expectData(accepted)).toEqual({ activateUser: { user: { status: "ACTIVE" } } });
  });
});

describe("attack 5: variables and subscriptions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
  });
  afterAll(() => server?.stop());

  const cases: [string, unknown, string][] = [
    ["a missing required variable", { email: "a@example.test" }, "$password"],
    ["a mistyped variable", { email: "a@example.test", password: 42 }, "$password"],
    ["a null for a required variable", { email: null, password: "x" }, "$email"],
    ["an object for a string", { email: { $gt: "" }, password: "x" }, "$email"],
  ];
  for (const [name, variables, field] of cases) {
    it(`should answer 400 BAD_USER_INPUT naming ${field} for ${name}`, async () => {
      const res = await postJson(server.graphqlUrl, { query: LOGIN, variables });
      expect(res.status).toBe(400);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.body?.errors?.[0]?.extensions?.field).toBe(field);
      expect(res.body?.errors?.[0]?.message).toContain(field);
    });
  }

  it("should answer 400 BAD_USER_INPUT for a variable of a query the cost guard reads (first)", async () => {
    const res = await postJson(server.graphqlUrl, {
      query: `query($first: Int!) { partners(first: $first) { totalCount } }`,
      variables: { first: "many" },
    });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.body?.errors?.[0]?.extensions?.field).toBe("$first");
  });

  it("should answer 400 BAD_USER_INPUT for any subscription", async () => {
    for (const query of [
      "subscription { viewer { user { id } } }",
      "subscription S { __typename }",
    ]) {
      const res = await postJson(server.graphqlUrl, { query });
      expect(res.status, query).toBe(400);
      expect(errorCodes(res), query).toEqual([
        expect.stringMatching(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/),
      ]);
    }
  });
});

describe("weak defaults: headers and the Sandbox", () => {
  let server: TestServer;
  let https: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
    https = await startTestServer({
      env: { NODE_ENV: "production", PUBLIC_URL: "https://console.example.test" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await https?.stop();
  });

  it("should send X-Content-Type-Options: nosniff on every answer, errors included", async () => {
    const answers = [
      await send(`${server.url}/healthz`),
      await send(`${server.url}/readyz`),
      await postJson(server.graphqlUrl, { query: "{ __typename }" }),
      await postJson(server.graphqlUrl, "{not json"),
      await send(`${server.url}/billing/uploads`, { method: "POST" }),
      await send(`${server.url}/no-such-page`),
      await send(`${server.url}/`, { headers: { accept: "text/html" } }),
    ];
    for (const res of answers) expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("should send Strict-Transport-Security only when PUBLIC_URL is https", async () => {
    for (const path of ["/healthz", "/graphql?query=%7B__typename%7D"]) {
      const secure = await send(`${https.url}${path}`, {
        headers: { "apollo-require-preflight": "1" },
      });
      expect(secure.headers.get("strict-transport-security")).toBe(
        "max-age=31536000; includeSubDomains",
      );
      const plain = await send(`${server.url}${path}`, {
        headers: { "apollo-require-preflight": "1" },
      });
      expect(plain.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("should not serve source maps, even from a console built with them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reseller-console-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>console</title>");
    writeFileSync(
      join(dir, "assets", "app-1a2b.js"),
      "console.log(1);\n//# sourceMappingURL=app-1a2b.js.map",
    );
    writeFileSync(join(dir, "assets", "app-1a2b.js.map"), '{"version":3,"sources":["secret.ts"]}');
    const withConsole = await startTestServer({ env: { NODE_ENV: "production" }, consoleDir: dir });
    try {
      const script = await send(`${withConsole.url}/assets/app-1a2b.js`);
      expect(script.status).toBe(200);
      const map = await send(`${withConsole.url}/assets/app-1a2b.js.map`);
      expect(map.status).toBe(404);
      expect(map.text).not.toContain("secret.ts");
    } finally {
      await withConsole.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should serve no Apollo Sandbox page on the console's origin by default in production", async () => {
    const page = await send(server.graphqlUrl, { headers: { accept: "text/html" } });
    expect(page.text).not.toMatch(/apollographql\.com|EmbeddedSandbox/);
    const embedded = await startTestServer({
      env: { NODE_ENV: "production", SANDBOX: "embedded" },
    });
    try {
      const shown = await send(embedded.graphqlUrl, { headers: { accept: "text/html" } });
      expect(shown.status).toBe(200);
      expect(shown.headers.get("content-type")).toMatch(/text\/html/);
      expect(shown.text).toContain("embeddable-sandbox.cdn.apollographql.com");
      expect(shown.text).toMatch(/new window\.EmbeddedSandbox/);
      // The sandbox points at the page's own URL, which is this GraphQL endpoint.
      expect(shown.text).toMatch(/initialEndpoint\s*=\s*window\.location\.href/);
      expect(shown.text).toContain('"includeCookies":false');
    } finally {
      await embedded.stop();
    }
  });
});

describe("attack 4: credentials in the logs", () => {
  let server: TestServer;
  let tenant: Tenant;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" }, logLevel: "debug" });
    tenant = await createTenant(server, "redaction");
  });
  afterAll(() => server?.stop());

  it("should write no activation token, session token, API key or bearer to any log line", async () => {
    const secrets: string[] = [];
    // An invitation: the outbox mailer logged the link before the fix.
    expectData(
      await server.gql(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { status } }`,
        { input: { partnerId: tenant.child.id, email: "invited-log@example.test", role: "USER" } },
        tenant.child.adminToken,
      ),
    );
    const link = server.outboxLinks().at(-1)!;
    const activation = new URL(link).searchParams.get("token")!;
    secrets.push(activation);
    // The emailed link opened in a browser: the request log logged its query before the fix.
    await send(link.replace(/^https?:\/\/[^/]+/, server.url), { headers: { accept: "text/html" } });
    await send(`${server.url}/activate?token=${activation}&next=%2F`);
    const activated = expectData(
      await server.gql<{ activateUser: { token: string } }>(
        `mutation($token: String!, $password: String!) { activateUser(token: $token, password: $password) { token } }`,
        { token: activation, password: PASSWORD },
      ),
    );
    secrets.push(activated.activateUser.token, tenant.sysAdminToken, tenant.child.adminToken);
    const key = expectData(
      await server.gql<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(name: "log check") { secret } }`,
        {},
        tenant.sysAdminToken,
      ),
    ).createApiKey.secret;
    secrets.push(key);
    // The key as a bearer, in a header and (wrongly) in a query string; a forged key too.
    await server.gql("{ viewer { user { email } } }", {}, key);
    await send(`${server.graphqlUrl}?query=%7B__typename%7D&api_key=${key}`, {
      headers: { "apollo-require-preflight": "1" },
    });
    const forged = `rck_${"A".repeat(43)}`;
    secrets.push(forged);
    await server.gql("{ viewer { user { email } } }", {}, forged);
    await send(`${server.url}/billing/uploads?masterPayerAccountId=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: "x",
    });
    // An error message that quotes a token must not carry it into the log either.
    server.running.deps.logger.error(
      { err: new Error(`lookup failed for ${key}`) },
      `could not use ${activation}`,
    );

    const log = server.errorLogs.join("\n");
    expect(server.errorLogs.length).toBeGreaterThan(10);
    expect(log).toMatch(/\/activate\?token=\[redacted\]/);
    expect(log).toMatch(/"msg":"mail written to outbox"/);
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(encodeURIComponent(secret));
    }
  });
});

describe("attack 3: a CSV header that never ends", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "reseller-bomb-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should refuse a gzip bomb of one 512 MiB line within a second, keeping the event loop free", async () => {
    // Gzip members concatenate into one stream: 512 copies of 1 MiB of "a", ~0.5 MB on disk.
    const member = gzipSync(Buffer.alloc(1024 * 1024, "a"), { level: 9 });
    const bomb = join(dir, "bomb.csv.gz");
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 512 }, () => member)));

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const failure = await readCsvHeader(bomb, true).then(
      () => null,
      (error: unknown) => error,
    );
    const cpu = process.cpuUsage(cpuBefore);
    const tookMs = performance.now() - started;
    delay.disable();

    expect(failure).toBeInstanceOf(CostReportError);
    expect(failure).toMatchObject({ code: "UNKNOWN_FORMAT", line: 1 });
    expect((failure as Error).message).toMatch(/no header line in the first 1 MiB/);
    // CPU time: what the scan costs whatever else the machine runs (before the fix: 16-34 s).
    expect(
      (cpu.user + cpu.system) / 1000,
      `CPU ms (${Math.round(tookMs)} ms elapsed)`,
    ).toBeLessThan(500);
    expect(tookMs).toBeLessThan(5000);
    expect(delay.max / 1e6, "event-loop delay, ms").toBeLessThan(50);
  });

  it("should still read a header split across many chunks, quoted line breaks and all", async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `lineItem/Column${i}`);
    names[7] = 'a "quoted"\nname';
    const header = names.map((n) => (/[",\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n));
    const file = join(dir, "wide.csv.gz");
    writeFileSync(file, gzipSync(Buffer.from(`\uFEFF${header.join(",")}\r\n1,2,3\n`)));
    expect(await readCsvHeader(file, true)).toEqual(names);
  });
});

describe("robustness: SIGTERM when nobody reads the log", () => {
  /**
   * Starts the API with stdout to a pipe, logs a little, then `leave` the reader: stop reading
   * (the pipe fills up) or close it (EPIPE). SIGTERM must still end the process within 15 s.
   */
  async function exitAfter(leave: "stop reading" | "close"): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "reseller-epipe-"));
    const api = await startApiProcess({
      env: {
        DATABASE_URL: `sqlite:${join(dir, "api.sqlite")}`,
        MAIL_OUTBOX_DIR: join(dir, "outbox"),
        BILLING_DROP_DIR: join(dir, "drop"),
        BILLING_STORAGE_DIR: join(dir, "billing"),
      },
    });
    try {
      for (let i = 0; i < 5; i += 1) await send(`${api.url}/no-such-page-${i}`);
      if (leave === "close") api.child.stdout!.destroy();
      else api.child.stdout!.pause();
      // Every request logs a line: ~400 of them fill the pipe's 64 KiB and what the reader buffered.
      const long = "x".repeat(200);
      for (let i = 0; i < 400; i += 1)
        await send(`${api.url}/filling-${long}-${i}`, { signal: AbortSignal.timeout(1000) }).catch(
          () => null,
        );
      const signalled = Date.now();
      api.child.kill("SIGTERM");
      const exit = await Promise.race([
        api.exited,
        new Promise((done) => setTimeout(() => done("still running"), 15_000)),
      ]);
      expect(exit, "the process must exit on its own").toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(15_000);
    } finally {
      await api.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("should exit within 15 s of SIGTERM when its stdout pipe is full (the reader stopped reading)", async () => {
    await exitAfter("stop reading");
  });

  it("should exit within 15 s of SIGTERM when its stdout pipe's reader has closed (EPIPE)", async () => {
    await exitAfter("close");
  });
});

describe("attack 2: uploads and the shared billing queue", () => {
  /** The rows of billing_job, read straight from the database. */
  async function jobRows(server: TestServer) {
    const rows: {
      id: number | string;
      parent_partner_id: number | string;
      state: string;
      created_at: string;
      started_at: string | null;
    }[] = await server.running.deps.dataSource.query(
      `SELECT "id", "parent_partner_id", "state", "created_at", "started_at" FROM "billing_job" ORDER BY "id"`,
    );
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      parent: String(row.parent_partner_id),
    }));
  }

  /** `count` uploads of `bytes`, `parallel` at a time; resolves with every answer's status. */
  async function uploadMany(
    server: BillingServer,
    token: string,
    accountId: string,
    count: number,
    parallel: number,
    bytes: string = "not,a,report\n",
  ): Promise<number[]> {
    const statuses: number[] = [];
    for (let start = 0; start < count; start += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
        upload(server, token, accountId, bytes, `report-${start + i}.csv`),
      );
      statuses.push(...(await Promise.all(batch)).map((res) => res.status));
    }
    return statuses;
  }

  it("should start B's job after at most one of A's when A has queued 300 reports first", async () => {
    const server = await startBillingServer({
      env: { NODE_ENV: "production" },
      backgroundWork: false,
    });
    try {
      const a = await createParentTenant(server, "flood-a");
      const b = await createParentTenant(server, "flood-b");
      const statuses = await uploadMany(server, a.sysAdminToken, a.masterPayerAccountId, 300, 10);
      expect(statuses.filter((status) => status === 202)).toHaveLength(300);
      const bJob = await uploadReport(
        server,
        b.sysAdminToken,
        b.masterPayerAccountId,
        "x\n",
        "b.csv",
      );

      // The worker starts with all 301 queued and runs until B's job is done.
      server.running.services.billingWorker.start();
      await waitForJob(server, b.sysAdminToken, bJob);
      await server.running.services.billingWorker.stop();

      const rows = await jobRows(server);
      const bRow = rows.find((row) => row.id === Number(bJob))!;
      const aBefore = rows.filter(
        (row) =>
          row.parent === a.parentId &&
          row.started_at !== null &&
          row.started_at <= bRow.started_at!,
      );
      expect(aBefore.length, "A's jobs started before B's").toBeLessThanOrEqual(1);
      // A still had a backlog when B's ran: the order was a choice, not an empty queue.
      const aLeft = rows.filter((row) => row.parent === a.parentId && row.state === "QUEUED");
      expect(aLeft.length).toBeGreaterThan(250);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it("should alternate between Parents when both have a backlog", async () => {
    // Every reading of the clock is a second later: start times never tie.
    let clock = Date.parse("2026-11-02T09:00:00.000Z");
    const server = await startBillingServer({
      env: { NODE_ENV: "production" },
      backgroundWork: false,
      now: () => new Date((clock += 1000)),
    });
    try {
      const a = await createParentTenant(server, "turns-a");
      const b = await createParentTenant(server, "turns-b");
      await uploadMany(server, a.sysAdminToken, a.masterPayerAccountId, 6, 6);
      await uploadMany(server, b.sysAdminToken, b.masterPayerAccountId, 3, 3);
      await server.running.services.billingWorker.drain();
      const order = (await jobRows(server))
        .sort((x, y) =>
          x.started_at! < y.started_at! ? -1 : x.started_at! > y.started_at! ? 1 : x.id - y.id,
        )
        .map((row) => (row.parent === a.parentId ? "A" : "B"));
      expect(order.join("")).toBe("ABABABAAA");
    } finally {
      await server.stop();
    }
  });

  it("should limit uploads per user and per Parent when 20 arrive at once", async () => {
    const server = await startBillingServer({
      env: { NODE_ENV: "production" },
      backgroundWork: false,
      rateLimits: { uploadsPerHourPerUser: 5, uploadsPerHourPerParent: 8 },
    });
    try {
      const a = await createParentTenant(server, "limit-a");
      const b = await createParentTenant(server, "limit-b");
      expectData(
        await server.gql(
          `mutation($input: CreateUserInput!) { createUser(input: $input) { status } }`,
          {
            input: {
              partnerId: a.parentId,
              email: "second-admin@example.test",
              password: PASSWORD,
              role: "PARTNER_SYS_ADMIN",
            },
          },
          a.sysAdminToken,
        ),
      );
      const second = await server.login("second-admin@example.test", PASSWORD);

      const first = await uploadMany(server, a.sysAdminToken, a.masterPayerAccountId, 20, 20);
      expect(first.filter((status) => status === 202)).toHaveLength(5);
      expect(first.filter((status) => status === 429)).toHaveLength(15);
      // Another user of the same Parent gets what is left of the Parent's 8.
      const other = await uploadMany(server, second, a.masterPayerAccountId, 20, 20);
      expect(other.filter((status) => status === 202)).toHaveLength(3);
      // Another Parent is not affected.
      const elsewhere = await uploadMany(server, b.sysAdminToken, b.masterPayerAccountId, 20, 20);
      expect(elsewhere.filter((status) => status === 202)).toHaveLength(5);

      const refused = await upload(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        "x\n",
        "late.csv",
      );
      expect(refused.status).toBe(429);
      expect(refused.body?.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      const rows = await jobRows(server);
      expect(rows.filter((row) => row.parent === a.parentId)).toHaveLength(8);
      expect(rows.filter((row) => row.parent === b.parentId)).toHaveLength(5);
    } finally {
      await server.stop();
    }
  });

  it("should refuse uploads past the Parent's storage quota with 413 CONFLICT, exactly at the quota under 20 parallel uploads", async () => {
    const server = await startBillingServer({
      env: { NODE_ENV: "production", BILLING_STORAGE_QUOTA_BYTES: "1000" },
      backgroundWork: false,
    });
    try {
      const a = await createParentTenant(server, "quota-a");
      const b = await createParentTenant(server, "quota-b");
      const hundred = `${"q".repeat(99)}\n`;
      const statuses = await uploadMany(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        20,
        20,
        hundred,
      );
      expect(statuses.filter((status) => status === 202)).toHaveLength(10);
      expect(statuses.filter((status) => status === 413)).toHaveLength(10);

      const over = await upload(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        hundred,
        "over.csv",
      );
      expect(over.status).toBe(413);
      expect(over.body?.errors?.[0]?.extensions).toMatchObject({
        code: "CONFLICT",
        field: "body",
        reason: "STORAGE_QUOTA_EXCEEDED",
        value: 100,
        details: { quota: "1000", used: "1000" },
      });
      const files = readdirSync(join(server.storageDir, "uploads"));
      expect(files).toHaveLength(10);
      expect((await jobRows(server)).filter((row) => row.parent === a.parentId)).toHaveLength(10);
      // The other Parent has its own quota.
      expect(
        (await upload(server, b.sysAdminToken, b.masterPayerAccountId, hundred, "b.csv")).status,
      ).toBe(202);
    } finally {
      await server.stop();
    }
  });

  it("should delete superseded uploads after BILLING_RETENTION_DAYS and keep the current delivery of every month", async () => {
    let clock = Date.parse("2026-01-05T09:00:00.000Z");
    const server = await startBillingServer({
      env: { NODE_ENV: "production", BILLING_RETENTION_DAYS: "90" },
      backgroundWork: false,
      now: () => new Date(clock),
    });
    try {
      const a = await createParentTenant(server, "retention");
      const worker = server.running.services.billingWorker;
      const report = (cost: string) =>
        curLegacyCsv(curMonthLines(a.payerId, a.payerId, "2025-12", cost));
      // December twice (the second replaces the first), a broken file, and November once.
      const first = await uploadReport(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        report("100.00"),
        "dec-1.csv",
      );
      await worker.drain();
      clock += 60_000;
      const broken = await uploadReport(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        "x\n",
        "broken.csv",
      );
      await worker.drain();
      clock += 60_000;
      const second = await uploadReport(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        report("130.00"),
        "dec-2.csv",
      );
      await worker.drain();
      const november = await uploadReport(
        server,
        a.sysAdminToken,
        a.masterPayerAccountId,
        curLegacyCsv(curMonthLines(a.payerId, a.payerId, "2025-11")),
        "nov.csv",
      );
      await worker.drain();
      const pathOf = async (id: string) =>
        (
          await server.running.deps.dataSource
            .getRepository(BillingJobEntity)
            .findOneByOrFail({ id: Number(id) })
        ).filePath;
      const paths = {
        first: (await pathOf(first))!,
        broken: (await pathOf(broken))!,
        second: (await pathOf(second))!,
        november: (await pathOf(november))!,
      };
      for (const path of Object.values(paths)) expect(existsSync(path)).toBe(true);

      const sweeper = new RetentionSweeper(server.running.deps, 90);
      clock += 89 * 24 * 3600 * 1000; // not yet 90 days
      expect(await sweeper.sweep()).toBe(0);
      clock += 2 * 24 * 3600 * 1000;
      expect(await sweeper.sweep()).toBe(2);
      expect(existsSync(paths.first), "superseded December").toBe(false);
      expect(existsSync(paths.broken), "a failed upload").toBe(false);
      expect(existsSync(paths.second), "current December").toBe(true);
      expect(existsSync(paths.november), "current November").toBe(true);
      expect(await pathOf(first)).toBeNull();
      // Idempotent, and the stored months are untouched.
      expect(await sweeper.sweep()).toBe(0);
      const months: { billing_period: string; file_name: string }[] =
        await server.running.deps.dataSource.query(
          `SELECT "billing_period", "file_name" FROM "billing_month" ORDER BY "billing_period"`,
        );
      expect(months).toEqual([
        { billing_period: "2025-11", file_name: "nov.csv" },
        { billing_period: "2025-12", file_name: "dec-2.csv" },
      ]);
    } finally {
      await server.stop();
    }
  });
});
