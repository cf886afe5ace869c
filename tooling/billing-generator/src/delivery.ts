import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type ReportFormat } from "./columns.js";
import { generateCostReport, type GenerateOptions, type GenerateResult } from "./generate-report.js";

export interface DeliveryOptions extends Omit<GenerateOptions, "out" | "rows" | "rowSeed"> {
  /** The bucket's root folder: keys are relative to it. */
  root: string;
  /** The report's S3 prefix as configured in AWS ("" for none). */
  prefix: string;
  /** Report (CUR legacy) or export (CUR 2.0, FOCUS) name. */
  name: string;
  parts: number;
  rowsPerPart: number;
  /** A new value is a new assembly (CUR legacy) or execution (Data Exports) of the month. */
  assembly?: string | number;
  bucket?: string;
}

export interface DeliveryResult {
  layout: "CUR_LEGACY" | "DATA_EXPORT";
  format: ReportFormat;
  manifestKey: string;
  assemblyId: string;
  partKeys: string[];
  rows: number;
  billingPeriod: string;
  payerAccountId: string;
  payeeAccountIds: string[];
  /** Exact sums over every part, printed as each part's (12 decimals). */
  unblendedCost: string;
  listCost: string;
  usageAmount: string;
  parts: GenerateResult[];
}

/**
 * Writes one month's delivery as AWS lays it out in the bucket: the parts and the month's
 * current manifest. CUR legacy: <prefix>/<name>/<yyyymmdd-yyyymmdd>/<assemblyId>/<name>-N.csv.gz
 * and <prefix>/<name>/<yyyymmdd-yyyymmdd>/<name>-Manifest.json. Data Exports:
 * <prefix>/<name>/data/BILLING_PERIOD=YYYY-MM/<name>-0000N.csv.gz and
 * <prefix>/<name>/metadata/BILLING_PERIOD=YYYY-MM/<name>-Manifest.json.
 */
export async function generateDelivery(options: DeliveryOptions): Promise<DeliveryResult> {
  if (!Number.isInteger(options.parts) || options.parts < 1)
    throw new RangeError(`parts must be a positive integer, got ${options.parts}`);
  const { root, prefix, name, parts: count, rowsPerPart, assembly, bucket, ...report } = options;
  const seed = report.seed ?? 1;
  const assemblyId = uuidFrom(`${seed}:${name}:${assembly ?? 1}`);
  const layout = report.format === "CUR_LEGACY" ? "CUR_LEGACY" : "DATA_EXPORT";
  const base = [prefix, name].filter((s) => s !== "").join("/");
  const [year, month] = report.month.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1, 1));
  const end = new Date(Date.UTC(year, month, 1));
  const extension = report.parquet ? ".snappy.parquet" : report.gzip ? ".csv.gz" : ".csv";
  const partKeys = Array.from({ length: count }, (_, i) =>
    layout === "CUR_LEGACY"
      ? `${base}/${compact(start)}-${compact(end)}/${assemblyId}/${name}-${i + 1}${extension}`
      : `${base}/data/BILLING_PERIOD=${report.month}/${name}-${String(i + 1).padStart(5, "0")}${extension}`,
  );
  const parts: GenerateResult[] = [];
  for (const [index, key] of partKeys.entries()) {
    const out = join(root, ...key.split("/"));
    await mkdir(dirname(out), { recursive: true });
    parts.push(
      await generateCostReport({
        ...report,
        out,
        rows: rowsPerPart,
        rowSeed: `${seed}:${assemblyId}:part-${index + 1}`,
      }),
    );
  }
  const first = parts[0] as GenerateResult;
  const bucketName = bucket ?? "billing-reports";
  const manifestKey =
    layout === "CUR_LEGACY"
      ? `${base}/${compact(start)}-${compact(end)}/${name}-Manifest.json`
      : `${base}/metadata/BILLING_PERIOD=${report.month}/${name}-Manifest.json`;
  const manifest =
    layout === "CUR_LEGACY"
      ? {
          assemblyId,
          account: first.payerAccountId,
          reportName: name,
          bucket: bucketName,
          billingPeriod: { start: legacyInstant(start), end: legacyInstant(end) },
          charset: "UTF-8",
          compression: report.gzip ? "GZIP" : report.parquet ? "Parquet" : "None",
          contentType: report.parquet ? "Parquet" : "text/csv",
          reportKeys: partKeys,
        }
      : {
          executionId: assemblyId,
          exportArn: `arn:aws:bcm-data-exports:us-east-1:${first.payerAccountId}:export/${name}`,
          bucket: bucketName,
          billingPeriod: { start: start.toISOString(), end: end.toISOString() },
          dataFiles: partKeys.map((key) => `s3://${bucketName}/${key}`),
        };
  const manifestPath = join(root, ...manifestKey.split("/"));
  await mkdir(dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    layout,
    format: report.format,
    manifestKey,
    assemblyId,
    partKeys,
    rows: rowsPerPart * count,
    billingPeriod: first.billingPeriod,
    payerAccountId: first.payerAccountId,
    payeeAccountIds: first.payeeAccountIds,
    unblendedCost: addDecimals(parts.map((p) => p.unblendedCost)),
    listCost: addDecimals(parts.map((p) => p.listCost)),
    usageAmount: addDecimals(parts.map((p) => p.usageAmount)),
    parts,
  };
}

function compact(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "");
}

function legacyInstant(date: Date): string {
  return `${compact(date)}T000000.000Z`;
}

// A deterministic UUID-shaped id: the same seed writes the same tree.
function uuidFrom(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Sums decimals that all have the same number of decimals, exactly. */
export function addDecimals(values: readonly string[]): string {
  const scale = (values[0] ?? "0").split(".")[1]?.length ?? 0;
  let total = 0n;
  for (const value of values) {
    const negative = value.startsWith("-");
    const [whole = "0", fraction = ""] = value.replace(/^-/, "").split(".");
    if (fraction.length !== scale) throw new RangeError(`${value} does not have ${scale} decimals`);
    const units = BigInt(`${whole}${fraction}`);
    total += negative ? -units : units;
  }
  const sign = total < 0n ? "-" : "";
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, "0");
  return scale === 0
    ? `${sign}${digits}`
    : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
