// Prometheus metrics (issue #16): GET /metrics with the bearer token or on METRICS_PORT, off when
// neither is set; counters move by exactly what was done; operation-name labels stay bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  curLegacyCsv,
  startBillingServer,
  uploadReport,
  type BillingServer,
} from "./support/billing.js";
import { awsId, createParentTenant, type ParentTenant } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

/** The samples of a Prometheus text exposition, keyed `name{label="value",…}` (labels sorted). */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = [...(match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, name, value]) => `${name}="${value}"`)
      .sort()
      .join(",");
    samples.set(labels ? `${match[1]}{${labels}}` : match[1]!, Number(match[3]));
  }
  return samples;
}

function key(name: string, labels: Record<string, string> = {}): string {
  const text = Object.entries(labels)
    .map(([label, value]) => `${label}="${value}"`)
    .sort()
    .join(",");
  return text ? `${name}{${text}}` : name;
}

describe("metrics on METRICS_PORT and behind METRICS_TOKEN", () => {
  let server: BillingServer;
  let tenant: ParentTenant;

  async function scrape(): Promise<Map<string, number>> {
    const response = await fetch(server.running.metricsUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(await response.text());
  }
  const delta = (before: Map<string, number>, after: Map<string, number>, k: string) =>
    (after.get(k) ?? 0) - (before.get(k) ?? 0);

  beforeAll(async () => {
    server = await startBillingServer({
      backgroundWork: false,
      env: { METRICS_TOKEN, METRICS_PORT: "0", METRICS_MAX_OPERATION_NAMES: "50" },
    });
    tenant = await createParentTenant(server, "metrics");
  });
  afterAll(() => server?.stop());

  it("should serve its own listener on 127.0.0.1 and refuse /metrics on the API port without the token", async () => {
    expect(server.running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(server.running.metricsUrl!.replace(/\/metrics$/, "/graphql"))).status).toBe(
      404,
    );
    for (const authorization of [
      undefined,
      "Bearer wrong-token-0123456789",
      `Basic ${METRICS_TOKEN}`,
    ]) {
      const response = await fetch(`${server.url}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status, authorization).toBe(401);
      const text = await response.text();
      expect(text).not.toContain("http_requests_total");
      expect(JSON.parse(text)).toMatchObject({
        errors: [{ extensions: { code: "UNAUTHENTICATED" } }],
      });
    }
    const allowed = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(allowed.status).toBe(200);
    const samples = parseMetrics(await allowed.text());
    // Node's own: event-loop lag, heap, GC, CPU.
    for (const name of [
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
      "process_cpu_user_seconds_total",
    ])
      expect(samples.has(name), name).toBe(true);
    expect([...samples.keys()].some((k) => k.startsWith("nodejs_gc_duration_seconds"))).toBe(true);
  });

  it("should count GraphQL operations by name, type and outcome and HTTP requests by route when they run", async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i += 1)
      await server.gql(`query ViewerName { viewer { user { id } } }`, {}, tenant.sysAdminToken);
    await server.gql(`{ viewer { user { id } } }`, {}, tenant.sysAdminToken);
    await server.gql(
      `mutation SignIn($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: tenant.sysAdminEmail, p: "not-the-password-1234" },
    );
    await server.gql(
      `query Big { partners(first: 1000) { totalCount } }`,
      {},
      tenant.sysAdminToken,
    );
    await fetch(`${server.url}/healthz`);
    const after = await scrape();

    const ops = (name: string, type: string, outcome: string) =>
      delta(
        before,
        after,
        key("graphql_operations_total", { operation_name: name, operation_type: type, outcome }),
      );
    expect(ops("ViewerName", "query", "ok")).toBe(3);
    expect(ops("anonymous", "query", "ok")).toBe(1);
    expect(ops("SignIn", "mutation", "UNAUTHENTICATED")).toBe(1);
    expect(ops("Big", "query", "BAD_USER_INPUT")).toBe(1);
    expect(
      delta(
        before,
        after,
        key("graphql_operation_duration_seconds_count", {
          operation_name: "ViewerName",
          operation_type: "query",
        }),
      ),
    ).toBe(3);
    expect(
      delta(
        before,
        after,
        key("graphql_operation_duration_seconds_bucket", {
          le: "+Inf",
          operation_name: "ViewerName",
          operation_type: "query",
        }),
      ),
    ).toBe(3);
    expect(
      delta(
        before,
        after,
        key("http_requests_total", { method: "POST", route: "/graphql", status: "200" }),
      ),
    ).toBe(6);
    expect(
      delta(
        before,
        after,
        key("http_requests_total", { method: "GET", route: "/healthz", status: "200" }),
      ),
    ).toBe(1);
  });

  it("should count an ingest job, its rows and the queue when a report is uploaded and run", async () => {
    const csv = curLegacyCsv([
      { payer: tenant.payerId, account: awsId(), day: "2026-03-02", cost: "1.5" },
      { payer: tenant.payerId, account: awsId(), day: "2026-03-03", cost: "2.25" },
      { payer: tenant.payerId, account: awsId(), day: "2026-03-04", cost: "0.125" },
    ]);
    const before = await scrape();
    await uploadReport(server, tenant.sysAdminToken, tenant.masterPayerAccountId, csv, "cur.csv");
    const queued = await scrape();
    expect(queued.get("billing_jobs_queued")).toBe(1);
    expect(
      delta(
        before,
        queued,
        key("http_requests_total", { method: "POST", route: "/billing/uploads", status: "202" }),
      ),
    ).toBe(1);
    await server.running.services.billingWorker.drain();
    const after = await scrape();
    expect(after.get("billing_jobs_queued")).toBe(0);
    expect(
      delta(before, after, key("billing_jobs_total", { kind: "INGEST", state: "SUCCEEDED" })),
    ).toBe(1);
    expect(
      delta(before, after, key("billing_jobs_total", { kind: "INGEST", state: "FAILED" })),
    ).toBe(0);
    expect(
      delta(before, after, key("billing_job_duration_seconds_count", { kind: "INGEST" })),
    ).toBe(1);
    expect(delta(before, after, key("billing_rows_ingested_total", { format: "CUR_LEGACY" }))).toBe(
      3,
    );

    // A file that is not a cost report fails its job, and is counted as such.
    await uploadReport(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "not,a\ncost,report\n",
      "bad.csv",
    );
    await server.running.services.billingWorker.drain();
    const failed = await scrape();
    expect(
      delta(after, failed, key("billing_jobs_total", { kind: "INGEST", state: "FAILED" })),
    ).toBe(1);
    expect(delta(after, failed, key("billing_rows_ingested_total", { format: "CUR_LEGACY" }))).toBe(
      0,
    );
  });

  it("should keep at most METRICS_MAX_OPERATION_NAMES names and fold the rest into other when 1,000 names arrive", async () => {
    const before = await scrape();
    const names = Array.from({ length: 1000 }, (_, i) => `Probe${i}`);
    for (let i = 0; i < names.length; i += 50)
      await Promise.all(
        names
          .slice(i, i + 50)
          .map((name) => server.gql(`query ${name} { __typename }`, {}, tenant.sysAdminToken)),
      );
    const after = await scrape();
    const labelled = new Set(
      [...after.keys()]
        .filter((k) => k.startsWith("graphql_operations_total{"))
        .map((k) => /operation_name="([^"]*)"/.exec(k)![1]!),
    );
    // 50 names in all, counting those the earlier tests used; everything else is `other`
    // (`anonymous` is a fixed label, outside the cap).
    expect([...labelled].filter((name) => name !== "other" && name !== "anonymous")).toHaveLength(
      50,
    );
    const probesKept = [...labelled].filter((name) => name.startsWith("Probe")).length;
    expect(
      delta(
        before,
        after,
        key("graphql_operations_total", {
          operation_name: "other",
          operation_type: "query",
          outcome: "ok",
        }),
      ),
    ).toBe(1000 - probesKept);
    const probeCounts = names.reduce(
      (sum, name) =>
        sum +
        delta(
          before,
          after,
          key("graphql_operations_total", {
            operation_name: name,
            operation_type: "query",
            outcome: "ok",
          }),
        ),
      0,
    );
    expect(probeCounts).toBe(probesKept);
  });
});

describe("metrics when neither METRICS_TOKEN nor METRICS_PORT is set", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("should answer /metrics with 404 and start no listener of its own", async () => {
    expect(server.running.metricsUrl).toBeNull();
    expect(server.running.deps.metrics).toBeNull();
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("http_requests_total");
  });
});
