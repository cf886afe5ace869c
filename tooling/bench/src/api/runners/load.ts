// The load generator: autocannon against one server, a warm-up first, then the measured run.
// Every response's body must equal the expected one byte for byte (autocannon's expectBody:
// a differing body counts as a mismatch), so a server that answers fast but wrong shows.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { median } from "../../common/report.js";
import { argValue, cpuMsSince, runMain } from "../../common/runner.js";
import { type LoadOptions, type LoadResult } from "../load.js";

const MAX_STRETCH = 6;

interface Run {
  result: autocannon.Result;
  latencies: number[];
  /**
   * From autocannon's start to the last answer. autocannon checks its end on one-second ticks,
   * so its own duration overstates a run that ends after `amount` answers by up to a second.
   */
  seconds: number;
}

async function run(
  options: LoadOptions,
  expectBody: string,
  until: { duration: number } | { amount: number },
): Promise<Run> {
  const latencies: number[] = [];
  let startedAt = performance.now();
  let lastAnswerAt = startedAt;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: "POST",
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        timeout: options.timeoutS,
        expectBody,
        ...until,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error("autocannon failed"));
        else resolve({ result, latencies, seconds: (lastAnswerAt - startedAt) / 1000 });
      },
    );
    instance.on("start", () => {
      startedAt = performance.now();
    });
    instance.on("response", (_client, status, _bytes, ms) => {
      lastAnswerAt = performance.now();
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

runMain(async (): Promise<LoadResult> => {
  const options = JSON.parse(readFileSync(argValue("options"), "utf8")) as LoadOptions;
  const expectBody = readFileSync(options.expectBodyFile, "utf8");
  const warmups = [await run(options, expectBody, { duration: options.warmupS })];
  // A slow server answers few requests in the warm-up: warm each connection up at least once.
  const warmed = warmups[0]!.result.requests.total;
  if (warmed < options.connections)
    warmups.push(await run(options, expectBody, { amount: options.connections }));
  const last = warmups.at(-1)!;
  const rate = last.result.requests.total / Math.max(last.seconds, 0.001);
  const cpu = process.cpuUsage();
  const measured = await run(
    options,
    expectBody,
    rate * options.durationS >= options.minRequests
      ? { duration: options.durationS }
      : {
          amount: Math.max(
            options.connections,
            Math.min(options.minRequests, Math.ceil(rate * options.durationS * MAX_STRETCH)),
          ),
        },
  );
  const { result } = measured;
  const latencies = measured.latencies.sort((a, b) => a - b);
  const durationS = measured.seconds;
  const all = [...warmups.map((w) => w.result), result];
  const sum = (pick: (r: autocannon.Result) => number) => all.reduce((n, r) => n + pick(r), 0);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / durationS,
    p50Ms: median(latencies),
    p99Ms:
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Number.NaN,
    meanMs: latencies.reduce((n, v) => n + v, 0) / latencies.length,
    durationS,
    bytesPerSecond: result.throughput.total / durationS,
    mismatches: sum((r) => r.mismatches),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    warmupRequests: sum((r) => r.requests.total) - result.requests.total,
    cpuMs: cpuMsSince(cpu),
  };
});
