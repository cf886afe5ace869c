// Builds tenants through the public API, as a Partner Sys Admin would.
import { OPERATOR, type TestServer } from "./harness.js";

export const PASSWORD = "correct-horse-battery-9";

let sequence = 0;
/** A unique 12-digit AWS account id per call (never the same twice in a test run). */
export function awsId(): string {
  sequence += 1;
  return String(100_000_000_000 + process.pid * 1000 + sequence).slice(-12).padStart(12, "0");
}

export function expectData<T>(res: { body: { data?: T | null; errors?: unknown[] } }): T {
  if (res.body.errors?.length || !res.body.data) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.body.errors)}`);
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
      { input: { name: `Parent ${label}`, email: `parent-${label}@example.test`, sysAdmin: { email: sysAdminEmail, password: PASSWORD } } },
      operatorToken,
    ),
  ).createParentPartner.partner;
  const sysAdminToken = await server.login(sysAdminEmail, PASSWORD);
  const payerId = awsId();
  const masterPayer = expectData(
    await server.gql<{ createAccount: { id: string } }>(
      `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
      { input: { partnerId: parent.id, name: "Master payer", awsAccountId: payerId, isMasterPayer: true } },
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
      { input: { masterPayerAccountId: masterPayer.id, resellerPartnerId: child.id, awsPayerAccountId: payerId, awsPayeeAccountIds: payees } },
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
