// What every runner process shares: it prints one JSON object as its last stdout line, which the
// orchestrator parses (spawn.ts runNode), and it exits once its measurement is done.

/** CPU time (user + system, every thread of the process) since `start`, in milliseconds. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs a runner's main and prints its result, or its failure to stderr with a non-zero exit code. */
export function runMain<T>(main: () => Promise<T>, finish: (result: T) => T = (r) => r): void {
  main().then(
    (result) => {
      process.stdout.write(`\n${JSON.stringify(finish(result))}\n`);
      // Native handles (DuckDB, SQLite, sockets) may keep the loop alive: the measurement is done.
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

/** `--name value` pairs from argv. */
export function argValue(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}
