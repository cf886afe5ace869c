import { type AppDeps } from "../../context.js";
import { type ReportSourceService } from "./report-source.service.js";

/** The schedule looks for due sources at least this often (and at most once per interval). */
const MAX_TICK_MS = 60_000;

/**
 * Checks every enabled report source once per REPORT_SYNC_INTERVAL. Every API process runs one;
 * the sources' database leases make each source checked by one process per interval.
 */
export class ReportSyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly sources: ReportSourceService,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), Math.min(this.intervalMs, MAX_TICK_MS));
    this.timer.unref();
    this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    // Nobody awaits a tick: a failure (the database is down) is logged, and the next tick retries.
    this.running = this.sources
      .checkDue(this.intervalMs)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "report source schedule failed"),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
