import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { canSeePartnerRow } from "../common/visibility.js";
import { Partner, toPartner } from "../partners/partner.type.js";
import { CreateUserInput } from "./user.input.js";
import { User, toUser } from "./user.type.js";

@Resolver(() => User)
export class UserResolver {
  @Mutation(() => User, {
    description:
      "Adds a user to a partner the caller administers. Without a password the user is sent an activation email.",
  })
  async createUser(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => CreateUserInput) input: CreateUserInput,
  ): Promise<User> {
    return toUser(await ctx.services.users.create(requireViewer(ctx), ctx.loaders, input));
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: "The user's partner; null for an operator.",
  })
  async partner(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Partner | null> {
    // login and activateUser answer before the request has a viewer; a user always sees its own partner.
    const scope = user.signedIn === true ? null : requireViewer(ctx).scope;
    if (user.partnerId === null) return null;
    const partner = await ctx.loaders.partnerById.load(Number(user.partnerId));
    if (scope === null) return partner ? toPartner(partner) : null;
    return canSeePartnerRow(scope, partner) ? toPartner(partner) : null;
  }
}
