// Multi-part months through the drop folder: S3 trees as AWS writes them (CUR legacy with its
// assemblies, Data Exports CUR 2.0 and FOCUS), copied below BILLING_DROP_DIR/<master payer id>/.
// A month is every part its current manifest names, stored as one replacement; totals reconcile
// to the last decimal with an independent sum over all parts.
import { cp, mkdtemp, readdir, rm, stat, truncate, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDelivery, type DeliveryOptions } from "@reseller/billing-generator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DropFolderWatcher } from "../src/modules/billing/drop-folder.js";
import {
  billingJobs,
  billingState,
  CUR2_COLUMNS,
  CUR_LEGACY_COLUMNS,
  monthsOf,
  partsTotal,
  startBillingServer,
  storedTotals,
  type BillingServer,
  type Job,
} from "./support/billing.js";
import { createParentTenant, type ParentTenant } from "./support/fixtures.js";

let server: BillingServer;
let watcher: DropFolderWatcher;
let work: string;

beforeAll(async () => {
  // Scans and jobs are run by the test, one step at a time.
  server = await startBillingServer({ backgroundWork: false });
  const { deps, services } = server.running;
  watcher = new DropFolderWatcher(deps, services.billingWorker, server.dropDir, server.storageDir);
  work = await mkdtemp(join(tmpdir(), "billing-deliveries-"));
});

afterAll(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

/** Copies a tree into the tenant's drop folder, as delivered a minute ago, and runs it. */
async function deliver(tenant: ParentTenant, tree: string, below = ""): Promise<Job[]> {
  const folder = join(server.dropDir, tenant.masterPayerAccountId, below);
  await cp(tree, folder, { recursive: true });
  await age(join(server.dropDir, tenant.masterPayerAccountId));
  const before = new Set(
    (await billingJobs(server, tenant.sysAdminToken, tenant.parentId)).map((j) => j.id),
  );
  await watcher.scan();
  await server.running.services.billingWorker.drain();
  return (await billingJobs(server, tenant.sysAdminToken, tenant.parentId)).filter(
    (job) => !before.has(job.id),
  );
}

// Past the settling delay for files still being written.
async function age(dir: string): Promise<void> {
  const delivered = new Date(Date.now() - 60_000);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    await utimes(join(entry.parentPath, entry.name), delivered, delivered);
  }
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function options(root: string, overrides: Partial<DeliveryOptions>): DeliveryOptions {
  return {
    root,
    prefix: "cur",
    name: "acme",
    format: "CUR_LEGACY",
    month: "2026-04",
    parts: 3,
    rowsPerPart: 700,
    seed: "deliveries",
    gzip: true,
    ...overrides,
  };
}

describe("CUR legacy deliveries in the drop folder", { timeout: 120_000 }, () => {
  it("should store all parts of the assembly as one month, skip it when seen again, and replace it with a new assembly", async () => {
    const tenant = await createParentTenant(server, "legacy-delivery");
    const bucket = join(work, "legacy");
    const first = await generateDelivery(options(bucket, { payer: tenant.payerId }));

    const [job, ...others] = await deliver(tenant, bucket);
    expect(others).toEqual([]);
    expect(job, job?.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      source: "DROP_FOLDER",
      fileName: first.manifestKey,
      billingPeriod: "2026-04",
      rowsRead: 2100,
      assemblyId: first.assemblyId,
      partCount: 3,
    });
    expect(job?.outcome).toContain(`delivery ${first.assemblyId}, 3 parts`);
    const expected = partsTotal(bucket, first.partKeys, CUR_LEGACY_COLUMNS);
    expect(expected.rows).toBe(2100);
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-04"]).toMatchObject({
      unblendedCost: expected.cost,
      lineItems: 2100,
    });
    expect(expected.cost).toBe(first.unblendedCost);
    const [month] = await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId);
    expect(month).toMatchObject({ lineItems: 2100, fileName: first.manifestKey });
    // The manifest and its parts left the drop folder.
    expect(await filesBelow(join(server.dropDir, tenant.masterPayerAccountId))).toEqual([]);

    // The same delivery again: recognized by its parts' hashes, nothing changes.
    const state = await billingState(server);
    const [again] = await deliver(tenant, bucket);
    expect(again, again?.error ?? "").toMatchObject({ state: "SUCCEEDED", rowsRead: 2100 });
    expect(again?.outcome).toMatch(/^unchanged: this delivery was already ingested for 2026-04/);
    expect(await billingState(server)).toEqual(state);

    // A new assembly: the tree now holds both assemblies' folders; only the manifest's count.
    const second = await generateDelivery(
      options(bucket, { payer: tenant.payerId, assembly: 2, parts: 2, rowsPerPart: 900 }),
    );
    expect(await filesBelow(bucket)).toHaveLength(6);
    const [replaced] = await deliver(tenant, bucket);
    expect(replaced, replaced?.error ?? "").toMatchObject({ state: "SUCCEEDED", rowsRead: 1800 });
    expect(replaced?.outcome).toContain(`delivery ${second.assemblyId}, 2 parts`);
    const newer = partsTotal(bucket, second.partKeys, CUR_LEGACY_COLUMNS);
    expect(newer.cost).not.toBe(expected.cost);
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-04"]).toMatchObject({
      unblendedCost: newer.cost,
      lineItems: 1800,
    });
  });

  it("should fail naming the key and keep the month when a part the manifest names is missing or truncated", async () => {
    const tenant = await createParentTenant(server, "broken-delivery");
    const bucket = join(work, "broken");
    const good = await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "broken", seed: "broken" }),
    );
    await deliver(tenant, bucket);
    const state = await billingState(server);

    const next = await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "broken", seed: "broken", assembly: 2 }),
    );
    const [, lost, cut] = next.partKeys as [string, string, string];
    await rm(join(bucket, lost));
    const size = (await stat(join(bucket, cut))).size;
    await truncate(join(bucket, cut), Math.floor(size / 2));
    const [missing] = await deliver(tenant, bucket);
    expect(missing).toMatchObject({
      state: "FAILED",
      fileName: next.manifestKey,
      assemblyId: next.assemblyId,
      partCount: 3,
    });
    expect(missing?.error).toContain(lost);
    expect(missing?.error).toContain("the month is unchanged");
    expect(missing?.error).not.toContain(server.storageDir);
    expect(await billingState(server)).toEqual(state);

    // The lost part turns up: now the cut one fails the job, named by its key.
    await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "broken", seed: "broken", assembly: 2 }),
    );
    await truncate(join(bucket, cut), Math.floor(size / 2));
    const [truncated] = await deliver(tenant, bucket);
    expect(truncated).toMatchObject({ state: "FAILED" });
    expect(truncated?.error).toContain(cut);
    expect(truncated?.error).toMatch(/truncated/);
    expect(truncated?.error).not.toContain(server.storageDir);
    expect(await billingState(server)).toEqual(state);
    expect(good.assemblyId).not.toBe(next.assemblyId);
  });

  it("should fail naming the manifest when it is not valid JSON", async () => {
    const tenant = await createParentTenant(server, "bad-manifest");
    const bucket = join(work, "bad-manifest");
    const delivery = await generateDelivery(
      options(bucket, { payer: tenant.payerId, name: "bad", parts: 1, rowsPerPart: 10 }),
    );
    await writeFile(join(bucket, delivery.manifestKey), "{ not json");
    const state = await billingState(server);
    const [job] = await deliver(tenant, bucket);
    expect(job).toMatchObject({ state: "FAILED", fileName: delivery.manifestKey });
    expect(job?.error).toContain(`${delivery.manifestKey}: not valid JSON`);
    expect(await billingState(server)).toEqual(state);
  });
});

describe("Data Export deliveries in the drop folder", { timeout: 120_000 }, () => {
  it("should store a CUR 2.0 export's parts as one month when the folder holds the tree below the prefix", async () => {
    const tenant = await createParentTenant(server, "cur2-delivery");
    const bucket = join(work, "cur2");
    const delivery = await generateDelivery(
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
    // Only what lies below the prefix is copied: the manifest's keys still resolve.
    const [job] = await deliver(tenant, join(bucket, "billing", "exports"));
    expect(job, job?.error ?? "").toMatchObject({
      state: "SUCCEEDED",
      rowsRead: 2000,
      fileName: "cur2/metadata/BILLING_PERIOD=2026-05/cur2-Manifest.json",
    });
    expect(job?.outcome).toContain(`(CUR2); delivery ${delivery.assemblyId}, 4 parts`);
    const expected = partsTotal(bucket, delivery.partKeys, CUR2_COLUMNS);
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-05"]).toMatchObject({
      unblendedCost: expected.cost,
      lineItems: 2000,
    });
  });

  it("should store a FOCUS export in Parquet parts as one month", async () => {
    const tenant = await createParentTenant(server, "focus-delivery");
    const bucket = join(work, "focus");
    const delivery = await generateDelivery(
      options(bucket, {
        payer: tenant.payerId,
        prefix: "",
        name: "focus",
        format: "FOCUS",
        month: "2026-06",
        parts: 3,
        rowsPerPart: 400,
        gzip: false,
        parquet: true,
      }),
    );
    const [job] = await deliver(tenant, bucket);
    expect(job, job?.error ?? "").toMatchObject({ state: "SUCCEEDED", rowsRead: 1200 });
    expect(job?.outcome).toContain(`(FOCUS); delivery ${delivery.assemblyId}, 3 parts`);
    // Parquet parts: the generator's exact sums of what it wrote are the oracle.
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2026-06"]).toMatchObject({
      unblendedCost: delivery.unblendedCost,
      listCost: delivery.listCost,
      lineItems: 1200,
    });
  });
});
