import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { toPartner } from "../partners/partner.type.js";
import { toUser } from "../users/user.type.js";
import { AuthPayload, Viewer } from "./auth.type.js";
import { type SignIn } from "./auth.service.js";

export function toAuthPayload(signIn: SignIn): AuthPayload {
  return {
    token: signIn.token,
    expiresAt: signIn.expiresAt,
    user: Object.assign(toUser(signIn.user), { signedIn: true }),
  };
}

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { description: "The caller. UNAUTHENTICATED without a valid token." })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const viewer = requireViewer(ctx);
    return {
      user: toUser(viewer.user),
      partner: viewer.partner ? toPartner(viewer.partner) : null,
    };
  }

  @Mutation(() => AuthPayload, {
    description:
      "Signs in with email and password. Five failures per account and address in 15 minutes lock sign-in for the rest of the window (RATE_LIMITED).",
  })
  async login(
    @Ctx() ctx: RequestContext,
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
  ): Promise<AuthPayload> {
    return toAuthPayload(
      await ctx.services.auth.login(email, password, ctx.ip, ctx.viewer !== null),
    );
  }

  @Mutation(() => Boolean, { description: "Ends the session of the token that made the call." })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.logout(requireViewer(ctx));
  }

  @Mutation(() => AuthPayload, {
    description:
      "Sets the password of a PENDING_ACTIVATION user from the emailed token; single use.",
  })
  async activateUser(
    @Ctx() ctx: RequestContext,
    @Arg("token", () => String) token: string,
    @Arg("password", () => String) password: string,
  ): Promise<AuthPayload> {
    return toAuthPayload(await ctx.services.auth.activate(token, password));
  }
}
