import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { findVisibleAccount } from "../common/visibility.js";
import { Partner, toPartner } from "../partners/partner.type.js";
import { CreateAccountInput } from "./account.input.js";
import { Account, toAccount } from "./account.type.js";

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, {
    nullable: true,
    description: "Null when the account does not exist or the caller may not see it.",
  })
  async account(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<Account | null> {
    const account = await findVisibleAccount(ctx.loaders, requireViewer(ctx).scope, id);
    return account ? toAccount(account) : null;
  }

  @Mutation(() => Account, {
    description:
      "Adds an account to a partner the caller administers; a master payer account only to a Parent partner.",
  })
  async createAccount(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => CreateAccountInput) input: CreateAccountInput,
  ): Promise<Account> {
    return toAccount(await ctx.services.accounts.create(requireViewer(ctx), ctx.loaders, input));
  }

  @FieldResolver(() => Partner, { description: "The partner that owns the account." })
  async partner(@Root() account: Account, @Ctx() ctx: RequestContext): Promise<Partner> {
    requireViewer(ctx);
    // Visible accounts belong to visible partners, so the owner is always in scope here.
    const owner = await ctx.loaders.partnerById.load(Number(account.partnerId));
    if (!owner) throw new Error(`account ${account.id} has no partner ${account.partnerId}`);
    return toPartner(owner);
  }
}
