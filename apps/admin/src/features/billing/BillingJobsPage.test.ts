import { type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Answer, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import BillingJobsPage from "./BillingJobsPage.vue";

function job(id: string, state: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    kind: "INGEST",
    state,
    source: "UPLOAD",
    fileName: "cur.csv",
    billingPeriod: null,
    assemblyId: null,
    partCount: null,
    rowsRead: 5,
    rowsAllocated: 4,
    rowsUnmatched: 1,
    outcome: null,
    error: null,
    createdAt: "2026-05-02T10:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    masterPayerAccount: { id: "10", name: "Master payer", awsAccountId: "111122223333" },
    ...extra,
  };
}

function jobsInTurn(...lists: unknown[][]): Answer {
  let call = 0;
  return () => ({ data: { billingJobs: lists[Math.min(call++, lists.length - 1)] } });
}

async function mountPage(jobs: Answer) {
  const mounted = await mountWithApi(BillingJobsPage, {
    routes: {
      partners: "/partners",
      accounts: "/partners/:partnerId/accounts",
      "billing-overview": "/partners/:partnerId/billing/overview",
      "billing-pricing": "/partners/:partnerId/billing/pricing",
      "billing-upload": "/partners/:partnerId/billing/upload",
      "billing-jobs": "/partners/:partnerId/billing/jobs",
      "billing-invoices": "/partners/:partnerId/billing/invoices",
      "billing-details": "/partners/:partnerId/billing/details",
    },
    at: "/partners/1/billing/jobs",
    replies: {
      BillingParent: () => ({
        data: { partner: { id: "1", name: "Acme Cloud", level: "PARENT", accounts: [] } },
      }),
      BillingJobs: jobs,
    },
    props: { partnerId: "1" },
  });
  await flushPromises();
  return mounted;
}

const rows = (wrapper: VueWrapper) =>
  wrapper.findAll("tbody tr").map((row) => row.findAll("td").map((cell) => cell.text().trim()));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  signInAs(
    { id: "1", email: "sam@acme.test", name: "Sam", role: "PARTNER_SYS_ADMIN" },
    { id: "1", name: "Acme Cloud", level: "PARENT" },
  );
});

afterEach(() => {
  cleanUp();
  vi.useRealTimers();
});

describe("BillingJobsPage", () => {
  it("should list each job's state, source, file, counts and error when jobs answer", async () => {
    const { wrapper } = await mountPage(
      jobsInTurn([
        job("3", "FAILED", {
          fileName: "bad.csv",
          rowsRead: 2,
          rowsAllocated: 0,
          rowsUnmatched: 0,
          error: "bad.csv, line 3: not a number",
          finishedAt: "2026-05-02T10:00:05.000Z",
        }),
        job("2", "SUCCEEDED", {
          kind: "ALLOCATE",
          source: "PRICING_CHANGE",
          fileName: null,
          billingPeriod: "2026-05",
          outcome: "Recomputed 2026-05",
        }),
      ]),
    );
    expect(wrapper.findAll("thead th").map((th) => th.text())).toEqual([
      "Job",
      "State",
      "Source",
      "File or month",
      "Read",
      "Allocated",
      "Unmatched",
      "Queued",
      "Finished",
      "Result",
    ]);
    const [failed, allocated] = rows(wrapper);
    expect(failed!.slice(0, 7)).toEqual([
      "3 Ingest",
      "Failed",
      "Upload",
      "bad.csvMaster payer",
      "2",
      "0",
      "0",
    ]);
    expect(failed![9]).toBe("bad.csv, line 3: not a number");
    expect(allocated!.slice(0, 4)).toEqual([
      "2 Allocate",
      "Succeeded",
      "Pricing change",
      "2026-05Master payer",
    ]);
    expect(allocated![8]).toBe("—");
    expect(allocated![9]).toBe("Recomputed 2026-05");
  });

  it("should show a delivery's month, assembly and part count when a job ingests one", async () => {
    const { wrapper } = await mountPage(
      jobsInTurn([
        job("4", "SUCCEEDED", {
          source: "S3",
          fileName: "cur/acme/20260401-20260501/acme-Manifest.json",
          billingPeriod: "2026-04",
          assemblyId: "3f2a-77",
          partCount: 8,
          rowsRead: 2000000,
        }),
      ]),
    );
    const [delivery] = rows(wrapper);
    expect(delivery!.slice(2, 5)).toEqual([
      "S3 bucket",
      "cur/acme/20260401-20260501/acme-Manifest.jsonDelivery 2026-04 · assembly 3f2a-77 · 8 partsMaster payer",
      "2000000",
    ]);
  });

  it("should refresh while a job runs and stop when none does", async () => {
    const { wrapper, sent } = await mountPage(
      jobsInTurn([job("1", "RUNNING")], [job("1", "RUNNING")], [job("1", "SUCCEEDED")]),
    );
    expect(wrapper.find('p[role="status"]').text()).toContain("refreshes every 2 seconds");
    vi.advanceTimersByTime(2000);
    await flushPromises();
    expect(rows(wrapper)[0]![1]).toBe("Running");
    vi.advanceTimersByTime(2000);
    await flushPromises();
    expect(rows(wrapper)[0]![1]).toBe("Succeeded");
    const asked = named(sent, "BillingJobs").length;
    expect(asked).toBe(3);
    vi.advanceTimersByTime(10_000);
    await flushPromises();
    expect(named(sent, "BillingJobs")).toHaveLength(asked);
    expect(wrapper.find('p[role="status"]').text()).toBe("The latest 30 jobs, newest first.");
  });

  it("should say there are no jobs when the list is empty", async () => {
    const { wrapper } = await mountPage(jobsInTurn([]));
    expect(wrapper.text()).toContain("No billing jobs yet.");
  });
});
