import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import UsersPage from "./UsersPage.vue";

afterEach(cleanUp);

const ADMIN = { id: "5", email: "admin@heron.test", name: null, role: "ADMINISTRATOR" as const };
const HERON = { id: "11", name: "Heron Analytics", level: "CHILD" as const };

function usersReply(): Reply {
  return {
    data: {
      partner: {
        ...HERON,
        assignableRoles: ["ADMINISTRATOR", "USER"],
        users: [
          {
            id: "5",
            email: "admin@heron.test",
            name: null,
            role: "ADMINISTRATOR",
            status: "ACTIVE",
            lastSignInAt: "2026-12-01T09:30:00.000Z",
            manageable: false,
          },
          {
            id: "6",
            email: "pending@heron.test",
            name: "Pat",
            role: "USER",
            status: "PENDING_ACTIVATION",
            lastSignInAt: null,
            manageable: true,
          },
          {
            id: "7",
            email: "gone@heron.test",
            name: null,
            role: "USER",
            status: "DISABLED",
            lastSignInAt: null,
            manageable: true,
          },
        ],
      },
    },
  };
}

function mountPage(replies: Record<string, () => Reply>) {
  signInAs(ADMIN, HERON);
  return mountWithApi(UsersPage, {
    routes: { partners: "/partners", accounts: "/partners/:partnerId/accounts" },
    at: "/partners",
    props: { partnerId: "11" },
    replies: { PartnerUsers: usersReply, ...replies },
  });
}

describe("UsersPage", () => {
  it("should list each user with role, status and last sign-in, and offer actions only where the API allows", async () => {
    const { wrapper } = await mountPage({});
    await flushPromises();
    const rows = wrapper.findAll("tbody tr");
    expect(rows).toHaveLength(3);
    expect(rows[0]!.findAll("td").map((td) => td.text())[3]).toBe("Active");
    expect(rows[0]!.find("select").exists()).toBe(false);
    expect(rows[0]!.find("button").exists()).toBe(false);
    expect(rows[1]!.text()).toContain("Invited, not activated");
    expect(rows[1]!.text()).toContain("Never");
    expect(rows[1]!.findAll("button").map((b) => b.text())).toEqual([
      "Resend invitation",
      "Disable",
    ]);
    expect(rows[2]!.findAll("button").map((b) => b.text())).toEqual(["Enable"]);
    const roleSelect = rows[1]!.get("select");
    expect(roleSelect.attributes("aria-label")).toBe("Role of pending@heron.test");
    expect(roleSelect.findAll("option").map((o) => o.text())).toEqual(["Administrator", "User"]);
  });

  it("should disable a user, say what happened and reload the list", async () => {
    const { wrapper, sent } = await mountPage({
      DisableUser: () => ({ data: { disableUser: { id: "6", status: "DISABLED" } } }),
    });
    await flushPromises();
    await wrapper.findAll("tbody tr")[1]!.findAll("button")[1]!.trigger("click");
    await flushPromises();
    expect(named(sent, "DisableUser")[0]?.variables).toEqual({ id: "6" });
    expect(wrapper.get('[role="status"]').text()).toContain("pending@heron.test is disabled");
    expect(named(sent, "PartnerUsers").length).toBeGreaterThan(1);
  });

  it("should show a refused role change on the user's row, by its code", async () => {
    const { wrapper, sent } = await mountPage({
      ChangeUserRole: () => ({
        errors: [
          {
            message: "refused",
            extensions: { code: "FORBIDDEN", reason: "ROLE_GRANT_FORBIDDEN", field: "role" },
          },
        ],
      }),
    });
    await flushPromises();
    const row = wrapper.findAll("tbody tr")[1]!;
    await row.get("select").setValue("ADMINISTRATOR");
    await flushPromises();
    expect(named(sent, "ChangeUserRole")[0]?.variables).toEqual({ id: "6", role: "ADMINISTRATOR" });
    expect(wrapper.findAll("tbody tr")[1]!.get('[role="alert"]').text()).toBe(
      "You may not give a role above your own.",
    );
  });

  it("should invite a user from a dialog that places an API error at its field and closes on Escape", async () => {
    let answer: Reply = {
      errors: [
        {
          message: "taken",
          extensions: {
            code: "CONFLICT",
            reason: "EMAIL_TAKEN",
            field: "input.email",
            value: "pat@heron.test",
          },
        },
      ],
    };
    const { wrapper, sent } = await mountPage({ InviteUser: () => answer });
    await flushPromises();
    await wrapper.get("button.button").trigger("click");
    await flushPromises();
    const dialog = wrapper.get("dialog");
    expect(dialog.attributes("aria-label")).toBe("Add a user to Heron Analytics");
    expect(dialog.element.open).toBe(true);
    await dialog.get('input[name="email"]').setValue("pat@heron.test");
    await dialog.get("form").trigger("submit");
    await flushPromises();
    const email = dialog.get('input[name="email"]');
    expect(email.attributes("aria-invalid")).toBe("true");
    expect(dialog.get(".field-error").text()).toBe(
      'A user with the email "pat@heron.test" already exists.',
    );
    expect(named(sent, "InviteUser")[0]?.variables).toEqual({
      input: { partnerId: "11", email: "pat@heron.test", name: null, role: "USER", password: null },
    });

    answer = {
      data: { createUser: { id: "8", email: "pat2@heron.test", status: "PENDING_ACTIVATION" } },
    };
    await email.setValue("pat2@heron.test");
    await dialog.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe("Invitation sent to pat2@heron.test.");
    expect(dialog.element.open).toBe(false);

    await wrapper.get("button.button").trigger("click");
    await flushPromises();
    expect(dialog.element.open).toBe(true);
    dialog.element.dispatchEvent(new Event("cancel", { cancelable: true }));
    await flushPromises();
    expect(dialog.element.open).toBe(false);
  });
});
