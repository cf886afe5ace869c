import { type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import PricingRulesPage from "./PricingRulesPage.vue";

const rule = (id: string, childPartnerId: string | null, extra: Record<string, unknown>) => ({
  id,
  childPartnerId,
  order: 10,
  kind: "MARKUP",
  percent: "10.00",
  amount: null,
  serviceCode: null,
  basis: null,
  effectiveFrom: "2026-01",
  effectiveTo: null,
  updatedAt: "2026-01-02T10:00:00.000Z",
  ...extra,
});

const rules: Answer = () => ({
  data: {
    partner: {
      id: "1",
      name: "Acme Cloud",
      level: "PARENT",
      children: {
        nodes: [
          { id: "3", name: "Clear Reseller", isReseller: true },
          { id: "2", name: "Bright Reseller", isReseller: true },
          { id: "4", name: "Not a reseller", isReseller: false },
        ],
      },
    },
    pricingRules: [
      rule("5", "2", { order: 20, kind: "DISCOUNT", percent: "5.00", serviceCode: "AmazonS3" }),
      rule("4", "2", { order: 10 }),
      rule("6", null, { kind: "FEE", percent: null, amount: "250.0000000000" }),
    ],
  },
});

async function mountPage(replies: Record<string, Answer>) {
  const mounted = await mountWithApi(PricingRulesPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "billing-pricing": "/partners/:partnerId/billing/pricing",
      "billing-upload": "/partners/:partnerId/billing/upload",
      "billing-jobs": "/partners/:partnerId/billing/jobs",
      "billing-invoices": "/partners/:partnerId/billing/invoices",
      "billing-details": "/partners/:partnerId/billing/details",
    },
    at: "/partners/1/billing/pricing",
    replies,
    props: { partnerId: "1" },
  });
  await flushPromises();
  return mounted;
}

const groups = (wrapper: VueWrapper) =>
  wrapper.findAll(".rule-group").map((group) => ({
    name: group.find("h2").text(),
    rules: group.findAll("tbody tr").map((row) =>
      row
        .findAll("td")
        .slice(0, 4)
        .map((cell) => cell.text().trim()),
    ),
  }));

beforeEach(() =>
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("PricingRulesPage", () => {
  it("should group the rules by Child after the default, in order, when they load", async () => {
    const { wrapper } = await mountPage({ PricingRules: rules });
    expect(groups(wrapper)).toEqual([
      {
        name: "Default for all Children",
        rules: [
          [
            "Pricing rule 6 for Default for all Children: 10",
            "Fee",
            "Fee of 250.00 per month (bill currency)",
            "From 2026-01, open-ended",
          ],
        ],
      },
      {
        name: "Bright Reseller",
        rules: [
          [
            "Pricing rule 4 for Bright Reseller: 10",
            "Markup",
            "+10.00 % on all services",
            "From 2026-01, open-ended",
          ],
          [
            "Pricing rule 5 for Bright Reseller: 20",
            "Discount",
            "−5.00 % on AmazonS3",
            "From 2026-01, open-ended",
          ],
        ],
      },
      { name: "Clear Reseller", rules: [] },
    ]);
    expect(wrapper.findAll(".rule-group")[2]!.text()).toContain(
      "No rules of its own: the default applies.",
    );
  });

  it("should delete a rule after confirmation and reload the list", async () => {
    const { wrapper, sent } = await mountPage({
      PricingRules: rules,
      DeletePricingRule: () => ({ data: { deletePricingRule: true } }),
    });
    const row = wrapper.find('[data-rule-id="5"]');
    await row
      .findAll("button")
      .find((b) => b.text() === "Delete")!
      .trigger("click");
    await flushPromises();
    const dialog = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Delete pricing rule")!;
    expect(dialog.text()).toContain(
      "Delete pricing rule 5 of Bright Reseller (−5.00 % on AmazonS3, from 2026-01, open-ended)?",
    );
    await dialog.find("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "DeletePricingRule")[0]!.variables).toEqual({ partnerId: "1", id: "5" });
    expect(named(sent, "PricingRules")).toHaveLength(2);
    expect(wrapper.find('[role="status"]').text()).toContain("Pricing rule 5 deleted.");
  });

  it("should say why when the API refuses to delete a rule of a locked month", async () => {
    const { wrapper } = await mountPage({
      PricingRules: rules,
      DeletePricingRule: () => ({
        errors: [
          {
            message: "locked",
            extensions: {
              code: "CONFLICT",
              reason: "MONTH_LOCKED",
              field: "id",
              value: "2026-02",
              details: { month: "2026-02" },
            },
          },
        ],
      }),
    });
    await wrapper
      .find('[data-rule-id="4"]')
      .findAll("button")
      .find((b) => b.text() === "Delete")!
      .trigger("click");
    await flushPromises();
    const dialog = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Delete pricing rule")!;
    await dialog.find("form").trigger("submit");
    await flushPromises();
    expect(dialog.find('[role="alert"]').text()).toBe(
      'Billing month "2026-02" is locked: unlock it in the Billing overview first.',
    );
  });
});
