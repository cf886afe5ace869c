import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SessionUser } from "../../auth/session";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import ResellerSettingsPage from "./ResellerSettingsPage.vue";

const payeeIds = (count: number, first = 100000000000) =>
  Array.from({ length: count }, (_, i) => String(first + i));

function link(id: string, payees: string[], history = "RESET_ALL_HISTORY") {
  return {
    id,
    awsPayerAccountId: "999999999999",
    awsPayeeAccountIds: payees,
    history,
    createdAt: "2026-01-05T10:00:00.000Z",
    updatedAt: "2026-02-06T11:00:00.000Z",
    masterPayerAccount: { id: "10", name: "Acme Payer", awsAccountId: "999999999999" },
    resellerPartner: { id: "2", name: "Child Co" },
    resellerAccount: { id: "20", name: "Child Co billing" },
  };
}

function settings(links = [link("7", payeeIds(3)), link("8", payeeIds(12, 200000000000))]) {
  return {
    data: {
      partner: {
        id: "1",
        name: "Acme",
        level: "PARENT",
        parent: null,
        accounts: [
          { id: "10", name: "Acme Payer", awsAccountId: "999999999999", isMasterPayer: true },
          { id: "11", name: "Acme Ops", awsAccountId: null, isMasterPayer: false },
        ],
        resellerLinks: links,
      },
    },
  };
}

async function mountPage(replies: Record<string, Answer>) {
  const { wrapper, sent } = await mountWithApi(ResellerSettingsPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      resellers: "/partners/:partnerId/resellers",
    },
    at: "/partners/1/resellers",
    replies,
    props: { partnerId: "1" },
  });
  await flushPromises();
  return { wrapper, sent };
}

function signIn(role: SessionUser["role"], level: "PARENT" | "CHILD" = "PARENT") {
  signInAs(
    { id: "1", email: "user@acme.test", name: "Pat", role },
    { id: "1", name: "Acme", level },
  );
}

const buttonsNamed = (scope: VueWrapper | DOMWrapper<Element>, name: string) =>
  scope.findAll("button").filter((button) => button.text() === name);
const rows = (wrapper: VueWrapper) => wrapper.findAll("tbody tr");
const status = (wrapper: VueWrapper) => wrapper.find('[role="status"]').text();

beforeEach(() => signIn("PARTNER_SYS_ADMIN"));

afterEach(cleanUp);

describe("ResellerSettingsPage", () => {
  it("should list the Parent's links with every column when the query answers", async () => {
    const { wrapper } = await mountPage({ ResellerSettings: () => settings() });
    expect(wrapper.find("h1").text()).toBe("Reseller Settings");
    expect(wrapper.find(".crumbs").text()).toMatch(/^Partners › Acme › Resellers$/);
    expect(wrapper.findAll("thead th").map((th) => th.text())).toEqual([
      "Master payer account",
      "Child partner",
      "Reseller account",
      "Payer",
      "Payees",
      "History",
      "Created",
      "Updated",
      "Actions",
    ]);
    expect(rows(wrapper)).toHaveLength(2);
    const cells = rows(wrapper)[0]!.findAll("td");
    expect(cells[0]!.text()).toContain("Acme Payer");
    expect(cells[0]!.text()).toContain("999999999999");
    expect(cells[1]!.find("a").text()).toBe("Child Co");
    expect(cells[1]!.find("a").attributes("href")).toBe("/partners/2/accounts");
    expect(cells[1]!.text()).toContain("ID 2");
    expect(cells[2]!.text()).toContain("Child Co billing");
    expect(cells[2]!.text()).toContain("Project ID 20");
    expect(cells[3]!.text()).toBe("999999999999");
    expect(cells[4]!.findAll(".tag").map((tag) => tag.text())).toEqual(payeeIds(3));
    expect(cells[5]!.text().replace(/\s+/g, " ")).toBe("Reset all history Timeline");
    expect(cells[6]!.text()).not.toBe("");
  });

  it("should collapse a long payee list and show it all when asked", async () => {
    const { wrapper } = await mountPage({ ResellerSettings: () => settings() });
    const row = rows(wrapper)[1]!;
    expect(row.findAll(".tag")).toHaveLength(10);
    const toggle = buttonsNamed(row, "Show all 12")[0]!;
    expect(toggle.attributes("aria-expanded")).toBe("false");
    await toggle.trigger("click");
    expect(row.findAll(".tag")).toHaveLength(12);
    expect(buttonsNamed(row, "Show fewer")[0]!.attributes("aria-expanded")).toBe("true");
    // A short list has nothing to toggle.
    expect(buttonsNamed(rows(wrapper)[0]!, "Show all 3")).toHaveLength(0);
    expect(
      rows(wrapper)[0]!
        .findAll("button.link-button")
        .map((b) => b.text()),
    ).toEqual(["Timeline"]);
  });

  it("should offer New, Edit and Delete when the user is a Partner Sys Admin", async () => {
    const { wrapper } = await mountPage({ ResellerSettings: () => settings() });
    expect(buttonsNamed(wrapper, "+ New Reseller Link")).toHaveLength(1);
    expect(buttonsNamed(rows(wrapper)[0]!, "Edit")).toHaveLength(1);
    expect(buttonsNamed(rows(wrapper)[0]!, "Delete")).toHaveLength(1);
  });

  it("should hide every button and say who manages links when the user is not a Partner Sys Admin", async () => {
    signIn("ADMINISTRATOR");
    const { wrapper } = await mountPage({ ResellerSettings: () => settings() });
    expect(rows(wrapper)).toHaveLength(2);
    for (const name of ["+ New Reseller Link", "Edit", "Delete", "Link Accounts"])
      expect(buttonsNamed(wrapper, name)).toHaveLength(0);
    // Only the read-only timeline dialog is there, closed.
    expect(wrapper.findAll("dialog").map((d) => d.attributes("aria-label"))).toEqual(["Timeline"]);
    expect(wrapper.text()).toContain(
      "Reseller links are managed by the Parent partner's Partner Sys Admin.",
    );
  });

  it("should ask for confirmation naming the link, then delete it and refetch, when Delete is confirmed", async () => {
    let links = [link("7", payeeIds(3)), link("8", payeeIds(2, 200000000000))];
    const { wrapper, sent } = await mountPage({
      ResellerSettings: () => settings(links),
      DeleteResellerLink: () => {
        links = links.filter((candidate) => candidate.id !== "7");
        return { data: { deleteResellerLink: true } };
      },
    });
    await buttonsNamed(rows(wrapper)[0]!, "Delete")[0]!.trigger("click");
    await flushPromises();
    const confirm = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Delete Reseller Link")!;
    expect((confirm.element as HTMLDialogElement).open).toBe(true);
    expect(confirm.text()).toContain("Delete reseller link 7 (Acme Payer → Child Co)?");
    expect(named(sent, "DeleteResellerLink")).toHaveLength(0);

    await confirm.find("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "DeleteResellerLink").map((operation) => operation.variables)).toEqual([
      { id: "7" },
    ]);
    const refetch = named(sent, "ResellerSettings").at(-1)!;
    expect(refetch.context.requestPolicy).toBe("network-only");
    expect(rows(wrapper)).toHaveLength(1);
    expect(status(wrapper)).toBe("Reseller link 7 deleted.");
    expect((confirm.element as HTMLDialogElement).open).toBe(false);
  });

  it("should delete nothing when the confirmation is cancelled", async () => {
    const { wrapper, sent } = await mountPage({ ResellerSettings: () => settings() });
    await buttonsNamed(rows(wrapper)[0]!, "Delete")[0]!.trigger("click");
    await flushPromises();
    const confirm = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Delete Reseller Link")!;
    await buttonsNamed(confirm, "Cancel")[0]!.trigger("click");
    await flushPromises();
    expect((confirm.element as HTMLDialogElement).open).toBe(false);
    expect(named(sent, "DeleteResellerLink")).toHaveLength(0);
  });

  it("should create a link from the dialog and announce it when Link Accounts succeeds", async () => {
    const { wrapper, sent } = await mountPage({
      ResellerSettings: () => settings(),
      CreateResellerLink: () => ({ data: { createResellerLink: { id: "9" } } }),
    });
    await buttonsNamed(wrapper, "+ New Reseller Link")[0]!.trigger("click");
    await flushPromises();
    const dialog = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "New Reseller Link")!;
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
    expect(dialog.find("select").element.value).toBe("10");
    await dialog.find('input[name="resellerPartnerId"]').setValue("2");
    await dialog.find("textarea").setValue("300000000000");
    await dialog.find("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "CreateResellerLink")).toHaveLength(1);
    expect(status(wrapper)).toBe("Reseller link 9 created.");
    expect(named(sent, "ResellerSettings").at(-1)!.context.requestPolicy).toBe("network-only");
    expect((dialog.element as HTMLDialogElement).open).toBe(false);
  });

  it("should edit a link's payees and history mode when Save is pressed", async () => {
    const { wrapper, sent } = await mountPage({
      ResellerSettings: () => settings(),
      UpdateResellerLink: (operation) => ({
        data: {
          updateResellerLink: {
            id: "7",
            awsPayeeAccountIds: (operation.variables as { input: { awsPayeeAccountIds: string[] } })
              .input.awsPayeeAccountIds,
            history: "KEEP_HISTORY",
            updatedAt: "2026-03-01T00:00:00.000Z",
          },
        },
      }),
    });
    await buttonsNamed(rows(wrapper)[0]!, "Edit")[0]!.trigger("click");
    await flushPromises();
    const dialog = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Edit Reseller Link 7")!;
    const textarea = dialog.find("textarea");
    expect(textarea.element.value).toBe(payeeIds(3).join("\n"));
    await textarea.setValue("100000000000, 400000000000");
    const keep = dialog.findAll("label").find((label) => label.text() === "Keep history")!;
    await dialog.find(`[id="${keep.attributes("for")}"]`).setValue(true);
    await buttonsNamed(dialog, "Save")[0]!.trigger("click");
    await flushPromises();
    expect(named(sent, "UpdateResellerLink").map((operation) => operation.variables)).toEqual([
      {
        id: "7",
        input: { awsPayeeAccountIds: ["100000000000", "400000000000"], history: "KEEP_HISTORY" },
      },
    ]);
    expect(status(wrapper)).toBe("Reseller link 7 updated.");
  });

  it("should place an edit's conflict under the payee field and mark the chip when the API refuses it", async () => {
    const { wrapper } = await mountPage({
      ResellerSettings: () => settings(),
      UpdateResellerLink: () => ({
        errors: [
          {
            message: "refused",
            extensions: {
              code: "CONFLICT",
              reason: "PAYEE_ALREADY_LINKED",
              field: "input.awsPayeeAccountIds[1]",
              value: "200000000001",
              details: { payee: "200000000001", linkId: "8" },
            },
          },
        ],
      }),
    });
    await buttonsNamed(rows(wrapper)[0]!, "Edit")[0]!.trigger("click");
    await flushPromises();
    const dialog = wrapper
      .findAll("dialog")
      .find((d) => d.attributes("aria-label") === "Edit Reseller Link 7")!;
    await dialog.find("textarea").setValue("100000000000 200000000001");
    await buttonsNamed(dialog, "Save")[0]!.trigger("click");
    await flushPromises();
    expect(dialog.find(".field-error").text()).toContain(
      'Payee "200000000001" already belongs to reseller link 8',
    );
    expect(dialog.findAll(".tag").map((tag) => tag.classes("tag--invalid"))).toEqual([false, true]);
    expect((dialog.element as HTMLDialogElement).open).toBe(true);
  });

  it("should say so when the Parent has no links yet", async () => {
    const { wrapper } = await mountPage({ ResellerSettings: () => settings([]) });
    expect(wrapper.find("table").exists()).toBe(false);
    expect(wrapper.text()).toContain("No reseller links yet.");
  });

  it("should say the partner is not found when the query answers null", async () => {
    const { wrapper } = await mountPage({ ResellerSettings: () => ({ data: { partner: null } }) });
    expect(wrapper.find('[role="alert"]').text()).toBe(
      "Partner 1 does not exist, or you cannot see it.",
    );
    expect(buttonsNamed(wrapper, "+ New Reseller Link")).toHaveLength(0);
  });

  it("should point to the Parent when the partner is a Child", async () => {
    const child = settings([]);
    Object.assign(child.data.partner, { level: "CHILD", parent: { id: "5", name: "Parent Co" } });
    const { wrapper } = await mountPage({ ResellerSettings: () => child });
    expect(wrapper.text()).toContain("Reseller links are set on the Parent partner");
    expect(wrapper.find(".notice a").attributes("href")).toBe("/partners/5/resellers");
    expect(wrapper.find("table").exists()).toBe(false);
    expect(buttonsNamed(wrapper, "+ New Reseller Link")).toHaveLength(0);
  });

  it("should show the API's error in words when the query fails", async () => {
    const { wrapper } = await mountPage({
      ResellerSettings: () => ({ errors: [{ message: "no", extensions: { code: "FORBIDDEN" } }] }),
    });
    expect(wrapper.find('[role="alert"]').text()).toBe("You do not have permission to do this.");
  });
});
