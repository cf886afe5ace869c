#!/usr/bin/env node
// The README's commands on a machine with only Node.js and npm:
//
//   node tooling/scripts/bootstrap.mjs start    install, build the API and run it (npm start)
//   node tooling/scripts/bootstrap.mjs test     install, then every check and test (npm test)
//   node tooling/scripts/bootstrap.mjs install  install only (npm run setup)
//
// It finds pnpm 10 (from PATH, or through npx at the version of "packageManager")
// and runs each step with inherited stdio, forwarding SIGINT/SIGTERM to the step.
// Plain Node ESM with node: builtins only: it runs before any dependency is installed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const say = (line) => console.log(`bootstrap: ${line}`);
const fail = (line) => {
  console.error(`bootstrap: ${line}`);
  process.exit(1);
};

const MIN_NODE = [20, 19];
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
  fail(`Node.js >= ${MIN_NODE.join(".")} is required, this is ${process.version}`);
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pinned = /^pnpm@(\d+\.\d+\.\d+)/.exec(pkg.packageManager ?? "")?.[1];
if (!pinned)
  fail(
    `package.json "packageManager" must name pnpm (e.g. "pnpm@10.34.8"), got ${JSON.stringify(pkg.packageManager)}`,
  );
const pinnedMajor = `${pinned.split(".")[0]}.`;

function findPnpm() {
  const probe = spawnSync("pnpm", ["--version"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
    // A corepack shim must not stop to ask before downloading.
    env: { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" },
  });
  const version = probe.status === 0 ? probe.stdout.trim() : "";
  if (version.startsWith(pinnedMajor)) {
    say(`using pnpm ${version} from PATH`);
    return ["pnpm"];
  }
  const why =
    probe.error?.code === "ENOENT"
      ? "no pnpm on PATH"
      : version
        ? `pnpm on PATH is ${version}`
        : "pnpm on PATH does not run";
  say(`${why}: using npx --yes pnpm@${pinned}`);
  return ["npx", "--yes", `pnpm@${pinned}`];
}

// One step at a time; a signal goes to the running step, and no further step starts.
let current = null;
let interrupted = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupted = signal;
    if (current) current.kill(signal);
    else process.exit(128 + constants.signals[signal]);
  });
}

function run(argv) {
  return new Promise((done) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: "inherit", shell: false });
    current = child;
    let settled = false;
    const settle = (code) => {
      if (settled) return;
      settled = true;
      current = null;
      done(code);
    };
    child.on("error", (error) => {
      console.error(`bootstrap: cannot run ${argv[0]}: ${error.message}`);
      settle(127);
    });
    child.on("close", (code, signal) => settle(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

const show = (argv) =>
  argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(" ");

const exitIfInterrupted = () => {
  if (interrupted) process.exit(128 + constants.signals[interrupted]);
};

async function install(pnpm) {
  const code = await run([...pnpm, "install", "--frozen-lockfile"]);
  exitIfInterrupted();
  if (code !== 0) fail(`pnpm install --frozen-lockfile failed (exit code ${code})`);
}

function installIsFresh() {
  try {
    return (
      statSync(join(root, "node_modules/.modules.yaml")).mtimeMs >
      statSync(join(root, "pnpm-lock.yaml")).mtimeMs
    );
  } catch {
    return false;
  }
}

async function start() {
  const pnpm = findPnpm();
  if (installIsFresh())
    say(
      "dependencies are up to date (node_modules/.modules.yaml is newer than pnpm-lock.yaml): not installing",
    );
  else await install(pnpm);
  const build = await run([
    ...pnpm,
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@reseller/admin...",
  ]);
  exitIfInterrupted();
  if (build !== 0) fail(`building the API failed (exit code ${build})`);
  // A young generation of fixed size (16 MiB semi-spaces, V8's own maximum): left adaptive, V8
  // grows and shrinks it with the allocation rate, and RSS swings by 20% under a steady load.
  say(
    "starting the API: node --min-semi-space-size=16 --import ./apps/api/dist/tracing.js apps/api/dist/main.js",
  );
  process.exit(
    await run([
      process.execPath,
      "--min-semi-space-size=16",
      // Traces (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set) hook module loading first.
      "--import",
      "./apps/api/dist/tracing.js",
      "apps/api/dist/main.js",
    ]),
  );
}

async function test() {
  const pnpm = findPnpm();
  const contractCheck = join(root, "../shared/checks/contract-check.mjs");
  const steps = [
    { name: "install", argv: [...pnpm, "install", "--frozen-lockfile"] },
    {
      name: "lint, check-types, build",
      argv: [...pnpm, "exec", "turbo", "run", "lint", "check-types", "build"],
    },
    { name: "schema check", argv: [...pnpm, "exec", "turbo", "run", "schema:check"] },
    { name: "unit tests", argv: [...pnpm, "exec", "turbo", "run", "test"] },
    // The console in Debian's Chromium against the built API (screenshots: apps/admin/e2e/screenshots/).
    { name: "Chromium for the console e2e", argv: ["bash", "tooling/scripts/ensure-chromium.sh"] },
    {
      name: "console e2e (Chromium)",
      argv: [...pnpm, "--filter", "@reseller/admin", "test:e2e"],
    },
    existsSync(contractCheck)
      ? {
          name: "contract check",
          argv: [
            process.execPath,
            "../shared/checks/contract-check.mjs",
            "packages/schema/schema.graphql",
          ],
        }
      : {
          name: "contract check",
          skip: `skipped: ${contractCheck} does not exist (the shared checks are not next to this clone)`,
        },
    {
      name: "PostgreSQL integration tests",
      argv: [
        "bash",
        "tooling/scripts/with-postgres.sh",
        ...pnpm,
        "--filter",
        "@reseller/api",
        "test:int",
      ],
    },
    // Two API processes on a PostgreSQL cluster the test owns (kill -9, database restart, soak).
    {
      name: "PostgreSQL scale-out tests",
      argv: [
        "bash",
        "tooling/scripts/with-postgres.sh",
        ...pnpm,
        "--filter",
        "@reseller/api",
        "test:pg",
      ],
    },
  ];

  const results = [];
  let failed = null;
  for (const [index, step] of steps.entries()) {
    const label = `step ${index + 1}/${steps.length} "${step.name}"`;
    if (failed || interrupted) {
      results.push({ step, result: "not run" });
      continue;
    }
    if (step.skip) {
      say(`${label} ${step.skip}`);
      results.push({ step, result: "skipped" });
      continue;
    }
    // process.execPath stands for plain `node` in what we print.
    const printed = show(
      step.argv[0] === process.execPath ? ["node", ...step.argv.slice(1)] : step.argv,
    );
    say(`${label}: ${printed}`);
    const started = performance.now();
    const code = await run(step.argv);
    const seconds = (performance.now() - started) / 1000;
    if (code === 0) {
      say(`${label} passed in ${seconds.toFixed(1)} s`);
      results.push({ step, result: "passed", seconds });
    } else {
      failed = { label, printed, code };
      const outcome = interrupted ? `interrupted by ${interrupted}` : `FAILED (exit code ${code})`;
      say(`${label} ${outcome} after ${seconds.toFixed(1)} s: ${printed}`);
      results.push({ step, result: interrupted ? "interrupted" : "FAILED", seconds });
    }
  }

  const width = Math.max(...steps.map((step) => step.name.length));
  console.log("\nbootstrap: summary");
  console.log(`  ${"step".padEnd(width)}  ${"result".padEnd(11)}  seconds`);
  for (const { step, result, seconds } of results) {
    console.log(
      `  ${step.name.padEnd(width)}  ${result.padEnd(11)}  ${seconds === undefined ? "" : seconds.toFixed(1).padStart(7)}`,
    );
  }
  const total = results.reduce((sum, { seconds = 0 }) => sum + seconds, 0);
  console.log(`  ${"total".padEnd(width)}  ${"".padEnd(11)}  ${total.toFixed(1).padStart(7)}`);

  exitIfInterrupted();
  if (failed) {
    console.error(
      `\nbootstrap: npm test failed at ${failed.label}: ${failed.printed} (exit code ${failed.code})`,
    );
    process.exit(failed.code);
  }
  say("all steps passed");
}

const modes = {
  start,
  test,
  install: async () => install(findPnpm()),
};
const mode = process.argv[2];
if (!Object.hasOwn(modes, mode))
  fail(`usage: node tooling/scripts/bootstrap.mjs <${Object.keys(modes).join("|")}>`);
await modes[mode]();
