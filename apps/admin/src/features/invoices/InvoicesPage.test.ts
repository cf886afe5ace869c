import { flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import InvoicesPage from "./InvoicesPage.vue";

const MONTH = "2026-05";

function invoice(extra: Record<string, unknown> = {}) {
  return {
    id: "7",
    number: "KES-2026-000001",
    billingPeriod: MONTH,
    currency: "USD",
    status: "ISSUED",
    issuedAt: "2026-06-02T10:00:00.000Z",
    dueDate: "2026-06-16",
    subtotal: "193.300000000000",
    tax: "15.000000000000",
    total: "208.300000000000",
    voidReason: null,
    partner: { id: "2", name: "Bright Reseller" },
    adjusts: null,
    pdfUrl: "http://console.test/invoices/7/invoice.pdf",
    csvUrl: "http://console.test/invoices/7/invoice.csv",
    focusUrl: "http://console.test/invoices/7/focus.csv",
    ...extra,
  };
}

const preview =
  (drafts: unknown[]): Answer =>
  () => ({ data: { invoicePreview: drafts } });
const list =
  (nodes: unknown[]): Answer =>
  () => ({
    data: {
      partner: {
        id: "1",
        name: "Acme Cloud",
        level: "PARENT",
        invoices: {
          totalCount: nodes.length,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes,
        },
      },
    },
  });

const DRAFTS = [
  {
    partner: { id: "2", name: "Bright Reseller" },
    currency: "USD",
    subtotal: "193.300000000000",
    tax: "15.000000000000",
    total: "208.300000000000",
    adjusts: null,
  },
  {
    partner: { id: "3", name: "Cobalt IT" },
    currency: "USD",
    subtotal: "-10.000000000000",
    tax: "0.000000000000",
    total: "-10.000000000000",
    adjusts: { id: "4", number: "KES-2026-000004" },
  },
];

async function mountPage(replies: Record<string, Answer>) {
  const mounted = await mountWithApi(InvoicesPage, {
    routes: {
      partners: "/partners",
      invoice: "/partners/:partnerId/invoices/:invoiceId",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "billing-pricing": "/partners/:partnerId/billing/pricing",
      "billing-upload": "/partners/:partnerId/billing/upload",
      "billing-jobs": "/partners/:partnerId/billing/jobs",
      "billing-invoices": "/partners/:partnerId/billing/invoices",
      "billing-details": "/partners/:partnerId/billing/details",
    },
    at: `/partners/1/billing/invoices?month=${MONTH}`,
    replies,
    props: { partnerId: "1" },
  });
  await flushPromises();
  return mounted;
}

beforeEach(() =>
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  ),
);
afterEach(() => {
  cleanUp();
  vi.restoreAllMocks();
});

describe("InvoicesPage", () => {
  it("should preview each Child's invoice and adjustment for the month", async () => {
    const { wrapper, sent } = await mountPage({
      InvoicePreview: preview(DRAFTS),
      PartnerInvoices: list([]),
    });
    expect(named(sent, "InvoicePreview")[0]!.variables).toEqual({
      partnerId: "1",
      billingPeriod: MONTH,
    });
    const rows = wrapper
      .findAll('table[aria-label="Invoice preview"] tbody tr')
      .map((row) => row.findAll("td").map((cell) => cell.text()));
    expect(rows).toEqual([
      ["Bright Reseller", "Invoice", "USD 193.30", "USD 15.00", "USD 208.30"],
      ["Cobalt IT", "Adjusts KES-2026-000004", "USD -10.00", "USD 0.00", "USD -10.00"],
    ]);
    expect(wrapper.text()).toContain("No invoice issued for this month yet.");
  });

  it("should name the count and total in the confirmation, then issue and list the month", async () => {
    let issued = false;
    const { wrapper, sent } = await mountPage({
      InvoicePreview: () => preview(issued ? [] : DRAFTS)({} as never),
      PartnerInvoices: () => list(issued ? [invoice()] : [])({} as never),
      IssueInvoices: () => {
        issued = true;
        return {
          data: { issueInvoices: [invoice(), invoice({ id: "8", number: "KES-2026-000002" })] },
        };
      },
    });
    await wrapper.find("button.button").trigger("click");
    const dialog = wrapper.find('dialog[aria-label="Issue invoices"]');
    expect(dialog.text()).toContain("Issue 2 invoices for May 2026, totalling USD 198.30?");
    await dialog.findAll("button").at(-1)!.trigger("click");
    await flushPromises();
    expect(named(sent, "IssueInvoices")[0]!.variables).toEqual({
      partnerId: "1",
      billingPeriod: MONTH,
    });
    expect(wrapper.find('[role="status"]').text()).toBe("Issued 2 invoices.");
    expect(wrapper.find('tr[data-invoice="KES-2026-000001"]').text()).toContain("USD 208.30");
  });

  it("should void with the reason typed, and show the API's error next to the reason", async () => {
    let answers = 0;
    const { wrapper, sent } = await mountPage({
      InvoicePreview: preview([]),
      PartnerInvoices: list([invoice()]),
      VoidInvoice: () => {
        answers += 1;
        return answers === 1
          ? {
              errors: [
                {
                  message: "reason is required",
                  extensions: { code: "BAD_USER_INPUT", field: "reason" },
                },
              ],
            }
          : { data: { voidInvoice: invoice({ status: "VOID", voidReason: "Wrong PO" }) } };
      },
    });
    const row = wrapper.find('tr[data-invoice="KES-2026-000001"]');
    await row.findAll("button").at(-1)!.trigger("click");
    const dialog = wrapper.find('dialog[aria-label="Void invoice"]');
    await dialog.find("form").trigger("submit");
    await flushPromises();
    expect(dialog.find(".field-error").exists()).toBe(true);
    expect(dialog.find('input[name="reason"]').attributes("aria-invalid")).toBe("true");
    await dialog.find('input[name="reason"]').setValue("Wrong PO");
    await dialog.find("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "VoidInvoice").map((o) => o.variables)).toEqual([
      { id: "7", reason: "" },
      { id: "7", reason: "Wrong PO" },
    ]);
    expect(wrapper.find('[role="status"]').text()).toBe("Voided KES-2026-000001.");
  });

  it("should download a document with the session's bearer token from this origin", async () => {
    const fetched: { url: string; auth: string | null }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      fetched.push({
        url: typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
        auth: new Headers(init?.headers).get("authorization"),
      });
      return Promise.resolve(new Response(new Blob(["%PDF-1.3"]), { status: 200 }));
    });
    URL.createObjectURL = vi.fn(() => "blob:invoice");
    URL.revokeObjectURL = vi.fn();
    const { wrapper } = await mountPage({
      InvoicePreview: preview([]),
      PartnerInvoices: list([invoice()]),
    });
    const pdf = wrapper.findAll("button").find((b) => b.text() === "PDF")!;
    await pdf.trigger("click");
    await flushPromises();
    expect(fetched).toEqual([{ url: "/invoices/7/invoice.pdf", auth: "Bearer test-token" }]);
  });
});
