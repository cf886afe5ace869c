// The audit log (issue #14, Accountability): every mutation and sign-in leaves exactly one entry
// with the right actor and no secret; readers see only their tenant's entries; the database
// keeps entries append-only, and only the retention purge deletes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEntryEntity } from "../src/persistence/entities/index.js";
import {
  PASSWORD,
  activationTokenOf,
  awsId,
  createTenant,
  expectData,
  type Tenant,
} from "./support/fixtures.js";
import { OPERATOR, startTestServer, type TestServer } from "./support/harness.js";
import { errorCodes, postQuery } from "./support/http.js";

interface Row {
  id: number;
  user_id: number | null;
  api_key_id: number | null;
  partner_id: number | null;
  operation: string;
  outcome: string;
  object_type: string | null;
  object_id: string | null;
  related_ids: string;
  changed_fields: string;
  ip: string;
  request_id: string;
}

const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id operation outcome userId userEmail apiKeyId partnerId objectType objectId relatedIds { name id } changedFields ip requestId occurredAt }
  }
}`;

const DAY_MS = 86_400_000;

describe("audit log", () => {
  let server: TestServer;
  let a: Tenant;
  let b: Tenant;
  let operatorToken: string;
  // The server's clock; the retention test moves it.
  let clockOffset = 0;
  const ids: Record<string, number> = {};

  async function rows(afterId = 0): Promise<Row[]> {
    return server.running.deps.dataSource.query(
      `SELECT * FROM "audit_entry" WHERE "id" > ${afterId} ORDER BY "id"`,
    );
  }
  async function lastId(): Promise<number> {
    const [row] = await server.running.deps.dataSource.query<{ m: number | null }[]>(
      `SELECT MAX("id") AS "m" FROM "audit_entry"`,
    );
    return Number(row?.m ?? 0);
  }
  async function userId(token: string): Promise<number> {
    const res = await server.gql<{ viewer: { user: { id: string } } }>(
      `{ viewer { user { id } } }`,
      {},
      token,
    );
    return Number(expectData(res).viewer.user.id);
  }

  /** Runs one mutation and returns the single entry it left (failing when it left none or more). */
  async function one(
    query: string,
    variables: Record<string, unknown>,
    token: string | undefined,
  ): Promise<{ entry: Row; res: Awaited<ReturnType<TestServer["gql"]>> }> {
    const before = await lastId();
    const res = await server.gql(query, variables, token);
    const written = await rows(before);
    expect(written, `${query}: ${JSON.stringify(res.body)}`).toHaveLength(1);
    const entry = written[0]!;
    expect(entry.outcome).toBe(
      (res.body.errors?.[0]?.extensions?.code as string | undefined) ?? "OK",
    );
    expect(entry.request_id).toBe(res.headers.get("x-request-id"));
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    return { entry, res };
  }

  beforeAll(async () => {
    server = await startTestServer({
      backgroundWork: false,
      now: () => new Date(Date.now() + clockOffset),
    });
    operatorToken = await server.login(OPERATOR.email, OPERATOR.password);
    a = await createTenant(server, "audit-a");
    b = await createTenant(server, "audit-b");
    ids.operator = await userId(operatorToken);
    ids.aSysAdmin = await userId(a.sysAdminToken);
    ids.aChildAdmin = await userId(a.child.adminToken);
    ids.bSysAdmin = await userId(b.sysAdminToken);
  });
  afterAll(() => server?.stop());

  it("should leave exactly one entry with the right actor when each kind of mutation runs", async () => {
    const secrets: string[] = [PASSWORD, OPERATOR.password];
    const aParent = Number(a.parentId);
    const aChild = Number(a.child.id);
    const actor = (entry: Row) => [entry.user_id, entry.api_key_id, entry.partner_id];

    // Sign-ins: a success, a wrong password for a known account, and an unknown email.
    let r = await one(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: a.sysAdminEmail, p: PASSWORD },
      undefined,
    );
    expect(actor(r.entry)).toEqual([ids.aSysAdmin, null, aParent]);
    expect(r.entry).toMatchObject({ operation: "login", outcome: "OK", object_type: "User" });
    expect(JSON.parse(r.entry.changed_fields)).toEqual([]);
    const sessionToken = (r.res.body.data as { login: { token: string } }).login.token;
    secrets.push(sessionToken);
    r = await one(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: a.child.adminEmail, p: "wrong-password-123456" },
      undefined,
    );
    expect(actor(r.entry)).toEqual([ids.aChildAdmin, null, aChild]);
    expect(r.entry.outcome).toBe("UNAUTHENTICATED");
    secrets.push("wrong-password-123456");
    r = await one(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: "nobody@example.test", p: "another-wrong-one-1" },
      undefined,
    );
    expect(actor(r.entry)).toEqual([null, null, null]);
    secrets.push("another-wrong-one-1");

    // The Parent's Partner Sys Admin at work.
    r = await one(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { partnerId: a.child.id, name: "Audited account", awsAccountId: awsId() } },
      a.sysAdminToken,
    );
    expect(actor(r.entry)).toEqual([ids.aSysAdmin, null, aParent]);
    const accountId = (r.res.body.data as { createAccount: { id: string } }).createAccount.id;
    expect(r.entry).toMatchObject({ object_type: "Account", object_id: accountId });
    expect(JSON.parse(r.entry.related_ids)).toEqual({ "input.partnerId": a.child.id });
    expect(JSON.parse(r.entry.changed_fields)).toEqual([
      "input.awsAccountId",
      "input.isMasterPayer",
      "input.name",
    ]);

    r = await one(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          partnerId: a.child.id,
          email: "pending-audit@example.test",
          role: "USER",
        },
      },
      a.sysAdminToken,
    );
    expect(actor(r.entry)).toEqual([ids.aSysAdmin, null, aParent]);
    const pendingUserId = (r.res.body.data as { createUser: { id: string } }).createUser.id;
    expect(r.entry).toMatchObject({ object_type: "User", object_id: pendingUserId });

    const child = await one(
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: "Audited child",
          email: "audited-child@example.test",
          initialUser: { email: "audited-child-admin@example.test", password: PASSWORD },
          reseller: { parentPartnerId: a.parentId },
        },
      },
      a.sysAdminToken,
    );
    expect(actor(child.entry)).toEqual([ids.aSysAdmin, null, aParent]);
    const childId = (child.res.body.data as { createPartner: { partner: { id: string } } })
      .createPartner.partner.id;
    expect(child.entry).toMatchObject({ object_type: "Partner", object_id: childId });
    expect(JSON.parse(child.entry.changed_fields)).toContain("input.initialUser.password");

    const payees = [awsId()];
    r = await one(
      `mutation($input: CreateResellerLinkInput!) { createResellerLink(input: $input) { id } }`,
      {
        input: {
          masterPayerAccountId: a.masterPayerAccountId,
          resellerPartnerId: a.child.id,
          awsPayerAccountId: a.payerId,
          awsPayeeAccountIds: payees,
        },
      },
      a.sysAdminToken,
    );
    const linkId = (r.res.body.data as { createResellerLink: { id: string } }).createResellerLink
      .id;
    expect(r.entry).toMatchObject({ object_type: "ResellerLink", object_id: linkId });
    r = await one(
      `mutation($id: ID!, $input: UpdateResellerLinkInput!) { updateResellerLink(id: $id, input: $input) { id } }`,
      { id: linkId, input: { awsPayeeAccountIds: [awsId()], history: "KEEP_HISTORY" } },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({
      object_type: "ResellerLink",
      object_id: linkId,
      outcome: "OK",
    });
    expect(JSON.parse(r.entry.changed_fields)).toEqual([
      "input.awsPayeeAccountIds",
      "input.history",
    ]);
    r = await one(
      `mutation($id: ID!) { deleteResellerLink(id: $id) }`,
      { id: linkId },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({
      object_type: "ResellerLink",
      object_id: linkId,
      outcome: "OK",
    });
    // A refused call is recorded with its code, aimed at what it named.
    r = await one(
      `mutation($id: ID!) { deleteResellerLink(id: $id) }`,
      { id: linkId },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({ object_id: linkId, outcome: "NOT_FOUND" });

    const rule = await one(
      `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { id } }`,
      {
        p: a.parentId,
        input: { kind: "DISCOUNT", percent: "5", effectiveFrom: "2026-01", order: 1 },
      },
      a.sysAdminToken,
    );
    expect(rule.entry.outcome).toBe("OK");
    const ruleId = (rule.res.body.data as { createPricingRule: { id: string } }).createPricingRule
      .id;
    r = await one(
      `mutation($p: ID!, $id: ID!, $input: PricingRuleInput!) { updatePricingRule(parentPartnerId: $p, id: $id, input: $input) { id } }`,
      {
        p: a.parentId,
        id: ruleId,
        input: { kind: "DISCOUNT", percent: "6", effectiveFrom: "2026-01", order: 1 },
      },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({ object_type: "PricingRule", object_id: ruleId, outcome: "OK" });
    r = await one(
      `mutation($p: ID!, $id: ID!) { deletePricingRule(parentPartnerId: $p, id: $id) }`,
      { p: a.parentId, id: ruleId },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({ object_type: "PricingRule", object_id: ruleId, outcome: "OK" });
    for (const mutation of ["lockBillingMonth", "unlockBillingMonth"]) {
      r = await one(
        `mutation($mp: ID!, $p: String!) { ${mutation}(masterPayerAccountId: $mp, billingPeriod: $p) { locked } }`,
        { mp: a.masterPayerAccountId, p: "2026-01" },
        a.sysAdminToken,
      );
      expect(actor(r.entry)).toEqual([ids.aSysAdmin, null, aParent]);
      expect(r.entry.operation).toBe(mutation);
    }
    r = await one(
      `mutation($mp: ID!) { reallocateBilling(masterPayerAccountId: $mp) { id } }`,
      { mp: a.masterPayerAccountId },
      a.sysAdminToken,
    );
    expect(r.entry.operation).toBe("reallocateBilling");

    // An API key acts as its user: the entry names the key.
    r = await one(
      `mutation($n: String!) { createApiKey(name: $n) { apiKey { id } secret } }`,
      { n: "audit" },
      a.sysAdminToken,
    );
    const created = (
      r.res.body.data as { createApiKey: { apiKey: { id: string }; secret: string } }
    ).createApiKey;
    expect(r.entry).toMatchObject({ object_type: "ApiKey", object_id: created.apiKey.id });
    secrets.push(created.secret);
    r = await one(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { partnerId: a.parentId, name: "By key" } },
      created.secret,
    );
    expect(actor(r.entry)).toEqual([ids.aSysAdmin, Number(created.apiKey.id), aParent]);
    r = await one(
      `mutation($id: ID!) { revokeApiKey(id: $id) }`,
      { id: created.apiKey.id },
      a.sysAdminToken,
    );
    expect(r.entry).toMatchObject({ object_type: "ApiKey", object_id: created.apiKey.id });

    // The Child's administrator, the operator, activation and sign-out.
    r = await one(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { partnerId: a.child.id, name: "Child's own" } },
      a.child.adminToken,
    );
    expect(actor(r.entry)).toEqual([ids.aChildAdmin, null, aChild]);
    r = await one(
      `mutation($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: "Audited parent",
          email: "audited-parent@example.test",
          sysAdmin: { email: "audited-parent-admin@example.test" },
        },
      },
      operatorToken,
    );
    expect(actor(r.entry)).toEqual([ids.operator, null, null]);
    expect(r.entry.object_type).toBe("Partner");
    const link = server.outboxLinks().find((l) => l.includes("token="))!;
    const activationToken = activationTokenOf(server.outboxLinks().at(-1) ?? link);
    secrets.push(activationToken);
    r = await one(
      `mutation($t: String!, $p: String!) { activateUser(token: $t, password: $p) { token user { id } } }`,
      { t: activationToken, p: "a-new-password-for-audit" },
      undefined,
    );
    expect(r.entry).toMatchObject({
      operation: "activateUser",
      outcome: "OK",
      object_type: "User",
    });
    expect(r.entry.user_id).not.toBeNull();
    expect(JSON.parse(r.entry.changed_fields)).toEqual([]);
    secrets.push("a-new-password-for-audit");
    r = await one(`mutation { logout }`, {}, sessionToken);
    expect(actor(r.entry)).toEqual([ids.aSysAdmin, null, aParent]);

    // No secret in any entry: passwords, session tokens, API key secrets, activation tokens.
    const everything = JSON.stringify(await rows());
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it("should show a Partner Sys Admin its tenant's entries and a Child's users never the Parent's", async () => {
    const page = async (token: string, filter: Record<string, unknown> = {}) =>
      expectData(
        await server.gql<{
          auditLog: {
            totalCount: number;
            nodes: { partnerId: string | null; userId: string | null }[];
          };
        }>(AUDIT_LOG, { filter, first: 100 }, token),
      ).auditLog;

    const aView = await page(a.sysAdminToken);
    expect(aView.totalCount).toBeGreaterThan(0);
    const family = new Set([a.parentId, a.child.id]);
    const all = await rows();
    const aChildren = new Set(
      (
        await server.running.deps.dataSource.query<{ id: number }[]>(
          `SELECT "id" FROM "partner" WHERE "parent_id" = ${Number(a.parentId)}`,
        )
      ).map((p) => String(p.id)),
    );
    for (const id of aChildren) family.add(id);
    expect(aView.totalCount).toBe(
      all.filter((e) => e.partner_id !== null && family.has(String(e.partner_id))).length,
    );
    for (const node of aView.nodes) expect(family.has(node.partnerId!)).toBe(true);

    const childView = await page(a.child.adminToken);
    expect(childView.totalCount).toBeGreaterThan(0);
    for (const node of childView.nodes) expect(node.partnerId).toBe(a.child.id);
    expect(await page(a.child.adminToken, { userId: String(ids.aSysAdmin) })).toMatchObject({
      totalCount: 0,
    });

    // Tenant B sees none of A's, even when it asks for A's user or objects by id.
    for (const filter of [{ userId: String(ids.aSysAdmin) }, { objectId: a.child.id }, {}]) {
      const bView = await page(b.sysAdminToken, filter);
      for (const node of bView.nodes) expect(family.has(node.partnerId ?? "")).toBe(false);
    }
    expect((await page(b.sysAdminToken, { userId: String(ids.aSysAdmin) })).totalCount).toBe(0);

    // The operator reads everything.
    expect((await page(operatorToken)).totalCount).toBe(all.length + 0);

    // A USER may not read the log at all; anonymous callers must sign in.
    const userEmail = "audit-reader@example.test";
    expectData(
      await server.gql(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { partnerId: a.parentId, email: userEmail, role: "USER", password: PASSWORD } },
        a.sysAdminToken,
      ),
    );
    const userToken = await server.login(userEmail, PASSWORD);
    expect(errorCodes(await postQuery(server.graphqlUrl, AUDIT_LOG, userToken))).toEqual([
      "FORBIDDEN",
    ]);
    expect(errorCodes(await postQuery(server.graphqlUrl, AUDIT_LOG))).toEqual(["UNAUTHENTICATED"]);
  });

  it("should filter by user, operation, object and time and page through the rest when asked", async () => {
    type Page = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: {
        id: string;
        operation: string;
        userId: string;
        objectId: string;
        occurredAt: string;
        userEmail: string;
      }[];
    };
    const get = async (variables: Record<string, unknown>) =>
      expectData(await server.gql<{ auditLog: Page }>(AUDIT_LOG, variables, a.sysAdminToken))
        .auditLog;

    const logins = await get({ filter: { operation: "login", userId: String(ids.aSysAdmin) } });
    expect(logins.totalCount).toBeGreaterThan(0);
    for (const node of logins.nodes) {
      expect(node).toMatchObject({
        operation: "login",
        userId: String(ids.aSysAdmin),
        userEmail: a.sysAdminEmail,
      });
    }
    const aboutChild = await get({ filter: { objectType: "Partner", objectId: a.child.id } });
    expect(aboutChild.nodes.map((n) => n.operation)).toEqual(["createPartner"]);

    // Pages of 3, newest first, cover every entry exactly once.
    const total = (await get({ first: 0 })).totalCount;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: Page = await get({ first: 3, after });
      expect(p.totalCount).toBe(total);
      seen.push(...p.nodes.map((n) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((x, y) => y - x));

    const newest = (await get({ first: 1 })).nodes[0]!;
    const window = await get({ filter: { from: newest.occurredAt, to: newest.occurredAt } });
    expect(window.nodes.map((n) => n.id)).toContain(newest.id);
    expect((await get({ filter: { to: "2000-01-01T00:00:00Z" } })).totalCount).toBe(0);

    // Bad input names the field and its value, and changes nothing.
    const before = await lastId();
    for (const [variables, field] of [
      [{ first: 101 }, "first"],
      [{ after: "not-a-cursor" }, "after"],
      [{ filter: { userId: "abc" } }, "filter.userId"],
      [{ filter: { operation: "x".repeat(101) } }, "filter.operation"],
      [{ filter: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" } }, "filter.from"],
    ] as const) {
      const res = await server.gql(AUDIT_LOG, variables, a.sysAdminToken);
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({
        code: "BAD_USER_INPUT",
        field,
      });
      expect(res.body.errors?.[0]?.extensions?.value).toBeDefined();
    }
    expect(await lastId()).toBe(before);
  });

  it("should refuse to update or delete entries through the application and the database", async () => {
    const { dataSource } = server.running.deps;
    const repo = dataSource.getRepository(AuditEntryEntity);
    const target = (await rows()).at(-1)!;
    await expect(
      repo.update({ id: target.id }, { outcome: "OK", operation: "forged" }),
    ).rejects.toThrow(/append-only/);
    await expect(repo.delete({ id: target.id })).rejects.toThrow(/at least 30 days/);
    await expect(dataSource.query(`UPDATE "audit_entry" SET "user_id" = NULL`)).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`DELETE FROM "audit_entry"`)).rejects.toThrow(/at least 30 days/);
    if (server.driver === "postgres")
      await expect(dataSource.query(`TRUNCATE "audit_entry"`)).rejects.toThrow(/append-only/);
    expect(await rows()).toEqual(await rows());
    expect((await rows()).find((r) => r.id === target.id)).toEqual(target);
  });

  it("should leave exactly one entry per request when many mutations run at once", async () => {
    const before = await lastId();
    const n = 40;
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        server.gql<{ createAccount: { id: string } }>(
          `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
          // Every fifth fails: an AWS id that is not 12 digits.
          {
            input: {
              partnerId: i % 2 === 0 ? a.parentId : a.child.id,
              name: `Burst ${i}`,
              awsAccountId: i % 5 === 0 ? "123" : awsId(),
            },
          },
          i % 2 === 0 ? a.sysAdminToken : a.child.adminToken,
        ),
      ),
    );
    const written = await rows(before);
    expect(written).toHaveLength(n);
    const byRequest = new Map(written.map((e) => [e.request_id, e]));
    expect(byRequest.size).toBe(n);
    for (const [i, res] of responses.entries()) {
      const entry = byRequest.get(res.headers.get("x-request-id")!)!;
      expect(entry.user_id).toBe(i % 2 === 0 ? ids.aSysAdmin : ids.aChildAdmin);
      const code = res.body.errors?.[0]?.extensions?.code as string | undefined;
      expect(entry.outcome).toBe(code ?? "OK");
      expect(entry.outcome).toBe(i % 5 === 0 ? "BAD_USER_INPUT" : "OK");
      if (!code) expect(entry.object_id).toBe(res.body.data!.createAccount.id);
    }
  });

  it("should purge only entries older than AUDIT_RETENTION_DAYS when the purge runs", async () => {
    const { audit } = server.running.services;
    const kept = (await rows()).length;
    // Entries written 401 days ago (the server's clock moved back), then the clock returns.
    clockOffset = -401 * DAY_MS;
    const oldToken = await server.login(OPERATOR.email, OPERATOR.password);
    await server.gql(`mutation { logout }`, {}, oldToken);
    const old = (await rows()).length - kept;
    expect(old).toBe(2);
    clockOffset = 0;
    expect(server.running.deps.config.auditRetentionDays).toBe(400);
    expect(await audit.purge()).toBe(2);
    expect(await rows()).toHaveLength(kept);
    expect(await audit.purge()).toBe(0);
  });
});
