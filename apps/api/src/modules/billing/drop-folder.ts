import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { type AppDeps } from "../../context.js";
import { AccountEntity } from "../../persistence/entities/index.js";
import { type BillingWorker, type NewJob } from "./billing-worker.js";
import { stageBadManifest, stageDelivery } from "./delivery.js";
import { ManifestError, manifestKeyInfo, parseManifest, type Manifest } from "./ingest/manifest.js";
import { safeFileName } from "./upload.route.js";

/** A file still being written (changed within this window) is left for the next scan. */
const SETTLE_MS = 2000;
const REPORT = /\.(csv|csv\.gz|gz|parquet)$/i;
// S3 trees are a handful of levels deep (prefix/report/period/assembly/part).
export const MAX_TREE_DEPTH = 16;

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
      await this.scanDeliveries(dir, account);
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

  private async scanDeliveries(dir: string, account: AccountEntity): Promise<void> {
    await stageTreeDeliveries(dir, this.storageDir, (staged, key, manifest) =>
      this.enqueueDelivery(account, staged, key, manifest),
    );
  }

  private async enqueueDelivery(
    account: AccountEntity,
    staged: string,
    key: string,
    manifest: Manifest | null,
  ): Promise<void> {
    await this.worker.enqueue(deliveryJob(account, "DROP_FOLDER", staged, key, manifest));
    this.deps.logger.info(
      { manifest: key, account: account.id },
      "delivery picked up from the drop folder",
    );
  }
}

/** The job of a staged delivery: named by its manifest key, with its month, assembly and parts. */
export function deliveryJob(
  account: AccountEntity,
  source: string,
  staged: string,
  key: string,
  manifest: Manifest | null,
): NewJob {
  return {
    kind: "INGEST",
    parentPartnerId: account.partnerId,
    masterPayerAccountId: account.id,
    source,
    filePath: staged,
    fileName: key.length <= 255 ? key : basename(key),
    billingPeriod: manifest?.billingPeriod ?? null,
    assemblyId: manifest?.assemblyId.slice(0, 128) ?? null,
    partCount: manifest?.partKeys.length ?? null,
  };
}

/**
 * S3 trees below a folder: each month's current manifest, with the parts it names, is moved into
 * storage as one delivery and handed to `found`. Keys resolve relative to the folder (see
 * resolveKeys). With `waitForWriters`, files changed within the settling window are left for
 * the next scan; an unpacked upload is complete and skips that wait.
 */
export async function stageTreeDeliveries(
  dir: string,
  storageDir: string,
  found: (staged: string, key: string, manifest: Manifest | null) => Promise<void>,
  waitForWriters = true,
): Promise<void> {
  for (const key of await manifestKeys(dir)) {
    const manifestPath = join(dir, ...key.split("/"));
    if (waitForWriters && !(await settled(manifestPath))) continue;
    let manifest: Manifest;
    try {
      manifest = parseManifest(key, await readFile(manifestPath, "utf8"));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      const staged = await stageBadManifest(storageDir, key, error.message);
      await rm(manifestPath, { force: true });
      await found(staged, key, null);
      continue;
    }
    const paths = await resolveKeys(dir, manifest.partKeys);
    // A part still being written is waited for; a part that is not there fails the job.
    if (waitForWriters) {
      const waiting = await Promise.all(paths.map(async (path) => !(await settled(path, true))));
      if (waiting.some(Boolean)) continue;
    }
    const byKey = new Map(manifest.partKeys.map((k, i) => [k, paths[i] ?? ""]));
    const staged = await stageDelivery(storageDir, manifest, async (partKey, target) => {
      try {
        await rename(byKey.get(partKey) ?? "", target);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    });
    await rm(manifestPath, { force: true });
    await found(staged, key, manifest);
  }
}

/** A file not changed within the settling window; with `missingOk`, a missing file counts too. */
async function settled(path: string, missingOk = false): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs >= SETTLE_MS;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return missingOk;
    throw error;
  }
}

/** Keys (relative, "/"-separated) of the months' current manifests below a folder. */
async function manifestKeys(dir: string): Promise<string[]> {
  const keys: string[] = [];
  const walk = async (relative: string[], depth: number): Promise<void> => {
    if (depth > MAX_TREE_DEPTH) return;
    for (const entry of await readdir(join(dir, ...relative), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = [...relative, entry.name];
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile() && relative.length > 0 && manifestKeyInfo(path.join("/")))
        keys.push(path.join("/"));
    }
  };
  await walk([], 0);
  return keys.sort();
}

/**
 * Where a manifest's parts are below the folder. Manifests name whole bucket keys; the folder
 * holds the bucket, or the tree below some prefix: the shortest key suffix under which any part
 * exists is used for all, so a missing part is reported as missing, never found elsewhere.
 */
export async function resolveKeys(dir: string, keys: readonly string[]): Promise<string[]> {
  const longest = Math.max(...keys.map((key) => key.split("/").length));
  for (let strip = 0; strip < longest; strip++) {
    const paths = keys.map((key) => join(dir, ...key.split("/").slice(strip)));
    const found = await Promise.all(paths.map((path) => exists(path)));
    if (found.some(Boolean)) return paths;
  }
  return keys.map((key) => join(dir, ...key.split("/")));
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
