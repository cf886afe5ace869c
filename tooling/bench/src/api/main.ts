#!/usr/bin/env node
// `pnpm bench:api`: the GraphQL API's benchmark (not a test). See docs/benchmarks.md.
//
// One seeded database (a Parent with 2,000 reseller Children, two accounts and one link of 50
// payees each), then, each server in its own process pinned to one CPU and autocannon on the
// other, servers taking turns in alternating order (A B C, C B A, …), medians of the rounds:
//   HTTP floor      `{ __typename }` through our whole stack vs bare node:http and vs
//                   mercurius + graphql-jit on our schema's SDL;
//   Partners page   the console's Partners page as a Partner Sys Admin, ours vs a mercurius +
//                   graphql-jit peer with hand-written, batched SQL on the same database, and
//                   ours with its limits and auth off (the cost of safety);
//   type-graphql    the same operation executed in-process on our schema and on the same SDL
//                   in plain graphql-js over the same services and loaders.
// Every answer is checked: the servers' first answers must hold the same data, and every
// answer under load must equal the server's first answer byte for byte.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { apiEnv } from "../common/api-process.js";
import { topSelfTime } from "../common/cpu-profile.js";
import { machine, machineLine } from "../common/machine.js";
import { cpuSnapshot, othersCpus } from "../common/machine-load.js";
import { COMMON_OPTIONS, commonSettings, exitOnHelp } from "../common/args.js";
import { publishReport, runBenchmark } from "../common/report.js";
import { runNode, runnerPath, tasksetAvailable } from "../common/spawn.js";
import { type InProcessResult } from "./in-process.js";
import { invoiceTable, runInvoiceRow } from "./invoices-row.js";
import { type LoadOptions, type LoadResult } from "./load.js";
import {
  checkPartnersPage,
  FLOOR_QUERY,
  PAGE_SIZE,
  partnersPageQuery,
  SMALL_PAGE_SIZE,
} from "./operations.js";
import {
  httpFigures,
  inProcessFigures,
  pageStatements,
  pageStatementTable,
  resultTable,
  targetTable,
  type Figures,
  type HttpBench,
  type HttpRun,
  type Row,
  type Target,
} from "./report.js";
import { ACCOUNTS_PER_CHILD, prepareData, type BenchData, type SeedParameters } from "./seed.js";
import { SERVER_LABEL, startServer, type ServerKind } from "./servers.js";

const ROOT = resolve(import.meta.dirname, "../../../..");
const DEFAULTS = { durationS: 10, connections: 10, rounds: 3, children: 2000, payees: 50 };
const USAGE = `Usage: pnpm bench:api [--duration 10] [--connections 10] [--rounds 3] [--quick]
  [--db sqlite|postgres] [--children 2000] [--payees 50] [--data-dir .bench-data]
  [--profile partners|floor] [--metrics] [--invoices] [--write | --no-write]

Seeds a database (SQLite: cached in the data folder), then measures, each server in its own
process (pinned to CPU 0 where taskset exists, autocannon on CPU 1):
  HTTP floor     { __typename } on our full stack, a bare node:http server and mercurius + graphql-jit;
  Partners page  as a Partner Sys Admin: ours, a mercurius + graphql-jit peer with hand SQL, and ours
                 with its GraphQL limits, rate limit and credential lookup off;
  type-graphql   the Partners page executed in-process on our schema vs plain graphql-js.
Each measurement: a warm-up, then --duration seconds with --connections connections; --rounds
rounds in alternating order; medians. --quick: 2 s runs, one round (checks the harness).
--db postgres: on the PostgreSQL database of DATABASE_URL, e.g.
  bash tooling/scripts/with-postgres.sh pnpm bench:api --db postgres
--profile partners|floor: instead, run our server under node --cpu-prof while loading the
Partners page or { __typename }, and print its top self-time functions.
--metrics: also run ours with Prometheus metrics on (METRICS_TOKEN set) in the HTTP floor and
Partners page rounds, and report what metrics cost (on vs off).
--invoices: only the month-close row (a month issued for --children Children, each PDF mailed,
then every PDF downloaded); the full run ends with it.
With the default parameters it rewrites the "API" section of docs/benchmarks.md ("API on
PostgreSQL" with --db postgres); --no-write: don't; --write: do even with other parameters.`;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`bad --${name} ${raw}`);
  return value;
}

function profileTarget(raw: string | undefined): HttpBench | null {
  if (raw === undefined) return null;
  if (raw === "partners" || raw === "floor") return raw;
  throw new Error(`--profile must be partners or floor, got ${raw}`);
}

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      rounds: { type: "string" },
      quick: { type: "boolean" },
      db: { type: "string", default: "sqlite" },
      children: { type: "string" },
      payees: { type: "string" },
      profile: { type: "string" },
      metrics: { type: "boolean" },
      invoices: { type: "boolean" },
      ...COMMON_OPTIONS,
    },
    strict: true,
  });
  exitOnHelp(values, USAGE);
  const driver = (["sqlite", "postgres"] as const).find((d) => d === values.db);
  if (!driver) throw new Error(`--db must be sqlite or postgres, got ${values.db}`);
  const quick = values.quick ?? false;
  const durationS = positiveInt("duration", values.duration, quick ? 2 : DEFAULTS.durationS);
  const defaults =
    !quick &&
    values.duration === undefined &&
    values.connections === undefined &&
    values.rounds === undefined &&
    values.children === undefined &&
    values.payees === undefined;
  return {
    durationS,
    warmupS: quick ? 1 : Math.min(5, Math.max(2, Math.round(durationS / 3))),
    connections: positiveInt("connections", values.connections, DEFAULTS.connections),
    rounds: positiveInt("rounds", values.rounds, quick ? 1 : DEFAULTS.rounds),
    quick,
    driver,
    seed: {
      children: positiveInt("children", values.children, DEFAULTS.children),
      payeesPerLink: positiveInt("payees", values.payees, DEFAULTS.payees),
    } satisfies SeedParameters,
    profile: profileTarget(values.profile),
    metrics: values.metrics ?? false,
    invoicesOnly: values.invoices ?? false,
    ...commonSettings(
      values,
      ROOT,
      defaults && values.profile === undefined && !values.metrics && values.invoices === undefined,
    ),
  };
}

type Options = ReturnType<typeof options>;

interface Request {
  body: string;
  headers: Record<string, string>;
}

function graphqlRequest(query: string, token: string | null): Request {
  return {
    body: JSON.stringify({ query }),
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  };
}

async function post(url: string, request: Request): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

/** Where the servers and the load generator run. */
function cpuPlan(): { server: string | null; load: string | null; note: string } {
  if (availableParallelism() < 2 || !tasksetAvailable())
    return {
      server: null,
      load: null,
      note:
        availableParallelism() < 2
          ? "one CPU: server and load generator share it"
          : "no taskset: server and load generator are not pinned",
    };
  return {
    server: "0",
    load: "1",
    note: "each server pinned to CPU 0 and autocannon to CPU 1 (taskset)",
  };
}

/** Answers every measured run waits for, however slow the server. */
function minRequests(opts: Options): number {
  return opts.connections * (opts.quick ? 2 : 5);
}

/** Writes the load runner's options (the expected body in a file of its own) and runs it. */
async function loadServer(
  url: string,
  request: Request,
  expectedBody: string,
  opts: Options,
  workDir: string,
  cpus: ReturnType<typeof cpuPlan>,
): Promise<LoadResult> {
  const expectBodyFile = join(workDir, "expected-body.json");
  await writeFile(expectBodyFile, expectedBody);
  const options: LoadOptions = {
    url,
    ...request,
    expectBodyFile,
    connections: opts.connections,
    warmupS: opts.warmupS,
    durationS: opts.durationS,
    minRequests: minRequests(opts),
    timeoutS: 300,
  };
  const optionsFile = join(workDir, "load-options.json");
  await writeFile(optionsFile, JSON.stringify(options));
  const { result } = await runNode<LoadResult>(
    runnerPath("api", "load"),
    ["--options", optionsFile],
    process.env,
    [],
    cpus.load,
  );
  return result;
}

interface Bench {
  bench: HttpBench;
  servers: ServerKind[];
  query: string;
  token: string | null;
}

/** One server's turn: start, check its answers, load it, stop. */
async function measure(
  spec: Bench,
  server: ServerKind,
  round: number,
  reference: { data: unknown },
  data: BenchData,
  opts: Options,
  workDir: string,
  cpus: ReturnType<typeof cpuPlan>,
): Promise<HttpRun> {
  const before = cpuSnapshot();
  const env = apiEnv(data.url, workDir);
  const running = await startServer(server, env, cpus.server);
  try {
    const request = graphqlRequest(spec.query, spec.token);
    const counted = async (r: Request): Promise<{ text: string; statements: number }> => {
      const start = await running.settledStats();
      const answer = await post(running.url, r);
      if (answer.status !== 200)
        throw new Error(`${server}: HTTP ${answer.status}: ${answer.text.slice(0, 500)}`);
      const end = await running.settledStats();
      return { text: answer.text, statements: end.statements - start.statements };
    };
    const first = await counted(request);
    const body = JSON.parse(first.text) as { data?: unknown; errors?: unknown };
    if (body.errors) throw new Error(`${server}: ${JSON.stringify(body.errors).slice(0, 500)}`);
    if (reference.data === undefined) reference.data = body.data;
    else if (!isDeepStrictEqual(body.data, reference.data))
      throw new Error(`${server} answers other data than the first server for ${spec.bench}`);
    const pageStatements: Record<number, number> = {};
    if (spec.bench === "partners") {
      const seed = {
        children: data.seed.children,
        accountsPerChild: ACCOUNTS_PER_CHILD,
        payeesPerLink: opts.seed.payeesPerLink,
      };
      const problem = checkPartnersPage(body, PAGE_SIZE, seed);
      if (problem) throw new Error(`${server}: wrong Partners page: ${problem}`);
      // Counted after the first request, so that both sizes find the same warm caches (the
      // unsafe server looks its caller up once).
      for (const size of [SMALL_PAGE_SIZE, PAGE_SIZE]) {
        const page = await counted(graphqlRequest(partnersPageQuery(size), spec.token));
        const pageProblem = checkPartnersPage(JSON.parse(page.text), size, seed);
        if (pageProblem) throw new Error(`${server}: wrong page of ${size}: ${pageProblem}`);
        pageStatements[size] = page.statements;
      }
    }

    const start = await running.settledStats();
    const load = await loadServer(running.url, request, first.text, opts, workDir, cpus);
    const end = await running.settledStats();
    const bad = load.mismatches + load.non2xx + load.errors + load.timeouts;
    if (load.requests === 0) throw new Error(`${server}: no answer under load`);
    if (bad > 0)
      throw new Error(
        `${server} under load: ${load.mismatches} wrong bodies, ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts`,
      );
    await running.stop();
    return {
      bench: spec.bench,
      server,
      round,
      load,
      statementsPerRequest: (end.statements - start.statements) / (end.requests - start.requests),
      cpuMsPerRequest: (end.cpuMs - start.cpuMs) / (end.requests - start.requests),
      pageStatements,
      responseBytes: Buffer.byteLength(first.text),
      othersCpus: othersCpus(before, cpuSnapshot()),
    };
  } finally {
    await running.stop();
  }
}

async function profile(
  bench: HttpBench,
  opts: Options,
  data: BenchData,
  workDir: string,
): Promise<void> {
  const cpus = cpuPlan();
  const dir = join(opts.dataDir, "profiles");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const running = await startServer("ours", apiEnv(data.url, workDir), cpus.server, [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=api-${bench}-${stamp}.cpuprofile`,
  ]);
  try {
    const request =
      bench === "partners"
        ? graphqlRequest(partnersPageQuery(PAGE_SIZE), data.token)
        : graphqlRequest(FLOOR_QUERY, null);
    const first = await post(running.url, request);
    if (first.status !== 200) throw new Error(`HTTP ${first.status}: ${first.text.slice(0, 300)}`);
    const result = await loadServer(running.url, request, first.text, opts, workDir, cpus);
    log(
      `loaded: ${result.requestsPerSecond.toFixed(2)} req/s, p50 ${result.p50Ms.toFixed(0)} ms (${result.requests} requests)`,
    );
  } finally {
    await running.stop();
  }
  const path = join(dir, `api-${bench}-${stamp}.cpuprofile`);
  process.stdout.write(`\nTop self time of our server (${path}; idle left out):\n\n`);
  for (const t of await topSelfTime(path, 30))
    process.stdout.write(
      `${(t.share * 100).toFixed(1).padStart(5)}% ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}\n`,
    );
}

type FigureOf = (bench: HttpBench, server: ServerKind) => Figures;

/** `--metrics`: the same server with and without Prometheus metrics, on both small benches. */
function metricsRows(fig: FigureOf): Row[] {
  return [
    {
      bench: "Cost of metrics (HTTP floor)",
      label: SERVER_LABEL["ours-metrics"],
      figures: fig("floor", "ours-metrics"),
      versus: [{ name: "off", figures: fig("floor", "ours") }],
    },
    {
      bench: "Cost of metrics (Partners page)",
      label: SERVER_LABEL["ours-metrics"],
      figures: fig("partners", "ours-metrics"),
      versus: [{ name: "off", figures: fig("partners", "ours") }],
    },
  ];
}

function metricsGoal(fig: FigureOf): Target {
  const cost = (bench: HttpBench) => 1 - fig(bench, "ours-metrics").rate / fig(bench, "ours").rate;
  const floor = cost("floor");
  const page = cost("partners");
  return {
    name: "metrics cost ≤ 3% req/s on the HTTP floor (1 − on ÷ off)",
    value: `${(floor * 100).toFixed(1)}% floor, ${(page * 100).toFixed(1)}% Partners page`,
    pass: floor <= 0.03,
  };
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const host = machine();
  const cpus = cpuPlan();
  log(
    `bench:api on ${opts.driver}: ${opts.durationS} s runs (${opts.warmupS} s warm-up), ${opts.connections} connections, ${opts.rounds} round(s); ${host.cpus} CPUs (${host.cpu}), Node ${host.node}; ${cpus.note}`,
  );
  const workDir = await mkdtemp(join(tmpdir(), "bench-api-"));
  try {
    const data = await prepareData(opts.driver, opts.dataDir, workDir, opts.seed, log);
    if (opts.profile) {
      await profile(opts.profile, opts, data, workDir);
      return;
    }
    if (opts.invoicesOnly) {
      log(`month close for ${opts.seed.children} Children…`);
      const row = await runInvoiceRow(data.url, workDir, opts.seed.children);
      process.stdout.write(`\n${invoiceTable(row)}\n`);
      return;
    }

    const withMetrics: ServerKind[] = opts.metrics ? ["ours-metrics"] : [];
    const benches: Bench[] = [
      {
        bench: "floor",
        servers: ["ours", "bare", "mercurius", ...withMetrics],
        query: FLOOR_QUERY,
        token: null,
      },
      {
        bench: "partners",
        servers: ["ours", "mercurius", "ours-unsafe", ...withMetrics],
        query: partnersPageQuery(PAGE_SIZE),
        token: data.token,
      },
    ];
    const runs: HttpRun[] = [];
    const measuring = cpuSnapshot();
    for (const spec of benches) {
      const reference: { data: unknown } = { data: undefined };
      for (let round = 0; round < opts.rounds; round++) {
        const order = round % 2 === 0 ? spec.servers : [...spec.servers].reverse();
        for (const server of order) {
          const run = await measure(spec, server, round, reference, data, opts, workDir, cpus);
          runs.push(run);
          log(
            `  ${spec.bench} #${round + 1} ${server}: ${run.load.requestsPerSecond.toFixed(1)} req/s, p50 ${run.load.p50Ms.toFixed(1)} ms, p99 ${run.load.p99Ms.toFixed(1)} ms, ${run.statementsPerRequest.toFixed(1)} SQL/request (${run.load.requests} requests)`,
          );
        }
      }
    }

    log("  type-graphql overhead: in-process execution …");
    const { result: inProcess } = await runNode<InProcessResult>(
      runnerPath("api", "in-process"),
      [
        "--token",
        data.token,
        "--duration",
        String(opts.durationS),
        "--warmup",
        String(opts.warmupS),
        "--rounds",
        String(opts.rounds),
      ],
      apiEnv(data.url, workDir),
      [],
      cpus.server,
    );
    for (const run of inProcess.runs)
      log(`  in-process #${run.round + 1} ${run.variant}: ${run.opsPerSecond.toFixed(1)} ops/s`);
    const others = othersCpus(measuring, cpuSnapshot());

    const fig = (bench: HttpBench, server: ServerKind): Figures => {
      const f = httpFigures(runs, bench, server);
      if (!f) throw new Error(`no runs of ${server} for ${bench}`);
      return f;
    };
    const ipFig = (variant: Parameters<typeof inProcessFigures>[1]): Figures => {
      const f = inProcessFigures(inProcess.runs, variant);
      if (!f) throw new Error(`no in-process runs of ${variant}`);
      return f;
    };
    const partnersBytes = runs.find((r) => r.bench === "partners")?.responseBytes ?? 0;
    const pageLabel = `Partners page (first: ${PAGE_SIZE}, ${(partnersBytes / 2 ** 20).toFixed(2)} MiB answer)`;
    const floor = {
      ours: fig("floor", "ours"),
      bare: fig("floor", "bare"),
      mercurius: fig("floor", "mercurius"),
    };
    const page = {
      ours: fig("partners", "ours"),
      mercurius: fig("partners", "mercurius"),
      unsafe: fig("partners", "ours-unsafe"),
    };
    const ip = {
      typeGraphql: ipFig("type-graphql"),
      plain: ipFig("graphql-js"),
      jit: ipFig("graphql-js + graphql-jit"),
    };
    const rows: Row[] = [
      {
        bench: "HTTP floor `{ __typename }`",
        label: SERVER_LABEL.ours,
        figures: floor.ours,
        versus: [
          { name: "bare", figures: floor.bare },
          { name: "mercurius", figures: floor.mercurius },
        ],
      },
      { bench: "", label: SERVER_LABEL.bare, figures: floor.bare, versus: [] },
      { bench: "", label: "mercurius + graphql-jit", figures: floor.mercurius, versus: [] },
      {
        bench: pageLabel,
        label: SERVER_LABEL.ours,
        figures: page.ours,
        versus: [{ name: "peer", figures: page.mercurius }],
      },
      {
        bench: "",
        label: `peer: ${SERVER_LABEL.mercurius} (${opts.driver === "sqlite" ? "better-sqlite3" : "pg"})`,
        figures: page.mercurius,
        versus: [],
      },
      {
        bench: "Cost of safety (Partners page)",
        label: "ours, limits and auth on (the runs above)",
        figures: page.ours,
        versus: [{ name: "off", figures: page.unsafe }],
      },
      { bench: "", label: SERVER_LABEL["ours-unsafe"], figures: page.unsafe, versus: [] },
      {
        bench: "type-graphql overhead (in-process Partners page; ops/s)",
        label: "our schema (type-graphql, getSchema)",
        figures: ip.typeGraphql,
        versus: [{ name: "plain", figures: ip.plain }],
      },
      {
        bench: "",
        label: "plain graphql-js: the SDL + hand resolvers, same services and loaders",
        figures: ip.plain,
        versus: [],
      },
      {
        bench: "",
        label: "plain graphql-js compiled by graphql-jit (for reference)",
        figures: ip.jit,
        versus: [{ name: "plain", figures: ip.plain }],
      },
    ];
    if (opts.metrics) rows.push(...metricsRows(fig));
    const sizes = [SMALL_PAGE_SIZE, PAGE_SIZE];
    const statements = pageStatements(runs);
    const oursStatements = statements.find((s) => s.server === "ours");
    const constant = (counts: Record<number, number> | undefined): boolean =>
      !!counts && sizes.every((s) => counts[s] === counts[sizes[0]!]);
    const overhead = ip.plain.rate / ip.typeGraphql.rate;
    const safetyCost = 1 - page.ours.rate / page.unsafe.rate;
    // Wall-clock rates of runs minutes apart move by more than the safety layer's cost on a shared
    // machine: the server's CPU time per request is the steadier measure of the same cost.
    const safetyCpu = (page.ours.cpuMs ?? Number.NaN) / (page.unsafe.cpuMs ?? Number.NaN) - 1;
    const goals: Target[] = [
      {
        name: "Partners page req/s ≥ 0.5× the mercurius + graphql-jit peer",
        value: `${(page.ours.rate / page.mercurius.rate).toFixed(2)}×`,
        pass: page.ours.rate >= 0.5 * page.mercurius.rate,
      },
      {
        name: "Partners page p99 ≤ 2× the peer's",
        value: `${(page.ours.p99Ms / page.mercurius.p99Ms).toFixed(2)}×`,
        pass: page.ours.p99Ms <= 2 * page.mercurius.p99Ms,
      },
      {
        name: `SQL statements per request constant in the page size (ours, first: ${sizes.join(" vs ")})`,
        value: sizes.map((s) => oursStatements?.counts[s] ?? "?").join(" vs "),
        pass: constant(oursStatements?.counts),
      },
      {
        name: "type-graphql overhead ≤ 1.2× (plain graphql-js ops/s ÷ ours)",
        value: `${overhead.toFixed(2)}×`,
        pass: overhead <= 1.2,
      },
      {
        name: "the safety layer costs ≤ 10% (req/s: 1 − on ÷ off; server CPU per request: on ÷ off − 1)",
        value: `${(safetyCost * 100).toFixed(1)}% req/s, ${(safetyCpu * 100).toFixed(1)}% CPU`,
        pass: safetyCost <= 0.1 && safetyCpu <= 0.1,
      },
      ...(opts.metrics ? [metricsGoal(fig)] : []),
    ];

    // Last: it adds a tenant and its invoices to the database the other runs read.
    log(`month close for ${opts.seed.children} Children…`);
    const invoiceRow = await runInvoiceRow(data.url, workDir, opts.seed.children);
    goals.push({
      name: `a month issued for ${opts.seed.children.toLocaleString("en-US")} Children in < 60 s`,
      value: `${(invoiceRow.issueMs / 1000).toFixed(1)} s`,
      pass: invoiceRow.issueMs < 60_000,
    });

    const totalS = (performance.now() - started) / 1000;
    const load =
      others === null
        ? "other processes' load not measured (no /proc)"
        : `other processes used ${others.toFixed(2)} of the ${host.cpus} CPUs on average while it measured`;
    if (others !== null && others > 0.25)
      log(`warning: ${load}: figures are inflated; rerun on a quiet machine`);
    const date = new Date().toISOString().slice(0, 10);
    // A load generator near its CPU's limit caps the server's figure: that row is a lower bound.
    const capped = rows
      .filter((r) => (r.figures.loadGenCpu ?? 0) > 0.7)
      .map((r) => `${r.label} (${((r.figures.loadGenCpu ?? 0) * 100).toFixed(0)}%)`);
    const tables = [
      resultTable(rows),
      ...(capped.length
        ? [
            "",
            `autocannon kept its CPU busy near its limit for: ${[...new Set(capped)].join("; ")}. Those req/s are lower bounds (the load generator, not the server, set them).`,
          ]
        : []),
      "",
      "SQL statements of one Partners page request, by page size (counted before the load):",
      "",
      pageStatementTable(statements, sizes),
      "",
      "Month close (invoices), on the same database:",
      "",
      invoiceTable(invoiceRow),
      "",
      targetTable(goals),
    ].join("\n");
    const heading = opts.driver === "sqlite" ? "## API" : "## API on PostgreSQL";
    const command = `pnpm bench:api${opts.driver === "postgres" ? " --db postgres" : ""}`;
    const seeded =
      data.seededS === null
        ? "the seeded SQLite file reused from `.bench-data/`"
        : `${data.seededS.toFixed(0)} s of it seeding`;
    const section = [
      heading,
      "",
      `Command: \`${opts.driver === "postgres" ? "bash tooling/scripts/with-postgres.sh " : ""}${command}\` (options: \`pnpm bench:api --help\`). It is not part of \`npm test\`.`,
      "",
      `Measured ${date} on ${machineLine(host)}; ${cpus.note}. ${opts.rounds} rounds of each server in alternating order (A B C, C B A, …), each a ${opts.warmupS} s warm-up then ${opts.durationS} s with ${opts.connections} connections; medians of the rounds. The whole run took ${(totalS / 60).toFixed(1)} min (${seeded}); ${load}.`,
      "",
      tables,
      "",
      `- **Data**: ${opts.driver === "sqlite" ? "one SQLite file" : "one PostgreSQL database"} seeded by \`tooling/bench/src/api/runners/seed.ts\`: a Parent (with its master payer account and Partner Sys Admin, made through the API's PartnerService), ${data.seed.children.toLocaleString("en-US")} reseller Children with ${ACCOUNTS_PER_CHILD} accounts and one reseller link each, ${opts.seed.payeesPerLink} payees per link (${data.seed.payees.toLocaleString("en-US")} payee rows), bulk-inserted through the API's TypeORM data source in one transaction after the API's migrations. Every server reads the same ${opts.driver === "sqlite" ? "copy of the file" : "database"}. The page's first node is the Parent, whose \`resellerLinks\` are all ${data.seed.links.toLocaleString("en-US")} links it made with their ${data.seed.payees.toLocaleString("en-US")} payee ids: most of the answer's bytes and of every server's work.`,
      `- **ours**: the built API (\`createServer\` from apps/api, as \`npm start\` runs it: Express, Apollo Server 5, type-graphql, TypeORM), production mode, LOG_LEVEL=warn (no access log lines), no billing worker; the rate limits count every request but are set too high to refuse any. SQL statements are counted with \`ServerOptions.database.onQuery\`. The caller is the Partner Sys Admin with a session token (\`Authorization: Bearer\`).`,
      "- **ours, limits and auth off**: the same server with the bench-only `graphqlLimits: false` (no graphql-armor, complexity guard, credential and field-repeat rules or token cap), no rate limiting, and each Authorization header looked up once instead of per request. CORS, CSRF prevention, the body limit, the idempotency-key plugin and the error masking stay.",
      `- **bare node:http**: reads the body, parses it, answers the same JSON. **mercurius + graphql-jit**: fastify 5 + mercurius 16 with \`jit: 1\` on \`packages/schema/schema.graphql\`; for the Partners page, resolvers with hand-written SQL on ${opts.driver === "sqlite" ? "better-sqlite3 (prepared statements, json_each id lists)" : "pg (a pool of 10, ANY id lists)"} batched per field with mercurius loaders, the session looked up per request, visibility applied as ours does, and nothing queried that the operation does not select (\`tooling/bench/src/api/peer/\`).`,
      "- **Checks**: each server's first answer must hold the same data (and the Partners page the seeded rows); under load, every answer must equal that first answer byte for byte (autocannon's expectBody), and there must be no error or non-2xx answer.",
      "- **type-graphql overhead**: graphql-js `execute` with a parsed, validated document and no HTTP, a fresh context per operation from our `createRequestContext` (session lookup, rate limiter, DataLoaders), on our schema (`getSchema`) and on the same SDL built by plain graphql-js with hand resolvers calling the same services and loaders (`tooling/bench/src/api/plain-schema.ts`); one operation at a time. The ratio is plain ops/s ÷ ours.",
      `- **Partners page runs** end after at least ${minRequests(opts)} answers (a server too slow to give them in the run's seconds is loaded until it has, up to 6× as long), so that medians and p99 rest on enough samples. Latencies are autocannon's per-answer times, kept exact (its own histogram rounds to whole ms); with ${opts.connections} connections on one server CPU they are mostly queueing.`,
      `- Ratios are this row's figure ÷ the compared row's: above 1 is faster for req/s, slower for latencies. "CPU ms / request" is the server process's CPU time (every thread) per answer under load (in-process: per operation). "Others' CPUs" is how many CPUs' worth of work other processes did during the row's runs (from /proc/stat, less this benchmark's processes): 0 is a quiet machine${opts.driver === "postgres" ? "; on PostgreSQL it includes the database server's own processes" : ""}.`,
      "",
    ].join("\n");

    process.stdout.write(
      `\n${tables}\n\n${machineLine(host)}; ${load}; ${(totalS / 60).toFixed(1)} min in all.\n`,
    );
    await publishReport({
      dataDir: opts.dataDir,
      runsFile: `last-api-runs-${opts.driver}.json`,
      runs: { date, machine: host, options: opts, runs, inProcess, targets: goals },
      write: opts.write,
      docsFile: join(ROOT, "docs/benchmarks.md"),
      heading,
      section,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

runBenchmark("bench:api", main);
