import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi } from "../../testing/mount-with-api";
import ApiKeysPage from "./ApiKeysPage.vue";

afterEach(() => {
  cleanUp();
  vi.restoreAllMocks();
});

const SECRET = `rck_${"s".repeat(43)}`;

function keysReply(): Reply {
  return {
    data: {
      viewer: {
        user: { id: "5" },
        apiKeys: [
          {
            id: "1",
            name: "Sandbox",
            scope: "READ",
            createdAt: "2026-11-01T10:00:00.000Z",
            expiresAt: null,
            lastUsedAt: "2026-12-02T08:00:00.000Z",
          },
          {
            id: "2",
            name: "Old export",
            scope: "ADMIN",
            createdAt: "2026-01-01T10:00:00.000Z",
            expiresAt: "2026-02-01T10:00:00.000Z",
            lastUsedAt: null,
          },
        ],
      },
    },
  };
}

function mountPage(replies: Record<string, () => Reply>) {
  return mountWithApi(ApiKeysPage, {
    routes: { "api-keys": "/api-keys" },
    at: "/api-keys",
    replies: { ApiKeys: keysReply, ...replies },
  });
}

describe("ApiKeysPage", () => {
  it("should list the caller's keys with scope, expiry and last use", async () => {
    const { wrapper } = await mountPage({});
    await flushPromises();
    const rows = wrapper.findAll("tbody tr").map((row) => row.findAll("td").map((td) => td.text()));
    expect(rows[0]![0]).toBe("Sandbox");
    expect(rows[0]![1]).toBe("Read");
    expect(rows[0]![3]).toBe("Never");
    expect(rows[0]![4]).not.toBe("Never");
    expect(rows[1]![1]).toBe("Admin");
    expect(rows[1]![3]).toMatch(/^Expired /);
    expect(rows[1]![4]).toBe("Never");
  });

  it("should create a key, show its secret once with a copy button and the Sandbox header", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { wrapper, sent } = await mountPage({
      CreateApiKey: () => ({
        data: { createApiKey: { secret: SECRET, apiKey: { id: "3", name: "CI" } } },
      }),
    });
    await flushPromises();
    await wrapper.get('input[name="name"]').setValue("CI");
    await wrapper.get('select[name="scope"]').setValue("ADMIN");
    await wrapper.get('input[name="expiresOn"]').setValue("2027-06-30");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    const variables = named(sent, "CreateApiKey")[0]?.variables as Record<string, unknown>;
    expect(variables.name).toBe("CI");
    expect(variables.scope).toBe("ADMIN");
    expect(new Date(variables.expiresAt as string).getTime()).toBe(
      new Date("2027-06-30T23:59:59").getTime(),
    );
    expect(wrapper.get('[data-testid="secret"]').text()).toBe(SECRET);
    expect(wrapper.text()).toContain("Authorization");
    expect(wrapper.text()).toContain("Bearer <your key>");
    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Copy key")!
      .trigger("click");
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(wrapper.findAll("button").some((b) => b.text() === "Copied")).toBe(true);
    expect((wrapper.get('input[name="name"]').element as HTMLInputElement).value).toBe("");
  });

  it("should place a refused expiry at its field by the error's code", async () => {
    const { wrapper } = await mountPage({
      CreateApiKey: () => ({
        errors: [
          {
            message: "past",
            extensions: { code: "BAD_USER_INPUT", field: "expiresAt", reason: "EXPIRY_IN_PAST" },
          },
        ],
      }),
    });
    await flushPromises();
    await wrapper.get('input[name="name"]').setValue("Late");
    await wrapper.get('input[name="expiresOn"]').setValue("2020-01-01");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    const input = wrapper.get('input[name="expiresOn"]');
    expect(input.attributes("aria-invalid")).toBe("true");
    const error = wrapper.get(".field-error");
    expect(error.text()).toBe("Choose a day in the future.");
    expect(input.attributes("aria-describedby")).toContain(error.attributes("id"));
    expect(wrapper.find('[data-testid="secret"]').exists()).toBe(false);
  });

  it("should revoke a key and reload the list", async () => {
    const { wrapper, sent } = await mountPage({
      RevokeApiKey: () => ({ data: { revokeApiKey: true } }),
    });
    await flushPromises();
    await wrapper.get('button[aria-label="Revoke Sandbox"]').trigger("click");
    await flushPromises();
    expect(named(sent, "RevokeApiKey")[0]?.variables).toEqual({ id: "1" });
    expect(named(sent, "ApiKeys").length).toBeGreaterThan(1);
  });
});
