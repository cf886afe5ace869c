// The Partners page costs a fixed number of SQL statements whatever the number of partners:
// every nested field reads through the request's DataLoaders (style rule 7).
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

const PARTNERS_PAGE = `{
  partners(first: 50) {
    nodes {
      id name
      parent { id }
      children(first: 5) { totalCount }
      accounts { id awsAccountId }
      resellerLinks { awsPayeeAccountIds resellerAccount { id } }
    }
  }
}`;
const MAX_STATEMENTS = 10;

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

  /** The statements the page costs, counted from just before the request to its answer. */
  async function measure(tenant: ParentTenant): Promise<{ count: number; nodes: PageNode[] }> {
    server.queries.length = 0;
    const res = await server.gql<{ partners: { nodes: PageNode[] } }>(
      PARTNERS_PAGE,
      {},
      tenant.sysAdminToken,
    );
    const count = server.queries.length;
    return { count, nodes: expectData(res).partners.nodes };
  }

  beforeAll(async () => {
    // No billing worker: its polling would land inside the counted window.
    server = await startTestServer({ backgroundWork: false });
    tenants.set(10, await tenantWith(10));
    tenants.set(50, await tenantWith(50));
  });
  afterAll(() => server.stop());

  it("should cost the same number of statements, at most 10, when the page has 10 or 50 Children", async () => {
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
});
