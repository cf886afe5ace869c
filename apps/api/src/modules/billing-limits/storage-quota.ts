import { stat } from "node:fs/promises";
import { Mutex } from "async-mutex";
import { Not, IsNull } from "typeorm";
import { type AppDeps } from "../../context.js";
import { ApiError } from "../../graphql/errors.js";
import { BillingJobEntity } from "../../persistence/entities/index.js";

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

/**
 * The per-Parent storage quota of uploaded reports. The bytes a Parent uses are its jobs' files
 * on disk plus the uploads in progress; checking and reserving happen under the Parent's lock,
 * so parallel uploads cannot all pass one check.
 */
export class StorageQuota {
  private readonly locks = new Map<number, Mutex>();
  private readonly pending = new Map<number, number>();

  constructor(
    private readonly deps: AppDeps,
    private readonly quotaBytes: number | null,
  ) {}

  private lock(parentId: number): Mutex {
    let lock = this.locks.get(parentId);
    if (!lock) this.locks.set(parentId, (lock = new Mutex()));
    return lock;
  }

  /** Bytes of the Parent's stored report files (files already deleted count nothing). */
  async storedBytes(parentId: number): Promise<number> {
    const jobs = await this.deps.dataSource.getRepository(BillingJobEntity).find({
      select: { filePath: true },
      where: { parentPartnerId: parentId, filePath: Not(IsNull()) },
    });
    const paths = [...new Set(jobs.map((job) => job.filePath!))];
    const sizes = await Promise.all(
      paths.map((path) =>
        stat(path).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  /**
   * Reserves `declared` bytes (the Content-Length), or all the room left when the size is not
   * known; throws CONFLICT (STORAGE_QUOTA_EXCEEDED, answered 413) when it does not fit.
   */
  async reserve(parentId: number, declared: number | null): Promise<QuotaReservation> {
    const quota = this.quotaBytes;
    if (quota === null) return { bytes: Number.POSITIVE_INFINITY, release: () => undefined };
    const lock = this.lock(parentId);
    const bytes = await lock.runExclusive(async () => {
      const used = (await this.storedBytes(parentId)) + (this.pending.get(parentId) ?? 0);
      const room = quota - used;
      const wanted = declared ?? room;
      if (wanted <= 0 || wanted > room) throw quotaExceeded(quota, used, declared);
      this.pending.set(parentId, (this.pending.get(parentId) ?? 0) + wanted);
      return wanted;
    });
    let released = false;
    return {
      bytes,
      release: () => {
        if (released) return;
        released = true;
        // Under the lock: a check in progress has read the files; the bytes must stay counted
        // until it is done.
        void lock.runExclusive(() => {
          const left = (this.pending.get(parentId) ?? 0) - bytes;
          if (left > 0) this.pending.set(parentId, left);
          else this.pending.delete(parentId);
        });
      },
    };
  }
}
