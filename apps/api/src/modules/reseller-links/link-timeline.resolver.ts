import { type PayerPayeeHistory } from "@reseller/domain";
import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from "type-graphql";
import { In } from "typeorm";
import { type AppDeps } from "../../context.js";
import { type RequestContext, requireViewer } from "../../context.js";
import {
  BillingMonthEntity,
  ResellerLinkChangeEntity,
  UserEntity,
} from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { PayerPayeeHistoryEnum } from "../common/enums.js";
import { ResellerLink } from "./reseller-link.type.js";

@ObjectType({
  description: "One version of a reseller link: what a create, edit or delete changed.",
})
export class ResellerLinkVersion {
  @Field(() => Int, { description: "1 for the version that created the link, then 2, 3, …" })
  version: number;

  @Field(() => String, { description: "CREATE, UPDATE or DELETE." })
  action: string;

  @Field(() => String, {
    nullable: true,
    description: "Who made the change (name or email); null when that user no longer exists.",
  })
  changedBy: string | null;

  @Field(() => DateTimeScalar, { description: "When the change was made." })
  changedAt: Date;

  @Field(() => [String], { description: "The payee account ids after the change." })
  payees: string[];

  @Field(() => [String], { description: "Payee ids this version added to the previous one." })
  payeesAdded: string[];

  @Field(() => [String], { description: "Payee ids this version removed from the previous one." })
  payeesRemoved: string[];

  @Field(() => PayerPayeeHistoryEnum, { description: "How the change treated stored months." })
  history: PayerPayeeHistory;

  @Field(() => String, {
    nullable: true,
    description: "KEEP_HISTORY: the first month the change applied to; null: every stored month.",
  })
  effectiveFromMonth: string | null;

  @Field(() => [String], {
    description:
      "The master payer's stored billing months (YYYY-MM) this change reached: all of them, or those from effectiveFromMonth on.",
  })
  monthsReached: string[];
}

@Resolver(() => ResellerLink)
export class LinkTimelineResolver {
  @FieldResolver(() => [ResellerLinkVersion], {
    description:
      "The link's change history, oldest first (the link is visible, so its history is).",
  })
  async changes(
    @Root() link: ResellerLink,
    @Ctx() ctx: RequestContext,
  ): Promise<ResellerLinkVersion[]> {
    requireViewer(ctx);
    return ctx.services.linkTimeline.versions(link);
  }
}

/** Reads a link's versions from its change rows; the caller has already checked the link is visible. */
export class LinkTimelineService {
  constructor(private readonly deps: AppDeps) {}

  async versions(link: ResellerLink): Promise<ResellerLinkVersion[]> {
    const { dataSource } = this.deps;
    const rows = await dataSource
      .getRepository(ResellerLinkChangeEntity)
      .find({ where: { linkId: Number(link.id) }, order: { id: "ASC" } });
    if (rows.length === 0) return [];
    const userIds = [...new Set(rows.map((row) => row.changedByUserId))];
    const users = await dataSource.getRepository(UserEntity).findBy({ id: In(userIds) });
    const nameOf = new Map(users.map((user) => [user.id, user.name ?? user.email]));
    const months = (
      await dataSource.getRepository(BillingMonthEntity).find({
        select: { billingPeriod: true },
        where: { masterPayerAccountId: Number(link.masterPayerAccountId) },
        order: { billingPeriod: "ASC" },
      })
    ).map((month) => month.billingPeriod);
    let previous: string[] = [];
    return rows.map((row, index) => {
      const payees = row.action === "DELETE" ? [] : (JSON.parse(row.payeeIds) as string[]);
      const before = new Set(previous);
      const after = new Set(payees);
      const version: ResellerLinkVersion = {
        version: index + 1,
        action: row.action,
        changedBy: nameOf.get(row.changedByUserId) ?? null,
        changedAt: row.changedAt,
        payees,
        payeesAdded: payees.filter((id) => !before.has(id)),
        payeesRemoved: previous.filter((id) => !after.has(id)),
        history: row.history,
        effectiveFromMonth: row.effectiveFromMonth,
        monthsReached: months.filter(
          (month) => row.effectiveFromMonth === null || month >= row.effectiveFromMonth,
        ),
      };
      previous = payees;
      return version;
    });
  }
}
