import { type AppDeps } from "../../context.js";
import { IdempotencyKeyEntity } from "../../persistence/entities/index.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";

/** How long a key and its response are kept (the IETF draft leaves it to the server). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired keys are deleted by the next claim after this much time, per process. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** What a request carrying a key should do. */
export type IdempotencyClaim =
  | { kind: "claimed"; id: number }
  | { kind: "replay"; status: number; body: string }
  | { kind: "reused" }
  | { kind: "in-flight"; since: Date };

export class IdempotencyService {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: AppDeps) {}

  /**
   * Claims `key` for the user, or reports what became of the request that claimed it first. The
   * UNIQUE (user_id, key) index decides between concurrent requests on every instance.
   */
  async claim(userId: number, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    await this.sweepWhenDue();
    const repository = this.deps.dataSource.getRepository(IdempotencyKeyEntity);
    // A second round only when the row in the way had expired, or vanished as it was read.
    for (let round = 0; round < 3; round += 1) {
      const now = this.deps.now();
      try {
        const inserted = await this.deps.tx.run((m) =>
          m.insert(IdempotencyKeyEntity, {
            userId,
            key,
            fingerprint,
            responseStatus: null,
            responseBody: null,
            createdAt: now,
            expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
          }),
        );
        return { kind: "claimed", id: Number(inserted.identifiers[0]?.id) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await repository.findOneBy({ userId, key });
      if (!existing) continue;
      if (existing.expiresAt <= now) {
        await this.deps.tx.run((m) => m.delete(IdempotencyKeyEntity, { id: existing.id }));
        continue;
      }
      if (existing.fingerprint !== fingerprint) return { kind: "reused" };
      if (existing.responseStatus === null || existing.responseBody === null)
        return { kind: "in-flight", since: existing.createdAt };
      return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
    }
    throw new Error(`idempotency key of user ${userId} could not be claimed`);
  }

  /** Keeps the response for retries. */
  async complete(id: number, status: number, body: string): Promise<void> {
    await this.deps.tx.run((m) =>
      m.update(IdempotencyKeyEntity, { id }, { responseStatus: status, responseBody: body }),
    );
  }

  /** Forgets the claim, so a retry runs the operation again. */
  async release(id: number): Promise<void> {
    await this.deps.tx.run((m) => m.delete(IdempotencyKeyEntity, { id }));
  }

  /** Deletes every expired key; returns how many. */
  async deleteExpired(): Promise<number> {
    const now = this.deps.now();
    const result = await this.deps.tx.run((m) =>
      m
        .createQueryBuilder()
        .delete()
        .from(IdempotencyKeyEntity)
        .where("expires_at <= :now", { now: now.toISOString() })
        .execute(),
    );
    return result.affected ?? 0;
  }

  private async sweepWhenDue(): Promise<void> {
    const now = this.deps.now().getTime();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    try {
      await this.deleteExpired();
    } catch (error) {
      // Housekeeping only: expired rows are also ignored when read, so the request goes on.
      this.deps.logger.warn({ err: error }, "expired idempotency keys could not be deleted");
    }
  }
}
