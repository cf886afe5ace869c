import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { named } from "../../testing/canned-client";
import { cleanUp, mountWithApi } from "../../testing/mount-with-api";
import ActivatePage from "./ActivatePage.vue";

afterEach(cleanUp);

describe("ActivatePage", () => {
  it("should mark the confirmation invalid, announce why and send nothing when the passwords differ", async () => {
    const { wrapper, sent } = await mountWithApi(ActivatePage, {
      routes: { activate: "/activate", home: "/" },
      at: { name: "activate", query: { token: "t".repeat(43) } },
      replies: { Invitation: () => ({ data: { invitation: null } }) },
    });
    await wrapper.get('input[name="password"]').setValue("correct horse battery");
    await wrapper.get('input[name="confirmation"]').setValue("correct horse battery!");
    await wrapper.get("form").trigger("submit");
    await flushPromises();

    const confirmation = wrapper.get('input[name="confirmation"]');
    expect(confirmation.attributes("aria-invalid")).toBe("true");
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toBe("The two passwords are not the same.");
    expect(confirmation.attributes("aria-describedby")).toBe(alert.attributes("id"));
    expect(wrapper.get('input[name="password"]').attributes("aria-invalid")).toBeUndefined();
    expect(named(sent, "Activate")).toEqual([]);
  });

  it("should name the partner and who invited before asking for a password", async () => {
    const { wrapper, sent } = await mountWithApi(ActivatePage, {
      routes: { activate: "/activate", home: "/" },
      at: { name: "activate", query: { token: "t".repeat(43) } },
      replies: {
        Invitation: () => ({
          data: {
            invitation: {
              email: "new@heron.test",
              partnerName: "Heron Analytics",
              invitedBy: "Ada Admin",
            },
          },
        }),
      },
    });
    await flushPromises();
    expect(wrapper.get(".invitation").text()).toBe(
      "Ada Admin invited new@heron.test to Heron Analytics.",
    );
    expect(wrapper.get(".product").text()).toBe("Reseller Console");
    expect(named(sent, "Invitation")[0]?.variables).toEqual({ token: "t".repeat(43) });
  });
});
