// Ingest through the real upload endpoint: every public sample file reads and reconciles to the
// last decimal with an independent sum of its cost column; re-ingest is idempotent; a newer file
// replaces its month; a bad file fails its job, names the file, and changes nothing.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  generateCostReport,
  type GenerateOptions,
  type GenerateResult,
} from "@reseller/billing-generator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CUR2_COLUMNS,
  CUR_LEGACY_COLUMNS,
  FOCUS_COLUMNS,
  billedOf,
  billingState,
  curLegacyCsv,
  expectFailedIngest,
  ingestAs,
  monthsOf,
  poll,
  sourceTotals,
  startBillingServer,
  storedRows,
  storedTotals,
  sum,
  unallocatedOf,
  upload,
  uploadReport,
  waitForJob,
  type BillingServer,
  type SourceColumns,
} from "./support/billing.js";
import {
  awsId,
  createChild,
  createLink,
  createParentTenant,
  type ParentTenant,
} from "./support/fixtures.js";

const SAMPLES = join(import.meta.dirname, "../../../tooling/billing-samples");

interface Sample {
  file: string;
  columns: SourceColumns;
  format: string;
  months: Record<string, { status: "OPEN" | "FINAL"; invoiceId: string | null }>;
  /** Ids as the file writes them (anonymized: not 12 digits), which must be kept verbatim. */
  keptIds: string[];
}

const SAMPLE_FILES: Sample[] = [
  {
    file: "cur-legacy-2023-06.csv",
    columns: CUR_LEGACY_COLUMNS,
    format: "CUR_LEGACY",
    months: { "2023-06": { status: "FINAL", invoiceId: "987654321" } },
    keptIds: ["0099999999999"],
  },
  {
    file: "cur-legacy-2023-06-not-final.csv",
    columns: CUR_LEGACY_COLUMNS,
    format: "CUR_LEGACY",
    months: { "2023-06": { status: "OPEN", invoiceId: null } },
    keptIds: ["9999999999999"],
  },
  {
    file: "cur2-snake-case-2022-07.csv",
    columns: CUR2_COLUMNS,
    format: "CUR2",
    months: { "2022-07": { status: "FINAL", invoiceId: "1" } },
    keptIds: ["999999"],
  },
  {
    file: "focus-1.0-sample-1000.csv",
    columns: FOCUS_COLUMNS,
    format: "FOCUS",
    months: {
      "2024-09": { status: "OPEN", invoiceId: null },
      "2024-10": { status: "OPEN", invoiceId: null },
    },
    keptIds: ["1234567890123", "17370686428"],
  },
];

/** What a test picks of a generated report (the format is CUR legacy unless it says). */
type ReportOptions = Omit<GenerateOptions, "format" | "out" | "payer"> &
  Partial<Pick<GenerateOptions, "format">>;

describe("billing ingest through the upload endpoint", () => {
  let server: BillingServer;
  let work: string;
  beforeAll(async () => {
    server = await startBillingServer();
    work = await mkdtemp(join(tmpdir(), "billing-ingest-"));
  });
  afterAll(async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  /** A generated report of the tenant's payer, written to the work folder; CUR legacy unless told. */
  function generate(
    tenant: ParentTenant,
    file: string,
    options: ReportOptions,
  ): Promise<GenerateResult> {
    return generateCostReport({
      format: "CUR_LEGACY",
      ...options,
      out: join(work, file),
      payer: tenant.payerId,
    });
  }

  for (const sample of SAMPLE_FILES) {
    it(`should ingest ${sample.file} and store totals that reconcile exactly with the file`, async () => {
      const tenant = await createParentTenant(server, "sample");
      const path = join(SAMPLES, sample.file);
      const expected = sourceTotals(path, sample.columns);

      const job = await ingestAs(server, tenant, await readFile(path), sample.file);
      expect(job, job.error ?? "").toMatchObject({
        kind: "INGEST",
        state: "SUCCEEDED",
        source: "UPLOAD",
        fileName: sample.file,
        rowsRead: expected.rows,
        error: null,
      });
      // Nothing in a sample matches a link: every row is reported, none dropped.
      expect(job.rowsAllocated + job.rowsUnmatched).toBe(expected.rows);
      expect(job.rowsUnmatched).toBe(expected.rows);

      const stored = await storedTotals(server, tenant.masterPayerAccountId);
      expect(Object.keys(stored).sort()).toEqual(Object.keys(expected.byPeriod).sort());
      for (const [period, source] of Object.entries(expected.byPeriod)) {
        expect(stored[period]?.unblendedCost, `${sample.file} ${period}`).toBe(source.cost);
        expect(stored[period]?.lineItems, `${sample.file} ${period} rows`).toBe(source.rows);
        // The Parent's report of unallocated costs accounts for the same money.
        const unallocated = await unallocatedOf(
          server,
          tenant.sysAdminToken,
          tenant.masterPayerAccountId,
          period,
        );
        expect(sum(...unallocated.map((u) => u.unblendedCost)), `${period} unallocated`).toBe(
          source.cost,
        );
        expect(unallocated.reduce((n, u) => n + u.lineItems, 0)).toBe(source.rows);
      }

      const months = await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId);
      expect(
        Object.fromEntries(
          months.map((m) => [m.billingPeriod, { status: m.status, invoiceId: m.invoiceId }]),
        ),
      ).toEqual(sample.months);
      for (const month of months) {
        expect(month).toMatchObject({
          format: sample.format,
          fileName: sample.file,
          locked: false,
          lineItems: expected.byPeriod[month.billingPeriod]?.rows,
        });
      }

      // Anonymized ids (not 12 digits) are kept as written, leading zeros and all.
      const ids = new Set(
        (await storedRows(server, tenant.masterPayerAccountId)).flatMap((r) => [
          r.payerAccountId,
          r.usageAccountId,
        ]),
      );
      for (const id of sample.keptIds) expect(ids, id).toContain(id);
    });
  }

  it("should report the anonymized AWS ids of the FOCUS sample as INVALID_ACCOUNT_ID, with other providers' rows kept", async () => {
    const tenant = await createParentTenant(server, "focus");
    const path = join(SAMPLES, "focus-1.0-sample-1000.csv");
    const job = await ingestAs(server, tenant, await readFile(path), "focus.csv");
    expect(job.state).toBe("SUCCEEDED");
    const september = await unallocatedOf(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "2024-09",
    );
    const aws = september.filter((u) => u.payerAccountId === "1234567890123");
    // 66 anonymized AWS sub-accounts of 11 digits, under a 13-digit billing account.
    expect(new Set(aws.map((u) => u.usageAccountId)).size).toBe(66);
    for (const row of aws) {
      expect(row.usageAccountId).toMatch(/^\d{11}$/);
      expect(row).toMatchObject({ reason: "INVALID_ACCOUNT_ID", currency: "USD" });
    }
    expect(aws.reduce((n, u) => n + u.lineItems, 0)).toBe(942);
    // Microsoft and Oracle rows are kept too, never silently dropped.
    expect(september.some((u) => u.payerAccountId.includes("Microsoft.Billing"))).toBe(true);
    expect(september.some((u) => u.payerAccountId === "20209880")).toBe(true);
    expect(september.every((u) => u.reason === "INVALID_ACCOUNT_ID")).toBe(true);
  });

  it("should change nothing when the same file is ingested again", async () => {
    const tenant = await createParentTenant(server, "again");
    const bytes = await readFile(join(SAMPLES, "focus-1.0-sample-1000.csv"));
    const first = await ingestAs(server, tenant, bytes, "focus.csv");
    expect(first.state).toBe("SUCCEEDED");
    const before = await billingState(server);
    const rowsBefore = await storedRows(server, tenant.masterPayerAccountId);

    const second = await ingestAs(server, tenant, bytes, "focus-again.csv");
    expect(second).toMatchObject({ state: "SUCCEEDED", error: null });
    expect(second.outcome).toMatch(/^unchanged/);
    expect(await billingState(server)).toEqual(before);
    expect(await storedRows(server, tenant.masterPayerAccountId)).toEqual(rowsBefore);
    const months = await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId);
    expect(months.map((m) => m.fileName)).toEqual(["focus.csv", "focus.csv"]);
  });

  it("should replace the month with the final report ingested after the not-final one", async () => {
    const tenant = await createParentTenant(server, "final");
    const notFinal = await ingestAs(
      server,
      tenant,
      await readFile(join(SAMPLES, "cur-legacy-2023-06-not-final.csv")),
      "cur-legacy-2023-06-not-final.csv",
    );
    expect(notFinal.state).toBe("SUCCEEDED");
    expect(await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId)).toEqual([
      expect.objectContaining({ billingPeriod: "2023-06", status: "OPEN", invoiceId: null }),
    ]);
    expect(
      new Set((await storedRows(server, tenant.masterPayerAccountId)).map((r) => r.payerAccountId)),
    ).toEqual(new Set(["9999999999999"]));

    const finalPath = join(SAMPLES, "cur-legacy-2023-06.csv");
    const final = await ingestAs(
      server,
      tenant,
      await readFile(finalPath),
      "cur-legacy-2023-06.csv",
    );
    expect(final.state).toBe("SUCCEEDED");
    expect(await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId)).toEqual([
      expect.objectContaining({
        billingPeriod: "2023-06",
        status: "FINAL",
        invoiceId: "987654321",
        fileName: "cur-legacy-2023-06.csv",
      }),
    ]);
    // Only the new file's rows remain (its ids differ from the not-final file's).
    const rows = await storedRows(server, tenant.masterPayerAccountId);
    expect(new Set(rows.map((r) => r.payerAccountId))).toEqual(new Set(["0099999999999"]));
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2023-06"]).toEqual({
      unblendedCost: sourceTotals(finalPath, CUR_LEGACY_COLUMNS).byPeriod["2023-06"]?.cost,
      listCost: "30.000000000000",
      lineItems: 3,
    });
    const unallocated = await unallocatedOf(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "2023-06",
    );
    expect(unallocated).toEqual([
      {
        payerAccountId: "0099999999999",
        usageAccountId: "0099999999999",
        reason: "INVALID_ACCOUNT_ID",
        currency: "NOK",
        unblendedCost: "30.000000000000",
        lineItems: 3,
      },
    ]);
  });

  it("should replace a month atomically with a newer generated report (CSV.gz, then Parquet), readers seeing the old or the new totals only", async () => {
    const tenant = await createParentTenant(server, "newer");
    const older = await generate(tenant, "older.csv.gz", {
      rows: 3000,
      month: "2024-04",
      seed: "older",
      gzip: true,
    });
    const newer = await generate(tenant, "newer.parquet", {
      rows: 6000,
      month: "2024-04",
      seed: "newer",
      parquet: true,
      invoiceId: "INV-2024-04",
    });
    expect(newer.unblendedCost).not.toBe(older.unblendedCost);

    const first = await ingestAs(server, tenant, await readFile(older.path), "older.csv.gz");
    expect(first).toMatchObject({ state: "SUCCEEDED", rowsRead: 3000 });
    const oldTotals = (await storedTotals(server, tenant.masterPayerAccountId))["2024-04"];
    expect(oldTotals).toEqual({
      unblendedCost: older.unblendedCost,
      listCost: older.listCost,
      lineItems: 3000,
    });
    // The generator's oracle and the independent CSV sum agree with each other too.
    expect(sourceTotals(older.path, CUR_LEGACY_COLUMNS).byPeriod["2024-04"]?.cost).toBe(
      older.unblendedCost,
    );

    const jobId = await uploadReport(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      await readFile(newer.path),
      "newer.parquet",
    );
    const seen = new Set<string>();
    const job = await poll(
      "the newer report's job",
      async () => {
        const totals = (await storedTotals(server, tenant.masterPayerAccountId))["2024-04"];
        seen.add(`${totals?.unblendedCost}/${totals?.lineItems}`);
        return waitIfDone(jobId);
      },
      (state) => state !== null,
    );
    expect(job).toMatchObject({ state: "SUCCEEDED", rowsRead: 6000 });
    const newTotals = (await storedTotals(server, tenant.masterPayerAccountId))["2024-04"];
    expect(newTotals).toEqual({
      unblendedCost: newer.unblendedCost,
      listCost: newer.listCost,
      lineItems: 6000,
    });
    seen.add(`${newTotals?.unblendedCost}/${newTotals?.lineItems}`);
    expect([...seen].sort()).toEqual(
      [`${older.unblendedCost}/3000`, `${newer.unblendedCost}/6000`].sort(),
    );
    expect(await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId)).toEqual([
      expect.objectContaining({
        billingPeriod: "2024-04",
        status: "FINAL",
        invoiceId: "INV-2024-04",
        format: "CUR_LEGACY",
        lineItems: 6000,
      }),
    ]);
    // The tax lines without a usage account are reported, not dropped.
    const unallocated = await unallocatedOf(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "2024-04",
    );
    expect(sum(...unallocated.map((u) => u.unblendedCost))).toBe(newer.unblendedCost);

    async function waitIfDone(id: string) {
      const res = await server.gql<{ billingJob: { state: string; rowsRead: number } }>(
        `query($id: ID!) { billingJob(id: $id) { state rowsRead } }`,
        { id },
        tenant.sysAdminToken,
      );
      const state = res.body.data?.billingJob;
      return state && (state.state === "SUCCEEDED" || state.state === "FAILED") ? state : null;
    }
  });

  describe("a bad file", () => {
    it("should fail the job naming the file, line and column of a non-numeric cost, and leave the stored data as it was", async () => {
      const tenant = await createParentTenant(server, "corrupt");
      const account = awsId();
      const good = curLegacyCsv([
        { payer: tenant.payerId, account, day: "2024-05-01", cost: "1.25" },
        { payer: tenant.payerId, account, day: "2024-05-02", cost: "2.50" },
        { payer: tenant.payerId, account, day: "2024-05-03", cost: "3.75" },
      ]);
      const ok = await ingestAs(server, tenant, good, "good-2024-05.csv");
      expect(ok.state).toBe("SUCCEEDED");

      // Data row 3 is line 4 of the file (the header is line 1).
      const corrupt = curLegacyCsv([
        { payer: tenant.payerId, account, day: "2024-05-01", cost: "10.00" },
        { payer: tenant.payerId, account, day: "2024-05-02", cost: "20.00" },
        { payer: tenant.payerId, account, day: "2024-05-03", cost: "30.0O" },
        { payer: tenant.payerId, account, day: "2024-05-04", cost: "40.00" },
      ]);
      const job = await expectFailedIngest(server, tenant, corrupt, "corrupt-2024-05.csv");
      expect(job.error).toContain("line 4");
      expect(job.error).toContain("lineItem/UnblendedCost");
      expect(job.error).toContain("30.0O");
      expect((await storedTotals(server, tenant.masterPayerAccountId))["2024-05"]).toMatchObject({
        unblendedCost: "7.500000000000",
        lineItems: 3,
      });
    });

    it("should fail the job of a truncated .csv.gz, naming the file, and leave the stored data as it was", async () => {
      const tenant = await createParentTenant(server, "truncated");
      const report = await generate(tenant, "whole.csv.gz", {
        rows: 4000,
        month: "2024-05",
        seed: "whole",
        gzip: true,
      });
      const whole = await readFile(report.path);
      const ok = await ingestAs(server, tenant, whole, "whole-2024-05.csv.gz");
      expect(ok.state).toBe("SUCCEEDED");

      // A newer report for the month, cut short in transfer.
      const newer = await generate(tenant, "newer-truncated.csv.gz", {
        rows: 4000,
        month: "2024-05",
        seed: "newer-truncated",
        gzip: true,
      });
      const bytes = await readFile(newer.path);
      const job = await expectFailedIngest(
        server,
        tenant,
        bytes.subarray(0, Math.floor(bytes.length * 0.6)),
        "truncated-2024-05.csv.gz",
      );
      expect(job.error).toMatch(/truncated/i);
      expect((await storedTotals(server, tenant.masterPayerAccountId))["2024-05"]).toEqual({
        unblendedCost: report.unblendedCost,
        listCost: report.listCost,
        lineItems: 4000,
      });
    });

    it("should fail the job of a file that is not a cost report, naming the file", async () => {
      const tenant = await createParentTenant(server, "notreport");
      const job = await expectFailedIngest(
        server,
        tenant,
        gzipSync("name,amount\nwidget,12.50\n"),
        "widgets.csv.gz",
      );
      expect(job.error).toMatch(/not a cost report/);
    });

    it("should not leak where the server keeps uploads in a job's error", async () => {
      const tenant = await createParentTenant(server, "paths");
      const job = await ingestAs(server, tenant, "lineItem/UsageAccountId\n1\n", "partial.csv");
      expect(job.state).toBe("FAILED");
      expect(job.error).toContain("partial.csv");
      expect(job.error).not.toContain(server.storageDir);
    });
  });

  it("should refuse an upload without a token, to a foreign or unknown account, or with an empty body", async () => {
    const tenant = await createParentTenant(server, "refuse");
    const other = await createParentTenant(server, "refuse-other");
    const before = await billingState(server);
    expect((await upload(server, null, tenant.masterPayerAccountId, "x", "a.csv")).status).toBe(
      401,
    );
    expect(
      (await upload(server, other.sysAdminToken, tenant.masterPayerAccountId, "x", "a.csv")).status,
    ).toBe(404);
    expect((await upload(server, tenant.sysAdminToken, "999999", "x", "a.csv")).status).toBe(404);
    const empty = await upload(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "",
      "a.csv",
    );
    expect(empty.status).toBe(400);
    expect(empty.body?.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "body",
      reason: "UPLOAD_EMPTY",
    });
    expect(await billingState(server)).toEqual(before);
  });

  it("should keep 11- and 13-digit ids, report them as INVALID_ACCOUNT_ID and never match them to a link; unknown line item types are kept and billed", async () => {
    const tenant = await createParentTenant(server, "ids");
    const child = await createChild(server, tenant.sysAdminToken, {
      name: "Ids Child",
      parentId: tenant.parentId,
    });
    const linked = awsId();
    const unlinked = awsId();
    // The link names the zero-padded twins of the anonymized ids: they must still not match.
    await createLink(server, tenant, child.id, [linked, "012345678901", "001234567890"]);
    const csv = curLegacyCsv([
      { payer: tenant.payerId, account: linked, day: "2024-06-01", cost: "100.000000000100" },
      {
        payer: tenant.payerId,
        account: linked,
        day: "2024-06-02",
        cost: "7.25",
        type: "FutureChargeType",
      },
      { payer: tenant.payerId, account: "12345678901", day: "2024-06-03", cost: "11.11" },
      { payer: tenant.payerId, account: "1234567890", day: "2024-06-03", cost: "0.01" },
      { payer: tenant.payerId, account: "0123456789012", day: "2024-06-04", cost: "13.13" },
      { payer: tenant.payerId, account: unlinked, day: "2024-06-05", cost: "5.00" },
    ]);
    const job = await ingestAs(server, tenant, csv, "ids-2024-06.csv");
    expect(job).toMatchObject({
      state: "SUCCEEDED",
      rowsRead: 6,
      rowsAllocated: 2,
      rowsUnmatched: 4,
      outcome:
        "2024-06 ingested (CUR_LEGACY); unknown line item types, kept and billed as usage: FutureChargeType",
    });
    // The Parent is told which types the collector does not know, with their rows and cost.
    const unknown = await server.gql<{
      unknownLineItemTypes: {
        lineItemType: string;
        currency: string;
        lineItems: number;
        unblendedCost: string;
      }[];
    }>(
      `query($id: ID!) { unknownLineItemTypes(masterPayerAccountId: $id, billingPeriod: "2024-06") { lineItemType currency lineItems unblendedCost } }`,
      { id: tenant.masterPayerAccountId },
      tenant.sysAdminToken,
    );
    expect(unknown.body?.data?.unknownLineItemTypes).toEqual([
      {
        lineItemType: "FutureChargeType",
        currency: "USD",
        lineItems: 1,
        unblendedCost: "7.250000000000",
      },
    ]);

    const rows = await storedRows(server, tenant.masterPayerAccountId);
    expect(rows.map((r) => r.usageAccountId).sort()).toEqual(
      [linked, linked, "12345678901", "1234567890", "0123456789012", unlinked].sort(),
    );
    expect(rows.find((r) => r.lineItemType === "FutureChargeType")).toMatchObject({
      usageAccountId: linked,
      unblendedCost: "7.250000000000",
    });

    const unallocated = await unallocatedOf(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "2024-06",
    );
    const byAccount = Object.fromEntries(unallocated.map((u) => [u.usageAccountId, u]));
    expect(byAccount).toEqual({
      "12345678901": expect.objectContaining({
        reason: "INVALID_ACCOUNT_ID",
        payerAccountId: tenant.payerId,
        unblendedCost: "11.110000000000",
      }),
      "1234567890": expect.objectContaining({
        reason: "INVALID_ACCOUNT_ID",
        unblendedCost: "0.010000000000",
      }),
      "0123456789012": expect.objectContaining({
        reason: "INVALID_ACCOUNT_ID",
        unblendedCost: "13.130000000000",
      }),
      [unlinked]: expect.objectContaining({ reason: "NO_LINK", unblendedCost: "5.000000000000" }),
    });
    // The Child gets its payee's usage, the unknown type included (priced as usage).
    expect(await billedOf(server, tenant.sysAdminToken, child.id, "2024-06")).toBe(
      "107.250000000100",
    );
  });

  it("should store neither month of a two-month file whose second month has a bad date", async () => {
    // A file holding two months, the second with a bad date: neither month is stored.
    const tenant = await createParentTenant(server, "twoperiods");
    const account = awsId();
    const csv = curLegacyCsv([
      { payer: tenant.payerId, account, day: "2024-07-01", cost: "1.00" },
      { payer: tenant.payerId, account, day: "2024-08-01", cost: "2.00" },
    ]).replace("2024-08-01T08:00:00Z", "2024-08-32T08:00:00Z");
    const job = await expectFailedIngest(server, tenant, csv, "two-periods.csv");
    expect(job.error).toContain("line 3");
    expect(await monthsOf(server, tenant.sysAdminToken, tenant.masterPayerAccountId)).toEqual([]);
  });

  it("should expose a failed job's error through billingJob only to its Parent", async () => {
    const tenant = await createParentTenant(server, "joberr");
    const other = await createParentTenant(server, "joberr-other");
    const jobId = await uploadReport(
      server,
      tenant.sysAdminToken,
      tenant.masterPayerAccountId,
      "not,a,report\n1,2,3\n",
      "junk.csv",
    );
    const job = await waitForJob(server, tenant.sysAdminToken, jobId);
    expect(job.state).toBe("FAILED");
    const foreign = await server.gql(
      `query($id: ID!) { billingJob(id: $id) { id error } }`,
      { id: jobId },
      other.sysAdminToken,
    );
    expect(foreign.body).toEqual({ data: { billingJob: null } });
  });

  it("should ingest a generated FOCUS report of several megabytes and reconcile it with the generator's and an independent sum", async () => {
    // The upload streams to disk; the stored month matches the generator's exact totals.
    const tenant = await createParentTenant(server, "big");
    const report = await generate(tenant, "focus-big.csv", {
      format: "FOCUS",
      rows: 8000,
      month: "2024-03",
      seed: "big",
    });
    const job = await ingestAs(server, tenant, await readFile(report.path), "focus-big.csv");
    expect(job).toMatchObject({ state: "SUCCEEDED", rowsRead: 8000 });
    expect((await storedTotals(server, tenant.masterPayerAccountId))["2024-03"]).toEqual({
      unblendedCost: report.unblendedCost,
      listCost: report.listCost,
      lineItems: 8000,
    });
    expect(sourceTotals(report.path, FOCUS_COLUMNS).byPeriod["2024-03"]?.cost).toBe(
      report.unblendedCost,
    );
  });
});
