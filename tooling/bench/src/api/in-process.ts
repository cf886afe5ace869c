// What the in-process runner (runners/in-process.ts) answers.

export type InProcessVariant = "type-graphql" | "graphql-js" | "graphql-js + graphql-jit";

export interface InProcessRun {
  variant: InProcessVariant;
  round: number;
  operations: number;
  ms: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statementsPerOperation: number;
  /** The process's CPU time per operation (every thread: GC helpers too), ms. */
  cpuMsPerOperation: number;
}

export interface InProcessResult {
  runs: InProcessRun[];
  /** The answer's size, JSON bytes (the same for every variant: checked). */
  bytes: number;
}
