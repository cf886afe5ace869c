import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { Account, toAccount } from "../accounts/account.type.js";
import { findVisibleLink } from "../common/visibility.js";
import { Partner, toPartner } from "../partners/partner.type.js";
import { CreateResellerLinkInput, UpdateResellerLinkInput } from "./reseller-link.input.js";
import { ResellerLink, toResellerLink } from "./reseller-link.type.js";

// A visible link implies a visible Parent and Child, so its edges need no further scope check.

@Resolver(() => ResellerLink)
export class ResellerLinkResolver {
  @Query(() => ResellerLink, {
    nullable: true,
    description: "Null when the link does not exist or the caller may not see it.",
  })
  async resellerLink(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<ResellerLink | null> {
    const link = await findVisibleLink(ctx.loaders, requireViewer(ctx).scope, id);
    return link ? toResellerLink(link) : null;
  }

  @Mutation(() => ResellerLink, { description: "Link Accounts." })
  async createResellerLink(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => CreateResellerLinkInput) input: CreateResellerLinkInput,
  ): Promise<ResellerLink> {
    return toResellerLink(await ctx.services.links.create(requireViewer(ctx), ctx.loaders, input));
  }

  @Mutation(() => ResellerLink, {
    description: "Replaces a link's payees; `history` says which stored months the change reaches.",
  })
  async updateResellerLink(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateResellerLinkInput) input: UpdateResellerLinkInput,
  ): Promise<ResellerLink> {
    return toResellerLink(
      await ctx.services.links.update(requireViewer(ctx), ctx.loaders, id, input),
    );
  }

  @Mutation(() => Boolean, { description: "Deletes a link; its change history is kept." })
  async deleteResellerLink(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<boolean> {
    return ctx.services.links.delete(requireViewer(ctx), ctx.loaders, id);
  }

  @FieldResolver(() => Account, {
    description:
      "The Parent partner's master payer account (the Master-Payer section's Account ID).",
  })
  async masterPayerAccount(
    @Root() link: ResellerLink,
    @Ctx() ctx: RequestContext,
  ): Promise<Account> {
    return toAccount(await this.account(ctx, link.masterPayerAccountId));
  }

  @FieldResolver(() => Partner, {
    description: "The Child partner fed by this link (the Reseller section's Project ID).",
  })
  async resellerPartner(@Root() link: ResellerLink, @Ctx() ctx: RequestContext): Promise<Partner> {
    requireViewer(ctx);
    const partner = await ctx.loaders.partnerById.load(Number(link.resellerPartnerId));
    if (!partner) throw new Error(`link ${link.id} has no reseller partner`);
    return toPartner(partner);
  }

  @FieldResolver(() => Account, {
    description:
      "The Child's account that receives the billing data (created when the form's Account ID is 0).",
  })
  async resellerAccount(@Root() link: ResellerLink, @Ctx() ctx: RequestContext): Promise<Account> {
    return toAccount(await this.account(ctx, link.resellerAccountId));
  }

  @FieldResolver(() => [String], {
    description:
      "Reseller Accounts section: the 12-digit AWS payee account ids, in the order given.",
  })
  async awsPayeeAccountIds(
    @Root() link: ResellerLink,
    @Ctx() ctx: RequestContext,
  ): Promise<string[]> {
    requireViewer(ctx);
    return ctx.loaders.payeesByLink.load(Number(link.id));
  }

  private async account(ctx: RequestContext, id: string) {
    requireViewer(ctx);
    const account = await ctx.loaders.accountById.load(Number(id));
    if (!account) throw new Error(`account ${id} referenced by a link is missing`);
    return account;
  }
}
