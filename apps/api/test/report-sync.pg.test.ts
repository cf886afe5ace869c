// The report source schedule with two API processes on one PostgreSQL database: each source is
// checked by one process per REPORT_SYNC_INTERVAL (a database lease), so a delivery becomes
// exactly one ingest job, however many processes look at the bucket.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDelivery } from "@reseller/billing-generator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_FIELDS, poll, type Job } from "./support/billing.js";
import { createParentTenant, expectData, type ParentTenant } from "./support/fixtures.js";
import { OPERATOR } from "./support/harness.js";
import { startPgCluster, type PgCluster } from "./support/pg-cluster.js";
import {
  assertApiBuilt,
  graphqlClient,
  startApiProcess,
  type ApiProcess,
} from "./support/processes.js";
import { S3RVER_CREDENTIALS, startFakeS3, type FakeS3 } from "./support/s3.js";

const BUCKET = "shared-billing";
const INTERVAL_S = 2;

describe("the report source schedule on PostgreSQL with two API processes", () => {
  let cluster: PgCluster;
  let s3: FakeS3;
  let dir: string;
  const apis: ApiProcess[] = [];
  let tenant: ParentTenant;

  beforeAll(async () => {
    assertApiBuilt();
    dir = mkdtempSync(join(tmpdir(), "reseller-report-sync-"));
    s3 = await startFakeS3([BUCKET]);
    cluster = await startPgCluster();
    const databaseUrl = await cluster.createDatabase("report_sync");
    for (const name of ["a", "b"]) {
      // One after the other: the first runs the migrations and creates the operator.
      apis.push(
        await startApiProcess({
          env: {
            DATABASE_URL: databaseUrl,
            OPERATOR_EMAIL: OPERATOR.email,
            OPERATOR_PASSWORD: OPERATOR.password,
            MAIL_OUTBOX_DIR: join(dir, name, "outbox"),
            BILLING_DROP_DIR: join(dir, name, "drop"),
            BILLING_STORAGE_DIR: join(dir, name, "billing"),
            REPORT_SYNC_INTERVAL: `${INTERVAL_S}s`,
            AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
            AWS_CONFIG_FILE: "/nonexistent/aws-config",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
            AWS_EC2_METADATA_DISABLED: "true",
          },
        }),
      );
    }
    tenant = await createParentTenant(graphqlClient(apis[0]!.graphqlUrl), "schedule");
  }, 120_000);

  afterAll(async () => {
    for (const api of apis) await api.stop(2000);
    await cluster?.destroy();
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const checks = () =>
    apis.map((api) => api.output().split("\n").filter((l) => l.includes("report source checked")).length);

  async function s3Jobs(api: ApiProcess): Promise<Job[]> {
    const jobs = expectData(
      await graphqlClient(api.graphqlUrl).gql<{ billingJobs: Job[] }>(
        `query($p: ID!) { billingJobs(parentPartnerId: $p, first: 100) { ${JOB_FIELDS} } }`,
        { p: tenant.parentId },
        tenant.sysAdminToken,
      ),
    ).billingJobs;
    return jobs.filter((job) => job.source === "S3");
  }

  it("should turn each delivery into exactly one job and check the source once per interval across both processes", { timeout: 120_000 }, async () => {
    const tree = join(dir, "bucket");
    const first = await generateDelivery({
      root: tree,
      prefix: "cur",
      name: "shared",
      format: "CUR_LEGACY",
      month: "2026-10",
      parts: 2,
      rowsPerPart: 300,
      payer: tenant.payerId,
      seed: "schedule",
      gzip: true,
      bucket: BUCKET,
    });
    await s3.putTree(BUCKET, tree);
    // Saved through process B; both processes' schedules see it.
    expectData(
      await graphqlClient(apis[1]!.graphqlUrl).gql(
        `mutation($input: ReportSourceInput!) { saveReportSource(input: $input) { id } }`,
        {
          input: {
            masterPayerAccountId: tenant.masterPayerAccountId,
            bucket: BUCKET,
            prefix: "cur",
            region: "us-east-1",
            endpoint: s3.endpoint,
          },
        },
        tenant.sysAdminToken,
      ),
    );
    const [job] = await poll(
      "the scheduled check's job",
      () => s3Jobs(apis[0]!),
      (jobs) => jobs.some((j) => j.state === "SUCCEEDED" || j.state === "FAILED"),
    );
    expect(job, job?.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      assemblyId: first.assemblyId,
      rowsRead: 600,
    });

    // Several intervals with both schedules running: more checks, never a second job.
    const before = checks();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_S * 1000));
    const elapsed = (Date.now() - started) / 1000;
    const during = checks().reduce((total, n, i) => total + n - (before[i] ?? 0), 0);
    expect(during).toBeGreaterThanOrEqual(2);
    expect(during).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_S) + 1);
    expect(await s3Jobs(apis[1]!)).toHaveLength(1);

    // A new assembly: one more job, from whichever process checks first.
    const second = await generateDelivery({
      root: tree,
      prefix: "cur",
      name: "shared",
      format: "CUR_LEGACY",
      month: "2026-10",
      parts: 3,
      rowsPerPart: 200,
      payer: tenant.payerId,
      seed: "schedule",
      gzip: true,
      bucket: BUCKET,
      assembly: 2,
    });
    await s3.putTree(BUCKET, tree);
    const jobs = await poll(
      "the new assembly's job",
      () => s3Jobs(apis[1]!),
      (list) => list.some((j) => j.assemblyId === second.assemblyId && j.state === "SUCCEEDED"),
    );
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_S * 1000));
    expect((await s3Jobs(apis[0]!)).map((j) => j.assemblyId).sort()).toEqual(
      [first.assemblyId, second.assemblyId].sort(),
    );
    expect(jobs.find((j) => j.assemblyId === second.assemblyId)).toMatchObject({ rowsRead: 600 });
  });
});
