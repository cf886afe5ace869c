// compare: (A) engine now: DuckDB reads gz + Node checkFile (hash+gunzip) concurrently
//          (B) Node gunzip+hash once -> FIFO -> DuckDB reads plain CSV
import { DuckDBInstance } from "@duckdb/node-api";
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { checkFile, readCsvHeader } from "/work/main/apps/api/dist/modules/billing/ingest/report-file.js";
import { detectFormat } from "/work/main/apps/api/dist/modules/billing/ingest/report-formats.js";
import { costQuery, MACROS } from "/work/main/apps/api/dist/modules/billing/ingest/report-query.js";
const [file, variant] = process.argv.slice(2);
const names = await readCsvHeader(file, true);
const d = detectFormat(names);
const t = performance.now(); const c0 = process.cpuUsage();
const inst = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "384MB", preserve_insertion_order: "false" });
const c = await inst.connect();
await c.run("SET TimeZone = 'UTC'");
for (const m of MACROS) await c.run(m);
let rows;
if (variant === "A") {
  const check = checkFile(file, true);
  rows = (await c.runAndReadAll(costQuery(d.spec, d.columns, { kind: "csv", path: file, gzip: true, columnCount: names.length }))).getRows().length;
  await check;
} else {
  const fifo = `/tmp/bt/fifo-${process.pid}.csv`;
  execFileSync("mkfifo", [fifo]);
  const hash = createHash("sha256");
  const feed = pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), new Transform({ transform(ch, _e, done) { hash.update(ch); done(null, ch); } }), createGunzip({ chunkSize: 1 << 20 }), createWriteStream(fifo));
  rows = (await c.runAndReadAll(costQuery(d.spec, d.columns, { kind: "csv", path: fifo, gzip: false, columnCount: names.length }))).getRows().length;
  await feed; rmSync(fifo);
}
const u = process.cpuUsage(c0);
console.log(variant, "wall", Math.round(performance.now() - t), "cpu", Math.round((u.user+u.system)/1000), rows);
