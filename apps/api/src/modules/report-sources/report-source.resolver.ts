import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { notFound } from "../../graphql/errors.js";
import { Account, toAccount } from "../accounts/account.type.js";
import { BillingJob } from "../billing/billing.type.js";
import { toJob } from "../billing/billing.resolver.js";
import { smallListComplexity } from "../common/complexity.js";
import { ReportSource, ReportSourceInput, toReportSource } from "./report-source.type.js";

@Resolver(() => ReportSource)
export class ReportSourceResolver {
  @Query(() => [ReportSource], {
    complexity: smallListComplexity,
    description: "Parent only: its master payers' report sources.",
  })
  async reportSources(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
  ): Promise<ReportSource[]> {
    const sources = await ctx.services.reportSources.list(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
    );
    return sources.map(toReportSource);
  }

  @FieldResolver(() => Account, { description: "The master payer account the reports are of." })
  async masterPayerAccount(
    @Root() source: ReportSource,
    @Ctx() ctx: RequestContext,
  ): Promise<Account> {
    const account = await ctx.loaders.accountById.load(Number(source.masterPayerAccountId));
    if (!account) throw notFound("masterPayerAccountId", source.masterPayerAccountId);
    return toAccount(account);
  }

  @Mutation(() => ReportSource, {
    description: "Creates or replaces the report source of a master payer account.",
  })
  async saveReportSource(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => ReportSourceInput) input: ReportSourceInput,
  ): Promise<ReportSource> {
    return toReportSource(
      await ctx.services.reportSources.save(requireViewer(ctx), ctx.loaders, input),
    );
  }

  @Mutation(() => Boolean, { description: "Deletes a report source; stored months stay." })
  async deleteReportSource(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<boolean> {
    return ctx.services.reportSources.delete(requireViewer(ctx), ctx.loaders, id);
  }

  @Mutation(() => [BillingJob], {
    description:
      "Looks at the source now: one ingest job for each month whose delivery is new or changed.",
  })
  async syncReportSource(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<BillingJob[]> {
    const jobs = await ctx.services.reportSources.syncNow(requireViewer(ctx), ctx.loaders, id);
    return jobs.map(toJob);
  }
}
