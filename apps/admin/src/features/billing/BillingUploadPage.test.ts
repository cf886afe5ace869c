import { type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { session } from "../../auth/session";
import { type Answer, type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import BillingUploadPage from "./BillingUploadPage.vue";

/** Just enough of XMLHttpRequest for one upload: the test plays the network. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  upload: { onprogress: ((event: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const parent: Answer = () => ({
  data: {
    partner: {
      id: "1",
      name: "Acme Cloud",
      level: "PARENT",
      accounts: [
        { id: "10", name: "Master payer", awsAccountId: "111122223333", isMasterPayer: true },
        { id: "11", name: "Ops", awsAccountId: null, isMasterPayer: false },
      ],
    },
  },
});

function job(state: string, extra: Record<string, unknown> = {}): Reply {
  return {
    data: {
      billingJob: {
        id: "9",
        kind: "INGEST",
        state,
        source: "UPLOAD",
        fileName: "cur.csv",
        billingPeriod: null,
        rowsRead: 0,
        rowsAllocated: 0,
        rowsUnmatched: 0,
        outcome: null,
        error: null,
        createdAt: "2026-05-02T10:00:00.000Z",
        startedAt: null,
        finishedAt: null,
        masterPayerAccount: { id: "10", name: "Master payer", awsAccountId: "111122223333" },
        ...extra,
      },
    },
  };
}

/** Answers BillingJob with each reply in turn, then the last one for ever. */
function jobSequence(...replies: Reply[]): Answer {
  let call = 0;
  return () => replies[Math.min(call++, replies.length - 1)]!;
}

async function mountPage(jobReplies: Answer) {
  const mounted = await mountWithApi(BillingUploadPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      "sign-in": "/sign-in",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "billing-pricing": "/partners/:partnerId/billing/pricing",
      "billing-upload": "/partners/:partnerId/billing/upload",
      "billing-jobs": "/partners/:partnerId/billing/jobs",
      "billing-invoices": "/partners/:partnerId/billing/invoices",
      "billing-details": "/partners/:partnerId/billing/details",
    },
    at: "/partners/1/billing/upload",
    replies: { BillingParent: parent, BillingJob: jobReplies },
    props: { partnerId: "1" },
  });
  await flushPromises();
  return mounted;
}

async function chooseFile(wrapper: VueWrapper, file: File) {
  const input = wrapper.find<HTMLInputElement>('input[type="file"]');
  Object.defineProperty(input.element, "files", { value: [file], configurable: true });
  await input.trigger("change");
}

async function upload(wrapper: VueWrapper) {
  await chooseFile(wrapper, new File(["a,b\n1,2\n"], "cur.csv", { type: "text/csv" }));
  await wrapper.find("form").trigger("submit");
  await flushPromises();
  return FakeXhr.sent.at(-1)!;
}

const status = (wrapper: VueWrapper) => wrapper.find('.upload-job [role="status"]').text();
const fact = (wrapper: VueWrapper, name: string) =>
  wrapper
    .findAll(".job-facts > div")
    .find((item) => item.find("dt").text() === name)
    ?.find("dd")
    .text();

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  );
});

afterEach(() => {
  cleanUp();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("BillingUploadPage", () => {
  it("should offer only the master payer accounts and pick the only one when there is one", async () => {
    const { wrapper } = await mountPage(jobSequence(job("QUEUED")));
    const select = wrapper.find<HTMLSelectElement>("select");
    expect(select.findAll("option").map((option) => option.text())).toEqual([
      "Master payer — 111122223333 (Project ID 10)",
    ]);
    expect(select.element.value).toBe("10");
  });

  it("should post the file with the bearer token and show the progress when the upload runs", async () => {
    const { wrapper } = await mountPage(jobSequence(job("QUEUED")));
    const xhr = await upload(wrapper);
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/billing/uploads?masterPayerAccountId=10");
    expect(xhr.headers).toMatchObject({
      authorization: `Bearer ${session.token}`,
      "x-file-name": "cur.csv",
    });
    expect((xhr.body as File).name).toBe("cur.csv");

    xhr.progress(50, 200);
    await flushPromises();
    const bar = wrapper.find<HTMLProgressElement>("progress");
    expect(bar.element.value).toBe(25);
    expect(wrapper.find(".progress").text()).toContain("25 % (50 B of 200 B)");
    expect(wrapper.find("button[type=submit]").attributes("disabled")).toBeDefined();
    expect(wrapper.find("select").attributes("disabled")).toBeDefined();
    xhr.progress(200, 200);
    await flushPromises();
    expect(bar.element.value).toBe(100);
  });

  it("should follow the job until it succeeds and then stop asking when the upload is accepted", async () => {
    const { wrapper, sent } = await mountPage(
      jobSequence(
        job("QUEUED"),
        job("RUNNING", { startedAt: "2026-05-02T10:00:01.000Z" }),
        job("SUCCEEDED", {
          rowsRead: 5,
          rowsAllocated: 4,
          rowsUnmatched: 1,
          outcome: "Ingested 2026-05",
          finishedAt: "2026-05-02T10:00:02.000Z",
        }),
      ),
    );
    const xhr = await upload(wrapper);
    xhr.respond(202, { job: { id: "9", state: "QUEUED" } });
    await flushPromises();
    expect(wrapper.find("h2").text()).toBe("Job 9: cur.csv");
    expect(named(sent, "BillingJob")[0]!.variables).toEqual({ id: "9" });
    expect(status(wrapper)).toBe("Waiting for the worker…");
    expect(fact(wrapper, "State")).toBe("Queued");

    vi.advanceTimersByTime(1000);
    await flushPromises();
    expect(status(wrapper)).toBe("Reading the report…");
    expect(fact(wrapper, "State")).toBe("Running");

    vi.advanceTimersByTime(1000);
    await flushPromises();
    expect(status(wrapper)).toBe(
      "The report was ingested: 5 rows read, 4 allocated to Children, 1 unmatched.",
    );
    expect(fact(wrapper, "Rows read")).toBe("5");
    expect(fact(wrapper, "Rows allocated")).toBe("4");
    expect(fact(wrapper, "Rows unmatched")).toBe("1");
    expect(fact(wrapper, "Outcome")).toBe("Ingested 2026-05");

    const asked = named(sent, "BillingJob").length;
    vi.advanceTimersByTime(5000);
    await flushPromises();
    expect(named(sent, "BillingJob")).toHaveLength(asked);
  });

  it("should show the job's error when the job fails", async () => {
    const error = "cur.csv, line 3, column lineItem/UnblendedCost: not a number: 'abc'";
    const { wrapper } = await mountPage(
      jobSequence(job("RUNNING"), job("FAILED", { rowsRead: 2, error })),
    );
    const xhr = await upload(wrapper);
    xhr.respond(202, { job: { id: "9", state: "QUEUED" } });
    await flushPromises();
    vi.advanceTimersByTime(1000);
    await flushPromises();
    expect(status(wrapper)).toBe("The job failed; the stored data is as it was.");
    expect(fact(wrapper, "State")).toBe("Failed");
    expect(fact(wrapper, "Error")).toBe(error);
  });

  it("should place a refusal under the field it names when the API refuses the upload", async () => {
    const { wrapper, sent } = await mountPage(jobSequence(job("QUEUED")));
    const xhr = await upload(wrapper);
    xhr.respond(400, {
      errors: [
        {
          message: "The upload is empty",
          extensions: { code: "BAD_USER_INPUT", field: "body" },
        },
      ],
    });
    await flushPromises();
    const file = wrapper.find('input[type="file"]');
    expect(file.element.closest(".field")?.querySelector(".field-error")?.textContent).toBe(
      "Some of the values are not valid.",
    );
    expect(wrapper.find("progress").exists()).toBe(false);
    expect(named(sent, "BillingJob")).toHaveLength(0);
  });

  it("should ask for a file and send nothing when none is chosen", async () => {
    const { wrapper } = await mountPage(jobSequence(job("QUEUED")));
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(FakeXhr.sent).toHaveLength(0);
    expect(wrapper.find(".field-error").text()).toBe("Choose the cost report file.");
  });

  it("should refuse an empty file before sending it", async () => {
    const { wrapper } = await mountPage(jobSequence(job("QUEUED")));
    await chooseFile(wrapper, new File([], "empty.csv"));
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(FakeXhr.sent).toHaveLength(0);
    expect(wrapper.find(".field-error").text()).toBe("This file is empty.");
  });

  it("should say the server cannot be reached when the network fails", async () => {
    const { wrapper } = await mountPage(jobSequence(job("QUEUED")));
    const xhr = await upload(wrapper);
    xhr.onerror?.();
    await flushPromises();
    expect(wrapper.find(".notice--error").text()).toBe(
      "The server cannot be reached. Check your connection and try again.",
    );
  });
});
