import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const DEFAULT_MAX_OPERATION_NAMES = 100;
/** Unnamed operations, and names beyond the cap, share these labels. */
export const ANONYMOUS_OPERATION = "anonymous";
export const OTHER_OPERATION = "other";

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * One process's Prometheus metrics, in a registry of its own (a test may run several servers).
 * Every label takes a bounded set of values: clients choose operation names, so at most
 * `maxOperationNames` distinct ones are kept and the rest count as `other`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly httpRequests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: "graphql_operation_duration_seconds",
    help: "Time from a GraphQL request's start to its answer, by operation name and type.",
    labelNames: ["operation_name", "operation_type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: "graphql_operations_total",
    help: "GraphQL operations answered, by name, type and outcome (`ok` or the first error's code).",
    labelNames: ["operation_name", "operation_type", "outcome"] as const,
    registers: [this.registry],
  });

  readonly billingJobs = new Counter({
    name: "billing_jobs_total",
    help: "Billing jobs finished, by kind and final state.",
    labelNames: ["kind", "state"] as const,
    registers: [this.registry],
  });

  readonly billingJobDuration = new Histogram({
    name: "billing_job_duration_seconds",
    help: "How long billing jobs ran, by kind.",
    labelNames: ["kind"] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });

  readonly billingRowsIngested = new Counter({
    name: "billing_rows_ingested_total",
    help: "Cost report rows read by ingest jobs that stored their months, by report format.",
    labelNames: ["format"] as const,
    registers: [this.registry],
  });

  readonly reportSourceChecks = new Counter({
    name: "report_source_checks_total",
    help: "Checks of report sources (S3 buckets) for new deliveries, by outcome.",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  constructor(
    readonly maxOperationNames = DEFAULT_MAX_OPERATION_NAMES,
    /** Counts the jobs waiting in the queue (shared by every process), read at each scrape. */
    queuedJobs?: () => Promise<number>,
  ) {
    collectDefaultMetrics({ register: this.registry });
    if (queuedJobs) {
      new Gauge({
        name: "billing_jobs_queued",
        help: "Billing jobs waiting to run, over all processes sharing the database.",
        registers: [this.registry],
        async collect() {
          this.set(await queuedJobs());
        },
      });
    }
  }

  /** The label for a client-chosen operation name: bounded in count and shape. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
