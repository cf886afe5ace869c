// Our schema without type-graphql: the SDL the API emits (packages/schema/schema.graphql) built
// by graphql-js, with hand resolvers for the Partners page that call the same services and
// DataLoaders as our resolvers, with the same visibility rules. The in-process benchmark runs
// the same operation on it and on our type-graphql schema: the difference is what type-graphql
// (its resolver wrappers, argument handling, global middleware) costs.
import { canSeePartner, type PartnerRef, type PartnerScope } from "@reseller/domain";
import { type RequestContext } from "@reseller/api/context";
import { selectsField } from "@reseller/api/graphql/selection";
import {
  buildSchema,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

type Loaders = RequestContext["loaders"];
type PartnerRow = NonNullable<Awaited<ReturnType<Loaders["partnerById"]["load"]>>>;
type LinkRow = Awaited<ReturnType<Loaders["linksByPartner"]["load"]>>[number];

// As ours: only the parts the operation selects are computed.
interface Connection {
  nodes?: PartnerRow[];
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

const EMPTY: Connection = {
  nodes: [],
  totalCount: 0,
  pageInfo: { hasNextPage: false, endCursor: null },
};

function scopeOf(ctx: RequestContext): PartnerScope {
  if (!ctx.viewer) throw new Error("UNAUTHENTICATED");
  return ctx.viewer.scope;
}

function refOf(row: PartnerRow): PartnerRef {
  return {
    id: String(row.id),
    level: row.level,
    parentId: row.parentId === null ? null : String(row.parentId),
    isReseller: row.isReseller,
  };
}

function canSeeLink(scope: PartnerScope, link: LinkRow): boolean {
  const parentId = String(link.parentPartnerId);
  return (
    canSeePartner(scope, { id: parentId, level: "PARENT", parentId: null, isReseller: false }) &&
    canSeePartner(scope, {
      id: String(link.resellerPartnerId),
      level: "CHILD",
      parentId,
      isReseller: true,
    })
  );
}

function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > 100) throw new Error("BAD_USER_INPUT: first");
  return size;
}

const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString("base64url");

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const id = /^id:(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString())?.[1];
  if (!id) throw new Error("BAD_USER_INPUT: after");
  return Number(id);
}

export function plainSchema(sdl: string): GraphQLSchema {
  const schema = buildSchema(sdl);
  const resolve = <Root, Args>(
    type: string,
    field: string,
    fn: GraphQLFieldResolver<Root, RequestContext, Args>,
  ): void => {
    const target = (schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field];
    if (!target) throw new Error(`no field ${type}.${field} in the SDL`);
    target.resolve = fn as GraphQLFieldResolver<unknown, unknown>;
  };

  resolve<
    unknown,
    { first?: number; after?: string | null; level?: string | null; search?: string | null }
  >("Query", "partners", async (_root, args, ctx, info) => {
    const scope = scopeOf(ctx);
    const query = {
      level: (args.level as PartnerRow["level"] | null | undefined) ?? null,
      search: args.search ? args.search.slice(0, 200) : null,
      first: pageSize(args.first),
      afterId: decodeCursor(args.after),
    };
    const connection: Connection = {};
    if (selectsField(info, "totalCount"))
      connection.totalCount = await ctx.services.partners.count(scope, query);
    if (selectsField(info, "nodes") || selectsField(info, "pageInfo")) {
      const page = await ctx.services.partners.list(scope, query);
      for (const row of page.rows) ctx.loaders.partnerById.prime(row.id, row);
      connection.nodes = page.rows;
      connection.pageInfo = { hasNextPage: page.hasNextPage, endCursor: page.endCursor };
    }
    return connection;
  });

  resolve<PartnerRow, unknown>("Partner", "parent", (row, _args, ctx) => {
    if (row.parentId === null) return null;
    const scope = scopeOf(ctx);
    return ctx.loaders.partnerById
      .load(row.parentId)
      .then((parent) => (parent && canSeePartner(scope, refOf(parent)) ? parent : null));
  });

  resolve<PartnerRow, { first?: number | null; after?: string | null }>(
    "Partner",
    "children",
    (row, args, ctx, info) => {
      const scope = scopeOf(ctx);
      const childRef = {
        id: "0",
        level: "CHILD" as const,
        parentId: String(row.id),
        isReseller: false,
      };
      if (row.level !== "PARENT" || !canSeePartner(scope, childRef)) return EMPTY;
      const parentId = row.id;
      if (selectsField(info, "nodes") || selectsField(info, "pageInfo"))
        return ctx.loaders.childrenPage
          .load({ parentId, first: pageSize(args.first), afterId: decodeCursor(args.after) })
          .then((page): Connection => {
            const last = page.rows.at(-1);
            return {
              nodes: page.rows,
              totalCount: page.totalCount,
              pageInfo: {
                hasNextPage: page.hasNextPage,
                endCursor: last ? encodeCursor(last.id) : null,
              },
            };
          });
      return selectsField(info, "totalCount")
        ? ctx.loaders.childCount.load(parentId).then((totalCount): Connection => ({ totalCount }))
        : {};
    },
  );

  resolve<PartnerRow, unknown>("Partner", "accounts", (row, _args, ctx) => {
    scopeOf(ctx);
    return ctx.loaders.accountsByPartner.load(row.id);
  });

  resolve<PartnerRow, unknown>("Partner", "resellerLinks", (row, _args, ctx) => {
    const scope = scopeOf(ctx);
    return ctx.loaders.linksByPartner
      .load({ partnerId: row.id, level: row.level })
      .then((links) => links.filter((link) => canSeeLink(scope, link)));
  });

  resolve<LinkRow, unknown>("ResellerLink", "awsPayeeAccountIds", (link, _args, ctx) =>
    ctx.loaders.payeesByLink.load(link.id),
  );

  resolve<LinkRow, unknown>("ResellerLink", "resellerAccount", (link, _args, ctx) =>
    ctx.loaders.accountById.load(link.resellerAccountId).then((account) => {
      if (!account) throw new Error(`link ${link.id} has no reseller account`);
      return account;
    }),
  );

  return schema;
}
