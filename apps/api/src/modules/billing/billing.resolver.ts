import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import {
  type BillingJobEntity,
  type BillingMonthEntity,
} from "../../persistence/entities/index.js";
import { Account, toAccount } from "../accounts/account.type.js";
import { pagedComplexity, smallListComplexity } from "../common/complexity.js";
import { checkPageSize } from "../common/page.js";
import { canSeePartnerRow } from "../common/visibility.js";
import { Partner, toPartner } from "../partners/partner.type.js";
import {
  BillingJob,
  BillingMonth,
  ChildBill,
  ResellerMargin,
  UnallocatedCost,
  UnknownLineItemType,
} from "./billing.type.js";
import { PricingRule, PricingRuleInput, toPricingRuleType } from "./pricing-rule.type.js";

export function toJob(entity: BillingJobEntity): BillingJob {
  return Object.assign(new BillingJob(), {
    ...entity,
    id: String(entity.id),
    masterPayerAccountId: String(entity.masterPayerAccountId),
  });
}

function toMonth(entity: BillingMonthEntity): BillingMonth {
  return Object.assign(new BillingMonth(), entity);
}

@Resolver(() => Partner)
export class PartnerBillingResolver {
  @FieldResolver(() => [ChildBill], {
    complexity: smallListComplexity,
    description:
      "The partner's bill for a month, one per currency: billed amounts only (what a Child's users see).",
  })
  async bill(
    @Root() partner: Partner,
    @Ctx() ctx: RequestContext,
    @Arg("billingPeriod", () => String, { description: '"YYYY-MM".' }) billingPeriod: string,
  ): Promise<ChildBill[]> {
    requireViewer(ctx);
    const entity = await ctx.loaders.partnerById.load(Number(partner.id));
    if (!entity || entity.level !== "CHILD") return [];
    return ctx.services.billing.childBills(entity, billingPeriod);
  }
}

@Resolver(() => ResellerMargin)
export class ResellerMarginResolver {
  @FieldResolver(() => Partner, { description: "The Child partner." })
  async partner(@Root() margin: ResellerMargin, @Ctx() ctx: RequestContext): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(Number(margin.resellerPartnerId));
    if (!canSeePartnerRow(requireViewer(ctx).scope, partner))
      throw new Error("margin of an invisible partner");
    return toPartner(partner);
  }
}

@Resolver(() => BillingJob)
export class BillingResolver {
  @Query(() => [ResellerMargin], {
    complexity: smallListComplexity,
    description: "Parent only: per Child, the month's base cost, billed cost and margin.",
  })
  async resellerMargins(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("billingPeriod", () => String, { description: '"YYYY-MM".' }) billingPeriod: string,
  ): Promise<ResellerMargin[]> {
    const margins = await ctx.services.billing.resellerMargins(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      billingPeriod,
    );
    return margins.map((m) => Object.assign(new ResellerMargin(), m));
  }

  @Query(() => [UnallocatedCost], {
    complexity: smallListComplexity,
    description: "Parent only: the month's costs that no link routes to a Child, largest first.",
  })
  async unallocatedCosts(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
    @Arg("billingPeriod", () => String) billingPeriod: string,
  ): Promise<UnallocatedCost[]> {
    return ctx.services.billing.unallocated(
      requireViewer(ctx),
      ctx.loaders,
      masterPayerAccountId,
      billingPeriod,
    );
  }

  @Query(() => [UnknownLineItemType], {
    complexity: smallListComplexity,
    description:
      "Parent only: the month's line item types the collector does not know, most rows first. They are kept and billed as usage.",
  })
  async unknownLineItemTypes(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
    @Arg("billingPeriod", () => String, { description: '"YYYY-MM".' }) billingPeriod: string,
  ): Promise<UnknownLineItemType[]> {
    const types = await ctx.services.billing.unknownLineItemTypes(
      requireViewer(ctx),
      ctx.loaders,
      masterPayerAccountId,
      billingPeriod,
    );
    return types.map((type) => Object.assign(new UnknownLineItemType(), type));
  }

  @Query(() => [BillingMonth], {
    complexity: smallListComplexity,
    description: "Parent only: the billing months stored for a master payer account, newest first.",
  })
  async billingMonths(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
  ): Promise<BillingMonth[]> {
    return (
      await ctx.services.billing.months(requireViewer(ctx), ctx.loaders, masterPayerAccountId)
    ).map(toMonth);
  }

  @Query(() => [BillingJob], {
    description: "Parent only: the latest billing jobs, newest first.",
    complexity: pagedComplexity,
  })
  async billingJobs(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("first", () => Int, {
      nullable: true,
      defaultValue: 20,
      description: "How many, 0 to 100.",
    })
    first: number | null,
  ): Promise<BillingJob[]> {
    const jobs = await ctx.services.billing.jobs(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      checkPageSize(first, "first"),
    );
    return jobs.map(toJob);
  }

  @Query(() => BillingJob, {
    nullable: true,
    description: "A billing job; null when unknown or not the caller's.",
  })
  async billingJob(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<BillingJob | null> {
    const job = await ctx.services.billing.job(requireViewer(ctx), ctx.loaders, id);
    return job ? toJob(job) : null;
  }

  @Query(() => [PricingRule], {
    complexity: smallListComplexity,
    description:
      "Parent only: its pricing rules, the default ones (childPartnerId null) and each Child's.",
  })
  async pricingRules(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
  ): Promise<PricingRule[]> {
    return (
      await ctx.services.billing.pricingRules(requireViewer(ctx), ctx.loaders, parentPartnerId)
    ).map(toPricingRuleType);
  }

  @Mutation(() => PricingRule, {
    description: "Adds a pricing rule; the affected months are recomputed by a job.",
  })
  async createPricingRule(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("input", () => PricingRuleInput) input: PricingRuleInput,
  ): Promise<PricingRule> {
    return toPricingRuleType(
      await ctx.services.billing.savePricingRule(
        requireViewer(ctx),
        ctx.loaders,
        parentPartnerId,
        null,
        input,
      ),
    );
  }

  @Mutation(() => PricingRule, {
    description: "Replaces a pricing rule; refused when it would change a locked month.",
  })
  async updatePricingRule(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("id", () => ID) id: string,
    @Arg("input", () => PricingRuleInput) input: PricingRuleInput,
  ): Promise<PricingRule> {
    return toPricingRuleType(
      await ctx.services.billing.savePricingRule(
        requireViewer(ctx),
        ctx.loaders,
        parentPartnerId,
        id,
        input,
      ),
    );
  }

  @Mutation(() => Boolean, {
    description: "Deletes a pricing rule; refused when it applies to a locked month.",
  })
  async deletePricingRule(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("id", () => ID) id: string,
  ): Promise<boolean> {
    return ctx.services.billing.deletePricingRule(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      id,
    );
  }

  @Mutation(() => BillingMonth, {
    description:
      "Locks a month: no re-ingestion, reallocation or rule change touches it until it is unlocked.",
  })
  async lockBillingMonth(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
    @Arg("billingPeriod", () => String) billingPeriod: string,
  ): Promise<BillingMonth> {
    return toMonth(
      await ctx.services.billing.setLocked(
        requireViewer(ctx),
        ctx.loaders,
        masterPayerAccountId,
        billingPeriod,
        true,
      ),
    );
  }

  @Mutation(() => BillingMonth, {
    description: "Unlocks a month so a new report or rule can change it.",
  })
  async unlockBillingMonth(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
    @Arg("billingPeriod", () => String) billingPeriod: string,
  ): Promise<BillingMonth> {
    return toMonth(
      await ctx.services.billing.setLocked(
        requireViewer(ctx),
        ctx.loaders,
        masterPayerAccountId,
        billingPeriod,
        false,
      ),
    );
  }

  @Mutation(() => BillingJob, {
    description:
      "Queues a recomputation of a master payer's allocations (one month, or every unlocked month).",
  })
  async reallocateBilling(
    @Ctx() ctx: RequestContext,
    @Arg("masterPayerAccountId", () => ID) masterPayerAccountId: string,
    @Arg("billingPeriod", () => String, { nullable: true }) billingPeriod: string | null,
  ): Promise<BillingJob> {
    return toJob(
      await ctx.services.billing.reallocate(
        requireViewer(ctx),
        ctx.loaders,
        masterPayerAccountId,
        billingPeriod ?? null,
      ),
    );
  }

  @FieldResolver(() => Account, { description: "The master payer account the job works on." })
  async masterPayerAccount(@Root() job: BillingJob, @Ctx() ctx: RequestContext): Promise<Account> {
    requireViewer(ctx);
    const account = await ctx.loaders.accountById.load(Number(job.masterPayerAccountId));
    if (!account) throw new Error(`job ${job.id} has no account`);
    return toAccount(account);
  }
}
