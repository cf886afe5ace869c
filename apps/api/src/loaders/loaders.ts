import DataLoader from "dataloader";
import { type PartnerLevel } from "@reseller/domain";
import { In, type DataSource } from "typeorm";
import {
  AccountEntity,
  PartnerEntity,
  ResellerLinkEntity,
  ResellerLinkPayeeEntity,
  UserEntity,
} from "../persistence/entities/index.js";

export interface ChildrenPageKey {
  readonly parentId: number;
  readonly first: number;
  readonly afterId: number;
}

export interface ChildrenPage {
  readonly rows: PartnerEntity[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

/** A partner's links: those a Parent made, or those that feed a Child. */
export interface PartnerLinksKey {
  readonly partnerId: number;
  readonly level: PartnerLevel;
}

const linksKey = (key: PartnerLinksKey) => `${key.level}:${key.partnerId}`;

function groupBy<T>(rows: T[], keyOf: (row: T) => number, keys: readonly number[]): T[][] {
  const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

function byId<T extends { id: number }>(rows: T[], keys: readonly number[]): (T | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return keys.map((key) => found.get(key) ?? null);
}

/**
 * Per-request batch loaders: every nested field reads through these, so a page of N
 * partners costs a fixed number of SQL statements whatever N is. Scope checks happen
 * in the resolvers; loaders only fetch.
 */
export function createLoaders(dataSource: DataSource) {
  const partners = dataSource.getRepository(PartnerEntity);
  const accounts = dataSource.getRepository(AccountEntity);
  const users = dataSource.getRepository(UserEntity);
  const links = dataSource.getRepository(ResellerLinkEntity);
  const payees = dataSource.getRepository(ResellerLinkPayeeEntity);
  // How many Children each Parent has: one COUNT ... GROUP BY for a page of Parents. A children
  // connection that selects totalCount alone reads only this.
  const childCount = new DataLoader<number, number>(async (parentIds) => {
    const counts = await partners
      .createQueryBuilder("p")
      .select("p.parent_id", "parentId")
      .addSelect("COUNT(*)", "total")
      .where("p.parent_id IN (:...parentIds)", { parentIds: [...parentIds] })
      .groupBy("p.parent_id")
      .getRawMany<{ parentId: number | string; total: number | string }>();
    const totalOf = new Map(counts.map((c) => [Number(c.parentId), Number(c.total)]));
    return parentIds.map((id) => totalOf.get(id) ?? 0);
  });

  return {
    childCount,
    partnerById: new DataLoader<number, PartnerEntity | null>(async (ids) =>
      byId(await partners.findBy({ id: In([...ids]) }), ids),
    ),
    accountById: new DataLoader<number, AccountEntity | null>(async (ids) =>
      byId(await accounts.findBy({ id: In([...ids]) }), ids),
    ),
    linkById: new DataLoader<number, ResellerLinkEntity | null>(async (ids) =>
      byId(await links.findBy({ id: In([...ids]) }), ids),
    ),
    accountsByPartner: new DataLoader<number, AccountEntity[]>(async (ids) =>
      groupBy(
        await accounts.find({ where: { partnerId: In([...ids]) }, order: { id: "ASC" } }),
        (a) => a.partnerId,
        ids,
      ),
    ),
    usersByPartner: new DataLoader<number, UserEntity[]>(async (ids) =>
      groupBy(
        await users.find({ where: { partnerId: In([...ids]) }, order: { id: "ASC" } }),
        (u) => u.partnerId ?? 0,
        ids,
      ),
    ),
    // A Parent's links and a Child's links in one query: every link on a page then resolves at
    // once, so the payee and account loads behind them batch once whatever order replies come in.
    linksByPartner: new DataLoader<PartnerLinksKey, ResellerLinkEntity[], string>(
      async (keys) => {
        const parentIds = keys.filter((k) => k.level === "PARENT").map((k) => k.partnerId);
        const childIds = keys.filter((k) => k.level === "CHILD").map((k) => k.partnerId);
        const rows = await links.find({
          where: [
            ...(parentIds.length > 0 ? [{ parentPartnerId: In(parentIds) }] : []),
            ...(childIds.length > 0 ? [{ resellerPartnerId: In(childIds) }] : []),
          ],
          order: { id: "ASC" },
        });
        const grouped = new Map(keys.map((k) => [linksKey(k), [] as ResellerLinkEntity[]]));
        for (const link of rows) {
          grouped.get(`PARENT:${link.parentPartnerId}`)?.push(link);
          grouped.get(`CHILD:${link.resellerPartnerId}`)?.push(link);
        }
        return keys.map((k) => grouped.get(linksKey(k)) ?? []);
      },
      { cacheKeyFn: linksKey },
    ),
    // A Parent's links carry tens of thousands of payees: read the two columns needed as raw rows,
    // not entities (hydrating them took most of the Partners page's time; see bench:api).
    payeesByLink: new DataLoader<number, string[]>(async (ids) =>
      groupBy(
        await payees
          .createQueryBuilder("p")
          .select("p.link_id", "linkId")
          .addSelect("p.aws_account_id", "awsAccountId")
          .where("p.link_id IN (:...ids)", { ids: [...ids] })
          .orderBy("p.link_id", "ASC")
          .addOrderBy("p.position", "ASC")
          .getRawMany<{ linkId: number | string; awsAccountId: string }>(),
        (p) => Number(p.linkId),
        ids,
      ).map((rows) => rows.map((row) => row.awsAccountId)),
    ),
    childrenPage: new DataLoader<ChildrenPageKey, ChildrenPage, string>(
      async (keys) => {
        // One windowed query per distinct (first, after) pair: in practice one for the page.
        const results = new Map<string, ChildrenPage>();
        const shapes = new Map<string, ChildrenPageKey[]>();
        for (const key of keys) {
          const shape = `${key.first}:${key.afterId}`;
          shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
        }
        const parentIds = [...new Set(keys.map((k) => k.parentId))];
        const totals = await Promise.all(parentIds.map((id) => childCount.load(id)));
        const totalOf = new Map(parentIds.map((id, i) => [id, totals[i] ?? 0]));
        for (const group of shapes.values()) {
          const { first, afterId } = group[0]!;
          const ids = group.map((k) => k.parentId);
          const ranked = await dataSource
            .createQueryBuilder()
            .select("ranked.id", "id")
            .addSelect("ranked.rn", "rn")
            .from(
              (sub) =>
                sub
                  .select("p.id", "id")
                  .addSelect("p.parent_id", "parent_id")
                  .addSelect("ROW_NUMBER() OVER (PARTITION BY p.parent_id ORDER BY p.id)", "rn")
                  .from(PartnerEntity, "p")
                  .where("p.parent_id IN (:...ids)", { ids })
                  .andWhere("p.id > :afterId", { afterId }),
              "ranked",
            )
            .where("ranked.rn <= :limit", { limit: first + 1 })
            .getRawMany<{ id: number | string; rn: number | string }>();
          const rows =
            ranked.length === 0
              ? []
              : await partners.find({
                  where: { id: In(ranked.map((r) => Number(r.id))) },
                  order: { id: "ASC" },
                });
          const byParent = groupBy(rows, (p) => p.parentId ?? 0, ids);
          ids.forEach((parentId, index) => {
            const children = byParent[index] ?? [];
            results.set(`${parentId}:${first}:${afterId}`, {
              rows: children.slice(0, first),
              hasNextPage: children.length > first,
              totalCount: totalOf.get(parentId) ?? 0,
            });
          });
        }
        return keys.map((k) => results.get(`${k.parentId}:${k.first}:${k.afterId}`)!);
      },
      { cacheKeyFn: (k) => `${k.parentId}:${k.first}:${k.afterId}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
