import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, type Replies, type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import ReportSourcePanel from "./ReportSourcePanel.vue";

const stored = (overrides: Record<string, unknown> = {}) => ({
  id: "5",
  bucket: "acme-billing",
  prefix: "cur",
  region: "eu-west-1",
  endpoint: null,
  roleArn: "arn:aws:iam::111122223333:role/ReportReader",
  externalId: "acme-7f3a",
  enabled: true,
  lastCheckedAt: "2026-05-02T10:00:00.000Z",
  lastError: null,
  masterPayerAccount: { id: "10" },
  ...overrides,
});

const sources =
  (...list: ReturnType<typeof stored>[]): Answer =>
  () => ({ data: { reportSources: list } });

const refused = (extensions: Record<string, unknown>): Reply => ({
  errors: [{ message: "refused", extensions }],
});

async function mountPanel(replies: Replies) {
  const mounted = await mountWithApi(ReportSourcePanel, {
    routes: { overview: "/partners/:partnerId/billing" },
    at: "/partners/1/billing",
    replies,
    props: { partnerId: "1", accountId: "10" },
  });
  await flushPromises();
  return mounted;
}

function control(wrapper: VueWrapper, label: string): DOMWrapper<HTMLInputElement> {
  const element = wrapper.findAll("label").find((candidate) => candidate.text() === label);
  if (!element) throw new Error(`no label "${label}"`);
  return wrapper.find<HTMLInputElement>(`[id="${element.attributes("for")}"]`);
}

function errorOf(field: DOMWrapper<Element>): string {
  return field.element.closest(".field")?.querySelector(".field-error")?.textContent?.trim() ?? "";
}

const button = (wrapper: VueWrapper, text: string) => {
  const found = wrapper.findAll("button").find((b) => b.text() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
};

beforeEach(() =>
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("ReportSourcePanel", () => {
  it("should show the account's stored source, its last check and last error when it loads", async () => {
    const { wrapper } = await mountPanel({
      ReportSources: sources(
        stored({ id: "4", masterPayerAccount: { id: "11" }, bucket: "someone-else" }),
        stored({ lastError: "Access denied to s3://acme-billing/cur: …" }),
      ),
    });
    expect(control(wrapper, "Bucket").element.value).toBe("acme-billing");
    expect(control(wrapper, "Prefix").element.value).toBe("cur");
    expect(control(wrapper, "Region").element.value).toBe("eu-west-1");
    expect(control(wrapper, "Role ARN").element.value).toBe(
      "arn:aws:iam::111122223333:role/ReportReader",
    );
    expect(control(wrapper, "External ID").element.value).toBe("acme-7f3a");
    const lastCheck = wrapper.find(".last-check").text();
    expect(lastCheck).toContain("Access denied to s3://acme-billing/cur");
    expect(lastCheck).not.toContain("Not checked yet");
    expect(button(wrapper, "Check now").exists()).toBe(true);
  });

  it("should send the whole source with blanks as null when Save is pressed, then reload it", async () => {
    let listed = 0;
    const { wrapper, sent } = await mountPanel({
      ReportSources: () => {
        listed += 1;
        return { data: { reportSources: listed === 1 ? [] : [stored()] } };
      },
      SaveReportSource: () => ({ data: { saveReportSource: stored() } }),
    });
    // No source yet: nothing to check.
    expect(wrapper.findAll("button").map((b) => b.text())).toEqual(["Save"]);
    await control(wrapper, "Bucket").setValue(" acme-billing ");
    await control(wrapper, "Prefix").setValue("cur");
    await control(wrapper, "Region").setValue("eu-west-1");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "SaveReportSource").map((o) => o.variables)).toEqual([
      {
        input: {
          masterPayerAccountId: "10",
          bucket: "acme-billing",
          prefix: "cur",
          region: "eu-west-1",
          endpoint: null,
          roleArn: null,
          externalId: null,
          enabled: true,
        },
      },
    ]);
    expect(wrapper.find('[role="status"]').text()).toBe("Report source saved.");
    expect(named(sent, "ReportSources").length).toBeGreaterThanOrEqual(2);
    expect(button(wrapper, "Check now").exists()).toBe(true);
  });

  it("should place the API's error under the field it names and focus it", async () => {
    const { wrapper } = await mountPanel({
      ReportSources: sources(),
      SaveReportSource: () =>
        refused({ code: "BAD_USER_INPUT", field: "input.bucket", value: "Bad_Bucket" }),
    });
    await control(wrapper, "Bucket").setValue("Bad_Bucket");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(errorOf(control(wrapper, "Bucket"))).not.toBe("");
    expect(control(wrapper, "Bucket").attributes("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(control(wrapper, "Bucket").element);
  });

  it("should say what Check now queued, or that nothing was new", async () => {
    let answers = [
      [{ id: "70", billingPeriod: "2026-04", partCount: 3 }],
      [] as { id: string; billingPeriod: string; partCount: number }[],
    ];
    const { wrapper, sent } = await mountPanel({
      ReportSources: sources(stored()),
      SyncReportSource: () => {
        const [jobs, ...rest] = answers;
        answers = rest;
        return { data: { syncReportSource: jobs } };
      },
    });
    await button(wrapper, "Check now").trigger("click");
    await flushPromises();
    expect(named(sent, "SyncReportSource")[0]!.variables).toEqual({ id: "5" });
    expect(wrapper.find('[role="status"]').text()).toBe(
      "Checked: 1 delivery queued (2026-04, 3 parts). See Billing jobs.",
    );
    await button(wrapper, "Check now").trigger("click");
    await flushPromises();
    expect(wrapper.find('[role="status"]').text()).toBe("Checked: nothing new to ingest.");
  });

  it("should show the API's message when a check is refused", async () => {
    const { wrapper } = await mountPanel({
      ReportSources: sources(stored()),
      SyncReportSource: () =>
        refused({ code: "CONFLICT", reason: "CHECK_IN_PROGRESS", field: "id", value: "5" }),
    });
    await button(wrapper, "Check now").trigger("click");
    await flushPromises();
    expect(wrapper.find(".notice--error").exists()).toBe(true);
  });
});
