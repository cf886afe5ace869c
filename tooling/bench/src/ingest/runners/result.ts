// What every ingest runner prints as its last stdout line: one JSON object the orchestrator parses.
// Each runner is its own process, so its peak RSS is its own and no other measurement's.
import { peakRssMiB, runMain as runRunner } from "../../common/runner.js";

export { argValue, cpuMsSince } from "../../common/runner.js";

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

/** Runs a runner's main, printing its failure to stderr with a non-zero exit code. */
export function runMain(main: () => Promise<RunnerResult>): void {
  runRunner(main, (result) => ({
    ...result,
    peakRssMiB: Math.max(result.peakRssMiB, peakRssMiB()),
  }));
}
