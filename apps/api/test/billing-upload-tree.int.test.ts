// Multi-part months through the upload endpoint: a .tar (or .tar.gz) of a report's S3 prefix
// tree in one request over real HTTP, unpacked and ingested as deliveries the way the drop folder
// ingests the same tree. Unsafe entries (climbing out, absolute, links) are refused whole.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { generateDelivery, type DeliveryOptions } from "@reseller/billing-generator";
import { pack, type Header } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RetentionSweeper } from "../src/modules/billing-limits/retention.js";
import { BillingJobEntity } from "../src/persistence/entities/index.js";
import {
  billingState,
  CUR2_COLUMNS,
  CUR_LEGACY_COLUMNS,
  monthsOf,
  partsTotal,
  startBillingServer,
  storedTotals,
  waitForJob,
  type BillingServer,
  type UploadResponse,
} from "./support/billing.js";
import { createParentTenant, type ParentTenant } from "./support/fixtures.js";

let server: BillingServer;
let work: string;

beforeAll(async () => {
  server = await startBillingServer();
  work = await mkdtemp(join(tmpdir(), "billing-upload-tree-"));
});

afterAll(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

type TarEntry = Pick<Header, "name"> & Partial<Header> & { body?: Buffer };

/** A tar of the given entries, written by tar-stream's packer (as `tar -c` would). */
async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of packer) chunks.push(chunk as Buffer);
  })();
  for (const { body, ...header } of entries) {
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (body === undefined) packer.entry(header, callback);
      else packer.entry(header, body, callback);
    });
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Every file below a folder, named by its path relative to it (the S3 keys). */
async function treeEntries(root: string): Promise<TarEntry[]> {
  const found = await readdir(root, { withFileTypes: true, recursive: true });
  const files = found.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.sort().map(async (path) => ({ name: relative(root, path), body: await readFile(path) })),
  );
}

async function uploadTar(
  tenant: ParentTenant,
  bytes: Buffer,
  fileName: string,
  contentType = "application/octet-stream",
): Promise<UploadResponse> {
  const response = await fetch(
    `${server.url}/billing/uploads?masterPayerAccountId=${tenant.masterPayerAccountId}`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${tenant.sysAdminToken}`,
        "content-type": contentType,
        "x-file-name": fileName,
      },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(8000),
    },
  );
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as UploadResponse["body"] };
}

function jobIds(res: UploadResponse): string[] {
  expect(res.status, res.text).toBe(202);
  expect(res.body?.job).toEqual(res.body?.jobs?.[0]);
  return (res.body?.jobs as { id: string }[]).map((job) => job.id);
}

function options(root: string, overrides: Partial<DeliveryOptions>): DeliveryOptions {
  return {
    root,
    prefix: "cur",
    name: "acme",
    format: "CUR_LEGACY",
    month: "2026-04",
    parts: 3,
    rowsPerPart: 600,
    seed: "upload-tree",
    gzip: true,
    ...overrides,
  };
}

/** What the upload left in storage: nothing of a refused upload may stay. */
async function storedFiles(): Promise<string[]> {
  try {
    const entries = await readdir(server.storageDir, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}

describe("a tar of a report's S3 prefix tree", { timeout: 120_000 }, () => {
  it("should store a multi-part CUR legacy month and a Data Export month from one tar, every part counted", async () => {
    const tenant = await createParentTenant(server, "tree-upload");
    const bucket = join(work, "both");
    const legacy = await generateDelivery(options(bucket, { payer: tenant.payerId }));
    const exported = await generateDelivery(
      options(bucket, {
        payer: tenant.payerId,
        prefix: "billing/exports",
        name: "cur2",
        format: "CUR2",
        month: "2026-05",
        parts: 4,
        rowsPerPart: 500,
      }),
    );
    const tar = await tarOf(await treeEntries(bucket));

    const res = await uploadTar(tenant, tar, "bucket.tar");
    const jobs = await Promise.all(
      jobIds(res).map((id) => waitForJob(server, tenant.sysAdminToken, id)),
    );
    const byMonth = Object.fromEntries(jobs.map((job) => [job.billingPeriod, job]));
    expect(jobs).toHaveLength(2);
    expect(byMonth["2026-04"], byMonth["2026-04"]?.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      source: "UPLOAD",
      fileName: legacy.manifestKey,
      assemblyId: legacy.assemblyId,
      partCount: 3,
      rowsRead: 1800,
    });
    expect(byMonth["2026-05"], byMonth["2026-05"]?.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      source: "UPLOAD",
      fileName: exported.manifestKey,
      assemblyId: exported.assemblyId,
      partCount: 4,
      rowsRead: 2000,
    });

    const legacyTotal = partsTotal(bucket, legacy.partKeys, CUR_LEGACY_COLUMNS);
    const exportTotal = partsTotal(bucket, exported.partKeys, CUR2_COLUMNS);
    expect(legacyTotal.rows).toBe(1800);
    expect(exportTotal.rows).toBe(2000);
    const stored = await storedTotals(server, tenant.masterPayerAccountId);
    expect(stored["2026-04"]).toMatchObject({ unblendedCost: legacyTotal.cost, lineItems: 1800 });
    expect(stored["2026-05"]).toMatchObject({ unblendedCost: exportTotal.cost, lineItems: 2000 });
    const months = await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId);
    expect(months.map((m) => [m.fileName, m.lineItems]).sort()).toEqual(
      [
        [legacy.manifestKey, 1800],
        [exported.manifestKey, 2000],
      ].sort(),
    );
    // The unpacked tree is gone; only the staged deliveries are kept.
    expect((await storedFiles()).filter((f) => f.includes("-tree"))).toEqual([]);
  });

  it("should take a .tar.gz named by its content type and file name, and recognize the same delivery again", async () => {
    const tenant = await createParentTenant(server, "tree-gz");
    const bucket = join(work, "gz");
    const delivery = await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "gz", seed: "gz", parts: 2 }),
    );
    // Only the tree below the prefix, packed by the system's tar as the README shows: the
    // manifest's keys still resolve, and its folder entries are taken in stride.
    const packed = join(work, "gz.tar.gz");
    execFileSync("tar", ["-czf", packed, "-C", join(bucket, "cur"), "."]);
    const tar = await readFile(packed);
    const [id] = jobIds(await uploadTar(tenant, tar, "gz.tar.gz", "application/gzip"));
    const job = await waitForJob(server, tenant.sysAdminToken, id!);
    expect(job, job.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      rowsRead: 1200,
      partCount: 2,
    });
    const expected = partsTotal(bucket, delivery.partKeys, CUR_LEGACY_COLUMNS);
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-04"]).toMatchObject({
      unblendedCost: expected.cost,
      lineItems: 1200,
    });

    // application/x-tar without a telling name: the same delivery is not read again.
    const state = await billingState(server);
    const plain = await tarOf(await treeEntries(join(bucket, "cur")));
    const [again] = jobIds(await uploadTar(tenant, plain, "delivery", "application/x-tar"));
    const repeated = await waitForJob(server, tenant.sysAdminToken, again!);
    expect(repeated.outcome).toMatch(/^unchanged: this delivery was already ingested for 2026-04/);
    expect(await billingState(server)).toEqual(state);
  });

  it("should fail naming the missing part and leave the month as it was", async () => {
    const tenant = await createParentTenant(server, "tree-missing");
    const bucket = join(work, "missing");
    await generateDelivery(options(bucket, { payer: tenant.payerId, name: "miss", seed: "m1" }));
    const [first] = jobIds(
      await uploadTar(tenant, await tarOf(await treeEntries(bucket)), "a.tar"),
    );
    expect(await waitForJob(server, tenant.sysAdminToken, first!)).toMatchObject({
      state: "SUCCEEDED",
    });
    const state = await billingState(server);

    const next = await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "miss", seed: "m2", assembly: 2 }),
    );
    const lost = next.partKeys[1]!;
    const entries = (await treeEntries(bucket)).filter((e) => e.name !== lost);
    const [id] = jobIds(await uploadTar(tenant, await tarOf(entries), "b.tar"));
    const job = await waitForJob(server, tenant.sysAdminToken, id!);
    expect(job).toMatchObject({
      state: "FAILED",
      fileName: next.manifestKey,
      assemblyId: next.assemblyId,
      partCount: 3,
    });
    expect(job.error).toContain(lost);
    expect(job.error).toContain("the month is unchanged");
    expect(job.error).not.toContain(server.storageDir);
    expect(await billingState(server)).toEqual(state);

    // Past the retention period the failed delivery goes, parts and all; the current one stays.
    const folderOf = async (jobId: string) =>
      dirname(
        (
          await server.running.deps.dataSource
            .getRepository(BillingJobEntity)
            .findOneByOrFail({ id: Number(jobId) })
        ).filePath!,
      );
    const [kept, failed] = [await folderOf(first!), await folderOf(id!)];
    expect(await readdir(failed)).toHaveLength(3); // the description and the two parts sent
    await new RetentionSweeper(server.running.deps, 0).sweep();
    await expect(readdir(failed)).rejects.toThrow(/ENOENT/);
    expect(await readdir(kept)).toHaveLength(4);
    expect(await billingState(server)).toEqual(state);
  });
});

describe("an unsafe or unusable tar", { timeout: 120_000 }, () => {
  let tenant: ParentTenant;
  let good: TarEntry[];

  beforeAll(async () => {
    tenant = await createParentTenant(server, "tree-unsafe");
    const bucket = join(work, "unsafe");
    await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "unsafe", parts: 2, rowsPerPart: 50 }),
    );
    good = await treeEntries(bucket);
  });

  const file = (name: string): TarEntry => ({ name, body: Buffer.from("x,y\n1,2\n") });
  const cases: [string, TarEntry, string][] = [
    ["a path climbing out with ../", file("cur/../../escaped.csv"), "TAR_ENTRY_UNSAFE"],
    ["an absolute path", file("/tmp/absolute.csv"), "TAR_ENTRY_UNSAFE"],
    [
      "a symlink",
      { name: "cur/link.csv", type: "symlink", linkname: "/etc/passwd" },
      "TAR_ENTRY_NOT_A_FILE",
    ],
    [
      "a hard link",
      { name: "cur/hard.csv", type: "link", linkname: "cur/acme.csv" },
      "TAR_ENTRY_NOT_A_FILE",
    ],
  ];

  it.each(cases)(
    "should refuse %s with a coded 400 naming the entry, storing nothing",
    async (_what, bad, reason) => {
      const state = await billingState(server);
      const files = await storedFiles();
      // The bad entry sits among a good delivery: the whole upload is refused.
      const tar = await tarOf([...good.slice(0, 1), bad, ...good.slice(1)]);
      const res = await uploadTar(tenant, tar, "bad.tar");
      expect(res.status, res.text).toBe(400);
      expect(res.body?.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "body",
        reason,
        value: bad.name,
      });
      expect(res.body?.errors?.[0]?.message).toContain(JSON.stringify(bad.name));
      expect(await storedFiles()).toEqual(files);
      expect(await billingState(server)).toEqual(state);
    },
  );

  it("should refuse an entry sent twice or a file where a folder must be, naming it", async () => {
    const state = await billingState(server);
    const files = await storedFiles();
    for (const entries of [
      [...good, file("cur/dup.csv"), file("cur/dup.csv")],
      [...good, file("cur/dup.csv"), file("cur/dup.csv/inner.csv")],
    ]) {
      const res = await uploadTar(tenant, await tarOf(entries), "twice.tar");
      expect(res.status, res.text).toBe(400);
      expect(res.body?.errors?.[0]?.extensions).toMatchObject({
        reason: "TAR_ENTRY_CONFLICT",
        value: entries.at(-1)!.name,
      });
    }
    expect(await storedFiles()).toEqual(files);
    expect(await billingState(server)).toEqual(state);
  });

  it("should refuse a body that is not a tar, a cut or empty one, and a tar with no manifest, storing nothing", async () => {
    const state = await billingState(server);
    const files = await storedFiles();
    const garbage = await uploadTar(tenant, Buffer.alloc(4096, 7), "junk.tar");
    expect(garbage.status, garbage.text).toBe(400);
    expect(garbage.body?.errors?.[0]?.extensions).toMatchObject({ reason: "TAR_INVALID" });
    const empty = await uploadTar(tenant, Buffer.alloc(0), "empty.tar");
    expect(empty.status, empty.text).toBe(400);
    expect(empty.body?.errors?.[0]?.extensions).toMatchObject({ reason: "UPLOAD_EMPTY" });
    const whole = await tarOf(good);
    const cut = await uploadTar(tenant, whole.subarray(0, Math.floor(whole.length / 2)), "cut.tar");
    expect(cut.status, cut.text).toBe(400);
    expect(cut.body?.errors?.[0]?.extensions).toMatchObject({ reason: "TAR_INVALID" });
    const partsOnly = good.filter((e) => !e.name.endsWith("-Manifest.json"));
    const bare = await uploadTar(tenant, await tarOf(partsOnly), "parts.tar");
    expect(bare.status, bare.text).toBe(400);
    expect(bare.body?.errors?.[0]?.extensions).toMatchObject({ reason: "TAR_WITHOUT_MANIFEST" });
    expect(await storedFiles()).toEqual(files);
    expect(await billingState(server)).toEqual(state);
  });
});

describe("a tar against the upload limit and the storage quota", { timeout: 120_000 }, () => {
  let limited: BillingServer;
  let tar: Buffer;
  const quotaOf = (size: number) => Math.floor(size * 3.3);

  beforeAll(async () => {
    const bucket = join(work, "quota");
    await generateDelivery(options(bucket, { name: "quota", seed: "quota", rowsPerPart: 300 }));
    tar = await tarOf(await treeEntries(bucket));
    limited = await startBillingServer({
      env: {
        NODE_ENV: "production",
        BILLING_UPLOAD_MAX_BYTES: String(tar.length * 2),
        BILLING_STORAGE_QUOTA_BYTES: String(quotaOf(tar.length)),
      },
      backgroundWork: false,
    });
  });

  afterAll(async () => {
    await limited.stop();
  });

  async function send(tenant: ParentTenant, bytes: Buffer, name: string) {
    const response = await fetch(
      `${limited.url}/billing/uploads?masterPayerAccountId=${tenant.masterPayerAccountId}`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.sysAdminToken}`, "x-file-name": name },
        body: new Uint8Array(bytes),
      },
    );
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as UploadResponse["body"] };
  }

  async function filesIn(dir: string): Promise<{ path: string; size: number }[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    return Promise.all(
      entries
        .filter((e) => e.isFile())
        .map(async (e) => {
          const path = join(e.parentPath, e.name);
          return { path, size: (await readFile(path)).length };
        }),
    );
  }

  it("should refuse a .tar.gz that unpacks past the upload limit with 413, storing nothing", async () => {
    const tenant = await createParentTenant(limited, "tree-bomb");
    // A few KiB on the wire, three times the upload limit once unpacked.
    const bomb = gzipSync(
      await tarOf([{ name: "cur/zeros.csv", body: Buffer.alloc(tar.length * 6) }]),
    );
    expect(bomb.length).toBeLessThan(tar.length);
    const res = await send(tenant, bomb, "bomb.tar.gz");
    expect(res.status, res.text).toBe(413);
    expect(res.body?.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "UPLOAD_TOO_LARGE",
    });
    expect(await filesIn(limited.storageDir)).toEqual([]);
  });

  it("should let exactly the trees that fit the quota in under 10 parallel uploads, counting their stored parts afterwards", async () => {
    const tenant = await createParentTenant(limited, "tree-quota");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(tenant, tar, `tree-${i}.tar`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 202),
      JSON.stringify(statuses),
    ).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 202)) {
      expect(refused.status, refused.text).toBe(413);
      expect(refused.body?.errors?.[0]?.extensions).toMatchObject({
        code: "CONFLICT",
        reason: "STORAGE_QUOTA_EXCEEDED",
      });
    }
    const stored = await filesIn(limited.storageDir);
    expect(stored.filter((f) => f.path.includes("-tree"))).toEqual([]);
    const bytes = stored.reduce((total, f) => total + f.size, 0);
    expect(bytes).toBeLessThanOrEqual(quotaOf(tar.length));
    // The stored deliveries' parts count against the quota, not just their descriptions.
    expect(bytes).toBeGreaterThan(quotaOf(tar.length) - tar.length);
    const later = await send(tenant, tar, "later.tar");
    expect(later.status, later.text).toBe(413);
    expect(later.body?.errors?.[0]?.extensions).toMatchObject({ reason: "STORAGE_QUOTA_EXCEEDED" });
  });
});
