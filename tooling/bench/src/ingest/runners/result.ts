// What every runner prints as its last stdout line: one JSON object the orchestrator parses.
// Each runner is its own process, so its peak RSS is its own and no other measurement's.

export interface RunnerResult {
  /** The measured work, in milliseconds (what the table's time is). */
  ms: number;
  /** Source rows the method processed (checked against the file's row count). */
  rows: number;
  /** The process's peak resident set size, MiB (`process.resourceUsage().maxRSS`, at exit). */
  peakRssMiB: number;
  /** Extra figures: phases, counts. */
  detail: Record<string, number | string>;
}

/** CPU time (user + system, every thread of the process) since `start`, in milliseconds. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function emit(result: RunnerResult): void {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

/** Runs a runner's main, printing its failure to stderr with a non-zero exit code. */
export function runMain(main: () => Promise<RunnerResult>): void {
  main().then(
    (result) => {
      emit({ ...result, peakRssMiB: Math.max(result.peakRssMiB, peakRssMiB()) });
      // Native handles (DuckDB, SQLite) may keep the loop alive: the measurement is done.
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
