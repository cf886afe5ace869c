// Scale-out on PostgreSQL (issue 5, section 3): two real API processes (`node dist/main.js`) on
// one PostgreSQL cluster that this file owns, so it can kill a process and stop the database
// under them. All traffic goes to 127.0.0.1; every load loop is bounded in count and time.
//
//   bash tooling/scripts/with-postgres.sh pnpm --filter @reseller/api test:pg
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_LINK,
  PASSWORD,
  type ApiClient,
  type CreatedLink,
  type ParentTenant,
  awsId,
  awsIds,
  createChild,
  createParentTenant,
  errorOf,
  expectData,
} from "./support/fixtures.js";
import { OPERATOR } from "./support/harness.js";
import { send } from "./support/http.js";
import { startPgCluster, type PgCluster } from "./support/pg-cluster.js";
import {
  type ApiProcess,
  assertApiBuilt,
  graphqlClient,
  startApiProcess,
} from "./support/processes.js";

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const PARTNERS_PAGE = `query PartnersPage($first: Int!) {
  partners(first: $first) {
    totalCount
    nodes {
      id name
      parent { id }
      children(first: 5) { totalCount }
      accounts { id awsAccountId }
      resellerLinks { awsPayeeAccountIds resellerAccount { id } }
    }
  }
}`;

const VIEWER = `{ viewer { user { id email } } }`;
type ViewerData = { viewer: { user: { id: string; email: string } } };

/** One statement on a fresh connection (the cluster is stopped and started under us). */
async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls `check` every 100 ms until it returns true or `timeoutMs` passes; returns the wait. */
async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const started = Date.now();
  for (let i = 0; i < timeoutMs / 100; i += 1) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const readyStatus = async (api: ApiProcess) =>
  (await send(`${api.url}/readyz`, { signal: AbortSignal.timeout(5000) })).status;

describe("scale-out on PostgreSQL: two API processes, one database", () => {
  let cluster: PgCluster;
  let databaseUrl: string;
  let dir: string;
  let apiA: ApiProcess;
  let apiB: ApiProcess;
  let a: ApiClient;
  let b: ApiClient;
  let tenant: ParentTenant;
  /**
   * Partner Sys Admins of the tenant's Parent with their tokens. Each process allows a user 300
   * requests a minute: the races and the kill use users 0-7, the soak (1,200 a minute) 8-13.
   */
  const loadUsers: { email: string; token: string }[] = [];
  const soakUsers = () => loadUsers.slice(8);

  const startApi = (name: string) =>
    startApiProcess({
      env: {
        DATABASE_URL: databaseUrl,
        OPERATOR_EMAIL: OPERATOR.email,
        OPERATOR_PASSWORD: OPERATOR.password,
        MAIL_OUTBOX_DIR: join(dir, name, "outbox"),
        BILLING_DROP_DIR: join(dir, name, "drop"),
        BILLING_STORAGE_DIR: join(dir, name, "billing"),
      },
    });

  beforeAll(async () => {
    assertApiBuilt();
    dir = mkdtempSync(join(tmpdir(), "reseller-scale-out-"));
    cluster = await startPgCluster();
    databaseUrl = await cluster.createDatabase("scale_out");
    // One after the other: the first runs the migrations and creates the operator.
    apiA = await startApi("a");
    apiB = await startApi("b");
    a = graphqlClient(apiA.graphqlUrl);
    b = graphqlClient(apiB.graphqlUrl);
    tenant = await createParentTenant(a, "scale");
    for (let i = 0; i < 14; i += 1) {
      const email = `load-${i}@example.test`;
      expectData(
        await a.gql(
          `mutation($input: CreateUserInput!) { createUser(input: $input) { status } }`,
          {
            input: {
              partnerId: tenant.parentId,
              email,
              password: PASSWORD,
              role: "PARTNER_SYS_ADMIN",
            },
          },
          tenant.sysAdminToken,
        ),
      );
      loadUsers.push({ email, token: await (i % 2 === 0 ? a : b).login(email, PASSWORD) });
    }
  }, 120_000);

  afterAll(async () => {
    await apiA?.stop(2000);
    await apiB?.stop(2000);
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("should accept a session created on one process on the other, and end it on both", async () => {
    const token = await a.login(tenant.sysAdminEmail, PASSWORD);
    const onA = expectData(await a.gql<ViewerData>(VIEWER, {}, token));
    const onB = expectData(await b.gql<ViewerData>(VIEWER, {}, token));
    expect(onB.viewer.user).toEqual(onA.viewer.user);

    // An API key made on B works on A.
    const key = expectData(
      await b.gql<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(name: "scale-out") { secret } }`,
        {},
        token,
      ),
    ).createApiKey.secret;
    expect(expectData(await a.gql<ViewerData>(VIEWER, {}, key)).viewer.user.id).toBe(
      onA.viewer.user.id,
    );

    // Logout on B ends the session on A at once: no process caches a session.
    expect(expectData(await b.gql(`mutation { logout }`, {}, token))).toEqual({ logout: true });
    const after = await a.gql(VIEWER, {}, token);
    expect(after.status).toBe(401);
    expect(errorOf(after).code).toBe("UNAUTHENTICATED");
  });

  it("should create exactly one link when 20 conflicting createResellerLink calls are spread over both", async () => {
    const children: string[] = [];
    for (let i = 0; i < 20; i += 1)
      children.push(
        (
          await createChild(a, loadUsers[i % 8]!.token, {
            name: `Racer ${i}`,
            parentId: tenant.parentId,
          })
        ).id,
      );
    const payee = awsId();
    const results = await Promise.all(
      children.map((childId, i) =>
        (i % 2 === 0 ? a : b).gql<{ createResellerLink: CreatedLink }>(
          CREATE_LINK,
          {
            input: {
              masterPayerAccountId: tenant.masterPayerAccountId,
              resellerPartnerId: childId,
              awsPayerAccountId: tenant.payerId,
              awsPayeeAccountIds: [payee],
            },
          },
          loadUsers[i % 8]!.token,
        ),
      ),
    );
    const winners = results.filter((res) => !res.body.errors?.length);
    expect(winners).toHaveLength(1);
    const winner = expectData(winners[0]!).createResellerLink;
    const losers = results.filter((res) => res.body.errors?.length).map(errorOf);
    expect(losers).toHaveLength(19);
    for (const loser of losers)
      expect(loser).toMatchObject({ code: "CONFLICT", reason: "PAYEE_ALREADY_LINKED" });

    const holders = await sql<{ link_id: number }>(
      databaseUrl,
      `SELECT link_id FROM reseller_link_payee WHERE aws_account_id = $1`,
      [payee],
    );
    expect(holders.map((h) => String(h.link_id))).toEqual([winner.id]);
    const racerAccounts = await sql<{ n: string }>(
      databaseUrl,
      `SELECT COUNT(*) AS n FROM account WHERE partner_id = ANY($1::int[])`,
      [children.map(Number)],
    );
    expect(Number(racerAccounts[0]!.n), "a loser left its receiving account behind").toBe(1);
  });

  it("should keep answering on one process and leave no partial rows when the other is killed with SIGKILL under load", async () => {
    const PAYEES = 5;
    const DURATION = 4000;
    const KILL_AT = 1500;
    const linked: string[] = [];
    const childIds: string[] = [];
    const outcomes = { a: { ok: 0, failed: 0 }, b: { ok: 0, failed: 0 } };
    const bErrors: string[] = [];
    const started = Date.now();
    let killedAt = 0;

    const worker = async (api: "a" | "b", index: number) => {
      const client = api === "a" ? a : b;
      const { token } = loadUsers[index]!;
      for (let i = 0; i < 200 && Date.now() - started < DURATION; i += 1) {
        if (api === "a" && killedAt > 0) return; // nothing is listening any more
        try {
          const child = await createChild(client, token, {
            name: `Load ${api}${index}-${i}`,
            parentId: tenant.parentId,
          });
          childIds.push(child.id);
          const res = await client.gql<{ createResellerLink: CreatedLink }>(
            CREATE_LINK,
            {
              input: {
                masterPayerAccountId: tenant.masterPayerAccountId,
                resellerPartnerId: child.id,
                awsPayerAccountId: tenant.payerId,
                awsPayeeAccountIds: awsIds(PAYEES),
              },
            },
            token,
          );
          linked.push(expectData(res).createResellerLink.id);
          outcomes[api].ok += 1;
        } catch (error) {
          outcomes[api].failed += 1;
          if (api === "b") bErrors.push(String(error));
        }
      }
    };
    const killer = (async () => {
      await sleep(KILL_AT);
      apiA.child.kill("SIGKILL");
      killedAt = Date.now();
      return apiA.exited;
    })();
    const [exit] = await Promise.all([
      killer,
      ...[0, 1, 2, 3].map((i) => worker("a", i)),
      ...[4, 5, 6, 7].map((i) => worker("b", i)),
    ]);

    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(bErrors, "B failed while A died").toEqual([]);
    expect(outcomes.b.ok).toBeGreaterThan(10);
    expect(outcomes.a.ok).toBeGreaterThan(0);
    // B still answers after the load.
    expect(
      expectData(await b.gql<ViewerData>(VIEWER, {}, loadUsers[4]!.token)).viewer.user.email,
    ).toBe(loadUsers[4]!.email);
    expect(await readyStatus(apiB)).toBe(200);

    // No partial rows: every link of the load children has all its payees, its receiving
    // account and its CREATE record; no receiving account lacks its link.
    const ids = childIds.map(Number);
    const links = await sql<{ id: number; payees: string; changes: string; account: number }>(
      databaseUrl,
      `SELECT l.id,
              (SELECT COUNT(*) FROM reseller_link_payee p WHERE p.link_id = l.id) AS payees,
              (SELECT COUNT(*) FROM reseller_link_change c WHERE c.link_id = l.id AND c.action = 'CREATE') AS changes,
              (SELECT COUNT(*) FROM account ra WHERE ra.id = l.reseller_account_id) AS account
         FROM reseller_link l WHERE l.reseller_partner_id = ANY($1::int[])`,
      [ids],
    );
    for (const link of links)
      expect(
        {
          payees: Number(link.payees),
          changes: Number(link.changes),
          account: Number(link.account),
        },
        `link ${link.id}`,
      ).toEqual({ payees: PAYEES, changes: 1, account: 1 });
    const orphans = await sql<{ id: number }>(
      databaseUrl,
      `SELECT a.id FROM account a WHERE a.partner_id = ANY($1::int[])
         AND NOT EXISTS (SELECT 1 FROM reseller_link l WHERE l.reseller_account_id = a.id)`,
      [ids],
    );
    expect(orphans, "receiving accounts without their link").toEqual([]);
    const stored = new Set(links.map((link) => String(link.id)));
    for (const id of linked) expect(stored.has(id), `answered link ${id} is stored`).toBe(true);
    // Links A committed but could not answer before it died: at most one per A client.
    expect(links.length - linked.length).toBeGreaterThanOrEqual(0);
    expect(links.length - linked.length).toBeLessThanOrEqual(4);
  });

  it("should report not ready while PostgreSQL is down and serve again after it restarts, without restarting the API", async () => {
    const token = loadUsers[5]!.token;
    expect(await readyStatus(apiB)).toBe(200);

    await cluster.stop();
    const noticed = await waitFor("/readyz reports 503", 10_000, async () => {
      return (await readyStatus(apiB)) === 503;
    });
    expect(noticed).toBeLessThan(10_000);
    // Liveness is not readiness: the process is alive and says so.
    expect((await send(`${apiB.url}/healthz`)).status).toBe(200);
    const down = await send(apiB.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VIEWER }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect(down.body?.errors?.[0]).toMatchObject({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(down.text).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1|5432|typeorm/i);

    await cluster.start();
    await waitFor("/readyz reports 200 again", 30_000, async () => {
      return (await readyStatus(apiB)) === 200;
    });
    // The same process, the same session: reads and writes work again.
    expect(expectData(await b.gql<ViewerData>(VIEWER, {}, token)).viewer.user.email).toBe(
      loadUsers[5]!.email,
    );
    const child = await createChild(b, token, { name: "After restart", parentId: tenant.parentId });
    expect(child.id).toMatch(/^\d+$/);
    expect(apiB.child.exitCode).toBeNull();
  });

  it("should hold RSS within 20% of its first-10-s level and answer every request when the partners page is loaded at 20 req/s for 60 s", async () => {
    const RATE = 20;
    const SECONDS = 60;
    const TOTAL = RATE * SECONDS;
    const samples: { at: number; kib: number }[] = [];
    const failures: string[] = [];
    let ok = 0;
    let inFlight = 0;
    let peakInFlight = 0;
    const latencies: number[] = [];

    const one = async (i: number) => {
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      const sent = Date.now();
      try {
        const res = await b.gql<{ partners: { totalCount: number; nodes: unknown[] } }>(
          PARTNERS_PAGE,
          { first: 50 },
          soakUsers()[i % soakUsers().length]!.token,
        );
        const page = expectData(res).partners;
        if (res.status !== 200 || page.nodes.length !== Math.min(50, page.totalCount))
          failures.push(`request ${i}: status ${res.status}, ${page.nodes.length} nodes`);
        else ok += 1;
      } catch (error) {
        failures.push(`request ${i}: ${String(error)}`);
      } finally {
        latencies.push(Date.now() - sent);
        inFlight -= 1;
      }
    };

    // Warm-up, one request at a time: the JIT and the caches settle, and the unloaded latency
    // goes into the figures.
    const warmUp: number[] = [];
    const cpuBefore = apiB.cpuMs();
    for (let i = 0; i < 30; i += 1) {
      const sent = Date.now();
      expectData(await b.gql(PARTNERS_PAGE, { first: 50 }, soakUsers()[i % 6]!.token));
      warmUp.push(Date.now() - sent);
    }
    const cpuMsPerRequest = (apiB.cpuMs() - cpuBefore) / 30;
    warmUp.sort((x, y) => x - y);

    const soakCpuStart = apiB.cpuMs();
    const started = Date.now();
    const requests: Promise<void>[] = [];
    let nextSample = 0;
    for (let i = 0; i < TOTAL && Date.now() - started < (SECONDS + 15) * 1000; i += 1) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      if (Date.now() >= started + nextSample * 1000) {
        samples.push({ at: Date.now() - started, kib: apiB.rssKiB() });
        nextSample += 1;
      }
      // Fixed rate, not closed loop; a backlog past 100 open requests is a failure in itself.
      if (inFlight >= 100) failures.push(`request ${i}: over 100 requests open`);
      else requests.push(one(i));
    }
    await Promise.all(requests);
    samples.push({ at: Date.now() - started, kib: apiB.rssKiB() });

    // RSS "level" = the median of a 10-s window's samples: a leak raises every later window, while
    // a GC cycle or a burst of open requests only makes a spike. Each later window must stay
    // within 20% of the first.
    const mib = (kib: number) => Number((kib / 1024).toFixed(1));
    const median = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return sorted[Math.floor(sorted.length / 2)]!;
    };
    const windows = Array.from({ length: SECONDS / 10 }, (_, w) =>
      samples.filter((s) => s.at >= w * 10_000 && s.at < (w + 1) * 10_000).map((s) => s.kib),
    );
    const levels = windows.map((w) => (w.length > 0 ? median(w) : Number.NaN));
    const baseline = levels[0]!;
    latencies.sort((x, y) => x - y);
    const figures = {
      requests: requests.length,
      ok,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      rssLevelsMiB: levels.map(mib),
      rssMinMiB: mib(Math.min(...samples.map((s) => s.kib))),
      rssMaxMiB: mib(Math.max(...samples.map((s) => s.kib))),
      rssFinalMiB: mib(samples.at(-1)!.kib),
      growth: Number((Math.max(...levels.slice(1)) / baseline).toFixed(3)),
      p50ms: latencies[Math.floor(latencies.length * 0.5)],
      p99ms: latencies[Math.floor(latencies.length * 0.99)],
      peakInFlight,
      unloadedP50ms: warmUp[15],
      apiCpuMsPerRequest: Number(cpuMsPerRequest.toFixed(1)),
      apiCpuShareOfOneCore: Number(
        ((apiB.cpuMs() - soakCpuStart) / (Date.now() - started)).toFixed(2),
      ),
    };
    process.stdout.write(`scale-out soak: ${JSON.stringify(figures)}\n`);

    expect(failures, JSON.stringify(figures)).toEqual([]);
    expect(ok).toBe(TOTAL);
    for (const [w, samplesInWindow] of windows.entries())
      expect(
        samplesInWindow.length,
        `RSS samples in seconds ${w * 10}-${w * 10 + 10}`,
      ).toBeGreaterThanOrEqual(8);
    for (const [w, level] of levels.entries())
      expect(
        level,
        `RSS level of seconds ${w * 10}-${w * 10 + 10}: ${JSON.stringify(figures)}`,
      ).toBeLessThanOrEqual(baseline * 1.2);
  }, 120_000);

  it("should drain and exit 0 within 10 s when the surviving process gets SIGTERM", async () => {
    const signalled = Date.now();
    apiB.child.kill("SIGTERM");
    const exit = await Promise.race([
      apiB.exited,
      sleep(10_000).then(() => ({ code: "still running", signal: null })),
    ]);
    expect(exit, apiB.output().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(apiB.output()).toMatch(/"msg":"stopped"/);
  });
});
