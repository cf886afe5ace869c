import { print } from "graphql";
import { type DOMWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import ChildBillingPage from "./ChildBillingPage.vue";
import { currentMonth, shiftMonth } from "./billing-month";

// Canvas drawing is not what these tests are about (happy-dom has no canvas): a stub shows the
// option the chart was given.
vi.mock("vue-echarts", async () => {
  const { defineComponent, h } = await import("vue");
  return {
    default: defineComponent({
      props: { option: { type: Object, required: true } },
      setup: (props) => () =>
        h("div", { class: "chart-stub", "data-option": JSON.stringify(props.option) }),
    }),
  };
});

const THIS_MONTH = currentMonth();
const LAST_MONTH = shiftMonth(THIS_MONTH, -1);

function bill(extra: Record<string, unknown> = {}) {
  return {
    billingPeriod: LAST_MONTH,
    currency: "USD",
    billed: "22.0000000000",
    tax: "1.9900000000",
    credits: "-0.5050000000",
    refunds: "0.0000000000",
    total: "23.4850000000",
    byService: [
      { key: "AmazonEC2", billedCost: "19.2500000000" },
      { key: "AmazonS3", billedCost: "2.7500000000" },
    ],
    byAccount: [
      { key: "444455556666", billedCost: "13.8858024680" },
      { key: "777788889999", billedCost: "8.1141975320" },
    ],
    byDay: [
      { key: `${LAST_MONTH}-01`, billedCost: "11.1358024680" },
      { key: `${LAST_MONTH}-02`, billedCost: "10.8641975320" },
    ],
    ...extra,
  };
}

const childBilling =
  (bills: unknown[], level = "CHILD"): Answer =>
  () => ({
    data: {
      partner: {
        id: "2",
        name: "Bright Reseller",
        level,
        parent: { id: "1", name: "Acme Cloud" },
        bill: bills,
      },
    },
  });

// The last six months, newest first: only last month has a bill.
const recentBills: Answer = () => ({
  data: {
    partner: {
      id: "2",
      m0: [],
      m1: [{ billingPeriod: LAST_MONTH }],
      m2: [],
      m3: [],
      m4: [],
      m5: [],
    },
  },
});

async function mountPage(replies: Record<string, Answer>, at = "/partners/2/billing") {
  const mounted = await mountWithApi(ChildBillingPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      billing: "/partners/:partnerId/billing",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "child-invoices": "/partners/:partnerId/invoices",
    },
    at,
    replies,
    props: { partnerId: "2" },
  });
  await flushPromises();
  return mounted;
}

const cellsOf = (row: DOMWrapper<Element>) =>
  row.findAll("th, td").map((cell) => cell.text().trim());

beforeEach(() =>
  signInAs(
    { id: "5", email: "robin@bright.test", name: "Robin", role: "USER" },
    { id: "2", name: "Bright Reseller", level: "CHILD" },
  ),
);

afterEach(() => {
  cleanUp();
  vi.restoreAllMocks();
});

describe("ChildBillingPage", () => {
  it("should open the latest month with a bill when the address names no month", async () => {
    const { sent, router } = await mountPage({
      RecentBills: recentBills,
      ChildBilling: childBilling([bill()]),
    });
    expect(named(sent, "RecentBills")[0]!.variables).toMatchObject({
      partnerId: "2",
      m0: THIS_MONTH,
      m1: LAST_MONTH,
    });
    expect(named(sent, "ChildBilling").map((operation) => operation.variables)).toEqual([
      { partnerId: "2", billingPeriod: LAST_MONTH },
    ]);
    // The address keeps no month until one is picked.
    expect(router.currentRoute.value.query.month).toBeUndefined();
  });

  it("should show the billed totals with their currency, rounded half-up, when the bill answers", async () => {
    const { wrapper } = await mountPage({
      RecentBills: recentBills,
      ChildBilling: childBilling([bill()]),
    });
    const cards = wrapper
      .findAll(".billing-total")
      .map((card) => [card.find("dt").text(), card.find("dd").text()]);
    expect(cards).toEqual([
      ["Billed usage", "USD 22.00"],
      ["Tax", "USD 1.99"],
      ["Credits", "USD -0.51"],
      ["Refunds", "USD 0.00"],
      ["Total", "USD 23.49"],
    ]);
    const services = wrapper
      .findAll("table")
      .find((table) => table.find("caption").text() === "By service")!;
    expect(services.findAll("thead th").map((th) => th.text())).toEqual([
      "Service",
      "Billed cost (USD)",
    ]);
    expect(services.findAll("tbody tr").map(cellsOf)).toEqual([
      ["AmazonEC2", "19.25"],
      ["AmazonS3", "2.75"],
    ]);
    expect(cellsOf(services.find("tfoot tr"))).toEqual(["Total", "22.00"]);
    const accounts = wrapper
      .findAll("table")
      .find((table) => table.find("caption").text() === "By usage account")!;
    expect(accounts.findAll("tbody tr").map(cellsOf)).toEqual([
      ["444455556666", "13.89"],
      ["777788889999", "8.11"],
    ]);
  });

  it("should draw every day of the month and describe the chart in text when it has days", async () => {
    const { wrapper } = await mountPage({
      RecentBills: recentBills,
      ChildBilling: childBilling([bill()]),
    });
    // The chart is loaded on demand, after the totals.
    await vi.waitFor(() => expect(wrapper.find(".chart-stub").exists()).toBe(true), {
      timeout: 15_000,
    });
    const option = JSON.parse(wrapper.find(".chart-stub").attributes("data-option")!) as {
      xAxis: { data: string[] };
      series: { data: number[] }[];
    };
    expect(option.xAxis.data[0]).toBe("01");
    expect(option.series[0]!.data.slice(0, 3)).toEqual([11.14, 10.86, 0]);
    const label = wrapper.find('[role="img"]').attributes("aria-label")!;
    expect(label).toContain("2 days with cost");
    expect(label).toContain(`the highest USD 11.14 on ${LAST_MONTH}-01`);
    const dayTable = wrapper.find(".billing-chart table");
    expect(dayTable.classes()).toContain("visually-hidden");
    expect(dayTable.findAll("tbody tr").map(cellsOf)).toEqual([
      [`${LAST_MONTH}-01`, "USD 11.14"],
      [`${LAST_MONTH}-02`, "USD 10.86"],
    ]);
  }, 30_000);

  it("should never show a base cost or margin when the reply carries them anyway", async () => {
    const leaked = {
      baseCost: "987654.3210000000",
      margin: "31337.4200000000",
      basis: "LIST",
    };
    const { wrapper, sent } = await mountPage({
      RecentBills: recentBills,
      ChildBilling: childBilling([
        bill({
          ...leaked,
          byService: [{ key: "AmazonEC2", billedCost: "22.0000000000", ...leaked }],
          byDay: [{ key: `${LAST_MONTH}-01`, billedCost: "22.0000000000", ...leaked }],
        }),
      ]),
    });
    const text = wrapper.text();
    expect(text).toContain("USD 22.00");
    for (const hidden of ["987,654", "987654", "31,337", "31337", "LIST"])
      expect(text).not.toContain(hidden);
    expect(text).not.toMatch(/base cost|margin|list cost/i);
    expect(wrapper.html()).not.toMatch(/987654|31337/);
    // Nor does the page ask for them.
    const query = print(named(sent, "ChildBilling")[0]!.query);
    expect(query).not.toMatch(/baseCost|margin|basis/);
  });

  it("should load the month picked and keep it in the address when the month changes", async () => {
    const { wrapper, sent, router } = await mountPage(
      { ChildBilling: childBilling([bill()]) },
      `/partners/2/billing?month=${LAST_MONTH}`,
    );
    // A month in the address needs no look-back.
    expect(named(sent, "RecentBills")).toHaveLength(0);
    await wrapper.find('input[type="month"]').setValue("2025-12");
    await wrapper.find('input[type="month"]').trigger("change");
    await flushPromises();
    expect(router.currentRoute.value.query.month).toBe("2025-12");
    expect(named(sent, "ChildBilling").at(-1)!.variables).toEqual({
      partnerId: "2",
      billingPeriod: "2025-12",
    });
    const previous = wrapper.findAll("button").find((b) => b.text().includes("Previous"))!;
    expect(previous.attributes("aria-label")).toBe("Previous month (November 2025)");
    await previous.trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.query.month).toBe("2025-11");
  });

  it("should say there is no data when the month has no bill", async () => {
    const { wrapper } = await mountPage(
      { ChildBilling: childBilling([]) },
      "/partners/2/billing?month=2025-03",
    );
    expect(wrapper.find('[role="status"]').text()).toBe("No billing data for March 2025.");
    expect(wrapper.find(".billing-total").exists()).toBe(false);
  });

  it("should point a Parent to its overview when the partner is a Parent", async () => {
    signInAs(
      { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
      { id: "1", name: "Acme Cloud", level: "PARENT" },
    );
    const { wrapper } = await mountPage(
      { ChildBilling: childBilling([], "PARENT") },
      "/partners/2/billing?month=2025-03",
    );
    expect(wrapper.text()).toContain("is a Parent partner: it has no bill of its own.");
    expect(wrapper.find(".notice a").attributes("href")).toBe("/partners/2/billing/overview");
  });

  it("should show the API's error in words when the query fails", async () => {
    const { wrapper } = await mountPage(
      {
        ChildBilling: () => ({
          errors: [{ message: "no", extensions: { code: "FORBIDDEN" } }],
        }),
      },
      "/partners/2/billing?month=2025-03",
    );
    expect(wrapper.find('[role="alert"]').text()).toBe("You do not have permission to do this.");
  });

  it("should download the service table as CSV when Export is clicked", async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:test";
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    const { wrapper } = await mountPage({
      RecentBills: recentBills,
      ChildBilling: childBilling([bill()]),
    });
    const exportButton = wrapper
      .findAll("button")
      .find((b) => b.text() === "Export services as CSV")!;
    await exportButton.trigger("click");
    expect(clicked).toEqual([`billing-2-${LAST_MONTH}-by-service.csv`]);
    expect(blobs[0]!.type).toBe("text/csv;charset=utf-8");
    const text = await blobs[0]!.text();
    expect(text).toBe(
      "\ufeff" +
        [
          "Billing period,Service,Currency,Billed cost",
          `${LAST_MONTH},AmazonEC2,USD,19.25`,
          `${LAST_MONTH},AmazonS3,USD,2.75`,
          `${LAST_MONTH},Total,USD,22.00`,
          "",
        ].join("\r\n"),
    );
    vi.unstubAllGlobals();
  });
});
