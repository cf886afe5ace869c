import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { isUsageType, LINE_ITEM_TYPES, type LineItemType } from "./catalog.js";
import { columnsFor, type Column, type ReportFormat } from "./columns.js";
import { AMOUNT_SCALE, COST_SCALE, createPlan, formatScaled, lineItems } from "./line-items.js";

export interface GenerateOptions {
  format: ReportFormat;
  rows: number;
  /** Billing period, "YYYY-MM". */
  month: string;
  out: string;
  /** 12 digits; derived from the seed when absent. */
  payer?: string;
  /** Number of linked (usage) accounts; 12-digit ids derived from the seed. Default 20. */
  payees?: number;
  seed?: string | number;
  /** Seeds the rows only (the accounts stay the seed's): parts of one month differ by this. */
  rowSeed?: string | number;
  gzip?: boolean;
  parquet?: boolean;
  currency?: string;
  /** Sets bill/InvoiceId (a final month); blank by default (not final yet). */
  invoiceId?: string;
}

export interface TypeTotal {
  rows: number;
  unblendedCost: string;
}

export interface GenerateResult {
  path: string;
  format: ReportFormat;
  rows: number;
  bytes: number;
  billingPeriod: string;
  payerAccountId: string;
  payeeAccountIds: string[];
  currency: string;
  /**
   * Exact sums of what was written, with {@link SUM_SCALE} decimals (how the collector prints
   * money, so they compare as strings): the oracle for reconciliation.
   * `usageAmount` sums the format's usage column (FOCUS ConsumedQuantity is for usage only).
   */
  unblendedCost: string;
  listCost: string;
  usageAmount: string;
  byLineItemType: Record<LineItemType, TypeTotal>;
}

const CHUNK_BYTES = 1 << 20;

export async function generateCostReport(options: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(options.rows) || options.rows < 0)
    throw new RangeError(`rows must be a non-negative integer, got ${options.rows}`);
  if (options.gzip && options.parquet) throw new RangeError("choose --gzip or --parquet, not both");
  const seed = options.seed ?? 1;
  const plan = createPlan({
    month: options.month,
    payer: options.payer,
    payees: options.payees ?? 20,
    seed,
    currency: options.currency ?? "USD",
    invoiceId: options.invoiceId,
  });
  const columns = columnsFor(options.format, plan);
  const totals = {
    unblended: 0n,
    list: 0n,
    amount: 0n,
    byType: new Map<LineItemType, { rows: number; unblended: bigint }>(
      LINE_ITEM_TYPES.map((type) => [type, { rows: 0, unblended: 0n }]),
    ),
  };

  // Rows are encoded straight into a reused buffer: no joined batch strings to copy again.
  function* chunks(): Generator<Buffer> {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = buffer.write(`${columns.map(([header]) => header).join(",")}\n`);
    for (const item of lineItems(plan, options.rows, options.rowSeed ?? seed)) {
      const line = row(columns, item);
      if (used + line.length * 3 + 1 > CHUNK_BYTES) {
        yield Buffer.from(buffer.subarray(0, used));
        used = 0;
      }
      used += buffer.write(line, used);
      buffer[used++] = 0x0a;
      totals.unblended += item.unblendedCost;
      totals.list += item.listCost ?? 0n;
      // FOCUS has a consumed quantity for usage only (none for RI fees).
      if (options.format !== "FOCUS" || isUsageType(item.type)) totals.amount += item.amount ?? 0n;
      const byType = totals.byType.get(item.type);
      if (byType) {
        byType.rows += 1;
        byType.unblended += item.unblendedCost;
      }
    }
    if (used > 0) yield Buffer.from(buffer.subarray(0, used));
  }

  const csvPath = options.parquet ? `${options.out}.${process.pid}.tmp.csv` : options.out;
  try {
    const source = Readable.from(chunks());
    if (options.gzip)
      await pipeline(source, createGzip({ chunkSize: CHUNK_BYTES }), createWriteStream(csvPath));
    else await pipeline(source, createWriteStream(csvPath));
    if (options.parquet) await csvToParquet(csvPath, options.out, columns);
  } finally {
    if (options.parquet) {
      await rm(csvPath, { force: true });
      await rm(`${options.out}.${process.pid}.tmp.duckdb`, { recursive: true, force: true });
    }
  }

  const byLineItemType = Object.fromEntries(
    [...totals.byType].map(([type, t]) => [
      type,
      { rows: t.rows, unblendedCost: formatSum(t.unblended, COST_SCALE) },
    ]),
  ) as Record<LineItemType, TypeTotal>;
  return {
    path: options.out,
    format: options.format,
    rows: options.rows,
    bytes: (await stat(options.out)).size,
    billingPeriod: plan.billingPeriod,
    payerAccountId: plan.payerAccountId,
    payeeAccountIds: [...plan.payeeAccountIds],
    currency: plan.currency,
    unblendedCost: formatSum(totals.unblended, COST_SCALE),
    listCost: formatSum(totals.list, COST_SCALE),
    usageAmount: formatSum(totals.amount, AMOUNT_SCALE),
    byLineItemType,
  };
}

// Joining an array copies each field once; `+=` would build rope strings that are slow to flatten.
function row(columns: readonly Column[], item: Parameters<Column[1]>[0]): string {
  const fields = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) fields[i] = (columns[i] as Column)[1](item);
  return fields.join(",");
}

/** Exactly `scale` decimals ("12.5000000000"), the way the ingest prints amounts. */
/** Decimals of the sums: the collector stores and prints costs and amounts with 12. */
export const SUM_SCALE = 12;

/** `value` counted in 10^-scale units, printed with exactly {@link SUM_SCALE} decimals. */
function formatSum(value: bigint, scale: number): string {
  const plain = formatScaled(value * 10n ** BigInt(SUM_SCALE - scale), SUM_SCALE);
  const [whole, fraction = ""] = plain.split(".");
  return `${whole}.${fraction.padEnd(SUM_SCALE, "0")}`;
}

// Real Parquet reports come from AWS; ours are the CSV twin converted by DuckDB, every column
// kept as text so that both files hold the same values.
async function csvToParquet(
  csvPath: string,
  out: string,
  columns: readonly Column[],
): Promise<void> {
  const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  const struct = columns.map(([header]) => `${literal(header)}: 'VARCHAR'`).join(", ");
  // The memory cap keeps the conversion bounded whatever the row count (DuckDB spills past it);
  // insertion order is kept so that a seed always writes the same file.
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: "512MB",
    temp_directory: `${out}.${process.pid}.tmp.duckdb`,
  });
  try {
    const connection = await instance.connect();
    try {
      await connection.run(
        `COPY (SELECT * FROM read_csv(${literal(csvPath)}, auto_detect = false, header = true, ` +
          `delim = ',', quote = '"', escape = '"', strict_mode = true, columns = {${struct}})) ` +
          `TO ${literal(out)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536)`,
      );
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
