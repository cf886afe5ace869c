import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import BillingOverviewPage from "./BillingOverviewPage.vue";

const parent: Answer = () => ({
  data: {
    partner: {
      id: "1",
      name: "Acme Cloud",
      level: "PARENT",
      accounts: [
        { id: "10", name: "Master payer", awsAccountId: "111122223333", isMasterPayer: true },
      ],
    },
  },
});

const margin = (id: string, name: string, base: string, billed: string, gain: string) => ({
  billingPeriod: "2026-04",
  currency: "USD",
  baseCost: base,
  billedCost: billed,
  margin: gain,
  passThrough: "1.9900000000",
  partner: { id, name },
});

// Each master payer's panel also shows its report source (tested in ReportSourcePanel.test.ts).
const noReportSources: Answer = () => ({ data: { reportSources: [] } });

function month(locked: boolean) {
  return {
    billingPeriod: "2026-04",
    status: "OPEN",
    locked,
    invoiceId: null,
    fileName: "cur-2026-04.csv",
    format: "CUR_LEGACY",
    ingestedAt: "2026-05-01T10:00:00.000Z",
    lineItems: 5,
  };
}

function masterPayerMonth(
  locked: boolean,
  unknownTypes: {
    lineItemType: string;
    currency: string;
    lineItems: number;
    unblendedCost: string;
  }[] = [],
): Answer {
  return () => ({
    data: {
      billingMonths: [month(locked), { ...month(false), billingPeriod: "2026-03" }],
      unallocatedCosts: [
        {
          reason: "NO_LINK",
          payerAccountId: "111122223333",
          usageAccountId: "999900001111",
          currency: "USD",
          lineItems: 1,
          unblendedCost: "5.0050000000",
        },
      ],
      unknownLineItemTypes: unknownTypes,
    },
  });
}

async function mountPage(replies: Record<string, Answer>) {
  const mounted = await mountWithApi(BillingOverviewPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      billing: "/partners/:partnerId/billing",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "billing-pricing": "/partners/:partnerId/billing/pricing",
      "billing-upload": "/partners/:partnerId/billing/upload",
      "billing-jobs": "/partners/:partnerId/billing/jobs",
      "billing-invoices": "/partners/:partnerId/billing/invoices",
      "billing-details": "/partners/:partnerId/billing/details",
    },
    at: "/partners/1/billing/overview",
    replies,
    props: { partnerId: "1" },
  });
  await flushPromises();
  return mounted;
}

const cells = (row: DOMWrapper<Element>) => row.findAll("th, td").map((cell) => cell.text().trim());
const table = (wrapper: VueWrapper, caption: string) =>
  wrapper.findAll("table").find((t) => t.find("caption").text().startsWith(caption))!;

beforeEach(() =>
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("BillingOverviewPage", () => {
  it("should open the latest month with a report and list each Child's margin when it loads", async () => {
    const { wrapper, sent } = await mountPage({
      BillingParent: parent,
      BillingMonths: () => ({
        data: { billingMonths: [{ billingPeriod: "2026-04" }, { billingPeriod: "2026-03" }] },
      }),
      ResellerMargins: () => ({
        data: {
          resellerMargins: [
            margin("3", "Clear Reseller", "10.0000000000", "9.5000000000", "-0.5000000000"),
            margin("2", "Bright Reseller", "20.0000000000", "22.0000000000", "2.0000000000"),
          ],
        },
      }),
      MasterPayerMonth: masterPayerMonth(false),
      ReportSources: noReportSources,
    });
    expect(named(sent, "ResellerMargins")[0]!.variables).toEqual({
      partnerId: "1",
      billingPeriod: "2026-04",
    });
    const children = table(wrapper, "Children");
    expect(children.findAll("thead th").map((th) => th.text())).toEqual([
      "Child partner",
      "Currency",
      "Base cost",
      "Billed cost",
      "Margin",
      "Margin %",
      "Pass-through",
    ]);
    expect(children.findAll("tbody tr").map(cells)).toEqual([
      ["Bright Reseller", "USD", "20.00", "22.00", "2.00", "10.00 %", "1.99"],
      ["Clear Reseller", "USD", "10.00", "9.50", "-0.50", "-5.00 %", "1.99"],
    ]);
    expect(cells(children.find("tfoot tr"))).toEqual([
      "All Children",
      "USD",
      "30.00",
      "31.50",
      "1.50",
      "5.00 %",
      "3.98",
    ]);
    expect(children.find("tbody a").attributes("href")).toBe("/partners/2/billing?month=2026-04");
  });

  it("should show the month's status and unallocated costs, and lock the month when asked", async () => {
    let locked = false;
    const { wrapper, sent } = await mountPage({
      BillingParent: parent,
      BillingMonths: () => ({ data: { billingMonths: [{ billingPeriod: "2026-04" }] } }),
      ResellerMargins: () => ({ data: { resellerMargins: [] } }),
      MasterPayerMonth: (operation) => masterPayerMonth(locked)(operation),
      ReportSources: noReportSources,
      LockBillingMonth: () => {
        locked = true;
        return { data: { lockBillingMonth: month(true) } };
      },
    });
    expect(wrapper.text()).toContain("No Child has billing data for April 2026.");
    const panel = wrapper.find(".master-payer");
    expect(panel.find("h2").text()).toContain("Master payer");
    expect(panel.find(".month-status").text()).toContain("OPEN");
    expect(panel.find(".month-status").text()).toContain("Not locked");
    expect(table(wrapper, "Unallocated costs").findAll("tbody tr").map(cells)).toEqual([
      ["In no reseller link", "111122223333", "999900001111", "1", "USD 5.01"],
    ]);
    expect(wrapper.text()).not.toContain("Unknown line item types");
    const lock = panel.findAll("button").find((b) => b.text() === "Lock April 2026")!;
    await lock.trigger("click");
    await flushPromises();
    expect(named(sent, "LockBillingMonth")[0]!.variables).toEqual({
      masterPayerAccountId: "10",
      billingPeriod: "2026-04",
    });
    expect(panel.find('[role="status"]').text()).toBe("April 2026 is locked.");
    expect(panel.find(".month-status").text()).toContain("Locked");
    expect(panel.findAll("button").map((b) => b.text())).toContain("Unlock April 2026");
  });

  it("should list the month's unknown line item types with their rows and cost", async () => {
    const { wrapper } = await mountPage({
      BillingParent: parent,
      BillingMonths: () => ({ data: { billingMonths: [{ billingPeriod: "2026-04" }] } }),
      ResellerMargins: () => ({ data: { resellerMargins: [] } }),
      ReportSources: noReportSources,
      MasterPayerMonth: masterPayerMonth(false, [
        {
          lineItemType: "FutureChargeType",
          currency: "USD",
          lineItems: 3,
          unblendedCost: "7.2500000000",
        },
        {
          lineItemType: "EdpDiscount",
          currency: "USD",
          lineItems: 1,
          unblendedCost: "-1.0000000000",
        },
      ]),
    });
    expect(wrapper.text()).toContain("billed to Children as usage");
    expect(table(wrapper, "Unknown line item types").findAll("tbody tr").map(cells)).toEqual([
      ["FutureChargeType", "3", "USD 7.25"],
      ["EdpDiscount", "1", "USD -1.00"],
    ]);
  });
});
