import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { type AppDeps } from "../../context.js";
import { AccountEntity } from "../../persistence/entities/index.js";
import { type BillingWorker } from "./billing-worker.js";
import { safeFileName } from "./upload.route.js";

/** A file still being written (changed within this window) is left for the next scan. */
const SETTLE_MS = 2000;
const REPORT = /\.(csv|csv\.gz|gz|parquet)$/i;

/**
 * The embedded stand-in for the S3 bucket AWS delivers reports to: files put in
 * BILLING_DROP_DIR/<master payer account id>/ are moved into storage and ingested.
 */
export class DropFolderWatcher {
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly worker: BillingWorker,
    private readonly dropDir: string,
    private readonly storageDir: string,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref();
    void this.scan();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
  }

  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, "drop folder scan failed"))
      .finally(() => {
        this.scanning = null;
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    let folders: string[];
    try {
      folders = (await readdir(this.dropDir, { withFileTypes: true }))
        .filter((d) => d.isDirectory() && /^\d{1,10}$/.test(d.name))
        .map((d) => d.name);
    } catch {
      return; // No drop folder yet.
    }
    for (const folder of folders) {
      const account = await this.deps.dataSource
        .getRepository(AccountEntity)
        .findOneBy({ id: Number(folder) });
      if (!account?.isMasterPayer) {
        this.deps.logger.warn(
          { folder },
          "drop folder does not name a master payer account; skipped",
        );
        continue;
      }
      const dir = join(this.dropDir, folder);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith(".") || !REPORT.test(entry.name)) continue;
        const path = join(dir, entry.name);
        const info = await stat(path);
        if (Date.now() - info.mtimeMs < SETTLE_MS) continue;
        await mkdir(join(this.storageDir, "drop"), { recursive: true });
        const target = join(this.storageDir, "drop", `${randomUUID()}-${safeFileName(entry.name)}`);
        await rename(path, target);
        await this.worker.enqueue({
          kind: "INGEST",
          parentPartnerId: account.partnerId,
          masterPayerAccountId: account.id,
          source: "DROP_FOLDER",
          filePath: target,
          fileName: entry.name,
        });
        this.deps.logger.info(
          { file: entry.name, account: account.id },
          "report picked up from the drop folder",
        );
      }
    }
  }
}
