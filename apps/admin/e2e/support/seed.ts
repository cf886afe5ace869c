// What exists before the help page's workflow starts, made through the public GraphQL API:
// "Your CloudCheckr contact will first create a Partner Sys Admin user in your Parent partner"
// (the operator's createParentPartner), and the Parent's master payer account.
import { type ApiServer, OPERATOR } from "./api-server.js";

export interface ParentTenant {
  partner: { id: string; name: string; email: string };
  sysAdmin: { email: string; name: string; password: string };
  masterPayer: { id: string; name: string; awsAccountId: string };
}

export interface ParentOptions {
  name?: string;
  email?: string;
  sysAdminEmail?: string;
  masterPayerAwsId?: string;
}

export async function seedParent(
  api: ApiServer,
  options: ParentOptions = {},
): Promise<ParentTenant> {
  const name = options.name ?? "Acme Cloud";
  const email = options.email ?? "billing@acme-cloud.test";
  const sysAdmin = {
    email: options.sysAdminEmail ?? "sysadmin@acme-cloud.test",
    name: "Sam Sysadmin",
    password: "sysadmin-password-e2e-1",
  };
  const operatorToken = await api.login(OPERATOR.email, OPERATOR.password);
  const created = await api.gql<{
    createParentPartner: { partner: { id: string; name: string; email: string } };
  }>(
    `mutation CreateParent($input: CreateParentPartnerInput!) {
      createParentPartner(input: $input) { partner { id name email } }
    }`,
    { input: { name, email, sysAdmin } },
    operatorToken,
  );
  const partner = created.createParentPartner.partner;

  const sysAdminToken = await api.login(sysAdmin.email, sysAdmin.password);
  const account = await api.gql<{
    createAccount: { id: string; name: string; awsAccountId: string };
  }>(
    `mutation CreateMasterPayer($input: CreateAccountInput!) {
      createAccount(input: $input) { id name awsAccountId }
    }`,
    {
      input: {
        partnerId: partner.id,
        name: "Master payer",
        awsAccountId: options.masterPayerAwsId ?? "111122223333",
        isMasterPayer: true,
      },
    },
    sysAdminToken,
  );
  return { partner, sysAdmin, masterPayer: account.createAccount };
}

/** A Child partner of the caller's Parent (createPartner), with an initial user when given. */
export async function createChild(
  api: ApiServer,
  token: string,
  input: {
    name: string;
    email: string;
    parentId: string;
    reseller?: boolean;
    initialUser?: { email: string; name: string; password?: string };
  },
): Promise<{ id: string; name: string }> {
  const data = await api.gql<{ createPartner: { partner: { id: string; name: string } } }>(
    `mutation CreateChild($input: CreatePartnerInput!) {
      createPartner(input: $input) { partner { id name } }
    }`,
    {
      input: {
        name: input.name,
        email: input.email,
        ...(input.initialUser ? { initialUser: input.initialUser } : {}),
        ...(input.reseller === false ? {} : { reseller: { parentPartnerId: input.parentId } }),
      },
    },
    token,
  );
  return data.createPartner.partner;
}

export interface LinkRow {
  id: string;
  awsPayerAccountId: string;
  awsPayeeAccountIds: string[];
  resellerPartner: { id: string };
}

const LINK_FIELDS = "id awsPayerAccountId awsPayeeAccountIds resellerPartner { id }";

export async function createResellerLink(
  api: ApiServer,
  token: string,
  input: {
    masterPayerAccountId: string;
    resellerPartnerId: string;
    awsPayerAccountId: string;
    awsPayeeAccountIds: string[];
  },
): Promise<LinkRow> {
  const data = await api.gql<{ createResellerLink: LinkRow }>(
    `mutation CreateLink($input: CreateResellerLinkInput!) {
      createResellerLink(input: $input) { ${LINK_FIELDS} }
    }`,
    { input: { ...input, resellerAccountId: "0" } },
    token,
  );
  return data.createResellerLink;
}

/** The links of a Parent partner, as the API stores them. */
export async function resellerLinks(
  api: ApiServer,
  token: string,
  partnerId: string,
): Promise<LinkRow[]> {
  const data = await api.gql<{ partner: { resellerLinks: LinkRow[] } | null }>(
    `query Links($id: ID!) { partner(id: $id) { resellerLinks { ${LINK_FIELDS} } } }`,
    { id: partnerId },
    token,
  );
  if (!data.partner) throw new Error(`partner ${partnerId} is not visible`);
  return data.partner.resellerLinks;
}
