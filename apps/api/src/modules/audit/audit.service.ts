import { type PartnerScope } from "@reseller/domain";
import { Brackets, In, type SelectQueryBuilder } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, badInput } from "../../graphql/errors.js";
import { AuditEntryEntity, UserEntity } from "../../persistence/entities/index.js";
import { checkPageSize, decodeCursor, toRowId } from "../common/page.js";
import { type AuditDraft } from "./audit-record.js";

const DAY_MS = 86_400_000;
const PURGE_INTERVAL_MS = 3_600_000;

/** Who made the call, as the request knew it (a sign-in knows it only from its own result). */
export interface AuditRequest {
  readonly viewer: ViewerIdentity | null;
  readonly ip: string;
  readonly requestId: string;
}

export interface AuditFilter {
  userId?: string | null | undefined;
  operation?: string | null | undefined;
  objectType?: string | null | undefined;
  objectId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface AuditPage {
  entries: AuditEntryEntity[];
  totalCount: number;
  hasNextPage: boolean;
}

function clip(value: string, length: number): string {
  return value.length > length ? value.slice(0, length) : value;
}

function checkText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (value.length > max)
    throw badInput(field, `${field} is at most ${max} characters`, clip(value, 64));
  return value;
}

/** Only Partner Sys Admins, administrators (their own partner) and operators read the log. */
function checkCanRead(viewer: ViewerIdentity): PartnerScope {
  if (viewer.user.role === "USER" || viewer.scope.kind === "NONE") {
    throw new ApiError("FORBIDDEN", "Your role may not read the audit log.", {
      reason: "ROLE_FORBIDDEN",
    });
  }
  return viewer.scope;
}

export class AuditService {
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AppDeps) {}

  /** Appends one entry per resolved mutation field of a request, in one insert. */
  async record(request: AuditRequest, drafts: readonly AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const occurredAt = this.deps.now();
    const rows: Partial<AuditEntryEntity>[] = [];
    for (const draft of drafts) {
      const actor = request.viewer
        ? {
            userId: request.viewer.user.id,
            apiKeyId:
              request.viewer.credential.kind === "apiKey" ? request.viewer.credential.id : null,
            partnerId: request.viewer.partner?.id ?? null,
          }
        : await this.signInActor(draft.signIn);
      rows.push({
        occurredAt,
        ...actor,
        operation: clip(draft.operation, 100),
        outcome: draft.outcome,
        objectType: draft.objectType === null ? null : clip(draft.objectType, 100),
        objectId: draft.objectId,
        relatedIds: JSON.stringify(draft.relatedIds),
        changedFields: JSON.stringify(draft.changedFields),
        ip: clip(request.ip, 64),
        requestId: clip(request.requestId, 64),
      });
    }
    await this.deps.tx.run((m) => m.insert(AuditEntryEntity, rows));
  }

  /** An anonymous call names its account by id (a sign-in's result) or by email (a failed one). */
  private async signInActor(
    who: number | string | undefined,
  ): Promise<Pick<AuditEntryEntity, "userId" | "apiKeyId" | "partnerId">> {
    const none = { userId: null, apiKeyId: null, partnerId: null };
    if (who === undefined) return none;
    const repo = this.deps.dataSource.getRepository(UserEntity);
    const user =
      typeof who === "number"
        ? await repo.findOneBy({ id: who })
        : who.length <= 254
          ? await repo.findOneBy({ email: who.trim().toLowerCase() })
          : null;
    return user ? { userId: user.id, apiKeyId: null, partnerId: user.partnerId } : none;
  }

  /** Newest first; the caller sees the entries of the partners its scope holds (rule 3). */
  async list(
    viewer: ViewerIdentity,
    filter: AuditFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<AuditPage> {
    const scope = checkCanRead(viewer);
    const size = checkPageSize(first, "first");
    const before = decodeCursor(after, "after");
    const operation = checkText("filter.operation", filter.operation, 100);
    const objectType = checkText("filter.objectType", filter.objectType, 100);
    const objectId = checkText("filter.objectId", filter.objectId, 40);
    const userIdText = checkText("filter.userId", filter.userId, 40);
    if (userIdText !== null && !/^\d+$/.test(userIdText))
      throw badInput("filter.userId", "filter.userId must be a user id", userIdText);
    if (filter.from && filter.to && filter.from > filter.to)
      throw badInput(
        "filter.from",
        "filter.from must not be after filter.to",
        filter.from.toISOString(),
      );

    const query = this.deps.dataSource.getRepository(AuditEntryEntity).createQueryBuilder("a");
    this.scoped(query, scope);
    // A user id beyond the key column names nobody: an empty page, like any unknown id.
    if (userIdText !== null)
      query.andWhere("a.user_id = :userId", { userId: toRowId(userIdText) ?? -1 });
    if (operation !== null) query.andWhere("a.operation = :operation", { operation });
    if (objectType !== null) query.andWhere("a.object_type = :objectType", { objectType });
    if (objectId !== null) query.andWhere("a.object_id = :objectId", { objectId });
    if (filter.from) query.andWhere("a.occurred_at >= :from", { from: filter.from.toISOString() });
    if (filter.to) query.andWhere("a.occurred_at <= :to", { to: filter.to.toISOString() });
    const totalCount = await query.getCount();
    if (before > 0) query.andWhere("a.id < :before", { before });
    const rows = await query
      .orderBy("a.id", "DESC")
      .take(size + 1)
      .getMany();
    return { entries: rows.slice(0, size), totalCount, hasNextPage: rows.length > size };
  }

  private scoped(query: SelectQueryBuilder<AuditEntryEntity>, scope: PartnerScope): void {
    switch (scope.kind) {
      case "ALL":
        return;
      case "FAMILY":
        query.andWhere(
          new Brackets((q) =>
            q
              .where("a.partner_id = :parentId")
              .orWhere(
                `a.partner_id IN (SELECT "id" FROM "partner" WHERE "parent_id" = :parentId)`,
              ),
          ),
          { parentId: Number(scope.parentId) },
        );
        return;
      case "OWN":
        query.andWhere("a.partner_id = :partnerId", { partnerId: Number(scope.partnerId) });
        return;
      case "NONE":
        query.andWhere("1 = 0");
        return;
    }
  }

  /** The acting users of a page, for their emails. */
  usersByIds(ids: number[]): Promise<UserEntity[]> {
    return this.deps.dataSource.getRepository(UserEntity).findBy({ id: In(ids) });
  }

  /** The only delete of audit entries: those older than AUDIT_RETENTION_DAYS. */
  async purge(): Promise<number> {
    const cutoff = new Date(
      this.deps.now().getTime() - this.deps.config.auditRetentionDays * DAY_MS,
    );
    const result = await this.deps.tx.run((m) =>
      m
        .createQueryBuilder()
        .delete()
        .from(AuditEntryEntity)
        .where("occurred_at < :cutoff", { cutoff: cutoff.toISOString() })
        .execute(),
    );
    return result.affected ?? 0;
  }

  startPurging(): void {
    if (this.purgeTimer) return;
    const run = () =>
      void this.purge().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "audit log purge failed"),
      );
    run();
    this.purgeTimer = setInterval(run, PURGE_INTERVAL_MS).unref();
  }

  stopPurging(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = null;
  }
}
