// The two other ways reports arrive: the drop folder (BILLING_DROP_DIR/<master payer account
// id>/, the stand-in for the S3 bucket AWS delivers to) and the `collect` CLI.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateCostReport, type GenerateResult } from "@reseller/billing-generator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  billedOf,
  billingJobs,
  billsOf,
  monthsOf,
  poll,
  sourceCost,
  sourceRecords,
  curLegacyCsv,
  startBillingServer,
  storedTotals,
  uploadReport,
  type BillingServer,
  sum,
  waitForJob,
} from "./support/billing.js";
import {
  HEARTBEAT_MS,
  MAX_ATTEMPTS,
  ORPHANED_AFTER_MS,
} from "../src/modules/billing/billing-worker.js";
import { BillingJobEntity } from "../src/persistence/entities/index.js";
import { PASSWORD, createChild, createLink, createParentTenant } from "./support/fixtures.js";

const PASS_THROUGH = new Set(["Tax", "Credit", "Refund"]);

/** What a Child linked to `payees` is billed, and owes in all, from the CSV itself. */
function expectedBill(
  path: string,
  columns: { account: string; type: string; cost: string },
  payees: readonly string[],
) {
  const rows = sourceRecords(path).filter((r) => payees.includes(r[columns.account] ?? ""));
  const costs = (keep: (type: string) => boolean) =>
    rows.filter((r) => keep(r[columns.type] ?? "")).map((r) => sourceCost(r[columns.cost]));
  return {
    rows: rows.length,
    billed: sum(...costs((type) => !PASS_THROUGH.has(type))),
    total: sum(...costs(() => true)),
  };
}

const CUR_LEGACY = {
  account: "lineItem/UsageAccountId",
  type: "lineItem/LineItemType",
  cost: "lineItem/UnblendedCost",
};
const CUR2 = {
  account: "line_item_usage_account_id",
  type: "line_item_line_item_type",
  cost: "line_item_unblended_cost",
};

// Each test starts processes or waits for a folder scan: more room than the default 60 s.
describe("reports from the drop folder", { timeout: 120_000 }, () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "billing-drop-"));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("should pick up a report put in the master payer's drop folder, ingest it and move it out", async () => {
    // Background work on, as in production: the worker and the folder scan run by themselves.
    const server = await startBillingServer();
    try {
      const tenant = await createParentTenant(server, "drop");
      const child = await createChild(server, tenant.sysAdminToken, {
        name: "Drop Child",
        parentId: tenant.parentId,
      });
      const report = await generateCostReport({
        format: "CUR2",
        rows: 2000,
        month: "2024-05",
        out: join(work, "cur2-2024-05.csv.gz"),
        payer: tenant.payerId,
        payees: 5,
        seed: "drop",
        gzip: true,
      });
      const linked = report.payeeAccountIds.slice(0, 2);
      await createLink(server, tenant, child.id, linked);

      const folder = join(server.dropDir, tenant.masterPayerAccountId);
      await mkdir(folder, { recursive: true });
      // Not reports, or still being written: they stay where they are.
      await writeFile(join(folder, "notes.txt"), "not a report");
      await writeFile(join(folder, ".upload-in-progress.csv"), "partial");
      const dropped = join(folder, "cur2-2024-05.csv.gz");
      await copyFile(report.path, dropped);
      // Delivered a minute ago: past the settling delay for files still being written.
      const delivered = new Date(Date.now() - 60_000);
      await utimes(dropped, delivered, delivered);

      const [job] = await poll(
        "the drop folder's job",
        async () =>
          (await billingJobs(server, tenant.sysAdminToken, tenant.parentId)).filter(
            (j) => j.source === "DROP_FOLDER",
          ),
        (jobs) => jobs.length > 0,
      );
      const done = await waitForJob(server, tenant.sysAdminToken, job!.id);
      expect(done, done.error ?? "").toMatchObject({
        kind: "INGEST",
        state: "SUCCEEDED",
        fileName: "cur2-2024-05.csv.gz",
        rowsRead: 2000,
      });
      expect((await readdir(folder)).sort()).toEqual([".upload-in-progress.csv", "notes.txt"]);

      expect((await storedTotals(server, tenant.masterPayerAccountId))["2024-05"]).toEqual({
        unblendedCost: report.unblendedCost,
        listCost: report.listCost,
        lineItems: 2000,
      });
      const expected = expectedBill(report.path, CUR2, linked);
      expect(done.rowsAllocated).toBe(expected.rows);
      const [bill] = (await billsOf(server, tenant.sysAdminToken, child.id, "2024-05")) ?? [];
      expect(bill).toMatchObject({ billed: expected.billed, total: expected.total });
      expect(await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId)).toEqual([
        expect.objectContaining({ billingPeriod: "2024-05", format: "CUR2", status: "OPEN" }),
      ]);
    } finally {
      await server.stop();
    }
  });
});

// ---- The CLI ----------------------------------------------------------------------------------

const COLLECT = join(import.meta.dirname, "../dist/tools/collect.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COLLECT, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("an upload over the limit", () => {
  let server: BillingServer;
  beforeAll(async () => {
    server = await startBillingServer({ env: { BILLING_UPLOAD_MAX_BYTES: "1024" } });
  });
  afterAll(() => server.stop());

  async function storedUploads(): Promise<string[]> {
    return readdir(join(server.storageDir, "uploads")).catch(() => []);
  }

  it("should answer 413 UPLOAD_TOO_LARGE, declared or streamed, and keep neither file nor job", async () => {
    const tenant = await createParentTenant(server, "limit");
    const url = `${server.url}/billing/uploads?masterPayerAccountId=${tenant.masterPayerAccountId}`;
    const headers = { authorization: `Bearer ${tenant.sysAdminToken}`, "x-file-name": "big.csv" };

    // Declared: refused from the Content-Length header, before the body is read.
    const declared = await fetch(url, { method: "POST", headers, body: "x".repeat(1025) });
    expect(declared.status).toBe(413);
    const declaredError = (
      (await declared.json()) as { errors: { message: string; extensions: object }[] }
    ).errors[0]!;
    expect(declaredError.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "body",
      reason: "UPLOAD_TOO_LARGE",
      value: 1025,
      details: { limit: "1024" },
    });
    expect(declaredError.message).toContain("upload limit of 1024 bytes");

    // Streamed without a length (chunked): refused once the 1025th byte arrives.
    const chunks = [Buffer.alloc(600, "a"), Buffer.alloc(600, "b"), Buffer.alloc(600, "c")];
    const streamed = await fetch(url, {
      method: "POST",
      headers,
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(new Uint8Array(next));
          else controller.close();
        },
      }),
      duplex: "half",
    });
    expect(streamed.status).toBe(413);
    expect(
      ((await streamed.json()) as { errors: { extensions: object }[] }).errors[0]!.extensions,
    ).toMatchObject({
      reason: "UPLOAD_TOO_LARGE",
      details: { limit: "1024" },
    });

    // At the limit it is taken.
    const fits = await fetch(url, { method: "POST", headers, body: "x".repeat(1024) });
    expect(fits.status).toBe(202);
    expect(await storedUploads()).toHaveLength(1);
    expect(await billingJobs(server, tenant.sysAdminToken, tenant.parentId)).toHaveLength(1);
  });
});

describe("jobs orphaned by a stopped process", () => {
  let server: BillingServer;
  let clock = new Date("2026-05-10T12:00:00.000Z");
  beforeAll(async () => {
    server = await startBillingServer({ backgroundWork: false, now: () => clock });
  });
  afterAll(() => server.stop());

  it("should run a job whose heartbeat stopped again, leave a live one alone, and fail one orphaned too often", async () => {
    const tenant = await createParentTenant(server, "orphans");
    const csv = curLegacyCsv([
      { payer: tenant.payerId, account: "123456789012", day: "2026-04-02", cost: "3.50" },
    ]);
    const ids = [];
    for (const name of ["orphan.csv", "live.csv", "doomed.csv"])
      ids.push(
        Number(
          await uploadReport(server, tenant.sysAdminToken, tenant.masterPayerAccountId, csv, name),
        ),
      );
    const [orphan, live, doomed] = ids as [number, number, number];
    const jobs = server.running.deps.dataSource.getRepository(BillingJobEntity);
    const ago = (ms: number) => new Date(clock.getTime() - ms);
    // As a killed process leaves them: RUNNING, the heartbeat frozen at the moment it died.
    await jobs.update(
      { id: orphan },
      { state: "RUNNING", attempts: 1, heartbeatAt: ago(ORPHANED_AFTER_MS + 1000) },
    );
    await jobs.update(
      { id: live },
      { state: "RUNNING", attempts: 1, heartbeatAt: ago(HEARTBEAT_MS) },
    );
    await jobs.update(
      { id: doomed },
      { state: "RUNNING", attempts: MAX_ATTEMPTS, heartbeatAt: ago(ORPHANED_AFTER_MS + 1000) },
    );

    await server.running.services.billingWorker.drain();

    const after = async (id: number) => jobs.findOneByOrFail({ id });
    expect(await after(orphan)).toMatchObject({ state: "SUCCEEDED", attempts: 2, rowsRead: 1 });
    expect(await after(live)).toMatchObject({ state: "RUNNING", attempts: 1 });
    expect(await after(doomed)).toMatchObject({ state: "FAILED", attempts: MAX_ATTEMPTS });
    expect((await after(doomed)).error).toMatch(/stopped 3 times without finishing/);
    expect(await billedTotalOfMonth()).toBe("3.500000000000");

    // Once its heartbeat is stale too, the other orphan runs again: the month stays the same.
    clock = new Date(clock.getTime() + ORPHANED_AFTER_MS);
    await server.running.services.billingWorker.drain();
    expect(await after(live)).toMatchObject({ state: "SUCCEEDED", attempts: 2 });
    expect((await after(live)).outcome).toMatch(/^unchanged/);
    expect(await billedTotalOfMonth()).toBe("3.500000000000");

    async function billedTotalOfMonth(): Promise<string> {
      const months = await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId);
      expect(months.map((m) => m.billingPeriod)).toEqual(["2026-04"]);
      const totals = await storedTotals(server, tenant.masterPayerAccountId);
      return totals["2026-04"]?.unblendedCost ?? "none";
    }
  });
});

describe("the collect CLI", { timeout: 120_000 }, () => {
  let work: string;
  let env: Record<string, string>;
  let tenant: Awaited<ReturnType<typeof createParentTenant>>;
  let childId: string;
  let childAccountId: string;
  let legacy: GenerateResult;
  let cur2: GenerateResult;
  let folder: string;

  beforeAll(async () => {
    if (!existsSync(COLLECT))
      throw new Error(
        `${COLLECT} is missing: build the API first (pnpm --filter @reseller/api build, or turbo run build)`,
      );
    work = await mkdtemp(join(tmpdir(), "billing-cli-"));
    // The CLI works on a SQLite file prepared by a started (then stopped) server.
    env = {
      DATABASE_URL: `sqlite:${join(work, "cli.sqlite")}`,
      MAIL_OUTBOX_DIR: join(work, "outbox"),
      BILLING_DROP_DIR: join(work, "drop"),
      BILLING_STORAGE_DIR: join(work, "storage"),
      NODE_ENV: "test",
    };
    folder = join(work, "reports");
    await mkdir(folder);
    const server = await startBillingServer({ env });
    try {
      tenant = await createParentTenant(server, "cli");
      const child = await createChild(server, tenant.sysAdminToken, {
        name: "Cli Child",
        parentId: tenant.parentId,
      });
      childId = child.id;
      legacy = await generateCostReport({
        format: "CUR_LEGACY",
        rows: 1500,
        month: "2024-05",
        out: join(folder, "cur-2024-05.csv"),
        payer: tenant.payerId,
        payees: 4,
        seed: "cli",
        invoiceId: "INV-5",
      });
      cur2 = await generateCostReport({
        format: "CUR2",
        rows: 1200,
        month: "2024-06",
        out: join(folder, "cur2-2024-06.csv.gz"),
        payer: tenant.payerId,
        payees: 4,
        seed: "cli",
        gzip: true,
      });
      // The same seed gives the same payees in both months.
      expect(cur2.payeeAccountIds).toEqual(legacy.payeeAccountIds);
      const link = await createLink(server, tenant, childId, legacy.payeeAccountIds.slice(0, 2));
      childAccountId = link.resellerAccount.id;
      await writeFile(join(folder, "README.txt"), "not a report: skipped");
    } finally {
      await server.stop();
    }
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("should ingest every report of a folder, print a summary per file and exit 0", async () => {
    const run = await collect(["--account", tenant.masterPayerAccountId, folder], env);
    expect(run.code, run.stderr).toBe(0);
    const linked = legacy.payeeAccountIds.slice(0, 2);
    const may = expectedBill(legacy.path, CUR_LEGACY, linked);
    const june = expectedBill(cur2.path, CUR2, linked);
    const lines = run.stdout.split("\n").filter((line) => line.trim() !== "");
    expect(lines).toEqual([
      `ok     cur-2024-05.csv: 2024-05 ingested (CUR_LEGACY); 1500 rows read, ${may.rows} allocated, ${1500 - may.rows} unallocated`,
      `ok     cur2-2024-06.csv.gz: 2024-06 ingested (CUR2); 1200 rows read, ${june.rows} allocated, ${1200 - june.rows} unallocated`,
      "2 of 2 files ingested.",
    ]);

    // What the CLI stored is what the server serves once started again on the same database.
    const server = await startBillingServer({ env });
    try {
      const token = await server.login(tenant.sysAdminEmail, PASSWORD);
      const totals = await storedTotals(server, tenant.masterPayerAccountId);
      expect(totals).toEqual({
        "2024-05": {
          unblendedCost: legacy.unblendedCost,
          listCost: legacy.listCost,
          lineItems: 1500,
        },
        "2024-06": { unblendedCost: cur2.unblendedCost, listCost: cur2.listCost, lineItems: 1200 },
      });
      const months = await monthsOf(server, token, tenant.masterPayerAccountId);
      expect(
        months.map((m) => [m.billingPeriod, m.status, m.invoiceId, m.format, m.fileName]),
      ).toEqual([
        ["2024-06", "OPEN", null, "CUR2", "cur2-2024-06.csv.gz"],
        ["2024-05", "FINAL", "INV-5", "CUR_LEGACY", "cur-2024-05.csv"],
      ]);
      expect(await billedOf(server, token, childId, "2024-05")).toBe(may.billed);
      expect(await billedOf(server, token, childId, "2024-06")).toBe(june.billed);
      const jobs = await billingJobs(server, token, tenant.parentId);
      expect(jobs.filter((j) => j.source === "CLI").map((j) => [j.state, j.fileName])).toEqual([
        ["SUCCEEDED", "cur2-2024-06.csv.gz"],
        ["SUCCEEDED", "cur-2024-05.csv"],
      ]);
    } finally {
      await server.stop();
    }

    // Run again: the same files change nothing.
    const again = await collect(["--account", tenant.masterPayerAccountId, folder], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("ok     cur-2024-05.csv: unchanged");
    expect(again.stdout).toContain("2 of 2 files ingested.");
  });

  it("should exit 1 with a clear message for an account that is not a master payer, unknown, or malformed", async () => {
    for (const account of ["999999", childAccountId]) {
      const run = await collect(["--account", account, folder], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`collect: account ${account} is not a master payer account`);
      expect(run.stdout).not.toContain("ingested");
    }
    const malformed = await collect(["--account", "12a", folder], env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain("usage: pnpm collect --account <master payer account id>");
    const missing = await collect(
      ["--account", tenant.masterPayerAccountId, join(work, "nowhere")],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does not exist");
  });

  it("should exit 1 and name the file and line of a corrupt report, storing nothing of it", async () => {
    const bad = join(work, "bad");
    await mkdir(bad);
    const header =
      "bill/PayerAccountId,bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/UsageStartDate,lineItem/ProductCode,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost";
    const row = (cost: string) =>
      `${tenant.payerId},2024-07-01T00:00:00Z,${legacy.payeeAccountIds[0]},2024-07-02T00:00:00Z,AmazonEC2,Usage,USD,${cost}`;
    await writeFile(
      join(bad, "corrupt-2024-07.csv"),
      [header, row("1.00"), row("2.00"), row("three")].join("\n"),
    );
    const run = await collect(["--account", tenant.masterPayerAccountId, bad], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAILED corrupt-2024-07.csv: corrupt-2024-07.csv, line 4");
    expect(run.stdout).toContain("lineItem/UnblendedCost");
    expect(run.stdout).toContain("0 of 1 files ingested.");
    expect(run.stdout).not.toContain(bad);

    const server = await startBillingServer({ env });
    try {
      const token = await server.login(tenant.sysAdminEmail, PASSWORD);
      expect(
        (await monthsOf(server, token, tenant.masterPayerAccountId)).map((m) => m.billingPeriod),
      ).toEqual(["2024-06", "2024-05"]);
    } finally {
      await server.stop();
    }
  });
});
