import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import AddParentPage from "./AddParentPage.vue";

afterEach(cleanUp);

function mountPage(replies: Record<string, () => Reply>) {
  signInAs(
    { id: "1", email: "operator@example.test", name: null, role: "OPERATOR" },
    { id: "0", name: "", level: "PARENT" },
  );
  return mountWithApi(AddParentPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      users: "/partners/:partnerId/users",
      "add-parent": "/parents/new",
    },
    at: "/parents/new",
    replies,
  });
}

describe("AddParentPage", () => {
  it("should create the Parent, invite its Partner Sys Admin and add its master payer", async () => {
    const { wrapper, sent } = await mountPage({
      CreateParentPartner: () => ({
        data: {
          createParentPartner: {
            partner: { id: "40", name: "Kestrel Cloud" },
            initialUser: { id: "9", email: "sam@kestrel.test", status: "PENDING_ACTIVATION" },
          },
        },
      }),
      CreateAccount: () => ({
        data: {
          createAccount: {
            id: "77",
            name: "Master payer",
            awsAccountId: "123456789012",
            isMasterPayer: true,
          },
        },
      }),
    });
    await wrapper.get('input[name="name"]').setValue("Kestrel Cloud");
    await wrapper.get('input[name="email"]').setValue("billing@kestrel.test");
    await wrapper.get('input[name="adminEmail"]').setValue("sam@kestrel.test");
    await wrapper.get('input[name="payerAwsId"]').setValue("123456789012");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "CreateParentPartner")[0]?.variables).toEqual({
      input: {
        name: "Kestrel Cloud",
        email: "billing@kestrel.test",
        sysAdmin: { email: "sam@kestrel.test", name: null, password: null },
      },
    });
    expect(named(sent, "CreateAccount")[0]?.variables).toEqual({
      input: {
        partnerId: "40",
        name: "Master payer",
        awsAccountId: "123456789012",
        isMasterPayer: true,
      },
    });
    expect(wrapper.get('[role="status"]').text()).toContain(
      "Its Partner Sys Admin sam@kestrel.test was emailed an activation link.",
    );
  });

  it("should place each refusal at its own field: the admin's email, then the master payer's id", async () => {
    let parentAnswer: Reply = {
      errors: [
        {
          message: "taken",
          extensions: {
            code: "CONFLICT",
            reason: "EMAIL_TAKEN",
            field: "input.sysAdmin.email",
            value: "sam@kestrel.test",
          },
        },
      ],
    };
    const { wrapper, sent } = await mountPage({
      CreateParentPartner: () => parentAnswer,
      CreateAccount: () => ({
        errors: [
          {
            message: "bad id",
            extensions: {
              code: "BAD_USER_INPUT",
              reason: "AWS_ACCOUNT_ID_INVALID",
              field: "input.awsAccountId",
              value: "12345",
            },
          },
        ],
      }),
    });
    await wrapper.get('input[name="name"]').setValue("Kestrel Cloud");
    await wrapper.get('input[name="email"]').setValue("billing@kestrel.test");
    await wrapper.get('input[name="adminEmail"]').setValue("sam@kestrel.test");
    await wrapper.get('input[name="payerAwsId"]').setValue("12345");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get('input[name="adminEmail"]').attributes("aria-invalid")).toBe("true");
    expect(named(sent, "CreateAccount")).toEqual([]);

    parentAnswer = {
      data: {
        createParentPartner: {
          partner: { id: "40", name: "Kestrel Cloud" },
          initialUser: { id: "9", email: "sam2@kestrel.test", status: "ACTIVE" },
        },
      },
    };
    await wrapper.get('input[name="adminEmail"]').setValue("sam2@kestrel.test");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    const payer = wrapper.get('input[name="payerAwsId"]');
    expect(payer.attributes("aria-invalid")).toBe("true");
    expect(wrapper.get('input[name="adminEmail"]').attributes("aria-invalid")).toBeUndefined();
    expect(wrapper.get(".field-error").text()).toBe('"12345" is not a 12-digit AWS account id.');
    // The partner exists now: its fields are locked and a retry only adds the master payer.
    expect(wrapper.findAll("fieldset").map((f) => f.attributes("disabled") !== undefined)).toEqual([
      true,
      true,
      false,
    ]);
    expect(wrapper.get('button[type="submit"]').text()).toBe("Add master payer");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "CreateParentPartner")).toHaveLength(2);
    expect(named(sent, "CreateAccount")).toHaveLength(2);
  });
});
