// OpenTelemetry traces (issue #16): a real API process, started as `npm start` starts it, with
// OTEL_* pointing at an OTLP/HTTP JSON receiver inside this test. A Partners page request and an
// ingest must arrive as span trees (HTTP → GraphQL → SQL; job → read → store), log lines must
// carry trace ids, and no token or email may appear in any attribute.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curLegacyCsv, poll } from "./support/billing.js";
import {
  PASSWORD,
  awsId,
  createChild,
  createLink,
  createParentTenant,
  type ParentTenant,
} from "./support/fixtures.js";
import { OPERATOR } from "./support/harness.js";
import { type ApiProcess, graphqlClient, startApiProcess } from "./support/processes.js";

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values: OtlpValue[] };
}
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  service: string;
}

const SERVER_KIND = 2;

function valueOf(value: OtlpValue): unknown {
  if (value.arrayValue) return value.arrayValue.values.map(valueOf);
  return value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
}

/** An OTLP/HTTP receiver: POST /v1/traces with JSON bodies, as the OTLP spec defines them. */
async function startReceiver(): Promise<{ url: string; spans: Span[]; close(): Promise<void> }> {
  const spans: Span[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      expect(req.headers["content-type"]).toMatch(/^application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: OtlpValue }[] };
          scopeSpans: {
            spans: (Omit<Span, "attributes" | "service"> & {
              attributes?: { key: string; value: OtlpValue }[];
            })[];
          }[];
        }[];
      };
      for (const resource of body.resourceSpans) {
        const service = resource.resource.attributes.find((a) => a.key === "service.name");
        for (const scope of resource.scopeSpans)
          for (const span of scope.spans)
            spans.push({
              ...span,
              service: String(service ? valueOf(service.value) : ""),
              attributes: Object.fromEntries(
                (span.attributes ?? []).map((a) => [a.key, valueOf(a.value)]),
              ),
            });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function ancestors(span: Span, all: readonly Span[]): Span[] {
  const byId = new Map(all.map((s) => [s.spanId, s]));
  const chain: Span[] = [];
  for (
    let parent = byId.get(span.parentSpanId ?? "");
    parent;
    parent = byId.get(parent.parentSpanId ?? "")
  )
    chain.push(parent);
  return chain;
}

describe("traces over OTLP/HTTP JSON", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: ApiProcess;
  let tenant: ParentTenant;
  let dir: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), "reseller-tracing-"));
    api = await startApiProcess({
      env: {
        DATABASE_URL: `sqlite:${join(dir, "api.sqlite")}`,
        MAIL_OUTBOX_DIR: join(dir, "outbox"),
        BILLING_DROP_DIR: join(dir, "drop"),
        BILLING_STORAGE_DIR: join(dir, "storage"),
        OPERATOR_EMAIL: OPERATOR.email,
        OPERATOR_PASSWORD: OPERATOR.password,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "reseller-trace-test",
        OTEL_TRACES_SAMPLER: "always_on",
        OTEL_BSP_SCHEDULE_DELAY: "100",
      },
    });
    tenant = await createParentTenant(graphqlClient(api.graphqlUrl), "trace");
  });
  afterAll(async () => {
    await api?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("should send a Partners page request as HTTP → GraphQL → SQL spans when a trace is sampled", async () => {
    const client = graphqlClient(api.graphqlUrl);
    const res = await client.gql(
      `query PartnersPage { partners(first: 10) { totalCount nodes { id name accounts { id } } } }`,
      {},
      tenant.sysAdminToken,
    );
    expect(res.body.errors).toBeUndefined();
    const requestId = res.headers.get("x-request-id");
    const sql = await poll(
      "the Partners page's spans",
      () => {
        const http = receiver.spans.filter((s) => s.kind === SERVER_KIND);
        for (const server of http) {
          const inTrace = receiver.spans.filter((s) => s.traceId === server.traceId);
          const found = inTrace.find(
            (s) =>
              s.name === "sqlite.query" &&
              ancestors(s, inTrace).some(
                (a) =>
                  a.name.includes("PartnersPage") ||
                  a.attributes["graphql.operation.name"] === "PartnersPage",
              ),
          );
          if (found) return Promise.resolve({ found, inTrace, server });
        }
        return Promise.resolve(null);
      },
      (value) => value !== null,
      15_000,
    );
    const { found, inTrace, server } = sql!;
    expect(server.service).toBe("reseller-trace-test");
    const chain = ancestors(found, inTrace);
    const graphql = chain.find((a) => a.attributes["graphql.operation.name"] === "PartnersPage");
    expect(graphql, JSON.stringify(chain.map((c) => c.name))).toBeDefined();
    // The GraphQL span sits under the HTTP server span of the same request.
    expect(ancestors(graphql!, inTrace).map((a) => a.spanId)).toContain(server.spanId);
    expect(found.attributes["db.system"]).toBe("sqlite");
    expect(String(found.attributes["db.statement"])).toMatch(/^SELECT/);
    // The request's own log line carries its trace id.
    const logLine = api
      .output()
      .split("\n")
      .find((line) => requestId !== null && line.includes(requestId) && line.includes("trace_id"));
    expect(logLine, "a log line of the request with trace_id").toBeDefined();
    expect(JSON.parse(logLine!)).toMatchObject({ trace_id: server.traceId });
  });

  it("should send an ingest as job → read → store spans with DuckDB queries when a report is uploaded", async () => {
    // A linked Child, so that the job allocates and prices its rows.
    const client = graphqlClient(api.graphqlUrl);
    const linked = await createChild(client, tenant.sysAdminToken, {
      name: "Traced child",
      parentId: tenant.parentId,
    });
    const payee = awsId();
    await createLink(client, tenant, linked.id, [payee]);
    const csv = curLegacyCsv([
      { payer: tenant.payerId, account: payee, day: "2026-04-02", cost: "1.5" },
      { payer: tenant.payerId, account: awsId(), day: "2026-04-03", cost: "2.5" },
    ]);
    const upload = await fetch(
      `${api.url}/billing/uploads?masterPayerAccountId=${tenant.masterPayerAccountId}`,
      {
        method: "POST",
        headers: {
          "content-type": "application/octet-stream",
          "x-file-name": "cur.csv",
          authorization: `Bearer ${tenant.sysAdminToken}`,
        },
        body: csv,
      },
    );
    expect(upload.status).toBe(202);
    const tree = await poll(
      "the ingest job's spans",
      () => {
        const job = receiver.spans.find((s) => s.name === "billing.job");
        if (!job) return Promise.resolve(null);
        const inTrace = receiver.spans.filter((s) => s.traceId === job.traceId);
        const child = (name: string) =>
          inTrace.find(
            (s) => s.name === name && ancestors(s, inTrace).some((a) => a.spanId === job.spanId),
          );
        const read = child("billing.read");
        const store = child("billing.store");
        return Promise.resolve(read && store ? { job, read, store, inTrace, child } : null);
      },
      (value) => value !== null,
      20_000,
    );
    const { job, read, inTrace, child } = tree!;
    expect(job.attributes["billing.job.kind"]).toBe("INGEST");
    expect(child("billing.allocate")).toBeDefined();
    expect(child("billing.price")).toBeDefined();
    const duckdb = inTrace.find(
      (s) =>
        s.name === "duckdb.query" && ancestors(s, inTrace).some((a) => a.spanId === read.spanId),
    );
    expect(duckdb?.attributes).toMatchObject({
      "db.system": "duckdb",
      "db.operation": "aggregate",
    });
  });

  it("should put no token, password or email in any attribute when every span has arrived", async () => {
    // Credentials written into the document itself, and a token in a URL's query.
    const before = receiver.spans.length;
    await graphqlClient(api.graphqlUrl).gql(
      `mutation InlineLogin { login(email: "${tenant.sysAdminEmail}", password: "${PASSWORD}") { token } }`,
    );
    await fetch(`${api.url}/activate?token=rca_${"x".repeat(40)}`);
    await poll(
      "the spans of the last two requests",
      () => Promise.resolve(receiver.spans.slice(before)),
      (spans) =>
        spans.some((s) => s.attributes["graphql.operation.name"] === "InlineLogin") &&
        spans.filter((s) => s.kind === SERVER_KIND).length >= 2,
      15_000,
    );
    const text = JSON.stringify(receiver.spans);
    for (const secret of [
      tenant.sysAdminToken,
      tenant.sysAdminEmail,
      PASSWORD,
      OPERATOR.email,
      OPERATOR.password,
      "rcs_",
      "rck_",
      "rca_",
      "@example.test",
    ])
      expect(text).not.toContain(secret);
    for (const span of receiver.spans) {
      expect(span.attributes).not.toHaveProperty("client.address");
      expect(span.attributes).not.toHaveProperty("net.peer.ip");
    }
  });
});
