import { type Operation } from "@urql/core";
import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import NewResellerLinkDialog from "./NewResellerLinkDialog.vue";

const refused = (extensions: Record<string, unknown>): Reply => ({
  errors: [{ message: "refused", extensions }],
});

const MASTER_PAYER = { id: "10", name: "Acme Payer", awsAccountId: "999999999999" };

async function mountDialog(
  reply: Answer = () => ({ data: { createResellerLink: { id: "7" } } }),
  masterPayers = [MASTER_PAYER],
) {
  const { wrapper, sent } = await mountWithApi(NewResellerLinkDialog, {
    routes: {
      resellers: "/partners/:partnerId/resellers",
      accounts: "/partners/:partnerId/accounts",
    },
    at: "/partners/1/resellers",
    replies: reply,
    props: { open: false, partnerId: "1", masterPayers },
  });
  // Opened the way the page opens it, so the dialog's own open/reset logic runs.
  await wrapper.setProps({ open: true });
  await flushPromises();
  return { wrapper, sent };
}

function section(wrapper: VueWrapper, legend: string): DOMWrapper<HTMLFieldSetElement> {
  const fieldset = wrapper
    .findAll<HTMLFieldSetElement>("fieldset")
    .find((candidate) => candidate.find("legend").text() === legend);
  if (!fieldset) throw new Error(`no fieldset with legend "${legend}"`);
  return fieldset;
}

/** The control labelled `label` inside the fieldset with `legend`, as a user finds it. */
function control(wrapper: VueWrapper, legend: string, label: string) {
  const labelElement = section(wrapper, legend)
    .findAll("label")
    .find((candidate) => candidate.text() === label);
  if (!labelElement) throw new Error(`no label "${label}" in "${legend}"`);
  return wrapper.find<HTMLInputElement>(`[id="${labelElement.attributes("for")}"]`);
}

/** The error shown in the field (label, control, help, error) that holds the control. */
function errorOf(field: DOMWrapper<Element>): string {
  const container = field.element.closest(".field");
  return container?.querySelector(".field-error")?.textContent?.trim() ?? "";
}

const chips = (wrapper: VueWrapper) => wrapper.findAll(".tag-list .tag");
const payees = (wrapper: VueWrapper) =>
  control(wrapper, "Reseller Accounts", "AWS Payee Account IDs");

async function fillValidForm(wrapper: VueWrapper) {
  await control(wrapper, "Reseller", "Project ID").setValue("2");
  await payees(wrapper).setValue("111111111111, 222222222222\n333333333333");
}

async function submit(wrapper: VueWrapper) {
  await wrapper.find("form").trigger("submit");
  await flushPromises();
}

const mutations = (sent: Operation[]) => named(sent, "CreateResellerLink");

beforeEach(() =>
  signInAs(
    { id: "1", email: "psa@acme.test", name: "Pat", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("NewResellerLinkDialog", () => {
  it("should show the help page's sections, in order, when opened", async () => {
    const { wrapper } = await mountDialog();
    expect(wrapper.find("dialog").attributes("aria-label")).toBe("New Reseller Link");
    expect(wrapper.findAll("legend").map((legend) => legend.text())).toEqual([
      "Master-Payer",
      "Reseller",
      "Reseller Accounts",
      "Reseller Payer-Payee History",
    ]);
    const buttons = wrapper.findAll("form button").map((button) => button.text());
    expect(buttons).toEqual(["Link Accounts", "Cancel"]);
  });

  it("should start from the help page's defaults when there is one master payer", async () => {
    const { wrapper } = await mountDialog();
    expect(control(wrapper, "Master-Payer", "Account ID").element.value).toBe("10");
    expect(control(wrapper, "Master-Payer", "Account ID").text()).toContain(
      "Acme Payer — 999999999999 (Project ID 10)",
    );
    expect(control(wrapper, "Reseller", "Account ID").element.value).toBe("0");
    expect(wrapper.text()).toContain(
      "0 creates a new account in the Child partner to receive the billing data",
    );
    expect(control(wrapper, "Reseller Accounts", "AWS Payer Account ID").element.value).toBe(
      "999999999999",
    );
    const reset = control(wrapper, "Reseller Payer-Payee History", "Reset all history");
    const keep = control(wrapper, "Reseller Payer-Payee History", "Keep history");
    expect(reset.element.checked).toBe(true);
    expect(keep.element.checked).toBe(false);
    // Each choice is explained in one line, tied to its radio for screen readers.
    const explanation = document.getElementById(reset.attributes("aria-describedby")!);
    expect(explanation?.textContent).toContain("every stored month");
  });

  it("should ask for a choice and fill the payer from it when there are several master payers", async () => {
    const other = { id: "11", name: "Second Payer", awsAccountId: "888888888888" };
    const { wrapper } = await mountDialog(undefined, [MASTER_PAYER, other]);
    const select = control(wrapper, "Master-Payer", "Account ID");
    expect(select.element.value).toBe("");
    await select.setValue("11");
    expect(control(wrapper, "Reseller Accounts", "AWS Payer Account ID").element.value).toBe(
      "888888888888",
    );
  });

  it("should point to the Accounts List when the Parent has no master payer account", async () => {
    const { wrapper } = await mountDialog(undefined, []);
    const masterPayer = section(wrapper, "Master-Payer");
    expect(masterPayer.find("select").exists()).toBe(false);
    expect(masterPayer.text()).toContain("no master payer account yet");
    expect(masterPayer.find("a").text()).toBe("Accounts List");
    expect(masterPayer.find("a").attributes("href")).toBe("/partners/1/accounts");
  });

  it("should show pasted ids as chips and mark the invalid one when the list is typed", async () => {
    const { wrapper } = await mountDialog();
    await payees(wrapper).setValue("111111111111, 222222222222\n33");
    const tags = chips(wrapper);
    expect(tags.map((tag) => tag.text().split(" ")[0])).toEqual([
      "111111111111",
      "222222222222",
      "33",
    ]);
    expect(tags.map((tag) => tag.classes("tag--invalid"))).toEqual([false, false, true]);
    expect(tags[2]!.find(".visually-hidden").text()).toContain("not a 12-digit id");
    expect(wrapper.text()).toContain("3 payees, 1 invalid");
    // The count is read with the textarea.
    const countId = payees(wrapper).attributes("aria-describedby")!.split(" ").at(-1)!;
    expect(document.getElementById(countId)?.textContent).toBe("3 payees, 1 invalid");
  });

  it("should send the form's values and emit the new id when Link Accounts succeeds", async () => {
    const { wrapper, sent } = await mountDialog();
    await fillValidForm(wrapper);
    await control(wrapper, "Reseller Payer-Payee History", "Keep history").setValue(true);
    await submit(wrapper);
    expect(mutations(sent)).toHaveLength(1);
    expect(mutations(sent)[0]!.variables).toEqual({
      input: {
        masterPayerAccountId: "10",
        resellerPartnerId: "2",
        resellerAccountId: "0",
        awsPayerAccountId: "999999999999",
        awsPayeeAccountIds: ["111111111111", "222222222222", "333333333333"],
        history: "KEEP_HISTORY",
      },
    });
    expect(wrapper.emitted("created")).toEqual([["7"]]);
    expect(wrapper.emitted("close")).toHaveLength(1);
  });

  it("should send nothing and name the entry when a payee is not 12 digits", async () => {
    const { wrapper, sent } = await mountDialog();
    await control(wrapper, "Reseller", "Project ID").setValue("2");
    await payees(wrapper).setValue("111111111111 33");
    await submit(wrapper);
    expect(mutations(sent)).toHaveLength(0);
    expect(errorOf(payees(wrapper))).toBe('"33" is not a 12-digit AWS account id.');
    expect(document.activeElement).toBe(payees(wrapper).element);
  });

  it("should show the error under the payee field and mark that chip when the API refuses one payee", async () => {
    const { wrapper } = await mountDialog(() =>
      refused({
        code: "BAD_USER_INPUT",
        field: "input.awsPayeeAccountIds[1]",
        reason: "PAYEE_EQUALS_PAYER",
        value: "222222222222",
      }),
    );
    await fillValidForm(wrapper);
    await submit(wrapper);
    expect(errorOf(payees(wrapper))).toBe(
      '"222222222222" is the payer; a payee must be another account.',
    );
    expect(chips(wrapper).map((tag) => tag.classes("tag--invalid"))).toEqual([false, true, false]);
    expect(chips(wrapper)[1]!.text()).toContain("refused");
    expect(wrapper.emitted("created")).toBeUndefined();
  });

  it("should say which link holds the payee when the API reports PAYEE_ALREADY_LINKED", async () => {
    const { wrapper } = await mountDialog(() =>
      refused({
        code: "CONFLICT",
        reason: "PAYEE_ALREADY_LINKED",
        field: "input.awsPayeeAccountIds[2]",
        value: "333333333333",
        details: { payee: "333333333333", linkId: "4" },
      }),
    );
    await fillValidForm(wrapper);
    await submit(wrapper);
    const error = errorOf(payees(wrapper));
    expect(error).toContain("333333333333");
    expect(error).toContain("reseller link 4");
    expect(chips(wrapper)[2]!.classes("tag--invalid")).toBe(true);
  });

  it.each([
    ["input.resellerPartnerId", "Reseller", "Project ID"],
    ["input.resellerAccountId", "Reseller", "Account ID"],
    ["input.masterPayerAccountId", "Master-Payer", "Account ID"],
  ])(
    "should show a NOT_FOUND next to its field when the API names %s",
    async (field, legend, label) => {
      const { wrapper } = await mountDialog(() =>
        refused({ code: "NOT_FOUND", field, value: "2" }),
      );
      await fillValidForm(wrapper);
      await submit(wrapper);
      expect(errorOf(control(wrapper, legend, label))).toBe(
        'No item with id "2" exists, or you cannot see it.',
      );
      expect(document.activeElement).toBe(control(wrapper, legend, label).element);
    },
  );

  it("should show the payer error next to AWS Payer Account ID when the API refuses the payer", async () => {
    const { wrapper } = await mountDialog(() =>
      refused({
        code: "BAD_USER_INPUT",
        field: "input.awsPayerAccountId",
        reason: "PAYER_MISMATCH",
        value: "123456789012",
      }),
    );
    await fillValidForm(wrapper);
    await submit(wrapper);
    expect(errorOf(control(wrapper, "Reseller Accounts", "AWS Payer Account ID"))).toBe(
      '"123456789012" is not the AWS account id of the master payer account.',
    );
  });

  it("should show an error without a field as a message of the dialog", async () => {
    const { wrapper } = await mountDialog(() => refused({ code: "FORBIDDEN" }));
    await fillValidForm(wrapper);
    await submit(wrapper);
    expect(wrapper.find(".notice--error").text()).toBe("You do not have permission to do this.");
  });

  it("should start over when opened again after Cancel", async () => {
    const { wrapper } = await mountDialog();
    await fillValidForm(wrapper);
    const cancel = wrapper.findAll("button").find((button) => button.text() === "Cancel")!;
    await cancel.trigger("click");
    expect(wrapper.emitted("close")).toHaveLength(1);
    await wrapper.setProps({ open: false });
    await wrapper.setProps({ open: true });
    expect(control(wrapper, "Reseller", "Project ID").element.value).toBe("");
    expect(chips(wrapper)).toHaveLength(0);
  });
});

describe("NewResellerLinkDialog pickers", () => {
  it("should offer the reseller Children as Project IDs and the chosen Child's accounts plus 0, still taking a typed id", async () => {
    const { wrapper, sent } = await mountWithApi(NewResellerLinkDialog, {
      routes: {
        resellers: "/partners/:partnerId/resellers",
        accounts: "/partners/:partnerId/accounts",
      },
      at: "/partners/1/resellers",
      replies: () => ({ data: { createResellerLink: { id: "7" } } }),
      props: {
        open: false,
        partnerId: "1",
        masterPayers: [MASTER_PAYER],
        resellerChildren: [
          { id: "2", name: "Heron Analytics", accounts: [{ id: "20", name: "Heron billing" }] },
          { id: "3", name: "Kestrel", accounts: [] },
        ],
      },
    });
    await wrapper.setProps({ open: true });
    await flushPromises();
    const project = control(wrapper, "Reseller", "Project ID");
    const projectChoices = wrapper.get(`datalist#${project.attributes("list")}`);
    expect(projectChoices.findAll("option").map((o) => [o.attributes("value"), o.text()])).toEqual([
      ["2", "Heron Analytics"],
      ["3", "Kestrel"],
    ]);
    await project.setValue("2");
    const account = control(wrapper, "Reseller", "Account ID");
    const accountChoices = wrapper.get(`datalist#${account.attributes("list")}`);
    expect(accountChoices.findAll("option").map((o) => [o.attributes("value"), o.text()])).toEqual([
      ["0", "0 — create a new account"],
      ["20", "Heron billing"],
    ]);
    expect(wrapper.text()).toContain("Project 2: Heron Analytics");
    await account.setValue("20");
    await payees(wrapper).setValue("111111111111");
    await submit(wrapper);
    expect(mutations(sent)[0]?.variables).toMatchObject({
      input: { resellerPartnerId: "2", resellerAccountId: "20" },
    });
  });
});
