import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { pagedComplexity } from "../common/complexity.js";
import { encodeCursor } from "../common/page.js";
import { AuditEntryConnection, AuditLogFilter, toAuditEntry } from "./audit.type.js";

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      "Who did what: every mutation and sign-in attempt, newest first. A Partner Sys Admin reads the entries of its Parent's and its Children's users, an administrator those of its own partner's, an operator all; a USER gets FORBIDDEN.",
    complexity: pagedComplexity,
  })
  async auditLog(
    @Ctx() ctx: RequestContext,
    @Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 0 to 100 (default 20)." })
    first: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "The `endCursor` of the previous page.",
    })
    after: string | null,
  ): Promise<AuditEntryConnection> {
    const page = await ctx.services.audit.list(requireViewer(ctx), filter ?? {}, first, after);
    const userIds = [
      ...new Set(page.entries.flatMap((e) => (e.userId === null ? [] : [e.userId]))),
    ];
    const users = userIds.length === 0 ? [] : await ctx.services.audit.usersByIds(userIds);
    const emails = new Map(users.map((u) => [u.id, u.email]));
    const last = page.entries.at(-1);
    return {
      nodes: page.entries.map((e) =>
        toAuditEntry(e, e.userId === null ? null : (emails.get(e.userId) ?? null)),
      ),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
      totalCount: page.totalCount,
    };
  }
}
