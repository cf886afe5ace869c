// End to end: the API's real job path, as `pnpm collect` runs it. The server is built on the
// SQLite file of DATABASE_URL (a fresh copy of the benchmark's database), one INGEST job is
// queued and drained: hash, DuckDB read and aggregate, the month replaced in one transaction,
// allocation through the reseller links and pricing, all stored. The measured time is the job's
// (enqueue to drained); the process's start (Node, the API's modules, createServer) is reported
// apart.
import { resolve } from "node:path";
import { loadConfig } from "@reseller/api/config";
import { createServer } from "@reseller/api/server";
import { argValue, cpuMsSince, runMain, type RunnerResult } from "./result.js";

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

/** Times every call of `target[name]` into `phases[label]` (ms), leaving its behaviour as is. */
function timeCalls(
  target: Record<string, unknown>,
  name: string,
  phases: Record<string, number>,
  label: string,
): void {
  const original = target[name];
  if (typeof original !== "function") throw new Error(`no method ${name} to time`);
  const method = original as AsyncMethod;
  phases[label] = 0;
  target[name] = async (...args: unknown[]): Promise<unknown> => {
    const started = performance.now();
    try {
      return await method.apply(target, args);
    } finally {
      phases[label] = (phases[label] ?? 0) + performance.now() - started;
    }
  };
}

interface JobRow {
  state: string;
  rowsRead: number;
  rowsAllocated: number;
  rowsUnmatched: number;
  error: string | null;
}

async function main(): Promise<RunnerResult> {
  const file = resolve(argValue("file"));
  const masterPayerAccountId = Number(argValue("account"));
  const parentPartnerId = Number(argValue("parent"));
  const config = loadConfig();
  if (config.database.driver !== "sqlite") throw new Error("the benchmark runs on SQLite");
  const server = await createServer({ config, backgroundWork: false });
  // performance.now() counts from the process's start: Node, the API's modules, createServer.
  const startupMs = performance.now();
  const rssBeforeJobMiB = process.memoryUsage().rss / 1024 / 1024;
  try {
    const { deps, services } = server;
    // The worker's collaborators are private fields; timing their calls changes nothing else.
    const worker = services.billingWorker as unknown as Record<string, Record<string, unknown>>;
    const store = worker.store;
    const allocation = worker.allocation;
    if (!store || !allocation) throw new Error("the billing worker has no store or allocation");
    const phases: Record<string, number> = {};
    timeCalls(allocation, "compute", phases, "allocateMs");
    timeCalls(store, "replaceMonth", phases, "storeMs");

    const started = performance.now();
    const cpu = process.cpuUsage();
    const job = await services.billingWorker.enqueue({
      kind: "INGEST",
      parentPartnerId,
      masterPayerAccountId,
      source: "CLI",
      filePath: file,
    });
    await services.billingWorker.drain();
    const ms = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);

    const [row] = await deps.dataSource.query<JobRow[]>(
      "SELECT state, rows_read AS rowsRead, rows_allocated AS rowsAllocated, rows_unmatched AS rowsUnmatched, error FROM billing_job WHERE id = ?",
      [job.id],
    );
    if (!row || row.state !== "SUCCEEDED")
      throw new Error(
        `the ingest job did not succeed: ${row?.state ?? "missing"} ${row?.error ?? ""}`,
      );
    const count = async (table: string): Promise<number> => {
      const [result] = await deps.dataSource.query<{ n: number }[]>(
        `SELECT count(*) AS n FROM ${table}`,
      );
      return Number(result?.n ?? 0);
    };
    return {
      ms,
      rows: row.rowsRead,
      peakRssMiB: 0,
      detail: {
        cpuMs,
        startupMs,
        rssBeforeJobMiB,
        // Everything in the job but the allocation and the SQLite writes: the hash, the DuckDB
        // scan and aggregation, the file check, the JS rows, the job's bookkeeping.
        readMs: ms - (phases.allocateMs ?? 0) - (phases.storeMs ?? 0),
        // Routing the rows through the links and pricing them (it reads links and rules).
        allocateMs: phases.allocateMs ?? 0,
        // The month's cost rows and its allocation, written in one transaction.
        storeMs: phases.storeMs ?? 0,
        rowsAllocated: row.rowsAllocated,
        rowsUnmatched: row.rowsUnmatched,
        costRows: await count("cost_row"),
        allocatedRows: await count("allocated_cost"),
        unallocatedRows: await count("unallocated_cost"),
      },
    };
  } finally {
    await server.stop();
  }
}

runMain(main);
