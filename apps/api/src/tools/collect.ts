// `pnpm collect --account <master payer account id> <file or folder>`: ingests AWS cost reports
// into the database named by DATABASE_URL, with a progress bar and a summary. It runs the same
// jobs as uploads and the drop folder, inline, so the API need not be running.
import "reflect-metadata";
import { readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { ConfigError, loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { AccountEntity, BillingJobEntity } from "../persistence/entities/index.js";
import { createServer } from "../server.js";

const USAGE =
  "usage: pnpm collect --account <master payer account id> <file or folder> [more files or folders]";
const REPORT = /\.(csv|csv\.gz|gz|parquet)$/i;

function fail(message: string): never {
  process.stderr.write(`collect: ${message}\n`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: { account: { type: "string" }, help: { type: "boolean" } },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!values.account || !/^\d{1,10}$/.test(values.account) || positionals.length === 0) fail(USAGE);

async function reportFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths.map((p) => resolve(p))) {
    const info = await stat(path).catch(() => fail(`${path} does not exist`));
    if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort())
        if (REPORT.test(name)) files.push(join(path, name));
    } else files.push(path);
  }
  if (files.length === 0) fail("no .csv, .csv.gz or .parquet file found");
  return files;
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const files = await reportFiles(positionals);
const server = await createServer({ config, logger: createLogger("warn"), backgroundWork: false });
const { deps, services } = server;
const account = await deps.dataSource
  .getRepository(AccountEntity)
  .findOneBy({ id: Number(values.account) });
if (!account?.isMasterPayer) {
  await server.stop();
  fail(
    `account ${values.account} is not a master payer account (see the Accounts List of your Parent partner)`,
  );
}

const bar = new SingleBar(
  {
    format: " {bar} {value}/{total} files | {file} | {rows} rows",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 2000,
  },
  Presets.shades_classic,
);
bar.start(files.length, 0, { file: "", rows: 0 });
const results: BillingJobEntity[] = [];
for (const [index, file] of files.entries()) {
  bar.update(index, { file: basename(file), rows: 0 });
  const job = await services.billingWorker.enqueue({
    kind: "INGEST",
    parentPartnerId: account.partnerId,
    masterPayerAccountId: account.id,
    source: "CLI",
    filePath: file,
  });
  await services.billingWorker.drain();
  const done = await deps.dataSource
    .getRepository(BillingJobEntity)
    .findOneByOrFail({ id: job.id });
  results.push(done);
  bar.update(index + 1, { file: basename(file), rows: done.rowsRead });
}
bar.stop();
await server.stop();

const failed = results.filter((job) => job.state !== "SUCCEEDED");
process.stdout.write("\n");
for (const job of results) {
  const detail =
    job.state === "SUCCEEDED"
      ? `${job.outcome ?? ""}; ${job.rowsRead} rows read, ${job.rowsAllocated} allocated, ${job.rowsUnmatched} unallocated`
      : (job.error ?? "failed");
  process.stdout.write(
    `${job.state === "SUCCEEDED" ? "ok    " : "FAILED"} ${job.fileName ?? ""}: ${detail}\n`,
  );
}
process.stdout.write(`\n${results.length - failed.length} of ${results.length} files ingested.\n`);
process.exit(failed.length === 0 ? 0 : 1);
