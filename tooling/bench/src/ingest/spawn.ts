import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Finished<T> {
  /** The runner's last stdout line, parsed. */
  result: T;
  /** Spawn to exit, measured from outside. */
  wallMs: number;
}

/** A runner script of this package (dist/ingest/runners/<name>.js). */
export function runnerPath(name: string): string {
  return fileURLToPath(new URL(`./runners/${name}.js`, import.meta.url));
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
): Promise<Finished<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeOptions, script, ...args], {
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
