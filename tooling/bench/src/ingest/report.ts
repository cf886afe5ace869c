// The Ingest table and its targets.
import { median } from "../common/report.js";
import { type FileFormat } from "./data.js";

export type Method = "e2e" | "duckdb" | "papaparse";

export const METHOD_LABEL: Record<Method, string> = {
  e2e: "end to end (job)",
  duckdb: "DuckDB bare",
  papaparse: "PapaParse loop",
};

export interface Run {
  rows: number;
  format: FileFormat;
  method: Method;
  rep: number;
  ms: number;
  wallMs: number;
  peakRssMiB: number;
  detail: Record<string, number | string>;
}

export interface Line {
  rows: number;
  format: FileFormat;
  method: Method;
  /** "csv.gz twin" when the method read the gzip'd CSV of the same rows. */
  source: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  rowsPerSecond: number;
  /** The highest peak RSS of the repetitions. */
  peakRssMiB: number;
  /** The median of the repetitions' peak RSS: steadier than the highest for comparing sizes. */
  medianPeakRssMiB: number;
  runs: number;
  /** Median of each detail figure. */
  detail: Record<string, number>;
  vsDuckdb: number | null;
  vsPapaparse: number | null;
}

export interface Target {
  name: string;
  file: string;
  value: string;
  pass: boolean;
}

/** One line per (rows, format, method); PapaParse reads the CSV.gz twin of a Parquet file. */
export function summarize(runs: readonly Run[]): Line[] {
  const keys = new Map<string, Run[]>();
  for (const run of runs) {
    const key = `${run.rows}|${run.format}|${run.method}`;
    keys.set(key, [...(keys.get(key) ?? []), run]);
  }
  const lines: Line[] = [];
  for (const group of keys.values()) {
    const first = group[0] as Run;
    const detailNames = [
      ...new Set(
        group.flatMap((run) =>
          Object.entries(run.detail)
            .filter(([, v]) => typeof v === "number")
            .map(([k]) => k),
        ),
      ),
    ];
    const medianMs = median(group.map((r) => r.ms));
    lines.push({
      rows: first.rows,
      format: first.format,
      method: first.method,
      source: first.format,
      medianMs,
      minMs: Math.min(...group.map((r) => r.ms)),
      maxMs: Math.max(...group.map((r) => r.ms)),
      rowsPerSecond: first.rows / (medianMs / 1000),
      peakRssMiB: Math.max(...group.map((r) => r.peakRssMiB)),
      medianPeakRssMiB: median(group.map((r) => r.peakRssMiB)),
      runs: group.length,
      detail: Object.fromEntries(
        detailNames.map((name) => [name, median(group.map((r) => Number(r.detail[name])))]),
      ),
      vsDuckdb: null,
      vsPapaparse: null,
    });
  }
  // PapaParse cannot read Parquet: a Parquet file is compared with the loop on its CSV.gz twin.
  for (const line of lines.filter((l) => l.method === "papaparse" && l.format === "csv.gz")) {
    if (
      !lines.some((l) => l.rows === line.rows && l.format === "parquet" && l.method === "papaparse")
    ) {
      if (lines.some((l) => l.rows === line.rows && l.format === "parquet"))
        lines.push({ ...line, format: "parquet", source: "csv.gz twin" });
    }
  }
  for (const line of lines) {
    const ref = (method: Method): Line | undefined =>
      lines.find((l) => l.rows === line.rows && l.format === line.format && l.method === method);
    const duckdb = ref("duckdb");
    const papaparse = ref("papaparse");
    // Speed ratios: how many times the reference's time this line's is (>1: faster).
    line.vsDuckdb = duckdb ? duckdb.medianMs / line.medianMs : null;
    line.vsPapaparse = papaparse ? papaparse.medianMs / line.medianMs : null;
  }
  const order: Method[] = ["e2e", "duckdb", "papaparse"];
  const formats: FileFormat[] = ["csv.gz", "parquet"];
  return lines.sort(
    (a, b) =>
      a.rows - b.rows ||
      formats.indexOf(a.format) - formats.indexOf(b.format) ||
      order.indexOf(a.method) - order.indexOf(b.method),
  );
}

const MEMORY_LIMIT_MIB = 512;
const MEMORY_GROWTH = 0.2;

export function targets(lines: readonly Line[]): Target[] {
  const out: Target[] = [];
  const e2e = lines.filter((l) => l.method === "e2e");
  for (const line of e2e) {
    const file = `${millions(line.rows)} ${line.format}`;
    if (line.vsDuckdb !== null)
      out.push({
        name: "end to end ≥ 0.7× DuckDB bare",
        file,
        value: `${line.vsDuckdb.toFixed(2)}×`,
        pass: line.vsDuckdb >= 0.7,
      });
    if (line.vsPapaparse !== null)
      out.push({
        name: "end to end ≥ 3× PapaParse",
        file,
        value: `${line.vsPapaparse.toFixed(2)}×`,
        pass: line.vsPapaparse >= 3,
      });
    out.push({
      name: `end to end peak RSS < ${MEMORY_LIMIT_MIB} MiB`,
      file,
      value: `${line.peakRssMiB.toFixed(0)} MiB`,
      pass: line.peakRssMiB < MEMORY_LIMIT_MIB,
    });
  }
  for (const format of ["csv.gz", "parquet"] as const) {
    const sized = e2e.filter((l) => l.format === format).sort((a, b) => a.rows - b.rows);
    const small = sized[0];
    const large = sized[sized.length - 1];
    if (!small || !large || small === large) continue;
    // Medians of the runs' peaks: a single run's peak moves by ±15% with when the GCs fall.
    const growth = large.medianPeakRssMiB / small.medianPeakRssMiB - 1;
    out.push({
      name: `median peak RSS growth < ${MEMORY_GROWTH * 100}% (${millions(small.rows)} → ${millions(large.rows)})`,
      file: format,
      value: `${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)}% (${small.medianPeakRssMiB.toFixed(0)} → ${large.medianPeakRssMiB.toFixed(0)} MiB)`,
      pass: growth < MEMORY_GROWTH,
    });
  }
  return out;
}

export function millions(rows: number): string {
  return rows % 1_000_000 === 0 ? `${rows / 1_000_000} M` : rows.toLocaleString("en-US");
}

function ratio(value: number | null, self: boolean): string {
  if (value === null) return "–";
  return self ? "1.00×" : `${value.toFixed(2)}×`;
}

/** The main table, as Markdown (it reads as a plain-text table in a terminal too). */
export function resultTable(lines: readonly Line[]): string {
  const rows = [
    "| rows | format | method | median time (min–max) | rows/s | peak RSS MiB | × DuckDB bare | × PapaParse | CPU time | others' CPUs |",
    "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const l of lines) {
    const method =
      l.source === "csv.gz twin"
        ? `${METHOD_LABEL[l.method]} (on the csv.gz twin)`
        : METHOD_LABEL[l.method];
    rows.push(
      `| ${l.rows.toLocaleString("en-US")} | ${l.format} | ${method} | ${(l.medianMs / 1000).toFixed(2)} s (${(l.minMs / 1000).toFixed(1)}–${(l.maxMs / 1000).toFixed(1)}) | ${Math.round(l.rowsPerSecond).toLocaleString("en-US")} | ${l.peakRssMiB.toFixed(0)} | ${ratio(l.vsDuckdb, l.method === "duckdb")} | ${ratio(l.vsPapaparse, l.method === "papaparse")} | ${l.detail.cpuMs === undefined ? "–" : `${(l.detail.cpuMs / 1000).toFixed(2)} s`} | ${l.detail.othersCpus === undefined ? "–" : l.detail.othersCpus.toFixed(2)} |`,
    );
  }
  return rows.join("\n");
}

export function targetTable(list: readonly Target[]): string {
  const rows = ["| target | file | measured | result |", "| --- | --- | ---: | --- |"];
  for (const t of list)
    rows.push(`| ${t.name} | ${t.file} | ${t.value} | ${t.pass ? "PASS" : "MISS"} |`);
  return rows.join("\n");
}

/** Where the end-to-end job's time goes (medians of the repetitions). */
export function phaseTable(lines: readonly Line[]): string {
  const rows = [
    "| rows | format | job | hash + DuckDB read + JS rows | allocate + price | store month + allocation (one SQLite transaction) | process start to server ready (not in job) | process wall |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const s = (ms: number | undefined): string =>
    ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`;
  for (const l of lines.filter((line) => line.method === "e2e")) {
    rows.push(
      `| ${l.rows.toLocaleString("en-US")} | ${l.format} | ${s(l.medianMs)} | ${s(l.detail.readMs)} | ${s(l.detail.allocateMs)} | ${s(l.detail.storeMs)} | ${s(l.detail.startupMs)} | ${s(l.detail.wallMs)} |`,
    );
  }
  return rows.join("\n");
}
