// Builds tenants through the public API, as a Partner Sys Admin would.
import { expect } from "vitest";
import { OPERATOR, type TestServer } from "./harness.js";

export const PASSWORD = "correct-horse-battery-9";

/** What the builders below need of a server: GraphQL over HTTP and sign-in (a real process has them too). */
export type ApiClient = Pick<TestServer, "gql" | "login">;

let sequence = 0;
/** A unique 12-digit AWS account id per call (never the same twice in a test run). */
export function awsId(): string {
  sequence += 1;
  return String(100_000_000_000 + process.pid * 1000 + sequence)
    .slice(-12)
    .padStart(12, "0");
}

export function expectData<T>(res: { body: { data?: T | null; errors?: unknown[] } }): T {
  if (res.body.errors?.length || !res.body.data)
    throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

export interface Tenant {
  parentId: string;
  sysAdminEmail: string;
  sysAdminToken: string;
  masterPayerAccountId: string;
  payerId: string;
  child: { id: string; adminEmail: string; adminToken: string; accountId: string };
  linkId: string;
  payees: string[];
}

/** A Parent with a Partner Sys Admin, a master payer account, one reseller Child with an active admin, and one link. */
export async function createTenant(server: TestServer, label: string): Promise<Tenant> {
  const operatorToken = await server.login(OPERATOR.email, OPERATOR.password);
  const sysAdminEmail = `sysadmin-${label}-${sequence}@example.test`;
  const parent = expectData(
    await server.gql<{ createParentPartner: { partner: { id: string } } }>(
      `mutation($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: `Parent ${label}`,
          email: `parent-${label}@example.test`,
          sysAdmin: { email: sysAdminEmail, password: PASSWORD },
        },
      },
      operatorToken,
    ),
  ).createParentPartner.partner;
  const sysAdminToken = await server.login(sysAdminEmail, PASSWORD);
  const payerId = awsId();
  const masterPayer = expectData(
    await server.gql<{ createAccount: { id: string } }>(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      {
        input: {
          partnerId: parent.id,
          name: "Master payer",
          awsAccountId: payerId,
          isMasterPayer: true,
        },
      },
      sysAdminToken,
    ),
  ).createAccount;
  const adminEmail = `child-admin-${label}-${sequence}@example.test`;
  const child = expectData(
    await server.gql<{ createPartner: { partner: { id: string } } }>(
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: `Child ${label}`,
          email: `child-${label}@example.test`,
          initialUser: { email: adminEmail, password: PASSWORD },
          reseller: { parentPartnerId: parent.id },
        },
      },
      sysAdminToken,
    ),
  ).createPartner.partner;
  const adminToken = await server.login(adminEmail, PASSWORD);
  const payees = [awsId(), awsId()];
  const link = expectData(
    await server.gql<{ createResellerLink: { id: string; resellerAccount: { id: string } } }>(
      `mutation($input: CreateResellerLinkInput!) { createResellerLink(input: $input) { id resellerAccount { id } } }`,
      {
        input: {
          masterPayerAccountId: masterPayer.id,
          resellerPartnerId: child.id,
          awsPayerAccountId: payerId,
          awsPayeeAccountIds: payees,
        },
      },
      sysAdminToken,
    ),
  ).createResellerLink;
  return {
    parentId: parent.id,
    sysAdminEmail,
    sysAdminToken,
    masterPayerAccountId: masterPayer.id,
    payerId,
    child: { id: child.id, adminEmail, adminToken, accountId: link.resellerAccount.id },
    linkId: link.id,
    payees,
  };
}

// ---- Helpers for the operation, workflow, concurrency and N+1 suites ----

/** What a client branches on in an error (graphql/errors.ts). */
export interface ErrorExtensions {
  code: string;
  field?: string;
  value?: string | number | boolean | null;
  reason?: string;
  details?: Record<string, string>;
  retryAfterSeconds?: number;
}

/** The first GraphQL error's extensions; fails the test when the call had no error. */
export function errorOf(res: {
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}): ErrorExtensions {
  const first = res.body.errors?.[0];
  if (!first)
    throw new Error(`expected a GraphQL error, got data: ${JSON.stringify(res.body.data)}`);
  return first.extensions as unknown as ErrorExtensions;
}

/**
 * Every row of every table, each serialised and sorted: two snapshots are equal only when
 * nothing was inserted, updated or deleted in between.
 */
export async function databaseState(server: TestServer): Promise<Record<string, string[]>> {
  const { dataSource } = server.running.deps;
  const state: Record<string, string[]> = {};
  for (const { tableName } of dataSource.entityMetadatas) {
    // A refused call is itself recorded in the audit log (audit-log.int.test.ts checks that).
    if (tableName === "audit_entry") continue;
    const rows: unknown[] = await dataSource.query(`SELECT * FROM "${tableName}"`);
    state[tableName] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return state;
}

/** Runs `action` and asserts the database is exactly as before (a rejected call writes nothing). */
export async function expectNoWrites<T>(server: TestServer, action: () => Promise<T>): Promise<T> {
  const before = await databaseState(server);
  const result = await action();
  expect(await databaseState(server), "the database changed").toEqual(before);
  return result;
}

/** A fresh Parent partner with a signed-in Partner Sys Admin and a master payer account. */
export interface ParentTenant {
  parentId: string;
  sysAdminEmail: string;
  sysAdminToken: string;
  masterPayerAccountId: string;
  payerId: string;
}

export async function createParentTenant(server: ApiClient, label: string): Promise<ParentTenant> {
  const operatorToken = await server.login(OPERATOR.email, OPERATOR.password);
  sequence += 1;
  const sysAdminEmail = `sysadmin-${label}-${sequence}@example.test`;
  const parent = expectData(
    await server.gql<{ createParentPartner: { partner: { id: string } } }>(
      `mutation($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: `Parent ${label}`,
          email: `parent-${label}@example.test`,
          sysAdmin: { email: sysAdminEmail, password: PASSWORD },
        },
      },
      operatorToken,
    ),
  ).createParentPartner.partner;
  const sysAdminToken = await server.login(sysAdminEmail, PASSWORD);
  const payerId = awsId();
  const masterPayer = await createAccount(server, sysAdminToken, {
    partnerId: parent.id,
    name: "Master payer",
    awsAccountId: payerId,
    isMasterPayer: true,
  });
  return {
    parentId: parent.id,
    sysAdminEmail,
    sysAdminToken,
    masterPayerAccountId: masterPayer.id,
    payerId,
  };
}

/** A Child partner of the caller's Parent, without an initial user (no password hashing). */
export async function createChild(
  server: ApiClient,
  sysAdminToken: string,
  options: { name: string; parentId: string | null },
): Promise<{ id: string }> {
  return expectData(
    await server.gql<{ createPartner: { partner: { id: string } } }>(
      `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }`,
      {
        input: {
          name: options.name,
          email: `${options.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.test`,
          reseller: options.parentId === null ? null : { parentPartnerId: options.parentId },
        },
      },
      sysAdminToken,
    ),
  ).createPartner.partner;
}

export async function createAccount(
  server: ApiClient,
  token: string,
  input: { partnerId: string; name: string; awsAccountId?: string | null; isMasterPayer?: boolean },
): Promise<{ id: string }> {
  return expectData(
    await server.gql<{ createAccount: { id: string } }>(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input },
      token,
    ),
  ).createAccount;
}

export const CREATE_LINK = `mutation CreateLink($input: CreateResellerLinkInput!) {
  createResellerLink(input: $input) {
    id history awsPayerAccountId awsPayeeAccountIds
    masterPayerAccount { id }
    resellerPartner { id }
    resellerAccount { id partner { id } }
  }
}`;

export interface CreatedLink {
  id: string;
  history: string;
  awsPayerAccountId: string;
  awsPayeeAccountIds: string[];
  masterPayerAccount: { id: string };
  resellerPartner: { id: string };
  resellerAccount: { id: string; partner: { id: string } };
}

/** A reseller link of `tenant`'s master payer to `childId`; the receiving account defaults to a new one. */
export async function createLink(
  server: ApiClient,
  tenant: ParentTenant,
  childId: string,
  payees: string[],
  resellerAccountId?: string,
): Promise<CreatedLink> {
  return expectData(
    await server.gql<{ createResellerLink: CreatedLink }>(
      CREATE_LINK,
      {
        input: {
          masterPayerAccountId: tenant.masterPayerAccountId,
          resellerPartnerId: childId,
          awsPayerAccountId: tenant.payerId,
          awsPayeeAccountIds: payees,
          ...(resellerAccountId === undefined ? {} : { resellerAccountId }),
        },
      },
      tenant.sysAdminToken,
    ),
  ).createResellerLink;
}

/** `count` fresh 12-digit AWS account ids. */
export function awsIds(count: number): string[] {
  return Array.from({ length: count }, () => awsId());
}

/** The token inside an activation link `${PUBLIC_URL}/activate?token=…`. */
export function activationTokenOf(link: string): string {
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`no token in activation link ${link}`);
  return token;
}
