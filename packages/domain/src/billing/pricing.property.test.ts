import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueOf } from "../testing/fixtures.js";
import { amount, percent } from "../testing/money-arbitraries.js";
import { addMoney, subtractMoney, sumMoney } from "./money.js";
import { priceMonth, type CostLine, type PricingRule } from "./pricing.js";

const MONTH = "2024-03";
const TYPES = [
  "Usage",
  "DiscountedUsage",
  "SavingsPlanCoveredUsage",
  "SavingsPlanNegation",
  "RIFee",
  "Fee",
  "Tax",
  "Credit",
  "Refund",
  "Purchase",
  "Adjustment",
  "EdpDiscount",
];

const costLine: fc.Arbitrary<CostLine> = fc.record({
  serviceCode: fc.constantFrom("AmazonEC2", "AmazonS3", "AWSLambda"),
  usageAccountId: fc.constantFrom("000000000001", "000000000002"),
  usageDate: fc.constantFrom("2024-03-01", "2024-03-02", "2024-03-31"),
  lineItemType: fc.constantFrom(...TYPES),
  currency: fc.constant("USD"),
  unblendedCost: amount(),
  listCost: amount(),
});

const range = {
  effectiveFrom: fc.constantFrom("2024-01", "2024-03"),
  effectiveTo: fc.constantFrom(null, "2024-03", "2024-12"),
};
const rule: fc.Arbitrary<Omit<PricingRule, "id">> = fc.oneof(
  fc.record({
    order: fc.nat({ max: 10 }),
    ...range,
    kind: fc.constantFrom("MARKUP" as const),
    percent: percent(1000),
    serviceCode: fc.constantFrom(null, "AmazonEC2"),
  }),
  fc.record({
    order: fc.nat({ max: 10 }),
    ...range,
    kind: fc.constantFrom("DISCOUNT" as const),
    percent: percent(100),
    serviceCode: fc.constantFrom(null, "AmazonS3"),
  }),
  fc
    .record({
      order: fc.nat({ max: 10 }),
      ...range,
      kind: fc.constantFrom("FEE" as const, "CREDIT" as const),
      percent: fc.option(percent(100), { nil: null }),
    })
    .map((r) => (r.percent === null ? { ...r, amount: "12.34" } : r)),
  fc.record({
    order: fc.nat({ max: 10 }),
    ...range,
    kind: fc.constant("BASIS" as const),
    basis: fc.constantFrom("UNBLENDED" as const, "LIST" as const),
  }),
);
const rules = fc
  .array(rule, { maxLength: 6 })
  .map((list) => list.map((r, i) => ({ ...r, id: String(i + 1) })));

describe("priceMonth properties", () => {
  it("should keep margin = billed − base and the totals consistent exactly when any rules apply", () => {
    fc.assert(
      fc.property(fc.array(costLine, { maxLength: 40 }), rules, (lines, ruleList) => {
        const { totals, lines: priced, adjustments } = valueOf(priceMonth(lines, ruleList, MONTH));
        expect(totals.margin).toBe(subtractMoney(totals.billed, totals.base));
        expect(totals.base).toBe(sumMoney(priced.map((l) => l.baseCost)));
        expect(totals.priced).toBe(sumMoney(priced.map((l) => l.billedCost)));
        expect(totals.billed).toBe(sumMoney([totals.priced, ...adjustments.map((a) => a.amount)]));
        expect(totals.total).toBe(
          sumMoney([totals.billed, totals.tax, totals.credits, totals.refunds]),
        );
      }),
    );
  });

  it("should keep every cost when no rule applies on unblended cost", () => {
    fc.assert(
      fc.property(fc.array(costLine, { maxLength: 40 }), (lines) => {
        const { totals } = valueOf(priceMonth(lines, [], MONTH));
        const everything = sumMoney(lines.map((l) => l.unblendedCost));
        expect(
          addMoney(totals.billed, sumMoney([totals.tax, totals.credits, totals.refunds])),
        ).toBe(everything);
        expect(totals.total).toBe(everything);
      }),
    );
  });

  it("should leave billed = base on every line when the markups and discounts are 0 %", () => {
    const zeroRule = fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      order: fc.nat({ max: 10 }),
      effectiveFrom: fc.constant("2024-01"),
      effectiveTo: fc.constant(null),
      kind: fc.constantFrom("MARKUP" as const, "DISCOUNT" as const),
      percent: fc.constant("0.00"),
      serviceCode: fc.constantFrom(null, "AmazonEC2"),
    });
    fc.assert(
      fc.property(
        fc.array(costLine, { maxLength: 40 }),
        fc.array(zeroRule, { maxLength: 4 }),
        (lines, zeroRules) => {
          const priced = valueOf(priceMonth(lines, zeroRules, MONTH));
          for (const l of priced.lines) expect(l.billedCost).toBe(l.baseCost);
          expect(priced.totals.billed).toBe(priced.totals.base);
          expect(priced.totals.margin).toBe("0.000000000000");
        },
      ),
    );
  });
});
