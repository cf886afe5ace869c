// DuckDB alone: the engine's own query (the same read options, conversions and GROUP BY that
// readCostReport runs) on a bare connection, results fetched, and nothing around it: no file
// hash, no gzip check, no JS rows, no database, no allocation. The floor of the ingest path.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { probeFile, readCsvHeader } from "@reseller/api/billing/ingest/report-file";
import { detectFormat } from "@reseller/api/billing/ingest/report-formats";
import {
  costQuery,
  MACROS,
  sqlString,
  type Source,
} from "@reseller/api/billing/ingest/report-query";
import { argValue, cpuMsSince, runMain, type RunnerResult } from "./result.js";

async function main(): Promise<RunnerResult> {
  const file = resolve(argValue("file"));
  const started = performance.now();
  const cpu = process.cpuUsage();
  // The same instance settings as the engine (scan() in cost-report.ts): keep them in step.
  const spill = join(tmpdir(), `bench-duckdb-${randomUUID()}`);
  const instance = await DuckDBInstance.create(":memory:", {
    threads: String(availableParallelism()),
    memory_limit: "384MB",
    temp_directory: spill,
    preserve_insertion_order: "false",
    autoinstall_known_extensions: "false",
  });
  try {
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const macro of MACROS) await connection.run(macro);
      const kind = await probeFile(file);
      let names: string[];
      let source: Source;
      if (kind === "parquet") {
        const described = await connection.runAndReadAll(
          `DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`,
        );
        const rows = described.getRows();
        names = rows.map((row) => String(row[0]));
        source = { kind, path: file, names, types: rows.map((row) => String(row[1])) };
      } else {
        names = await readCsvHeader(file, kind === "gzip");
        source = { kind: "csv", path: file, gzip: kind === "gzip", columnCount: names.length };
      }
      const detected = detectFormat(names);
      if (!detected.ok) throw new Error(`${file}: ${detected.detail}`);
      const reader = await connection.runAndReadAll(
        costQuery(detected.spec, detected.columns, source),
      );
      const rows = reader.getRows();
      const ms = performance.now() - started;
      const cpuMs = cpuMsSince(cpu);
      // Daily rows (g_day = 0) carry the line item counts: their sum is the file's row count.
      let lineItems = 0;
      let daily = 0;
      for (const row of rows) {
        if (row[0] !== 0) continue;
        daily++;
        lineItems += Number(row[15]);
      }
      return { ms, rows: lineItems, peakRssMiB: 0, detail: { cpuMs, dailyRows: daily } };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}

runMain(main);
