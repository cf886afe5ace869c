// The month close as a benchmark row: seeds a Parent with --children Children billed for one
// month into the database of DATABASE_URL, then, on the real server in this process, issues the
// month (`issueInvoices` over HTTP, each Child's PDF mailed to the outbox) and downloads every
// invoice's PDF. Prints the times and this process's peak RSS.
import { randomBytes } from "node:crypto";
import { toViewerIdentity } from "@reseller/api/context";
import { loadConfig } from "@reseller/api/config";
import { createServer, type ResellerServer } from "@reseller/api/server";
import { argValue, peakRssMiB, runMain } from "../../common/runner.js";

export interface InvoiceBenchResult {
  children: number;
  invoices: number;
  issueMs: number;
  pdfs: number;
  pdfMs: number;
  issuePeakRssMiB: number;
  peakRssMiB: number;
}

const MONTH = "2026-10";
const SERVICES = ["AmazonEC2", "AmazonS3", "AmazonRDS", "AWSLambda", "AmazonCloudFront"];

type Manager = Parameters<Parameters<ResellerServer["deps"]["tx"]["run"]>[0]>[0];

async function insertRows(m: Manager, table: string, rows: readonly Record<string, unknown>[]) {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const slice = Math.floor(30_000 / columns);
  for (let i = 0; i < rows.length; i += slice)
    await m
      .createQueryBuilder()
      .insert()
      .into(table)
      .values(rows.slice(i, i + slice))
      .updateEntity(false)
      .execute();
}

async function seed(server: ResellerServer, children: number, password: string) {
  const { deps, services } = server;
  const operator = toViewerIdentity(
    { id: 0, role: "OPERATOR", partnerId: null, status: "ACTIVE" } as Parameters<
      typeof toViewerIdentity
    >[0],
    null,
    { kind: "session", id: 0 },
  );
  const email = `invoices-${randomBytes(4).toString("hex")}@bench-api.example`;
  const { partner: parent } = await services.partners.createParent(operator, {
    name: "Bench Invoicing Parent",
    email: "billing@bench-invoices.example",
    sysAdmin: { email, name: "Bench Invoicer", password },
  });
  const now = new Date();
  await deps.tx.run(async (m) => {
    await insertRows(m, "account", [
      {
        partnerId: parent.id,
        name: "Master payer",
        awsAccountId: null,
        isMasterPayer: true,
        createdAt: now,
      },
    ]);
    const [account] = await m.query<{ id: number }[]>(
      `SELECT id FROM account WHERE partner_id = ${parent.id}`,
    );
    await insertRows(
      m,
      "partner",
      Array.from({ length: children }, (_, i) => ({
        name: `Invoiced Child ${i + 1}`,
        email: `invoiced${i + 1}@bench-invoices.example`,
        level: "CHILD",
        parentId: parent.id,
        isReseller: true,
        createdAt: now,
      })),
    );
    const childIds = (
      await m.query<{ id: number }[]>(
        `SELECT id FROM partner WHERE parent_id = ${parent.id} ORDER BY id`,
      )
    ).map((row) => Number(row.id));
    await insertRows(m, "billing_month", [
      {
        masterPayerAccountId: account!.id,
        billingPeriod: MONTH,
        status: "OPEN",
        invoiceId: null,
        locked: false,
        contentHash: "bench",
        fileName: "bench.csv",
        format: "CUR",
        lineItems: childIds.length * 16,
        ingestedAt: now,
      },
    ]);
    const [month] = await m.query<{ id: number }[]>(
      `SELECT id FROM billing_month WHERE master_payer_account_id = ${account!.id}`,
    );
    // Per Child: 5 services × 3 days of usage, AWS tax and a named fee; a billing email each.
    await insertRows(
      m,
      "allocated_cost",
      childIds.flatMap((childId, i) => {
        const payee = `7${String(i).padStart(11, "0")}`;
        const row = (
          day: string,
          service: string,
          chargeClass: string,
          cost: string,
          usageAccountId = payee,
        ) => ({
          billingMonthId: month!.id,
          billingPeriod: MONTH,
          resellerPartnerId: childId,
          linkId: 0,
          usageDate: `${MONTH}-${day}`,
          usageAccountId,
          serviceCode: service,
          chargeClass,
          currency: "USD",
          baseCost: cost,
          billedCost: cost,
        });
        return [
          ...["01", "02", "03"].flatMap((day) =>
            SERVICES.map((service, s) =>
              row(day, service, "USAGE", `${(i % 97) + s}.123456789012`),
            ),
          ),
          row("01", "AmazonEC2", "TAX", "4.200000000000"),
          row("01", "Managed services", "FEE", "25.000000000000", ""),
        ];
      }),
    );
    await insertRows(
      m,
      "billing_details",
      childIds.map((partnerId, i) => ({
        partnerId,
        billingEmail: `ap${i + 1}@bench-invoices.example`,
        taxRatePercent: "10.00",
        updatedAt: now,
      })),
    );
  });
  return { parentId: String(parent.id), email };
}

async function main(): Promise<InvoiceBenchResult> {
  const children = Number(argValue("children"));
  const config = loadConfig({
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  const server = await createServer({
    config,
    backgroundWork: false,
    rateLimits: { authenticatedPerMinute: 1_000_000, anonymousPerMinute: 1_000_000 },
  });
  const running = await server.listen(0, "127.0.0.1");
  try {
    const password = randomBytes(18).toString("base64url");
    const { parentId, email } = await seed(server, children, password);
    const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await fetch(`${running.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as {
        data?: Record<string, unknown>;
        errors?: unknown[];
      };
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const login = await post(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: email, p: password },
    );
    const token = (login.login as { token: string }).token;

    const issueStart = performance.now();
    const issued = await post(
      `mutation($p: ID!, $m: String!) { issueInvoices(parentPartnerId: $p, billingPeriod: $m) { id pdfUrl } }`,
      { p: parentId, m: MONTH },
      token,
    );
    const issueMs = performance.now() - issueStart;
    const issuePeak = peakRssMiB();
    const invoices = issued.issueInvoices as { id: string; pdfUrl: string }[];
    if (invoices.length !== children)
      throw new Error(`issued ${invoices.length} invoices for ${children} Children`);

    const pdfStart = performance.now();
    for (const invoice of invoices) {
      const response = await fetch(`${running.url}${new URL(invoice.pdfUrl).pathname}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || bytes.subarray(0, 5).toString() !== "%PDF-")
        throw new Error(`invoice ${invoice.id}: HTTP ${response.status}`);
    }
    const pdfMs = performance.now() - pdfStart;
    return {
      children,
      invoices: invoices.length,
      issueMs,
      pdfs: invoices.length,
      pdfMs,
      issuePeakRssMiB: issuePeak,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await server.stop();
  }
}

runMain(main);
