import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINE_ITEM_TYPES } from "./catalog.js";
import { parseCliOptions, UsageError } from "./cli-options.js";
import { type ReportFormat } from "./columns.js";
import { generateDelivery } from "./delivery.js";
import { generateCostReport, type GenerateOptions } from "./generate-report.js";
import { divideRounded, formatScaled, formatScaledExponent } from "./line-items.js";

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "billing-generator-test-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function options(overrides: Partial<GenerateOptions>): GenerateOptions {
  return {
    format: "CUR_LEGACY",
    rows: 2000,
    month: "2026-05",
    out: join(work, "out.csv"),
    ...overrides,
  };
}

function records(path: string): string[][] {
  const raw = readFileSync(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString("utf8");
  // relax_column_count false: a row with a stray comma fails here.
  return parse(text, { relax_column_count: false }) as string[][];
}

/** A decimal string (plain or exponent notation) as an integer in units of 1e-10, exactly. */
function scaled(value: string): bigint {
  if (value === "") return 0n;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
  if (!match) throw new Error(`not a decimal: ${value}`);
  const [, sign = "", whole = "", written = "", exponent = "0"] = match;
  // Trailing zeros carry no value (the result's sums have 12 decimals).
  const fraction = written.replace(/0+$/, "");
  const shift = 10 + Number(exponent) - fraction.length;
  const digits = BigInt(`${whole}${fraction}` || "0");
  if (shift < 0) throw new Error(`more than 10 decimals: ${value}`);
  const magnitude = digits * 10n ** BigInt(shift);
  return sign === "-" ? -magnitude : magnitude;
}

function column(rows: string[][], name: string): string[] {
  const index = rows[0]!.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return rows.slice(1).map((row) => row[index]!);
}

const COST_COLUMNS: Record<
  ReportFormat,
  { cost: string; list: string; type: string; account: string }
> = {
  CUR_LEGACY: {
    cost: "lineItem/UnblendedCost",
    list: "pricing/publicOnDemandCost",
    type: "lineItem/LineItemType",
    account: "lineItem/UsageAccountId",
  },
  CUR2: {
    cost: "line_item_unblended_cost",
    list: "pricing_public_on_demand_cost",
    type: "line_item_line_item_type",
    account: "line_item_usage_account_id",
  },
  FOCUS: { cost: "BilledCost", list: "ListCost", type: "ChargeCategory", account: "SubAccountId" },
};

describe("generateCostReport", { timeout: 30_000 }, () => {
  it.each(["CUR_LEGACY", "CUR2", "FOCUS"] as const)(
    "should write well-formed rows whose totals match the result when the format is %s",
    async (format) => {
      const out = join(work, `${format}.csv`);
      const result = await generateCostReport(options({ format, out }));
      const rows = records(out);
      expect(rows).toHaveLength(2001);
      expect(result.rows).toBe(2000);
      const names = COST_COLUMNS[format];
      const total = column(rows, names.cost).reduce((sum, v) => sum + scaled(v), 0n);
      const list = column(rows, names.list).reduce((sum, v) => sum + scaled(v), 0n);
      expect(formatScaled(total, 10)).toBe(formatScaled(scaled(result.unblendedCost), 10));
      expect(formatScaled(list, 10)).toBe(formatScaled(scaled(result.listCost), 10));
      const accounts = new Set(column(rows, names.account).filter((a) => a !== ""));
      expect(accounts).toEqual(new Set(result.payeeAccountIds));
    },
  );

  it("should write about 60 CUR legacy columns named like AWS's", async () => {
    const out = join(work, "columns.csv");
    await generateCostReport(options({ rows: 1, out }));
    const header = records(out)[0]!;
    expect(header.length).toBeGreaterThanOrEqual(60);
    for (const prefix of [
      "identity/",
      "bill/",
      "lineItem/",
      "product/",
      "pricing/",
      "reservation/",
      "savingsPlan/",
    ]) {
      expect(
        header.some((name) => name.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it("should mix every line item type, with list cost at least the cost of discounted lines", async () => {
    const out = join(work, "mix.csv");
    const result = await generateCostReport(options({ rows: 5000, out, seed: "mix" }));
    const rows = records(out);
    const types = column(rows, "lineItem/LineItemType");
    expect(new Set(types)).toEqual(new Set(LINE_ITEM_TYPES));
    const costs = column(rows, "lineItem/UnblendedCost");
    const lists = column(rows, "pricing/publicOnDemandCost");
    types.forEach((type, i) => {
      if (type === "DiscountedUsage" || type === "SavingsPlanCoveredUsage") {
        expect(scaled(lists[i]!) >= scaled(costs[i]!)).toBe(true);
      }
      if (type === "Credit" || type === "Refund") expect(scaled(costs[i]!) < 0n).toBe(true);
    });
    for (const type of LINE_ITEM_TYPES) {
      expect(result.byLineItemType[type].rows).toBe(types.filter((t) => t === type).length);
    }
    // Real reports write tiny amounts in exponent notation; so does the generator.
    expect(costs.some((cost) => /E-\d+$/.test(cost))).toBe(true);
  });

  it("should derive valid, distinct 12-digit payee ids from the seed", async () => {
    const a = await generateCostReport(
      options({ rows: 10, payees: 50, seed: 7, out: join(work, "a.csv") }),
    );
    const b = await generateCostReport(
      options({ rows: 10, payees: 50, seed: 7, out: join(work, "b.csv") }),
    );
    const c = await generateCostReport(
      options({ rows: 10, payees: 50, seed: 8, out: join(work, "c.csv") }),
    );
    expect(a.payeeAccountIds).toHaveLength(50);
    expect(new Set(a.payeeAccountIds).size).toBe(50);
    for (const id of [...a.payeeAccountIds, a.payerAccountId]) expect(id).toMatch(/^\d{12}$/);
    expect(a.payeeAccountIds).not.toContain(a.payerAccountId);
    expect(b.payeeAccountIds).toEqual(a.payeeAccountIds);
    expect(c.payeeAccountIds).not.toEqual(a.payeeAccountIds);
  });

  it("should write the same bytes when the options and seed are the same", async () => {
    const hash = (path: string): string =>
      createHash("sha256").update(readFileSync(path)).digest("hex");
    await generateCostReport(
      options({ format: "FOCUS", out: join(work, "x.csv.gz"), gzip: true, seed: "s" }),
    );
    await generateCostReport(
      options({ format: "FOCUS", out: join(work, "y.csv.gz"), gzip: true, seed: "s" }),
    );
    await generateCostReport(
      options({ format: "FOCUS", out: join(work, "z.csv.gz"), gzip: true, seed: "t" }),
    );
    expect(hash(join(work, "x.csv.gz"))).toBe(hash(join(work, "y.csv.gz")));
    expect(hash(join(work, "x.csv.gz"))).not.toBe(hash(join(work, "z.csv.gz")));
  });

  it("should write the same Parquet file when the seed is the same, and no temporary files", async () => {
    const hash = (path: string): string =>
      createHash("sha256").update(readFileSync(path)).digest("hex");
    const dir = await mkdtemp(join(work, "parquet-"));
    for (const name of ["p.parquet", "q.parquet"]) {
      await generateCostReport(
        options({ rows: 300, out: join(dir, name), parquet: true, seed: "pq" }),
      );
    }
    expect(readFileSync(join(dir, "p.parquet")).subarray(0, 4).toString()).toBe("PAR1");
    expect(hash(join(dir, "p.parquet"))).toBe(hash(join(dir, "q.parquet")));
    expect(readdirSync(dir).sort()).toEqual(["p.parquet", "q.parquet"]);
  });

  it("should use the payer, month, currency and invoice id given", async () => {
    const out = join(work, "given.csv");
    await generateCostReport(
      options({
        rows: 20,
        out,
        payer: "012345678901",
        month: "2025-12",
        currency: "EUR",
        invoiceId: "INV-1",
      }),
    );
    const rows = records(out);
    expect(new Set(column(rows, "bill/PayerAccountId"))).toEqual(new Set(["012345678901"]));
    expect(new Set(column(rows, "bill/BillingPeriodStartDate"))).toEqual(
      new Set(["2025-12-01T00:00:00Z"]),
    );
    expect(new Set(column(rows, "bill/BillingPeriodEndDate"))).toEqual(
      new Set(["2026-01-01T00:00:00Z"]),
    );
    expect(new Set(column(rows, "lineItem/CurrencyCode"))).toEqual(new Set(["EUR"]));
    expect(new Set(column(rows, "bill/InvoiceId"))).toEqual(new Set(["INV-1"]));
    for (const start of column(rows, "lineItem/UsageStartDate"))
      expect(start.startsWith("2025-12-")).toBe(true);
  });

  it("should write only the header when there are no rows", async () => {
    const out = join(work, "empty.csv");
    const result = await generateCostReport(options({ rows: 0, out }));
    expect(records(out)).toHaveLength(1);
    expect(result.unblendedCost).toBe("0.000000000000");
  });

  it("should reject options that cannot make a valid report", async () => {
    await expect(generateCostReport(options({ month: "2026-13" }))).rejects.toThrow(RangeError);
    await expect(generateCostReport(options({ payer: "12345" }))).rejects.toThrow(RangeError);
    await expect(generateCostReport(options({ gzip: true, parquet: true }))).rejects.toThrow(
      RangeError,
    );
  });
});

describe("money formatting", () => {
  it("should format scaled integers exactly in plain and exponent notation", () => {
    expect(formatScaled(1234n, 10)).toBe("0.0000001234");
    expect(formatScaled(-50_000_000_000n, 10)).toBe("-5");
    expect(formatScaledExponent(1200n, 10)).toBe("1.2E-7");
    expect(formatScaledExponent(-55_200n, 10)).toBe("-5.52E-6");
    expect(scaled(formatScaledExponent(987_654_321n, 10))).toBe(987_654_321n);
  });

  it("should round half away from zero when dividing", () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(-14n, 10n)).toBe(-1n);
  });
});

describe("parseCliOptions", () => {
  it("should read every option when all are given", () => {
    expect(
      parseCliOptions([
        "--format",
        "focus",
        "--rows",
        "1_000_000",
        "--month",
        "2026-01",
        "--payer",
        "111122223333",
        "--payees",
        "40",
        "--seed",
        "42",
        "--gzip",
        "--out",
        "x.csv.gz",
        "--invoice-id",
        "7",
      ]),
    ).toEqual({
      format: "FOCUS",
      rows: 1_000_000,
      month: "2026-01",
      out: "x.csv.gz",
      payer: "111122223333",
      payees: 40,
      seed: "42",
      gzip: true,
      parquet: false,
      currency: "USD",
      invoiceId: "7",
    });
  });

  it("should refuse bad arguments when they are given", () => {
    expect(() => parseCliOptions(["--format", "csv", "--out", "x"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--rows", "10"])).toThrow(/--out is required/);
    expect(() => parseCliOptions(["--out", "x", "--payer", "12"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--out", "x", "--gzip", "--parquet"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--out", "x", "--bogus"])).toThrow(UsageError);
    expect(parseCliOptions(["--help"])).toBe("help");
  });
});

describe("generateDelivery", () => {
  it("should write a CUR legacy month as parts of one assembly named by the period's manifest", async () => {
    const root = join(work, "bucket-legacy");
    const result = await generateDelivery({
      root,
      prefix: "cur/daily",
      name: "acme",
      format: "CUR_LEGACY",
      month: "2026-02",
      parts: 3,
      rowsPerPart: 400,
      seed: "legacy",
      gzip: true,
    });
    expect(result.manifestKey).toBe("cur/daily/acme/20260201-20260301/acme-Manifest.json");
    const manifest = JSON.parse(readFileSync(join(root, result.manifestKey), "utf8"));
    expect(manifest.assemblyId).toBe(result.assemblyId);
    expect(manifest.reportKeys).toEqual(
      [1, 2, 3].map((n) => `cur/daily/acme/20260201-20260301/${result.assemblyId}/acme-${n}.csv.gz`),
    );
    // Independent of the generator's own totals: every row of every part, summed exactly.
    let total = 0n;
    let rows = 0;
    const firstRows = new Set<string>();
    for (const [index, key] of (manifest.reportKeys as string[]).entries()) {
      const part = records(join(root, key));
      rows += part.length - 1;
      for (const cost of column(part, "lineItem/UnblendedCost")) total += scaled(cost);
      // The parts hold different rows, not one part written three times.
      const lines = part.slice(1).map((r) => r.join(","));
      if (index === 0) lines.forEach((line) => firstRows.add(line));
      else expect(lines.filter((line) => firstRows.has(line)).length).toBeLessThan(lines.length);
    }
    expect(rows).toBe(1200);
    expect(result.rows).toBe(1200);
    expect(formatScaled(total, 10)).toBe(formatScaled(scaled(result.unblendedCost), 10));
  });

  it("should write a Data Export month with dataFiles and a new execution id for a new assembly", async () => {
    const root = join(work, "bucket-export");
    const first = await generateDelivery({
      root,
      prefix: "exports",
      name: "focus",
      format: "FOCUS",
      month: "2026-03",
      parts: 2,
      rowsPerPart: 300,
      seed: "export",
      gzip: true,
      bucket: "acme-billing",
    });
    const second = await generateDelivery({
      root,
      prefix: "exports",
      name: "focus",
      format: "FOCUS",
      month: "2026-03",
      parts: 2,
      rowsPerPart: 300,
      seed: "export",
      gzip: true,
      bucket: "acme-billing",
      assembly: 2,
    });
    expect(second.manifestKey).toBe(
      "exports/focus/metadata/BILLING_PERIOD=2026-03/focus-Manifest.json",
    );
    const manifest = JSON.parse(readFileSync(join(root, second.manifestKey), "utf8"));
    expect(manifest.executionId).toBe(second.assemblyId);
    expect(second.assemblyId).not.toBe(first.assemblyId);
    expect(manifest.dataFiles).toEqual([
      "s3://acme-billing/exports/focus/data/BILLING_PERIOD=2026-03/focus-00001.csv.gz",
      "s3://acme-billing/exports/focus/data/BILLING_PERIOD=2026-03/focus-00002.csv.gz",
    ]);
    let total = 0n;
    for (const key of second.partKeys)
      for (const cost of column(records(join(root, key)), "BilledCost")) total += scaled(cost);
    expect(formatScaled(total, 10)).toBe(formatScaled(scaled(second.unblendedCost), 10));
    // Same accounts, different rows: a new execution rewrote the month.
    expect(second.payeeAccountIds).toEqual(first.payeeAccountIds);
    expect(second.unblendedCost).not.toBe(first.unblendedCost);
  });
});
