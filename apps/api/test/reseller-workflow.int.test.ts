// The help page "Set Up Reseller Links for AWS in CloudCheckr", end to end through GraphQL:
// Step 1 creates the reseller Child partner, Step 2 links it to the Parent's master payer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activationTokenOf, awsId, awsIds, errorOf, expectData } from "./support/fixtures.js";
import { OPERATOR, startTestServer, type TestServer } from "./support/harness.js";

interface PartnerRow {
  id: string;
  name: string;
  level: "PARENT" | "CHILD";
  isReseller: boolean;
  parent: { id: string } | null;
}
interface PartnersPage {
  partners: { totalCount: number; nodes: PartnerRow[] };
}
interface UserRow {
  id: string;
  email: string;
  role: string;
  status: string;
}

const PARTNERS = `{ partners { totalCount nodes { id name level isReseller parent { id } } } }`;
const SYS_ADMIN = { email: "ops@distributor.example", password: "distributor-admin-pw-1" };
const CHILD_ADMIN = { email: "admin@acme-cloud.example", password: "acme-chose-this-pw-7" };

describe("reseller workflow of the help page", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("should let the Child's initial user see only its own partner when a Partner Sys Admin sets up a reseller link", async () => {
    // Prerequisite: "Your CloudCheckr contact will first create a Partner Sys Admin user in your Parent partner."
    const operatorToken = await server.login(OPERATOR.email, OPERATOR.password);
    expectData(
      await server.gql(
        `mutation($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }`,
        {
          input: {
            name: "Distributor Inc",
            email: "billing@distributor.example",
            sysAdmin: { email: SYS_ADMIN.email, password: SYS_ADMIN.password },
          },
        },
        operatorToken,
      ),
    );

    // Step 1.1-1.3: log in, open the Partners page, write down the Parent partner's ID.
    const adminToken = await server.login(SYS_ADMIN.email, SYS_ADMIN.password);
    const before = expectData(await server.gql<PartnersPage>(PARTNERS, {}, adminToken)).partners;
    expect(before.totalCount).toBe(1);
    const parent = before.nodes.find((p) => p.level === "PARENT");
    expect(parent).toMatchObject({ name: "Distributor Inc", parent: null });
    const parentId = parent!.id;

    // Step 1.4-1.7: + NEW PARTNER with a name and email, an initial user with a blank password,
    // and "This partner is a reseller" with the Parent's ID.
    const created = expectData(
      await server.gql<{ createPartner: { partner: PartnerRow; initialUser: UserRow | null } }>(
        `mutation($input: CreatePartnerInput!) {
          createPartner(input: $input) { partner { id name level isReseller parent { id } } initialUser { id email role status } }
        }`,
        {
          input: {
            name: "Acme Cloud",
            email: "finance@acme-cloud.example",
            initialUser: { email: CHILD_ADMIN.email, password: "" },
            reseller: { parentPartnerId: parentId },
          },
        },
        adminToken,
      ),
    ).createPartner;
    expect(created.partner).toMatchObject({
      name: "Acme Cloud",
      level: "CHILD",
      isReseller: true,
      parent: { id: parentId },
    });
    expect(created.initialUser).toMatchObject({
      email: CHILD_ADMIN.email,
      role: "ADMINISTRATOR",
      status: "PENDING_ACTIVATION",
    });

    // Step 1.8-1.9: refresh the page; the Child is listed; write down its ID.
    const after = expectData(await server.gql<PartnersPage>(PARTNERS, {}, adminToken)).partners;
    expect(after.totalCount).toBe(2);
    const child = after.nodes.find((p) => p.name === "Acme Cloud");
    expect(child).toMatchObject({ level: "CHILD", parent: { id: parentId } });
    const childId = child!.id;

    // The Parent's master payer account: its id is the Master-Payer section's "Project ID".
    const payerId = awsId();
    const masterPayer = expectData(
      await server.gql<{ createAccount: { id: string; isMasterPayer: boolean } }>(
        `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id isMasterPayer } }`,
        {
          input: {
            partnerId: parentId,
            name: "Distributor master payer",
            awsAccountId: payerId,
            isMasterPayer: true,
          },
        },
        adminToken,
      ),
    ).createAccount;
    expect(masterPayer.isMasterPayer).toBe(true);

    // Step 2: + New Reseller Link; Reseller Account ID left at 0 and history at "Reset all history".
    const payees = awsIds(2);
    const link = expectData(
      await server.gql<{
        createResellerLink: {
          id: string;
          history: string;
          awsPayerAccountId: string;
          awsPayeeAccountIds: string[];
          masterPayerAccount: { id: string };
          resellerPartner: { id: string };
          resellerAccount: { id: string; partner: { id: string } };
        };
      }>(
        `mutation($input: CreateResellerLinkInput!) {
          createResellerLink(input: $input) {
            id history awsPayerAccountId awsPayeeAccountIds
            masterPayerAccount { id } resellerPartner { id } resellerAccount { id partner { id } }
          }
        }`,
        {
          input: {
            masterPayerAccountId: masterPayer.id,
            resellerPartnerId: childId,
            awsPayerAccountId: payerId,
            awsPayeeAccountIds: payees,
          },
        },
        adminToken,
      ),
    ).createResellerLink;
    expect(link).toMatchObject({
      history: "RESET_ALL_HISTORY",
      awsPayerAccountId: payerId,
      awsPayeeAccountIds: payees,
      masterPayerAccount: { id: masterPayer.id },
      resellerPartner: { id: childId },
      resellerAccount: { partner: { id: childId } },
    });
    // The Reseller Settings page of the Parent lists the link.
    const settings = expectData(
      await server.gql<{ partner: { resellerLinks: { id: string }[] } }>(
        `query($id: ID!) { partner(id: $id) { resellerLinks { id } } }`,
        { id: parentId },
        adminToken,
      ),
    );
    expect(settings.partner.resellerLinks.map((l) => l.id)).toEqual([link.id]);

    // The initial user cannot sign in before activating, and was emailed one activation link.
    expect(
      errorOf(
        await server.gql(
          `mutation { login(email: "${CHILD_ADMIN.email}", password: "${CHILD_ADMIN.password}") { token } }`,
        ),
      ).code,
    ).toBe("UNAUTHENTICATED");
    const links = server.outboxLinks();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(
      /^http:\/\/console\.example\.test\/activate\?token=rca_[A-Za-z0-9_-]{43}$/,
    );
    const activated = expectData(
      await server.gql<{ activateUser: { user: UserRow } }>(
        `mutation($token: String!, $password: String!) { activateUser(token: $token, password: $password) { token user { id email role status } } }`,
        { token: activationTokenOf(links[0]!), password: CHILD_ADMIN.password },
      ),
    ).activateUser;
    expect(activated.user).toMatchObject({ email: CHILD_ADMIN.email, status: "ACTIVE" });

    // The Child's administrator sees its own partner and nothing of the Parent's.
    const childToken = await server.login(CHILD_ADMIN.email, CHILD_ADMIN.password);
    const own = expectData(await server.gql<PartnersPage>(PARTNERS, {}, childToken)).partners;
    expect(own.totalCount).toBe(1);
    expect(own.nodes).toEqual([
      { id: childId, name: "Acme Cloud", level: "CHILD", isReseller: true, parent: null },
    ]);
    const hidden = expectData(
      await server.gql<{
        parent: unknown;
        link: unknown;
        masterPayer: unknown;
        receiving: { id: string } | null;
      }>(
        `query($parentId: ID!, $linkId: ID!, $masterPayerId: ID!, $receivingId: ID!) {
          parent: partner(id: $parentId) { id }
          link: resellerLink(id: $linkId) { id }
          masterPayer: account(id: $masterPayerId) { id }
          receiving: account(id: $receivingId) { id }
        }`,
        {
          parentId,
          linkId: link.id,
          masterPayerId: masterPayer.id,
          receivingId: link.resellerAccount.id,
        },
        childToken,
      ),
    );
    expect(hidden).toEqual({
      parent: null,
      link: null,
      masterPayer: null,
      receiving: { id: link.resellerAccount.id },
    });
  });
});
