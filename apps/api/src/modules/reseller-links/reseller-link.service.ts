import {
  type Actor,
  type LinkPayees,
  domainError,
  findPayeeConflict,
  historyEffectiveFrom,
  planLinkUpdate,
  planResellerLink,
} from "@reseller/domain";
import { type EntityManager } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, notFound, toApiError, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import {
  AccountEntity,
  ResellerLinkChangeEntity,
  ResellerLinkEntity,
  ResellerLinkPayeeEntity,
} from "../../persistence/entities/index.js";
import { type BillingService } from "../billing/billing.service.js";
import { type LinkChangeAction } from "../../persistence/entities/reseller-link-change.entity.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";
import { toAccountRef, toAccount } from "../accounts/account.type.js";
import {
  findVisibleAccount,
  findVisibleLink,
  findVisiblePartner,
  partnerRefOf,
} from "../common/visibility.js";
import {
  type CreateResellerLinkInput,
  type UpdateResellerLinkInput,
} from "./reseller-link.input.js";

const PAYEES_FIELD = "input.awsPayeeAccountIds";

function forbiddenUnlessSysAdmin(actor: Actor, id: string): ApiError {
  return actor.role === "PARTNER_SYS_ADMIN"
    ? notFound("id", id)
    : new ApiError("FORBIDDEN", "Only a Partner Sys Admin may change reseller links.", {
        reason: "ROLE_FORBIDDEN",
      });
}

/** The links under a master payer and their payees, read inside the writing transaction. */
async function linksUnder(
  manager: EntityManager,
  masterPayerAccountId: number,
): Promise<LinkPayees[]> {
  const rows = await manager.find(ResellerLinkPayeeEntity, {
    where: { masterPayerAccountId },
    order: { linkId: "ASC", position: "ASC" },
  });
  const byLink = new Map<number, string[]>();
  for (const row of rows)
    byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), row.awsAccountId]);
  return [...byLink].map(([linkId, payeeIds]) => ({
    linkId: String(linkId),
    masterPayerAccountId: String(masterPayerAccountId),
    payeeIds,
  }));
}

export class ResellerLinkService {
  constructor(
    private readonly deps: AppDeps,
    private readonly billing: BillingService,
  ) {}

  /** A link change re-derives the Children's billing data (rule 6), off the request path. */
  private async reallocate(viewer: ViewerIdentity, link: ResellerLinkEntity): Promise<void> {
    await this.billing.reallocateParent(link.parentPartnerId, viewer.user.id, "LINK_CHANGE");
  }

  async create(
    viewer: ViewerIdentity,
    loaders: Loaders,
    input: CreateResellerLinkInput,
  ): Promise<ResellerLinkEntity> {
    const resellerAccountId = input.resellerAccountId ?? "0";
    const [masterPayer, resellerPartner, resellerAccount] = await Promise.all([
      findVisibleAccount(loaders, viewer.scope, input.masterPayerAccountId),
      findVisiblePartner(loaders, viewer.scope, input.resellerPartnerId),
      resellerAccountId === "0"
        ? null
        : findVisibleAccount(loaders, viewer.scope, resellerAccountId),
    ]);
    const draft = {
      masterPayerAccountId: input.masterPayerAccountId,
      resellerPartnerId: input.resellerPartnerId,
      resellerAccountId,
      awsPayerAccountId: input.awsPayerAccountId,
      awsPayeeAccountIds: input.awsPayeeAccountIds,
      history: input.history ?? "RESET_ALL_HISTORY",
    };
    const context = {
      actor: viewer.actor,
      masterPayerAccount: masterPayer ? toAccountRef(toAccount(masterPayer)) : null,
      resellerPartner: resellerPartner ? partnerRefOf(resellerPartner) : null,
      resellerAccount: resellerAccount ? toAccountRef(toAccount(resellerAccount)) : null,
    };
    // Validate everything that needs no lock first, so bad input never waits for the write lock.
    unwrap(planResellerLink({ ...context, existingLinks: [] }, draft));

    const created = await this.deps.tx.run(async (m) => {
      const plan = unwrap(
        planResellerLink(
          { ...context, existingLinks: await linksUnder(m, masterPayer!.id) },
          draft,
        ),
      );
      const now = this.deps.now();
      const receivingAccountId =
        plan.resellerAccountId === null
          ? (
              await m.save(
                m.create(AccountEntity, {
                  partnerId: resellerPartner!.id,
                  name: `${resellerPartner!.name} (AWS payer ${plan.awsPayerAccountId})`,
                  awsAccountId: null,
                  isMasterPayer: false,
                  createdAt: now,
                }),
              )
            ).id
          : Number(plan.resellerAccountId);
      const link = await m.save(
        m.create(ResellerLinkEntity, {
          parentPartnerId: masterPayer!.partnerId,
          masterPayerAccountId: masterPayer!.id,
          resellerPartnerId: resellerPartner!.id,
          resellerAccountId: receivingAccountId,
          awsPayerAccountId: plan.awsPayerAccountId,
          history: plan.history,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.writePayees(m, link, plan.awsPayeeAccountIds);
      await this.record(
        m,
        viewer,
        link,
        "CREATE",
        plan.awsPayeeAccountIds,
        historyEffectiveFrom(plan.history, now),
      );
      return link;
    });
    await this.reallocate(viewer, created);
    return created;
  }

  async update(
    viewer: ViewerIdentity,
    loaders: Loaders,
    id: string,
    input: UpdateResellerLinkInput,
  ): Promise<ResellerLinkEntity> {
    const link = await findVisibleLink(loaders, viewer.scope, id);
    if (!link) throw forbiddenUnlessSysAdmin(viewer.actor, id);
    const draft = {
      awsPayeeAccountIds: input.awsPayeeAccountIds,
      history: input.history ?? "RESET_ALL_HISTORY",
    };
    const linkRef = {
      id: String(link.id),
      masterPayerAccountId: String(link.masterPayerAccountId),
      awsPayerAccountId: link.awsPayerAccountId,
      resellerPartnerId: String(link.resellerPartnerId),
    };
    const parentIdOfLink = String(link.parentPartnerId);
    unwrap(
      planLinkUpdate(
        { actor: viewer.actor, link: linkRef, parentIdOfLink, existingLinks: [] },
        draft,
        this.deps.now(),
      ),
    );

    const changed = await this.deps.tx.run(async (m) => {
      const current = await m.findOneBy(ResellerLinkEntity, { id: link.id });
      if (!current) throw notFound("id", id);
      const existingLinks = await linksUnder(m, link.masterPayerAccountId);
      const now = this.deps.now();
      const plan = unwrap(
        planLinkUpdate(
          { actor: viewer.actor, link: linkRef, parentIdOfLink, existingLinks },
          draft,
          now,
        ),
      );
      await m.delete(ResellerLinkPayeeEntity, { linkId: link.id });
      await this.writePayees(m, current, plan.awsPayeeAccountIds);
      await m.update(
        ResellerLinkEntity,
        { id: link.id },
        { history: plan.history, updatedAt: now },
      );
      const updated = await m.findOneByOrFail(ResellerLinkEntity, { id: link.id });
      await this.record(
        m,
        viewer,
        updated,
        "UPDATE",
        plan.awsPayeeAccountIds,
        plan.effectiveFromMonth,
      );
      return updated;
    });
    await this.reallocate(viewer, changed);
    return changed;
  }

  async delete(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<boolean> {
    const link = await findVisibleLink(loaders, viewer.scope, id);
    if (!link || viewer.actor.role !== "PARTNER_SYS_ADMIN")
      throw forbiddenUnlessSysAdmin(viewer.actor, id);
    await this.deps.tx.run(async (m) => {
      const current = await m.findOneBy(ResellerLinkEntity, { id: link.id });
      if (!current) throw notFound("id", id);
      await this.record(m, viewer, current, "DELETE", [], null);
      await m.delete(ResellerLinkPayeeEntity, { linkId: link.id });
      await m.delete(ResellerLinkEntity, { id: link.id });
    });
    await this.reallocate(viewer, link);
    return true;
  }

  private async writePayees(
    m: EntityManager,
    link: ResellerLinkEntity,
    payeeIds: readonly string[],
  ): Promise<void> {
    const rows = payeeIds.map((awsAccountId, position) => ({
      linkId: link.id,
      awsAccountId,
      masterPayerAccountId: link.masterPayerAccountId,
      position,
    }));
    try {
      // Chunked: SQLite caps bound parameters per statement; 1,000 payees × 4 columns exceeds old limits.
      for (let start = 0; start < rows.length; start += 200) {
        await m.insert(ResellerLinkPayeeEntity, rows.slice(start, start + 200));
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another writer (another API process on PostgreSQL) claimed a payee first: name it and its link.
      const holders = (await linksUnder(m.connection.manager, link.masterPayerAccountId)).filter(
        (l) => l.linkId !== String(link.id),
      );
      const conflict = findPayeeConflict(payeeIds, String(link.masterPayerAccountId), holders);
      throw toApiError(
        conflict ??
          domainError(
            "PAYEE_ALREADY_LINKED",
            "A payee of this link was claimed by another link at the same time.",
            {
              field: PAYEES_FIELD,
            },
          ),
      );
    }
  }

  private async record(
    m: EntityManager,
    viewer: ViewerIdentity,
    link: ResellerLinkEntity,
    action: LinkChangeAction,
    payeeIds: readonly string[],
    effectiveFromMonth: string | null,
  ): Promise<void> {
    await m.insert(ResellerLinkChangeEntity, {
      linkId: link.id,
      action,
      masterPayerAccountId: link.masterPayerAccountId,
      resellerPartnerId: link.resellerPartnerId,
      resellerAccountId: link.resellerAccountId,
      awsPayerAccountId: link.awsPayerAccountId,
      payeeIds: JSON.stringify(payeeIds),
      history: link.history,
      effectiveFromMonth,
      changedByUserId: viewer.user.id,
      changedAt: this.deps.now(),
    });
  }
}
