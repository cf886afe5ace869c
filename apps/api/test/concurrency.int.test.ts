// Racing writers: the one-link-per-payee rule and unique user emails hold when 20 requests
// arrive at once, and a losing request leaves nothing half-written behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_LINK,
  type CreatedLink,
  type ParentTenant,
  awsId,
  createChild,
  createParentTenant,
  errorOf,
  expectData,
} from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";

const RACERS = 20;

interface ChildRow {
  id: string;
  name: string;
  accounts: { id: string }[];
  resellerLinks: { id: string }[];
}

describe("concurrent writers", () => {
  let server: TestServer;
  let tenant: ParentTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await createParentTenant(server, "race");
  });
  afterAll(() => server.stop());

  async function children(search: string): Promise<{ totalCount: number; nodes: ChildRow[] }> {
    return expectData(
      await server.gql<{ partners: { totalCount: number; nodes: ChildRow[] } }>(
        `query($search: String) { partners(level: CHILD, search: $search, first: 100) { totalCount nodes { id name accounts { id } resellerLinks { id } } } }`,
        { search },
        tenant.sysAdminToken,
      ),
    ).partners;
  }

  it("should let exactly one link claim a payee when 20 links claim it at once", async () => {
    const childIds: string[] = [];
    for (let i = 0; i < RACERS; i++) {
      childIds.push(
        (
          await createChild(server, tenant.sysAdminToken, {
            name: `Payee Racer ${i}`,
            parentId: tenant.parentId,
          })
        ).id,
      );
    }
    const payee = awsId();

    const results = await Promise.all(
      childIds.map((childId) =>
        server.gql<{ createResellerLink: CreatedLink }>(
          CREATE_LINK,
          {
            input: {
              masterPayerAccountId: tenant.masterPayerAccountId,
              resellerPartnerId: childId,
              awsPayerAccountId: tenant.payerId,
              awsPayeeAccountIds: [payee],
            },
          },
          tenant.sysAdminToken,
        ),
      ),
    );

    const winners = results.filter((res) => !res.body.errors?.length);
    expect(winners).toHaveLength(1);
    const winner = expectData(winners[0]!).createResellerLink;
    expect(winner.awsPayeeAccountIds).toEqual([payee]);
    const losers = results.filter((res) => res.body.errors?.length).map(errorOf);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers) {
      expect(loser).toMatchObject({
        code: "CONFLICT",
        reason: "PAYEE_ALREADY_LINKED",
        details: { payee, linkId: winner.id },
      });
    }

    // Exactly one link holds the payee, and no loser left a receiving account behind.
    const links = expectData(
      await server.gql<{
        partner: { resellerLinks: { id: string; awsPayeeAccountIds: string[] }[] };
      }>(
        `query($id: ID!) { partner(id: $id) { resellerLinks { id awsPayeeAccountIds } } }`,
        { id: tenant.parentId },
        tenant.sysAdminToken,
      ),
    ).partner.resellerLinks;
    expect(
      links.filter((link) => link.awsPayeeAccountIds.includes(payee)).map((link) => link.id),
    ).toEqual([winner.id]);
    const racers = (await children("Payee Racer")).nodes;
    expect(racers).toHaveLength(RACERS);
    expect(racers.flatMap((c) => c.accounts)).toEqual([{ id: winner.resellerAccount.id }]);
    expect(racers.flatMap((c) => c.resellerLinks)).toEqual([{ id: winner.id }]);
  });

  it("should create exactly one Child when 20 Children ask for the same initial user email at once", async () => {
    const email = "contested-admin@example.test";
    const totalBefore = (await children("")).totalCount;
    const linksBefore = server.outboxLinks().length;

    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        server.gql<{
          createPartner: {
            partner: { id: string };
            initialUser: { email: string; status: string };
          };
        }>(
          `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } initialUser { email status } } }`,
          {
            input: {
              name: `Email Racer ${i}`,
              email: `racer-${i}@example.test`,
              initialUser: { email },
              reseller: { parentPartnerId: tenant.parentId },
            },
          },
          tenant.sysAdminToken,
        ),
      ),
    );

    const winners = results.filter((res) => !res.body.errors?.length);
    expect(winners).toHaveLength(1);
    const winner = expectData(winners[0]!).createPartner;
    expect(winner.initialUser).toEqual({ email, status: "PENDING_ACTIVATION" });
    const losers = results.filter((res) => res.body.errors?.length).map(errorOf);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers) {
      expect(loser).toMatchObject({
        code: "CONFLICT",
        reason: "EMAIL_TAKEN",
        field: "input.initialUser.email",
        value: email,
      });
    }

    // No half-created Child: one more partner, the winner, and one activation email.
    const after = await children("");
    expect(after.totalCount).toBe(totalBefore + 1);
    expect((await children("Email Racer")).nodes.map((c) => c.id)).toEqual([winner.partner.id]);
    expect(server.outboxLinks()).toHaveLength(linksBefore + 1);
  });
});
