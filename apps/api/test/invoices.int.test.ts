// Month close: each Child's immutable invoice, numbered without gaps per Parent, its PDF, CSV and
// FOCUS downloads, adjustments for a corrected month, voiding, and who sees what. Runs on SQLite,
// and on PostgreSQL when DATABASE_URL says so.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  billsOf,
  curLegacyCsv,
  curMonthLines,
  ingestAs,
  money,
  settleJobs,
  startBillingServer,
  sum,
  type BillingServer,
} from "./support/billing.js";
import {
  awsId,
  createChild,
  createLink,
  createTenant,
  errorOf,
  expectData,
  expectNoWrites,
  type Tenant,
} from "./support/fixtures.js";
import {
  INVOICE,
  ISSUE,
  PARTNER_INVOICES,
  csvRecords,
  download,
  issueInvoices,
  onServer,
  type InvoiceView,
} from "./support/invoices.js";

const MONTH = "2024-03";
const YEAR = new Date().getUTCFullYear();

describe("invoices", () => {
  let server: BillingServer;
  let tenant: Tenant;
  let other: Tenant;
  let sibling: string;
  let siblingPayee: string;
  let outbox: string;
  let first: InvoiceView[];

  const childInvoice = () => first.find((i) => i.partner.id === tenant.child.id)!;
  const siblingInvoice = () => first.find((i) => i.partner.id === sibling)!;
  const monthCsv = (ec2Usage: string) =>
    curLegacyCsv([
      ...curMonthLines(tenant.payerId, tenant.payees[0]!, MONTH, ec2Usage),
      ...curMonthLines(tenant.payerId, siblingPayee, MONTH),
    ]);
  const rule = (input: Record<string, unknown>) =>
    server.gql(
      `mutation($p: ID!, $input: PricingRuleInput!) { createPricingRule(parentPartnerId: $p, input: $input) { id } }`,
      { p: tenant.parentId, input },
      tenant.sysAdminToken,
    );

  beforeAll(async () => {
    outbox = mkdtempSync(join(tmpdir(), "invoice-outbox-"));
    server = await startBillingServer({ env: { MAIL_OUTBOX_DIR: outbox } });
    tenant = await createTenant(server, "inv");
    other = await createTenant(server, "inv-other");
    sibling = (
      await createChild(server, tenant.sysAdminToken, {
        name: "Inv Sibling",
        parentId: tenant.parentId,
      })
    ).id;
    siblingPayee = awsId();
    await createLink(server, tenant, sibling, [siblingPayee]);
    expectData(
      await rule({
        childPartnerId: tenant.child.id,
        order: 1,
        effectiveFrom: MONTH,
        kind: "FEE",
        amount: "25",
        name: "Managed services",
      }),
    );
    expectData(
      await rule({
        childPartnerId: tenant.child.id,
        order: 2,
        effectiveFrom: MONTH,
        kind: "CREDIT",
        percent: "1",
      }),
    );
    expect((await ingestAs(server, tenant, monthCsv("100.00"), "march.csv")).state).toBe(
      "SUCCEEDED",
    );
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    expectData(
      await server.gql(
        `mutation($p: ID!, $input: ParentBillingDetailsInput!) { saveParentBillingDetails(parentPartnerId: $p, input: $input) { invoicePrefix } }`,
        {
          p: tenant.parentId,
          input: {
            legalName: "Kestrel Cloud Ltd",
            address: "1 Quay St\nDublin",
            taxId: "IE123",
            invoicePrefix: "KES",
            paymentTermsDays: 14,
          },
        },
        tenant.sysAdminToken,
      ),
    );
    expectData(
      await server.gql(
        `mutation($id: ID!, $input: ChildBillingDetailsInput!) { saveChildBillingDetails(partnerId: $id, input: $input) { taxRatePercent } }`,
        {
          id: sibling,
          input: {
            billingEmail: "ap@sibling.example.test",
            taxRatePercent: "10",
            poNumber: "PO-7",
          },
        },
        tenant.sysAdminToken,
      ),
    );
  });
  afterAll(async () => {
    await server.stop();
    rmSync(outbox, { recursive: true, force: true });
  });

  it("should refuse a malformed month, a month not stored, another tenant's Parent and a Child, writing nothing", async () => {
    const issue = (p: string, period: string, token: string) =>
      server.gql(ISSUE, { p, period }, token);
    await expectNoWrites(server, async () => {
      expect(errorOf(await issue(tenant.parentId, "2024-13", tenant.sysAdminToken))).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "billingPeriod",
        value: "2024-13",
      });
      expect(errorOf(await issue(tenant.parentId, "2024-05", tenant.sysAdminToken))).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "billingPeriod",
        value: "2024-05",
        reason: "MONTH_NOT_STORED",
      });
      expect(errorOf(await issue(tenant.parentId, MONTH, other.sysAdminToken))).toMatchObject({
        code: "NOT_FOUND",
        field: "parentPartnerId",
      });
      expect(errorOf(await issue(tenant.parentId, MONTH, tenant.child.adminToken)).code).toMatch(
        /^(FORBIDDEN|NOT_FOUND)$/,
      );
      expect(errorOf(await issue("999999", MONTH, tenant.sysAdminToken)).code).toBe("NOT_FOUND");
      const badDetails = await server.gql(
        `mutation($id: ID!, $input: ChildBillingDetailsInput!) { saveChildBillingDetails(partnerId: $id, input: $input) { taxRatePercent } }`,
        { id: sibling, input: { taxRatePercent: "12.345" } },
        tenant.sysAdminToken,
      );
      expect(errorOf(badDetails)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "input.taxRatePercent",
        value: "12.345",
      });
    });
  });

  it("should preview each Child's invoice without storing anything", async () => {
    const preview = await expectNoWrites(
      server,
      async () =>
        expectData(
          await server.gql<{
            invoicePreview: {
              partner: { id: string };
              total: string;
              tax: string;
              adjusts: null;
            }[];
          }>(
            `query($p: ID!, $period: String!) { invoicePreview(parentPartnerId: $p, billingPeriod: $period) { partner { id } total tax adjusts { id } } }`,
            { p: tenant.parentId, period: MONTH },
            tenant.sysAdminToken,
          ),
        ).invoicePreview,
    );
    expect(preview.map((p) => p.partner.id).sort()).toEqual([tenant.child.id, sibling].sort());
    const [bill] = (await billsOf(server, tenant.sysAdminToken, tenant.child.id, MONTH))!;
    expect(preview.find((p) => p.partner.id === tenant.child.id)?.total).toBe(bill!.total);
  });

  it("should issue one invoice per Child, numbered from 1, totalling each bill exactly with the Child's tax rate", async () => {
    first = await issueInvoices(server, tenant.sysAdminToken, tenant.parentId, MONTH);
    expect(first.map((i) => i.number).sort()).toEqual([`KES-${YEAR}-000001`, `KES-${YEAR}-000002`]);
    for (const invoice of first) {
      expect(invoice).toMatchObject({
        status: "ISSUED",
        billingPeriod: MONTH,
        currency: "USD",
        adjusts: null,
      });
      expect(sum(...invoice.lines.map((l) => l.amount))).toBe(invoice.subtotal);
      expect(sum(invoice.subtotal, invoice.tax)).toBe(invoice.total);
    }
    const [childBill] = (await billsOf(server, tenant.sysAdminToken, tenant.child.id, MONTH))!;
    // Rate 0: the invoice is the bill, to the last decimal, its tax the AWS tax.
    expect(childInvoice().total).toBe(childBill!.total);
    expect(childInvoice().tax).toBe(childBill!.tax);
    // 170 of usage, the named fee, 1 % credit of 170, by service and by rule.
    expect(childInvoice().lines).toEqual([
      { description: "AmazonEC2", amount: money("120") },
      { description: "AmazonS3", amount: money("50") },
      { description: "Credit: 1.00 % of usage", amount: money("-1.7") },
      { description: "Managed services", amount: money("25") },
    ]);
    const [siblingBill] = (await billsOf(server, tenant.sysAdminToken, sibling, MONTH))!;
    // 10 % of the re-billed 170 on top of AWS's 15 of tax.
    expect(siblingInvoice().tax).toBe(money("32"));
    expect(siblingInvoice().total).toBe(sum(siblingBill!.total, "17"));
  });

  it("should issue nothing when nothing changed", async () => {
    const again = await expectNoWrites(server, () =>
      issueInvoices(server, tenant.sysAdminToken, tenant.parentId, MONTH),
    );
    expect(again).toEqual([]);
  });

  it("should serve the PDF, CSV and FOCUS files only with a token and only to who may see the invoice", async () => {
    const invoice = childInvoice();
    const pdfUrl = onServer(server.url, invoice.pdfUrl);
    expect(invoice.pdfUrl).toBe(`http://console.example.test/invoices/${invoice.id}/invoice.pdf`);
    expect((await download(pdfUrl)).status).toBe(401);
    const foreign = await download(pdfUrl, other.sysAdminToken);
    const unknown = await download(
      onServer(server.url, invoice.pdfUrl.replace(`/${invoice.id}/`, "/999999/")),
      other.sysAdminToken,
    );
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.text).toBe(unknown.text.replaceAll("999999", invoice.id));
    // A Child never reads a sibling's invoice.
    expect(
      (await download(onServer(server.url, siblingInvoice().pdfUrl), tenant.child.adminToken))
        .status,
    ).toBe(404);

    const asParent = await download(pdfUrl, tenant.sysAdminToken);
    const asChild = await download(pdfUrl, tenant.child.adminToken);
    expect(asParent.status).toBe(200);
    expect(asParent.headers.get("content-type")).toBe("application/pdf");
    expect(asParent.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(asParent.bytes.includes(Buffer.from(invoice.number))).toBe(true);
    expect(asChild.bytes.equals(asParent.bytes)).toBe(true);

    const csv = await download(onServer(server.url, invoice.csvUrl), tenant.child.adminToken);
    expect(csv.status).toBe(200);
    const records = csvRecords(csv.text);
    expect(Object.keys(records[0]!)).toContain("amount");
    expect(records).toHaveLength(invoice.lines.length + 1);
    expect(records.at(-1)).toMatchObject({ description: "Tax", amount: invoice.tax });
    expect(sum(...records.map((r) => r.amount!))).toBe(invoice.total);

    const focus = await download(onServer(server.url, invoice.focusUrl), tenant.child.adminToken);
    expect(focus.status).toBe(200);
    const rows = csvRecords(focus.text);
    expect(sum(...rows.map((r) => r.BilledCost!))).toBe(invoice.total);
    expect(
      rows.every(
        (r) => r.InvoiceId === invoice.number && r.InvoiceIssuerName === "Kestrel Cloud Ltd",
      ),
    ).toBe(true);
    expect(
      rows.every(
        (r) => r.BillingCurrency === "USD" && r.BillingPeriodStart === `${MONTH}-01T00:00:00Z`,
      ),
    ).toBe(true);
    expect(rows.filter((r) => r.ChargeCategory === "Tax").map((r) => r.BilledCost)).toEqual([
      money("15"),
    ]);
    expect(new Set(rows.filter((r) => r.SubAccountId !== "").map((r) => r.SubAccountId))).toEqual(
      new Set([tenant.payees[0]]),
    );
    expect(rows.find((r) => r.ServiceName === "Managed services")).toMatchObject({
      SubAccountId: "",
      BilledCost: money("25"),
    });
    // The Parent's cost and margin never appear.
    expect(focus.text).not.toMatch(/margin|baseCost|UnblendedCost|ListCost/i);
  });

  it("should show a Child its own invoices only, and the Parent's Partner Sys Admin all of them", async () => {
    const asChild = (id: string) =>
      server.gql<{ invoice: InvoiceView | null }>(INVOICE, { id }, tenant.child.adminToken);
    expect(expectData(await asChild(childInvoice().id)).invoice?.number).toBe(
      childInvoice().number,
    );
    expect(expectData(await asChild(siblingInvoice().id)).invoice).toBeNull();
    expect(
      expectData(
        await server.gql<{ invoice: InvoiceView | null }>(
          INVOICE,
          { id: childInvoice().id },
          other.sysAdminToken,
        ),
      ).invoice,
    ).toBeNull();
    expect(
      expectData(
        await server.gql<{ invoice: InvoiceView | null }>(
          INVOICE,
          { id: "abc" },
          tenant.sysAdminToken,
        ),
      ).invoice,
    ).toBeNull();

    const page = (id: string, token: string, extra: Record<string, unknown> = {}) =>
      server.gql<{
        partner: {
          invoices: {
            totalCount: number;
            nodes: InvoiceView[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        } | null;
      }>(PARTNER_INVOICES, { id, ...extra }, token);
    const own = expectData(await page(tenant.child.id, tenant.child.adminToken)).partner!.invoices;
    expect(own.nodes.map((i) => i.id)).toEqual([childInvoice().id]);
    const all = expectData(await page(tenant.parentId, tenant.sysAdminToken, { first: 1 })).partner!
      .invoices;
    expect(all.totalCount).toBe(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = expectData(
      await page(tenant.parentId, tenant.sysAdminToken, {
        first: 1,
        after: all.pageInfo.endCursor,
      }),
    ).partner!.invoices;
    // Newest first, across pages.
    expect([...all.nodes, ...next.nodes].map((i) => i.number)).toEqual([
      `KES-${YEAR}-000002`,
      `KES-${YEAR}-000001`,
    ]);
    // Another tenant sees neither the Child nor its invoices.
    const foreign = expectData(await page(tenant.child.id, other.sysAdminToken)).partner;
    expect(foreign?.invoices.totalCount ?? 0).toBe(0);
  });

  it("should email the billing contact the invoice with its PDF attached", () => {
    const mails = readdirSync(outbox)
      .filter((f) => f.endsWith(".eml"))
      .map((f) => readFileSync(join(outbox, f), "utf8"));
    const mail = mails.find((m) => m.includes("To: ap@sibling.example.test"));
    expect(mail).toBeDefined();
    expect(mail).toContain(`Subject: Invoice ${siblingInvoice().number}`);
    expect(mail).toContain("Content-Type: application/pdf");
    expect(mail).toContain(`filename=${siblingInvoice().number}.pdf`);
  });

  it("should invoice a corrected report and a rule change as exact adjustments, leaving the issued invoices as they were", async () => {
    const pdfBefore = await download(
      onServer(server.url, childInvoice().pdfUrl),
      tenant.sysAdminToken,
    );
    // AWS corrects the month: EC2 usage 100 → 90.
    expect((await ingestAs(server, tenant, monthCsv("90.00"), "march-corrected.csv")).state).toBe(
      "SUCCEEDED",
    );
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    const correction = await issueInvoices(server, tenant.sysAdminToken, tenant.parentId, MONTH);
    expect(correction).toHaveLength(1);
    const [credit] = correction;
    // −10 of EC2, and the 1 % credit on 10 less: +0.10.
    expect(credit).toMatchObject({
      number: `KES-${YEAR}-000003`,
      partner: { id: tenant.child.id },
      adjusts: { id: childInvoice().id, number: childInvoice().number },
      total: money("-9.9"),
      tax: money("0"),
      lines: [
        { description: "AmazonEC2", amount: money("-10") },
        { description: "Credit: 1.00 % of usage", amount: money("0.1") },
      ],
    });
    const [bill] = (await billsOf(server, tenant.sysAdminToken, tenant.child.id, MONTH))!;
    expect(sum(childInvoice().total, credit!.total)).toBe(bill!.total);

    // The Parent adds a fee for the sibling: its adjustment carries the fee and its 10 % tax.
    expectData(
      await rule({
        childPartnerId: sibling,
        order: 1,
        effectiveFrom: MONTH,
        kind: "FEE",
        amount: "100",
        name: "Onboarding",
      }),
    );
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    const [fee, ...none] = await issueInvoices(
      server,
      tenant.sysAdminToken,
      tenant.parentId,
      MONTH,
    );
    expect(none).toEqual([]);
    expect(fee).toMatchObject({
      number: `KES-${YEAR}-000004`,
      adjusts: { id: siblingInvoice().id },
      lines: [{ description: "Onboarding", amount: money("100") }],
      tax: money("10"),
      total: money("110"),
    });

    // A link change: the Child's March payee leaves its link, so its usage is no longer billed.
    expectData(
      await server.gql(
        `mutation($id: ID!, $input: UpdateResellerLinkInput!) { updateResellerLink(id: $id, input: $input) { id } }`,
        { id: tenant.linkId, input: { awsPayeeAccountIds: [tenant.payees[1]] } },
        tenant.sysAdminToken,
      ),
    );
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    const [moved, ...rest] = await issueInvoices(
      server,
      tenant.sysAdminToken,
      tenant.parentId,
      MONTH,
    );
    expect(rest).toEqual([]);
    // No usage left, so no bill: the invoices of the month now add up to nothing.
    expect(await billsOf(server, tenant.sysAdminToken, tenant.child.id, MONTH)).toEqual([]);
    expect(moved).toMatchObject({
      number: `KES-${YEAR}-000005`,
      adjusts: { id: childInvoice().id },
    });
    expect(sum(childInvoice().total, credit!.total, moved!.total)).toBe(money("0"));

    const original = expectData(
      await server.gql<{ invoice: InvoiceView }>(
        INVOICE,
        { id: childInvoice().id },
        tenant.sysAdminToken,
      ),
    ).invoice;
    expect(original).toEqual(childInvoice());
    const pdfAfter = await download(
      onServer(server.url, childInvoice().pdfUrl),
      tenant.sysAdminToken,
    );
    expect(pdfAfter.bytes.equals(pdfBefore.bytes)).toBe(true);
  });

  it("should refuse any change to an issued invoice in the database itself, except voiding", async () => {
    const { dataSource } = server.running.deps;
    const id = Number(childInvoice().id);
    await expect(
      dataSource.query(`UPDATE "invoice" SET "total" = '0' WHERE "id" = ${id}`),
    ).rejects.toThrow(/INVOICE_IMMUTABLE/);
    await expect(
      dataSource.query(`UPDATE "invoice" SET "status" = 'VOID' WHERE "id" = ${id}`),
    ).rejects.toThrow(/INVOICE_IMMUTABLE/);
    await expect(dataSource.query(`DELETE FROM "invoice" WHERE "id" = ${id}`)).rejects.toThrow(
      /INVOICE_IMMUTABLE/,
    );
    await expect(
      dataSource.query(`UPDATE "invoice_line" SET "amount" = '0' WHERE "invoice_id" = ${id}`),
    ).rejects.toThrow(/INVOICE_IMMUTABLE/);
    await expect(
      dataSource.query(`DELETE FROM "invoice_cost" WHERE "invoice_id" = ${id}`),
    ).rejects.toThrow(/INVOICE_IMMUTABLE/);
    await expect(
      dataSource.query(`UPDATE "invoice_counter" SET "last_sequence" = 0`),
    ).rejects.toThrow(/INVOICE_IMMUTABLE/);
    const invoice = expectData(
      await server.gql<{ invoice: InvoiceView }>(INVOICE, { id: String(id) }, tenant.sysAdminToken),
    ).invoice;
    expect(invoice).toEqual(childInvoice());
  });

  it("should void with a reason, keeping the number and the document; only the Parent voids, once", async () => {
    const VOID = `mutation($id: ID!, $reason: String!) { voidInvoice(id: $id, reason: $reason) { id number status voidReason } }`;
    const id = siblingInvoice().id;
    await expectNoWrites(server, async () => {
      expect(
        errorOf(await server.gql(VOID, { id, reason: "x" }, tenant.child.adminToken)).code,
      ).toBe("NOT_FOUND");
      expect(errorOf(await server.gql(VOID, { id, reason: "x" }, other.sysAdminToken)).code).toBe(
        "NOT_FOUND",
      );
      expect(
        errorOf(await server.gql(VOID, { id, reason: "  " }, tenant.sysAdminToken)),
      ).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "reason",
      });
    });
    const voided = expectData(
      await server.gql<{ voidInvoice: InvoiceView }>(
        VOID,
        { id, reason: "Wrong PO number" },
        tenant.sysAdminToken,
      ),
    ).voidInvoice;
    expect(voided).toMatchObject({
      number: siblingInvoice().number,
      status: "VOID",
      voidReason: "Wrong PO number",
    });
    expect(
      errorOf(await server.gql(VOID, { id, reason: "again" }, tenant.sysAdminToken)),
    ).toMatchObject({
      code: "CONFLICT",
      reason: "INVOICE_VOID",
    });
    const pdf = await download(onServer(server.url, siblingInvoice().pdfUrl), tenant.sysAdminToken);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.includes(Buffer.from(siblingInvoice().number))).toBe(true);
  });

  it("should number 20 racing issues without a duplicate or a gap, each answering what it issued", async () => {
    const month = "2024-04";
    const csv = curLegacyCsv([
      ...curMonthLines(tenant.payerId, tenant.payees[0]!, month),
      ...curMonthLines(tenant.payerId, tenant.payees[1]!, month, "60.00"),
    ]);
    expect((await ingestAs(server, tenant, csv, "april.csv")).state).toBe("SUCCEEDED");
    await settleJobs(server, tenant.sysAdminToken, tenant.parentId);
    const before = expectData(
      await server.gql<{ partner: { invoices: { totalCount: number } } }>(
        PARTNER_INVOICES,
        { id: tenant.parentId },
        tenant.sysAdminToken,
      ),
    ).partner.invoices.totalCount;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.gql<{ issueInvoices: InvoiceView[] }>(
          ISSUE,
          { p: tenant.parentId, period: month },
          tenant.sysAdminToken,
        ),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      for (const error of answer.body.errors ?? []) expect(error.extensions?.code).toBe("CONFLICT");
    }
    const issued = answers.flatMap((a) => a.body.data?.issueInvoices ?? []);
    expect(issued).toHaveLength(1);
    const all = expectData(
      await server.gql<{ partner: { invoices: { totalCount: number; nodes: InvoiceView[] } } }>(
        PARTNER_INVOICES,
        { id: tenant.parentId, first: 100 },
        tenant.sysAdminToken,
      ),
    ).partner.invoices;
    expect(all.totalCount).toBe(before + 1);
    const sequences = all.nodes
      .map((i) => Number(/(\d+)$/.exec(i.number)![1]))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: all.totalCount }, (_, i) => i + 1));
  });
});
