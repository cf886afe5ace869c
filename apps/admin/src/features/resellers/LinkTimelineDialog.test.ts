import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { named } from "../../testing/canned-client";
import { cleanUp, mountWithApi } from "../../testing/mount-with-api";
import LinkTimelineDialog from "./LinkTimelineDialog.vue";

afterEach(cleanUp);

describe("LinkTimelineDialog", () => {
  it("should tell each version's who, when, payees added and removed, mode and months reached", async () => {
    const { wrapper, sent } = await mountWithApi(LinkTimelineDialog, {
      routes: { home: "/" },
      at: "/",
      props: { open: true, linkId: "7", title: "Timeline of reseller link 7" },
      replies: {
        LinkTimeline: () => ({
          data: {
            resellerLink: {
              id: "7",
              changes: [
                {
                  version: 1,
                  action: "CREATE",
                  changedBy: "sam@kestrel.test",
                  changedAt: "2026-01-05T10:00:00.000Z",
                  payeesAdded: ["111111111111", "222222222222"],
                  payeesRemoved: [],
                  history: "RESET_ALL_HISTORY",
                  effectiveFromMonth: null,
                  monthsReached: ["2025-11", "2025-12", "2026-01", "2026-02"],
                },
                {
                  version: 2,
                  action: "UPDATE",
                  changedBy: null,
                  changedAt: "2026-02-05T10:00:00.000Z",
                  payeesAdded: ["333333333333"],
                  payeesRemoved: ["222222222222"],
                  history: "KEEP_HISTORY",
                  effectiveFromMonth: "2026-02",
                  monthsReached: ["2026-02"],
                },
              ],
            },
          },
        }),
      },
    });
    await flushPromises();
    expect(named(sent, "LinkTimeline")[0]?.variables).toEqual({ id: "7" });
    const items = wrapper.findAll(".timeline li").map((li) => li.text().replace(/\s+/g, " "));
    expect(items[0]).toContain("Version 1 · Created by sam@kestrel.test on");
    expect(items[0]).toContain("Added: 111111111111, 222222222222");
    expect(items[0]).not.toContain("Removed");
    expect(items[0]).toContain(
      "Reset all history; reached November 2025 to February 2026 (4 months).",
    );
    expect(items[1]).toContain("Version 2 · Edited by a removed user");
    expect(items[1]).toContain("Removed: 222222222222");
    expect(items[1]).toContain("Keep history from February 2026; reached February 2026.");
  });
});
