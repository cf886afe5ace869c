import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  generateCostReport,
  type GenerateResult,
  type ReportFormat as GeneratedFormat,
} from "@reseller/billing-generator";
import { parse } from "csv-parse/sync";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  combinedHash,
  CostReportError,
  readCostReport,
  type CostReport,
  type DailyCostRow,
  type ReportFormat,
} from "./cost-report.js";

// ---------------------------------------------------------------------------------------------
// An independent reading of a report (csv-parse + decimal.js, no DuckDB) to reconcile with.

// decimal.js keeps 20 significant digits by default: too few for sums at 12 decimals.
const Exact = Decimal.clone({ precision: 60 });
type Exact = InstanceType<typeof Exact>;

interface CostColumns {
  period: string;
  payer: string;
  cost: string;
  nulls: readonly string[];
}

const COLUMNS: Record<ReportFormat, CostColumns> = {
  CUR_LEGACY: {
    period: "bill/BillingPeriodStartDate",
    payer: "bill/PayerAccountId",
    cost: "lineItem/UnblendedCost",
    nulls: [""],
  },
  CUR2: {
    period: "bill_billing_period_start_date",
    payer: "bill_payer_account_id",
    cost: "line_item_unblended_cost",
    nulls: [""],
  },
  FOCUS: {
    period: "BillingPeriodStart",
    payer: "BillingAccountId",
    cost: "BilledCost",
    nulls: ["", "NULL"],
  },
};

function readRecords(path: string): Record<string, string>[] {
  const raw = readFileSync(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString("utf8");
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

/**
 * Cost per "period|payer", each value exactly as written. A value with more than 12 decimals fails
 * unless `rounded`: then it is first rounded to 12, half away from zero, as the collector does.
 */
function independentTotals(
  path: string,
  format: ReportFormat,
  rounded = false,
): Map<string, { rows: number; cost: string }> {
  const columns = COLUMNS[format];
  const sums = new Map<string, { rows: number; cost: Exact }>();
  for (const record of readRecords(path)) {
    const key = `${(record[columns.period] ?? "").slice(0, 7)}|${record[columns.payer] ?? ""}`;
    const raw = (record[columns.cost] ?? "").trim();
    const value = columns.nulls.includes(raw)
      ? new Exact(0)
      : rounded
        ? new Exact(raw).toDecimalPlaces(12, Exact.ROUND_HALF_UP)
        : new Exact(raw);
    if (value.decimalPlaces() > 12) throw new Error(`${raw}: more decimals than stored`);
    const sum = sums.get(key) ?? { rows: 0, cost: new Exact(0) };
    sums.set(key, { rows: sum.rows + 1, cost: sum.cost.plus(value) });
  }
  return new Map([...sums].map(([key, s]) => [key, { rows: s.rows, cost: s.cost.toFixed(12) }]));
}

function reportedTotals(report: CostReport): Map<string, { rows: number; cost: string }> {
  return new Map(
    report.summary.periods.map((p) => [
      `${p.billingPeriod}|${p.payerAccountId}`,
      { rows: p.rows, cost: p.unblendedCost },
    ]),
  );
}

function sum(rows: readonly DailyCostRow[], pick: (row: DailyCostRow) => string): string {
  return rows.reduce((total, row) => total.plus(pick(row)), new Exact(0)).toFixed(12);
}

function samplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("pnpm-workspace.yaml not found above the test");
    dir = parent;
  }
  return join(dir, "tooling", "billing-samples");
}

async function expectCostReportError(
  promise: Promise<unknown>,
  expected: Partial<Pick<CostReportError, "code" | "line" | "column">>,
): Promise<CostReportError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CostReportError);
  const reportError = error as CostReportError;
  expect(reportError).toMatchObject(expected);
  return reportError;
}

// ---------------------------------------------------------------------------------------------

const SAMPLES = samplesDir();
const SAMPLE_FILES: { file: string; format: ReportFormat }[] = [
  { file: "cur-legacy-2023-06.csv", format: "CUR_LEGACY" },
  { file: "cur-legacy-2023-06-not-final.csv", format: "CUR_LEGACY" },
  { file: "cur2-snake-case-2022-07.csv", format: "CUR2" },
  { file: "focus-1.0-sample-1000.csv", format: "FOCUS" },
];

let work: string;
const reports = new Map<string, CostReport>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "cost-report-test-"));
  for (const { file } of SAMPLE_FILES) reports.set(file, await readCostReport(join(SAMPLES, file)));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function sample(file: string): CostReport {
  const report = reports.get(file);
  if (!report) throw new Error(`sample ${file} was not read`);
  return report;
}

describe("readCostReport on the public sample reports", { timeout: 30_000 }, () => {
  it.each(SAMPLE_FILES)("should detect $format when reading $file", ({ file, format }) => {
    const { summary, rows } = sample(file);
    expect(summary.format).toBe(format);
    expect(summary.file).toBe(join(SAMPLES, file));
    const bytes = readFileSync(join(SAMPLES, file));
    expect(summary.contentHash).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each(SAMPLE_FILES)(
    "should reconcile each period and payer with an independent sum when reading $file",
    ({ file, format }) => {
      const report = sample(file);
      const independent = independentTotals(join(SAMPLES, file), format);
      expect(reportedTotals(report)).toEqual(independent);
      expect(report.summary.rowsRead).toBe(
        [...independent.values()].reduce((n, t) => n + t.rows, 0),
      );
      for (const period of report.summary.periods) {
        const rows = report.rows.filter(
          (r) =>
            r.billingPeriod === period.billingPeriod && r.payerAccountId === period.payerAccountId,
        );
        expect(sum(rows, (r) => r.unblendedCost)).toBe(period.unblendedCost);
        expect(rows.reduce((n, r) => n + r.lineItems, 0)).toBe(period.rows);
      }
    },
  );

  it("should keep the rows of other providers when reading a FOCUS file", () => {
    const { summary, rows } = sample("focus-1.0-sample-1000.csv");
    expect(summary.providers).toEqual(["AWS", "Microsoft", "Oracle"]);
    const payers = new Set(rows.map((r) => r.payerAccountId));
    expect(payers).toEqual(
      new Set([
        "1234567890123",
        "/providers/Microsoft.Billing/billingAccounts/8611537",
        "20209880",
      ]),
    );
    expect(summary.periods.map((p) => p.billingPeriod).sort()).toEqual([
      "2024-09",
      "2024-09",
      "2024-09",
      "2024-10",
    ]);
    // The one AWS credit keeps its own line item type and its negative cost.
    const credit = rows.filter((r) => r.lineItemType === "Credit");
    expect(sum(credit, (r) => r.unblendedCost)).toBe("-2.613700000000");
  });

  it("should keep 11- and 13-digit account ids as written when they are not 12 digits", () => {
    const focus = sample("focus-1.0-sample-1000.csv").rows.filter(
      (r) => r.payerAccountId === "1234567890123",
    );
    const accounts = new Set(focus.map((r) => r.usageAccountId));
    expect(accounts.size).toBe(66);
    for (const account of accounts) expect(account).toMatch(/^\d{11}$/);
    const cur = sample("cur-legacy-2023-06.csv").rows[0];
    expect(cur).toMatchObject({ payerAccountId: "0099999999999", usageAccountId: "0099999999999" });
    expect(sample("cur2-snake-case-2022-07.csv").rows[0]?.payerAccountId).toBe("999999");
  });

  it("should set invoiceId only when the month is final", () => {
    expect(sample("cur-legacy-2023-06.csv").summary.periods).toEqual([
      {
        billingPeriod: "2023-06",
        payerAccountId: "0099999999999",
        invoiceId: "987654321",
        rows: 3,
        unblendedCost: "30.000000000000",
      },
    ]);
    expect(sample("cur-legacy-2023-06-not-final.csv").summary.periods[0]?.invoiceId).toBeNull();
  });

  it("should aggregate a CUR file into daily rows per key when reading the final sample", () => {
    expect(sample("cur-legacy-2023-06.csv").rows).toEqual([
      {
        billingPeriod: "2023-06",
        usageDate: "2023-06-01",
        payerAccountId: "0099999999999",
        usageAccountId: "0099999999999",
        serviceCode: "AmazonEC2",
        lineItemType: "SavingsPlanCoveredUsage",
        currency: "NOK",
        unblendedCost: "30.000000000000",
        listCost: "30.000000000000",
        usageAmount: "3.000000000000",
        lineItems: 3,
      },
    ]);
    expect(sample("cur-legacy-2023-06.csv").summary.providers).toEqual(["AWS"]);
  });

  it("should read a file whose name has quotes and glob characters", async () => {
    const odd = join(work, "it's [june] *final*?.csv");
    await writeFile(odd, readFileSync(join(SAMPLES, "cur-legacy-2023-06.csv")));
    const report = await readCostReport(odd);
    expect(report.summary.file).toBe(odd);
    expect(report.rows).toEqual(sample("cur-legacy-2023-06.csv").rows);
  });

  it("should report progress at the start and at the end when asked", async () => {
    const seen: number[] = [];
    await readCostReport(join(SAMPLES, "focus-1.0-sample-1000.csv"), {
      onProgress: (rows) => seen.push(rows),
    });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1000);
  });
});

// A CUR legacy report with the values that trip parsers: exponents, more than 12 decimals,
// values above 10^8, blank list costs and usage accounts, and a time with a UTC offset.
const HARD_HEADER = [
  "bill/PayerAccountId",
  "bill/BillingPeriodStartDate",
  "bill/InvoiceId",
  "lineItem/UsageAccountId",
  "lineItem/LineItemType",
  "lineItem/UsageStartDate",
  "lineItem/ProductCode",
  "lineItem/CurrencyCode",
  "lineItem/UnblendedCost",
  "pricing/publicOnDemandCost",
  "lineItem/UsageAmount",
  "product/ProductName",
];
const HARD_ROWS = [
  "111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,2026-10-01T00:00:00Z,AmazonS3,USD,1.2E-5,1.2E-5,3,Amazon S3",
  "111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,2026-10-01T05:00:00Z,AmazonS3,USD,0.00000000005,-0.00000000005,1e2,Amazon S3",
  "111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,2026-10-01T06:00:00Z,AmazonS3,USD,0.82506260221E-11,-3.5e2,0.5,Amazon S3",
  "111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,2026-10-01 07:00:00,AmazonS3,USD,123456789.123456789051,123456789.12345678905,123456789012.5,Amazon S3",
  "111122223333,2026-10-01T00:00:00Z,,,Tax,2026-10-01T00:00:00Z,AmazonS3,USD,0.19,,,Amazon S3",
  "111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,2026-10-02T01:30:00+02:00,,USD,-0.000000000149999,,,Amazon Athena",
];

describe("readCostReport on values that are hard to read", { timeout: 30_000 }, () => {
  let report: CostReport;
  let path: string;

  beforeAll(async () => {
    path = join(work, "hard-values.csv");
    await writeFile(path, `${HARD_HEADER.join(",")}\r\n${HARD_ROWS.join("\r\n")}\r\n`);
    report = await readCostReport(path);
  }, 60_000);

  it("should round every value to 12 decimals exactly when it has an exponent or more digits", () => {
    expect(reportedTotals(report)).toEqual(independentTotals(path, "CUR_LEGACY", true));
    const s3 = report.rows.filter(
      (r) => r.serviceCode === "AmazonS3" && r.lineItemType === "Usage",
    );
    expect(s3).toHaveLength(1);
    // 0.000012 + 0.00000000005 + 0.000000000008 (8.25…e-12 rounded) + 123456789.123456789051
    expect(s3[0]).toMatchObject({
      unblendedCost: "123456789.123468789109",
      listCost: "123456439.123468789000",
      usageAmount: "123456789116.000000000000",
      lineItems: 4,
    });
  });

  it("should keep an empty usage account and a blank list cost when a tax line has none", () => {
    expect(report.rows.find((r) => r.lineItemType === "Tax")).toMatchObject({
      usageAccountId: "",
      unblendedCost: "0.190000000000",
      listCost: "0.000000000000",
      usageAmount: "0.000000000000",
    });
  });

  it("should sum 20,000 random plain and exponent values exactly as decimal.js does", async () => {
    // A fixed-seed LCG: the same values on every run.
    let state = 12345;
    const next = (bound: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % bound;
    };
    const lines = [HARD_HEADER.join(",")];
    const expected = new Map<string, Exact>();
    for (let i = 0; i < 20_000; i++) {
      const whole = String(next(10 ** next(9)));
      const fraction = Array.from({ length: next(16) }, () => next(10)).join("");
      let value = `${next(10) < 3 ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
      if (next(10) < 4)
        value += `${next(2) === 0 ? "e" : "E"}${next(10) < 7 ? "-" : "+"}${next(14)}`;
      const day = `2026-10-${String(1 + (i % 28)).padStart(2, "0")}`;
      lines.push(
        `111122223333,2026-10-01T00:00:00Z,,444455556666,Usage,${day}T10:00:00Z,AmazonS3,USD,${value},,,`,
      );
      const rounded = new Exact(value).toDecimalPlaces(12, Exact.ROUND_HALF_UP);
      expected.set(day, (expected.get(day) ?? new Exact(0)).plus(rounded));
    }
    const random = join(work, "random-values.csv");
    await writeFile(random, `${lines.join("\n")}\n`);
    const { rows } = await readCostReport(random);
    expect(Object.fromEntries(rows.map((r) => [r.usageDate, r.unblendedCost]))).toEqual(
      Object.fromEntries([...expected].map(([day, total]) => [day, total.toFixed(12)])),
    );
  });

  it("should use the UTC day and fall back to the product name when the time has an offset", () => {
    expect(report.rows.find((r) => r.serviceCode === "Amazon Athena")).toMatchObject({
      usageDate: "2026-10-01",
      unblendedCost: "-0.000000000150",
    });
  });

  it("should read typed Parquet columns (DOUBLE costs, TIMESTAMP dates) to the same totals", async () => {
    const generated = await generateCostReport({
      format: "CUR2",
      rows: 1000,
      month: "2026-02",
      out: join(work, "typed-source.csv"),
      seed: "typed",
    });
    const parquet = join(work, "typed.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    try {
      const connection = await instance.connect();
      await connection.run(
        `COPY (SELECT * REPLACE (
           CAST(line_item_unblended_cost AS DOUBLE) AS line_item_unblended_cost,
           CAST(line_item_usage_amount AS DOUBLE) AS line_item_usage_amount,
           CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date,
           CAST(bill_billing_period_start_date AS TIMESTAMPTZ) AS bill_billing_period_start_date)
         FROM read_csv('${generated.path}', all_varchar = true))
         TO '${parquet}' (FORMAT parquet)`,
      );
      connection.closeSync();
    } finally {
      instance.closeSync();
    }
    const typed = await readCostReport(parquet);
    expect(typed.summary.format).toBe("CUR2");
    expect(typed.summary.periods[0]?.unblendedCost).toBe(generated.unblendedCost);
    expect(typed.rows).toEqual((await readCostReport(generated.path)).rows);
  });
});

describe("readCostReport on generated reports", { timeout: 30_000 }, () => {
  const FORMATS: GeneratedFormat[] = ["CUR_LEGACY", "CUR2", "FOCUS"];
  const generated = new Map<string, GenerateResult>();

  beforeAll(async () => {
    for (const format of FORMATS) {
      for (const container of ["csv", "csv.gz", "parquet"] as const) {
        const result = await generateCostReport({
          format,
          rows: 1000,
          month: "2026-03",
          payees: 7,
          seed: "round-trip",
          out: join(work, `${format}.${container}`),
          gzip: container === "csv.gz",
          parquet: container === "parquet",
        });
        generated.set(`${format}.${container}`, result);
      }
    }
  }, 60_000);

  it.each(FORMATS)(
    "should read back what the generator wrote when the format is %s",
    async (format) => {
      const written = generated.get(`${format}.csv`)!;
      const report = await readCostReport(written.path);
      expect(report.summary.format).toBe(format);
      expect(report.summary.rowsRead).toBe(1000);
      expect(report.summary.periods).toEqual([
        {
          billingPeriod: "2026-03",
          payerAccountId: written.payerAccountId,
          invoiceId: null,
          rows: 1000,
          unblendedCost: written.unblendedCost,
        },
      ]);
      expect(reportedTotals(report)).toEqual(independentTotals(written.path, format));
      expect(sum(report.rows, (r) => r.listCost)).toBe(written.listCost);
      expect(sum(report.rows, (r) => r.usageAmount)).toBe(written.usageAmount);
      // Every payee has usage; some tax lines have no account at all.
      const accounts = new Set(report.rows.map((r) => r.usageAccountId).filter((a) => a !== ""));
      expect(accounts).toEqual(new Set(written.payeeAccountIds));
      for (const account of accounts) expect(account).toMatch(/^\d{12}$/);
    },
  );

  it("should total each CUR line item type as the generator did", async () => {
    const written = generated.get("CUR_LEGACY.csv")!;
    const { rows } = await readCostReport(written.path);
    for (const [type, total] of Object.entries(written.byLineItemType)) {
      const ofType = rows.filter((r) => r.lineItemType === type);
      expect(
        ofType.reduce((n, r) => n + r.lineItems, 0),
        type,
      ).toBe(total.rows);
      expect(
        sum(ofType, (r) => r.unblendedCost),
        type,
      ).toBe(total.unblendedCost);
      expect(total.rows, type).toBeGreaterThan(0);
    }
  });

  it("should mark refunds as corrections when the format is FOCUS", async () => {
    const written = generated.get("FOCUS.csv")!;
    const { rows } = await readCostReport(written.path);
    const corrections = rows.filter((r) => r.lineItemType === "Credit:Correction");
    expect(corrections.reduce((n, r) => n + r.lineItems, 0)).toBe(
      written.byLineItemType.Refund.rows,
    );
  });

  it.each(FORMATS)(
    "should read the same rows from CSV.gz and Parquet twins when the format is %s",
    async (format) => {
      const csv = await readCostReport(generated.get(`${format}.csv`)!.path);
      const gz = await readCostReport(generated.get(`${format}.csv.gz`)!.path);
      const parquet = await readCostReport(generated.get(`${format}.parquet`)!.path);
      expect(gz.rows).toEqual(csv.rows);
      expect(parquet.rows).toEqual(csv.rows);
      const unnamed = { file: "", contentHash: "", parts: [] };
      expect({ ...gz.summary, ...unnamed }).toEqual({ ...csv.summary, ...unnamed });
      expect({ ...parquet.summary, ...unnamed }).toEqual({ ...csv.summary, ...unnamed });
      expect(
        new Set([csv.summary.contentHash, gz.summary.contentHash, parquet.summary.contentHash])
          .size,
      ).toBe(3);
    },
  );
});

describe("readCostReport on bad files", { timeout: 30_000 }, () => {
  const focus = (): string[] =>
    readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv"), "utf8").split("\n");

  it("should name the line and the column when a cost is not a number", async () => {
    const lines = focus();
    lines[500] = lines[500]!.replace(/^([^,]*),([^,]*),/, "$1,12..5,");
    const path = join(work, "bad-cost.csv");
    await writeFile(path, lines.join("\n"));
    const error = await expectCostReportError(readCostReport(path), {
      code: "CORRUPT_ROW",
      line: 501,
      column: "BilledCost",
    });
    expect(error.message).toContain("bad-cost.csv, line 501");
    expect(error.message).toContain('"12..5"');
  });

  it("should name the line when a row has an extra column", async () => {
    const lines = focus();
    lines[41] = `${lines[41]},"extra"`;
    const path = join(work, "extra-column.csv");
    await writeFile(path, lines.join("\n"));
    await expectCostReportError(readCostReport(path), { code: "CORRUPT_ROW", line: 42 });
  });

  it("should name the line and the column when a date is not a date", async () => {
    const lines = focus();
    lines[7] = lines[7]!.replace(
      /"2024-09-\d\d \d\d:00:00","(2024-09-\d\d \d\d:00:00)"/,
      '"$1","yesterday"',
    );
    const path = join(work, "bad-date.csv");
    await writeFile(path, lines.join("\n"));
    await expectCostReportError(readCostReport(path), {
      code: "CORRUPT_ROW",
      line: 8,
      column: "ChargePeriodStart",
    });
  });

  it("should fail when the gzip stream is truncated in the middle", async () => {
    const path = join(work, "truncated.csv.gz");
    const whole = gzipSync(readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv")));
    await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await expectCostReportError(readCostReport(path), { code: "CORRUPT_FILE" });
    expect(error.message).toMatch(/truncated\.csv\.gz: .*truncated/);
  });

  it("should fail when a gzip stream's checksum does not match its data", async () => {
    const gz = gzipSync(readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv")));
    // The trailer is the CRC-32 of the data, then its length: DuckDB checks neither.
    gz[gz.length - 8] = (gz[gz.length - 8] ?? 0) ^ 0xff;
    const path = join(work, "bad-crc.csv.gz");
    await writeFile(path, gz);
    const error = await expectCostReportError(readCostReport(path), { code: "CORRUPT_FILE" });
    expect(error.message).toMatch(/bad-crc\.csv\.gz: the gzip stream is corrupt/);
  });

  it("should hash every byte of a file several read buffers long, gzip'd or not", async () => {
    const text = readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv"), "utf8");
    const [header, ...records] = text.trimEnd().split("\n");
    // About 3 MiB of CSV: more than two of the check's 1 MiB reads, the last one partial.
    const body = Array.from({ length: Math.ceil((3 * 1024 * 1024) / text.length) }, () =>
      records.join("\n"),
    ).join("\n");
    const csv = Buffer.from(`${header}\n${body}\n`);
    const plain = join(work, "long.csv");
    const zipped = join(work, "long.csv.gz");
    // Level 0 keeps the gzip file as long as the CSV, so that it too spans several reads.
    await writeFile(plain, csv);
    await writeFile(zipped, gzipSync(csv, { level: 0 }));
    for (const path of [plain, zipped]) {
      const { summary } = await readCostReport(path);
      expect(summary.contentHash).toBe(
        createHash("sha256").update(readFileSync(path)).digest("hex"),
      );
      expect(summary.rowsRead).toBe(body.split("\n").length);
    }
  });

  it("should fail when a gzip stream ends on a whole line without its trailer", async () => {
    // DuckDB alone reads this file without complaint: the cut falls between two records.
    const text = readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv"), "utf8");
    const cut = text.slice(0, text.indexOf("\n", text.length / 2) + 1);
    const gz = gzipSync(cut);
    const path = join(work, "no-trailer.csv.gz");
    await writeFile(path, gz.subarray(0, gz.length - 8));
    await expectCostReportError(readCostReport(path), { code: "CORRUPT_FILE" });
  });

  it("should name the missing columns when the header is of no known format", async () => {
    const path = join(work, "invoice-export.csv");
    await writeFile(path, "Account,Month,Amount\n123456789012,2026-01,10.00\n");
    const error = await expectCostReportError(readCostReport(path), {
      code: "UNKNOWN_FORMAT",
      line: 1,
    });
    expect(error.message).toContain("invoice-export.csv");
    expect(error.message).toContain("lineItem/UnblendedCost");
    expect(error.message).toContain("BilledCost");
  });

  it("should list what is missing when a header is nearly FOCUS", async () => {
    const lines = focus();
    lines[0] = lines[0]!.replace('"SubAccountId"', '"SubAccount"');
    const path = join(work, "almost-focus.csv");
    await writeFile(path, lines.join("\n"));
    const error = await expectCostReportError(readCostReport(path), {
      code: "UNKNOWN_FORMAT",
      column: "SubAccountId",
    });
    expect(error.message).toContain("FOCUS");
  });

  it("should fail with the file named when the file is empty, a ZIP archive or missing", async () => {
    const empty = join(work, "empty.csv");
    await writeFile(empty, "");
    await expectCostReportError(readCostReport(empty), { code: "UNKNOWN_FORMAT" });
    const zip = join(work, "report.zip");
    await writeFile(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    await expectCostReportError(readCostReport(zip), { code: "UNKNOWN_FORMAT" });
    const missing = join(work, "missing.csv");
    const error = await expectCostReportError(readCostReport(missing), { code: "UNREADABLE" });
    expect(error.file).toBe(missing);
  });

  it("should fail when a Parquet file is cut short", async () => {
    const { path: source } = await generateCostReport({
      format: "CUR_LEGACY",
      rows: 100,
      month: "2026-01",
      out: join(work, "whole.parquet"),
      parquet: true,
    });
    const path = join(work, "cut.parquet");
    const whole = readFileSync(source);
    await writeFile(path, whole.subarray(0, whole.length - 100));
    await expectCostReportError(readCostReport(path), { code: "CORRUPT_FILE" });
  });
});

describe("readCostReport on the parts of a delivery", { timeout: 30_000 }, () => {
  const focusLines = (): string[] =>
    readFileSync(join(SAMPLES, "focus-1.0-sample-1000.csv"), "utf8").trimEnd().split("\n");

  /** The FOCUS sample cut into parts, each with the header. */
  async function focusParts(name: string, count: number): Promise<string[]> {
    const [header, ...rows] = focusLines();
    const size = Math.ceil(rows.length / count);
    const paths: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = join(work, `${name}-${i + 1}.csv`);
      await writeFile(path, [header, ...rows.slice(i * size, (i + 1) * size)].join("\n"));
      paths.push(path);
    }
    return paths;
  }

  it("should read every part in one pass to the totals of the whole file", async () => {
    const whole = join(SAMPLES, "focus-1.0-sample-1000.csv");
    const parts = await focusParts("focus-part", 4);
    const report = await readCostReport(parts);
    expect(report.summary.rowsRead).toBe(readRecords(whole).length);
    expect(reportedTotals(report)).toEqual(independentTotals(whole, "FOCUS"));
    expect(report.rows).toEqual(sample("focus-1.0-sample-1000.csv").rows);
    const hashes = parts.map((part) =>
      createHash("sha256").update(readFileSync(part)).digest("hex"),
    );
    expect(report.summary.parts).toEqual(
      parts.map((file, index) => ({ file, contentHash: hashes[index] })),
    );
    expect(report.summary.contentHash).toBe(combinedHash(hashes));
  });

  it("should read gzip'd generated parts to the sum of what was written in each", async () => {
    const results: GenerateResult[] = [];
    for (let part = 1; part <= 3; part++)
      results.push(
        await generateCostReport({
          format: "CUR2",
          rows: 1500,
          month: "2026-02",
          out: join(work, `cur2-part-${part}.csv.gz`),
          seed: "parts",
          rowSeed: `part-${part}`,
          gzip: true,
        }),
      );
    const report = await readCostReport(results.map((r) => r.path));
    const expected = results
      .reduce((total, r) => total.plus(r.unblendedCost), new Exact(0))
      .toFixed(12);
    expect(report.summary.rowsRead).toBe(4500);
    expect(report.summary.periods.map((p) => p.unblendedCost)).toEqual([expected]);
    expect(results[0]?.unblendedCost).not.toBe(results[1]?.unblendedCost);
  });

  it("should name the part and its line when one part has a bad cost", async () => {
    const parts = await focusParts("focus-bad", 3);
    const lines = readFileSync(parts[1]!, "utf8").split("\n");
    lines[40] = lines[40]!.replace(/^([^,]*),([^,]*),/, "$1,12..5,");
    await writeFile(parts[1]!, lines.join("\n"));
    const error = await expectCostReportError(readCostReport(parts), {
      code: "CORRUPT_ROW",
      line: 41,
      column: "BilledCost",
    });
    expect(error.file).toBe(parts[1]);
  });

  it("should refuse a part whose header differs, or whose container differs, naming it", async () => {
    const parts = await focusParts("focus-header", 2);
    const lines = readFileSync(parts[1]!, "utf8").split("\n");
    lines[0] = lines[0]!.replace('"ChargeClass",', "");
    await writeFile(parts[1]!, lines.join("\n"));
    const header = await expectCostReportError(readCostReport(parts), {
      code: "UNKNOWN_FORMAT",
      line: 1,
    });
    expect(header.file).toBe(parts[1]);
    expect(header.message).toContain("header differs from the first part's (focus-header-1.csv)");

    const gzipped = join(work, "focus-header-2.csv.gz");
    await writeFile(gzipped, gzipSync(readFileSync(parts[0]!)));
    const kind = await expectCostReportError(readCostReport([parts[0]!, gzipped]), {
      code: "UNKNOWN_FORMAT",
    });
    expect(kind.file).toBe(gzipped);
  });

  it("should read the provider from ServiceProviderName when a FOCUS 1.3 file has no ProviderName", async () => {
    const [header, ...rows] = focusLines();
    const path = join(work, "focus-1.3.csv");
    await writeFile(
      path,
      [header!.replace('"ProviderName"', '"ServiceProviderName"'), ...rows].join("\n"),
    );
    const report = await readCostReport(path);
    expect(report.summary.providers).toEqual(["AWS", "Microsoft", "Oracle"]);
    expect(report.rows).toEqual(sample("focus-1.0-sample-1000.csv").rows);

    // Neither ProviderName nor ServiceProviderName: the invoice issuer is read instead.
    const issuer = join(work, "focus-1.3-issuer.csv");
    await writeFile(
      issuer,
      [header!.replace('"ProviderName"', '"LegacyProvider"'), ...rows].join("\n"),
    );
    const issuers = new Set(readRecords(issuer).map((record) => record.InvoiceIssuerName));
    expect(issuers.size).toBeGreaterThan(3);
    expect((await readCostReport(issuer)).summary.providers).toEqual([...issuers].sort());
  });
});
