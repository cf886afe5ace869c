// The benchmark's database: a fresh SQLite file set up through the real API over GraphQL, the
// way a Parent would: a Parent partner with a master payer account, two reseller Child partners
// linked to some of the report's payees (the others stay unallocated), and pricing rules, so
// that allocation and pricing do real work. Each end-to-end run ingests into a copy of it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiEnv } from "../common/api-process.js";

export interface BenchDatabase {
  /** The set-up database; copy it before use (copyDatabase). */
  template: string;
  parentPartnerId: number;
  masterPayerAccountId: number;
  children: { partnerId: number; payees: string[] }[];
  /** Payees in no link: their cost is reported as unallocated. */
  unlinkedPayees: string[];
}

/** The built API's files, found through the workspace dependency. */
export function apiPaths(): { main: string; collect: string } {
  const root = dirname(fileURLToPath(import.meta.resolve("@reseller/api/package.json")));
  return { main: join(root, "dist/main.js"), collect: join(root, "dist/tools/collect.js") };
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function setUpDatabase(
  workDir: string,
  payer: string,
  payees: readonly string[],
  month: string,
): Promise<BenchDatabase> {
  await mkdir(workDir, { recursive: true });
  const template = join(workDir, "template.sqlite");
  const operator = {
    email: "operator@bench.example",
    password: randomBytes(18).toString("base64url"),
  };
  const api = spawn(process.execPath, [apiPaths().main], {
    env: {
      ...apiEnv(`sqlite:${template}`, workDir),
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      PORT: "0",
      OPERATOR_EMAIL: operator.email,
      OPERATOR_PASSWORD: operator.password,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const url = await readyUrl(api);
    const call = async <T>(query: string, variables: object, token?: string): Promise<T> => {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse<T>;
      if (body.errors?.length || !body.data)
        throw new Error(
          `GraphQL: ${body.errors?.map((e) => e.message).join("; ") ?? response.status}`,
        );
      return body.data;
    };
    const login = async (email: string, password: string): Promise<string> =>
      (
        await call<{ login: { token: string } }>(
          "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }",
          { email, password },
        )
      ).login.token;

    const operatorToken = await login(operator.email, operator.password);
    const sysAdmin = {
      email: "sysadmin@bench.example",
      password: randomBytes(18).toString("base64url"),
    };
    const parent = await call<{ createParentPartner: { partner: { id: string } } }>(
      "mutation ($input: CreateParentPartnerInput!) { createParentPartner(input: $input) { partner { id } } }",
      {
        input: {
          name: "Bench Distribution",
          email: "billing@bench.example",
          sysAdmin: { ...sysAdmin, name: "Bench Sys Admin" },
        },
      },
      operatorToken,
    );
    const parentId = parent.createParentPartner.partner.id;
    const token = await login(sysAdmin.email, sysAdmin.password);
    const account = await call<{ createAccount: { id: string } }>(
      "mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }",
      {
        input: {
          partnerId: parentId,
          name: "Master payer",
          awsAccountId: payer,
          isMasterPayer: true,
        },
      },
      token,
    );
    const masterPayerAccountId = account.createAccount.id;

    // Two Children with 8 and 6 payees; the rest of the payees stay in no link.
    const split = [payees.slice(0, 8), payees.slice(8, 14)];
    const children: BenchDatabase["children"] = [];
    for (const [index, childPayees] of split.entries()) {
      const child = await call<{ createPartner: { partner: { id: string } } }>(
        "mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } } }",
        {
          input: {
            name: `Bench Child ${index + 1}`,
            email: `child${index + 1}@bench.example`,
            initialUser: null,
            reseller: { parentPartnerId: parentId },
          },
        },
        token,
      );
      const childId = child.createPartner.partner.id;
      await call(
        "mutation ($input: CreateResellerLinkInput!) { createResellerLink(input: $input) { id } }",
        {
          input: {
            masterPayerAccountId,
            resellerPartnerId: childId,
            resellerAccountId: "0",
            awsPayerAccountId: payer,
            awsPayeeAccountIds: childPayees,
            history: "RESET_ALL_HISTORY",
          },
        },
        token,
      );
      children.push({ partnerId: Number(childId), payees: childPayees });
    }
    // Pricing: a markup for the first Child; a discount on EC2 and a monthly fee for the second.
    const rules = [
      { childPartnerId: String(children[0]?.partnerId), kind: "MARKUP", percent: "8.00", order: 1 },
      {
        childPartnerId: String(children[1]?.partnerId),
        kind: "DISCOUNT",
        percent: "3.50",
        serviceCode: "AmazonEC2",
        order: 1,
      },
      { childPartnerId: String(children[1]?.partnerId), kind: "FEE", amount: "250.00", order: 2 },
    ];
    for (const rule of rules) {
      await call(
        "mutation ($parentPartnerId: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $parentPartnerId, input: $input) { id } }",
        { parentPartnerId: parentId, input: { ...rule, effectiveFrom: month } },
        token,
      );
    }
    // Link and rule changes queue reallocation jobs: let the API's worker finish them, so that
    // the measured runs find an empty queue.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { billingJobs } = await call<{ billingJobs: { state: string }[] }>(
        "query ($id: ID!) { billingJobs(parentPartnerId: $id, first: 100) { state } }",
        { id: parentId },
        token,
      );
      if (billingJobs.every((job) => job.state === "SUCCEEDED" || job.state === "FAILED")) break;
      if (Date.now() > deadline) throw new Error("the setup's billing jobs did not finish in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
      template,
      parentPartnerId: Number(parentId),
      masterPayerAccountId: Number(masterPayerAccountId),
      children,
      unlinkedPayees: payees.slice(14),
    };
  } finally {
    await stop(api);
  }
}

/** The GraphQL URL the API logs when it is ready (it listens on a free port). */
function readyUrl(api: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    const timer = setTimeout(
      () => reject(new Error(`the API did not start in 60 s:\n${stderr}`)),
      60_000,
    );
    api.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    api.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const match = /"url":"(http:\/\/[^"]+\/graphql)"/.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    api.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code}:\n${stderr}\n${buffered.slice(-2000)}`));
    });
  });
}

async function stop(api: ChildProcess): Promise<void> {
  if (api.exitCode !== null) return;
  const exited = new Promise((resolve) => api.once("exit", resolve));
  api.kill("SIGTERM");
  await exited;
}
