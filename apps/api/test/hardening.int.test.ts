// security.md's rows about the foundation, against a started server over real HTTP.
import { createHash, randomBytes } from "node:crypto";
import { Lexer, Source, TokenKind } from "graphql";
import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, createTenant, expectData, type Tenant } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";
import {
  type RawResponse,
  errorCodes,
  getOnNewConnection,
  getQuery,
  postJson,
  postQuery,
  send,
} from "./support/http.js";

const INTROSPECTION = `{ __schema { types { name } } }`;
const HOUR = 60 * 60 * 1000;

/** `{ partners { nodes { parent { … { id } } } } }`: `depth` fields on the longest path. */
function parentChain(depth: number): string {
  let selection = "id";
  for (let i = 0; i < depth - 3; i += 1) selection = `parent { ${selection} }`;
  return `{ partners { nodes { ${selection} } } }`;
}

/** The non-EOF tokens graphql-js's parser counts against `maxTokens`. */
function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

function aliases(count: number, field: string): string {
  return Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ");
}

async function accountNames(server: TestServer, tenant: Tenant): Promise<string[]> {
  const data = expectData(
    await server.gql<{ partner: { accounts: { name: string }[] } }>(
      `query($id: ID!) { partner(id: $id) { accounts { name } } }`,
      { id: tenant.parentId },
      tenant.sysAdminToken,
    ),
  );
  return data.partner.accounts.map((account) => account.name);
}

const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`;

function expectNoStacktrace(res: RawResponse): void {
  for (const error of res.body?.errors ?? []) {
    expect(error.extensions ?? {}).not.toHaveProperty("stacktrace");
    expect(error.extensions ?? {}).not.toHaveProperty("exception");
  }
}

describe("hardening in production (security.md)", () => {
  let server: TestServer;
  let tenant: Tenant;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
    tenant = await createTenant(server, "hardening");
    url = server.graphqlUrl;
  });
  afterAll(() => server?.stop());

  describe("introspection and error detail (rows 1-3)", () => {
    it("should refuse introspection with 400 INTROSPECTION_DISABLED when an anonymous caller asks in production", async () => {
      for (const query of [INTROSPECTION, `{ __type(name: "Partner") { name fields { name } } }`]) {
        const res = await postQuery(url, query);
        expect(res.status).toBe(400);
        expect(errorCodes(res)).toEqual(["INTROSPECTION_DISABLED"]);
        expect(res.body?.data).toBeUndefined();
      }
    });

    it("should answer introspection when a signed-in partner asks in production", async () => {
      const res = await postQuery(url, INTROSPECTION, tenant.sysAdminToken);
      expect(res.status).toBe(200);
      expect(res.body?.errors).toBeUndefined();
      expect(res.body?.data?.__schema.types.map((type: { name: string }) => type.name)).toContain(
        "ResellerLink",
      );
    });

    it("should not suggest field names when a query misspells a field in production", async () => {
      for (const token of [undefined, tenant.sysAdminToken]) {
        const res = await postQuery(url, `{ partnrs { id } }`, token);
        expect(res.status).toBe(400);
        expect(errorCodes(res)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
        for (const error of res.body?.errors ?? [])
          expect(error.message).not.toMatch(/Did you mean/);
      }
    });

    it("should return no stack trace when any kind of error is answered in production", async () => {
      const answers = await Promise.all([
        postQuery(url, `{ partners { totalCount } }`),
        postQuery(url, `{ partners { totalCount }`, tenant.sysAdminToken),
        postQuery(url, `{ nope }`, tenant.sysAdminToken),
        postQuery(url, `query($id: ID!) { partner(id: $id) { id } }`, tenant.sysAdminToken),
        postQuery(url, `{ partners(first: 1000) { totalCount } }`, tenant.sysAdminToken),
        postQuery(
          url,
          `mutation { createParentPartner(input: { name: "x", email: "x@example.test", sysAdmin: { email: "y@example.test" } }) { partner { id } } }`,
          tenant.sysAdminToken,
        ),
        postQuery(url, `mutation { deleteResellerLink(id: "1999999999") }`, tenant.sysAdminToken),
        postQuery(
          url,
          `mutation { createAccount(input: { partnerId: "${tenant.parentId}", name: "x", awsAccountId: "12" }) { id } }`,
          tenant.sysAdminToken,
        ),
        postQuery(
          url,
          `{ partners(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`,
          tenant.sysAdminToken,
        ),
        postQuery(url, INTROSPECTION),
      ]);
      for (const res of answers) {
        expect(res.body?.errors?.length, res.text).toBeGreaterThan(0);
        expectNoStacktrace(res);
      }
    });
  });

  describe("CSRF, methods, CORS, batching and APQ (rows 4-7)", () => {
    it("should refuse a simple POST with 400 when its content type is text/plain or a form", async () => {
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
        const res = await send(url, {
          method: "POST",
          headers: { "content-type": contentType, authorization: `Bearer ${tenant.sysAdminToken}` },
          body: JSON.stringify({
            query: `mutation { createAccount(input: { partnerId: "${tenant.parentId}", name: "csrf" }) { id } }`,
          }),
        });
        expect(res.status).toBe(400);
      }
      expect(await accountNames(server, tenant)).not.toContain("csrf");
    });

    it("should refuse a bare GET with 400 when it carries no preflight header", async () => {
      const res = await getQuery(url, { query: "{ __typename }" });
      expect(res.status).toBe(400);
      expect(res.body?.data).toBeUndefined();
    });

    it("should answer a GET with 200 when it carries apollo-require-preflight", async () => {
      const res = await getQuery(
        url,
        { query: "{ __typename }" },
        { "apollo-require-preflight": "true" },
      );
      expect(res.status).toBe(200);
      expect(res.body?.data).toEqual({ __typename: "Query" });
    });

    it("should not execute a mutation when it is sent over GET", async () => {
      const res = await getQuery(
        url,
        {
          query: `mutation { createAccount(input: { partnerId: "${tenant.parentId}", name: "via-get" }) { id } }`,
        },
        { "apollo-require-preflight": "true", authorization: `Bearer ${tenant.sysAdminToken}` },
      );
      expect([400, 405]).toContain(res.status);
      expect(res.body?.data ?? null).toBeNull();
      expect(await accountNames(server, tenant)).not.toContain("via-get");
    });

    it("should pass every MUST audit of graphql-http when a signed-in client runs them", async () => {
      // Signed in: the audits introspect `__type`, which production keeps from anonymous callers.
      const fetchFn = (input: string, init: RequestInit = {}) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string>),
            authorization: `Bearer ${tenant.sysAdminToken}`,
          },
        });
      const results = await auditServer({ url, fetchFn });
      const failedMusts = results.filter(
        (result) => result.name.startsWith("MUST") && result.status !== "ok",
      );
      expect(
        failedMusts.map(
          (result) => `${result.id} ${result.name}: ${result.status === "ok" ? "" : result.reason}`,
        ),
      ).toEqual([]);
      expect(results.filter((result) => result.name.startsWith("MUST")).length).toBeGreaterThan(10);
    });

    it("should send no access-control-allow-origin when a foreign origin asks", async () => {
      const preflight = await send(url, {
        method: "OPTIONS",
        headers: {
          origin: "https://evil.test",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,authorization",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      const post = await postJson(
        url,
        { query: "{ __typename }" },
        { origin: "https://evil.test" },
      );
      expect(post.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("should echo the origin when Apollo Studio or the console's own origin asks", async () => {
      for (const origin of ["https://studio.apollographql.com", "http://console.example.test"]) {
        const preflight = await send(url, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,authorization",
          },
        });
        expect(preflight.status).toBeLessThan(300);
        expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      }
    });

    it("should refuse a batch with 400 and execute none of it when the body is an array", async () => {
      const mutation = {
        query: CREATE_ACCOUNT,
        variables: { input: { partnerId: tenant.parentId, name: "batched" } },
      };
      const res = await postJson(url, [mutation, mutation], {
        authorization: `Bearer ${tenant.sysAdminToken}`,
      });
      expect(res.status).toBe(400);
      expect(await accountNames(server, tenant)).not.toContain("batched");
    });

    it("should answer PERSISTED_QUERY_NOT_SUPPORTED and execute nothing when a request uses APQ", async () => {
      const query = `mutation { createAccount(input: { partnerId: "${tenant.parentId}", name: "persisted" }) { id } }`;
      const sha256Hash = createHash("sha256").update(query).digest("hex");
      for (const payload of [
        { query, extensions: { persistedQuery: { version: 1, sha256Hash } } },
        { extensions: { persistedQuery: { version: 1, sha256Hash } } },
      ]) {
        const res = await postJson(url, payload, {
          authorization: `Bearer ${tenant.sysAdminToken}`,
        });
        expect(errorCodes(res)).toEqual(["PERSISTED_QUERY_NOT_SUPPORTED"]);
        expect(res.body?.data ?? null).toBeNull();
      }
      expect(await accountNames(server, tenant)).not.toContain("persisted");
    });
  });

  describe("document limits (rows 8-13)", () => {
    it("should refuse 11 aliases with 400 and answer 10 when the aliases are __typename", async () => {
      expect((await postQuery(url, `{ ${aliases(10, "__typename")} }`)).status).toBe(200);
      for (const count of [11, 101]) {
        const res = await postQuery(url, `{ ${aliases(count, "__typename")} }`);
        expect(res.status).toBe(400);
        expect(res.body?.data).toBeUndefined();
      }
    });

    it("should refuse 11 aliased partner fields with 400 when a signed-in caller sends them", async () => {
      const ok = await postQuery(
        url,
        `{ ${aliases(10, `partner(id: "${tenant.parentId}") { id }`)} }`,
        tenant.sysAdminToken,
      );
      expect(ok.status).toBe(200);
      const res = await postQuery(
        url,
        `{ ${aliases(11, `partner(id: "${tenant.parentId}") { id }`)} }`,
        tenant.sysAdminToken,
      );
      expect(res.status).toBe(400);
    });

    it("should refuse a document with 400 when it holds two credential fields", async () => {
      for (const document of [
        `mutation { a: login(email: "x@example.test", password: "x") { token } b: login(email: "x@example.test", password: "y") { token } }`,
        `mutation { login(email: "x@example.test", password: "x") { token } activateUser(token: "x", password: "y") { token } }`,
      ]) {
        const res = await postQuery(url, document);
        expect(res.status).toBe(400);
        expect(errorCodes(res)).toContain("GRAPHQL_VALIDATION_FAILED");
        expect(res.body?.data).toBeUndefined();
      }
    });

    it("should refuse a 2,001-token document with 400 before execution and parse one of 2,000 tokens", async () => {
      const mutation = (payees: number) =>
        `mutation { updateResellerLink(id: "${tenant.linkId}", input: { awsPayeeAccountIds: [${Array.from({ length: payees }, (_, i) => `"${String(i).padStart(12, "0")}"`).join(" ")}] }) { id } }`;
      const payees = 2000 - tokenCount(mutation(0));
      const atLimit = mutation(payees);
      const overLimit = mutation(payees + 1);
      expect(tokenCount(atLimit)).toBe(2000);
      expect(tokenCount(overLimit)).toBe(2001);

      const over = await postQuery(url, overLimit, tenant.sysAdminToken);
      expect(over.status).toBe(400);
      expect(errorCodes(over)).toEqual(["GRAPHQL_PARSE_FAILED"]);
      // At the limit the document is parsed and executed: the domain then refuses that many payees.
      const at = await postQuery(url, atLimit, tenant.sysAdminToken);
      expect(errorCodes(at)).toEqual(["BAD_USER_INPUT"]);
      const link = expectData(
        await server.gql<{ resellerLink: { awsPayeeAccountIds: string[] } }>(
          `query($id: ID!) { resellerLink(id: $id) { awsPayeeAccountIds } }`,
          { id: tenant.linkId },
          tenant.sysAdminToken,
        ),
      );
      expect(link.resellerLink.awsPayeeAccountIds).toEqual(tenant.payees);
    });

    it("should refuse 500 duplicated __typename fields with 400 when sent in one selection set", async () => {
      const res = await postQuery(url, `query cop { ${"__typename\n".repeat(500)} }`);
      expect(res.status).toBe(400);
      expect(res.body?.data).toBeUndefined();
    });

    it("should answer depth 8 with nested data and refuse depth 9 with 400 when the fields really nest", async () => {
      const eight = await postQuery(
        url,
        `{ viewer { partner { children(first: 5) { nodes { parent { children(first: 5) { nodes { id } } } } } } } }`,
        tenant.sysAdminToken,
      );
      expect(eight.status).toBe(200);
      expect(eight.body?.data?.viewer.partner.children.nodes[0].parent.children.nodes[0].id).toBe(
        tenant.child.id,
      );
      const eightParents = await postQuery(url, parentChain(8), tenant.sysAdminToken);
      expect(eightParents.status).toBe(200);
      expect(eightParents.body?.errors).toBeUndefined();

      for (const document of [
        `{ viewer { partner { children(first: 5) { nodes { parent { children(first: 5) { nodes { parent { id } } } } } } } } }`,
        parentChain(9),
        // Fragments are flattened before depth is measured.
        `{ partners { nodes { ...P } } } fragment P on Partner { parent { parent { parent { parent { parent { parent { id } } } } } } }`,
      ]) {
        const res = await postQuery(url, document, tenant.sysAdminToken);
        expect(res.status, document).toBe(400);
        expect(res.body?.data).toBeUndefined();
      }
    });

    it("should measure depth when an operation or fragment is named __schema", async () => {
      const deep = (depth: number) => parentChain(depth).slice(1, -1);
      for (const document of [
        `query __schema { ${deep(20)} }`,
        `query { ...__schema } fragment __schema on Query { ${deep(20)} }`,
      ]) {
        const res = await postQuery(url, document, tenant.sysAdminToken);
        expect(res.status, document).toBe(400);
        expect(res.body?.data).toBeUndefined();
      }
    });

    it("should refuse circular fragments with 400 when A spreads B and B spreads A", async () => {
      const res = await postQuery(
        url,
        `query { partners { nodes { ...A } } } fragment A on Partner { id ...B } fragment B on Partner { name ...A }`,
        tenant.sysAdminToken,
      );
      expect(res.status).toBe(400);
      expect(res.body?.errors?.length).toBeGreaterThan(0);
      expect(res.body?.data).toBeUndefined();
    });

    it("should refuse 11 directives with 400 and answer 10 when they sit on one field or across fields", async () => {
      const include = "@include(if: true)";
      const userFields = ["id", "email", "name", "role", "status", "createdAt"];
      const partnerFields = ["id", "name", "email", "level", "isReseller"];
      const spread = (count: number) => {
        const directives = [
          ...userFields.map((f) => `user.${f}`),
          ...partnerFields.map((f) => `partner.${f}`),
        ].slice(0, count);
        const pick = (object: string, fields: string[]) =>
          fields
            .map((f) => (directives.includes(`${object}.${f}`) ? `${f} ${include}` : f))
            .join(" ");
        return `{ viewer { user { ${pick("user", userFields)} } partner { ${pick("partner", partnerFields)} } } }`;
      };
      expect((await postQuery(url, spread(10), tenant.sysAdminToken)).status).toBe(200);
      expect((await postQuery(url, spread(11), tenant.sysAdminToken)).status).toBe(400);
      const onOneField = await postQuery(
        url,
        `{ __typename ${`${include} `.repeat(11)} }`,
        tenant.sysAdminToken,
      );
      expect(onOneField.status).toBe(400);
      expect(onOneField.body?.data).toBeUndefined();
    });

    it("should answer a bounded number of errors when 100 unknown directives are sent", async () => {
      const res = await postQuery(
        url,
        `{ __typename ${"@aa ".repeat(100)} }`,
        tenant.sysAdminToken,
      );
      expect(res.status).toBe(400);
      expect(res.body?.errors?.length).toBeLessThanOrEqual(101);
    });

    it("should refuse a 100 × 100 nested page with 400 QUERY_TOO_COMPLEX", async () => {
      const res = await postQuery(
        url,
        `{ partners(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`,
        tenant.sysAdminToken,
      );
      expect(res.status).toBe(400);
      expect(errorCodes(res)).toEqual(["QUERY_TOO_COMPLEX"]);
      expect(res.body?.data).toBeUndefined();
    });

    it("should answer BAD_USER_INPUT on field first when a page asks for 100,000 items", async () => {
      for (const document of [
        `{ viewer { partner { children(first: 100000) { totalCount } } } }`,
        `{ partners(first: 100000) { totalCount } }`,
      ]) {
        const res = await postQuery(url, document, tenant.sysAdminToken);
        expect(res.body?.errors?.[0]?.extensions).toMatchObject({
          code: "BAD_USER_INPUT",
          field: "first",
        });
      }
    });

    it("should answer BAD_USER_INPUT on field after when a cursor names an id beyond the key column", async () => {
      const forged = Buffer.from("id:99999999999", "utf8").toString("base64url");
      const res = await postQuery(
        url,
        `query($after: String) { partners(after: $after) { totalCount } }`,
        tenant.sysAdminToken,
        { after: forged },
      );
      expect(res.body?.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
    });

    it("should answer the console's partners page with 200 when it asks for 50 partners", async () => {
      const res = await postQuery(
        url,
        `query PartnersPage($first: Int!, $after: String, $search: String) {
          partners(first: $first, after: $after, search: $search) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes {
              id name email level isReseller createdAt
              parent { id name }
              children(first: 5) { totalCount }
              accounts { id name awsAccountId isMasterPayer }
              resellerLinks {
                id awsPayerAccountId awsPayeeAccountIds history
                resellerPartner { id name }
                resellerAccount { id }
              }
            }
          }
        }`,
        tenant.sysAdminToken,
        { first: 50 },
      );
      expect(res.status).toBe(200);
      expect(res.body?.errors).toBeUndefined();
      expect(res.body?.data?.partners.totalCount).toBe(2);
    });

    it("should refuse a 200 KB body with 413 when the variables are that large", async () => {
      const query = "query($x: String) { partners(search: $x) { totalCount } }";
      const auth = { authorization: `Bearer ${tenant.sysAdminToken}` };
      const res = await postJson(url, { query, variables: { x: "a".repeat(200 * 1024) } }, auth);
      expect(res.status).toBe(413);
      expect(res.text).not.toMatch(/at .*\.js|node_modules/);
      const fits = await postJson(url, { query, variables: { x: "a".repeat(90 * 1024) } }, auth);
      expect(fits.status).toBe(200);
    });
  });

  describe("credentials (rows 19-21)", () => {
    const expectUnauthenticated = (res: RawResponse) => {
      expect(res.status).toBe(401);
      expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
      expect(res.body?.data ?? null).toBeNull();
    };
    const VIEWER = `{ viewer { user { id } } }`;

    it("should answer UNAUTHENTICATED when a bearer token is forged or malformed", async () => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const random43 = Array.from(randomBytes(43), (byte) => alphabet[byte % 64]).join("");
      const flipped =
        tenant.sysAdminToken.slice(0, -1) + (tenant.sysAdminToken.endsWith("A") ? "B" : "A");
      const jwtNone = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"sub":"1","role":"OPERATOR"}').toString("base64url")}.`;
      for (const authorization of [
        `Bearer rcs_${random43}`,
        `Bearer rck_${random43}`,
        "Bearer nonsense",
        `Bearer ${flipped}`,
        `Bearer ${jwtNone}`,
        `Basic ${Buffer.from("a:b").toString("base64")}`,
      ]) {
        const res = await postJson(url, { query: VIEWER }, { authorization });
        expectUnauthenticated(res);
      }
      // The real token still works: the forgeries were refused on their own merit.
      expect(errorCodes(await postQuery(url, VIEWER, tenant.sysAdminToken))).toEqual([]);
    });

    it("should answer UNAUTHENTICATED when a session was ended by logout", async () => {
      const token = await server.login(tenant.sysAdminEmail, PASSWORD);
      expect(errorCodes(await postQuery(url, VIEWER, token))).toEqual([]);
      expect((await postQuery(url, `mutation { logout }`, token)).body?.data).toEqual({
        logout: true,
      });
      expectUnauthenticated(await postQuery(url, VIEWER, token));
    });

    it("should answer UNAUTHENTICATED when an API key was revoked", async () => {
      const created = expectData(
        await server.gql<{ createApiKey: { apiKey: { id: string }; secret: string } }>(
          `mutation { createApiKey(name: "to revoke") { apiKey { id } secret } }`,
          {},
          tenant.sysAdminToken,
        ),
      ).createApiKey;
      expect(errorCodes(await postQuery(url, VIEWER, created.secret))).toEqual([]);
      expect(
        expectData(
          await server.gql(
            `mutation($id: ID!) { revokeApiKey(id: $id) }`,
            { id: created.apiKey.id },
            tenant.sysAdminToken,
          ),
        ),
      ).toEqual({ revokeApiKey: true });
      expectUnauthenticated(await postQuery(url, VIEWER, created.secret));
    });

    it("should store passwords as Argon2id with OWASP's parameters when users are created", async () => {
      const rows: { password_hash: string | null }[] = await server.running.deps.dataSource.query(
        `SELECT password_hash FROM app_user`,
      );
      const hashes = rows
        .map((row) => row.password_hash)
        .filter((hash): hash is string => hash !== null);
      expect(hashes.length).toBeGreaterThanOrEqual(3);
      for (const hash of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      // The canonical parameter order still verifies.
      expect(await server.login(tenant.sysAdminEmail, PASSWORD)).toMatch(/^rcs_/);
    });
  });

  describe("request ids, probes and the landing page", () => {
    it("should send a fresh x-request-id when the client gives none or a malformed one", async () => {
      const plain = await postQuery(url, "{ __typename }");
      expect(plain.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      for (const given of ["has spaces in it", "x".repeat(65), "semi;colon"]) {
        const res = await postJson(url, { query: "{ __typename }" }, { "x-request-id": given });
        expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it("should echo x-request-id when the client gives a well-formed one", async () => {
      const res = await postJson(
        url,
        { query: "{ __typename }" },
        { "x-request-id": "edge-7f3a.b_C9" },
      );
      expect(res.headers.get("x-request-id")).toBe("edge-7f3a.b_C9");
      const health = await send(`${server.url}/healthz`, {
        headers: { "x-request-id": "probe-1" },
      });
      expect(health.headers.get("x-request-id")).toBe("probe-1");
    });

    it("should answer /healthz and /readyz with 200 when the database is reachable", async () => {
      const health = await send(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: "ok" });
      expect((await send(`${server.url}/readyz`)).status).toBe(200);
    });
  });
});

describe("hardening in development", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "development" } });
  });
  afterAll(() => server?.stop());

  it("should answer anonymous introspection with 200 when NODE_ENV is development", async () => {
    const res = await postQuery(server.graphqlUrl, INTROSPECTION);
    expect(res.status).toBe(200);
    expect(res.body?.data?.__schema.types.length).toBeGreaterThan(10);
  });

  it("should suggest field names when NODE_ENV is development", async () => {
    // The production check above is meaningful only because development does suggest.
    const res = await postQuery(server.graphqlUrl, `{ partnrs { id } }`);
    expect(res.body?.errors?.[0]?.message).toMatch(/Did you mean "partners"/);
  });
});

describe("CORS_ORIGINS", () => {
  it("should echo an origin when CORS_ORIGINS lists it", async () => {
    const server = await startTestServer({
      env: { NODE_ENV: "production", CORS_ORIGINS: "https://console.partner.test" },
    });
    try {
      for (const [origin, allowed] of [
        ["https://console.partner.test", true],
        ["https://evil.test", false],
      ] as const) {
        const res = await send(server.graphqlUrl, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST" },
        });
        expect(res.headers.get("access-control-allow-origin")).toBe(allowed ? origin : null);
      }
    } finally {
      await server.stop();
    }
  });
});

describe("rate limits", () => {
  it("should answer 429 RATE_LIMITED with retry-after when an anonymous caller sends a 6th request in a minute", async () => {
    const server = await startTestServer({
      env: { NODE_ENV: "production" },
      rateLimits: { anonymousPerMinute: 5 },
    });
    try {
      for (let i = 0; i < 5; i += 1)
        expect((await postQuery(server.graphqlUrl, "{ __typename }")).status).toBe(200);
      const res = await postQuery(server.graphqlUrl, "{ __typename }");
      expect(res.status).toBe(429);
      expect(errorCodes(res)).toEqual(["RATE_LIMITED"]);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    } finally {
      await server.stop();
    }
  });
});

describe("activation tokens and expiry (rows 19-20)", () => {
  let clock = Date.parse("2026-11-02T09:00:00.000Z");
  let server: TestServer;
  let tenant: Tenant;

  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" }, now: () => new Date(clock) });
    tenant = await createTenant(server, "activation");
  });
  afterAll(() => server?.stop());

  async function invite(email: string): Promise<string> {
    const before = new Set(server.outboxLinks());
    expectData(
      await server.gql(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { status } }`,
        { input: { partnerId: tenant.child.id, email, role: "USER" } },
        tenant.child.adminToken,
      ),
    );
    const links = server.outboxLinks().filter((link) => !before.has(link));
    expect(links).toHaveLength(1);
    return new URL(links[0]!).searchParams.get("token")!;
  }

  const ACTIVATE = `mutation($token: String!, $password: String!) { activateUser(token: $token, password: $password) { token user { status } } }`;

  it("should store only a SHA-256 of the activation token when the email is sent", async () => {
    const raw = await invite("hash-only@example.test");
    const rows: Record<string, unknown>[] = await server.running.deps.dataSource.query(
      `SELECT * FROM activation_token`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows)).not.toContain(raw);
    expect(JSON.stringify(rows)).not.toContain(raw.slice(4));
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.map((row) => row.token_hash)).toContain(
      createHash("sha256").update(raw).digest("hex"),
    );
  });

  it("should activate within 48 h once, and refuse a replay or an expired token with BAD_USER_INPUT on token", async () => {
    const expiring = await invite("expires@example.test");
    const inTime = await invite("in-time@example.test");

    clock += 48 * HOUR - 60_000;
    const activated = await server.gql(ACTIVATE, { token: inTime, password: PASSWORD });
    expect(activated.body.errors).toBeUndefined();
    expect(activated.body.data?.activateUser.user.status).toBe("ACTIVE");
    const replay = await server.gql(ACTIVATE, { token: inTime, password: PASSWORD });
    expect(replay.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "token",
    });

    clock += 2 * 60_000;
    const expired = await server.gql(ACTIVATE, { token: expiring, password: PASSWORD });
    expect(expired.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "token",
    });
    expect(expired.body.data ?? null).toBeNull();
  });

  it("should answer UNAUTHENTICATED when a session is older than its lifetime", async () => {
    // The clock has moved two days on since the tenant's admins signed in.
    const res = await postQuery(
      server.graphqlUrl,
      `{ viewer { user { id } } }`,
      tenant.sysAdminToken,
    );
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("faults", () => {
  let server: TestServer;
  let tenant: Tenant;
  const leaks =
    /no such table|relation .* does not exist|select |sqlite|postgres|typeorm|queryfailed|datasource|context creation|\.ts:\d+|node_modules/i;

  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
    tenant = await createTenant(server, "faults");
  });
  afterAll(() => server?.stop());

  it("should mask a failing resolver as Internal server error when a table has gone", async () => {
    await server.running.deps.dataSource.query(`ALTER TABLE "account" RENAME TO "account_gone"`);
    try {
      const res = await postQuery(
        server.graphqlUrl,
        `query($id: ID!) { account(id: $id) { id name } }`,
        tenant.sysAdminToken,
        { id: tenant.masterPayerAccountId },
      );
      expect(res.body?.data).toEqual({ account: null });
      expect(res.body?.errors).toHaveLength(1);
      expect(res.body?.errors?.[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
        path: ["account"],
      });
      expectNoStacktrace(res);
      expect(res.text).not.toMatch(leaks);
      expect(res.text).not.toContain("account_gone");
      // What the client does not see, the operator finds in the log, with the request's id.
      const logged = server.errorLogs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.msg === "resolver failed");
      expect(logged).toMatchObject({ path: ["account"], req: { id: expect.any(String) } });
      expect(JSON.stringify(logged)).not.toContain(tenant.sysAdminToken);
      expect(JSON.stringify(logged?.err)).toMatch(/no such table|does not exist/);
    } finally {
      await server.running.deps.dataSource.query(`ALTER TABLE "account_gone" RENAME TO "account"`);
    }
  });

  it("should mask the failure and report not ready when the database is closed under a running server", async () => {
    await server.running.deps.dataSource.destroy();
    const res = await postQuery(
      server.graphqlUrl,
      `{ partners { totalCount } }`,
      tenant.sysAdminToken,
    );
    expect(res.status).toBe(500);
    expect(res.body?.errors).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    expect(res.text).not.toMatch(leaks);

    const ready = await send(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).not.toMatch(leaks);
    expect((await send(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("graceful shutdown (row 27)", () => {
  it("should finish the in-flight request, refuse new connections and close the database when stop is called", async () => {
    const server = await startTestServer({ env: { NODE_ENV: "production" } });
    try {
      const tenant = await createTenant(server, "drain");
      const { deps } = server.running;

      // Hold the write path for 1.5 s: SQLite's write mutex, PostgreSQL's lock on the account table.
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holding = deps.tx.run(async (manager) => {
        if (server.driver === "postgres")
          await manager.query(`LOCK TABLE "account" IN EXCLUSIVE MODE`);
        locked();
        await new Promise((resolve) => setTimeout(resolve, 1500));
      });
      await isLocked;

      server.queries.length = 0;
      const slow = postQuery(server.graphqlUrl, CREATE_ACCOUNT, tenant.sysAdminToken, {
        input: { partnerId: tenant.parentId, name: "in flight" },
      });
      // The request is in flight once it has looked up the partner; then it waits for the lock.
      const deadline = Date.now() + 5000;
      while (!server.queries.some((sql) => /FROM "partner"/.test(sql)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));

      let answered = false;
      void slow.then(() => (answered = true));
      const started = Date.now();
      const stopped = server.running.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered, "the request must still be waiting for the lock when stop begins").toBe(
        false,
      );
      await expect(getOnNewConnection(`${server.url}/healthz`)).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });

      const res = await slow;
      expect(res.status).toBe(200);
      expect(res.body?.errors).toBeUndefined();
      expect(res.body?.data?.createAccount.id).toMatch(/^\d+$/);
      await holding;
      await stopped;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(deps.dataSource.isInitialized).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
