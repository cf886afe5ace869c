import { describe, expect, it } from "vitest";
import { valueOf } from "../testing/fixtures.js";
import {
  buildInvoice,
  describeRule,
  dueDateOf,
  formatInvoiceNumber,
  invoiceDifference,
  validateChildBillingDetails,
  validateParentBillingDetails,
} from "./invoices.js";
import { validatePricingRule } from "./pricing.js";

const row = (chargeClass: string, serviceCode: string, billedCost: string, currency = "USD") => ({
  chargeClass,
  serviceCode,
  billedCost,
  currency,
});

describe("buildInvoice", () => {
  it("should make one line per service and rule, AWS credits and refunds, and keep tax apart", () => {
    const invoice = buildInvoice(
      [
        row("USAGE", "AmazonS3", "10.5"),
        row("USAGE", "AmazonEC2", "100.000000000001"),
        row("USAGE", "AmazonEC2", "1"),
        row("FEE", "Support", "25"),
        row("RULE_CREDIT", "Loyalty", "-5"),
        row("TAX", "AmazonEC2", "8.08"),
        row("CREDIT", "AmazonEC2", "-2"),
        row("REFUND", "AmazonS3", "-0.5"),
        row("USAGE", "AmazonEC2", "999", "EUR"),
      ],
      "USD",
      "10",
    );
    expect(invoice.lines).toEqual([
      { description: "AmazonEC2", amount: "101.000000000001" },
      { description: "AmazonS3", amount: "10.500000000000" },
      { description: "Loyalty", amount: "-5.000000000000" },
      { description: "Support", amount: "25.000000000000" },
      { description: "AWS credits", amount: "-2.000000000000" },
      { description: "AWS refunds", amount: "-0.500000000000" },
    ]);
    expect(invoice.subtotal).toBe("129.000000000001");
    // 8.08 from AWS + 10 % of 131.500000000001 (usage and rules), rounded half-up to 12 places.
    expect(invoice.tax).toBe("21.230000000000");
    expect(invoice.total).toBe("150.230000000001");
  });
});

describe("invoiceDifference", () => {
  it("should invoice a correction as a credit note naming the lines that changed", () => {
    const first = buildInvoice(
      [row("USAGE", "AmazonEC2", "100"), row("USAGE", "AmazonS3", "5")],
      "USD",
    );
    const later = buildInvoice(
      [row("USAGE", "AmazonEC2", "90"), row("USAGE", "AmazonS3", "5")],
      "USD",
    );
    expect(invoiceDifference(first, [])).toEqual(first);
    expect(invoiceDifference(first, [first])).toBeNull();
    expect(invoiceDifference(later, [first])).toEqual({
      currency: "USD",
      lines: [{ description: "AmazonEC2", amount: "-10.000000000000" }],
      subtotal: "-10.000000000000",
      tax: "0.000000000000",
      total: "-10.000000000000",
    });
  });

  it("should issue nothing for an empty month never invoiced", () => {
    expect(invoiceDifference(buildInvoice([], "USD"), [])).toBeNull();
  });
});

describe("numbers, due dates and descriptions", () => {
  it("should pad the counter to six digits and refuse a bad prefix", () => {
    expect(formatInvoiceNumber("KES", 2026, 42)).toBe("KES-2026-000042");
    expect(formatInvoiceNumber("KES", 2026, 1234567)).toBe("KES-2026-1234567");
    expect(() => formatInvoiceNumber("kes", 2026, 1)).toThrow(RangeError);
  });

  it("should count payment terms from the day of issue", () => {
    expect(dueDateOf(new Date("2026-12-20T10:00:00Z"), 30)).toBe("2027-01-19");
  });

  it("should describe a rule by its name, or by what it does", () => {
    expect(describeRule({ kind: "FEE", name: "Managed services", amount: "250.00" })).toBe(
      "Managed services",
    );
    expect(describeRule({ kind: "FEE", percent: "5.00" })).toBe("Fee: 5.00 % of usage");
    expect(describeRule({ kind: "CREDIT", amount: "10.00" })).toBe("Credit: flat 10.00");
  });

  it("should keep a pricing rule's name, and refuse one too long", () => {
    const draft = { order: 1, effectiveFrom: "2024-01", kind: "FEE", amount: "5" };
    expect(valueOf(validatePricingRule({ ...draft, name: " Support " }, "input", [])).name).toBe(
      "Support",
    );
    const long = validatePricingRule({ ...draft, name: "x".repeat(121) }, "input", []);
    expect(long.ok ? null : long.error).toMatchObject({
      code: "VALUE_TOO_LONG",
      field: "input.name",
    });
  });
});

describe("billing details", () => {
  it("should default and normalize a Parent's details", () => {
    expect(valueOf(validateParentBillingDetails({ legalName: " Kestrel Ltd " }, "input"))).toEqual({
      legalName: "Kestrel Ltd",
      address: null,
      taxId: null,
      invoicePrefix: "INV",
      paymentTermsDays: 30,
      invoiceNote: null,
    });
  });

  it.each([
    [{ invoicePrefix: "kes" }, "input.invoicePrefix", "kes"],
    [{ invoicePrefix: "K-1" }, "input.invoicePrefix", "K-1"],
    [{ paymentTermsDays: -1 }, "input.paymentTermsDays", -1],
    [{ paymentTermsDays: 1.5 }, "input.paymentTermsDays", 1.5],
    [{ legalName: "a\u0007b" }, "input.legalName", "a\u0007b"],
  ])("should refuse Parent details %j naming the field", (draft, field, value) => {
    const result = validateParentBillingDetails(draft, "input");
    expect(result.ok ? null : result.error).toMatchObject({ field, value });
  });

  it("should keep an address's lines and a Child's tax rate with two decimals", () => {
    expect(
      valueOf(
        validateChildBillingDetails(
          {
            address: "1 Main St\n\nSpringfield",
            taxRatePercent: "20",
            billingEmail: "AP@Example.com",
          },
          "input",
        ),
      ),
    ).toEqual({
      billingEmail: "ap@example.com",
      address: "1 Main St\nSpringfield",
      taxId: null,
      poNumber: null,
      taxRatePercent: "20.00",
    });
  });

  it.each([
    [{ taxRatePercent: "100.01" }, "input.taxRatePercent", "100.01"],
    [{ taxRatePercent: "-1" }, "input.taxRatePercent", "-1"],
    [{ taxRatePercent: "1.234" }, "input.taxRatePercent", "1.234"],
    [{ billingEmail: "nope" }, "input.billingEmail", "nope"],
    [{ poNumber: "x".repeat(65) }, "input.poNumber", "x".repeat(64)],
  ])("should refuse Child details %j naming the field", (draft, field, value) => {
    const result = validateChildBillingDetails(draft, "input");
    expect(result.ok ? null : result.error).toMatchObject({ field, value });
  });
});
