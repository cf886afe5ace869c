import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LinkVersion } from "../reseller-links.js";
import { amount } from "../testing/money-arbitraries.js";
import { allocateByMonth, type AllocationLink } from "./allocation.js";
import { sumMoney } from "./money.js";

const PAYERS = ["111111111111", "444444444444", "11111111111"];
// A small pool, so that links share payees and rows hit them often; "12345" is malformed.
const ACCOUNTS = ["000000000001", "000000000002", "000000000003", "000000000004", "12345"];
const MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04"];

const row = fc.record({
  payerAccountId: fc.constantFrom(...PAYERS),
  usageAccountId: fc.constantFrom(...ACCOUNTS),
  billingPeriod: fc.constantFrom(...MONTHS),
  cost: amount(),
});

const versions = fc.array(
  fc.record({
    effectiveFromMonth: fc.option(fc.constantFrom(...MONTHS), { nil: null }),
    payeeIds: fc.uniqueArray(fc.constantFrom(...ACCOUNTS.slice(0, 4)), { maxLength: 4 }),
    minutes: fc.nat({ max: 5 }),
  }),
  { maxLength: 4 },
);

const links = fc.array(fc.tuple(fc.constantFrom(...PAYERS.slice(0, 2)), versions), {
  maxLength: 4,
});

function toLinks(
  generated: [
    string,
    { effectiveFromMonth: string | null; payeeIds: string[]; minutes: number }[],
  ][],
): AllocationLink[] {
  return generated.map(([payerAccountId, raw], i) => {
    // Recording times only grow within a link, as they do in the store.
    let at = Date.UTC(2024, 0, 1);
    const linkVersions: LinkVersion[] = raw.map((v) => {
      at += v.minutes * 60_000;
      return {
        effectiveFromMonth: v.effectiveFromMonth,
        payeeIds: v.payeeIds,
        recordedAt: new Date(at),
      };
    });
    return {
      linkId: String(i + 1),
      resellerPartnerId: String(100 + i),
      payerAccountId,
      versions: linkVersions,
    };
  });
}

describe("allocateByMonth properties", () => {
  it("should place every row exactly once and keep the total exactly when links overlap in any way", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), links, (rows, generated) => {
        const allocations = allocateByMonth(rows, toLinks(generated));
        const placed = allocations.flatMap((m) => [
          ...m.links.flatMap((l) => l.rows),
          ...m.unallocated,
        ]);
        expect(placed).toHaveLength(rows.length);
        expect(new Set(placed)).toEqual(new Set(rows));
        expect(sumMoney(placed.map((r) => r.cost))).toBe(sumMoney(rows.map((r) => r.cost)));
      }),
    );
  });

  it("should only give a link rows of its payer and its payees for the month when allocating", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), links, (rows, generated) => {
        for (const month of allocateByMonth(rows, toLinks(generated))) {
          for (const link of month.links) {
            for (const r of link.rows) {
              expect(r.billingPeriod).toBe(month.month);
              expect(r.payerAccountId).toBe(link.payerAccountId);
              expect(link.payeeIds).toContain(r.usageAccountId);
            }
          }
        }
      }),
    );
  });
});
