import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

let hasTaskset: boolean | null = null;

/** Whether `taskset` (util-linux) can pin processes to CPUs here. */
export function tasksetAvailable(): boolean {
  if (hasTaskset === null) {
    try {
      execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
      hasTaskset = true;
    } catch {
      hasTaskset = false;
    }
  }
  return hasTaskset;
}

/**
 * `node args`, run on the CPU list `cpus` (taskset's syntax, e.g. "0") when taskset exists.
 * BENCH_NODE_FLAGS adds Node flags to every runner, e.g. "--cpu-prof --cpu-prof-dir=prof" to
 * profile them (NODE_OPTIONS refuses --cpu-prof).
 */
export function nodeCommand(args: readonly string[], cpus: string | null): [string, string[]] {
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "");
  return cpus !== null && tasksetAvailable()
    ? ["taskset", ["-c", cpus, process.execPath, ...flags, ...args]]
    : [process.execPath, [...flags, ...args]];
}

export interface Finished<T> {
  /** The runner's last stdout line, parsed. */
  result: T;
  /** Spawn to exit, measured from outside. */
  wallMs: number;
}

/** A runner script of this package: dist/<bench>/runners/<name>.js. */
export function runnerPath(bench: "ingest" | "api", name: string): string {
  return fileURLToPath(new URL(`../${bench}/runners/${name}.js`, import.meta.url));
}

/**
 * Runs `node <script> args` and parses the JSON object on its last stdout line. Fails with the
 * process's stderr when it exits non-zero.
 */
export function runNode<T>(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  nodeOptions: readonly string[] = [],
  cpus: string | null = null,
): Promise<Finished<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const [command, commandArgs] = nodeCommand([...nodeOptions, script, ...args], cpus);
    const child = spawn(command, commandArgs, {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) {
        reject(
          new Error(
            `${script} ${args.join(" ")} exited with ${code ?? signal}:\n${stderr.slice(-4000)}${stdout.slice(-2000)}`,
          ),
        );
        return;
      }
      const last = stdout.trimEnd().split("\n").pop() ?? "";
      try {
        resolve({ result: JSON.parse(last) as T, wallMs });
      } catch {
        reject(new Error(`${script} printed no result line:\n${stdout.slice(-2000)}`));
      }
    });
  });
}
