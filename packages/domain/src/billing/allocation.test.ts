import { describe, expect, it } from "vitest";
import type { PayerPayeeHistory } from "../model.js";
import { historyEffectiveFrom, type LinkVersion } from "../reseller-links.js";
import { allocateByMonth, allocateMonth, type AllocationLink } from "./allocation.js";
import { sumMoney } from "./money.js";

const PAYER = "111111111111";
const OTHER_PAYER = "444444444444";
const X = "000000000001";
const Y = "000000000002";
const Z = "000000000003";
const W = "000000000009";

interface Row {
  payerAccountId: string;
  usageAccountId: string;
  billingPeriod: string;
  cost: string;
}

const row = (billingPeriod: string, usageAccountId: string, cost: string, payer = PAYER): Row => ({
  payerAccountId: payer,
  usageAccountId,
  billingPeriod,
  cost,
});

// Three months of a master payer: X, Y, Z are payees, W is in no link, two ids are malformed.
const rows: Row[] = [
  row("2024-01", X, "10.00"),
  row("2024-01", Y, "20.00"),
  row("2024-01", Z, "30.00"),
  row("2024-01", W, "1.00"),
  row("2024-01", "12345", "0.50"),
  row("2024-01", X, "7.00", OTHER_PAYER),
  row("2024-02", X, "11.00"),
  row("2024-02", Y, "21.00"),
  row("2024-02", Z, "31.00"),
  row("2024-02", W, "1.10"),
  row("2024-03", X, "12.00"),
  row("2024-03", Y, "22.00"),
  row("2024-03", Z, "32.00"),
  row("2024-03", W, "1.20"),
  row("2024-03", "ABCDEFGHIJKL", "0.25"),
];

const created = new Date("2024-01-05T09:00:00Z");
const changedAt = new Date("2024-03-10T12:00:00Z");

function version(payeeIds: string[], recordedAt: Date, from: string | null = null): LinkVersion {
  return { effectiveFromMonth: from, payeeIds, recordedAt };
}

/** Child A (link 1) starts with X and Y, Child B (link 2) with Z; on 10 March Y moves to B. */
function linksAfterMove(history: PayerPayeeHistory): AllocationLink[] {
  const from = historyEffectiveFrom(history, changedAt);
  return [
    {
      linkId: "1",
      resellerPartnerId: "11",
      payerAccountId: PAYER,
      versions: [version([X, Y], created), version([X], changedAt, from)],
    },
    {
      linkId: "2",
      resellerPartnerId: "12",
      payerAccountId: PAYER,
      versions: [version([Z], created), version([Y, Z], new Date(changedAt.getTime() + 1), from)],
    },
  ];
}

const cost = (list: readonly Row[]) => sumMoney(list.map((r) => r.cost));

/** Per month: Child A's cost, Child B's cost, the unallocated cost. */
function totals(links: AllocationLink[]): Record<string, [string, string, string]> {
  const result: Record<string, [string, string, string]> = {};
  for (const month of allocateByMonth(rows, links)) {
    const [a, b] = month.links;
    result[month.month] = [cost(a!.rows), cost(b!.rows), cost(month.unallocated)];
  }
  return result;
}

describe("allocateMonth", () => {
  it("should re-derive every month with the new payees when the change resets all history", () => {
    // A keeps only X in every month; B has Y and Z in every month.
    expect(totals(linksAfterMove("RESET_ALL_HISTORY"))).toEqual({
      "2024-01": ["10.000000000000", "50.000000000000", "8.500000000000"],
      "2024-02": ["11.000000000000", "52.000000000000", "1.100000000000"],
      "2024-03": ["12.000000000000", "54.000000000000", "1.450000000000"],
    });
    // Quarter: A 33.00, B 156.00, unallocated 11.05; 200.05 in all.
  });

  it("should keep the closed months' payees when the change keeps history", () => {
    // January and February as before the move (A: X+Y, B: Z); March with Y at B.
    expect(totals(linksAfterMove("KEEP_HISTORY"))).toEqual({
      "2024-01": ["30.000000000000", "30.000000000000", "8.500000000000"],
      "2024-02": ["32.000000000000", "31.000000000000", "1.100000000000"],
      "2024-03": ["12.000000000000", "54.000000000000", "1.450000000000"],
    });
    // Quarter: A 74.00, B 115.00, unallocated 11.05; 200.05 in all.
  });

  it("should lose no cost when summing every bucket under either history mode", () => {
    for (const history of ["RESET_ALL_HISTORY", "KEEP_HISTORY"] as const) {
      const buckets = allocateByMonth(rows, linksAfterMove(history)).flatMap((m) => [
        ...m.links.flatMap((l) => l.rows),
        ...m.unallocated,
      ]);
      expect(cost(buckets), history).toBe("200.050000000000");
      expect(buckets).toHaveLength(rows.length);
    }
  });

  it("should report the payees, unallocated accounts and malformed ids when allocating a month", () => {
    const january = allocateMonth(
      rows.filter((r) => r.billingPeriod === "2024-01"),
      linksAfterMove("KEEP_HISTORY"),
      "2024-01",
    );
    expect(january.links.map((l) => [l.linkId, l.resellerPartnerId, l.payeeIds])).toEqual([
      ["1", "11", [X, Y]],
      ["2", "12", [Z]],
    ]);
    // X under another payer is not the link's X.
    expect(january.unallocated.map((r) => [r.payerAccountId, r.usageAccountId])).toEqual([
      [PAYER, W],
      [PAYER, "12345"],
      [OTHER_PAYER, X],
    ]);
    expect(january.unallocatedAccountIds).toEqual([X, W]);
    expect(january.invalidAccountIds).toEqual(["12345"]);
    expect(january.conflicts).toEqual([]);
  });

  it("should never match a malformed payer id when its usage account is a payee", () => {
    const result = allocateMonth(
      [row("2024-01", X, "5", "11111111111")],
      linksAfterMove("KEEP_HISTORY"),
      "2024-01",
    );
    expect(result.unallocated).toHaveLength(1);
    expect(result.invalidAccountIds).toEqual(["11111111111"]);
    expect(result.unallocatedAccountIds).toEqual([X]);
  });

  it("should give a contested payee to the link changed last when a reset claims a kept month", () => {
    // A drops Y from March on, keeping history; later B claims Y for every month.
    const links: AllocationLink[] = [
      {
        linkId: "1",
        resellerPartnerId: "11",
        payerAccountId: PAYER,
        versions: [version([X, Y], created), version([X], changedAt, "2024-03")],
      },
      {
        linkId: "2",
        resellerPartnerId: "12",
        payerAccountId: PAYER,
        versions: [version([Z], created), version([Y, Z], new Date("2024-03-11T00:00:00Z"))],
      },
    ];
    const february = allocateMonth(
      rows.filter((r) => r.billingPeriod === "2024-02"),
      links,
      "2024-02",
    );
    expect(cost(february.links[0]!.rows)).toBe("11.000000000000");
    expect(cost(february.links[1]!.rows)).toBe("52.000000000000");
    expect(february.conflicts).toEqual([
      { payerAccountId: PAYER, usageAccountId: Y, linkIds: ["1", "2"], allocatedTo: "2" },
    ]);
  });

  it("should leave a contested payee with the first link when both claims were recorded together", () => {
    const links: AllocationLink[] = [
      {
        linkId: "1",
        resellerPartnerId: "11",
        payerAccountId: PAYER,
        versions: [version([X], created)],
      },
      {
        linkId: "2",
        resellerPartnerId: "12",
        payerAccountId: PAYER,
        versions: [version([X], created)],
      },
    ];
    const result = allocateMonth([row("2024-01", X, "1")], links, "2024-01");
    expect(result.links.map((l) => l.rows.length)).toEqual([1, 0]);
    expect(result.conflicts[0]?.allocatedTo).toBe("1");
  });

  it("should allocate nothing to a link when no version applies to the month yet", () => {
    const links: AllocationLink[] = [
      {
        linkId: "1",
        resellerPartnerId: "11",
        payerAccountId: PAYER,
        versions: [version([X], changedAt, "2024-03")],
      },
    ];
    const february = allocateMonth([row("2024-02", X, "1")], links, "2024-02");
    expect(february.links[0]!.payeeIds).toEqual([]);
    expect(february.unallocated).toHaveLength(1);
  });

  it("should throw when a row belongs to another billing period", () => {
    expect(() => allocateMonth([row("2024-02", X, "1")], [], "2024-01")).toThrow(
      /billing period 2024-02/,
    );
    expect(() => allocateByMonth([row("2024-2", X, "1")], [])).toThrow(/not a billing month/);
  });
});
