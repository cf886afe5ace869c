// Every operation of the core contract over real HTTP: its happy path and each error code it
// can answer with. Every rejected call is also checked to have written nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CREATE_LINK,
  PASSWORD,
  type CreatedLink,
  type ParentTenant,
  type Tenant,
  activationTokenOf,
  awsId,
  awsIds,
  createAccount,
  createChild,
  createLink,
  createParentTenant,
  createTenant,
  errorOf,
  expectData,
  expectNoWrites,
} from "./support/fixtures.js";
import { OPERATOR, startTestServer, type TestServer } from "./support/harness.js";

interface Connection<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface PartnerNode {
  id: string;
  name: string;
  level: "PARENT" | "CHILD";
}
interface UserNode {
  id: string;
  email: string;
  role: string;
  status: string;
  partner: { id: string } | null;
}
interface AuthPayload {
  token: string;
  expiresAt: string;
  user: UserNode;
}

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt user { id email role status partner { id } } }
}`;
const VIEWER = `{ viewer { user { id email role status } partner { id name level } } }`;
const ACTIVATE = `mutation Activate($token: String!, $password: String!) {
  activateUser(token: $token, password: $password) { token expiresAt user { id email role status partner { id } } }
}`;
const PARTNERS = `query Partners($level: PartnerLevel, $search: String, $first: Int, $after: String) {
  partners(level: $level, search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name level }
  }
}`;
const PARTNER = `query Partner($id: ID!) {
  partner(id: $id) { id name email level isReseller parent { id } accounts { id } users { email } resellerLinks { id } }
}`;
const ACCOUNT = `query Account($id: ID!) { account(id: $id) { id name awsAccountId isMasterPayer partner { id } } }`;
const LINK = `query Link($id: ID!) {
  resellerLink(id: $id) {
    id awsPayerAccountId awsPayeeAccountIds history
    masterPayerAccount { id } resellerPartner { id } resellerAccount { id }
  }
}`;
const CREATE_PARENT = `mutation CreateParent($input: CreateParentPartnerInput!) {
  createParentPartner(input: $input) {
    partner { id name level isReseller parent { id } }
    initialUser { id email role status partner { id } }
  }
}`;
const CREATE_PARTNER = `mutation CreatePartner($input: CreatePartnerInput!) {
  createPartner(input: $input) {
    partner { id name email level isReseller parent { id } }
    initialUser { id email role status partner { id } }
  }
}`;
const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) { id email role status partner { id } }
}`;
const CREATE_ACCOUNT = `mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { id name awsAccountId isMasterPayer partner { id } }
}`;
const UPDATE_LINK = `mutation UpdateLink($id: ID!, $input: UpdateResellerLinkInput!) {
  updateResellerLink(id: $id, input: $input) { id history awsPayeeAccountIds createdAt updatedAt }
}`;
const DELETE_LINK = `mutation DeleteLink($id: ID!) { deleteResellerLink(id: $id) }`;
const CREATE_API_KEY = `mutation CreateApiKey($name: String!) {
  createApiKey(name: $name) { secret apiKey { id name createdAt lastUsedAt } }
}`;
const REVOKE_API_KEY = `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }`;
const API_KEYS = `{ viewer { user { email } apiKeys { id name lastUsedAt } } }`;

/** A token of the right shape that no session, key or activation ever had. */
const unknownToken = (prefix: string) => `${prefix}${"A".repeat(43)}`;

let server: TestServer;
let operatorToken: string;
let tenant: Tenant;
let other: Tenant;
/** A USER (read-only role) of tenant's Child partner. */
let userToken: string;

/** The activation links a call caused to be emailed. */
async function emailedLinks<T>(action: () => Promise<T>): Promise<{ result: T; links: string[] }> {
  const before = new Set(server.outboxLinks());
  const result = await action();
  return { result, links: server.outboxLinks().filter((link) => !before.has(link)) };
}

async function partnerCount(token: string): Promise<number> {
  return expectData(
    await server.gql<{ partners: { totalCount: number } }>(
      `{ partners { totalCount } }`,
      {},
      token,
    ),
  ).partners.totalCount;
}

async function payeesOf(linkId: string): Promise<string[] | null> {
  const link = expectData(
    await server.gql<{ resellerLink: CreatedLink | null }>(
      LINK,
      { id: linkId },
      tenant.sysAdminToken,
    ),
  ).resellerLink;
  return link ? link.awsPayeeAccountIds : null;
}

/** The reads of one node by id, by their root field. */
const BY_ID = { partner: PARTNER, account: ACCOUNT, resellerLink: LINK } as const;

/** One node read by id: the node's fields, or null when the caller sees no such node. */
async function readById(field: keyof typeof BY_ID, id: string, token: string): Promise<unknown> {
  return expectData(await server.gql<Record<string, unknown>>(BY_ID[field], { id }, token))[field];
}

/**
 * The null answers of a read by id: for ids that name no node, asked by the operator (who may see
 * every node), and for another Parent's node, asked by this tenant's Partner Sys Admin.
 */
function itReturnsNullForIdsOutOfSight(
  field: keyof typeof BY_ID,
  missing: [label: string, id: string][],
  [noun, foreignId]: [noun: string, foreignId: () => string],
): void {
  it.each(missing)("should return null when the id is %s", async (_label, id) => {
    expect(await readById(field, id, operatorToken)).toBeNull();
  });

  it(`should return null when the ${noun} belongs to another Parent`, async () => {
    expect(await readById(field, foreignId(), tenant.sysAdminToken)).toBeNull();
  });
}

beforeAll(async () => {
  server = await startTestServer();
  operatorToken = await server.login(OPERATOR.email, OPERATOR.password);
  tenant = await createTenant(server, "ops-a");
  other = await createTenant(server, "ops-b");
  const userEmail = "ops-a-reader@example.test";
  expectData(
    await server.gql(
      CREATE_USER,
      { input: { partnerId: tenant.child.id, email: userEmail, role: "USER", password: PASSWORD } },
      tenant.child.adminToken,
    ),
  );
  userToken = await server.login(userEmail, PASSWORD);
});
afterAll(() => server.stop());

describe("without a token", () => {
  const calls: [string, string][] = [
    ["viewer", `{ viewer { user { id } } }`],
    ["partners", `{ partners { totalCount } }`],
    ["partner", `{ partner(id: "1") { id } }`],
    ["account", `{ account(id: "1") { id } }`],
    ["resellerLink", `{ resellerLink(id: "1") { id } }`],
    ["logout", `mutation { logout }`],
    [
      "createParentPartner",
      `mutation { createParentPartner(input: { name: "P", email: "p@example.test", sysAdmin: { email: "anon-psa@example.test" } }) { partner { id } } }`,
    ],
    [
      "createPartner",
      `mutation { createPartner(input: { name: "C", email: "c@example.test" }) { partner { id } } }`,
    ],
    [
      "createUser",
      `mutation { createUser(input: { partnerId: "1", email: "anon-user@example.test", role: USER }) { id } }`,
    ],
    ["createAccount", `mutation { createAccount(input: { partnerId: "1", name: "A" }) { id } }`],
    [
      "createResellerLink",
      `mutation { createResellerLink(input: { masterPayerAccountId: "1", resellerPartnerId: "2", awsPayerAccountId: "111111111111", awsPayeeAccountIds: ["222222222222"] }) { id } }`,
    ],
    [
      "updateResellerLink",
      `mutation { updateResellerLink(id: "1", input: { awsPayeeAccountIds: ["222222222222"] }) { id } }`,
    ],
    ["deleteResellerLink", `mutation { deleteResellerLink(id: "1") }`],
    ["createApiKey", `mutation { createApiKey(name: "anonymous") { secret } }`],
    ["revokeApiKey", `mutation { revokeApiKey(id: "1") }`],
  ];

  it.each(calls)(
    "should answer UNAUTHENTICATED when %s is called without a token",
    async (_name, query) => {
      const res = await expectNoWrites(server, () => server.gql(query));
      expect(errorOf(res).code).toBe("UNAUTHENTICATED");
      // Nullable root fields come back null; the others null the whole answer.
      for (const value of Object.values(res.body.data ?? {})) expect(value).toBeNull();
    },
  );
});

describe("viewer", () => {
  it("should return the caller and its partner when the token is a session", async () => {
    const data = expectData(
      await server.gql<{ viewer: { user: UserNode; partner: PartnerNode | null } }>(
        VIEWER,
        {},
        tenant.sysAdminToken,
      ),
    );
    expect(data.viewer.user).toMatchObject({
      email: tenant.sysAdminEmail,
      role: "PARTNER_SYS_ADMIN",
      status: "ACTIVE",
    });
    expect(data.viewer.partner).toMatchObject({ id: tenant.parentId, level: "PARENT" });
  });

  it("should return no partner when the caller is the operator", async () => {
    const data = expectData(
      await server.gql<{ viewer: { user: UserNode; partner: PartnerNode | null } }>(
        VIEWER,
        {},
        operatorToken,
      ),
    );
    expect(data.viewer.user).toMatchObject({ email: OPERATOR.email, role: "OPERATOR" });
    expect(data.viewer.partner).toBeNull();
  });

  it.each([
    ["garbage", "garbage"],
    ["an unknown session token", unknownToken("rcs_")],
    ["an unknown API key", unknownToken("rck_")],
  ])("should answer UNAUTHENTICATED with HTTP 401 when the token is %s", async (_label, token) => {
    const res = await expectNoWrites(server, () => server.gql(VIEWER, {}, token));
    expect(errorOf(res).code).toBe("UNAUTHENTICATED");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  describe("with a controllable clock", () => {
    let clockServer: TestServer;
    let now = new Date("2031-03-10T08:00:00.000Z");
    beforeAll(async () => {
      clockServer = await startTestServer({ now: () => now });
    });
    afterAll(() => clockServer.stop());

    it("should answer UNAUTHENTICATED when the session is 12 hours old", async () => {
      const signedInAt = now.getTime();
      const login = expectData(
        await clockServer.gql<{ login: AuthPayload }>(LOGIN, {
          email: OPERATOR.email,
          password: OPERATOR.password,
        }),
      );
      expect(new Date(login.login.expiresAt).getTime()).toBe(signedInAt + 12 * 3600_000);

      now = new Date(signedInAt + 12 * 3600_000 - 1000);
      expectData(await clockServer.gql(VIEWER, {}, login.login.token));

      now = new Date(signedInAt + 12 * 3600_000);
      const expired = await expectNoWrites(clockServer, () =>
        clockServer.gql(VIEWER, {}, login.login.token),
      );
      expect(errorOf(expired).code).toBe("UNAUTHENTICATED");
      expect(expired.status).toBe(401);
    });

    it("should reject an activation link when it is more than 48 hours old", async () => {
      const operator = await clockServer.login(OPERATOR.email, OPERATOR.password);
      const before = new Set(clockServer.outboxLinks());
      expectData(
        await clockServer.gql(
          CREATE_PARENT,
          {
            input: {
              name: "Late Parent",
              email: "late@example.test",
              sysAdmin: { email: "late-psa@example.test" },
            },
          },
          operator,
        ),
      );
      const [link] = clockServer.outboxLinks().filter((l) => !before.has(l));
      now = new Date(now.getTime() + 48 * 3600_000);
      const res = await expectNoWrites(clockServer, () =>
        clockServer.gql(ACTIVATE, {
          token: activationTokenOf(link!),
          password: "a-long-enough-password",
        }),
      );
      expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
    });
  });
});

describe("partners", () => {
  let paging: ParentTenant;
  const childIds: string[] = [];
  beforeAll(async () => {
    paging = await createParentTenant(server, "paging");
    for (let i = 1; i <= 5; i++)
      childIds.push(
        (
          await createChild(server, paging.sysAdminToken, {
            name: `Paging Child ${i}`,
            parentId: null,
          })
        ).id,
      );
  });

  it("should list the Parent and its Children only when the caller is a Partner Sys Admin", async () => {
    const data = expectData(
      await server.gql<{ partners: Connection<PartnerNode> }>(
        PARTNERS,
        { first: 100 },
        paging.sysAdminToken,
      ),
    );
    expect(data.partners.totalCount).toBe(6);
    expect(data.partners.nodes.map((n) => n.id)).toEqual([paging.parentId, ...childIds]);
    expect(data.partners.pageInfo.hasNextPage).toBe(false);
  });

  it("should filter by level when level is given", async () => {
    const children = expectData(
      await server.gql<{ partners: Connection<PartnerNode> }>(
        PARTNERS,
        { level: "CHILD" },
        paging.sysAdminToken,
      ),
    );
    expect(children.partners.totalCount).toBe(5);
    expect(children.partners.nodes.every((n) => n.level === "CHILD")).toBe(true);
    const parents = expectData(
      await server.gql<{ partners: Connection<PartnerNode> }>(
        PARTNERS,
        { level: "PARENT" },
        paging.sysAdminToken,
      ),
    );
    expect(parents.partners.nodes.map((n) => n.id)).toEqual([paging.parentId]);
  });

  it("should match names in any case when search is given", async () => {
    const data = expectData(
      await server.gql<{ partners: Connection<PartnerNode> }>(
        PARTNERS,
        { search: "pAgInG cHiLd 3" },
        paging.sysAdminToken,
      ),
    );
    expect(data.partners.totalCount).toBe(1);
    expect(data.partners.nodes[0]?.id).toBe(childIds[2]);
    // LIKE wildcards are matched literally.
    const wildcard = expectData(
      await server.gql<{ partners: Connection<PartnerNode> }>(
        PARTNERS,
        { search: "%" },
        paging.sysAdminToken,
      ),
    );
    expect(wildcard.partners.totalCount).toBe(0);
  });

  it("should walk every partner once when pages are followed through endCursor", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Connection<PartnerNode> = expectData(
        await server.gql<{ partners: Connection<PartnerNode> }>(
          PARTNERS,
          { first: 2, after },
          paging.sysAdminToken,
        ),
      ).partners;
      pages += 1;
      expect(page.totalCount).toBe(6);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.nodes).toHaveLength(2);
      after = page.pageInfo.endCursor;
      expect(after).toBeTruthy();
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([paging.parentId, ...childIds]);
  });

  it("should answer BAD_USER_INPUT on first when first is over 100", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(PARTNERS, { first: 101 }, paging.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "first", value: 101 });
  });

  it("should answer BAD_USER_INPUT on first when first is negative", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(PARTNERS, { first: -1 }, paging.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it.each([
    ["not-a-cursor"],
    [Buffer.from("id:abc").toString("base64url")],
    [Buffer.from("offset:3").toString("base64url")],
  ])("should answer BAD_USER_INPUT on after when the cursor is %s", async (cursor) => {
    const res = await expectNoWrites(server, () =>
      server.gql(PARTNERS, { after: cursor }, paging.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("partner", () => {
  it("should return a Child with its Parent when the caller is the Parent's Partner Sys Admin", async () => {
    expect(await readById("partner", tenant.child.id, tenant.sysAdminToken)).toMatchObject({
      id: tenant.child.id,
      level: "CHILD",
      isReseller: true,
      parent: { id: tenant.parentId },
    });
  });

  itReturnsNullForIdsOutOfSight(
    "partner",
    [
      ["an unknown id", "999999"],
      ["a non-numeric id", "abc"],
      ["zero", "0"],
    ],
    ["partner", () => other.child.id],
  );
});

describe("account", () => {
  it("should return the account when the caller may see its partner", async () => {
    expect(
      await readById("account", tenant.masterPayerAccountId, tenant.sysAdminToken),
    ).toMatchObject({
      id: tenant.masterPayerAccountId,
      awsAccountId: tenant.payerId,
      isMasterPayer: true,
      partner: { id: tenant.parentId },
    });
  });

  itReturnsNullForIdsOutOfSight(
    "account",
    [
      ["an unknown id", "999999"],
      ["a non-numeric id", "x1"],
    ],
    ["account", () => other.masterPayerAccountId],
  );
});

describe("resellerLink", () => {
  it("should return the link with its edges when the caller is the Parent's Partner Sys Admin", async () => {
    expect(await readById("resellerLink", tenant.linkId, tenant.sysAdminToken)).toMatchObject({
      id: tenant.linkId,
      awsPayerAccountId: tenant.payerId,
      awsPayeeAccountIds: tenant.payees,
      history: "RESET_ALL_HISTORY",
      masterPayerAccount: { id: tenant.masterPayerAccountId },
      resellerPartner: { id: tenant.child.id },
      resellerAccount: { id: tenant.child.accountId },
    });
  });

  itReturnsNullForIdsOutOfSight(
    "resellerLink",
    [
      ["an unknown id", "999999"],
      ["a non-numeric id", "link-1"],
    ],
    ["link", () => other.linkId],
  );
});

describe("login", () => {
  it("should return a 12-hour session when the email and password are right", async () => {
    const before = Date.now();
    const data = expectData(
      await server.gql<{ login: AuthPayload }>(LOGIN, {
        email: `  ${tenant.sysAdminEmail.toUpperCase()} `,
        password: PASSWORD,
      }),
    );
    expect(data.login.user).toMatchObject({
      email: tenant.sysAdminEmail,
      role: "PARTNER_SYS_ADMIN",
      partner: { id: tenant.parentId },
    });
    const expiresAt = new Date(data.login.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600_000);
    const viewer = expectData(
      await server.gql<{ viewer: { user: UserNode } }>(VIEWER, {}, data.login.token),
    );
    expect(viewer.viewer.user.email).toBe(tenant.sysAdminEmail);
  });

  it("should answer the same UNAUTHENTICATED when the password is wrong or the email unknown", async () => {
    const wrongPassword = await expectNoWrites(server, () =>
      server.gql(LOGIN, { email: tenant.sysAdminEmail, password: "wrong-password-123" }),
    );
    const unknownEmail = await expectNoWrites(server, () =>
      server.gql(LOGIN, { email: "nobody-at-all@example.test", password: "wrong-password-123" }),
    );
    expect(errorOf(wrongPassword).code).toBe("UNAUTHENTICATED");
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(unknownEmail.status).toBe(wrongPassword.status);
  });

  it("should answer UNAUTHENTICATED when the user has not activated yet", async () => {
    const email = "ops-a-pending@example.test";
    expectData(
      await server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email, role: "USER" } },
        tenant.child.adminToken,
      ),
    );
    const res = await expectNoWrites(server, () => server.gql(LOGIN, { email, password: "" }));
    expect(errorOf(res).code).toBe("UNAUTHENTICATED");
  });

  describe("with a limit of 5 failures", () => {
    let limited: TestServer;
    beforeAll(async () => {
      limited = await startTestServer({ rateLimits: { loginFailures: 5 } });
    });
    afterAll(() => limited.stop());

    it("should answer RATE_LIMITED even to the right password when 5 sign-ins failed", async () => {
      for (let i = 0; i < 5; i++) {
        const failed = await expectNoWrites(limited, () =>
          limited.gql(LOGIN, { email: OPERATOR.email, password: `wrong-password-${i}` }),
        );
        expect(errorOf(failed).code).toBe("UNAUTHENTICATED");
      }
      const res = await expectNoWrites(limited, () =>
        limited.gql(LOGIN, { email: OPERATOR.email, password: OPERATOR.password }),
      );
      expect(errorOf(res).code).toBe("RATE_LIMITED");
      expect(errorOf(res).retryAfterSeconds).toBeGreaterThan(0);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });
});

describe("logout", () => {
  it("should end the calling session only when it is called with that session's token", async () => {
    const token = await server.login(tenant.sysAdminEmail, PASSWORD);
    expect(
      expectData(await server.gql<{ logout: boolean }>(`mutation { logout }`, {}, token)).logout,
    ).toBe(true);
    const res = await expectNoWrites(server, () => server.gql(VIEWER, {}, token));
    expect(errorOf(res).code).toBe("UNAUTHENTICATED");
    expect(res.status).toBe(401);
    // The user's other sessions go on working.
    expectData(await server.gql(VIEWER, {}, tenant.sysAdminToken));
  });

  it("should keep an API key working when logout is called with it", async () => {
    const { secret } = expectData(
      await server.gql<{ createApiKey: { secret: string } }>(
        CREATE_API_KEY,
        { name: "logout" },
        tenant.sysAdminToken,
      ),
    ).createApiKey;
    expect(
      expectData(await server.gql<{ logout: boolean }>(`mutation { logout }`, {}, secret)).logout,
    ).toBe(false);
    expectData(await server.gql(VIEWER, {}, secret));
  });
});

describe("activateUser", () => {
  const email = "ops-a-invitee@example.test";
  let activationToken: string;
  beforeAll(async () => {
    const { result, links } = await emailedLinks(() =>
      server.gql<{ createUser: UserNode }>(
        CREATE_USER,
        { input: { partnerId: tenant.parentId, email, role: "USER" } },
        tenant.sysAdminToken,
      ),
    );
    expect(expectData(result).createUser.status).toBe("PENDING_ACTIVATION");
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^http:\/\/console\.example\.test\/activate\?token=/);
    activationToken = activationTokenOf(links[0]!);
  });

  it("should answer BAD_USER_INPUT on password when the password breaks the policy", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(ACTIVATE, { token: activationToken, password: "short" }),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "password",
      reason: "PASSWORD_POLICY",
    });
  });

  it.each([
    ["malformed", "not-a-token"],
    ["unknown", unknownToken("rca_")],
    ["a session token", unknownToken("rcs_")],
  ])("should answer BAD_USER_INPUT on token when the token is %s", async (_label, token) => {
    const res = await expectNoWrites(server, () =>
      server.gql(ACTIVATE, { token, password: "a-long-enough-password" }),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
  });

  it("should activate the user and sign it in when the token and password are valid", async () => {
    const data = expectData(
      await server.gql<{ activateUser: AuthPayload }>(ACTIVATE, {
        token: activationToken,
        password: "my-new-password-42",
      }),
    );
    expect(data.activateUser.user).toMatchObject({
      email,
      status: "ACTIVE",
      role: "USER",
      partner: { id: tenant.parentId },
    });
    expectData(await server.gql(VIEWER, {}, data.activateUser.token));
    await server.login(email, "my-new-password-42");
  });

  it("should answer BAD_USER_INPUT on token when a used token is replayed", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(ACTIVATE, { token: activationToken, password: "another-password-43" }),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
  });
});

describe("createParentPartner", () => {
  it("should create a Parent and an active Partner Sys Admin when the operator gives a password", async () => {
    const data = expectData(
      await server.gql<{
        createParentPartner: {
          partner: Record<string, unknown> & { id: string };
          initialUser: UserNode;
        };
      }>(
        CREATE_PARENT,
        {
          input: {
            name: "New Parent",
            email: "new-parent@example.test",
            sysAdmin: { email: "New-PSA@Example.test", password: PASSWORD },
          },
        },
        operatorToken,
      ),
    );
    const { partner, initialUser } = data.createParentPartner;
    expect(partner).toMatchObject({
      name: "New Parent",
      level: "PARENT",
      isReseller: false,
      parent: null,
    });
    expect(initialUser).toMatchObject({
      email: "new-psa@example.test",
      role: "PARTNER_SYS_ADMIN",
      status: "ACTIVE",
      partner: { id: partner.id },
    });
    const token = await server.login("new-psa@example.test", PASSWORD);
    expect(await partnerCount(token)).toBe(1);
  });

  it("should email an activation link when the Partner Sys Admin has no password", async () => {
    const { result, links } = await emailedLinks(() =>
      server.gql<{ createParentPartner: { initialUser: UserNode } }>(
        CREATE_PARENT,
        {
          input: {
            name: "Invited Parent",
            email: "invited-parent@example.test",
            sysAdmin: { email: "invited-psa@example.test", password: "" },
          },
        },
        operatorToken,
      ),
    );
    expect(expectData(result).createParentPartner.initialUser.status).toBe("PENDING_ACTIVATION");
    expect(links).toHaveLength(1);
  });

  it("should answer FORBIDDEN when the caller is a Partner Sys Admin", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARENT,
        {
          input: {
            name: "Rogue",
            email: "rogue@example.test",
            sysAdmin: { email: "rogue-psa@example.test", password: PASSWORD },
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" });
  });

  it("should answer CONFLICT EMAIL_TAKEN and create no partner when the Sys Admin's email is taken", async () => {
    const before = await partnerCount(operatorToken);
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARENT,
        {
          input: {
            name: "Duplicate",
            email: "dup@example.test",
            sysAdmin: { email: tenant.sysAdminEmail.toUpperCase(), password: PASSWORD },
          },
        },
        operatorToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "EMAIL_TAKEN",
      field: "input.sysAdmin.email",
      value: tenant.sysAdminEmail,
    });
    expect(await partnerCount(operatorToken)).toBe(before);
  });

  it("should answer BAD_USER_INPUT on input.email when the Parent's email is invalid", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARENT,
        {
          input: {
            name: "Bad",
            email: "not-an-email",
            sysAdmin: { email: "bad-psa@example.test" },
          },
        },
        operatorToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.email",
      value: "not-an-email",
    });
  });
});

describe("createPartner", () => {
  it("should create a reseller Child with an active administrator when the initial user has a password", async () => {
    const email = "ops-a-child2-admin@example.test";
    const data = expectData(
      await server.gql<{
        createPartner: { partner: Record<string, unknown> & { id: string }; initialUser: UserNode };
      }>(
        CREATE_PARTNER,
        {
          input: {
            name: "Ops Child Two",
            email: "child-two@example.test",
            initialUser: { email, name: "Two", password: PASSWORD },
            reseller: { parentPartnerId: tenant.parentId },
          },
        },
        tenant.sysAdminToken,
      ),
    );
    const { partner, initialUser } = data.createPartner;
    expect(partner).toMatchObject({
      name: "Ops Child Two",
      level: "CHILD",
      isReseller: true,
      parent: { id: tenant.parentId },
    });
    expect(initialUser).toMatchObject({
      email,
      role: "ADMINISTRATOR",
      status: "ACTIVE",
      partner: { id: partner.id },
    });
    await server.login(email, PASSWORD);
  });

  it("should create a plain Child without a user when initialUser and reseller are left out", async () => {
    const data = expectData(
      await server.gql<{
        createPartner: { partner: Record<string, unknown>; initialUser: unknown };
      }>(
        CREATE_PARTNER,
        { input: { name: "Ops Plain Child", email: "plain@example.test" } },
        tenant.sysAdminToken,
      ),
    );
    expect(data.createPartner.partner).toMatchObject({
      level: "CHILD",
      isReseller: false,
      parent: { id: tenant.parentId },
    });
    expect(data.createPartner.initialUser).toBeNull();
  });

  it.each([
    ["a Child's administrator", () => tenant.child.adminToken],
    ["the operator", () => operatorToken],
  ])("should answer FORBIDDEN when the caller is %s", async (_label, token) => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARTNER,
        {
          input: {
            name: "Nope",
            email: "nope@example.test",
            reseller: { parentPartnerId: tenant.parentId },
          },
        },
        token(),
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" });
  });

  it("should answer BAD_USER_INPUT on input.email when the partner email is invalid", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(CREATE_PARTNER, { input: { name: "Bad", email: "nope@" } }, tenant.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.email",
      value: "nope@",
    });
  });

  it("should answer BAD_USER_INPUT on input.name when the name is blank", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARTNER,
        { input: { name: "   ", email: "blank@example.test" } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
  });

  it("should answer BAD_USER_INPUT on input.reseller.parentPartnerId when it is not the caller's Parent", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARTNER,
        {
          input: {
            name: "Stray",
            email: "stray@example.test",
            reseller: { parentPartnerId: other.parentId },
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.reseller.parentPartnerId",
      value: other.parentId,
    });
  });

  it("should answer BAD_USER_INPUT on input.initialUser.password when the password is weak", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARTNER,
        {
          input: {
            name: "Weak",
            email: "weak@example.test",
            initialUser: { email: "weak-admin@example.test", password: "12345" },
          },
        },
        tenant.sysAdminToken,
      ),
    );
    const error = errorOf(res);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: "input.initialUser.password" });
    expect(error.value).toBeUndefined();
  });

  it("should answer CONFLICT EMAIL_TAKEN and create no partner when the initial user's email is taken", async () => {
    const before = await partnerCount(tenant.sysAdminToken);
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_PARTNER,
        {
          input: {
            name: "Taken",
            email: "taken@example.test",
            initialUser: { email: other.child.adminEmail, password: PASSWORD },
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "EMAIL_TAKEN",
      field: "input.initialUser.email",
      value: other.child.adminEmail,
    });
    expect(await partnerCount(tenant.sysAdminToken)).toBe(before);
  });
});

describe("createUser", () => {
  it("should add a USER to its own Child when the caller is the Child's administrator", async () => {
    const email = "ops-a-member@example.test";
    const data = expectData(
      await server.gql<{ createUser: UserNode }>(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email, role: "USER", password: PASSWORD } },
        tenant.child.adminToken,
      ),
    );
    expect(data.createUser).toMatchObject({
      email,
      role: "USER",
      status: "ACTIVE",
      partner: { id: tenant.child.id },
    });
  });

  it("should add a Partner Sys Admin to its own Parent when the caller is a Partner Sys Admin", async () => {
    const email = "ops-a-second-psa@example.test";
    const data = expectData(
      await server.gql<{ createUser: UserNode }>(
        CREATE_USER,
        {
          input: {
            partnerId: tenant.parentId,
            email,
            role: "PARTNER_SYS_ADMIN",
            password: PASSWORD,
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(data.createUser).toMatchObject({
      email,
      role: "PARTNER_SYS_ADMIN",
      status: "ACTIVE",
      partner: { id: tenant.parentId },
    });
    const token = await server.login(email, PASSWORD);
    expect(await readById("partner", tenant.child.id, token)).not.toBeNull();
  });

  it("should answer FORBIDDEN when a Child's administrator grants PARTNER_SYS_ADMIN", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        {
          input: {
            partnerId: tenant.child.id,
            email: "escalate@example.test",
            role: "PARTNER_SYS_ADMIN",
          },
        },
        tenant.child.adminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "FORBIDDEN",
      reason: "ROLE_GRANT_FORBIDDEN",
      field: "input.role",
    });
  });

  it("should answer FORBIDDEN when the operator grants OPERATOR", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.parentId, email: "op2@example.test", role: "OPERATOR" } },
        operatorToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_GRANT_FORBIDDEN" });
  });

  it("should answer FORBIDDEN when the caller is a USER", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email: "by-reader@example.test", role: "USER" } },
        userToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" });
  });

  it("should answer BAD_USER_INPUT on input.role when a Partner Sys Admin is put on a Child", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        {
          input: {
            partnerId: tenant.child.id,
            email: "psa-on-child@example.test",
            role: "PARTNER_SYS_ADMIN",
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "ROLE_NOT_FOR_PARTNER_LEVEL",
      field: "input.role",
    });
  });

  it.each([
    [
      "another Parent's partner for a Partner Sys Admin",
      () => tenant.sysAdminToken,
      () => other.child.id,
    ],
    [
      "its Parent for a Child's administrator",
      () => tenant.child.adminToken,
      () => tenant.parentId,
    ],
    ["an unknown partner", () => tenant.sysAdminToken, () => "999999"],
  ])(
    "should answer NOT_FOUND on input.partnerId when the partner is %s",
    async (_label, token, partnerId) => {
      const res = await expectNoWrites(server, () =>
        server.gql(
          CREATE_USER,
          { input: { partnerId: partnerId(), email: "lost@example.test", role: "USER" } },
          token(),
        ),
      );
      expect(errorOf(res)).toMatchObject({
        code: "NOT_FOUND",
        field: "input.partnerId",
        value: partnerId(),
      });
    },
  );

  it("should answer CONFLICT EMAIL_TAKEN on input.email when the email is taken", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email: OPERATOR.email, role: "USER" } },
        tenant.child.adminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "EMAIL_TAKEN",
      field: "input.email",
    });
  });

  it("should answer BAD_USER_INPUT on input.password when the password is weak", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_USER,
        {
          input: {
            partnerId: tenant.child.id,
            email: "weak-user@example.test",
            role: "USER",
            password: "short",
          },
        },
        tenant.child.adminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.password" });
  });
});

describe("createAccount", () => {
  it("should add an account to a Child when the caller is the Parent's Partner Sys Admin", async () => {
    const data = expectData(
      await server.gql<{ createAccount: Record<string, unknown> & { id: string } }>(
        CREATE_ACCOUNT,
        { input: { partnerId: tenant.child.id, name: "Production", awsAccountId: "000123456789" } },
        tenant.sysAdminToken,
      ),
    );
    // Leading zeros are part of an AWS account id.
    expect(data.createAccount).toMatchObject({
      name: "Production",
      awsAccountId: "000123456789",
      isMasterPayer: false,
      partner: { id: tenant.child.id },
    });
    const read = expectData(
      await server.gql<{ account: unknown }>(
        ACCOUNT,
        { id: data.createAccount.id },
        tenant.child.adminToken,
      ),
    );
    expect(read.account).toMatchObject({ id: data.createAccount.id });
  });

  it("should add an account to its own Child when the caller is the Child's administrator", async () => {
    const data = expectData(
      await server.gql<{ createAccount: { partner: { id: string } } }>(
        CREATE_ACCOUNT,
        { input: { partnerId: tenant.child.id, name: "Staging" } },
        tenant.child.adminToken,
      ),
    );
    expect(data.createAccount.partner.id).toBe(tenant.child.id);
  });

  it("should answer BAD_USER_INPUT on input.awsAccountId with the value when the AWS id is not 12 digits", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_ACCOUNT,
        { input: { partnerId: tenant.child.id, name: "Short", awsAccountId: "12345" } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.awsAccountId",
      value: "12345",
      reason: "AWS_ACCOUNT_ID_INVALID",
    });
  });

  it("should answer BAD_USER_INPUT when a master payer account is put on a Child", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_ACCOUNT,
        {
          input: {
            partnerId: tenant.child.id,
            name: "MP",
            awsAccountId: awsId(),
            isMasterPayer: true,
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.isMasterPayer",
      reason: "MASTER_PAYER_REQUIRES_PARENT",
    });
  });

  it("should answer CONFLICT MASTER_PAYER_TAKEN when the AWS id is another Parent's master payer", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_ACCOUNT,
        {
          input: {
            partnerId: other.parentId,
            name: "MP",
            awsAccountId: tenant.payerId,
            isMasterPayer: true,
          },
        },
        other.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "MASTER_PAYER_TAKEN",
      field: "input.awsAccountId",
      value: tenant.payerId,
    });
  });

  it("should answer NOT_FOUND on input.partnerId when the partner belongs to another Parent", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_ACCOUNT,
        { input: { partnerId: other.child.id, name: "Stray" } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "NOT_FOUND",
      field: "input.partnerId",
      value: other.child.id,
    });
  });

  it("should answer FORBIDDEN when the caller is a USER", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_ACCOUNT,
        { input: { partnerId: tenant.child.id, name: "Mine" } },
        userToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" });
  });
});

describe("createResellerLink", () => {
  /** A reseller Child of tenant without links, for the rejected calls. */
  let target: string;
  let plainChild: string;
  let plainParentAccount: string;
  let siblingAccount: string;
  beforeAll(async () => {
    target = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Link Target",
        parentId: tenant.parentId,
      })
    ).id;
    plainChild = (
      await createChild(server, tenant.sysAdminToken, { name: "Not A Reseller", parentId: null })
    ).id;
    plainParentAccount = (
      await createAccount(server, tenant.sysAdminToken, {
        partnerId: tenant.parentId,
        name: "Parent ops",
        awsAccountId: awsId(),
      })
    ).id;
    siblingAccount = (
      await createAccount(server, tenant.sysAdminToken, {
        partnerId: tenant.child.id,
        name: "Sibling",
      })
    ).id;
  });

  function input(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      masterPayerAccountId: tenant.masterPayerAccountId,
      resellerPartnerId: target,
      awsPayerAccountId: tenant.payerId,
      awsPayeeAccountIds: awsIds(2),
      ...overrides,
    };
  }

  it("should create the receiving account in the Child and reset all history when the defaults are kept", async () => {
    const child = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Defaults Child",
        parentId: tenant.parentId,
      })
    ).id;
    const payees = awsIds(3);
    const link = await createLink(server, tenant, child, payees);
    expect(link).toMatchObject({
      history: "RESET_ALL_HISTORY",
      awsPayerAccountId: tenant.payerId,
      awsPayeeAccountIds: payees,
      masterPayerAccount: { id: tenant.masterPayerAccountId },
      resellerPartner: { id: child },
      resellerAccount: { partner: { id: child } },
    });
    const accounts = expectData(
      await server.gql<{ partner: { accounts: { id: string }[] } }>(
        PARTNER,
        { id: child },
        tenant.sysAdminToken,
      ),
    ).partner.accounts;
    expect(accounts.map((a) => a.id)).toEqual([link.resellerAccount.id]);
  });

  it("should use the given Child account and history when they are set", async () => {
    const child = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Own Account Child",
        parentId: tenant.parentId,
      })
    ).id;
    const account = await createAccount(server, tenant.sysAdminToken, {
      partnerId: child,
      name: "Receiving",
    });
    const data = expectData(
      await server.gql<{ createResellerLink: CreatedLink }>(
        CREATE_LINK,
        {
          input: {
            ...input({ resellerPartnerId: child, resellerAccountId: account.id }),
            history: "KEEP_HISTORY",
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expect(data.createResellerLink).toMatchObject({
      history: "KEEP_HISTORY",
      resellerAccount: { id: account.id },
    });
    const accounts = expectData(
      await server.gql<{ partner: { accounts: { id: string }[] } }>(
        PARTNER,
        { id: child },
        tenant.sysAdminToken,
      ),
    ).partner.accounts;
    expect(accounts).toHaveLength(1);
  });

  it("should accept 1000 payees and keep their order when the list is at the limit", async () => {
    const child = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Big Child",
        parentId: tenant.parentId,
      })
    ).id;
    const payees = awsIds(1000).reverse();
    const link = await createLink(server, tenant, child, payees);
    expect(link.awsPayeeAccountIds).toEqual(payees);
  });

  const rejections: [string, () => Record<string, unknown>, () => Record<string, unknown>][] = [
    [
      "a payee is not 12 digits",
      () => input({ awsPayeeAccountIds: [awsId(), awsId(), "12345"] }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayeeAccountIds[2]",
        value: "12345",
        reason: "AWS_ACCOUNT_ID_INVALID",
      }),
    ],
    [
      "a payee is listed twice",
      () => {
        const [a, b] = awsIds(2);
        return input({ awsPayeeAccountIds: [a, b, a] });
      },
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayeeAccountIds[2]",
        reason: "PAYEE_DUPLICATE",
      }),
    ],
    [
      "a payee is the payer",
      () => input({ awsPayeeAccountIds: [awsId(), tenant.payerId] }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayeeAccountIds[1]",
        reason: "PAYEE_EQUALS_PAYER",
      }),
    ],
    [
      "no payee is given",
      () => input({ awsPayeeAccountIds: [] }),
      () => ({ code: "BAD_USER_INPUT", field: "input.awsPayeeAccountIds", reason: "PAYEES_EMPTY" }),
    ],
    [
      "1001 payees are given",
      () => input({ awsPayeeAccountIds: awsIds(1001) }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayeeAccountIds",
        value: 1001,
        reason: "PAYEES_TOO_MANY",
      }),
    ],
    [
      "the payer is not the master payer's AWS account",
      () => input({ awsPayerAccountId: other.payerId }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayerAccountId",
        value: other.payerId,
        reason: "PAYER_MISMATCH",
      }),
    ],
    [
      "the payer is not 12 digits",
      () => input({ awsPayerAccountId: "12-34" }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.awsPayerAccountId",
        value: "12-34",
        reason: "AWS_ACCOUNT_ID_INVALID",
      }),
    ],
    [
      "the account is not a master payer",
      () => input({ masterPayerAccountId: plainParentAccount }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.masterPayerAccountId",
        reason: "NOT_MASTER_PAYER",
      }),
    ],
    [
      "the Child is not a reseller",
      () => input({ resellerPartnerId: plainChild }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.resellerPartnerId",
        value: plainChild,
        reason: "PARTNER_NOT_RESELLER",
      }),
    ],
    [
      "the receiving account belongs to another Child",
      () => input({ resellerAccountId: siblingAccount }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.resellerAccountId",
        reason: "RESELLER_ACCOUNT_NOT_IN_PARTNER",
      }),
    ],
    [
      "the master payer account id is not a number",
      () => input({ masterPayerAccountId: "MP-1" }),
      () => ({
        code: "BAD_USER_INPUT",
        field: "input.masterPayerAccountId",
        value: "MP-1",
        reason: "ID_INVALID",
      }),
    ],
    [
      "the master payer belongs to another Parent",
      () =>
        input({
          masterPayerAccountId: other.masterPayerAccountId,
          awsPayerAccountId: other.payerId,
        }),
      () => ({
        code: "NOT_FOUND",
        field: "input.masterPayerAccountId",
        value: other.masterPayerAccountId,
      }),
    ],
    [
      "the Child belongs to another Parent",
      () => input({ resellerPartnerId: other.child.id }),
      () => ({ code: "NOT_FOUND", field: "input.resellerPartnerId", value: other.child.id }),
    ],
    [
      "the receiving account does not exist",
      () => input({ resellerAccountId: "999999" }),
      () => ({ code: "NOT_FOUND", field: "input.resellerAccountId" }),
    ],
  ];

  it.each(rejections)("should reject the link when %s", async (_label, makeInput, expected) => {
    const res = await expectNoWrites(server, () =>
      server.gql(CREATE_LINK, { input: makeInput() }, tenant.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject(expected());
  });

  it("should answer CONFLICT PAYEE_ALREADY_LINKED naming the payee and its link when another link holds a payee", async () => {
    const held = tenant.payees[1]!;
    const res = await expectNoWrites(server, () =>
      server.gql(
        CREATE_LINK,
        { input: input({ awsPayeeAccountIds: [awsId(), held] }) },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "PAYEE_ALREADY_LINKED",
      field: "input.awsPayeeAccountIds[1]",
      value: held,
      details: { payee: held, linkId: tenant.linkId },
    });
  });

  it("should allow the same payee under another master payer when the payers differ", async () => {
    // The one-link-per-payee rule holds per master payer (one billing group per payer).
    const link = await createLink(server, other, other.child.id, [tenant.payees[0]!]);
    expect(link.awsPayeeAccountIds).toEqual([tenant.payees[0]]);
  });

  it.each([
    ["a Child's administrator", () => tenant.child.adminToken],
    ["the operator", () => operatorToken],
  ])("should answer FORBIDDEN when the caller is %s", async (_label, token) => {
    const res = await expectNoWrites(server, () =>
      server.gql(CREATE_LINK, { input: input() }, token()),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" });
  });
});

describe("updateResellerLink", () => {
  let first: CreatedLink;
  let second: CreatedLink;
  beforeAll(async () => {
    const a = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Update A",
        parentId: tenant.parentId,
      })
    ).id;
    const b = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Update B",
        parentId: tenant.parentId,
      })
    ).id;
    first = await createLink(server, tenant, a, awsIds(2));
    second = await createLink(server, tenant, b, awsIds(1));
  });

  it("should replace the payees in the order given when the new list is valid", async () => {
    const [kept, dropped] = first.awsPayeeAccountIds as [string, string];
    const added = awsId();
    const data = expectData(
      await server.gql<{ updateResellerLink: CreatedLink }>(
        UPDATE_LINK,
        { id: first.id, input: { awsPayeeAccountIds: [added, kept] } },
        tenant.sysAdminToken,
      ),
    );
    expect(data.updateResellerLink).toMatchObject({
      id: first.id,
      history: "RESET_ALL_HISTORY",
      awsPayeeAccountIds: [added, kept],
    });
    expect(await payeesOf(first.id)).toEqual([added, kept]);
    // The dropped payee is free again.
    const claimed = expectData(
      await server.gql<{ updateResellerLink: CreatedLink }>(
        UPDATE_LINK,
        { id: second.id, input: { awsPayeeAccountIds: [...second.awsPayeeAccountIds, dropped] } },
        tenant.sysAdminToken,
      ),
    );
    expect(claimed.updateResellerLink.awsPayeeAccountIds).toEqual([
      ...second.awsPayeeAccountIds,
      dropped,
    ]);
    second = { ...second, awsPayeeAccountIds: claimed.updateResellerLink.awsPayeeAccountIds };
    first = { ...first, awsPayeeAccountIds: [added, kept] };
  });

  it("should record KEEP_HISTORY when the change keeps history", async () => {
    const payees = [...first.awsPayeeAccountIds].reverse();
    const data = expectData(
      await server.gql<{
        updateResellerLink: CreatedLink & { updatedAt: string; createdAt: string };
      }>(
        UPDATE_LINK,
        { id: first.id, input: { awsPayeeAccountIds: payees, history: "KEEP_HISTORY" } },
        tenant.sysAdminToken,
      ),
    );
    expect(data.updateResellerLink).toMatchObject({
      history: "KEEP_HISTORY",
      awsPayeeAccountIds: payees,
    });
    expect(new Date(data.updateResellerLink.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(data.updateResellerLink.createdAt).getTime(),
    );
    first = { ...first, awsPayeeAccountIds: payees };
  });

  it("should answer CONFLICT PAYEE_ALREADY_LINKED and keep the payees when another link holds one", async () => {
    const held = second.awsPayeeAccountIds[0]!;
    const res = await expectNoWrites(server, () =>
      server.gql(
        UPDATE_LINK,
        { id: first.id, input: { awsPayeeAccountIds: [...first.awsPayeeAccountIds, held] } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "CONFLICT",
      reason: "PAYEE_ALREADY_LINKED",
      field: "input.awsPayeeAccountIds[2]",
      details: { payee: held, linkId: second.id },
    });
    expect(await payeesOf(first.id)).toEqual(first.awsPayeeAccountIds);
  });

  it("should answer BAD_USER_INPUT on the payee's index when a payee is invalid", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        UPDATE_LINK,
        { id: first.id, input: { awsPayeeAccountIds: [awsId(), "abc"] } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.awsPayeeAccountIds[1]",
      value: "abc",
    });
  });

  it.each([
    ["unknown", () => "999999"],
    ["not a number", () => "first"],
    ["another Parent's link", () => other.linkId],
  ])("should answer NOT_FOUND when the link id is %s", async (_label, id) => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        UPDATE_LINK,
        { id: id(), input: { awsPayeeAccountIds: [awsId()] } },
        tenant.sysAdminToken,
      ),
    );
    expect(errorOf(res).code).toBe("NOT_FOUND");
  });

  it("should answer FORBIDDEN when the caller is a Child's administrator", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(
        UPDATE_LINK,
        { id: tenant.linkId, input: { awsPayeeAccountIds: [awsId()] } },
        tenant.child.adminToken,
      ),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("deleteResellerLink", () => {
  let link: CreatedLink;
  beforeAll(async () => {
    const child = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Delete Me",
        parentId: tenant.parentId,
      })
    ).id;
    link = await createLink(server, tenant, child, awsIds(2));
  });

  it("should answer FORBIDDEN when the caller is a Child's administrator", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(DELETE_LINK, { id: link.id }, tenant.child.adminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN" });
  });

  it("should answer NOT_FOUND when the link belongs to another Parent", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(DELETE_LINK, { id: link.id }, other.sysAdminToken),
    );
    expect(errorOf(res).code).toBe("NOT_FOUND");
  });

  it("should delete the link and free its payees when the Partner Sys Admin deletes it", async () => {
    expect(
      expectData(
        await server.gql<{ deleteResellerLink: boolean }>(
          DELETE_LINK,
          { id: link.id },
          tenant.sysAdminToken,
        ),
      ).deleteResellerLink,
    ).toBe(true);
    expect(await payeesOf(link.id)).toBeNull();
    // The receiving account stays with the Child.
    expect(await readById("account", link.resellerAccount.id, tenant.sysAdminToken)).not.toBeNull();
    const claimant = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Claimant",
        parentId: tenant.parentId,
      })
    ).id;
    const next = await createLink(server, tenant, claimant, link.awsPayeeAccountIds);
    expect(next.awsPayeeAccountIds).toEqual(link.awsPayeeAccountIds);
  });

  it.each([
    ["already deleted", () => link.id],
    ["unknown", () => "999999"],
    ["not a number", () => "x"],
  ])("should answer NOT_FOUND when the link is %s", async (_label, id) => {
    const res = await expectNoWrites(server, () =>
      server.gql(DELETE_LINK, { id: id() }, tenant.sysAdminToken),
    );
    expect(errorOf(res).code).toBe("NOT_FOUND");
  });
});

describe("createApiKey and revokeApiKey", () => {
  interface KeyList {
    viewer: {
      user: { email: string };
      apiKeys: { id: string; name: string; lastUsedAt: string | null }[];
    };
  }
  let key: { id: string; secret: string };

  it("should return a secret that works as a bearer token when a key is created", async () => {
    const data = expectData(
      await server.gql<{
        createApiKey: {
          secret: string;
          apiKey: { id: string; name: string; lastUsedAt: string | null };
        };
      }>(CREATE_API_KEY, { name: "  Billing export  " }, tenant.sysAdminToken),
    );
    expect(data.createApiKey.secret).toMatch(/^rck_/);
    expect(data.createApiKey.apiKey).toMatchObject({ name: "Billing export", lastUsedAt: null });
    key = { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };

    const viaKey = expectData(await server.gql<KeyList>(API_KEYS, {}, key.secret));
    expect(viaKey.viewer.user.email).toBe(tenant.sysAdminEmail);
    const listed = viaKey.viewer.apiKeys.find((k) => k.id === key.id);
    expect(listed).toMatchObject({ name: "Billing export" });
    expect(listed?.lastUsedAt).not.toBeNull();
  });

  it("should answer BAD_USER_INPUT on name when the name is blank", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(CREATE_API_KEY, { name: "  " }, tenant.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
  });

  it("should answer NOT_FOUND and keep the key working when another user revokes it", async () => {
    const res = await expectNoWrites(server, () =>
      server.gql(REVOKE_API_KEY, { id: key.id }, other.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "NOT_FOUND", field: "id" });
    expectData(await server.gql(VIEWER, {}, key.secret));
  });

  it("should stop the secret at once when its owner revokes the key", async () => {
    expect(
      expectData(
        await server.gql<{ revokeApiKey: boolean }>(
          REVOKE_API_KEY,
          { id: key.id },
          tenant.sysAdminToken,
        ),
      ).revokeApiKey,
    ).toBe(true);
    const res = await expectNoWrites(server, () => server.gql(VIEWER, {}, key.secret));
    expect(errorOf(res).code).toBe("UNAUTHENTICATED");
    expect(res.status).toBe(401);
    const listed = expectData(await server.gql<KeyList>(API_KEYS, {}, tenant.sysAdminToken)).viewer
      .apiKeys;
    expect(listed.map((k) => k.id)).not.toContain(key.id);
  });

  it.each([
    ["already revoked", () => key.id],
    ["unknown", () => "999999"],
    ["not a number", () => "key"],
  ])("should answer NOT_FOUND when the key is %s", async (_label, id) => {
    const res = await expectNoWrites(server, () =>
      server.gql(REVOKE_API_KEY, { id: id() }, tenant.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({ code: "NOT_FOUND", field: "id" });
  });
});
