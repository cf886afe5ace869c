// Invoice numbering across processes: two real API processes on one PostgreSQL database issue
// the same month 20 times at once. Numbers are unique and gapless per Parent, every call answers
// what it issued (or CONFLICT), never an internal error.
//
//   bash tooling/scripts/with-postgres.sh pnpm --filter @reseller/api exec vitest run --project postgres test/invoices.pg.test.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  curLegacyCsv,
  curMonthLines,
  settleJobs,
  uploadReport,
  waitForJob,
} from "./support/billing.js";
import {
  type ApiClient,
  type ParentTenant,
  awsId,
  createChild,
  createLink,
  createParentTenant,
  expectData,
} from "./support/fixtures.js";
import { OPERATOR, type TestServer } from "./support/harness.js";
import {
  ISSUE,
  PARTNER_INVOICES,
  download,
  onServer,
  type InvoiceView,
} from "./support/invoices.js";
import { startPgCluster, type PgCluster } from "./support/pg-cluster.js";
import {
  type ApiProcess,
  assertApiBuilt,
  graphqlClient,
  startApiProcess,
} from "./support/processes.js";

const MONTH = "2024-06";
const CHILDREN = 6;

describe("invoices on PostgreSQL with two API processes", () => {
  let cluster: PgCluster;
  let dir: string;
  let apiA: ApiProcess;
  let apiB: ApiProcess;
  let a: ApiClient;
  let b: ApiClient;
  let tenant: ParentTenant;

  beforeAll(async () => {
    assertApiBuilt();
    dir = mkdtempSync(join(tmpdir(), "reseller-invoices-pg-"));
    cluster = await startPgCluster();
    const databaseUrl = await cluster.createDatabase("invoices");
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
    // One after the other: the first runs the migrations and creates the operator.
    apiA = await startApi("a");
    apiB = await startApi("b");
    a = graphqlClient(apiA.graphqlUrl);
    b = graphqlClient(apiB.graphqlUrl);
    tenant = await createParentTenant(a, "inv-pg");
    const lines = [];
    for (let i = 0; i < CHILDREN; i += 1) {
      const child = await createChild(a, tenant.sysAdminToken, {
        name: `Inv PG ${i}`,
        parentId: tenant.parentId,
      });
      const payee = awsId();
      await createLink(a, tenant, child.id, [payee]);
      lines.push(...curMonthLines(tenant.payerId, payee, MONTH, `${100 + i}.25`));
    }
    // upload, waitForJob and settleJobs read only the server's url and gql.
    const onA = { ...a, url: apiA.url } as TestServer;
    const job = await uploadReport(
      onA,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      curLegacyCsv(lines),
      "june.csv",
    );
    expect((await waitForJob(onA, tenant.sysAdminToken, job)).state).toBe("SUCCEEDED");
    await settleJobs(onA, tenant.sysAdminToken, tenant.parentId);
  }, 120_000);

  afterAll(async () => {
    await apiA?.stop(2000);
    await apiB?.stop(2000);
    await cluster?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("should issue each Child's invoice once, numbered 1..n without a gap, when 20 calls race over both processes", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).gql<{ issueInvoices: InvoiceView[] }>(
          ISSUE,
          { p: tenant.parentId, period: MONTH },
          tenant.sysAdminToken,
        ),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      for (const error of answer.body.errors ?? []) expect(error.extensions?.code).toBe("CONFLICT");
    }
    const issued = answers.flatMap((answer) => answer.body.data?.issueInvoices ?? []);
    expect(issued).toHaveLength(CHILDREN);
    expect(new Set(issued.map((i) => i.partner.id)).size).toBe(CHILDREN);
    const all = expectData(
      await b.gql<{ partner: { invoices: { totalCount: number; nodes: InvoiceView[] } } }>(
        PARTNER_INVOICES,
        { id: tenant.parentId, first: 100 },
        tenant.sysAdminToken,
      ),
    ).partner.invoices;
    expect(all.totalCount).toBe(CHILDREN);
    const sequences = all.nodes
      .map((i) => Number(/(\d+)$/.exec(i.number)![1]))
      .sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: CHILDREN }, (_, i) => i + 1));
    expect(issued.map((i) => i.number).sort()).toEqual(all.nodes.map((i) => i.number).sort());

    // Either process renders the same PDF bytes.
    const invoice = issued[0]!;
    const fromA = await download(onServer(apiA.url, invoice.pdfUrl), tenant.sysAdminToken);
    const fromB = await download(onServer(apiB.url, invoice.pdfUrl), tenant.sysAdminToken);
    expect(fromA.status).toBe(200);
    expect(fromA.bytes.equals(fromB.bytes)).toBe(true);

    // Racing again finds nothing left to issue.
    const again = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 === 0 ? a : b).gql<{ issueInvoices: InvoiceView[] }>(
          ISSUE,
          { p: tenant.parentId, period: MONTH },
          tenant.sysAdminToken,
        ),
      ),
    );
    expect(again.map((answer) => answer.body.data?.issueInvoices)).toEqual([[], [], [], []]);
  });
});
