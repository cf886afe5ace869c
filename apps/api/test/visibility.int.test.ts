// product.md rule 3 and security.md rows 16-17: every caller of tenant A, aimed at tenant B's ids,
// meets exactly what an unknown id meets (null, NOT_FOUND, or FORBIDDEN where its role may not act
// at all), B's data never appears in an answer, and nothing of B changes.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  curLegacyCsv,
  curMonthLines,
  ingestAs,
  settleJobs,
  startBillingServer,
} from "./support/billing.js";
import { PASSWORD, awsId, createTenant, expectData, type Tenant } from "./support/fixtures.js";
import { type TestServer } from "./support/harness.js";
import { issueInvoices } from "./support/invoices.js";
import { type RawResponse, bodyText, errorCodes, postQuery } from "./support/http.js";

type IdKind = "partner" | "account" | "link" | "apiKey" | "user" | "invoice";

interface Caller {
  label: string;
  token: string;
  /** Sys admins and their API keys may link resellers; administrators may add users and accounts. */
  linksResellers: boolean;
  addsUsersAndAccounts: boolean;
}

interface Operation {
  name: string;
  kind: IdKind;
  document: string;
  variables(id: string): Record<string, unknown>;
  /** Checks the answer to a foreign or unknown id. */
  check(caller: Caller, res: RawResponse): void;
}

interface Foreign {
  ids: Record<IdKind, string[]>;
  /** Text that only B's rows contain: the label in its names and emails, its AWS ids. */
  markers: string[];
  linkIds: string[];
}

// Far outside any id this test creates; the second is beyond a 32-bit integer column.
const REFERENCE_UNKNOWN_ID = "1999999999";
const UNKNOWN_IDS = ["2000000001", "999999999999999"];

const TABLES = [
  "partner",
  "account",
  "app_user",
  "session",
  "api_key",
  "activation_token",
  "reseller_link",
  "reseller_link_payee",
  "reseller_link_change",
  "invoice",
  "invoice_line",
  "invoice_cost",
  "invoice_counter",
  "billing_details",
];

const suffix = randomBytes(4).toString("hex");
const A_LABEL = `alpha-${suffix}`;
const B_LABEL = `bravo-${suffix}`;

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email partner { id name } } }`;
const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name partner { id name } } }`;
const CREATE_LINK = `mutation($input: CreateResellerLinkInput!) {
  createResellerLink(input: $input) { id awsPayeeAccountIds resellerPartner { id name } resellerAccount { id } }
}`;
const CREATE_API_KEY = `mutation($name: String!) { createApiKey(name: $name) { apiKey { id } secret } }`;
const AUDIT_LOG = `query($filter: AuditLogFilter) { auditLog(filter: $filter, first: 100) { totalCount nodes { id operation userId userEmail partnerId objectId relatedIds { name id } } } }`;

/** Everything a caller can reach from its roots, with type names to tell ids of different tables apart. */
const CRAWL = `{
  viewer {
    user { __typename id email partner { __typename id name } }
    partner { __typename id name email parent { __typename id name } }
    apiKeys { __typename id name }
  }
  partners(first: 10) {
    totalCount
    nodes {
      __typename id name email
      parent { __typename id name }
      children(first: 10) { totalCount nodes { __typename id name email } }
      accounts { __typename id name awsAccountId partner { __typename id } }
      users { __typename id email partner { __typename id } }
      resellerLinks {
        __typename id awsPayerAccountId awsPayeeAccountIds
        masterPayerAccount { __typename id awsAccountId }
        resellerPartner { __typename id name }
        resellerAccount { __typename id name }
      }
    }
  }
}`;

/** Replaces the id the caller sent, wherever the answer echoes it, so two answers can be compared. */
function withoutId(value: unknown, id: string): unknown {
  if (typeof value === "string")
    return value.replace(new RegExp(`(?<![0-9])${id}(?![0-9])`, "g"), "<id>");
  if (Array.isArray(value)) return value.map((item) => withoutId(item, id));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutId(item, id)]),
    );
  }
  return value;
}

function expectNullRoot(field: string) {
  return (_caller: Caller, res: RawResponse) => {
    expect(res.status).toBe(200);
    expect(res.body?.errors).toBeUndefined();
    expect(res.body?.data).toEqual({ [field]: null });
  };
}

function expectRefused(mayDoAtAll: (caller: Caller) => boolean) {
  return (caller: Caller, res: RawResponse) => {
    expect(res.body?.data ?? null).toBeNull();
    expect(res.body?.errors).toHaveLength(1);
    // FORBIDDEN only for a role that may not do this at all; otherwise the id is simply not found.
    expect(mayDoAtAll(caller) ? ["NOT_FOUND"] : ["NOT_FOUND", "FORBIDDEN"]).toContain(
      errorCodes(res)[0],
    );
  };
}

/** Everyone but a USER reads the audit log, and finds nothing of B's in it: an empty page. */
function expectEmptyAuditPage(caller: Caller, res: RawResponse): void {
  if (!caller.addsUsersAndAccounts) {
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    return;
  }
  expect(res.body?.errors).toBeUndefined();
  expect(res.body?.data).toEqual({ auditLog: { totalCount: 0, nodes: [] } });
}

function expectNoLeak(res: RawResponse, foreign: Foreign): void {
  const text = bodyText(res).toLowerCase();
  for (const marker of foreign.markers)
    expect(text, `answer mentions ${marker}`).not.toContain(marker.toLowerCase());
  for (const linkId of foreign.linkIds) {
    expect(text).not.toMatch(new RegExp(`"linkid":"${linkId}"|reseller link ${linkId}(?![0-9])`));
  }
}

/** The ids in `data`, by GraphQL type, of every object that has both. */
function idsByType(
  value: unknown,
  found: Map<string, Set<string>> = new Map(),
): Map<string, Set<string>> {
  if (Array.isArray(value)) {
    for (const item of value) idsByType(item, found);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === "string" && typeof record.id === "string") {
      found.set(record.__typename, (found.get(record.__typename) ?? new Set()).add(record.id));
    }
    for (const item of Object.values(record)) idsByType(item, found);
  }
  return found;
}

async function tableCounts(server: TestServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const rows: { n: number | string }[] = await server.running.deps.dataSource.query(
      `SELECT COUNT(*) AS n FROM "${table}"`,
    );
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/**
 * B's credentials and users row by row: user management changes rows without adding any (a status,
 * a role, a revoked session, a used activation link), which table counts alone would miss.
 */
async function foreignCredentialRows(server: TestServer, userIds: string[]): Promise<unknown> {
  const ofB = new Set(userIds);
  const rows = async (sql: string, column: string): Promise<Record<string, unknown>[]> => {
    const all: Record<string, unknown>[] = await server.running.deps.dataSource.query(sql);
    return all.filter((row) => ofB.has(String(row[column])));
  };
  return {
    users: await rows(
      `SELECT id, partner_id, role, status, password_hash, invited_by_user_id FROM "app_user" ORDER BY id`,
      "id",
    ),
    sessions: await rows(`SELECT id, user_id, revoked_at FROM "session" ORDER BY id`, "user_id"),
    apiKeys: await rows(
      `SELECT id, user_id, revoked_at, expires_at FROM "api_key" ORDER BY id`,
      "user_id",
    ),
    activationTokens: await rows(
      `SELECT id, user_id, token_hash, used_at FROM "activation_token" ORDER BY id`,
      "user_id",
    ),
  };
}

describe("visibility across tenants (rule 3, security.md 16-17)", () => {
  let server: TestServer;
  let a: Tenant;
  let b: Tenant;
  let aChild2Id: string;
  let aChildUserToken: string;
  let aParentAdminToken: string;
  let aApiKeySecret: string;
  let bApiKeySecret: string;
  let callers: Caller[];
  let operations: Operation[];
  let foreign: Foreign;
  /** What B's own people see, to compare before and after A's attempts. */
  let bView: () => Promise<unknown>;

  const gqlData = async <T>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<T> => expectData(await server.gql<T>(query, variables, token));

  async function addUser(
    token: string,
    partnerId: string,
    role: string,
    email: string,
  ): Promise<string> {
    await gqlData(
      CREATE_USER,
      { input: { partnerId, email, name: email, role, password: PASSWORD } },
      token,
    );
    return server.login(email, PASSWORD);
  }

  async function addApiKey(token: string, name: string): Promise<{ id: string; secret: string }> {
    const created = await gqlData<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
      CREATE_API_KEY,
      { name },
      token,
    );
    return { id: created.createApiKey.apiKey.id, secret: created.createApiKey.secret };
  }

  beforeAll(async () => {
    server = await startBillingServer();
    a = await createTenant(server, A_LABEL);
    b = await createTenant(server, B_LABEL);

    // Tenant A: a second Child, a USER of the reseller Child, an ADMINISTRATOR of the Parent, an API key.
    aChild2Id = (
      await gqlData<{ createPartner: { partner: { id: string } } }>(
        `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
        { input: { name: `Second child ${A_LABEL}`, email: `child2-${A_LABEL}@example.test` } },
        a.sysAdminToken,
      )
    ).createPartner.partner.id;
    aChildUserToken = await addUser(
      a.child.adminToken,
      a.child.id,
      "USER",
      `user-${A_LABEL}@example.test`,
    );
    aParentAdminToken = await addUser(
      a.sysAdminToken,
      a.parentId,
      "ADMINISTRATOR",
      `admin-${A_LABEL}@example.test`,
    );
    aApiKeySecret = (await addApiKey(a.sysAdminToken, `key ${A_LABEL}`)).secret;

    // Tenant B: a second reseller Child with a link, extra accounts and users, API keys and a pending user.
    const bChild2 = (
      await gqlData<{ createPartner: { partner: { id: string } } }>(
        `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
        {
          input: {
            name: `Second child ${B_LABEL}`,
            email: `child2-${B_LABEL}@example.test`,
            initialUser: { email: `child2-admin-${B_LABEL}@example.test` },
            reseller: { parentPartnerId: b.parentId },
          },
        },
        b.sysAdminToken,
      )
    ).createPartner.partner;
    const bPayees2 = [awsId(), awsId(), awsId()];
    await gqlData(
      CREATE_LINK,
      {
        input: {
          masterPayerAccountId: b.masterPayerAccountId,
          resellerPartnerId: bChild2.id,
          awsPayerAccountId: b.payerId,
          awsPayeeAccountIds: bPayees2,
        },
      },
      b.sysAdminToken,
    );
    const bExtraAwsId = awsId();
    await gqlData(
      CREATE_ACCOUNT,
      { input: { partnerId: b.child.id, name: `Extra ${B_LABEL}`, awsAccountId: bExtraAwsId } },
      b.child.adminToken,
    );
    await gqlData(
      CREATE_ACCOUNT,
      { input: { partnerId: b.parentId, name: `Parent extra ${B_LABEL}` } },
      b.sysAdminToken,
    );
    await addUser(b.child.adminToken, b.child.id, "USER", `user-${B_LABEL}@example.test`);
    await addUser(b.sysAdminToken, b.parentId, "ADMINISTRATOR", `admin-${B_LABEL}@example.test`);
    // A disabled user, so enableUser has something of B's it could wrongly re-enable.
    const bDisabled = await gqlData<{ createUser: { id: string } }>(
      CREATE_USER,
      {
        input: {
          partnerId: b.child.id,
          email: `disabled-${B_LABEL}@example.test`,
          role: "USER",
          password: PASSWORD,
        },
      },
      b.child.adminToken,
    );
    await gqlData(
      `mutation($id: ID!) { disableUser(id: $id) { id } }`,
      { id: bDisabled.createUser.id },
      b.child.adminToken,
    );
    const bKeys = [
      await addApiKey(b.sysAdminToken, `key ${B_LABEL}`),
      await addApiKey(b.child.adminToken, `child key ${B_LABEL}`),
    ];
    bApiKeySecret = bKeys[0]!.secret;

    const bAll = await gqlData<{
      partners: {
        nodes: {
          id: string;
          accounts: { id: string; awsAccountId: string | null }[];
          resellerLinks: { id: string }[];
          users: { id: string; status: string }[];
        }[];
      };
    }>(
      `{ partners(first: 100) { nodes { id accounts { id awsAccountId } resellerLinks { id } users { id status } } } }`,
      {},
      b.sysAdminToken,
    );
    const bLinkIds = [
      ...new Set(bAll.partners.nodes.flatMap((p) => p.resellerLinks.map((l) => l.id))),
    ];
    // B closes a month: its Child's invoice.
    const bMonth = curLegacyCsv(curMonthLines(b.payerId, b.payees[0]!, "2024-03"));
    expect((await ingestAs(server, b, bMonth, "b-march.csv")).state).toBe("SUCCEEDED");
    await settleJobs(server, b.sysAdminToken, b.parentId);
    const bInvoices = await issueInvoices(server, b.sysAdminToken, b.parentId, "2024-03");
    expect(bInvoices).toHaveLength(1);
    foreign = {
      ids: {
        partner: bAll.partners.nodes.map((p) => p.id),
        account: bAll.partners.nodes.flatMap((p) => p.accounts.map((acc) => acc.id)),
        link: bLinkIds,
        apiKey: bKeys.map((key) => key.id),
        user: bAll.partners.nodes.flatMap((p) => p.users.map((u) => u.id)),
        invoice: bInvoices.map((invoice) => invoice.id),
      },
      markers: [B_LABEL, b.payerId, ...b.payees, ...bPayees2, bExtraAwsId],
      linkIds: bLinkIds,
    };
    expect(foreign.ids.partner).toHaveLength(3);
    expect(foreign.ids.account.length).toBeGreaterThanOrEqual(5);
    expect(foreign.ids.link).toHaveLength(2);
    // Every status a user-management mutation could move B's users out of.
    expect(new Set(bAll.partners.nodes.flatMap((p) => p.users.map((u) => u.status)))).toEqual(
      new Set(["ACTIVE", "PENDING_ACTIVATION", "DISABLED"]),
    );

    callers = [
      {
        label: "A's Partner Sys Admin",
        token: a.sysAdminToken,
        linksResellers: true,
        addsUsersAndAccounts: true,
      },
      {
        label: "A's Child ADMINISTRATOR",
        token: a.child.adminToken,
        linksResellers: false,
        addsUsersAndAccounts: true,
      },
      {
        label: "a USER of A's Child",
        token: aChildUserToken,
        linksResellers: false,
        addsUsersAndAccounts: false,
      },
      {
        label: "an ADMINISTRATOR of A's Parent",
        token: aParentAdminToken,
        linksResellers: false,
        addsUsersAndAccounts: true,
      },
      {
        label: "an API key of A's sys admin",
        token: aApiKeySecret,
        linksResellers: true,
        addsUsersAndAccounts: true,
      },
    ];

    const payees = [awsId(), awsId()];
    const intruderAwsId = awsId();
    const linkInput = (overrides: Record<string, string>) => ({
      input: {
        masterPayerAccountId: a.masterPayerAccountId,
        resellerPartnerId: a.child.id,
        awsPayerAccountId: a.payerId,
        awsPayeeAccountIds: payees,
        ...overrides,
      },
    });
    const refusedUnlessAdmin = expectRefused((caller) => caller.addsUsersAndAccounts);
    const refusedUnlessSysAdmin = expectRefused((caller) => caller.linksResellers);
    operations = [
      // Who made B's objects? The filter names the type (ids are per table: A's partner 5 is not
      // B's account 5) and the creating mutation (A's own refused attempts on B's ids are A's entries).
      ...(
        [
          ["partner", "Partner", "createPartner"],
          ["account", "Account", "createAccount"],
          ["link", "ResellerLink", "createResellerLink"],
          ["apiKey", "ApiKey", "createApiKey"],
          ["user", "User", "createUser"],
        ] as const
      ).map(([kind, objectType, operation]): Operation => ({
        name: `auditLog of B's ${kind}`,
        kind,
        document: AUDIT_LOG,
        variables: (id) => ({ filter: { objectType, objectId: id, operation } }),
        check: expectEmptyAuditPage,
      })),
      {
        name: "auditLog of B's user",
        kind: "user",
        document: AUDIT_LOG,
        variables: (id) => ({ filter: { userId: id } }),
        check: expectEmptyAuditPage,
      },
      {
        name: "partner",
        kind: "partner",
        document: `query($id: ID!) { partner(id: $id) { id name email parent { id } children { nodes { id } } accounts { id awsAccountId } users { id email } resellerLinks { id } } }`,
        variables: (id) => ({ id }),
        check: expectNullRoot("partner"),
      },
      {
        name: "account",
        kind: "account",
        document: `query($id: ID!) { account(id: $id) { id name awsAccountId isMasterPayer partner { id name } } }`,
        variables: (id) => ({ id }),
        check: expectNullRoot("account"),
      },
      {
        name: "resellerLink",
        kind: "link",
        document: `query($id: ID!) { resellerLink(id: $id) { id awsPayerAccountId awsPayeeAccountIds masterPayerAccount { id } resellerPartner { id name } resellerAccount { id } } }`,
        variables: (id) => ({ id }),
        check: expectNullRoot("resellerLink"),
      },
      {
        name: "createUser in B's partner",
        kind: "partner",
        document: CREATE_USER,
        variables: (id) => ({
          input: { partnerId: id, email: `intruder-${A_LABEL}@example.test`, role: "USER" },
        }),
        check: refusedUnlessAdmin,
      },
      {
        name: "createAccount in B's partner",
        kind: "partner",
        document: CREATE_ACCOUNT,
        variables: (id) => ({
          input: { partnerId: id, name: `Intruder ${A_LABEL}`, awsAccountId: intruderAwsId },
        }),
        check: refusedUnlessAdmin,
      },
      {
        name: "createResellerLink with B's master payer",
        kind: "account",
        document: CREATE_LINK,
        variables: (id) => linkInput({ masterPayerAccountId: id }),
        check: refusedUnlessSysAdmin,
      },
      {
        name: "createResellerLink to B's child",
        kind: "partner",
        document: CREATE_LINK,
        variables: (id) => linkInput({ resellerPartnerId: id }),
        check: refusedUnlessSysAdmin,
      },
      {
        name: "createResellerLink into B's account",
        kind: "account",
        document: CREATE_LINK,
        variables: (id) => linkInput({ resellerAccountId: id }),
        check: refusedUnlessSysAdmin,
      },
      {
        name: "updateResellerLink of B's link",
        kind: "link",
        document: `mutation($id: ID!, $input: UpdateResellerLinkInput!) { updateResellerLink(id: $id, input: $input) { id awsPayeeAccountIds } }`,
        variables: (id) => ({ id, input: { awsPayeeAccountIds: payees, history: "KEEP_HISTORY" } }),
        check: refusedUnlessSysAdmin,
      },
      {
        name: "deleteResellerLink of B's link",
        kind: "link",
        document: `mutation($id: ID!) { deleteResellerLink(id: $id) }`,
        variables: (id) => ({ id }),
        check: refusedUnlessSysAdmin,
      },
      {
        name: "invoice",
        kind: "invoice",
        document: `query($id: ID!) { invoice(id: $id) { id number total partner { id name } lines { description amount } pdfUrl } }`,
        variables: (id) => ({ id }),
        check: expectNullRoot("invoice"),
      },
      {
        name: "voidInvoice of B's invoice",
        kind: "invoice",
        document: `mutation($id: ID!) { voidInvoice(id: $id, reason: "intrusion") { id status } }`,
        variables: (id) => ({ id }),
        check: expectRefused(() => true),
      },
      {
        name: "issueInvoices for B's partner",
        kind: "partner",
        document: `mutation($id: ID!) { issueInvoices(parentPartnerId: $id, billingPeriod: "2024-03") { id number } }`,
        variables: (id) => ({ id }),
        check: expectRefused(() => true),
      },
      {
        name: "revokeApiKey of B's key",
        kind: "apiKey",
        document: `mutation($id: ID!) { revokeApiKey(id: $id) }`,
        variables: (id) => ({ id }),
        check: expectRefused(() => true),
      },
      // Issue #13's user management: B's active, pending and disabled users alike read as unknown.
      ...(
        [
          ["disableUser", `disableUser(id: $id)`],
          ["enableUser", `enableUser(id: $id)`],
          ["resendInvitation", `resendInvitation(id: $id)`],
          ["changeUserRole to ADMINISTRATOR", `changeUserRole(id: $id, role: ADMINISTRATOR)`],
          ["changeUserRole to USER", `changeUserRole(id: $id, role: USER)`],
        ] as const
      ).map(([name, field]): Operation => ({
        name: `${name} of B's user`,
        kind: "user",
        document: `mutation($id: ID!) { ${field} { id email name role status manageable partner { id name } } }`,
        variables: (id) => ({ id }),
        check: refusedUnlessAdmin,
      })),
      {
        name: "createPartner under B's Parent",
        kind: "partner",
        document: `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id name parent { id name } } } }`,
        variables: (id) => ({
          input: {
            name: `Intruder ${A_LABEL}`,
            email: `intruder-child-${A_LABEL}@example.test`,
            reseller: { parentPartnerId: id },
          },
        }),
        check: (caller, res) => {
          expect(res.body?.data ?? null).toBeNull();
          expect(res.body?.errors).toHaveLength(1);
          if (caller.linksResellers) {
            // The Parent id is compared with the caller's own, never looked up: B's reads like any other.
            expect(res.body?.errors?.[0]?.extensions).toMatchObject({
              code: "BAD_USER_INPUT",
              field: "input.reseller.parentPartnerId",
            });
          } else {
            expect(["NOT_FOUND", "FORBIDDEN"]).toContain(errorCodes(res)[0]);
          }
        },
      },
    ];

    bView = async () => ({
      sysAdmin: await gqlData(CRAWL, {}, b.sysAdminToken),
      childAdmin: await gqlData(CRAWL, {}, b.child.adminToken),
    });
  });

  afterAll(() => server?.stop());

  const references = new Map<string, RawResponse>();
  async function call(caller: Caller, operation: Operation, id: string): Promise<RawResponse> {
    return postQuery(server.graphqlUrl, operation.document, caller.token, operation.variables(id));
  }
  /** What the caller gets for an id that exists nowhere: B's ids must get exactly this. */
  async function reference(caller: Caller, operation: Operation): Promise<RawResponse> {
    const key = `${caller.label}|${operation.name}`;
    let res = references.get(key);
    if (!res) {
      res = await call(caller, operation, REFERENCE_UNKNOWN_ID);
      references.set(key, res);
    }
    return res;
  }
  async function expectLikeUnknown(
    caller: Caller,
    operation: Operation,
    id: string,
  ): Promise<void> {
    const res = await call(caller, operation, id);
    const context = `${caller.label} → ${operation.name}(${id}): ${res.text}`;
    try {
      operation.check(caller, res);
      expectNoLeak(res, foreign);
      const unknown = await reference(caller, operation);
      expect(res.status).toBe(unknown.status);
      expect(withoutId(res.body, id)).toEqual(withoutId(unknown.body, REFERENCE_UNKNOWN_ID));
    } catch (error) {
      throw new Error(`${context}\n${String(error)}`, { cause: error });
    }
  }

  it("should answer every operation with B's ids exactly as with an unknown id when A's callers send them", async () => {
    const countsBefore = await tableCounts(server);
    const viewBefore = await bView();
    const rowsBefore = await foreignCredentialRows(server, foreign.ids.user);
    for (const caller of callers) {
      for (const operation of operations) {
        for (const id of [...foreign.ids[operation.kind], ...UNKNOWN_IDS])
          await expectLikeUnknown(caller, operation, id);
      }
    }
    expect(await tableCounts(server)).toEqual(countsBefore);
    expect(await bView()).toEqual(viewBefore);
    expect(await foreignCredentialRows(server, foreign.ids.user)).toEqual(rowsBefore);
  });

  it("should hold for random callers, operations and foreign or unknown ids when fast-check picks them", async () => {
    const countsBefore = await tableCounts(server);
    const viewBefore = await bView();
    const rowsBefore = await foreignCredentialRows(server, foreign.ids.user);
    const unknownId = fc
      .oneof(
        fc.integer({ min: 100_000, max: 2_147_483_647 }),
        fc.integer({ min: 2_147_483_648, max: 999_999_999_999_999 }),
      )
      .map(String);
    const attempt = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        caller: fc.constantFrom(...callers),
        operation: fc.constant(operation),
        id: fc.oneof(fc.constantFrom(...foreign.ids[operation.kind]), unknownId),
      }),
    );
    await fc.assert(
      fc.asyncProperty(attempt, async ({ caller, operation, id }) => {
        await expectLikeUnknown(caller, operation, id);
      }),
      { numRuns: 25 },
    );
    expect(await tableCounts(server)).toEqual(countsBefore);
    expect(await bView()).toEqual(viewBefore);
    expect(await foreignCredentialRows(server, foreign.ids.user)).toEqual(rowsBefore);
  });

  const isUserOrKeyMutation = (operation: Operation) =>
    (operation.kind === "user" || operation.kind === "apiKey") &&
    operation.document.startsWith("mutation");

  it("should refuse B's users and API keys like unknown ids when fast-check picks A's caller, the user or key mutation and the id", async () => {
    const countsBefore = await tableCounts(server);
    const viewBefore = await bView();
    const rowsBefore = await foreignCredentialRows(server, foreign.ids.user);
    const mutations = operations.filter(isUserOrKeyMutation);
    expect(mutations.map((operation) => operation.name)).toHaveLength(6);
    const attempt = fc.constantFrom(...mutations).chain((operation) =>
      fc.record({
        caller: fc.constantFrom(...callers),
        operation: fc.constant(operation),
        id: fc.oneof(
          fc.constantFrom(...foreign.ids[operation.kind]),
          fc.integer({ min: 100_000, max: 999_999_999_999_999 }).map(String),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(attempt, async ({ caller, operation, id }) => {
        await expectLikeUnknown(caller, operation, id);
      }),
      { numRuns: 40 },
    );
    expect(await tableCounts(server)).toEqual(countsBefore);
    expect(await bView()).toEqual(viewBefore);
    expect(await foreignCredentialRows(server, foreign.ids.user)).toEqual(rowsBefore);
  });

  it("should change nothing of B's when A's callers send every user and key mutation at B's ids at once", async () => {
    const countsBefore = await tableCounts(server);
    const rowsBefore = await foreignCredentialRows(server, foreign.ids.user);
    const attempts = callers.flatMap((caller) =>
      operations
        .filter(isUserOrKeyMutation)
        .flatMap((operation) =>
          foreign.ids[operation.kind].map((id) => ({ caller, operation, id })),
        ),
    );
    expect(attempts.length).toBeGreaterThanOrEqual(100);
    // Concurrent, so no check-then-act window lets one of them through.
    const answers = await Promise.all(
      attempts.map(async (attempt) => ({
        ...attempt,
        res: await call(attempt.caller, attempt.operation, attempt.id),
      })),
    );
    for (const { caller, operation, id, res } of answers) {
      const unknown = await reference(caller, operation);
      expect(res.status, `${caller.label} → ${operation.name}(${id})`).toBe(unknown.status);
      expect(withoutId(res.body, id), `${caller.label} → ${operation.name}(${id})`).toEqual(
        withoutId(unknown.body, REFERENCE_UNKNOWN_ID),
      );
      expectNoLeak(res, foreign);
    }
    expect(await tableCounts(server)).toEqual(countsBefore);
    expect(await foreignCredentialRows(server, foreign.ids.user)).toEqual(rowsBefore);
  });

  it("should answer A's callers' downloads of B's invoice documents exactly as an unknown invoice's", async () => {
    for (const caller of callers) {
      for (const file of ["invoice.pdf", "invoice.csv", "focus.csv"]) {
        const get = (id: string) =>
          fetch(`${server.url}/invoices/${id}/${file}`, {
            redirect: "manual",
            headers: { authorization: `Bearer ${caller.token}` },
          });
        const unknown = await get(REFERENCE_UNKNOWN_ID);
        const unknownText = await unknown.text();
        for (const id of foreign.ids.invoice) {
          const res = await get(id);
          const text = await res.text();
          expect(res.status, `${caller.label} → ${id}/${file}`).toBe(404);
          expect(text.replaceAll(id, REFERENCE_UNKNOWN_ID)).toBe(unknownText);
          for (const marker of foreign.markers) expect(text).not.toContain(marker);
        }
      }
    }
  });

  it("should find none of B's partners when A's callers search for B's name", async () => {
    for (const caller of callers) {
      const res = await postQuery(
        server.graphqlUrl,
        `query($s: String) { partners(search: $s) { totalCount nodes { id name } } }`,
        caller.token,
        { s: B_LABEL },
      );
      expect(res.body?.data).toEqual({ partners: { totalCount: 0, nodes: [] } });
      expectNoLeak(res, foreign);
    }
  });

  it("should show none of B's rows anywhere in the graph when A's callers crawl everything they can reach", async () => {
    for (const caller of callers) {
      const res = await postQuery(server.graphqlUrl, CRAWL, caller.token);
      expect(res.body?.errors, `${caller.label}: ${res.text}`).toBeUndefined();
      expectNoLeak(res, foreign);
      const seen = idsByType(res.body?.data);
      for (const id of foreign.ids.partner)
        expect(seen.get("Partner")?.has(id) ?? false, `${caller.label} sees partner ${id}`).toBe(
          false,
        );
      for (const id of foreign.ids.account)
        expect(seen.get("Account")?.has(id) ?? false, `${caller.label} sees account ${id}`).toBe(
          false,
        );
      for (const id of foreign.ids.link)
        expect(seen.get("ResellerLink")?.has(id) ?? false, `${caller.label} sees link ${id}`).toBe(
          false,
        );
      for (const id of foreign.ids.apiKey)
        expect(seen.get("ApiKey")?.has(id) ?? false, `${caller.label} sees API key ${id}`).toBe(
          false,
        );
    }
  });

  it("should show none of B's entries in the audit log when A's callers read all of it", async () => {
    const bPartners = new Set(foreign.ids.partner);
    const bUsers = new Set(foreign.ids.user);
    for (const caller of callers) {
      const res = await postQuery(server.graphqlUrl, AUDIT_LOG, caller.token);
      if (!caller.addsUsersAndAccounts) {
        expect(errorCodes(res), caller.label).toEqual(["FORBIDDEN"]);
        continue;
      }
      const log = res.body?.data?.auditLog as {
        totalCount: number;
        nodes: { partnerId: string | null; userId: string | null }[];
      };
      expect(log.totalCount, caller.label).toBeGreaterThan(0);
      for (const node of log.nodes) {
        expect(bPartners.has(node.partnerId ?? ""), caller.label).toBe(false);
        expect(bUsers.has(node.userId ?? ""), caller.label).toBe(false);
      }
      expectNoLeak(res, foreign);
    }
  });

  it("should refuse createParentPartner with FORBIDDEN when any of A's callers tries it", async () => {
    const countsBefore = await tableCounts(server);
    for (const caller of callers) {
      const res = await postQuery(
        server.graphqlUrl,
        `mutation($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }`,
        caller.token,
        {
          input: {
            name: `Rogue ${A_LABEL}`,
            email: `rogue-${A_LABEL}@example.test`,
            sysAdmin: { email: `rogue-admin-${A_LABEL}@example.test` },
          },
        },
      );
      expect(errorCodes(res), caller.label).toEqual(["FORBIDDEN"]);
    }
    expect(await tableCounts(server)).toEqual(countsBefore);
  });

  it("should keep B's API key working when A's callers tried to revoke it", async () => {
    const res = await postQuery(
      server.graphqlUrl,
      `{ viewer { user { email } apiKeys { id } } }`,
      bApiKeySecret,
    );
    expect(res.body?.errors).toBeUndefined();
    expect(res.body?.data?.viewer.apiKeys.map((key: { id: string }) => key.id)).toContain(
      foreign.ids.apiKey[0],
    );
  });

  describe("within tenant A", () => {
    const OWN_VIEW = `query($parentId: ID!, $childId: ID!, $child2Id: ID!, $masterPayerId: ID!, $linkId: ID!) {
      partners { totalCount nodes { id } }
      parents: partners(level: PARENT) { totalCount }
      viewer { partner { id parent { id } resellerLinks { id } children { totalCount } } }
      ownChild: partner(id: $childId) { id parent { id } resellerLinks { id } }
      parent: partner(id: $parentId) { id }
      sibling: partner(id: $child2Id) { id }
      masterPayer: account(id: $masterPayerId) { id }
      link: resellerLink(id: $linkId) { id }
    }`;

    it("should show a Child's users only their own partner when they query A's ids", async () => {
      for (const token of [a.child.adminToken, aChildUserToken]) {
        const res = await postQuery(server.graphqlUrl, OWN_VIEW, token, {
          parentId: a.parentId,
          childId: a.child.id,
          child2Id: aChild2Id,
          masterPayerId: a.masterPayerAccountId,
          linkId: a.linkId,
        });
        expect(res.body?.errors).toBeUndefined();
        expect(res.body?.data).toEqual({
          partners: { totalCount: 1, nodes: [{ id: a.child.id }] },
          parents: { totalCount: 0 },
          viewer: {
            partner: {
              id: a.child.id,
              parent: null,
              resellerLinks: [],
              children: { totalCount: 0 },
            },
          },
          ownChild: { id: a.child.id, parent: null, resellerLinks: [] },
          parent: null,
          sibling: null,
          masterPayer: null,
          link: null,
        });
      }
    });

    it("should show a Parent's ADMINISTRATOR its own partner only when it asks for the Children", async () => {
      const res = await postQuery(
        server.graphqlUrl,
        `query($parentId: ID!, $childId: ID!, $childAccountId: ID!, $linkId: ID!) {
          partners { totalCount nodes { id } }
          parent: partner(id: $parentId) { id children { totalCount nodes { id } } resellerLinks { id } }
          child: partner(id: $childId) { id }
          childAccount: account(id: $childAccountId) { id }
          link: resellerLink(id: $linkId) { id }
        }`,
        aParentAdminToken,
        {
          parentId: a.parentId,
          childId: a.child.id,
          childAccountId: a.child.accountId,
          linkId: a.linkId,
        },
      );
      expect(res.body?.errors).toBeUndefined();
      expect(res.body?.data).toEqual({
        partners: { totalCount: 1, nodes: [{ id: a.parentId }] },
        parent: { id: a.parentId, children: { totalCount: 0, nodes: [] }, resellerLinks: [] },
        child: null,
        childAccount: null,
        link: null,
      });
    });

    it("should show the Partner Sys Admin its Parent, both Children and the link when it or its API key asks", async () => {
      for (const token of [a.sysAdminToken, aApiKeySecret]) {
        const res = await postQuery(
          server.graphqlUrl,
          `query($linkId: ID!) { partners { totalCount nodes { id } } link: resellerLink(id: $linkId) { id resellerPartner { id } } }`,
          token,
          { linkId: a.linkId },
        );
        expect(res.body?.errors).toBeUndefined();
        expect(res.body?.data?.partners.totalCount).toBe(3);
        expect(res.body?.data?.partners.nodes.map((p: { id: string }) => p.id).sort()).toEqual(
          [a.parentId, a.child.id, aChild2Id].sort(),
        );
        expect(res.body?.data?.link).toEqual({ id: a.linkId, resellerPartner: { id: a.child.id } });
      }
    });
  });
});
