import { type GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { type PartnerLevel, canSeePartner } from "@reseller/domain";
import { type RequestContext, requireViewer } from "../../context.js";
import { Account, toAccount } from "../accounts/account.type.js";
import { pagedComplexity, smallListComplexity } from "../common/complexity.js";
import { PartnerLevelEnum } from "../common/enums.js";
import { checkPageSize, decodeCursor, encodeCursor, toRowId } from "../common/page.js";
import { canSeeLinkRow, canSeePartnerRow, findVisiblePartner } from "../common/visibility.js";
import { ResellerLink, toResellerLink } from "../reseller-links/reseller-link.type.js";
import { User, toUser } from "../users/user.type.js";
import {
  CreateParentPartnerInput,
  CreatePartnerInput,
  CreatePartnerPayload,
} from "./partner.input.js";
import { Partner, PartnerConnection, toPartner } from "./partner.type.js";
import { selectsField } from "../../graphql/selection.js";

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => PartnerConnection, {
    description:
      "The partners the caller may see: a Partner Sys Admin sees its Parent partner\nand that Parent's Child partners, and nobody else's; any other partner user sees\nits own partner; an operator sees all.",
    complexity: pagedComplexity,
  })
  async partners(
    @Ctx() ctx: RequestContext,
    @Arg("level", () => PartnerLevelEnum, {
      nullable: true,
      description: "Only partners of this level.",
    })
    level: PartnerLevel | null | undefined,
    @Arg("search", () => String, {
      nullable: true,
      description: "Only partners whose name contains this text (any case).",
    })
    search: string | null | undefined,
    @Arg("first", () => Int, {
      nullable: true,
      defaultValue: 20,
      description: "Page size, 0 to 100.",
    })
    first: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page.",
    })
    after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PartnerConnection> {
    const viewer = requireViewer(ctx);
    const query = {
      level: level ?? null,
      search: search ? search.slice(0, 200) : null,
      first: checkPageSize(first, "first"),
      afterId: decodeCursor(after, "after"),
    };
    // Only the parts the operation selects: the Partners page shows no total, a count shows no page.
    const connection: PartnerConnection = {};
    if (selectsField(info, "totalCount"))
      connection.totalCount = await ctx.services.partners.count(viewer.scope, query);
    if (selectsField(info, "nodes") || selectsField(info, "pageInfo")) {
      const page = await ctx.services.partners.list(viewer.scope, query);
      for (const row of page.rows) ctx.loaders.partnerById.prime(row.id, row);
      connection.nodes = page.rows.map(toPartner);
      connection.pageInfo = { hasNextPage: page.hasNextPage, endCursor: page.endCursor };
    }
    return connection;
  }

  @Query(() => Partner, {
    nullable: true,
    description: "Null when the partner does not exist or the caller may not see it.",
  })
  async partner(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<Partner | null> {
    const viewer = requireViewer(ctx);
    const partner = await findVisiblePartner(ctx.loaders, viewer.scope, id);
    return partner ? toPartner(partner) : null;
  }

  @Mutation(() => CreatePartnerPayload, { description: "Operator only." })
  async createParentPartner(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => CreateParentPartnerInput) input: CreateParentPartnerInput,
  ): Promise<CreatePartnerPayload> {
    const created = await ctx.services.partners.createParent(requireViewer(ctx), input);
    return { partner: toPartner(created.partner), initialUser: toUser(created.initialUser.user) };
  }

  @Mutation(() => CreatePartnerPayload, {
    description: "Partner Sys Admin only: creates a Child partner in the caller's Parent partner.",
  })
  async createPartner(
    @Ctx() ctx: RequestContext,
    @Arg("input", () => CreatePartnerInput) input: CreatePartnerInput,
  ): Promise<CreatePartnerPayload> {
    const created = await ctx.services.partners.createChild(requireViewer(ctx), input);
    return {
      partner: toPartner(created.partner),
      initialUser: created.initialUser ? toUser(created.initialUser.user) : null,
    };
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description:
      "The Parent partner of a Child; null for a Parent, or when the caller may not see it.",
  })
  async parent(@Root() partner: Partner, @Ctx() ctx: RequestContext): Promise<Partner | null> {
    const parentId = partner.parentId === null ? null : toRowId(partner.parentId);
    if (parentId === null) return null;
    const parent = await ctx.loaders.partnerById.load(parentId);
    return canSeePartnerRow(requireViewer(ctx).scope, parent) ? toPartner(parent) : null;
  }

  @FieldResolver(() => PartnerConnection, {
    description: "A Parent's Child partners that the caller may see; always empty for a Child.",
    complexity: pagedComplexity,
  })
  async children(
    @Root() partner: Partner,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0 to 100 (default 20)." })
    first: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page.",
    })
    after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PartnerConnection> {
    const scope = requireViewer(ctx).scope;
    const size = checkPageSize(first, "first");
    const afterId = decodeCursor(after, "after");
    // Children are visible together with their Parent's family scope; test one as a stand-in.
    const childRef = { id: "0", level: "CHILD" as const, parentId: partner.id, isReseller: false };
    if (partner.level !== "PARENT" || !canSeePartner(scope, childRef)) {
      return { nodes: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } };
    }
    const parentId = Number(partner.id);
    if (selectsField(info, "nodes") || selectsField(info, "pageInfo")) {
      // The page's loader counts the Children as well: its total costs nothing more.
      const page = await ctx.loaders.childrenPage.load({ parentId, first: size, afterId });
      const last = page.rows.at(-1);
      return {
        nodes: page.rows.map(toPartner),
        totalCount: page.totalCount,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
      };
    }
    // The Partners page asks `children(first: 5) { totalCount }`: one batched count, no page.
    return selectsField(info, "totalCount")
      ? { totalCount: await ctx.loaders.childCount.load(parentId) }
      : {};
  }

  @FieldResolver(() => [Account], {
    description: "The partner's accounts (CloudCheckr calls their ids Project IDs).",
    complexity: smallListComplexity,
  })
  async accounts(@Root() partner: Partner, @Ctx() ctx: RequestContext): Promise<Account[]> {
    requireViewer(ctx);
    return (await ctx.loaders.accountsByPartner.load(Number(partner.id))).map(toAccount);
  }

  @FieldResolver(() => [User], {
    description: "The partner's users.",
    complexity: smallListComplexity,
  })
  async users(@Root() partner: Partner, @Ctx() ctx: RequestContext): Promise<User[]> {
    requireViewer(ctx);
    return (await ctx.loaders.usersByPartner.load(Number(partner.id))).map(toUser);
  }

  @FieldResolver(() => [ResellerLink], {
    description:
      "For a Parent: the links it made. For a Child: the links that feed it. Only a Partner Sys Admin of the Parent (or an operator) sees links.",
    complexity: smallListComplexity,
  })
  async resellerLinks(
    @Root() partner: Partner,
    @Ctx() ctx: RequestContext,
  ): Promise<ResellerLink[]> {
    const scope = requireViewer(ctx).scope;
    const links = await ctx.loaders.linksByPartner.load({
      partnerId: Number(partner.id),
      level: partner.level,
    });
    return links.filter((link) => canSeeLinkRow(scope, link)).map(toResellerLink);
  }
}
