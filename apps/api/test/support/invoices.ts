// Invoices as the invoice suites read them: the GraphQL fields, issuing, and the downloads.
import { type ApiClient, expectData } from "./fixtures.js";

export const INVOICE_FIELDS =
  "id number billingPeriod currency status issuedAt dueDate subtotal tax total voidReason partner { id } lines { description amount } adjusts { id number } pdfUrl csvUrl focusUrl";

export interface InvoiceView {
  id: string;
  number: string;
  billingPeriod: string;
  currency: string;
  status: "ISSUED" | "VOID";
  issuedAt: string;
  dueDate: string;
  subtotal: string;
  tax: string;
  total: string;
  voidReason: string | null;
  partner: { id: string };
  lines: { description: string; amount: string }[];
  adjusts: { id: string; number: string } | null;
  pdfUrl: string;
  csvUrl: string;
  focusUrl: string;
}

export const ISSUE = `mutation Issue($p: ID!, $period: String!) { issueInvoices(parentPartnerId: $p, billingPeriod: $period) { ${INVOICE_FIELDS} } }`;
export const INVOICE = `query Invoice($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`;
export const PARTNER_INVOICES = `query PartnerInvoices($id: ID!, $first: Int, $after: String, $period: String) {
  partner(id: $id) { invoices(first: $first, after: $after, billingPeriod: $period) { totalCount pageInfo { hasNextPage endCursor } nodes { ${INVOICE_FIELDS} } } }
}`;

export async function issueInvoices(
  server: ApiClient,
  token: string,
  parentId: string,
  period: string,
): Promise<InvoiceView[]> {
  return expectData(
    await server.gql<{ issueInvoices: InvoiceView[] }>(ISSUE, { p: parentId, period }, token),
  ).issueInvoices;
}

/** A document URL on the server under test (the API answers on PUBLIC_URL's paths). */
export function onServer(serverUrl: string, documentUrl: string): string {
  const url = new URL(documentUrl);
  return `${serverUrl}${url.pathname}`;
}

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

export async function download(url: string, token?: string): Promise<Download> {
  const response = await fetch(url, {
    redirect: "manual",
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: bytes.toString("utf8"),
  };
}

/** A CSV's rows as records (RFC 4180 quoting). */
export function csvRecords(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}
