import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { CostReportError } from "./cost-report.errors.js";
import { checkFile, probeFile, readCsvHeader, type FileKind } from "./report-file.js";
import {
  detectFormat,
  type ColumnRole,
  type FormatSpec,
  type ReportFormat,
} from "./report-formats.js";
import {
  costQuery,
  csvAlias,
  csvScan,
  diagnosticTypes,
  MACROS,
  MONEY_TYPE,
  parquetScan,
  type Source,
} from "./report-query.js";
import { describeDuckDbError } from "./duckdb-errors.js";
import { inSpan } from "../../../tracing/spans.js";

export { CostReportError, type CostReportErrorCode } from "./cost-report.errors.js";
export { type ReportFormat } from "./report-formats.js";

/** One day of cost for one (period, payer, usage account, service, line item type, currency). */
export interface DailyCostRow {
  /** "YYYY-MM", the bill's period. */
  billingPeriod: string;
  /** "YYYY-MM-DD", the UTC day the usage started. */
  usageDate: string;
  /** As in the file: anonymized reports have 11- or 13-digit ids, other providers other shapes. */
  payerAccountId: string;
  /** "" when the file has none (some tax lines): the collector reports it as unallocated. */
  usageAccountId: string;
  /** CUR: lineItem/ProductCode (product/ProductName when empty). FOCUS: ServiceName. */
  serviceCode: string;
  /** CUR: lineItem/LineItemType. FOCUS: ChargeCategory, with ":Correction" when ChargeClass says so. */
  lineItemType: string;
  currency: string;
  /** Exact decimal with 12 decimals ("12.340000000000"). */
  unblendedCost: string;
  /** Public on-demand cost (CUR pricing/publicOnDemandCost, FOCUS ListCost); zero when absent. */
  listCost: string;
  usageAmount: string;
  /** Source rows aggregated into this row. */
  lineItems: number;
}

export interface ReportPeriod {
  billingPeriod: string;
  payerAccountId: string;
  /** Set when every row of the period carries an invoice id (a final month); ids joined by ",". */
  invoiceId: string | null;
  rows: number;
  unblendedCost: string;
}

export interface ReportSummary {
  format: ReportFormat;
  file: string;
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  rowsRead: number;
  periods: ReportPeriod[];
  /** FOCUS ProviderName values seen; ["AWS"] for CUR. */
  providers: string[];
  /** Every file read, with its own hash: one for a single file, all parts for a delivery. */
  parts: { file: string; contentHash: string }[];
}

export interface ReadOptions {
  /** Rows read so far: 0 at the start, the total at the end. */
  onProgress?: (rowsRead: number) => void;
  /** DuckDB's own estimate of the scan's progress, 0 to 1, a few times a second. */
  onScanProgress?: (fraction: number) => void;
}

export interface CostReport {
  summary: ReportSummary;
  rows: DailyCostRow[];
}

const PROGRESS_INTERVAL_MS = 250;
// With Node's own ~100 MiB, this keeps an ingest under the 512 MiB the benchmark allows.
const DUCKDB_MEMORY_LIMIT = "384MB";

/**
 * Reads one cost report (CUR legacy, CUR 2.0 or FOCUS; CSV, gzip'd CSV or Parquet) into daily
 * cost rows: one file, or all the parts of a delivery in one query. DuckDB scans and aggregates; no source row and no amount passes through a
 * JS number. A bad file throws {@link CostReportError}; anything else is a bug.
 */
export async function readCostReport(
  input: string | readonly string[],
  options: ReadOptions = {},
): Promise<CostReport> {
  const files = typeof input === "string" ? [input] : [...input];
  const first = files[0];
  if (first === undefined) throw new Error("readCostReport needs at least one file");
  options.onProgress?.(0);
  const kind = await probeParts(files);
  // Hash (and for gzip, verify) the bytes while DuckDB scans them.
  const abort = new AbortController();
  const check = checkParts(files, kind === "gzip", abort.signal);
  let scanned: Scanned;
  try {
    scanned = await withGlobSafePaths(
      files.map((file) => resolve(file)),
      (safe) => scan(files, safe, kind, options),
    );
  } catch (error) {
    // A truncated gzip explains whatever DuckDB made of the cut rows; nothing else needs the
    // rest of the check.
    const explainable =
      error instanceof CostReportError &&
      (error.code === "CORRUPT_ROW" || error.code === "CORRUPT_FILE");
    if (!explainable) abort.abort();
    const { problem } = await check;
    if (explainable && problem) throw problem;
    // DuckDB's message names no part of a list: read them one by one to find the bad one. (A
    // format error was found by reading each part's header, and names its part already.)
    if (files.length > 1 && error instanceof CostReportError && error.code !== "UNKNOWN_FORMAT")
      await findBadPart(files);
    throw error;
  }
  const { hashes, problem } = await check;
  if (problem) throw problem;

  const contentHash = combinedHash(hashes);
  const report = assemble(scanned, first, contentHash);
  report.summary.parts = files.map((file, index) => ({ file, contentHash: hashes[index] ?? "" }));
  options.onProgress?.(report.summary.rowsRead);
  return report;
}

/**
 * The hash of a delivery: its parts' hashes, in the manifest's order. A delivery of one part
 * hashes as that file does, so that it is recognized however it arrived.
 */
export function combinedHash(hashes: readonly string[]): string {
  if (hashes.length === 1) return hashes[0] ?? "";
  return createHash("sha256").update(hashes.join("\n")).digest("hex");
}

async function probeParts(files: readonly string[]): Promise<FileKind> {
  let kind: FileKind | null = null;
  for (const file of files) {
    const probed = await probeFile(file);
    if (kind !== null && probed !== kind)
      throw new CostReportError(
        "UNKNOWN_FORMAT",
        file,
        `it is ${probed} but the first part of the delivery is ${kind}`,
      );
    kind = probed;
  }
  return kind ?? "csv";
}

// One part after the other: parallel hashing would take CPU from DuckDB's scan.
async function checkParts(
  files: readonly string[],
  gzip: boolean,
  signal: AbortSignal,
): Promise<{ hashes: string[]; problem: CostReportError | null }> {
  const hashes: string[] = [];
  for (const file of files) {
    const { contentHash, problem } = await checkFile(file, gzip, signal);
    if (problem) return { hashes, problem };
    hashes.push(contentHash);
  }
  return { hashes, problem: null };
}

async function findBadPart(files: readonly string[]): Promise<void> {
  for (const file of files) {
    try {
      await readCostReport(file);
    } catch (error) {
      if (error instanceof CostReportError) throw error;
    }
  }
}

/** One DuckDB query as a span (no statement text: it names the server's file paths). */
function duckdbQuery<T>(purpose: string, work: () => Promise<T>): Promise<T> {
  return inSpan("duckdb.query", { "db.system": "duckdb", "db.operation": purpose }, work);
}

interface Scanned {
  spec: FormatSpec;
  rows: DuckDBValue[][];
}

async function scan(
  files: readonly string[],
  paths: readonly string[],
  kind: FileKind,
  options: ReadOptions,
): Promise<Scanned> {
  // One instance per file: nothing is shared between concurrent reads, and closing it frees all.
  // DuckDB spills to its own temporary folder past the memory cap instead of growing.
  const spill = join(tmpdir(), `cost-report-${randomUUID()}`);
  const instance = await DuckDBInstance.create(":memory:", {
    threads: String(availableParallelism()),
    memory_limit: DUCKDB_MEMORY_LIMIT,
    temp_directory: spill,
    preserve_insertion_order: "false",
    autoinstall_known_extensions: "false",
  });
  try {
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const macro of MACROS) await connection.run(macro);
      const { spec, roles, source, names } = await identify(connection, files, paths, kind);
      try {
        const reader = await withProgress(
          connection,
          () =>
            duckdbQuery("aggregate", () =>
              connection.runAndReadAll(costQuery(spec, roles, source)),
            ),
          options.onScanProgress,
        );
        return { spec, rows: reader.getRows() };
      } catch (error) {
        throw await explain(error, connection, files[0] ?? "", spec, roles, source, names);
      }
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}

interface Identified {
  spec: FormatSpec;
  roles: ReadonlyMap<ColumnRole, number>;
  source: Source;
  /** Column names in file order. */
  names: readonly string[];
}

async function identify(
  connection: DuckDBConnection,
  files: readonly string[],
  paths: readonly string[],
  kind: FileKind,
): Promise<Identified> {
  const file = files[0] ?? "";
  const path = paths.length === 1 ? (paths[0] ?? "") : paths;
  let names: string[];
  let source: Source;
  if (kind === "parquet") {
    let described;
    try {
      described = await duckdbQuery("describe", () =>
        connection.runAndReadAll(`DESCRIBE SELECT * FROM ${parquetScan(path)}`),
      );
    } catch (error) {
      if (files.length > 1) await findBadPart(files);
      throw toCostReportError(error, file, [], "CORRUPT_FILE");
    }
    const rows = described.getRows();
    names = rows.map((row) => String(row[0]));
    source = { kind, path, names, types: rows.map((row) => String(row[1])) };
  } else {
    names = await readCsvHeader(file, kind === "gzip");
    // One query reads every part with the first part's columns: a part that differs is refused.
    for (const other of files.slice(1)) {
      const header = await readCsvHeader(other, kind === "gzip");
      if (header.join("\u0000") !== names.join("\u0000"))
        throw new CostReportError(
          "UNKNOWN_FORMAT",
          other,
          `its header differs from the first part's (${basename(file)})`,
          1,
        );
    }
    source = { kind: "csv", path, gzip: kind === "gzip", columnCount: names.length };
  }
  const detected = detectFormat(names);
  if (!detected.ok) {
    throw new CostReportError(
      "UNKNOWN_FORMAT",
      file,
      detected.detail,
      kind === "parquet" ? null : 1,
      detected.missing.length > 0 ? detected.missing.join(", ") : null,
    );
  }
  return { spec: detected.spec, roles: detected.columns, source, names };
}

/** Turns a DuckDB failure into a CostReportError, finding the line of a bad value if need be. */
async function explain(
  error: unknown,
  connection: DuckDBConnection,
  file: string,
  spec: FormatSpec,
  roles: ReadonlyMap<ColumnRole, number>,
  source: Source,
  names: readonly string[],
): Promise<unknown> {
  const described = describeDuckDbError(error, names);
  if (described === null) return error;
  if (described.line === null && described.code === "CORRUPT_ROW" && source.kind === "csv") {
    // The conversion ran in SQL, past the CSV reader that knows lines: read the columns again,
    // typed, so that the reader itself rejects the value and says where.
    for (const moneyType of ["DOUBLE", MONEY_TYPE] as const) {
      const types = diagnosticTypes(roles, moneyType);
      const counts = [...types.keys()].map((index) => `count(${csvAlias(index)})`).join(", ");
      try {
        await duckdbQuery("explain", () =>
          connection.run(`SELECT ${counts} FROM ${csvScan(source, spec, { types })}`),
        );
      } catch (second) {
        const located = describeDuckDbError(second, names);
        if (located !== null && located.line !== null) {
          return new CostReportError(
            located.code,
            file,
            located.detail,
            located.line,
            located.column,
          );
        }
      }
    }
  }
  return new CostReportError(
    described.code,
    file,
    described.detail,
    described.line,
    described.column,
  );
}

function toCostReportError(
  error: unknown,
  file: string,
  names: readonly string[],
  fallback: CostReportError["code"],
): unknown {
  const described = describeDuckDbError(error, names);
  if (described === null) return error;
  const code = described.code === "UNREADABLE" ? "UNREADABLE" : fallback;
  return new CostReportError(code, file, described.detail, described.line, described.column);
}

async function withProgress<T>(
  connection: DuckDBConnection,
  run: () => Promise<T>,
  onScanProgress: ((fraction: number) => void) | undefined,
): Promise<T> {
  if (!onScanProgress) return run();
  await connection.run("SET enable_progress_bar = true");
  await connection.run("SET enable_progress_bar_print = false");
  await connection.run("SET progress_bar_time = 0");
  let last = -1;
  // A throwing callback must fail the read, not crash the process from a timer.
  const failure: { error: Error | null } = { error: null };
  const timer = setInterval(() => {
    const percentage = connection.progress.percentage;
    if (percentage < 0 || percentage === last) return;
    last = percentage;
    try {
      onScanProgress(Math.min(1, percentage / 100));
    } catch (error) {
      failure.error ??= error instanceof Error ? error : new Error(String(error));
    }
  }, PROGRESS_INTERVAL_MS);
  try {
    const result = await run();
    if (failure.error !== null) throw failure.error;
    return result;
  } finally {
    clearInterval(timer);
  }
}

// DuckDB expands glob characters in file names; read such a file through a plain-named link.
async function withGlobSafePaths<T>(
  paths: readonly string[],
  read: (safe: readonly string[]) => Promise<T>,
): Promise<T> {
  if (!paths.some((path) => /[*?[\]]/.test(path))) return read(paths);
  const dir = await mkdtemp(join(tmpdir(), "cost-report-"));
  try {
    const safe: string[] = [];
    for (const [index, path] of paths.entries()) {
      if (!/[*?[\]]/.test(path)) {
        safe.push(path);
        continue;
      }
      const link = join(dir, `report-${index}`);
      await symlink(path, link);
      safe.push(link);
    }
    return await read(safe);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// One row of the query: a daily row, a period total, a period's invoice id, or a provider.
interface ResultRow {
  set: "day" | "period" | "invoice" | "provider";
  billingPeriod: string;
  usageDate: string;
  payer: string;
  account: string;
  service: string;
  type: string;
  currency: string;
  invoiceId: string | null;
  provider: string;
  unblendedCost: string;
  listCost: string;
  usageAmount: string;
  lineItems: number;
}

function toResultRow(values: readonly DuckDBValue[]): ResultRow {
  const cell = (index: number): DuckDBValue => values[index] ?? null;
  const text = (index: number): string => {
    const value = cell(index);
    if (value === null) return "";
    if (typeof value === "string") return value;
    throw new Error(`expected text from DuckDB in column ${index}, got ${typeof value}`);
  };
  const set =
    cell(0) === 0 ? "day" : cell(2) === 0 ? "provider" : cell(1) === 0 ? "invoice" : "period";
  return {
    set,
    billingPeriod: text(3),
    usageDate: text(4),
    payer: text(5),
    account: text(6),
    service: text(7),
    type: text(8),
    currency: text(9),
    invoiceId: cell(10) === null ? null : text(10),
    provider: text(11),
    unblendedCost: text(12),
    listCost: text(13),
    usageAmount: text(14),
    lineItems: Number(cell(15)),
  };
}

function assemble(scanned: Scanned, file: string, contentHash: string): CostReport {
  const rows: DailyCostRow[] = [];
  const periods = new Map<string, ReportPeriod>();
  const invoices = new Map<string, (string | null)[]>();
  const providers: string[] = [];
  for (const values of scanned.rows) {
    const row = toResultRow(values);
    const key = `${row.billingPeriod}\u0000${row.payer}`;
    switch (row.set) {
      case "day":
        rows.push({
          billingPeriod: row.billingPeriod,
          usageDate: row.usageDate,
          payerAccountId: row.payer,
          usageAccountId: row.account,
          serviceCode: row.service,
          lineItemType: row.type,
          currency: row.currency,
          unblendedCost: row.unblendedCost,
          listCost: row.listCost,
          usageAmount: row.usageAmount,
          lineItems: row.lineItems,
        });
        break;
      case "provider":
        providers.push(row.provider);
        break;
      case "invoice":
        invoices.set(key, [...(invoices.get(key) ?? []), row.invoiceId]);
        break;
      case "period":
        periods.set(key, {
          billingPeriod: row.billingPeriod,
          payerAccountId: row.payer,
          invoiceId: null,
          rows: row.lineItems,
          unblendedCost: row.unblendedCost,
        });
        break;
    }
  }
  for (const [key, period] of periods) {
    const ids = invoices.get(key) ?? [];
    // A month is final once AWS has invoiced all of it: one blank invoice id means not yet.
    if (ids.length > 0 && ids.every((id) => id !== null && id !== "")) {
      period.invoiceId = [...new Set(ids)].sort().join(",");
    }
  }
  const summaryPeriods = [...periods.values()];
  return {
    summary: {
      format: scanned.spec.format,
      file,
      contentHash,
      rowsRead: summaryPeriods.reduce((sum, period) => sum + period.rows, 0),
      periods: summaryPeriods,
      providers: providers.sort(),
      parts: [{ file, contentHash }],
    },
    rows,
  };
}
