// The API benchmark's medians, its table and its targets.
import { median } from "../common/report.js";
import { type InProcessRun, type InProcessVariant } from "./in-process.js";
import { type LoadResult } from "./load.js";
import { SERVER_LABEL, type ServerKind } from "./servers.js";

export type HttpBench = "floor" | "partners";

export interface HttpRun {
  bench: HttpBench;
  server: ServerKind;
  round: number;
  load: LoadResult;
  /** SQL statements per request under load (counted by the server). */
  statementsPerRequest: number;
  /** The server process's CPU time per request under load, ms. */
  cpuMsPerRequest: number;
  /** SQL statements of one request of each page size, counted before the load. */
  pageStatements: Record<number, number>;
  responseBytes: number;
  othersCpus: number | null;
}

export interface Figures {
  rate: number;
  rateMin: number;
  rateMax: number;
  cpuMs: number | null;
  /** The busiest the load generator's CPU was in a run (1 = all of it); null in-process. */
  loadGenCpu: number | null;
  p50Ms: number;
  p99Ms: number;
  statements: number;
  requests: number;
  othersCpus: number | null;
}

export function httpFigures(
  runs: readonly HttpRun[],
  bench: HttpBench,
  server: ServerKind,
): Figures | null {
  const mine = runs.filter((r) => r.bench === bench && r.server === server);
  if (mine.length === 0) return null;
  const loads = mine.map((r) => r.othersCpus).filter((v): v is number => v !== null);
  const rates = mine.map((r) => r.load.requestsPerSecond);
  return {
    rate: median(rates),
    rateMin: Math.min(...rates),
    rateMax: Math.max(...rates),
    cpuMs: median(mine.map((r) => r.cpuMsPerRequest)),
    loadGenCpu: Math.max(...mine.map((r) => r.load.cpuMs / (r.load.durationS * 1000))),
    p50Ms: median(mine.map((r) => r.load.p50Ms)),
    p99Ms: median(mine.map((r) => r.load.p99Ms)),
    statements: median(mine.map((r) => r.statementsPerRequest)),
    requests: mine.reduce((n, r) => n + r.load.requests, 0),
    othersCpus: loads.length ? median(loads) : null,
  };
}

export function inProcessFigures(
  runs: readonly InProcessRun[],
  variant: InProcessVariant,
): Figures | null {
  const mine = runs.filter((r) => r.variant === variant);
  if (mine.length === 0) return null;
  const rates = mine.map((r) => r.opsPerSecond);
  return {
    rate: median(rates),
    rateMin: Math.min(...rates),
    rateMax: Math.max(...rates),
    cpuMs: median(mine.map((r) => r.cpuMsPerOperation)),
    loadGenCpu: null,
    p50Ms: median(mine.map((r) => r.p50Ms)),
    p99Ms: median(mine.map((r) => r.p99Ms)),
    statements: median(mine.map((r) => r.statementsPerOperation)),
    requests: mine.reduce((n, r) => n + r.operations, 0),
    othersCpus: null,
  };
}

export interface Row {
  bench: string;
  label: string;
  figures: Figures;
  /** The references this row's figures are divided by, with their names. */
  versus: { name: string; figures: Figures }[];
}

const num = (v: number, digits = 0): string =>
  v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function ms(v: number): string {
  return v >= 100 ? num(v) : v >= 10 ? num(v, 1) : num(v, 2);
}

function rate(v: number): string {
  return v >= 100 ? num(v) : num(v, 1);
}

const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");

export function resultTable(rows: readonly Row[]): string {
  const lines = [
    "| benchmark | server | req/s (min–max) | p50 ms | p99 ms | CPU ms / request | SQL / request | requests | compared with | req/s ratio | p50 ratio | p99 ratio | others' CPUs |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const f = row.figures;
    const join = (cell: (ref: Figures) => string): string =>
      row.versus.length === 0 ? "–" : row.versus.map((v) => cell(v.figures)).join(" · ");
    lines.push(
      `| ${row.bench} | ${row.label} | ${rate(f.rate)} (${rate(f.rateMin)}–${rate(f.rateMax)}) | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${f.cpuMs === null ? "–" : ms(f.cpuMs)} | ${num(f.statements, Number.isInteger(f.statements) ? 0 : 1)} | ${num(f.requests)} | ${row.versus.length ? row.versus.map((v) => v.name).join(" · ") : "–"} | ${join((r) => ratio(f.rate, r.rate))} | ${join((r) => ratio(f.p50Ms, r.p50Ms))} | ${join((r) => ratio(f.p99Ms, r.p99Ms))} | ${f.othersCpus === null ? "–" : f.othersCpus.toFixed(2)} |`,
    );
  }
  return lines.join("\n");
}

export interface PageStatements {
  server: ServerKind;
  counts: Record<number, number>;
}

/** SQL statements of one Partners page request, per page size and server. */
export function pageStatements(runs: readonly HttpRun[]): PageStatements[] {
  const out: PageStatements[] = [];
  for (const server of ["ours", "mercurius", "ours-unsafe"] as const) {
    const run = runs.find((r) => r.bench === "partners" && r.server === server);
    if (!run) continue;
    const sizes = Object.keys(run.pageStatements).map(Number);
    // Every start of the server counted the same: a difference is worth an error, not a median.
    for (const other of runs.filter((r) => r.bench === "partners" && r.server === server))
      for (const size of sizes)
        if (other.pageStatements[size] !== run.pageStatements[size])
          throw new Error(
            `${server}: first: ${size} cost ${run.pageStatements[size]} and ${other.pageStatements[size]} statements in two runs`,
          );
    out.push({ server, counts: run.pageStatements });
  }
  return out;
}

export function pageStatementTable(
  list: readonly PageStatements[],
  sizes: readonly number[],
): string {
  const lines = [
    `| server | ${sizes.map((s) => `first: ${s}`).join(" | ")} | constant |`,
    `| --- | ${sizes.map(() => "---:").join(" | ")} | --- |`,
  ];
  for (const p of list) {
    const counts = sizes.map((s) => p.counts[s] ?? Number.NaN);
    lines.push(
      `| ${SERVER_LABEL[p.server]} | ${counts.join(" | ")} | ${counts.every((c) => c === counts[0]) ? "yes" : "no"} |`,
    );
  }
  return lines.join("\n");
}

export interface Target {
  name: string;
  value: string;
  pass: boolean;
}

export function targetTable(list: readonly Target[]): string {
  const lines = ["| target | measured | result |", "| --- | ---: | --- |"];
  for (const t of list) lines.push(`| ${t.name} | ${t.value} | ${t.pass ? "PASS" : "MISS"} |`);
  return lines.join("\n");
}
