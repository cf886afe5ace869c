import {
  type PartnerLevel,
  type PartnerScope,
  assertUnreachable,
  checkHierarchy,
  planChildPartner,
  planParentPartner,
} from "@reseller/domain";
import { type SelectQueryBuilder } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { unwrap } from "../../graphql/errors.js";
import { PartnerEntity } from "../../persistence/entities/index.js";
import { encodeCursor } from "../common/page.js";
import { partnerRefOf } from "../common/visibility.js";
import { type CreatedUser, type UserService } from "../users/user.service.js";
import { type CreateParentPartnerInput, type CreatePartnerInput } from "./partner.input.js";

export interface PartnerPage {
  rows: PartnerEntity[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Which partners a list matches, over all pages. */
export interface PartnerFilter {
  level: PartnerLevel | null;
  search: string | null;
}

export interface PartnerListQuery extends PartnerFilter {
  first: number;
  afterId: number;
}

/** Restricts a partner query to what the scope may see (rule 3), in SQL. */
function applyScope(
  query: SelectQueryBuilder<PartnerEntity>,
  scope: PartnerScope,
): SelectQueryBuilder<PartnerEntity> {
  switch (scope.kind) {
    case "ALL":
      return query;
    case "FAMILY":
      return query.andWhere("(p.id = :scopeParent OR p.parent_id = :scopeParent)", {
        scopeParent: Number(scope.parentId),
      });
    case "OWN":
      return query.andWhere("p.id = :scopeOwn", { scopeOwn: Number(scope.partnerId) });
    case "NONE":
      return query.andWhere("1 = 0");
    default:
      return assertUnreachable(scope);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class PartnerService {
  constructor(
    private readonly deps: AppDeps,
    private readonly users: UserService,
  ) {}

  /**
   * One page of the partners the scope may see, oldest first. It does not count them: a caller
   * that needs the total over all pages asks `count`, so a page that does not show it costs no
   * COUNT query.
   */
  async list(scope: PartnerScope, query: PartnerListQuery): Promise<PartnerPage> {
    const rows = await this.filtered(scope, query)
      .andWhere("p.id > :afterId", { afterId: query.afterId })
      .orderBy("p.id", "ASC")
      .take(query.first + 1)
      .getMany();
    const page = rows.slice(0, query.first);
    const last = page.at(-1);
    return {
      rows: page,
      hasNextPage: rows.length > query.first,
      endCursor: last ? encodeCursor(last.id) : null,
    };
  }

  /** How many partners the scope may see match the filter, over all pages. */
  async count(scope: PartnerScope, filter: PartnerFilter): Promise<number> {
    return this.filtered(scope, filter).getCount();
  }

  /** The partners the scope may see that match the filter (rule 3), in SQL. */
  private filtered(scope: PartnerScope, filter: PartnerFilter): SelectQueryBuilder<PartnerEntity> {
    const query = applyScope(
      this.deps.dataSource.getRepository(PartnerEntity).createQueryBuilder("p"),
      scope,
    );
    if (filter.level) query.andWhere("p.level = :level", { level: filter.level });
    const search = filter.search?.trim();
    if (search)
      query.andWhere("LOWER(p.name) LIKE :pattern ESCAPE '\\'", {
        pattern: `%${escapeLike(search.toLowerCase())}%`,
      });
    return query;
  }

  async createParent(viewer: ViewerIdentity, input: CreateParentPartnerInput) {
    const plan = unwrap(planParentPartner(viewer.actor, input));
    const passwordHash = await this.users.hashFor(plan.sysAdmin, "input.sysAdmin.password");
    const result = await this.deps.tx.run(async (m) => {
      const partner = await m.save(
        m.create(PartnerEntity, {
          name: plan.name,
          email: plan.email,
          level: "PARENT",
          parentId: null,
          isReseller: false,
          createdAt: this.deps.now(),
        }),
      );
      const sysAdmin = await this.users.insert(
        m,
        plan.sysAdmin,
        partner.id,
        passwordHash,
        "input.sysAdmin.email",
        viewer.user.id,
      );
      return { partner, initialUser: sysAdmin };
    });
    await this.users.afterCommit(result.initialUser);
    return result;
  }

  async createChild(viewer: ViewerIdentity, input: CreatePartnerInput) {
    const plan = unwrap(planChildPartner(viewer.actor, input));
    const parent = viewer.partner!;
    // A broken hierarchy here is a bug, not bad input: checkHierarchy throws.
    checkHierarchy({ level: plan.level, parentId: plan.parentId }, partnerRefOf(parent));
    const passwordHash = plan.initialUser
      ? await this.users.hashFor(plan.initialUser, "input.initialUser.password")
      : null;
    const result = await this.deps.tx.run(async (m) => {
      const partner = await m.save(
        m.create(PartnerEntity, {
          name: plan.name,
          email: plan.email,
          level: "CHILD",
          parentId: parent.id,
          isReseller: plan.isReseller,
          createdAt: this.deps.now(),
        }),
      );
      let initialUser: CreatedUser | null = null;
      if (plan.initialUser) {
        initialUser = await this.users.insert(
          m,
          plan.initialUser,
          partner.id,
          passwordHash,
          "input.initialUser.email",
          viewer.user.id,
        );
      }
      return { partner, initialUser };
    });
    await this.users.afterCommit(result.initialUser);
    return result;
  }
}
