// A pure-JS collector: stream the gunzipped CSV through PapaParse and sum the unblended cost
// per daily key in JS. Money is summed as binary floats here, which favours this loop (an exact
// collector would be slower still).
import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import Papa from "papaparse";
import { argValue, cpuMsSince, runMain, type RunnerResult } from "./result.js";

const KEY_COLUMNS = [
  "bill/BillingPeriodStartDate",
  "lineItem/UsageStartDate",
  "bill/PayerAccountId",
  "lineItem/UsageAccountId",
  "lineItem/ProductCode",
  "lineItem/LineItemType",
  "lineItem/CurrencyCode",
] as const;
const COST_COLUMN = "lineItem/UnblendedCost";

async function main(): Promise<RunnerResult> {
  const file = argValue("file");
  const started = performance.now();
  const cpu = process.cpuUsage();
  const sums = new Map<string, number>();
  let rows = 0;
  let index: number[] | null = null;
  let cost = -1;

  const consume = (fields: string[]): void => {
    if (index === null) {
      const find = (name: string): number => {
        const i = fields.indexOf(name);
        if (i < 0) throw new Error(`${file}: no column ${name}`);
        return i;
      };
      index = KEY_COLUMNS.map(find);
      cost = find(COST_COLUMN);
      return;
    }
    rows++;
    const [p, u, py, a, sv, t, c] = index as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const key = `${(fields[p] ?? "").slice(0, 7)}|${(fields[u] ?? "").slice(0, 10)}|${fields[py]}|${fields[a]}|${fields[sv]}|${fields[t]}|${fields[c]}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(fields[cost] ?? 0));
  };

  // PapaParse's Node stream mode: a duplex of parsed rows, so that the pipeline's backpressure
  // keeps memory flat (its `chunk` callback on a readable queues whatever gunzip produces).
  await pipeline(
    createReadStream(file),
    createGunzip(),
    Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: true }),
    new Writable({
      objectMode: true,
      highWaterMark: 1024,
      write(fields: string[], _encoding, done): void {
        try {
          consume(fields);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    }),
  );
  return {
    ms: performance.now() - started,
    rows,
    peakRssMiB: 0,
    detail: { cpuMs: cpuMsSince(cpu), groups: sums.size },
  };
}

runMain(main);
