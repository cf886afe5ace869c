import { type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import AuditLogPage from "./AuditLogPage.vue";

function entry(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    occurredAt: "2026-05-02T10:00:00.000Z",
    operation: "createAccount",
    outcome: "OK",
    userId: "7",
    userEmail: "sam@acme.test",
    apiKeyId: null,
    partnerId: "1",
    objectType: "Account",
    objectId: "40",
    relatedIds: [{ name: "input.partnerId", id: "1" }],
    changedFields: ["input.awsAccountId", "input.name"],
    ip: "192.0.2.10",
    requestId: "req-1",
    ...extra,
  };
}

function page(nodes: unknown[], hasNextPage: boolean, endCursor: string | null, totalCount = 60) {
  return { data: { auditLog: { totalCount, pageInfo: { hasNextPage, endCursor }, nodes } } };
}

async function mountPage(answer: Answer) {
  const mounted = await mountWithApi(AuditLogPage, {
    routes: { "audit-log": "/audit" },
    at: "/audit",
    replies: { AuditLog: answer },
  });
  await flushPromises();
  return mounted;
}

const rows = (wrapper: VueWrapper) =>
  wrapper.findAll("tbody tr").map((row) => row.findAll("td").map((cell) => cell.text().trim()));

beforeEach(() => {
  signInAs(
    { id: "7", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  );
});

afterEach(cleanUp);

describe("AuditLogPage", () => {
  it("should list who did what, its outcome, object and changed fields when entries answer", async () => {
    const { wrapper } = await mountPage(() =>
      page(
        [
          entry("2", { apiKeyId: "3" }),
          entry("1", {
            operation: "login",
            outcome: "UNAUTHENTICATED",
            userId: null,
            userEmail: null,
            objectType: null,
            objectId: null,
            relatedIds: [],
            changedFields: [],
          }),
        ],
        false,
        "c1",
        2,
      ),
    );
    const [first, second] = rows(wrapper);
    expect(first?.[1]).toBe("sam@acme.test API key 3");
    expect(first?.slice(2, 4)).toEqual(["createAccount", "OK"]);
    expect(first?.[4]).toMatch(/^Account 40\s*input\.partnerId 1$/);
    expect(first?.[5]).toBe("input.awsAccountId, input.name");
    expect(first?.[6]).toBe("192.0.2.10 req-1");
    expect(second?.slice(1, 6)).toEqual(["Unknown account", "login", "UNAUTHENTICATED", "—", "—"]);
    expect(wrapper.find('[role="status"]').text()).toBe("2 entries · page 1");
    expect(wrapper.find(".badge--error").text()).toBe("UNAUTHENTICATED");
  });

  it("should send the filters, with whole UTC days, from the first page when they are applied", async () => {
    const { wrapper, sent } = await mountPage(() => page([entry("1")], true, "c1"));
    await wrapper.find('input[name="userId"]').setValue(" 7 ");
    await wrapper.find('input[name="operation"]').setValue("createAccount");
    await wrapper.find('input[name="objectType"]').setValue("Account");
    await wrapper.find('input[name="objectId"]').setValue("40");
    await wrapper.find('input[name="from"]').setValue("2026-05-01");
    await wrapper.find('input[name="to"]').setValue("2026-05-31");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    const last = named(sent, "AuditLog").at(-1)!;
    expect(last.variables).toEqual({
      filter: {
        userId: "7",
        operation: "createAccount",
        objectType: "Account",
        objectId: "40",
        from: "2026-05-01T00:00:00.000Z",
        to: "2026-05-31T23:59:59.999Z",
      },
      first: 25,
      after: null,
    });
  });

  it("should page to older entries and back when the pager buttons are used", async () => {
    const { wrapper, sent } = await mountPage((operation) =>
      operation.variables?.after === "c1"
        ? page([entry("1")], false, "c2")
        : page([entry("2")], true, "c1"),
    );
    const button = (text: string) => wrapper.findAll("button").find((b) => b.text() === text)!;
    expect(button("Newer entries").attributes("disabled")).toBeDefined();
    await button("Older entries").trigger("click");
    await flushPromises();
    expect(named(sent, "AuditLog").at(-1)!.variables).toMatchObject({ after: "c1" });
    expect(
      rows(wrapper).map((r) => r[0] && wrapper.find("tbody tr").attributes("data-entry-id")),
    ).toEqual(["1"]);
    expect(wrapper.find('[role="status"]').text()).toBe("60 entries · page 2");
    expect(button("Older entries").attributes("disabled")).toBeDefined();
    await button("Newer entries").trigger("click");
    await flushPromises();
    expect(named(sent, "AuditLog").at(-1)!.variables).toMatchObject({ after: null });
    expect(wrapper.find("tbody tr").attributes("data-entry-id")).toBe("2");
  });

  it("should show a refused filter next to its field when the API names it", async () => {
    const { wrapper } = await mountPage(() => ({
      errors: [
        {
          message: "filter.userId must be a user id",
          extensions: { code: "BAD_USER_INPUT", field: "filter.userId", value: "abc" },
        },
      ],
    }));
    const input = wrapper.find('input[name="userId"]');
    expect(input.attributes("aria-invalid")).toBe("true");
    expect(wrapper.find(".field-error").exists()).toBe(true);
  });
});
