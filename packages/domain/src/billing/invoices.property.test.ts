import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueOf } from "../testing/fixtures.js";
import { amount, percent } from "../testing/money-arbitraries.js";
import {
  buildInvoice,
  costRowDifference,
  describeRule,
  formatInvoiceNumber,
  invoiceDifference,
  invoiceCostRows,
  invoiceSequenceOf,
  type BillRow,
  type InvoiceFigures,
} from "./invoices.js";
import { percentOf, subtractMoney, sumMoney, ZERO_MONEY } from "./money.js";
import { priceMonth, type CostLine, type PricingRule } from "./pricing.js";

const MONTH = "2024-03";

const billRow: fc.Arbitrary<BillRow> = fc.record({
  chargeClass: fc.constantFrom("USAGE", "FEE", "RULE_CREDIT", "TAX", "CREDIT", "REFUND"),
  serviceCode: fc.constantFrom("AmazonEC2", "AmazonS3", "Support fee", "Loyalty credit"),
  currency: fc.constantFrom("USD", "EUR"),
  billedCost: amount(),
});

function expectConsistent(invoice: InvoiceFigures): void {
  expect(sumMoney(invoice.lines.map((l) => l.amount))).toBe(invoice.subtotal);
  expect(sumMoney([invoice.subtotal, invoice.tax])).toBe(invoice.total);
}

const costLine: fc.Arbitrary<CostLine> = fc.record({
  serviceCode: fc.constantFrom("AmazonEC2", "AmazonS3", "AWSLambda"),
  usageAccountId: fc.constantFrom("000000000001", "000000000002"),
  usageDate: fc.constantFrom("2024-03-01", "2024-03-31"),
  lineItemType: fc.constantFrom("Usage", "RIFee", "Tax", "Credit", "Refund", "EdpDiscount"),
  currency: fc.constant("USD"),
  unblendedCost: amount(),
  listCost: amount(),
});

const rule: fc.Arbitrary<Omit<PricingRule, "id">> = fc.oneof(
  fc.record({
    order: fc.nat({ max: 5 }),
    effectiveFrom: fc.constant("2024-01"),
    effectiveTo: fc.constant(null),
    kind: fc.constantFrom("MARKUP" as const, "DISCOUNT" as const),
    percent: percent(100),
    serviceCode: fc.constantFrom(null, "AmazonEC2"),
  }),
  fc
    .record({
      order: fc.nat({ max: 5 }),
      effectiveFrom: fc.constant("2024-01"),
      effectiveTo: fc.constant(null),
      kind: fc.constantFrom("FEE" as const, "CREDIT" as const),
      percent: fc.option(percent(100), { nil: null }),
      name: fc.option(fc.constantFrom("Support", "Loyalty"), { nil: null }),
    })
    .map((r) => (r.percent === null ? { ...r, amount: "12.34" } : r)),
  fc.record({
    order: fc.nat({ max: 5 }),
    effectiveFrom: fc.constant("2024-01"),
    effectiveTo: fc.constant(null),
    kind: fc.constant("BASIS" as const),
    basis: fc.constantFrom("UNBLENDED" as const, "LIST" as const),
  }),
);

/** The Child's stored bill rows for a priced month, as the allocation stores them. */
function billRowsOf(lines: CostLine[], rules: PricingRule[]): { rows: BillRow[]; total: string } {
  const priced = valueOf(priceMonth(lines, rules, MONTH, { currency: "USD" }));
  const rows: BillRow[] = [
    ...priced.lines.map((l) => ({
      chargeClass: "USAGE",
      serviceCode: l.serviceCode,
      currency: "USD",
      billedCost: l.billedCost,
    })),
    ...priced.passThrough.map((l) => ({
      chargeClass: l.class,
      serviceCode: l.serviceCode,
      currency: "USD",
      billedCost: l.amount,
    })),
    ...priced.adjustments.map((a) => {
      const r = rules.find((x) => x.id === a.ruleId);
      if (r === undefined) throw new Error("adjustment of an unknown rule");
      return {
        chargeClass: a.kind === "FEE" ? "FEE" : "RULE_CREDIT",
        serviceCode: describeRule(r),
        currency: "USD",
        billedCost: a.amount,
      };
    }),
  ];
  return { rows, total: priced.totals.total };
}

describe("invoice properties", () => {
  it("should total the Child's priced bill exactly for every rule kind, the lines summing to the subtotal", () => {
    fc.assert(
      fc.property(
        fc.array(costLine, { maxLength: 30 }),
        fc.array(rule, { maxLength: 5 }),
        (lines, ruleList) => {
          const rules = ruleList.map((r, i) => ({ ...r, id: String(i + 1) }));
          const { rows, total } = billRowsOf(lines, rules);
          const invoice = buildInvoice(rows, "USD");
          expectConsistent(invoice);
          expect(invoice.total).toBe(total);
        },
      ),
    );
  });

  it("should add the Child's tax rate of the re-billed usage to AWS's tax, one currency at a time", () => {
    fc.assert(
      fc.property(fc.array(billRow, { maxLength: 40 }), percent(100), (rows, rate) => {
        for (const currency of ["USD", "EUR"]) {
          const mine = rows.filter((r) => r.currency === currency);
          const invoice = buildInvoice(rows, currency, rate);
          expectConsistent(invoice);
          const rebilled = mine.filter((r) =>
            ["USAGE", "FEE", "RULE_CREDIT"].includes(r.chargeClass),
          );
          const awsTax = sumMoney(
            mine.filter((r) => r.chargeClass === "TAX").map((r) => r.billedCost),
          );
          expect(invoice.tax).toBe(
            sumMoney([awsTax, percentOf(sumMoney(rebilled.map((r) => r.billedCost)), rate)]),
          );
          expect(invoice.total).toBe(
            sumMoney([sumMoney(mine.map((r) => r.billedCost)), subtractMoney(invoice.tax, awsTax)]),
          );
        }
      }),
    );
  });

  it("should invoice exactly the difference, so that the invoices add up to the current bill, and then nothing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(billRow, { maxLength: 15 }), { minLength: 1, maxLength: 4 }),
        (versions) => {
          const issued: InvoiceFigures[] = [];
          for (const rows of versions) {
            const current = buildInvoice(rows, "USD", "7.5");
            const difference = invoiceDifference(current, issued);
            if (difference !== null) {
              expectConsistent(difference);
              issued.push(difference);
            }
            expect(sumMoney(issued.map((i) => i.total))).toBe(
              issued.length === 0 ? ZERO_MONEY : current.total,
            );
            expect(sumMoney(issued.map((i) => i.tax))).toBe(
              issued.length === 0 ? ZERO_MONEY : current.tax,
            );
            for (const line of current.lines) {
              const invoiced = issued
                .flatMap((i) => i.lines)
                .filter((l) => l.description === line.description);
              expect(sumMoney(invoiced.map((l) => l.amount))).toBe(line.amount);
            }
            expect(invoiceDifference(current, issued)).toBeNull();
          }
        },
      ),
    );
  });

  it("should freeze cost rows that add up to the invoice total, and adjustments to the difference", () => {
    const placed = fc.record({
      chargeClass: fc.constantFrom("USAGE", "FEE", "RULE_CREDIT", "TAX", "CREDIT", "REFUND"),
      serviceCode: fc.constantFrom("AmazonEC2", "AmazonS3", "Support"),
      currency: fc.constantFrom("USD", "EUR"),
      billedCost: amount(),
      usageDate: fc.constantFrom("2024-03-01", "2024-03-02"),
      usageAccountId: fc.constantFrom("", "000000000001", "000000000002"),
    });
    fc.assert(
      fc.property(
        fc.array(placed, { maxLength: 30 }),
        fc.array(placed, { maxLength: 30 }),
        percent(100),
        (before, after, rate) => {
          const first = invoiceCostRows(before, "USD", MONTH, rate);
          const firstInvoice = buildInvoice(before, "USD", rate);
          expect(sumMoney(first.map((r) => r.billedCost))).toBe(firstInvoice.total);
          const second = invoiceCostRows(after, "USD", MONTH, rate);
          const secondInvoice = buildInvoice(after, "USD", rate);
          const difference = costRowDifference(second, first);
          expect(sumMoney(difference.map((r) => r.billedCost))).toBe(
            subtractMoney(secondInvoice.total, firstInvoice.total),
          );
          expect(costRowDifference(second, [...first, ...difference])).toEqual([]);
        },
      ),
    );
  });

  it("should give back the counter as the last run of digits of every number", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{0,11}$/),
        fc.integer({ min: 2000, max: 2999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        (prefix, year, sequence) => {
          const number = formatInvoiceNumber(prefix, year, sequence);
          expect(number.startsWith(`${prefix}-${year}-`)).toBe(true);
          expect(invoiceSequenceOf(number)).toBe(sequence);
        },
      ),
    );
  });
});
