// Client retries with an Idempotency-Key (security.md row 23, IETF draft "The Idempotency-Key HTTP
// Header Field"), against a started server on SQLite or, with DATABASE_URL, PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { requestFingerprint } from "../src/graphql/idempotency.js";
import { AccountEntity, IdempotencyKeyEntity } from "../src/persistence/entities/index.js";
import {
  PASSWORD,
  createParentTenant,
  expectData,
  expectNoWrites,
  type ParentTenant,
} from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/harness.js";
import { errorCodes, postJson, send, type RawResponse } from "./support/http.js";

const CREATE_ACCOUNT = `mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { id name partner { id } }
}`;

interface Payload {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

function accountPayload(partnerId: string, name: string): Payload {
  return {
    query: CREATE_ACCOUNT,
    variables: { input: { partnerId, name } },
    operationName: "CreateAccount",
  };
}

function sendWithKey(
  server: TestServer,
  payload: Payload,
  key: string | null,
  token?: string,
): Promise<RawResponse> {
  return postJson(server.graphqlUrl, payload, {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(key === null ? {} : { "idempotency-key": key }),
  });
}

async function accountsNamed(server: TestServer, name: string): Promise<number> {
  return server.running.deps.dataSource.getRepository(AccountEntity).countBy({ name });
}

async function storedKeys(server: TestServer): Promise<IdempotencyKeyEntity[]> {
  return server.running.deps.dataSource
    .getRepository(IdempotencyKeyEntity)
    .find({ order: { id: "ASC" } });
}

async function viewerId(server: TestServer, token: string): Promise<number> {
  const viewer = expectData(
    await server.gql<{ viewer: { user: { id: string } } }>(`{ viewer { user { id } } }`, {}, token),
  ).viewer;
  return Number(viewer.user.id);
}

const replayed = (res: RawResponse) => res.headers.get("idempotent-replayed");

describe("Idempotency-Key on mutations (row 23)", () => {
  let server: TestServer;
  let a: ParentTenant;
  let b: ParentTenant;
  let n = 0;
  const unique = (label: string) => `${label} ${(n += 1)}`;

  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: "production" } });
    a = await createParentTenant(server, "idem-a");
    b = await createParentTenant(server, "idem-b");
  });
  afterAll(() => server?.stop());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("should run the mutation once and replay its response when the same key is sent again", async () => {
    const name = unique("Retried");
    const payload = accountPayload(a.parentId, name);
    const first = await sendWithKey(server, payload, "retry-1", a.sysAdminToken);
    expect(first.status).toBe(200);
    expect(errorCodes(first)).toEqual([]);
    expect(first.body?.data?.createAccount.name).toBe(name);
    expect(replayed(first)).toBeNull();

    for (let retry = 0; retry < 2; retry += 1) {
      const again = await sendWithKey(server, payload, "retry-1", a.sysAdminToken);
      expect(again.status).toBe(200);
      expect(replayed(again)).toBe("true");
      expect(again.text).toBe(first.text);
    }
    expect(await accountsNamed(server, name)).toBe(1);

    const [row] = (await storedKeys(server)).filter((k) => k.key === "retry-1");
    expect(row).toMatchObject({ responseStatus: 200, fingerprint: requestFingerprint(payload) });
    expect(row!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 60 * 60 * 1000);
  });

  it("should treat the variables' key order and the draft's quoted key form as the same request", async () => {
    const name = unique("Reordered");
    const first = await sendWithKey(
      server,
      {
        query: CREATE_ACCOUNT,
        variables: { input: { partnerId: a.parentId, name } },
        operationName: "CreateAccount",
      },
      "order-1",
      a.sysAdminToken,
    );
    expect(errorCodes(first)).toEqual([]);
    const again = await sendWithKey(
      server,
      {
        operationName: "CreateAccount",
        variables: { input: { name, partnerId: a.parentId } },
        query: CREATE_ACCOUNT,
      },
      '"order-1"',
      a.sysAdminToken,
    );
    expect(again.status).toBe(200);
    expect(replayed(again)).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await accountsNamed(server, name)).toBe(1);
  });

  it("should answer 422 IDEMPOTENCY_KEY_REUSED and run nothing when the key comes with another request", async () => {
    const name = unique("Original");
    const first = await sendWithKey(
      server,
      accountPayload(a.parentId, name),
      "reused-1",
      a.sysAdminToken,
    );
    expect(errorCodes(first)).toEqual([]);

    const other = unique("Other");
    const variants: [string, Payload][] = [
      ["other variables", accountPayload(a.parentId, other)],
      [
        "other operation text",
        {
          ...accountPayload(a.parentId, name),
          query: CREATE_ACCOUNT.replace("partner { id }", "awsAccountId"),
        },
      ],
      ["no operation name", { ...accountPayload(a.parentId, name), operationName: undefined }],
    ];
    for (const [what, payload] of variants) {
      const res = await expectNoWrites(server, () =>
        sendWithKey(server, payload, "reused-1", a.sysAdminToken),
      );
      expect(res.status, what).toBe(422);
      expect(errorCodes(res), what).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
      expect(res.body?.errors?.[0]?.message, what).toMatch(/Idempotency-Key/);
      expect(res.body?.data ?? null, what).toBeNull();
    }
    expect(await accountsNamed(server, name)).toBe(1);
    expect(await accountsNamed(server, other)).toBe(0);
  });

  it("should keep the keys of different users apart, and share one user's keys across their credentials", async () => {
    const nameA = unique("Tenant A");
    const nameB = unique("Tenant B");
    const firstA = await sendWithKey(
      server,
      accountPayload(a.parentId, nameA),
      "shared-key",
      a.sysAdminToken,
    );
    const firstB = await sendWithKey(
      server,
      accountPayload(b.parentId, nameB),
      "shared-key",
      b.sysAdminToken,
    );
    for (const res of [firstA, firstB]) {
      expect(res.status).toBe(200);
      expect(errorCodes(res)).toEqual([]);
      expect(replayed(res)).toBeNull();
    }
    expect(firstB.body?.data?.createAccount.partner.id).toBe(b.parentId);

    // B's retry replays B's answer, never A's.
    const retryB = await sendWithKey(
      server,
      accountPayload(b.parentId, nameB),
      "shared-key",
      b.sysAdminToken,
    );
    expect(replayed(retryB)).toBe("true");
    expect(retryB.text).toBe(firstB.text);
    // A signed in again (a new session) or through an API key is the same user: the same key.
    const apiKey = expectData(
      await server.gql<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(name: "retries") { secret } }`,
        {},
        a.sysAdminToken,
      ),
    ).createApiKey.secret;
    const newSession = await server.login(a.sysAdminEmail, PASSWORD);
    for (const credential of [apiKey, newSession]) {
      const retryA = await sendWithKey(
        server,
        accountPayload(a.parentId, nameA),
        "shared-key",
        credential,
      );
      expect(replayed(retryA)).toBe("true");
      expect(retryA.text).toBe(firstA.text);
    }
    expect(await accountsNamed(server, nameA)).toBe(1);
    expect(await accountsNamed(server, nameB)).toBe(1);
  });

  it("should answer 400 naming the header and the value when the key is malformed", async () => {
    const name = unique("Malformed");
    for (const key of ["", "k".repeat(256), "tab\there", "caf\u00e9", "non\u00a0breaking", '""']) {
      const res = await expectNoWrites(server, () =>
        sendWithKey(server, accountPayload(a.parentId, name), key, a.sysAdminToken),
      );
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(errorCodes(res)).toEqual(["IDEMPOTENCY_KEY_INVALID"]);
      const message = res.body?.errors?.[0]?.message ?? "";
      expect(message).toContain("Idempotency-Key");
      expect(message).toContain(JSON.stringify(key.length > 300 ? key.slice(0, 300) : key));
    }
    // 255 printable characters, spaces inside included, is a key.
    const longest = `a ${"k".repeat(252)}z`;
    const ok = await sendWithKey(
      server,
      accountPayload(a.parentId, name),
      longest,
      a.sysAdminToken,
    );
    expect(ok.status).toBe(200);
    expect(errorCodes(ok)).toEqual([]);
    expect(await accountsNamed(server, name)).toBe(1);
  });

  it("should let exactly one of many concurrent identical requests run", async () => {
    const name = unique("Concurrent");
    const payload = accountPayload(a.parentId, name);
    const copies = 8;
    // The one request that runs holds its mutation open until every other copy has been answered
    // (10 s at most), so the others all arrive while it is in flight.
    let othersAnswered = 0;
    let releaseFirst: () => void = () => undefined;
    const othersDone = new Promise<void>((resolve) => {
      releaseFirst = resolve;
      setTimeout(resolve, 10_000).unref();
    });
    const { accounts } = server.running.services;
    const create = accounts.create.bind(accounts);
    const executions = vi.spyOn(accounts, "create").mockImplementation(async (...args) => {
      await othersDone;
      return create(...args);
    });
    const answers = await Promise.all(
      Array.from({ length: copies }, () =>
        sendWithKey(server, payload, "race-1", a.sysAdminToken).then((res) => {
          othersAnswered += 1;
          if (othersAnswered === copies - 1) releaseFirst();
          return res;
        }),
      ),
    );
    expect(executions).toHaveBeenCalledTimes(1);
    const executed = answers.filter((r) => r.status === 200);
    expect(executed).toHaveLength(1);
    expect(replayed(executed[0]!)).toBeNull();
    const refused = answers.filter((r) => r.status === 409);
    expect(refused).toHaveLength(copies - 1);
    for (const res of refused) expect(errorCodes(res)).toEqual(["IDEMPOTENCY_KEY_IN_FLIGHT"]);
    expect(await accountsNamed(server, name)).toBe(1);

    const after = await sendWithKey(server, payload, "race-1", a.sysAdminToken);
    expect(replayed(after)).toBe("true");
    expect(after.text).toBe(executed[0]!.text);
    expect(executions).toHaveBeenCalledTimes(1);
  });

  it("should answer 409 IDEMPOTENCY_KEY_IN_FLIGHT while the first request has not finished", async () => {
    const name = unique("In flight");
    const payload = accountPayload(a.parentId, name);
    const { idempotency } = server.running.services;
    // The first request, claimed and still running (as a concurrent request sees it).
    const claim = await idempotency.claim(
      await viewerId(server, a.sysAdminToken),
      "flight-1",
      requestFingerprint(payload),
    );
    expect(claim.kind).toBe("claimed");
    const res = await sendWithKey(server, payload, "flight-1", a.sysAdminToken);
    expect(res.status).toBe(409);
    expect(errorCodes(res)).toEqual(["IDEMPOTENCY_KEY_IN_FLIGHT"]);
    expect(res.body?.errors?.[0]?.message).toMatch(/Idempotency-Key/);
    expect(await accountsNamed(server, name)).toBe(0);

    if (claim.kind === "claimed") await idempotency.release(claim.id);
    const retry = await sendWithKey(server, payload, "flight-1", a.sysAdminToken);
    expect(retry.status).toBe(200);
    expect(replayed(retry)).toBeNull();
    expect(await accountsNamed(server, name)).toBe(1);
  });

  it("should keep no response that is the server's fault, so the retry runs", async () => {
    const name = unique("After a fault");
    const payload = accountPayload(a.parentId, name);
    vi.spyOn(server.running.services.accounts, "create").mockRejectedValueOnce(
      new Error("database connection lost"),
    );
    const failed = await sendWithKey(server, payload, "fault-1", a.sysAdminToken);
    expect(errorCodes(failed)).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect((await storedKeys(server)).some((k) => k.key === "fault-1")).toBe(false);

    const retry = await sendWithKey(server, payload, "fault-1", a.sysAdminToken);
    expect(retry.status).toBe(200);
    expect(errorCodes(retry)).toEqual([]);
    expect(replayed(retry)).toBeNull();
    expect(await accountsNamed(server, name)).toBe(1);
  });

  it("should replay a refusal that is the client's fault, like any other outcome", async () => {
    const payload = {
      ...accountPayload(a.parentId, unique("Bad id")),
      variables: { input: { partnerId: a.parentId, name: "Bad id", awsAccountId: "12" } },
    };
    const first = await sendWithKey(server, payload, "client-fault", a.sysAdminToken);
    expect(errorCodes(first)).toEqual(["BAD_USER_INPUT"]);
    const again = await sendWithKey(server, payload, "client-fault", a.sysAdminToken);
    expect(replayed(again)).toBe("true");
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
  });

  it("should ignore the header on queries, even a malformed one", async () => {
    const before = (await storedKeys(server)).length;
    for (const key of ["query-key", "query-key", "caf\u00e9"]) {
      const res = await sendWithKey(
        server,
        { query: `query Viewer { viewer { user { id } } }` },
        key,
        a.sysAdminToken,
      );
      expect(res.status).toBe(200);
      expect(errorCodes(res)).toEqual([]);
      expect(replayed(res)).toBeNull();
    }
    expect(await storedKeys(server)).toHaveLength(before);
  });

  it("should ignore a well-formed key from an anonymous caller, and keep no sign-in answer", async () => {
    const before = (await storedKeys(server)).length;
    const login = {
      query: `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
      variables: { email: a.sysAdminEmail, password: PASSWORD },
    };
    const tokens = [];
    for (let i = 0; i < 2; i += 1) {
      const res = await sendWithKey(server, login, "anonymous-key");
      expect(errorCodes(res)).toEqual([]);
      expect(replayed(res)).toBeNull();
      tokens.push(res.body?.data?.login.token as string);
    }
    expect(tokens[0]).not.toBe(tokens[1]);
    const unauthenticated = await sendWithKey(
      server,
      accountPayload(a.parentId, "Anonymous"),
      "anonymous-key",
    );
    expect(errorCodes(unauthenticated)).toEqual(["UNAUTHENTICATED"]);
    expect(await storedKeys(server)).toHaveLength(before);
  });

  it("should refuse the key with 400 on a mutation whose answer carries a secret", async () => {
    const res = await expectNoWrites(server, () =>
      sendWithKey(
        server,
        { query: `mutation { createApiKey(name: "with a key") { secret } }` },
        "secret-1",
        a.sysAdminToken,
      ),
    );
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(["IDEMPOTENCY_KEY_NOT_SUPPORTED"]);
    expect(res.body?.errors?.[0]?.message).toMatch(/Idempotency-Key.*createApiKey/);
  });

  it("should let allowed origins send the header and read Idempotent-Replayed, and no other origin", async () => {
    const preflight = (origin: string) =>
      send(server.graphqlUrl, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type,idempotency-key",
        },
      });
    const allowed = await preflight("http://console.example.test");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://console.example.test");
    expect(allowed.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/i);
    const foreign = await preflight("https://evil.test");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();

    const name = unique("Cross-origin");
    const post = await postJson(server.graphqlUrl, accountPayload(a.parentId, name), {
      origin: "http://console.example.test",
      authorization: `Bearer ${a.sysAdminToken}`,
      "idempotency-key": "cors-1",
    });
    expect(post.status).toBe(200);
    expect(post.headers.get("access-control-expose-headers")).toMatch(/Idempotent-Replayed/i);
  });
});

describe("Idempotency-Key expiry", () => {
  let server: TestServer;
  let clock = Date.parse("2030-01-01T00:00:00.000Z");
  beforeAll(async () => {
    server = await startTestServer({ now: () => new Date(clock) });
  });
  afterAll(() => server?.stop());

  it("should forget a key after 24 hours and delete expired keys on a later request", async () => {
    const tenant = await createParentTenant(server, "idem-expiry");
    const first = await sendWithKey(
      server,
      accountPayload(tenant.parentId, "Day one"),
      "daily",
      tenant.sysAdminToken,
    );
    expect(errorCodes(first)).toEqual([]);
    await sendWithKey(
      server,
      accountPayload(tenant.parentId, "Other key"),
      "left-behind",
      tenant.sysAdminToken,
    );

    clock += 24 * 60 * 60 * 1000 - 1;
    const token = await server.login(tenant.sysAdminEmail, PASSWORD);
    const early = await sendWithKey(
      server,
      accountPayload(tenant.parentId, "Day two"),
      "daily",
      token,
    );
    expect(early.status).toBe(422);

    clock += 1;
    const late = await sendWithKey(
      server,
      accountPayload(tenant.parentId, "Day two"),
      "daily",
      token,
    );
    expect(late.status).toBe(200);
    expect(errorCodes(late)).toEqual([]);
    expect(replayed(late)).toBeNull();
    expect(await accountsNamed(server, "Day two")).toBe(1);
    expect((await storedKeys(server)).map((k) => k.key)).toEqual(["left-behind", "daily"]);

    // Ten minutes on, the next request with a key deletes every expired one.
    clock += 10 * 60 * 1000;
    await sendWithKey(server, accountPayload(tenant.parentId, "Later"), "later", token);
    expect((await storedKeys(server)).map((k) => k.key)).toEqual(["daily", "later"]);
  });
});
