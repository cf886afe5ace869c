#!/usr/bin/env node
// `pnpm bench:ingest`: the billing ingest's benchmark (not a test). See docs/benchmarks.md.
//
// For 1 M and 2 M rows of CUR legacy, as CSV.gz and as Parquet, it measures in separate
// processes (so peak memory is each one's own), at least three times in alternating order:
//   end to end   the API's INGEST job on SQLite (hash, DuckDB read + aggregate, replace the
//                month, allocate through reseller links and price, store);
//   DuckDB bare  the engine's own query alone on a bare DuckDB connection, results fetched;
//   PapaParse    a streaming parse-and-sum loop in JS over the gunzipped CSV.
// It prints one table with the targets and writes it to the "Ingest" section of
// docs/benchmarks.md.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureFiles, type BenchFile, type FileFormat } from "./data.js";
import { apiEnv, copyDatabase, removeDatabase } from "../common/api-process.js";
import { setUpDatabase, type BenchDatabase } from "./database.js";
import { machine, machineLine as describeMachine } from "../common/machine.js";
import { cpuSnapshot, othersCpus } from "../common/machine-load.js";
import { COMMON_OPTIONS, commonSettings, exitOnHelp } from "../common/args.js";
import { publishReport, runBenchmark } from "../common/report.js";
import {
  METHOD_LABEL,
  millions,
  phaseTable,
  resultTable,
  summarize,
  targets,
  targetTable,
  type Method,
  type Run,
} from "./report.js";
import { type RunnerResult } from "./runners/result.js";
import { runNode, runnerPath } from "../common/spawn.js";

const ROOT = resolve(import.meta.dirname, "../../../..");
const DEFAULT_ROWS = [1_000_000, 2_000_000];
// Five: the PapaParse loop once took 14–15 s in two runs of three (8 s otherwise) on a quiet machine.
const DEFAULT_REPS = 5;
const FORMATS: readonly FileFormat[] = ["csv.gz", "parquet"];
const API_NODE_FLAGS = ["--min-semi-space-size=16"];
const METHODS: readonly Method[] = ["e2e", "duckdb", "papaparse"];
const USAGE = `Usage: pnpm bench:ingest [--rows 1000000,2000000] [--reps 5] [--data-dir .bench-data]
  [--papaparse smallest|all] [--formats csv.gz,parquet] [--methods e2e,duckdb,papaparse]
  [--write | --no-write]

Generates (once, then reused) CUR legacy files of each row count as CSV.gz and Parquet, then
measures the end-to-end ingest job, DuckDB alone and a PapaParse loop on each, and prints the
table. The PapaParse loop runs on the smallest row count only (its rate does not depend on the
size, and at 2 M rows it alone takes minutes); --papaparse all runs it on every size. With the
default parameters it also rewrites the "Ingest" section of docs/benchmarks.md (--no-write:
don't; --write: do even with other parameters). --formats and --methods narrow a run to what
is being worked on.`;

function seconds(ms: number | string | undefined): string {
  return typeof ms === "number" ? `${(ms / 1000).toFixed(2)} s` : "?";
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function options() {
  const { values } = parseArgs({
    options: {
      rows: { type: "string" },
      reps: { type: "string" },
      papaparse: { type: "string", default: "smallest" },
      formats: { type: "string" },
      methods: { type: "string" },
      ...COMMON_OPTIONS,
    },
    strict: true,
  });
  exitOnHelp(values, USAGE);
  const rows = values.rows
    ? values.rows.split(",").map((r) => Number(r.replaceAll("_", "")))
    : DEFAULT_ROWS;
  if (rows.some((r) => !Number.isSafeInteger(r) || r < 1))
    throw new Error(`bad --rows ${values.rows}`);
  const reps = values.reps ? Number(values.reps) : DEFAULT_REPS;
  if (!Number.isSafeInteger(reps) || reps < 1) throw new Error(`bad --reps ${values.reps}`);
  if (values.papaparse !== "all" && values.papaparse !== "smallest")
    throw new Error(`--papaparse must be all or smallest, got ${values.papaparse}`);
  const formats = values.formats ? values.formats.split(",") : FORMATS;
  const unknownFormat = formats.find((f) => !FORMATS.includes(f as FileFormat));
  if (unknownFormat !== undefined)
    throw new Error(`--formats takes ${FORMATS.join(", ")}, got ${unknownFormat}`);
  const methods = values.methods ? values.methods.split(",") : METHODS;
  const unknownMethod = methods.find((m) => !METHODS.includes(m as Method));
  if (unknownMethod !== undefined)
    throw new Error(`--methods takes ${METHODS.join(", ")}, got ${unknownMethod}`);
  const defaults =
    !values.rows &&
    !values.reps &&
    !values.formats &&
    !values.methods &&
    values.papaparse === "smallest";
  return {
    ...commonSettings(values, ROOT, defaults),
    rows: [...new Set(rows)].sort((a, b) => a - b),
    reps,
    papaparse: values.papaparse,
    formats: formats as FileFormat[],
    methods: methods as Method[],
  };
}

async function measure(
  method: Method,
  file: BenchFile,
  csvTwin: BenchFile,
  db: BenchDatabase,
  workDir: string,
  rep: number,
): Promise<Run> {
  let finished;
  const before = cpuSnapshot();
  if (method === "e2e") {
    const database = join(
      workDir,
      `run-${file.rows}-${file.format.replace(".", "")}-${rep}.sqlite`,
    );
    await copyDatabase(db.template, database);
    try {
      finished = await runNode<RunnerResult>(
        runnerPath("ingest", "e2e"),
        [
          "--file",
          file.path,
          "--account",
          String(db.masterPayerAccountId),
          "--parent",
          String(db.parentPartnerId),
        ],
        apiEnv(`sqlite:${database}`, workDir),
        // The Node flags `npm start` runs the API with: the worker runs jobs in that process.
        API_NODE_FLAGS,
      );
    } finally {
      await removeDatabase(database);
    }
  } else if (method === "duckdb") {
    finished = await runNode<RunnerResult>(runnerPath("ingest", "duckdb"), ["--file", file.path]);
  } else {
    finished = await runNode<RunnerResult>(runnerPath("ingest", "papaparse"), [
      "--file",
      csvTwin.path,
    ]);
  }
  const { result, wallMs } = finished;
  const others = othersCpus(before, cpuSnapshot());
  if (result.rows !== file.rows)
    throw new Error(
      `${METHOD_LABEL[method]} read ${result.rows} rows of ${file.path}, expected ${file.rows}`,
    );
  return {
    rows: file.rows,
    format: file.format,
    method,
    rep,
    ms: result.ms,
    wallMs,
    peakRssMiB: result.peakRssMiB,
    detail: { ...result.detail, wallMs, ...(others === null ? {} : { othersCpus: others }) },
  };
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const host = machine();
  log(
    `bench:ingest: ${opts.rows.map(millions).join(" and ")} rows × ${opts.formats.join(", ")}, ${opts.reps} repetitions; ${host.cpus} CPUs (${host.cpu}), Node ${host.node}`,
  );
  const { files, generated } = await ensureFiles(
    opts.dataDir,
    {
      rows: opts.rows,
      // PapaParse reads the CSV.gz twin of a Parquet file.
      formats: opts.methods.includes("papaparse")
        ? [...new Set([...opts.formats, "csv.gz" as const])]
        : opts.formats,
      month: "2026-10",
      payer: "210987654321",
      payees: 20,
      seed: "bench-ingest",
    },
    log,
  );
  const generatedS = (performance.now() - started) / 1000;
  const first = files[0];
  if (!first) throw new Error("no file");
  const payees = first.result.payeeAccountIds;
  if (files.some((f) => f.result.payeeAccountIds.join() !== payees.join()))
    throw new Error("the files do not share their payees");

  const workDir = await mkdtemp(join(tmpdir(), "bench-ingest-"));
  try {
    log("setting up the database through the API (GraphQL) …");
    const db = await setUpDatabase(
      join(workDir, "db"),
      first.result.payerAccountId,
      payees,
      first.result.billingPeriod,
    );
    log(
      `  Parent ${db.parentPartnerId}, master payer account ${db.masterPayerAccountId}, ${db.children.length} Children linked to ${db.children.reduce((n, c) => n + c.payees.length, 0)} of ${payees.length} payees`,
    );

    const runs: Run[] = [];
    const smallest = opts.rows[0];
    const measuring = cpuSnapshot();
    for (const file of files.filter((f) => opts.formats.includes(f.format))) {
      const twin = files.find((f) => f.rows === file.rows && f.format === "csv.gz") ?? file;
      const methods: Method[] = opts.methods.filter((m) => m !== "papaparse");
      // PapaParse reads CSV only: it runs on the CSV.gz file, and the Parquet line reuses it.
      if (
        opts.methods.includes("papaparse") &&
        file.format === "csv.gz" &&
        (opts.papaparse === "all" || file.rows === smallest)
      )
        methods.push("papaparse");
      for (let rep = 0; rep < opts.reps; rep++) {
        // Alternate the order (A B C, C B A, …) so that no method always runs first.
        const order = rep % 2 === 0 ? methods : [...methods].reverse();
        const figures: string[] = [];
        for (const method of order) {
          const run = await measure(method, file, twin, db, workDir, rep);
          runs.push(run);
          const phases =
            method === "e2e"
              ? ` (read ${seconds(run.detail.readMs)}, allocate ${seconds(run.detail.allocateMs)}, store ${seconds(run.detail.storeMs)})`
              : "";
          figures.push(
            `${METHOD_LABEL[method]} ${(run.ms / 1000).toFixed(2)} s${phases} ${run.peakRssMiB.toFixed(0)} MiB`,
          );
        }
        log(`  ${millions(file.rows)} ${file.format} #${rep + 1}: ${figures.join(" · ")}`);
      }
    }

    const lines = summarize(runs);
    const goals = targets(lines);
    const totalS = (performance.now() - started) / 1000;
    const others = othersCpus(measuring, cpuSnapshot());
    const load =
      others === null
        ? "other processes' load not measured (no /proc)"
        : `other processes used ${others.toFixed(2)} of the ${host.cpus} CPUs on average while it measured`;
    if (others !== null && others > 0.25)
      log(
        `warning: ${load}: wall times are inflated (CPU times less so); rerun on a quiet machine`,
      );
    const date = new Date().toISOString().slice(0, 10);
    const machineLine = describeMachine(host);
    const section = [
      "## Ingest",
      "",
      "Command: `pnpm bench:ingest` (options: `pnpm bench:ingest --help`). It is not part of `npm test`.",
      "",
      `Measured ${date} on ${machineLine}. ${opts.reps} runs of each measurement in alternating order; medians; the peak RSS is the highest of the runs, each in its own process. The whole run took ${(totalS / 60).toFixed(1)} min (${generated > 0 ? `${generatedS.toFixed(0)} s of it writing ${generated} of the ${files.length} files` : `the ${files.length} files reused from \`.bench-data/\``}); ${load}.`,
      "",
      resultTable(lines),
      "",
      targetTable(goals),
      "",
      "Where the end-to-end job's time goes (medians):",
      "",
      phaseTable(lines),
      "",
      "- **Files**: CUR legacy (64 columns) from `@reseller/billing-generator` (one payer, 20 payees, one month), CSV.gz and the same rows as Parquet (zstd, every column text), cached in `.bench-data/`.",
      `- **end to end (job)**: the API's INGEST job as \`pnpm collect\` runs it (\`createServer\`, \`billingWorker.enqueue\` + \`drain()\`) on a fresh copy of a SQLite database set up over GraphQL: a Parent, its master payer account, two reseller Children linked to ${db.children.reduce((n, c) => n + c.payees.length, 0)} of the ${payees.length} payees (the rest is reported unallocated) and pricing rules (markup; service discount and monthly fee). Time: enqueue to drained (hash, DuckDB read + aggregate, replace the month, allocate, price, store); the process's start (Node, the API's modules, \`createServer\`) is shown apart, and the process's wall time (start to exit) too. Peak RSS is the whole API process's.`,
      "- **DuckDB bare**: the engine's own query (same read options, exact-decimal conversion and GROUP BY as `readCostReport`) on a bare `@duckdb/node-api` connection with the engine's settings, results fetched; no hash, gzip check, JS rows, database or allocation.",
      "- **PapaParse loop**: PapaParse 5 in its Node stream mode (`Papa.NODE_STREAM_INPUT` in a `pipeline` after `createGunzip`, so memory stays flat), summing the unblended cost per daily key in JS as binary floats (cheaper than exact decimals, so the ratio flatters it). It reads CSV only: Parquet lines are compared with it on the CSV.gz twin of the same rows.",
      "- Ratios are speed ratios (reference time ÷ this time): above 1 is faster. CPU time is user + system time of every thread of the measuring process over the measured span (for end to end: the job); it is less disturbed than wall time when other work shares the machine. \"Others' CPUs\" is how many CPUs' worth of work other processes did during the runs (from /proc/stat, less this benchmark's processes): 0 is a quiet machine.",
      "- The PapaParse loop runs at the smallest size only by default (its rate is flat with size; `--papaparse all` adds 2 M rows, about 3 minutes more).",
      "",
    ].join("\n");

    process.stdout.write(
      `\n${resultTable(lines)}\n\n${targetTable(goals)}\n\n${phaseTable(lines)}\n\n`,
    );
    process.stdout.write(`${machineLine}; ${load}; ${(totalS / 60).toFixed(1)} min in all.\n`);
    await publishReport({
      dataDir: opts.dataDir,
      runsFile: "last-ingest-runs.json",
      runs: { date, machine: host, runs, lines, targets: goals },
      write: opts.write,
      docsFile: join(ROOT, "docs/benchmarks.md"),
      heading: "## Ingest",
      section,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

runBenchmark("bench:ingest", main);
