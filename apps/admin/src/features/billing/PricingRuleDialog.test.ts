import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import PricingRuleDialog from "./PricingRuleDialog.vue";
import { currentMonth } from "./billing-month";
import { type PricingRuleRow } from "./pricing-rules";

const CHILDREN = [
  { id: "2", name: "Bright Reseller" },
  { id: "3", name: "Clear Reseller" },
];

const savedRule = (id: string, mutation: string): Reply => ({
  data: {
    [mutation]: {
      id,
      childPartnerId: "2",
      order: 10,
      kind: "MARKUP",
      percent: "10.00",
      amount: null,
      serviceCode: null,
      basis: null,
      effectiveFrom: "2026-05",
      effectiveTo: null,
      updatedAt: "2026-05-02T10:00:00.000Z",
    },
  },
});

const refused = (extensions: Record<string, unknown>): Reply => ({
  errors: [{ message: "refused", extensions }],
});

async function mountDialog(
  replies: Record<string, Answer>,
  rule: PricingRuleRow | null = null,
  defaults = { childPartnerId: "", order: 10 },
) {
  const mounted = await mountWithApi(PricingRuleDialog, {
    routes: { pricing: "/partners/:partnerId/billing/pricing" },
    at: "/partners/1/billing/pricing",
    replies,
    props: { open: false, partnerId: "1", rule, childPartners: CHILDREN, defaults },
  });
  await mounted.wrapper.setProps({ open: true });
  await flushPromises();
  return mounted;
}

/** The control labelled `label`, as a person finds it. */
function control(wrapper: VueWrapper, label: string): DOMWrapper<HTMLInputElement> {
  const element = wrapper.findAll("label").find((candidate) => candidate.text() === label);
  if (!element) throw new Error(`no label "${label}"`);
  return wrapper.find<HTMLInputElement>(`[id="${element.attributes("for")}"]`);
}

const labels = (wrapper: VueWrapper) =>
  wrapper.findAll(".field > label").map((label) => label.text());

function errorOf(field: DOMWrapper<Element>): string {
  return field.element.closest(".field")?.querySelector(".field-error")?.textContent?.trim() ?? "";
}

async function submit(wrapper: VueWrapper) {
  await wrapper.find("form").trigger("submit");
  await flushPromises();
}

beforeEach(() =>
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("PricingRuleDialog", () => {
  it("should start a new rule as a markup from this month when opened", async () => {
    const { wrapper } = await mountDialog({}, null, { childPartnerId: "2", order: 20 });
    expect(wrapper.find("dialog").attributes("aria-label")).toBe("New pricing rule");
    expect(labels(wrapper)).toEqual([
      "Applies to",
      "Kind",
      "Percent",
      "Service code",
      "Effective from",
      "Effective to",
      "Order",
    ]);
    expect(control(wrapper, "Applies to").element.value).toBe("2");
    expect(control(wrapper, "Kind").element.value).toBe("MARKUP");
    expect(control(wrapper, "Effective from").element.value).toBe(currentMonth());
    expect(control(wrapper, "Order").element.value).toBe("20");
    const options = control(wrapper, "Applies to")
      .findAll("option")
      .map((option) => option.text());
    expect(options).toEqual([
      "Default for all Children",
      "Bright Reseller (ID 2)",
      "Clear Reseller (ID 3)",
    ]);
  });

  it("should send a 10 % markup for the Child and emit the new id when Add rule succeeds", async () => {
    const { wrapper, sent } = await mountDialog({
      CreatePricingRule: () => savedRule("7", "createPricingRule"),
    });
    await control(wrapper, "Applies to").setValue("2");
    await control(wrapper, "Percent").setValue("10");
    await control(wrapper, "Service code").setValue(" AmazonEC2 ");
    await control(wrapper, "Effective from").setValue("2026-05");
    await control(wrapper, "Order").setValue("10");
    await submit(wrapper);
    expect(named(sent, "CreatePricingRule").map((operation) => operation.variables)).toEqual([
      {
        partnerId: "1",
        input: {
          kind: "MARKUP",
          childPartnerId: "2",
          order: 10,
          effectiveFrom: "2026-05",
          effectiveTo: null,
          percent: "10",
          amount: null,
          serviceCode: "AmazonEC2",
          basis: null,
        },
      },
    ]);
    expect(wrapper.emitted("saved")).toEqual([["7", true]]);
    expect(wrapper.emitted("close")).toHaveLength(1);
  });

  it("should send a flat fee for the default and nothing the kind does not use when the kind is Fee", async () => {
    const { wrapper, sent } = await mountDialog({
      CreatePricingRule: () => savedRule("8", "createPricingRule"),
    });
    // Typed for a markup first: switching kind must not send it.
    await control(wrapper, "Service code").setValue("AmazonEC2");
    await control(wrapper, "Kind").setValue("FEE");
    await wrapper.find('input[type="radio"][value="AMOUNT"]').setValue(true);
    expect(labels(wrapper)).toContain("Amount per month");
    expect(labels(wrapper)).not.toContain("Percent");
    await control(wrapper, "Amount per month").setValue("250");
    await control(wrapper, "Effective from").setValue("2026-05");
    await control(wrapper, "Effective to").setValue("2026-12");
    await submit(wrapper);
    expect(named(sent, "CreatePricingRule")[0]!.variables).toEqual({
      partnerId: "1",
      input: {
        kind: "FEE",
        childPartnerId: null,
        order: 10,
        effectiveFrom: "2026-05",
        effectiveTo: "2026-12",
        percent: null,
        amount: "250",
        serviceCode: null,
        basis: null,
      },
    });
  });

  it("should send the basis only when the kind is Cost basis", async () => {
    const { wrapper, sent } = await mountDialog({
      CreatePricingRule: () => savedRule("9", "createPricingRule"),
    });
    await control(wrapper, "Kind").setValue("BASIS");
    expect(labels(wrapper)).toContain("Basis");
    await control(wrapper, "Basis").setValue("LIST");
    await submit(wrapper);
    expect(named(sent, "CreatePricingRule")[0]!.variables).toMatchObject({
      input: { kind: "BASIS", basis: "LIST", percent: null, amount: null, serviceCode: null },
    });
  });

  it("should place the API's error under Percent and keep the dialog open when it refuses the percent", async () => {
    const { wrapper } = await mountDialog({
      CreatePricingRule: () =>
        refused({
          code: "BAD_USER_INPUT",
          reason: "PERCENT_INVALID",
          field: "input.percent",
          value: "10.555",
        }),
    });
    await control(wrapper, "Percent").setValue("10.555");
    await submit(wrapper);
    expect(errorOf(control(wrapper, "Percent"))).toBe(
      '"10.555" is not a percentage ≥ 0 with at most two decimals, like "12.50".',
    );
    expect(control(wrapper, "Percent").attributes("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(control(wrapper, "Percent").element);
    expect(wrapper.find(".notice--error").exists()).toBe(false);
    expect(wrapper.emitted("saved")).toBeUndefined();
    expect((wrapper.find("dialog").element as HTMLDialogElement).open).toBe(true);
  });

  it("should place a locked month under Effective from when the API names that field", async () => {
    const { wrapper } = await mountDialog({
      CreatePricingRule: () =>
        refused({
          code: "CONFLICT",
          reason: "MONTH_LOCKED",
          field: "input.effectiveFrom",
          value: "2026-04",
          details: { month: "2026-04" },
        }),
    });
    await control(wrapper, "Percent").setValue("5");
    await submit(wrapper);
    expect(errorOf(control(wrapper, "Effective from"))).toBe(
      'Billing month "2026-04" is locked: unlock it in the Billing overview first.',
    );
  });

  it("should show an error without a field of the form as the dialog's message", async () => {
    const { wrapper } = await mountDialog({
      CreatePricingRule: () => refused({ code: "FORBIDDEN", reason: "ROLE_FORBIDDEN" }),
    });
    await control(wrapper, "Percent").setValue("5");
    await submit(wrapper);
    expect(wrapper.find(".notice--error").text()).toBe("Your role may not do this.");
  });

  it("should send nothing and say why when the order is not a whole number", async () => {
    const { wrapper, sent } = await mountDialog({});
    await control(wrapper, "Percent").setValue("5");
    await control(wrapper, "Order").setValue("-1");
    await submit(wrapper);
    expect(named(sent, "CreatePricingRule")).toHaveLength(0);
    expect(errorOf(control(wrapper, "Order"))).toBe("Enter a whole number from 0 to 1,000,000.");
  });

  it("should fill in the rule and send its id when an existing rule is saved", async () => {
    const rule: PricingRuleRow = {
      id: "4",
      childPartnerId: null,
      order: 30,
      kind: "CREDIT",
      percent: null,
      amount: "12.5000000000",
      serviceCode: null,
      basis: null,
      effectiveFrom: "2026-01",
      effectiveTo: "2026-06",
      updatedAt: "2026-01-02T10:00:00.000Z",
    };
    const { wrapper, sent } = await mountDialog(
      { UpdatePricingRule: () => savedRule("4", "updatePricingRule") },
      rule,
    );
    expect(wrapper.find("dialog").attributes("aria-label")).toBe("Edit pricing rule 4");
    expect(control(wrapper, "Applies to").element.value).toBe("");
    expect(control(wrapper, "Amount per month").element.value).toBe("12.50");
    expect(control(wrapper, "Effective to").element.value).toBe("2026-06");
    await control(wrapper, "Amount per month").setValue("15.00");
    await submit(wrapper);
    expect(named(sent, "UpdatePricingRule")[0]!.variables).toEqual({
      partnerId: "1",
      id: "4",
      input: {
        kind: "CREDIT",
        childPartnerId: null,
        order: 30,
        effectiveFrom: "2026-01",
        effectiveTo: "2026-06",
        percent: null,
        amount: "15.00",
        serviceCode: null,
        basis: null,
      },
    });
    expect(wrapper.emitted("saved")).toEqual([["4", false]]);
  });
});
