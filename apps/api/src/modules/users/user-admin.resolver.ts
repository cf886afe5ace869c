import { type Role, checkUserManagement, grantableRoles } from "@reseller/domain";
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { toAuthPayload } from "../auth/auth.resolver.js";
import { AuthPayload } from "../auth/auth.type.js";
import { RoleEnum } from "../common/enums.js";
import { partnerRefOf } from "../common/visibility.js";
import { Partner } from "../partners/partner.type.js";
import { User, toUser } from "./user.type.js";

@ObjectType({
  description: "What the activation page shows before the invited user sets a password.",
})
export class Invitation {
  @Field(() => String, { description: "The invited user's sign-in email." })
  email: string;

  @Field(() => String, { nullable: true, description: "The partner the user joins." })
  partnerName: string | null;

  @Field(() => String, { nullable: true, description: "Who sent the invitation (name or email)." })
  invitedBy: string | null;
}

@Resolver(() => User)
export class UserAdminResolver {
  @Mutation(() => User, {
    description:
      "Disables a user of a partner the caller administers: its sessions end and its API keys stop working at once. Never the caller itself, nor a user above the caller's role (FORBIDDEN).",
  })
  async disableUser(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string): Promise<User> {
    return toUser(await ctx.services.userAdmin.disable(requireViewer(ctx), ctx.loaders, id));
  }

  @Mutation(() => User, {
    description:
      "Re-enables a disabled user: ACTIVE again, or PENDING_ACTIVATION when it never set a password.",
  })
  async enableUser(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string): Promise<User> {
    return toUser(await ctx.services.userAdmin.enable(requireViewer(ctx), ctx.loaders, id));
  }

  @Mutation(() => User, {
    description:
      "Changes a user's role, within what the caller may grant (see Partner.assignableRoles).",
  })
  async changeUserRole(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("role", () => RoleEnum) role: Role,
  ): Promise<User> {
    return toUser(
      await ctx.services.userAdmin.changeRole(requireViewer(ctx), ctx.loaders, id, role),
    );
  }

  @Mutation(() => User, {
    description:
      "Emails a PENDING_ACTIVATION user a new activation link (48 hours, single use); earlier links stop working. CONFLICT (USER_NOT_PENDING) for a user who has activated.",
  })
  async resendInvitation(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<User> {
    return toUser(
      await ctx.services.userAdmin.resendInvitation(requireViewer(ctx), ctx.loaders, id),
    );
  }

  @Mutation(() => Boolean, {
    description:
      "Changes the caller's own password; the caller's other sessions end. BAD_USER_INPUT on currentPassword when it is wrong.",
  })
  async changePassword(
    @Ctx() ctx: RequestContext,
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
  ): Promise<boolean> {
    return ctx.services.userAdmin.changePassword(requireViewer(ctx), currentPassword, newPassword);
  }

  @Mutation(() => Boolean, {
    description:
      "Emails a single-use password reset link (30 minutes) when an active user has this email. Always answers true, so it never tells whether the email exists; RATE_LIMITED per address after too many requests.",
  })
  async requestPasswordReset(
    @Ctx() ctx: RequestContext,
    @Arg("email", () => String) email: string,
  ): Promise<boolean> {
    return ctx.services.userAdmin.requestPasswordReset(email, ctx.ip);
  }

  @Mutation(() => AuthPayload, {
    description:
      "Sets a new password from the emailed reset token (single use) and signs in; every other session of the user ends.",
  })
  async resetPassword(
    @Ctx() ctx: RequestContext,
    @Arg("token", () => String) token: string,
    @Arg("password", () => String) password: string,
  ): Promise<AuthPayload> {
    return toAuthPayload(await ctx.services.userAdmin.resetPassword(token, password));
  }

  @Query(() => Invitation, {
    nullable: true,
    description:
      "The invitation behind an activation token (for the activation page); null when the link is invalid, used or expired.",
  })
  async invitation(
    @Ctx() ctx: RequestContext,
    @Arg("token", () => String) token: string,
  ): Promise<Invitation | null> {
    return ctx.services.userAdmin.invitation(token);
  }

  @FieldResolver(() => Boolean, {
    description:
      "Whether the caller may disable, enable, re-invite or change the role of this user.",
  })
  async manageable(@Root() user: User, @Ctx() ctx: RequestContext): Promise<boolean> {
    const viewer = ctx.viewer;
    if (!viewer || user.partnerId === null) return false;
    const partner = await ctx.loaders.partnerById.load(Number(user.partnerId));
    if (!partner) return false;
    return checkUserManagement(
      viewer.actor,
      { id: user.id, role: user.role, partner: partnerRefOf(partner) },
      "id",
    ).ok;
  }
}

@Resolver(() => Partner)
export class PartnerRolesResolver {
  @FieldResolver(() => [RoleEnum], {
    description: "The roles the caller may give a user of this partner (empty when none).",
  })
  async assignableRoles(@Root() partner: Partner, @Ctx() ctx: RequestContext): Promise<Role[]> {
    const viewer = requireViewer(ctx);
    const entity = await ctx.loaders.partnerById.load(Number(partner.id));
    return entity ? grantableRoles(viewer.actor, partnerRefOf(entity)) : [];
  }
}
