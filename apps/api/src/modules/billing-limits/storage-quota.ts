import { readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Mutex } from "async-mutex";
import { Not, IsNull } from "typeorm";
import { type AppDeps } from "../../context.js";
import { ApiError } from "../../graphql/errors.js";
import { BillingJobEntity } from "../../persistence/entities/index.js";
import { isDeliveryFile } from "../billing/delivery.js";

export const STORAGE_QUOTA_EXCEEDED = "STORAGE_QUOTA_EXCEEDED";

/** Bytes set aside for an upload in progress; release() once its job is recorded or it failed. */
export interface QuotaReservation {
  /** How many bytes the upload may send. */
  readonly bytes: number;
  release(): void;
}

function quotaExceeded(quota: number, used: number, wanted: number | null): ApiError {
  const what = wanted === null ? "another upload" : `an upload of ${wanted} bytes`;
  return new ApiError(
    "CONFLICT",
    `The Parent's stored reports use ${used} of its ${quota} bytes (BILLING_STORAGE_QUOTA_BYTES); ${what} does not fit. Old superseded reports are deleted after the retention period, or ask the operator for more room.`,
    {
      field: "body",
      reason: STORAGE_QUOTA_EXCEEDED,
      ...(wanted === null ? {} : { value: wanted }),
      details: { quota: String(quota), used: String(used) },
    },
  );
}

/** A body without Content-Length went past the room it was given. */
export function quotaExceededWhileSending(quota: number, room: number): ApiError {
  return new ApiError(
    "CONFLICT",
    `The upload is larger than the ${room} bytes left of the Parent's ${quota}-byte storage quota (BILLING_STORAGE_QUOTA_BYTES).`,
    { field: "body", reason: STORAGE_QUOTA_EXCEEDED, details: { quota: String(quota) } },
  );
}

function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

/** A staged delivery is its description and its parts, all in one folder. */
async function folderSize(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const sizes = await Promise.all(names.map((name) => fileSize(join(dir, name))));
  return sizes.reduce((total, size) => total + size, 0);
}

/**
 * The per-Parent storage quota of uploaded reports. The bytes a Parent uses are its jobs' files
 * on disk plus the uploads in progress. Checks take turns per Parent, so parallel uploads cannot
 * all pass one check; an upload whose job was recorded while a check ran is counted once, from
 * its file if the check saw its job, else from its reservation.
 */
export class StorageQuota {
  private readonly locks = new Map<number, Mutex>();
  /** Per Parent: the reserved bytes of each upload in progress, by the file it writes. */
  private readonly pending = new Map<number, Map<string, number>>();

  constructor(
    private readonly deps: AppDeps,
    private readonly quotaBytes: number | null,
  ) {}

  private lock(parentId: number): Mutex {
    let lock = this.locks.get(parentId);
    if (!lock) this.locks.set(parentId, (lock = new Mutex()));
    return lock;
  }

  /** The Parent's stored report files (a file already deleted counts nothing). */
  private async storedFiles(parentId: number): Promise<Map<string, number>> {
    const jobs = await this.deps.dataSource.getRepository(BillingJobEntity).find({
      select: { filePath: true },
      where: { parentPartnerId: parentId, filePath: Not(IsNull()) },
    });
    const paths = [...new Set(jobs.map((job) => job.filePath!))];
    const sizes = await Promise.all(
      paths.map((path) => (isDeliveryFile(path) ? folderSize(dirname(path)) : fileSize(path))),
    );
    return new Map(paths.map((path, i) => [path, sizes[i]!]));
  }

  /**
   * Reserves `declared` bytes (the Content-Length), or all the room left when the size is not
   * known, for the upload written to `path`; throws CONFLICT (STORAGE_QUOTA_EXCEEDED, answered
   * 413) when it does not fit.
   */
  async reserve(
    parentId: number,
    declared: number | null,
    path: string,
  ): Promise<QuotaReservation> {
    const quota = this.quotaBytes;
    if (quota === null) return { bytes: Number.POSITIVE_INFINITY, release: () => undefined };
    const bytes = await this.lock(parentId).runExclusive(async () => {
      // The reservations first: one released while the files are read is then still counted.
      const inProgress = [...(this.pending.get(parentId) ?? new Map<string, number>())];
      const stored = await this.storedFiles(parentId);
      let used = 0;
      for (const size of stored.values()) used += size;
      for (const [file, reserved] of inProgress) if (!stored.has(file)) used += reserved;
      const room = quota - used;
      const wanted = declared ?? room;
      if (wanted <= 0 || wanted > room) throw quotaExceeded(quota, used, declared);
      let mine = this.pending.get(parentId);
      if (!mine) this.pending.set(parentId, (mine = new Map<string, number>()));
      mine.set(path, wanted);
      return wanted;
    });
    return {
      bytes,
      release: () => {
        const mine = this.pending.get(parentId);
        mine?.delete(path);
        if (mine?.size === 0) this.pending.delete(parentId);
      },
    };
  }
}
