import { describe, expect, it } from "vitest";
import { serviceTableCsv, toCsv } from "./billing-csv";

describe("serviceTableCsv", () => {
  it("should write the table as shown, in cents half-up, with its total when it has services", () => {
    expect(
      serviceTableCsv({
        billingPeriod: "2026-05",
        currency: "USD",
        billed: "22.0050000000",
        byService: [
          { key: "AmazonEC2", billedCost: "19.2550000000" },
          { key: "AmazonS3", billedCost: "2.7499999999" },
          { key: "Reseller credit", billedCost: "-0.0050000000" },
        ],
      }),
    ).toBe(
      [
        "Billing period,Service,Currency,Billed cost",
        "2026-05,AmazonEC2,USD,19.26",
        "2026-05,AmazonS3,USD,2.75",
        "2026-05,Reseller credit,USD,-0.01",
        "2026-05,Total,USD,22.01",
        "",
      ].join("\r\n"),
    );
  });
});

describe("toCsv", () => {
  it("should quote cells with commas, quotes and line breaks when they have them", () => {
    expect(toCsv([["a,b", 'say "hi"', "two\nlines", "plain"]])).toBe(
      '"a,b","say ""hi""","two\nlines",plain\r\n',
    );
  });

  it("should defuse text a spreadsheet would run as a formula when a cell starts with =, +, - or @", () => {
    expect(toCsv([["=HYPERLINK(1)", "+1+1", "@SUM(A1)", "-cmd", "-12.50", "12"]])).toBe(
      "'=HYPERLINK(1),'+1+1,'@SUM(A1),'-cmd,-12.50,12\r\n",
    );
  });
});
