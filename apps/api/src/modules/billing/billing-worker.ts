import { basename, dirname, join } from "node:path";
import { classifyLineItemType } from "@reseller/domain";
import { In, IsNull, LessThan } from "typeorm";
import { type AppDeps } from "../../context.js";
import { nextQueuedJobId } from "../billing-limits/fair-queue.js";
import { type JobKind } from "../../persistence/entities/billing.entities.js";
import { BillingJobEntity, BillingMonthEntity } from "../../persistence/entities/index.js";
import { type AllocationService } from "./allocation.service.js";
import { type CostStore, MonthLockedError } from "./cost-store.js";
import { inSpan } from "../../tracing/spans.js";
import { hashFile, isDeliveryFile, readStoredDelivery } from "./delivery.js";
import {
  combinedHash,
  CostReportError,
  readCostReport,
  type CostReport,
  type DailyCostRow,
} from "./ingest/cost-report.js";

export interface NewJob {
  kind: JobKind;
  parentPartnerId: number;
  masterPayerAccountId: number;
  source: string;
  filePath?: string | null;
  fileName?: string | null;
  billingPeriod?: string | null;
  createdByUserId?: number | null;
  /** For a delivery: its assembly (or execution) id and how many parts its manifest names. */
  assemblyId?: string | null;
  partCount?: number | null;
}

/** How often a running job's heartbeat is renewed. */
export const HEARTBEAT_MS = 5_000;
/** A RUNNING job whose heartbeat is older than this lost its worker (the process died). */
export const ORPHANED_AFTER_MS = 60_000;
/** An orphaned job is started again until it has been started this many times. */
export const MAX_ATTEMPTS = 3;

/** A job's failure that is the input's fault: its message is shown to the Parent as it is. */
export class JobFailure extends Error {}

/** The Parent's message when a month of the file is locked. */
function lockedFailure(job: BillingJobEntity, periods: readonly string[]): JobFailure {
  return new JobFailure(
    `${job.fileName ?? "The file"}: billing month ${periods.join(", ")} is locked; unlock it before ingesting a new report.`,
  );
}

/** A file error as the Parent reads it: the file named as it was given, not where the server keeps it. */
function shownMessage(message: string, job: BillingJobEntity): string {
  if (!job.filePath) return message;
  return message.replaceAll(job.filePath, job.fileName ?? basename(job.filePath));
}

/**
 * Runs billing jobs off the request path: one at a time per process, claimed atomically from
 * the billing_job table so several API processes on PostgreSQL never run the same job.
 */
export class BillingWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Only a started worker picks jobs up by itself; otherwise callers drain() (the CLI, tests). */
  private started = false;
  private stopped = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly store: CostStore,
    private readonly allocation: AllocationService,
    private readonly pollMs = 500,
  ) {}

  async enqueue(job: NewJob): Promise<BillingJobEntity> {
    const created = await this.deps.tx.run((m) =>
      m.save(
        m.create(BillingJobEntity, {
          kind: job.kind,
          state: "QUEUED",
          parentPartnerId: job.parentPartnerId,
          masterPayerAccountId: job.masterPayerAccountId,
          source: job.source,
          filePath: job.filePath ?? null,
          fileName: job.fileName ?? (job.filePath ? basename(job.filePath) : null),
          billingPeriod: job.billingPeriod ?? null,
          createdByUserId: job.createdByUserId ?? null,
          assemblyId: job.assemblyId ?? null,
          partCount: job.partCount ?? null,
          createdAt: this.deps.now(),
          startedAt: null,
          finishedAt: null,
          error: null,
          outcome: null,
        }),
      ),
    );
    this.kick();
    return created;
  }

  start(): void {
    this.started = true;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops taking jobs and waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  kick(): void {
    if (!this.started || this.stopped || this.running) return;
    // Nobody awaits a poll: a failure here (the database is down) must not become an unhandled
    // rejection, which ends the process. The next poll tries again.
    this.running = this.drain()
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "billing worker poll failed"),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Runs queued jobs until none is left (tests and the CLI await this). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = await this.claimNext();
      if (!job) return;
      await inSpan("billing.job", { "billing.job.id": job.id, "billing.job.kind": job.kind }, () =>
        this.run(job),
      );
    }
  }

  private async claimNext(): Promise<BillingJobEntity | null> {
    await this.recoverOrphans();
    return this.deps.tx.run(async (m) => {
      const nextId = await nextQueuedJobId(m);
      const next = nextId === null ? null : await m.findOneBy(BillingJobEntity, { id: nextId });
      if (!next) return null;
      const now = this.deps.now();
      const started = { startedAt: now, heartbeatAt: now, attempts: next.attempts + 1 };
      const claimed = await m.update(
        BillingJobEntity,
        { id: next.id, state: "QUEUED" },
        { state: "RUNNING", ...started },
      );
      return (claimed.affected ?? 0) === 1
        ? { ...next, state: "RUNNING" as const, ...started }
        : null;
    });
  }

  /**
   * A process that dies mid-job (kill -9, power loss) leaves it RUNNING with a stale heartbeat.
   * Running it again is safe, as every job replaces what it computes in one transaction; a job
   * orphaned {@link MAX_ATTEMPTS} times fails instead, so a file that kills its worker cannot
   * loop.
   */
  private async recoverOrphans(): Promise<void> {
    const staleBefore = new Date(this.deps.now().getTime() - ORPHANED_AFTER_MS);
    // Read first: an idle poll must not take the write lock. The updates below are conditional,
    // so two workers recovering the same job change it once.
    const orphans = await this.deps.dataSource.getRepository(BillingJobEntity).find({
      where: { state: "RUNNING", heartbeatAt: LessThan(staleBefore) },
    });
    if (orphans.length === 0) return;
    await this.deps.tx.run(async (m) => {
      for (const job of orphans) {
        const retry = job.attempts < MAX_ATTEMPTS;
        await m.update(
          BillingJobEntity,
          { id: job.id, state: "RUNNING", heartbeatAt: job.heartbeatAt ?? IsNull() },
          retry
            ? { state: "QUEUED", startedAt: null, heartbeatAt: null }
            : {
                state: "FAILED",
                finishedAt: this.deps.now(),
                error: `The job stopped ${job.attempts} times without finishing (its server process ended while it ran); it is not started again.`,
              },
        );
        this.deps.logger.warn(
          { jobId: job.id, attempts: job.attempts, retry },
          "billing job orphaned by a stopped process",
        );
      }
    });
  }

  private async finish(id: number, values: Partial<BillingJobEntity>): Promise<void> {
    await this.deps.tx.run((m) =>
      m.update(BillingJobEntity, { id }, { ...values, finishedAt: this.deps.now() }),
    );
  }

  private async progress(id: number, values: Partial<BillingJobEntity>): Promise<void> {
    await this.deps.tx.run((m) => m.update(BillingJobEntity, { id }, values));
  }

  async run(job: BillingJobEntity): Promise<void> {
    const heartbeat = setInterval(() => {
      this.progress(job.id, { heartbeatAt: this.deps.now() }).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, jobId: job.id }, "billing job heartbeat failed"),
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const started = process.hrtime.bigint();
    let state: "SUCCEEDED" | "FAILED" = "FAILED";
    try {
      const result = job.kind === "INGEST" ? await this.ingest(job) : await this.reallocate(job);
      await this.finish(job.id, { state: "SUCCEEDED", ...result });
      state = "SUCCEEDED";
    } catch (error) {
      const message =
        error instanceof CostReportError || error instanceof JobFailure
          ? shownMessage(error.message, job)
          : "The job failed because of an internal error; the operator can find it in the logs.";
      if (!(error instanceof CostReportError || error instanceof JobFailure))
        this.deps.logger.error({ err: error, jobId: job.id }, "billing job failed");
      await this.finish(job.id, { state: "FAILED", error: message });
    } finally {
      clearInterval(heartbeat);
      this.deps.metrics?.billingJobs.inc({ kind: job.kind, state });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.deps.metrics?.billingJobDuration.observe({ kind: job.kind }, seconds);
    }
  }

  private async ingest(job: BillingJobEntity): Promise<Partial<BillingJobEntity>> {
    if (!job.filePath) throw new JobFailure("The job has no file.");
    if (isDeliveryFile(job.filePath)) return this.ingestDelivery(job, job.filePath);
    // The reader hashes the file while DuckDB scans it: hashing first would add a sequential
    // pass to every new file to save the scan of a file sent twice, which is rare.
    const filePath = job.filePath;
    const report = await inSpan("billing.read", {}, () =>
      readCostReport(filePath, {
        onProgress: (rowsRead) => void this.progress(job.id, { rowsRead }).catch(() => undefined),
      }),
    );
    return this.storeReport(job, report, job.fileName ?? basename(job.filePath), "");
  }

  /**
   * A month's delivery: every part its manifest names, read in one pass and stored as one month
   * replacement. A part missing or unreadable fails the job, naming the part's key, and the
   * stored month stays as it was.
   */
  private async ingestDelivery(
    job: BillingJobEntity,
    path: string,
  ): Promise<Partial<BillingJobEntity>> {
    const delivery = await readStoredDelivery(path);
    if (delivery.problem !== null) throw new JobFailure(delivery.problem);
    const missing = delivery.parts.filter((part) => part.file === null).map((part) => part.key);
    if (missing.length > 0)
      throw new JobFailure(
        `${delivery.manifestKey}: the manifest names ${missing.length === 1 ? "a part" : "parts"} that could not be found: ${missing.join(", ")}; the month is unchanged.`,
      );
    const dir = dirname(path);
    const files = delivery.parts.map((part) => join(dir, part.file ?? ""));
    const described = `; delivery ${delivery.assemblyId}, ${files.length} part${files.length === 1 ? "" : "s"}`;
    // Deliveries are checked again and again (each sync, each re-copied tree): the parts' hashes
    // come first so that one seen before is not read again.
    const hashes: string[] = [];
    for (const file of files) hashes.push(await hashFile(file));
    const seen = await this.deps.dataSource.getRepository(BillingMonthEntity).findOneBy({
      masterPayerAccountId: job.masterPayerAccountId,
      contentHash: combinedHash(hashes),
    });
    if (seen)
      return {
        rowsRead: seen.lineItems,
        outcome: `unchanged: this delivery was already ingested for ${seen.billingPeriod}${described}`,
      };
    let report;
    try {
      report = await inSpan("billing.read", { "billing.parts": files.length }, () =>
        readCostReport(files, {
          onProgress: (rowsRead) => void this.progress(job.id, { rowsRead }).catch(() => undefined),
        }),
      );
    } catch (error) {
      if (!(error instanceof CostReportError)) throw error;
      // The Parent knows the parts by their keys, not by where the server keeps them.
      let message = error.message;
      for (const [index, file] of files.entries())
        message = message.replaceAll(file, delivery.parts[index]?.key ?? file);
      throw new JobFailure(`${message} (named by ${delivery.manifestKey}); the month is unchanged.`);
    }
    const name =
      delivery.manifestKey.length <= 255 ? delivery.manifestKey : basename(delivery.manifestKey);
    return this.storeReport(job, report, name, described);
  }

  private async storeReport(
    job: BillingJobEntity,
    { summary, rows }: CostReport,
    fileName: string,
    described: string,
  ): Promise<Partial<BillingJobEntity>> {
    const seen = await this.deps.dataSource.getRepository(BillingMonthEntity).findOneBy({
      masterPayerAccountId: job.masterPayerAccountId,
      contentHash: summary.contentHash,
    });
    if (seen)
      return {
        rowsRead: summary.rowsRead,
        outcome: `unchanged: this file was already ingested for ${seen.billingPeriod}`,
      };
    const periods = [...new Set(summary.periods.map((p) => p.billingPeriod))].sort();
    const locked = await this.deps.dataSource.getRepository(BillingMonthEntity).findBy({
      masterPayerAccountId: job.masterPayerAccountId,
      billingPeriod: In(periods),
      locked: true,
    });
    if (locked.length > 0)
      throw lockedFailure(
        job,
        locked.map((l) => l.billingPeriod),
      );
    const byPeriod = new Map<string, DailyCostRow[]>(periods.map((p) => [p, []]));
    for (const row of rows) byPeriod.get(row.billingPeriod)?.push(row);
    let allocated = 0;
    let unmatched = 0;
    for (const period of periods) {
      const periodRows = byPeriod.get(period) ?? [];
      const info = summary.periods.filter((p) => p.billingPeriod === period);
      // Allocated from the rows just read, then stored with them in one transaction.
      const allocation = await inSpan("billing.allocate", { "billing.period": period }, () =>
        this.allocation.compute(job.masterPayerAccountId, period, periodRows),
      );
      try {
        await inSpan("billing.store", { "billing.period": period }, () =>
          this.store.replaceMonth(
            {
              masterPayerAccountId: job.masterPayerAccountId,
              billingPeriod: period,
              invoiceId: info.find((p) => p.invoiceId)?.invoiceId ?? null,
              contentHash: summary.contentHash,
              fileName,
              format: summary.format,
              lineItems: info.reduce((sum, p) => sum + p.rows, 0),
              rows: periodRows,
            },
            allocation,
          ),
        );
      } catch (error) {
        if (error instanceof MonthLockedError) throw lockedFailure(job, [period]);
        throw error;
      }
      allocated += allocation.allocatedLineItems;
      unmatched += allocation.unallocatedLineItems;
    }
    this.deps.metrics?.billingRowsIngested.inc({ format: summary.format }, summary.rowsRead);
    const unknownTypes = [...new Set(rows.map((row) => row.lineItemType))]
      .filter((type) => classifyLineItemType(type) === null)
      .sort();
    const flagged =
      unknownTypes.length > 0
        ? `; unknown line item types, kept and billed as usage: ${unknownTypes.join(", ")}`
        : "";
    return {
      rowsRead: summary.rowsRead,
      rowsAllocated: allocated,
      rowsUnmatched: unmatched,
      outcome: `${periods.join(", ")} ingested (${summary.format})${described}${flagged}`,
    };
  }

  private async reallocate(job: BillingJobEntity): Promise<Partial<BillingJobEntity>> {
    const months = await this.deps.dataSource.getRepository(BillingMonthEntity).find({
      where: {
        masterPayerAccountId: job.masterPayerAccountId,
        ...(job.billingPeriod ? { billingPeriod: job.billingPeriod } : {}),
      },
      order: { billingPeriod: "ASC" },
    });
    let allocated = 0;
    let unmatched = 0;
    const done: string[] = [];
    for (const month of months) {
      if (month.locked) continue;
      const counts = await this.allocation.allocate(job.masterPayerAccountId, month.billingPeriod);
      allocated += counts.allocatedLineItems;
      unmatched += counts.unallocatedLineItems;
      done.push(month.billingPeriod);
    }
    return {
      rowsAllocated: allocated,
      rowsUnmatched: unmatched,
      outcome: done.length ? `reallocated ${done.join(", ")}` : "no unlocked month to reallocate",
    };
  }
}
