// The partners page executed in-process, no HTTP: graphql-js `execute` with a parsed and
// validated document, on our schema (type-graphql, getSchema) and on the same SDL built by plain
// graphql-js with hand resolvers over the same services and DataLoaders (plain-schema.ts), and
// that plain schema compiled by graphql-jit. Every operation gets a fresh context from our own
// createRequestContext (the session lookup, the rate limiter, new DataLoaders). The variants run
// in alternating order; each is checked to give the same data first.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { createRequestContext } from "@reseller/api/context";
import { loadConfig } from "@reseller/api/config";
import { getSchema } from "@reseller/api/schema";
import { createServer } from "@reseller/api/server";
import { type ExecutionResult, execute, parse, validate } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { median } from "../../common/report.js";
import { argValue, cpuMsSince, runMain } from "../../common/runner.js";
import { type InProcessResult, type InProcessRun, type InProcessVariant } from "../in-process.js";
import { PAGE_SIZE, partnersPageQuery } from "../operations.js";
import { plainSchema } from "../plain-schema.js";

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

runMain(async (): Promise<InProcessResult> => {
  const token = argValue("token");
  const durationMs = Number(argValue("duration")) * 1000;
  const warmupMs = Number(argValue("warmup")) * 1000;
  const rounds = Number(argValue("rounds"));
  let statements = 0;
  const server = await createServer({
    config: loadConfig(),
    rateLimits: { authenticatedPerMinute: 1_000_000_000 },
    database: { onQuery: () => void statements++ },
    backgroundWork: false,
  });
  try {
    const ours = await getSchema();
    const sdl = readFileSync(
      fileURLToPath(import.meta.resolve("@reseller/schema/schema.graphql")),
      "utf8",
    );
    const plain = plainSchema(sdl);
    const document = parse(partnersPageQuery(PAGE_SIZE));
    for (const schema of [ours, plain]) {
      const errors = validate(schema, document);
      if (errors.length > 0) throw new Error(`invalid operation: ${errors.join("; ")}`);
    }
    const compiled = compileQuery(plain, document);
    if (!isCompiledQuery(compiled)) throw new Error(`graphql-jit: ${JSON.stringify(compiled)}`);

    const contextValue = () =>
      createRequestContext(server.deps, server.services, {
        requestId: "bench",
        ip: "127.0.0.1",
        authorization: `Bearer ${token}`,
        logger: server.deps.logger,
      });
    const variants: Record<InProcessVariant, () => Promise<ExecutionResult>> = {
      "type-graphql": async () =>
        execute({ schema: ours, document, contextValue: await contextValue() }),
      "graphql-js": async () =>
        execute({ schema: plain, document, contextValue: await contextValue() }),
      "graphql-js + graphql-jit": async () => compiled.query(undefined, await contextValue(), {}),
    };
    const names = Object.keys(variants) as InProcessVariant[];

    // The same data from each, and no errors.
    let reference: unknown = null;
    let bytes = 0;
    for (const name of names) {
      const result = await variants[name]();
      if (result.errors?.length)
        throw new Error(`${name}: ${result.errors.map((e) => e.message).join("; ")}`);
      const data = JSON.parse(JSON.stringify(result.data)) as unknown;
      if (reference === null) {
        reference = data;
        bytes = Buffer.byteLength(JSON.stringify(result));
      } else if (!isDeepStrictEqual(data, reference))
        throw new Error(`${name} answers other data than ${names[0]}`);
    }

    const measure = async (
      name: InProcessVariant,
      forMs: number,
      round: number,
    ): Promise<InProcessRun> => {
      const operation = variants[name];
      const latencies: number[] = [];
      const statementsBefore = statements;
      const cpu = process.cpuUsage();
      const started = performance.now();
      let now = started;
      while (now - started < forMs) {
        const result = await operation();
        if (result.errors?.length) throw new Error(`${name}: ${result.errors[0]?.message}`);
        const done = performance.now();
        latencies.push(done - now);
        now = done;
      }
      const ms = now - started;
      latencies.sort((a, b) => a - b);
      return {
        variant: name,
        round,
        operations: latencies.length,
        ms,
        opsPerSecond: latencies.length / (ms / 1000),
        p50Ms: median(latencies),
        p99Ms: percentile(latencies, 0.99),
        statementsPerOperation: (statements - statementsBefore) / latencies.length,
        cpuMsPerOperation: cpuMsSince(cpu) / latencies.length,
      };
    };

    for (const name of names) await measure(name, warmupMs, -1);
    const runs: InProcessRun[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const run = await measure(name, durationMs, round);
        runs.push(run);
        process.stderr.write(
          `    ${name}: ${run.opsPerSecond.toFixed(1)} ops/s (${run.operations} in ${(run.ms / 1000).toFixed(1)} s)\n`,
        );
      }
    }
    return { runs, bytes };
  } finally {
    await server.stop();
  }
});
