import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { type AppDeps } from "../../context.js";
import { BillingJobEntity } from "../../persistence/entities/index.js";
import { isDeliveryFile } from "../billing/delivery.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes the files of superseded uploads once they are older than BILLING_RETENTION_DAYS. A
 * file stays while a billing month was stored from it (its job ran when the month was
 * ingested, under that file name): the current delivery of every month is kept whatever its age.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly retentionDays: number,
  ) {}

  /** Removes the files due and clears their jobs' file paths; returns how many it removed. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.deps.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    const due: { id: number | string; file_path: string }[] = await this.deps.dataSource.query(
      `SELECT j."id" AS "id", j."file_path" AS "file_path" FROM "billing_job" j
        WHERE j."kind" = 'INGEST' AND j."source" = 'UPLOAD' AND j."file_path" IS NOT NULL
          AND j."state" IN ('SUCCEEDED', 'FAILED') AND j."created_at" < '${cutoff}'
          AND NOT EXISTS (
            SELECT 1 FROM "billing_month" m
             WHERE m."master_payer_account_id" = j."master_payer_account_id"
               AND m."file_name" = j."file_name"
               AND m."ingested_at" >= j."started_at" AND m."ingested_at" <= j."finished_at")`,
    );
    let removed = 0;
    for (const job of due) {
      // An uploaded tree's job names its delivery's description: its parts go with it.
      const path = isDeliveryFile(job.file_path) ? dirname(job.file_path) : job.file_path;
      await rm(path, { recursive: true, force: true });
      await this.deps.tx.run((m) =>
        m.update(BillingJobEntity, { id: Number(job.id) }, { filePath: null }),
      );
      removed += 1;
    }
    if (removed > 0)
      this.deps.logger.info(
        { removed, retentionDays: this.retentionDays },
        "superseded uploads deleted",
      );
    return removed;
  }

  start(): void {
    const run = () => {
      this.running ??= this.sweep()
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error }, "retention sweep failed");
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(run, SWEEP_EVERY_MS);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
