// The peer's Partners page: what a careful engineer would write without our stack. Hand-written
// SQL per field, batched per request with mercurius loaders (one statement per field, whatever
// the page size), the caller's visibility applied in SQL or on the rows, and nothing queried that
// the operation does not select. It implements the fields the benchmark's operations select; the
// rest of the schema is there (the same SDL as ours) without resolvers.
import { createHash } from "node:crypto";
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { type PeerDatabase } from "./database.js";

type Scope =
  | { kind: "ALL" }
  | { kind: "FAMILY"; parentId: number }
  | { kind: "OWN"; partnerId: number }
  | { kind: "NONE" };

export interface PeerContext {
  db: PeerDatabase;
  scope: Scope | null;
  /** Partners already read in this request, by id (the page's rows). */
  partners: Map<number, PartnerRow>;
  childPages: Batch<ChildPageKey, ChildPage>;
}

interface PartnerRow {
  id: number;
  name: string;
  email: string;
  level: "PARENT" | "CHILD";
  parentId: number | null;
  isReseller: number | boolean;
  createdAt: string;
}

interface AccountRow {
  id: number;
  partnerId: number;
  name: string;
  awsAccountId: string | null;
  isMasterPayer: number | boolean;
  createdAt: string;
}

interface LinkRow {
  id: number;
  parentPartnerId: number;
  resellerPartnerId: number;
  resellerAccountId: number;
  masterPayerAccountId: number;
}

interface Connection {
  nodes?: PartnerRow[];
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  /** A Parent's children page, read only if nodes or pageInfo are selected. */
  childrenOf?: ChildPageKey;
}

interface ChildPageKey {
  parentId: number;
  first: number;
  afterId: number;
}

interface ChildPage {
  nodes: PartnerRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PARTNER_COLUMNS = `p.id, p.name, p.email, p.level, p.parent_id AS "parentId", p.is_reseller AS "isReseller", p.created_at AS "createdAt"`;
const ACCOUNT_COLUMNS = `id, partner_id AS "partnerId", name, aws_account_id AS "awsAccountId", is_master_payer AS "isMasterPayer", created_at AS "createdAt"`;

class PeerError extends Error {
  constructor(
    message: string,
    readonly extensions: { code: string },
  ) {
    super(message);
  }
}

// --- the caller -------------------------------------------------------------------------------

interface SessionRow {
  role: string;
  status: string;
  expiresAt: string;
  partnerId: number | null;
  partnerLevel: string | null;
}

/** Sessions only (the benchmark's caller has one); the token is stored as its SHA-256. */
export async function authenticate(
  db: PeerDatabase,
  authorization: string | undefined,
): Promise<Scope | null> {
  if (!authorization) return null;
  const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
  if (!token) throw new PeerError("Bad Authorization header", { code: "UNAUTHENTICATED" });
  const [row] = await db.all<SessionRow>(
    `SELECT u.role, u.status, s.expires_at AS "expiresAt", p.id AS "partnerId", p.level AS "partnerLevel"
     FROM session s JOIN app_user u ON u.id = s.user_id LEFT JOIN partner p ON p.id = u.partner_id
     WHERE s.token_hash = ? AND s.revoked_at IS NULL`,
    [createHash("sha256").update(token).digest("hex")],
  );
  if (!row || row.expiresAt <= new Date().toISOString() || row.status !== "ACTIVE")
    throw new PeerError("The session has expired or ended", { code: "UNAUTHENTICATED" });
  if (row.role === "OPERATOR") return { kind: "ALL" };
  if (row.partnerId === null) return { kind: "NONE" };
  if (row.role === "PARTNER_SYS_ADMIN")
    return row.partnerLevel === "PARENT"
      ? { kind: "FAMILY", parentId: row.partnerId }
      : { kind: "NONE" };
  return { kind: "OWN", partnerId: row.partnerId };
}

function scopeOf(ctx: PeerContext): Scope {
  if (!ctx.scope) throw new PeerError("Sign in first", { code: "UNAUTHENTICATED" });
  return ctx.scope;
}

function scopeSql(scope: Scope): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case "ALL":
      return { sql: "1 = 1", params: [] };
    case "FAMILY":
      return { sql: "(p.id = ? OR p.parent_id = ?)", params: [scope.parentId, scope.parentId] };
    case "OWN":
      return { sql: "p.id = ?", params: [scope.partnerId] };
    case "NONE":
      return { sql: "1 = 0", params: [] };
  }
}

function canSeePartner(scope: Scope, row: { id: number; parentId: number | null }): boolean {
  switch (scope.kind) {
    case "ALL":
      return true;
    case "FAMILY":
      return row.id === scope.parentId || row.parentId === scope.parentId;
    case "OWN":
      return row.id === scope.partnerId;
    case "NONE":
      return false;
  }
}

/** A link shows a Parent's account and a Child: only who sees both sees it. */
function canSeeLink(scope: Scope, link: LinkRow): boolean {
  return (
    canSeePartner(scope, { id: link.parentPartnerId, parentId: null }) &&
    canSeePartner(scope, { id: link.resellerPartnerId, parentId: link.parentPartnerId })
  );
}

// --- helpers ----------------------------------------------------------------------------------

function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > 100)
    throw new PeerError("first must be between 0 and 100", { code: "BAD_USER_INPUT" });
  return size;
}

const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString("base64url");

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const id = /^id:(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString())?.[1];
  if (!id) throw new PeerError("after is not a cursor", { code: "BAD_USER_INPUT" });
  return Number(id);
}

/** Whether the field's selection (inline fragments and fragment spreads included) asks for `name`. */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === name
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet)
          : visit(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const unique = (ids: readonly number[]): number[] => [...new Set(ids)];

/** A per-request batch: every load of one tick becomes one call of `loadMany`. */
export class Batch<K, V> {
  private pending: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];

  constructor(
    private readonly keyOf: (key: K) => string,
    private readonly loadMany: (keys: K[]) => Promise<Map<string, V>>,
  ) {}

  load(key: K): Promise<V> {
    if (this.pending.length === 0) process.nextTick(() => void this.flush());
    return new Promise((resolve, reject) => this.pending.push({ key, resolve, reject }));
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const found = await this.loadMany(batch.map((p) => p.key));
      for (const p of batch) {
        const value = found.get(this.keyOf(p.key));
        if (value === undefined) p.reject(new Error(`nothing loaded for ${this.keyOf(p.key)}`));
        else p.resolve(value);
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

const childKey = (k: ChildPageKey): string => `${k.parentId}:${k.first}:${k.afterId}`;

/** Children pages, one windowed query per distinct (first, after). */
function childPages(db: PeerDatabase): Batch<ChildPageKey, ChildPage> {
  return new Batch(childKey, async (keys) => {
    const pages = new Map<string, ChildPage>();
    for (const shape of groupBy(keys, (k) => k.first * 2 ** 31 + k.afterId).values()) {
      const { first, afterId } = shape[0]!;
      const parentIds = unique(shape.map((k) => k.parentId));
      const rows = await db.all<PartnerRow>(
        `SELECT ${PARTNER_COLUMNS} FROM (
           SELECT partner.*, ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY id) AS rn
           FROM partner WHERE parent_id ${db.inList()} AND id > ?
         ) p WHERE p.rn <= ? ORDER BY p.id`,
        [db.list(parentIds), afterId, first + 1],
      );
      const byParent = groupBy(rows, (r) => r.parentId ?? 0);
      for (const parentId of parentIds) {
        const children = byParent.get(parentId) ?? [];
        const nodes = children.slice(0, first);
        const last = nodes.at(-1);
        pages.set(childKey({ parentId, first, afterId }), {
          nodes,
          pageInfo: {
            hasNextPage: children.length > first,
            endCursor: last ? encodeCursor(last.id) : null,
          },
        });
      }
    }
    return pages;
  });
}

export function peerContext(db: PeerDatabase, scope: Scope | null): PeerContext {
  return { db, scope, partners: new Map(), childPages: childPages(db) };
}

// --- resolvers and loaders ----------------------------------------------------------------------

interface PartnersArgs {
  first?: number | null;
  after?: string | null;
  level?: string | null;
  search?: string | null;
}

const EMPTY_CONNECTION: Connection = {
  nodes: [],
  totalCount: 0,
  pageInfo: { hasNextPage: false, endCursor: null },
};

export const resolvers = {
  Query: {
    async partners(
      _root: unknown,
      args: PartnersArgs,
      ctx: PeerContext,
      info: GraphQLResolveInfo,
    ): Promise<Connection> {
      const scope = scopeSql(scopeOf(ctx));
      const first = pageSize(args.first);
      const filters = [scope.sql];
      const params = [...scope.params];
      if (args.level) {
        filters.push("p.level = ?");
        params.push(args.level);
      }
      const search = args.search?.slice(0, 200).trim().toLowerCase();
      if (search) {
        filters.push("LOWER(p.name) LIKE ? ESCAPE '\\'");
        params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const where = filters.join(" AND ");
      const rows = await ctx.db.all<PartnerRow>(
        `SELECT ${PARTNER_COLUMNS} FROM partner p WHERE ${where} AND p.id > ? ORDER BY p.id LIMIT ?`,
        [...params, decodeCursor(args.after), first + 1],
      );
      const nodes = rows.slice(0, first);
      for (const row of nodes) ctx.partners.set(row.id, row);
      const last = nodes.at(-1);
      const connection: Connection = {
        nodes,
        pageInfo: {
          hasNextPage: rows.length > first,
          endCursor: last ? encodeCursor(last.id) : null,
        },
      };
      if (selects(info, "totalCount")) {
        const [count] = await ctx.db.all<{ n: number | string }>(
          `SELECT count(*) AS n FROM partner p WHERE ${where}`,
          params,
        );
        connection.totalCount = Number(count?.n ?? 0);
      }
      return connection;
    },
  },
  Partner: {
    isReseller: (row: PartnerRow) => Boolean(row.isReseller),
  },
  Account: {
    isMasterPayer: (row: AccountRow) => Boolean(row.isMasterPayer),
  },
  PartnerConnection: {
    nodes: async (c: Connection, _args: unknown, ctx: PeerContext) =>
      c.nodes ?? (await ctx.childPages.load(c.childrenOf!)).nodes,
    pageInfo: async (c: Connection, _args: unknown, ctx: PeerContext) =>
      c.pageInfo ?? (await ctx.childPages.load(c.childrenOf!)).pageInfo,
  },
};

interface Query<T, P = Record<string, never>> {
  obj: T;
  params: P;
}

export const loaders = {
  Partner: {
    async parent(queries: Query<PartnerRow>[], ctx: PeerContext): Promise<(PartnerRow | null)[]> {
      const scope = scopeOf(ctx);
      const missing = unique(
        queries
          .map((q) => q.obj.parentId)
          .filter((id): id is number => id !== null && !ctx.partners.has(id)),
      );
      if (missing.length > 0) {
        const rows = await ctx.db.all<PartnerRow>(
          `SELECT ${PARTNER_COLUMNS} FROM partner p WHERE p.id ${ctx.db.inList()}`,
          [ctx.db.list(missing)],
        );
        for (const row of rows) ctx.partners.set(row.id, row);
      }
      return queries.map((q) => {
        const parent = q.obj.parentId === null ? undefined : ctx.partners.get(q.obj.parentId);
        return parent && canSeePartner(scope, parent) ? parent : null;
      });
    },

    async children(
      queries: Query<PartnerRow, { first?: number | null; after?: string | null }>[],
      ctx: PeerContext,
    ): Promise<Connection[]> {
      const scope = scopeOf(ctx);
      // Children are visible with their Parent's family: a Parent the caller sees.
      const parents = queries.filter(
        (q) => q.obj.level === "PARENT" && canSeePartner(scope, { id: -1, parentId: q.obj.id }),
      );
      const counts = new Map<number, number>();
      if (parents.length > 0) {
        const rows = await ctx.db.all<{ parentId: number; n: number | string }>(
          `SELECT parent_id AS "parentId", count(*) AS n FROM partner WHERE parent_id ${ctx.db.inList()} GROUP BY parent_id`,
          [ctx.db.list(unique(parents.map((q) => q.obj.id)))],
        );
        for (const row of rows) counts.set(row.parentId, Number(row.n));
      }
      return queries.map((q) =>
        parents.includes(q)
          ? {
              totalCount: counts.get(q.obj.id) ?? 0,
              childrenOf: {
                parentId: q.obj.id,
                first: pageSize(q.params.first),
                afterId: decodeCursor(q.params.after),
              },
            }
          : EMPTY_CONNECTION,
      );
    },

    async accounts(queries: Query<PartnerRow>[], ctx: PeerContext): Promise<AccountRow[][]> {
      scopeOf(ctx);
      const rows = await ctx.db.all<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM account WHERE partner_id ${ctx.db.inList()} ORDER BY id`,
        [ctx.db.list(unique(queries.map((q) => q.obj.id)))],
      );
      const byPartner = groupBy(rows, (r) => r.partnerId);
      return queries.map((q) => byPartner.get(q.obj.id) ?? []);
    },

    async resellerLinks(queries: Query<PartnerRow>[], ctx: PeerContext): Promise<LinkRow[][]> {
      const scope = scopeOf(ctx);
      const parentIds = unique(
        queries.filter((q) => q.obj.level === "PARENT").map((q) => q.obj.id),
      );
      const childIds = unique(queries.filter((q) => q.obj.level === "CHILD").map((q) => q.obj.id));
      const rows = await ctx.db.all<LinkRow>(
        `SELECT id, parent_partner_id AS "parentPartnerId", reseller_partner_id AS "resellerPartnerId",
                reseller_account_id AS "resellerAccountId", master_payer_account_id AS "masterPayerAccountId",
                aws_payer_account_id AS "awsPayerAccountId", history, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM reseller_link
         WHERE parent_partner_id ${ctx.db.inList()} OR reseller_partner_id ${ctx.db.inList()}
         ORDER BY id`,
        [ctx.db.list(parentIds), ctx.db.list(childIds)],
      );
      const visible = rows.filter((link) => canSeeLink(scope, link));
      const byParent = groupBy(visible, (l) => l.parentPartnerId);
      const byChild = groupBy(visible, (l) => l.resellerPartnerId);
      return queries.map(
        (q) => (q.obj.level === "PARENT" ? byParent : byChild).get(q.obj.id) ?? [],
      );
    },
  },

  ResellerLink: {
    async awsPayeeAccountIds(queries: Query<LinkRow>[], ctx: PeerContext): Promise<string[][]> {
      const rows = await ctx.db.all<{ linkId: number; awsAccountId: string }>(
        `SELECT link_id AS "linkId", aws_account_id AS "awsAccountId" FROM reseller_link_payee
         WHERE link_id ${ctx.db.inList()} ORDER BY link_id, position`,
        [ctx.db.list(unique(queries.map((q) => q.obj.id)))],
      );
      const byLink = new Map<number, string[]>();
      for (const row of rows) {
        const ids = byLink.get(row.linkId);
        if (ids) ids.push(row.awsAccountId);
        else byLink.set(row.linkId, [row.awsAccountId]);
      }
      return queries.map((q) => byLink.get(q.obj.id) ?? []);
    },

    async resellerAccount(queries: Query<LinkRow>[], ctx: PeerContext): Promise<AccountRow[]> {
      const rows = await ctx.db.all<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM account WHERE id ${ctx.db.inList()}`,
        [ctx.db.list(unique(queries.map((q) => q.obj.resellerAccountId)))],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return queries.map((q) => {
        const account = byId.get(q.obj.resellerAccountId);
        if (!account) throw new Error(`link ${q.obj.id} has no reseller account`);
        return account;
      });
    },
  },
};
