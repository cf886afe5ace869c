// The Partners page costs a fixed number of SQL statements whatever the number of partners:
// every nested field reads through the request's DataLoaders (style rule 7). And it costs no
// statement for what it does not select: no partners count without `totalCount`, no page of
// Children for `children { totalCount }`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ParentTenant,
  awsId,
  awsIds,
  createAccount,
  createChild,
  createLink,
  createParentTenant,
  expectData,
} from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";

// The session, the page, one count of Children, accounts, links, payees, reseller accounts.
const MAX_STATEMENTS = 7;

/** The Partners page at `first`, with `extra` also selected on the partners connection. */
function partnersPage(first: number, extra = ""): string {
  return `{
    partners(first: ${first}) {
      ${extra}
      nodes {
        id name
        parent { id }
        children(first: 5) { totalCount }
        accounts { id awsAccountId }
        resellerLinks { awsPayeeAccountIds resellerAccount { id } }
      }
    }
  }`;
}

interface PageNode {
  id: string;
  name: string;
  parent: { id: string } | null;
  children: { totalCount: number };
  accounts: { id: string; awsAccountId: string | null }[];
  resellerLinks: { awsPayeeAccountIds: string[]; resellerAccount: { id: string } }[];
}

describe("partners page statement count", () => {
  let server: TestServer;
  const tenants = new Map<number, ParentTenant>();

  /** A Parent with `size` reseller Children, each with an account fed by a link with two payees. */
  async function tenantWith(size: number): Promise<ParentTenant> {
    const tenant = await createParentTenant(server, `n${size}`);
    for (let i = 0; i < size; i++) {
      const child = await createChild(server, tenant.sysAdminToken, {
        name: `N${size} Child ${i}`,
        parentId: tenant.parentId,
      });
      const account = await createAccount(server, tenant.sysAdminToken, {
        partnerId: child.id,
        name: "Receiving",
        awsAccountId: awsId(),
      });
      await createLink(server, tenant, child.id, awsIds(2), account.id);
    }
    return tenant;
  }

  /** The statements an operation costs, counted from just before the request to its answer. */
  async function measureOperation<T>(
    document: string,
    tenant: ParentTenant,
    variables: Record<string, unknown> = {},
  ): Promise<{ count: number; data: T }> {
    server.queries.length = 0;
    const res = await server.gql<T>(document, variables, tenant.sysAdminToken);
    const count = server.queries.length;
    return { count, data: expectData(res) };
  }

  /** The statements the page costs, counted from just before the request to its answer. */
  async function measure(tenant: ParentTenant): Promise<{ count: number; nodes: PageNode[] }> {
    const { count, data } = await measureOperation<{ partners: { nodes: PageNode[] } }>(
      partnersPage(50),
      tenant,
    );
    return { count, nodes: data.partners.nodes };
  }

  beforeAll(async () => {
    // No billing worker: its polling would land inside the counted window.
    server = await startTestServer({ backgroundWork: false });
    tenants.set(10, await tenantWith(10));
    tenants.set(50, await tenantWith(50));
  });
  afterAll(() => server.stop());

  it("should cost the same number of statements, at most 7, when the page has 10 or 50 Children", async () => {
    const small = await measure(tenants.get(10)!);
    const large = await measure(tenants.get(50)!);

    // The pages are complete: the loaders returned every nested row.
    expect(small.nodes).toHaveLength(11);
    expect(large.nodes).toHaveLength(50);
    for (const [size, page] of [
      [10, small],
      [50, large],
    ] as const) {
      const [parent, ...children] = page.nodes;
      expect(parent?.children.totalCount).toBe(size);
      expect(parent?.resellerLinks).toHaveLength(size);
      for (const child of children) {
        expect(child.parent?.id).toBe(parent?.id);
        expect(child.accounts).toHaveLength(1);
        expect(child.resellerLinks).toEqual([
          {
            awsPayeeAccountIds: expect.any(Array) as unknown,
            resellerAccount: { id: child.accounts[0]!.id },
          },
        ]);
        expect(child.resellerLinks[0]!.awsPayeeAccountIds).toHaveLength(2);
      }
    }

    expect(large.count, `statements: ${large.count} for 50 Children, ${small.count} for 10`).toBe(
      small.count,
    );
    expect(large.count, `statements: ${large.count}`).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it("should send no COUNT of partners when the page does not select totalCount, and count right when it does", async () => {
    for (const size of [10, 50]) {
      for (const first of [10, 50]) {
        type Page = { partners: { totalCount?: number; nodes: PageNode[] } };
        const without = await measureOperation<Page>(partnersPage(first), tenants.get(size)!);
        const withTotal = await measureOperation<Page>(
          partnersPage(first, "totalCount"),
          tenants.get(size)!,
        );
        const counts = `statements for ${size} Children, first: ${first}: ${without.count} without totalCount, ${withTotal.count} with it`;

        expect(without.count, counts).toBeLessThan(withTotal.count);
        expect(withTotal.count, counts).toBe(without.count + 1);
        expect(without.count, counts).toBeLessThanOrEqual(MAX_STATEMENTS);
        // The Parent and its Children, on every page; the other tenant's partners are not counted.
        expect(withTotal.data.partners.totalCount).toBe(size + 1);
        expect(without.data.partners).not.toHaveProperty("totalCount");
        for (const page of [without, withTotal]) {
          expect(page.data.partners.nodes).toHaveLength(Math.min(first, size + 1));
          expect(page.data.partners.nodes[0]?.children.totalCount).toBe(size);
        }
      }
    }
  });

  it("should read no page of Children for children { totalCount }, and the same total with one", async () => {
    type Page = {
      partners: {
        nodes: {
          children: {
            totalCount: number;
            nodes?: { id: string }[];
            pageInfo?: { hasNextPage: boolean };
          };
        }[];
      };
    };
    const tenant = tenants.get(50)!;
    const countOnly = await measureOperation<Page>(
      `{ partners(first: 50) { nodes { children(first: 5) { totalCount } } } }`,
      tenant,
    );
    const withPage = await measureOperation<Page>(
      `{ partners(first: 50) { nodes { children(first: 5) { totalCount nodes { id } pageInfo { hasNextPage } } } } }`,
      tenant,
    );

    expect(countOnly.count, `${countOnly.count} vs ${withPage.count}`).toBeLessThan(withPage.count);
    const [parent, ...children] = countOnly.data.partners.nodes;
    expect(parent?.children).toEqual({ totalCount: 50 });
    // A Child has no Children, whatever is selected.
    for (const child of children) expect(child.children).toEqual({ totalCount: 0 });
    const [pagedParent] = withPage.data.partners.nodes;
    expect(pagedParent?.children.totalCount).toBe(50);
    expect(pagedParent?.children.nodes).toHaveLength(5);
    expect(pagedParent?.children.pageInfo).toEqual({ hasNextPage: true });
  });

  it("should count partners selected through a fragment, an alias or @include, and not when @include is false", async () => {
    const tenant = tenants.get(10)!;
    type Page = {
      partners: {
        total?: number;
        count?: number;
        nodes: { id: string; kids: { n: number } }[];
      };
    };
    const document = `query($withTotal: Boolean!) {
      partners(first: 50) {
        ...Total @include(if: $withTotal)
        ... on PartnerConnection @include(if: $withTotal) { count: totalCount }
        nodes { id kids: children(first: 5) { ...ChildCount } }
      }
    }
    fragment Total on PartnerConnection { total: totalCount }
    fragment ChildCount on PartnerConnection { n: totalCount }`;

    const included = await measureOperation<Page>(document, tenant, { withTotal: true });
    const skipped = await measureOperation<Page>(document, tenant, { withTotal: false });

    expect(included.data.partners.total).toBe(11);
    expect(included.data.partners.count).toBe(11);
    expect(skipped.data.partners).not.toHaveProperty("total");
    expect(skipped.count, `${skipped.count} vs ${included.count}`).toBe(included.count - 1);
    for (const page of [included, skipped]) {
      expect(page.data.partners.nodes).toHaveLength(11);
      expect(page.data.partners.nodes[0]?.kids).toEqual({ n: 10 });
    }
  });

  it("should read no page of partners when an operation selects only totalCount", async () => {
    const tenant = tenants.get(50)!;
    const countOnly = await measureOperation<{ partners: { totalCount: number } }>(
      `{ partners(first: 10) { totalCount } }`,
      tenant,
    );
    const withPage = await measureOperation<{
      partners: { totalCount: number; nodes: { id: string }[] };
    }>(`{ partners(first: 10) { totalCount nodes { id } } }`, tenant);

    expect(countOnly.count, `${countOnly.count} vs ${withPage.count}`).toBe(withPage.count - 1);
    expect(countOnly.data.partners).toEqual({ totalCount: 51 });
    expect(withPage.data.partners.totalCount).toBe(51);
    expect(withPage.data.partners.nodes).toHaveLength(10);
  });
});
