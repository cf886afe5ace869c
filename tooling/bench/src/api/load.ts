// What the load runner (runners/load.ts) is asked to do and what it answers.

export interface LoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** A file holding the exact body every response must have. */
  expectBodyFile: string;
  connections: number;
  warmupS: number;
  durationS: number;
  /**
   * At least this many answers are measured: a server too slow to give them in durationS is
   * loaded until it has (up to 6 × durationS), so that medians and p99 rest on enough samples.
   */
  minRequests: number;
  /** Per-request timeout, seconds. */
  timeoutS: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  /** Latencies of the measured answers, exact (autocannon's own histogram keeps whole ms). */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  durationS: number;
  bytesPerSecond: number;
  mismatches: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  warmupRequests: number;
  /** The load generator's own CPU time over the measured run. */
  cpuMs: number;
}
