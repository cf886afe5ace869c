import PDFDocument from "pdfkit";
import { roundCurrency } from "@reseller/domain";
import {
  type InvoiceCostEntity,
  type InvoiceEntity,
  type InvoiceLineEntity,
} from "../../persistence/entities/index.js";

/** The billing details frozen with an invoice (its `parties` column). */
export interface InvoiceParties {
  parent: {
    name: string;
    legalName: string | null;
    address: string | null;
    taxId: string | null;
    paymentTermsDays: number;
    invoiceNote: string | null;
  };
  child: {
    name: string;
    billingEmail: string | null;
    address: string | null;
    taxId: string | null;
    poNumber: string | null;
  };
  /** The number of the invoice adjusted, when this is an adjustment. */
  adjustsNumber: string | null;
}

export function partiesOf(invoice: InvoiceEntity): InvoiceParties {
  return JSON.parse(invoice.parties) as InvoiceParties;
}

export const TAX_LINE = "Tax";

// RFC 4180: quote a field holding a comma, quote or line break; a leading =, +, - or @ is
// prefixed with ' so that a spreadsheet never runs a description as a formula.
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?[0-9.]+$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The invoice's lines as CSV: one row per line and one for the tax; amounts add up to the total. */
export function invoiceCsv(invoice: InvoiceEntity, lines: readonly InvoiceLineEntity[]): string {
  return csv([
    ["invoice_number", "billing_period", "description", "amount", "currency"],
    ...lines.map((line) => [
      invoice.number,
      invoice.billingPeriod,
      line.description,
      line.amount,
      invoice.currency,
    ]),
    [invoice.number, invoice.billingPeriod, TAX_LINE, invoice.tax, invoice.currency],
  ]);
}

/** The FOCUS 1.2 columns of the cost file. */
export const FOCUS_COLUMNS = [
  "BilledCost",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ChargeDescription",
  "ServiceName",
  "SubAccountId",
  "BillingAccountId",
  "BillingAccountName",
  "InvoiceIssuerName",
  "InvoiceId",
  "ProviderName",
] as const;

function nextMonthStart(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(year, monthNumber, 1));
  return `${next.toISOString().slice(0, 10)}T00:00:00Z`;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return `${date.toISOString().slice(0, 10)}T00:00:00Z`;
}

/**
 * The Child's re-billed costs frozen with the invoice, as FOCUS 1.2 CSV: `BilledCost` at the
 * Child's price (never the Parent's cost or margin), adding up to the invoice total.
 */
export function focusCsv(invoice: InvoiceEntity, costs: readonly InvoiceCostEntity[]): string {
  const parties = partiesOf(invoice);
  const periodStart = `${invoice.billingPeriod}-01T00:00:00Z`;
  const periodEnd = nextMonthStart(invoice.billingPeriod);
  const issuer = parties.parent.legalName ?? parties.parent.name;
  return csv([
    [...FOCUS_COLUMNS],
    ...costs.map((cost) => [
      cost.billedCost,
      invoice.currency,
      periodStart,
      periodEnd,
      `${cost.usageDate}T00:00:00Z`,
      nextDay(cost.usageDate),
      cost.chargeCategory,
      cost.serviceName,
      cost.serviceName,
      cost.subAccountId,
      String(invoice.childPartnerId),
      parties.child.name,
      issuer,
      invoice.number,
      "AWS",
    ]),
  ]);
}

function shown(amount: string): string {
  return roundCurrency(amount);
}

/**
 * The invoice as PDF. The same invoice renders to the same bytes: the document's dates are the
 * issue date and every input is frozen with the invoice.
 */
export function invoicePdf(
  invoice: InvoiceEntity,
  lines: readonly InvoiceLineEntity[],
): Promise<Buffer> {
  const parties = partiesOf(invoice);
  const title = `${invoice.adjustsInvoiceId === null ? "Invoice" : "Adjustment"} ${invoice.number}`;
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: {
      Title: title,
      Subject: `${parties.child.name}, ${invoice.billingPeriod}`,
      Author: parties.parent.legalName ?? parties.parent.name,
      Creator: "Reseller Console",
      Producer: "Reseller Console",
      CreationDate: invoice.issuedAt,
      ModDate: invoice.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const party = (heading: string, rows: (string | null)[], x: number, y: number) => {
    doc.font("Helvetica-Bold").fontSize(10).text(heading, x, y, { width: 240 });
    doc.font("Helvetica").fontSize(10);
    for (const row of rows) if (row) doc.text(row, { width: 240 });
  };
  doc.font("Helvetica-Bold").fontSize(20).text(title, 50, 50);
  doc.font("Helvetica").fontSize(10);
  doc.text(`Billing period: ${invoice.billingPeriod}`);
  doc.text(`Issued: ${invoice.issuedAt.toISOString().slice(0, 10)}`);
  doc.text(`Due: ${invoice.dueDate}`);
  doc.text(`Currency: ${invoice.currency}`);
  if (parties.adjustsNumber) doc.text(`Adjusts invoice ${parties.adjustsNumber}`);
  if (invoice.status === "VOID") doc.font("Helvetica-Bold").text("VOID").font("Helvetica");
  const top = 170;
  party(
    "From",
    [
      parties.parent.legalName ?? parties.parent.name,
      parties.parent.address,
      parties.parent.taxId ? `Tax id: ${parties.parent.taxId}` : null,
    ],
    50,
    top,
  );
  party(
    "Bill to",
    [
      parties.child.name,
      parties.child.address,
      parties.child.taxId ? `Tax id: ${parties.child.taxId}` : null,
      parties.child.poNumber ? `PO: ${parties.child.poNumber}` : null,
      parties.child.billingEmail,
    ],
    310,
    top,
  );

  let y = Math.max(doc.y, 260) + 20;
  const row = (description: string, amount: string, bold = false) => {
    if (y > 760) {
      doc.addPage();
      y = 50;
    }
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
    doc.text(description, 50, y, { width: 380 });
    const next = doc.y;
    doc.text(amount, 430, y, { width: 115, align: "right" });
    y = Math.max(next, doc.y) + 4;
  };
  row("Description", `Amount (${invoice.currency})`, true);
  for (const line of lines) row(line.description, shown(line.amount));
  y += 6;
  row("Subtotal", shown(invoice.subtotal), true);
  row(`Tax`, shown(invoice.tax));
  row("Total", shown(invoice.total), true);
  if (parties.parent.invoiceNote) {
    y += 12;
    doc.font("Helvetica").fontSize(9).text(parties.parent.invoiceNote, 50, y, { width: 495 });
  }
  doc.end();
  return done;
}
