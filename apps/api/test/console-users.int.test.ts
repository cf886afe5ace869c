// Users and API keys as the console manages them, over real HTTP on a real database: key scopes,
// expiry and last use; inviting, re-inviting, disabling, enabling and re-roling users within what
// the caller may grant; changing and resetting a password. Every refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PASSWORD,
  type Tenant,
  activationTokenOf,
  createTenant,
  errorOf,
  expectData,
  expectNoWrites,
} from "./support/fixtures.js";
import { type GraphQLResponse, type TestServer, startTestServer } from "./support/harness.js";

/** The data of a call that must succeed; this suite reads response shapes freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const data = (res: GraphQLResponse): Record<string, any> => expectData(res);

const CREATE_KEY = `mutation($name: String!, $scope: ApiKeyScope, $expiresAt: DateTime) {
  createApiKey(name: $name, scope: $scope, expiresAt: $expiresAt) { secret apiKey { id name scope expiresAt lastUsedAt } }
}`;
const KEYS = `{ viewer { apiKeys { id name scope expiresAt lastUsedAt } } }`;
const VIEWER = `{ viewer { user { id email } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email status } }`;
const PARTNER_USERS = `query($id: ID!) {
  partner(id: $id) { assignableRoles users { id email role status lastSignInAt manageable } }
}`;
const DISABLE = `mutation($id: ID!) { disableUser(id: $id) { id status } }`;
const ENABLE = `mutation($id: ID!) { enableUser(id: $id) { id status } }`;
const CHANGE_ROLE = `mutation($id: ID!, $role: Role!) { changeUserRole(id: $id, role: $role) { id role } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(id: $id) { id status } }`;
const ACTIVATE = `mutation($token: String!, $password: String!) { activateUser(token: $token, password: $password) { token } }`;
const INVITATION = `query($token: String!) { invitation(token: $token) { email partnerName invitedBy } }`;
const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const FORGOT = `mutation($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = `mutation($token: String!, $password: String!) { resetPassword(token: $token, password: $password) { token user { email lastSignInAt } } }`;

interface KeyRow {
  id: string;
  name: string;
  scope: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

let clock = Date.parse("2026-12-03T10:00:00.000Z");
let server: TestServer;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(clock) });
  tenant = await createTenant(server, "users-a");
  other = await createTenant(server, "users-b");
});
afterAll(() => server.stop());

async function createKey(
  token: string,
  variables: { name: string; scope?: string; expiresAt?: string },
): Promise<{ secret: string; apiKey: KeyRow }> {
  return expectData(
    await server.gql<{ createApiKey: { secret: string; apiKey: KeyRow } }>(
      CREATE_KEY,
      variables,
      token,
    ),
  ).createApiKey;
}

async function inviteUser(token: string, partnerId: string, email: string, role = "USER") {
  return expectData(
    await server.gql<{ createUser: { id: string; status: string } }>(
      CREATE_USER,
      { input: { partnerId, email, role } },
      token,
    ),
  ).createUser;
}

function lastLinkFor(path: "activate" | "reset-password"): string {
  const link = server
    .outboxLinks()
    .filter((l) => l.includes(`/${path}?`))
    .at(-1);
  if (!link) throw new Error(`no ${path} link in the outbox`);
  return link;
}

describe("API key scopes, expiry and last use", () => {
  it("should let a READ key run queries and refuse every mutation with FORBIDDEN, writing nothing", async () => {
    const key = await createKey(tenant.sysAdminToken, { name: "reader", scope: "READ" });
    expect(key.apiKey).toMatchObject({ scope: "READ", expiresAt: null });
    expect(data(await server.gql(VIEWER, {}, key.secret)).viewer.user.email).toBe(
      tenant.sysAdminEmail,
    );
    const attempts = await expectNoWrites(server, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          server.gql(
            `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
            { input: { partnerId: tenant.parentId, name: `read-only ${i}` } },
            key.secret,
          ),
        ),
      ),
    );
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(errorOf(res)).toMatchObject({ code: "FORBIDDEN", reason: "API_KEY_READ_ONLY" });
    }
  });

  it("should let an ADMIN key run mutations but never create keys, even when many try at once", async () => {
    const key = await createKey(tenant.sysAdminToken, { name: "admin", scope: "ADMIN" });
    const account = await server.gql(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { partnerId: tenant.parentId, name: "made by a key" } },
      key.secret,
    );
    expect(expectData(account).createAccount.id).toBeTruthy();
    const attempts = await expectNoWrites(server, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          server.gql(CREATE_KEY, { name: `child key ${i}` }, key.secret),
        ),
      ),
    );
    for (const res of attempts)
      expect(errorOf(res)).toMatchObject({
        code: "FORBIDDEN",
        reason: "API_KEY_CANNOT_CREATE_KEYS",
      });
  });

  it("should refuse an expiry in the past, naming the field and the value", async () => {
    const past = new Date(clock - 1000).toISOString();
    const res = await expectNoWrites(server, () =>
      server.gql(CREATE_KEY, { name: "late", expiresAt: past }, tenant.sysAdminToken),
    );
    expect(errorOf(res)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "expiresAt",
      value: past,
      reason: "EXPIRY_IN_PAST",
    });
  });

  it("should stop a key at its expiry and show its owner when it was last used", async () => {
    const expiresAt = new Date(clock + 60 * 60 * 1000).toISOString();
    const key = await createKey(tenant.sysAdminToken, { name: "hourly", scope: "READ", expiresAt });
    expect(key.apiKey.lastUsedAt).toBeNull();
    data(await server.gql(VIEWER, {}, key.secret));
    const own = expectData(
      await server.gql<{ viewer: { apiKeys: KeyRow[] } }>(KEYS, {}, tenant.sysAdminToken),
    ).viewer.apiKeys.find((k) => k.id === key.apiKey.id);
    expect(own).toMatchObject({
      scope: "READ",
      expiresAt,
      lastUsedAt: new Date(clock).toISOString(),
    });
    const others = expectData(
      await server.gql<{ viewer: { apiKeys: KeyRow[] } }>(KEYS, {}, other.sysAdminToken),
    ).viewer.apiKeys;
    expect(others.map((k) => k.id)).not.toContain(key.apiKey.id);
    clock += 61 * 60 * 1000;
    const expired = await server.gql(VIEWER, {}, key.secret);
    expect(expired.status).toBe(401);
    expect(errorOf(expired).code).toBe("UNAUTHENTICATED");
  });
});

describe("managing users", () => {
  it("should invite a user to a Child, naming the partner and the inviter in the email and on the page", async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const user = await inviteUser(tenant.sysAdminToken, tenant.child.id, email);
    expect(user.status).toBe("PENDING_ACTIVATION");
    const link = lastLinkFor("activate");
    const invitation = data(
      await server.gql(INVITATION, { token: activationTokenOf(link) }),
    ).invitation;
    expect(invitation).toEqual({
      email,
      partnerName: "Child users-a",
      invitedBy: tenant.sysAdminEmail,
    });
    expect(data(await server.gql(INVITATION, { token: "rca_nope" })).invitation).toBeNull();
  });

  it("should resend an invitation so that only the newest link works, and refuse it for an active user", async () => {
    const email = `resend-${Date.now()}@example.test`;
    const user = await inviteUser(tenant.child.adminToken, tenant.child.id, email);
    const first = activationTokenOf(lastLinkFor("activate"));
    data(await server.gql(RESEND, { id: user.id }, tenant.child.adminToken));
    const second = activationTokenOf(lastLinkFor("activate"));
    expect(second).not.toBe(first);
    const old = await server.gql(ACTIVATE, { token: first, password: PASSWORD });
    expect(errorOf(old)).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "ACTIVATION_TOKEN_INVALID",
    });
    data(await server.gql(ACTIVATE, { token: second, password: PASSWORD }));
    const again = await expectNoWrites(server, () =>
      server.gql(RESEND, { id: user.id }, tenant.child.adminToken),
    );
    expect(errorOf(again)).toMatchObject({
      code: "CONFLICT",
      reason: "USER_NOT_PENDING",
      field: "id",
    });
  });

  it("should list a partner's users with role, status, last sign-in and what the caller may do", async () => {
    const partner = data(
      await server.gql(PARTNER_USERS, { id: tenant.child.id }, tenant.child.adminToken),
    ).partner;
    expect(partner.assignableRoles).toEqual(["ADMINISTRATOR", "USER"]);
    const admin = partner.users.find((u: { email: string }) => u.email === tenant.child.adminEmail);
    expect(admin).toMatchObject({ role: "ADMINISTRATOR", status: "ACTIVE", manageable: false });
    expect(admin.lastSignInAt).not.toBeNull();
    const parent = data(
      await server.gql(PARTNER_USERS, { id: tenant.parentId }, tenant.sysAdminToken),
    ).partner;
    expect(parent.assignableRoles).toEqual(["PARTNER_SYS_ADMIN", "ADMINISTRATOR", "USER"]);
  });

  it("should disable a user so its session and API key are refused on the next request, and enable it again", async () => {
    const email = `disable-${Date.now()}@example.test`;
    const created = data(
      await server.gql(
        CREATE_USER,
        { input: { partnerId: tenant.child.id, email, role: "USER", password: PASSWORD } },
        tenant.child.adminToken,
      ),
    ).createUser;
    const session = await server.login(email, PASSWORD);
    const key = await createKey(session, { name: "soon dead", scope: "READ" });
    data(await server.gql(VIEWER, {}, key.secret));
    expect(
      data(await server.gql(DISABLE, { id: created.id }, tenant.child.adminToken)).disableUser
        .status,
    ).toBe("DISABLED");
    for (const credential of [session, key.secret]) {
      const res = await server.gql(VIEWER, {}, credential);
      expect(res.status).toBe(401);
    }
    expect(
      data(await server.gql(ENABLE, { id: created.id }, tenant.child.adminToken)).enableUser.status,
    ).toBe("ACTIVE");
    // The old session stays ended; the key, never revoked, works again with its user.
    expect((await server.gql(VIEWER, {}, session)).status).toBe(401);
    data(await server.gql(VIEWER, {}, key.secret));
    data(await server.gql(VIEWER, {}, await server.login(email, PASSWORD)));
  });

  it("should keep a Child administrator within its own role and partner, under many concurrent attempts", async () => {
    const email = `role-${Date.now()}@example.test`;
    const user = await inviteUser(tenant.child.adminToken, tenant.child.id, email);
    const raises = await expectNoWrites(server, () =>
      Promise.all(
        Array.from({ length: 20 }, () =>
          server.gql(
            CHANGE_ROLE,
            { id: user.id, role: "PARTNER_SYS_ADMIN" },
            tenant.child.adminToken,
          ),
        ),
      ),
    );
    for (const res of raises)
      expect(errorOf(res)).toMatchObject({
        code: "FORBIDDEN",
        field: "role",
        value: "PARTNER_SYS_ADMIN",
      });
    const parentAdmin = data(
      await server.gql(PARTNER_USERS, { id: tenant.parentId }, tenant.sysAdminToken),
    ).partner.users[0];
    const outside = await expectNoWrites(server, () =>
      server.gql(DISABLE, { id: parentAdmin.id }, tenant.child.adminToken),
    );
    expect(errorOf(outside)).toMatchObject({
      code: "NOT_FOUND",
      field: "id",
      value: parentAdmin.id,
    });
    const self = data(await server.gql(VIEWER, {}, tenant.child.adminToken)).viewer.user;
    const selfDisable = await expectNoWrites(server, () =>
      server.gql(DISABLE, { id: self.id }, tenant.child.adminToken),
    );
    expect(errorOf(selfDisable)).toMatchObject({ code: "FORBIDDEN", field: "id" });
    expect(
      data(
        await server.gql(
          CHANGE_ROLE,
          { id: user.id, role: "ADMINISTRATOR" },
          tenant.child.adminToken,
        ),
      ).changeUserRole.role,
    ).toBe("ADMINISTRATOR");
  });

  it("should refuse another tenant's users exactly as unknown ids, for every operation", async () => {
    const victim = data(
      await server.gql(PARTNER_USERS, { id: tenant.child.id }, tenant.sysAdminToken),
    ).partner.users[0];
    for (const [query, variables] of [
      [DISABLE, { id: victim.id }],
      [ENABLE, { id: victim.id }],
      [RESEND, { id: victim.id }],
      [CHANGE_ROLE, { id: victim.id, role: "USER" }],
    ] as const) {
      const res = await expectNoWrites(server, () =>
        server.gql(query, variables, other.sysAdminToken),
      );
      const unknown = await server.gql(query, { ...variables, id: "999999" }, other.sysAdminToken);
      expect(errorOf(res)).toEqual({ ...errorOf(unknown), value: victim.id });
      expect(res.body.errors?.[0]?.message).toBe(
        unknown.body.errors?.[0]?.message.replace("999999", victim.id),
      );
      expect(errorOf(res).code).toBe("NOT_FOUND");
    }
  });
});

describe("passwords", () => {
  it("should change the caller's password, end its other sessions and name a wrong current password", async () => {
    const email = `changer-${Date.now()}@example.test`;
    await server.gql(
      CREATE_USER,
      { input: { partnerId: tenant.child.id, email, role: "USER", password: PASSWORD } },
      tenant.child.adminToken,
    );
    const first = await server.login(email, PASSWORD);
    const second = await server.login(email, PASSWORD);
    const wrong = await expectNoWrites(server, () =>
      server.gql(
        CHANGE_PASSWORD,
        { current: "not-the-password", next: "another-long-password-1" },
        second,
      ),
    );
    expect(errorOf(wrong)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "currentPassword",
      reason: "PASSWORD_WRONG",
    });
    const weak = await server.gql(CHANGE_PASSWORD, { current: PASSWORD, next: "short" }, second);
    expect(errorOf(weak)).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
    expect(
      data(
        await server.gql(
          CHANGE_PASSWORD,
          { current: PASSWORD, next: "another-long-password-1" },
          second,
        ),
      ).changePassword,
    ).toBe(true);
    expect((await server.gql(VIEWER, {}, first)).status).toBe(401);
    data(await server.gql(VIEWER, {}, second));
    await server.login(email, "another-long-password-1");
  });

  it("should answer a reset request the same for a known and an unknown email, and email only the known one", async () => {
    const before = server.outboxLinks().length;
    const unknown = await server.gql(FORGOT, { email: "nobody-here@example.test" });
    expect(server.outboxLinks().length).toBe(before);
    const known = await server.gql(FORGOT, { email: tenant.child.adminEmail.toUpperCase() });
    expect(known.body).toEqual(unknown.body);
    expect(known.status).toBe(unknown.status);
    await expect.poll(() => server.outboxLinks().length).toBe(before + 1);
    expect(lastLinkFor("reset-password")).toMatch(
      /^http:\/\/console\.example\.test\/reset-password\?token=rcr_/,
    );
  });

  it("should reset a password once, end every session, and refuse the link after 30 minutes", async () => {
    const email = `forgetful-${Date.now()}@example.test`;
    await server.gql(
      CREATE_USER,
      { input: { partnerId: tenant.child.id, email, role: "USER", password: PASSWORD } },
      tenant.child.adminToken,
    );
    const oldSession = await server.login(email, PASSWORD);
    const count = server.outboxLinks().length;
    data(await server.gql(FORGOT, { email }));
    await expect.poll(() => server.outboxLinks().length).toBe(count + 1);
    const token = activationTokenOf(lastLinkFor("reset-password"));
    const signedIn = data(
      await server.gql(RESET, { token, password: "a-brand-new-password-7" }),
    ).resetPassword;
    expect(signedIn.user).toMatchObject({ email, lastSignInAt: new Date(clock).toISOString() });
    data(await server.gql(VIEWER, {}, signedIn.token));
    expect((await server.gql(VIEWER, {}, oldSession)).status).toBe(401);
    const replay = await expectNoWrites(server, () =>
      server.gql(RESET, { token, password: "yet-another-password-8" }),
    );
    expect(errorOf(replay)).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "RESET_TOKEN_INVALID",
    });

    data(await server.gql(FORGOT, { email }));
    await expect.poll(() => server.outboxLinks().length).toBe(count + 2);
    const late = activationTokenOf(lastLinkFor("reset-password"));
    clock += 31 * 60 * 1000;
    const expired = await expectNoWrites(server, () =>
      server.gql(RESET, { token: late, password: "yet-another-password-8" }),
    );
    expect(errorOf(expired)).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
  });
});

describe("forgot-password rate limits", () => {
  let limited: TestServer;
  let victim: Tenant;
  beforeAll(async () => {
    limited = await startTestServer();
    victim = await createTenant(limited, "forgot");
  });
  afterAll(() => limited.stop());

  it("should send at most 3 emails to one address and answer RATE_LIMITED past 10 requests from one address, under a concurrent burst", async () => {
    const before = limited.outboxLinks().length;
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => limited.gql(FORGOT, { email: victim.child.adminEmail })),
    );
    const answered = burst.filter((res) => res.body.data?.requestPasswordReset === true);
    const refused = burst.filter((res) => res.status === 429);
    expect(answered).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(errorOf(refused[0]!)).toMatchObject({ code: "RATE_LIMITED" });
    await expect.poll(() => limited.outboxLinks().length).toBe(before + 3);
    // The sign-in lock is separate: the user still signs in.
    await limited.login(victim.child.adminEmail, PASSWORD);
  });
});

describe("password fields under the request guards", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer();
  });
  afterAll(() => guarded.stop());

  it("should refuse two aliased reset requests in one document, sending no email", async () => {
    const before = guarded.outboxLinks().length;
    const aliased = await guarded.gql(
      `mutation { a: requestPasswordReset(email: "a@example.test") b: requestPasswordReset(email: "b@example.test") }`,
    );
    expect(aliased.status).toBe(400);
    expect(aliased.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(guarded.outboxLinks().length).toBe(before);
  });
});
