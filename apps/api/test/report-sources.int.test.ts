// S3 report sources against a real S3-compatible server (s3rver) on loopback: the bucket is
// filled as AWS fills it (CUR legacy assemblies, CUR 2.0 and FOCUS Data Exports), and
// syncReportSource turns each new delivery into one ingest job. Also: nothing new, a new
// assembly, a missing part, a wrong bucket, bad credentials, another tenant, bad input, and
// concurrent checks and saves.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDelivery, type DeliveryOptions } from "@reseller/billing-generator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ReportSourceEntity } from "../src/persistence/entities/index.js";
import {
  billingState,
  CUR2_COLUMNS,
  CUR_LEGACY_COLUMNS,
  JOB_FIELDS,
  sourceTotals,
  startBillingServer,
  storedTotals,
  sum,
  waitForJob,
  type BillingServer,
  type Job,
  type SourceColumns,
} from "./support/billing.js";
import {
  createParentTenant,
  databaseState,
  errorOf,
  expectData,
  type ParentTenant,
} from "./support/fixtures.js";
import { S3RVER_CREDENTIALS, startFakeS3, type FakeS3 } from "./support/s3.js";

const BUCKET = "acme-billing";
const SOURCE_FIELDS =
  "id bucket prefix region endpoint roleArn externalId enabled lastCheckedAt lastError masterPayerAccount { id }";

interface Source {
  id: string;
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | null;
  roleArn: string | null;
  externalId: string | null;
  enabled: boolean;
  lastCheckedAt: string | null;
  lastError: string | null;
  masterPayerAccount: { id: string };
}

let server: BillingServer;
let s3: FakeS3;
let work: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // The server reads the bucket with the default credential chain: the environment, here.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  s3 = await startFakeS3([BUCKET, "other-billing"]);
  // Jobs are run by the test, one step at a time; the schedule is tested with two processes.
  server = await startBillingServer({ backgroundWork: false });
  work = await mkdtemp(join(tmpdir(), "report-sources-"));
});

afterEach(() => {
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
});

afterAll(async () => {
  await server?.stop();
  await s3?.stop();
  await rm(work, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

async function saveSource(
  tenant: ParentTenant,
  input: Partial<Record<string, unknown>>,
): Promise<Source> {
  return expectData(
    await server.gql<{ saveReportSource: Source }>(
      `mutation($input: ReportSourceInput!) { saveReportSource(input: $input) { ${SOURCE_FIELDS} } }`,
      {
        input: {
          masterPayerAccountId: tenant.masterPayerAccountId,
          bucket: BUCKET,
          prefix: "",
          region: "us-east-1",
          endpoint: s3.endpoint,
          ...input,
        },
      },
      tenant.sysAdminToken,
    ),
  ).saveReportSource;
}

async function sourcesOf(tenant: ParentTenant): Promise<Source[]> {
  return expectData(
    await server.gql<{ reportSources: Source[] }>(
      `query($p: ID!) { reportSources(parentPartnerId: $p) { ${SOURCE_FIELDS} } }`,
      { p: tenant.parentId },
      tenant.sysAdminToken,
    ),
  ).reportSources;
}

function syncRequest(token: string, id: string) {
  return server.gql<{ syncReportSource: Job[] }>(
    `mutation($id: ID!) { syncReportSource(id: $id) { ${JOB_FIELDS} } }`,
    { id },
    token,
  );
}

/** Checks the source now, runs the jobs it queued, and answers them as they ended. */
async function sync(tenant: ParentTenant, id: string): Promise<{ queued: Job[]; done: Job[] }> {
  const queued = expectData(await syncRequest(tenant.sysAdminToken, id)).syncReportSource;
  await server.running.services.billingWorker.drain();
  const done = [];
  for (const job of queued) done.push(await waitForJob(server, tenant.sysAdminToken, job.id));
  return { queued, done };
}

function deliveryOptions(root: string, overrides: Partial<DeliveryOptions>): DeliveryOptions {
  return {
    root,
    prefix: "cur",
    name: "acme",
    format: "CUR_LEGACY",
    month: "2026-07",
    parts: 3,
    rowsPerPart: 600,
    seed: "s3",
    gzip: true,
    bucket: BUCKET,
    ...overrides,
  };
}

/** Every part's cost column summed with csv-parse and decimal.js, not the collector's DuckDB. */
function partsTotal(root: string, keys: readonly string[], columns: SourceColumns): string {
  return sum(
    ...keys.flatMap((key) =>
      Object.values(sourceTotals(join(root, key), columns).byPeriod).map((p) => p.cost),
    ),
  );
}

describe("report sources on an S3-compatible server", { timeout: 120_000 }, () => {
  it("should ingest a multi-part CUR legacy month, find nothing new on a second check, and replace the month with a new assembly", async () => {
    const tenant = await createParentTenant(server, "s3-legacy");
    const tree = join(work, "legacy");
    const first = await generateDelivery(deliveryOptions(tree, { payer: tenant.payerId }));
    await s3.putTree(BUCKET, tree);
    const source = await saveSource(tenant, { prefix: "cur" });
    expect(source).toMatchObject({
      bucket: BUCKET,
      prefix: "cur",
      endpoint: s3.endpoint,
      enabled: true,
      lastCheckedAt: null,
      lastError: null,
      masterPayerAccount: { id: tenant.masterPayerAccountId },
    });

    const { queued, done } = await sync(tenant, source.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      source: "S3",
      state: "QUEUED",
      fileName: first.manifestKey,
      billingPeriod: "2026-07",
      assemblyId: first.assemblyId,
      partCount: 3,
    });
    expect(done[0], done[0]?.error ?? "").toMatchObject({ state: "SUCCEEDED", rowsRead: 1800 });
    const expected = partsTotal(tree, first.partKeys, CUR_LEGACY_COLUMNS);
    expect(expected).toBe(first.unblendedCost);
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-07"]).toMatchObject({
      unblendedCost: expected,
      lineItems: 1800,
    });
    const [checked] = await sourcesOf(tenant);
    expect(checked?.lastError).toBeNull();
    expect(checked?.lastCheckedAt).not.toBeNull();

    // Nothing new: no job, and the check is recorded.
    const state = await billingState(server);
    const again = await sync(tenant, source.id);
    expect(again.queued).toEqual([]);
    expect(await billingState(server)).toEqual(state);
    const [rechecked] = await sourcesOf(tenant);
    expect(Date.parse(rechecked!.lastCheckedAt!)).toBeGreaterThanOrEqual(
      Date.parse(checked!.lastCheckedAt!),
    );

    // A new assembly: the old assembly's parts stay in the bucket and are not read.
    const second = await generateDelivery(
      deliveryOptions(tree, { payer: tenant.payerId, assembly: 2, parts: 2, rowsPerPart: 800 }),
    );
    await s3.putTree(BUCKET, tree);
    const replaced = await sync(tenant, source.id);
    expect(replaced.queued).toHaveLength(1);
    expect(replaced.done[0]).toMatchObject({
      state: "SUCCEEDED",
      rowsRead: 1600,
      assemblyId: second.assemblyId,
      partCount: 2,
    });
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-07"]).toMatchObject({
      unblendedCost: partsTotal(tree, second.partKeys, CUR_LEGACY_COLUMNS),
      lineItems: 1600,
    });
  });

  it("should ingest a CUR 2.0 export and a FOCUS export in Parquet, each month as one job", async () => {
    const tenant = await createParentTenant(server, "s3-exports");
    const tree = join(work, "exports");
    const cur2 = await generateDelivery(
      deliveryOptions(tree, {
        payer: tenant.payerId,
        prefix: "exports",
        name: "cur2",
        format: "CUR2",
        month: "2026-08",
        parts: 2,
        rowsPerPart: 700,
      }),
    );
    const focus = await generateDelivery(
      deliveryOptions(tree, {
        payer: tenant.payerId,
        prefix: "exports",
        name: "focus",
        format: "FOCUS",
        month: "2026-09",
        parts: 3,
        rowsPerPart: 300,
        gzip: false,
        parquet: true,
      }),
    );
    await s3.putTree(BUCKET, tree);
    const source = await saveSource(tenant, { prefix: "exports/" });
    expect(source.prefix).toBe("exports");
    const { queued, done } = await sync(tenant, source.id);
    expect(queued.map((job) => job.fileName).sort()).toEqual(
      [cur2.manifestKey, focus.manifestKey].sort(),
    );
    for (const job of done) expect(job, job.error ?? "").toMatchObject({ state: "SUCCEEDED" });
    const totals = await storedTotals(server, tenant.masterPayerAccountId);
    expect(totals["2026-08"]).toMatchObject({
      unblendedCost: partsTotal(tree, cur2.partKeys, CUR2_COLUMNS),
      lineItems: 1400,
    });
    // Parquet parts: the generator's exact sums of what it wrote are the oracle.
    expect(totals["2026-09"]).toMatchObject({
      unblendedCost: focus.unblendedCost,
      listCost: focus.listCost,
      lineItems: 900,
    });
  });

  it("should fail the month's job naming a missing part, keep the month, and say so in lastError", async () => {
    const tenant = await createParentTenant(server, "s3-missing");
    const tree = join(work, "missing");
    const options = deliveryOptions(tree, { payer: tenant.payerId, prefix: "missing", seed: "m" });
    await generateDelivery(options);
    await s3.putTree(BUCKET, tree);
    const source = await saveSource(tenant, { prefix: "missing" });
    await sync(tenant, source.id);
    const state = await billingState(server);

    const next = await generateDelivery({ ...options, assembly: 2 });
    await s3.putTree(BUCKET, tree);
    const lost = next.partKeys[1]!;
    await s3.remove(BUCKET, lost);
    const { done } = await sync(tenant, source.id);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ state: "FAILED", fileName: next.manifestKey, partCount: 3 });
    expect(done[0]?.error).toContain(lost);
    expect(done[0]?.error).toContain("the month is unchanged");
    expect(await billingState(server)).toEqual(state);
    const [checked] = await sourcesOf(tenant);
    expect(checked?.lastError).toContain(`A part is missing: ${next.manifestKey} names ${lost}`);

    // The part arrives: the delivery changed, so it is read, and the good check clears lastError.
    await s3.putTree(BUCKET, tree);
    const fixed = await sync(tenant, source.id);
    expect(fixed.done[0], fixed.done[0]?.error ?? "").toMatchObject({ state: "SUCCEEDED" });
    expect((await sourcesOf(tenant))[0]?.lastError).toBeNull();
  });

  it("should record a wrong bucket and refused credentials as lastError in words, without secrets", async () => {
    const tenant = await createParentTenant(server, "s3-errors");
    const wrong = await saveSource(tenant, { bucket: "no-such-bucket", prefix: "cur" });
    const { queued } = await sync(tenant, wrong.id);
    expect(queued).toEqual([]);
    const [noBucket] = await sourcesOf(tenant);
    expect(noBucket?.lastError).toMatch(/^No such bucket: "no-such-bucket" does not exist at /);
    expect(noBucket?.lastCheckedAt).not.toBeNull();

    const right = await saveSource(tenant, { bucket: "other-billing", prefix: "cur" });
    expect(right.id).toBe(wrong.id);
    expect(right.lastError).toBeNull();
    process.env.AWS_ACCESS_KEY_ID = "AKIAWRONGWRONGWRONG1";
    process.env.AWS_SECRET_ACCESS_KEY = "wrong-secret-never-shown";
    await sync(tenant, right.id);
    const [refused] = await sourcesOf(tenant);
    expect(refused?.lastError).toMatch(/^The AWS credentials were refused \(InvalidAccessKeyId\)/);
    expect(JSON.stringify(refused)).not.toContain("wrong-secret-never-shown");
    expect(JSON.stringify(refused)).not.toContain("AKIAWRONGWRONGWRONG1");

    // Good credentials, an empty prefix: a hint, no job.
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    expect((await sync(tenant, right.id)).queued).toEqual([]);
    expect((await sourcesOf(tenant))[0]?.lastError).toMatch(/^Nothing under s3:\/\/other-billing\/cur\/ yet/);
  });

  it("should answer another tenant as it answers an unknown id, and change nothing", async () => {
    const owner = await createParentTenant(server, "s3-owner");
    const other = await createParentTenant(server, "s3-other");
    const source = await saveSource(owner, { prefix: "owner" });
    const before = await databaseState(server);
    const unknown = "999999";
    for (const [query, variables] of [
      [`mutation($id: ID!) { deleteReportSource(id: $id) }`, (id: string) => ({ id })],
      [`mutation($id: ID!) { syncReportSource(id: $id) { id } }`, (id: string) => ({ id })],
    ] as const) {
      const foreign = errorOf(await server.gql(query, variables(source.id), other.sysAdminToken));
      const missing = errorOf(await server.gql(query, variables(unknown), other.sysAdminToken));
      expect(foreign).toEqual({ ...missing, value: source.id });
      expect(foreign.code).toBe("NOT_FOUND");
    }
    const listed = errorOf(
      await server.gql(
        `query($p: ID!) { reportSources(parentPartnerId: $p) { id } }`,
        { p: owner.parentId },
        other.sysAdminToken,
      ),
    );
    expect(listed).toMatchObject({ code: "NOT_FOUND", field: "parentPartnerId" });
    const saved = errorOf(
      await server.gql(
        `mutation($input: ReportSourceInput!) { saveReportSource(input: $input) { id } }`,
        {
          input: {
            masterPayerAccountId: owner.masterPayerAccountId,
            bucket: BUCKET,
            prefix: "stolen",
            region: "us-east-1",
          },
        },
        other.sysAdminToken,
      ),
    );
    expect(saved).toMatchObject({ code: "NOT_FOUND", field: "input.masterPayerAccountId" });
    expect(await sourcesOf(other)).toEqual([]);
    expect(await databaseState(server)).toEqual(before);
  });

  it("should refuse bad input with a code naming the field and value, and change nothing", async () => {
    const tenant = await createParentTenant(server, "s3-input");
    const before = await databaseState(server);
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ bucket: "Not_A_Bucket" }, "bucket", "Not_A_Bucket"],
      [{ prefix: "a/../b" }, "prefix", "a/../b"],
      [{ region: "mars" + "-".repeat(40) }, "region", "mars" + "-".repeat(36)],
      [{ endpoint: "ftp://files.example" }, "endpoint", "ftp://files.example"],
      [{ endpoint: "http://user:secret@minio.local" }, "endpoint", "http://***@minio.local"],
      [{ roleArn: "arn:aws:iam::12:role/x" }, "roleArn", "arn:aws:iam::12:role/x"],
      [{ externalId: "lonely" }, "externalId", null],
    ];
    for (const [input, field, value] of cases) {
      const res = await server.gql(
        `mutation($input: ReportSourceInput!) { saveReportSource(input: $input) { id } }`,
        {
          input: {
            masterPayerAccountId: tenant.masterPayerAccountId,
            bucket: BUCKET,
            prefix: "",
            region: "us-east-1",
            ...input,
          },
        },
        tenant.sysAdminToken,
      );
      expect(errorOf(res), JSON.stringify(input)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: `input.${field}`,
        value,
      });
      expect(JSON.stringify(res.body)).not.toContain("secret@");
    }
    expect(await databaseState(server)).toEqual(before);
  });

  it("should queue one job when 12 checks of the same new delivery run at once, and keep one source when 12 saves race", async () => {
    const tenant = await createParentTenant(server, "s3-race");
    const saves = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.gql<{ saveReportSource: { id: string } }>(
          `mutation($input: ReportSourceInput!) { saveReportSource(input: $input) { id prefix } }`,
          {
            input: {
              masterPayerAccountId: tenant.masterPayerAccountId,
              bucket: BUCKET,
              prefix: i % 2 === 0 ? "race" : "race/",
              region: "us-east-1",
              endpoint: s3.endpoint,
            },
          },
          tenant.sysAdminToken,
        ),
      ),
    );
    const ids = new Set(saves.map((res) => expectData(res).saveReportSource.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(
      await server.running.deps.dataSource
        .getRepository(ReportSourceEntity)
        .countBy({ masterPayerAccountId: Number(tenant.masterPayerAccountId) }),
    ).toBe(1);

    const tree = join(work, "race");
    await generateDelivery(
      deliveryOptions(tree, { payer: tenant.payerId, prefix: "race", parts: 2, rowsPerPart: 50 }),
    );
    await s3.putTree(BUCKET, tree);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => syncRequest(tenant.sysAdminToken, id)),
    );
    const jobs = answers.flatMap((res) => res.body.data?.syncReportSource ?? []);
    expect(jobs).toHaveLength(1);
    for (const res of answers.filter((r) => r.body.errors))
      expect(errorOf(res)).toMatchObject({ code: "CONFLICT", reason: "CHECK_IN_PROGRESS" });
    // And after they all ended, the delivery is known: nothing more to queue.
    expect(expectData(await syncRequest(tenant.sysAdminToken, id)).syncReportSource).toEqual([]);
    await server.running.services.billingWorker.drain();
  });
});
