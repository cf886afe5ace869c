import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatMoney,
  formatPercentOf,
  isNegative,
  roundHalfUp,
  sumAmounts,
} from "./money";

describe("roundHalfUp", () => {
  it.each([
    ["12.3400000000", "12.34"],
    ["2.3450000000", "2.35"],
    ["2.3449999999", "2.34"],
    ["0.0050000000", "0.01"],
    ["0.0049999999", "0.00"],
    ["19.9999999999", "20.00"],
    ["7", "7.00"],
    ["0.1", "0.10"],
  ])("should round %s to %s when it is positive", (amount, rounded) => {
    expect(roundHalfUp(amount)).toBe(rounded);
  });

  it.each([
    ["-2.3450000000", "-2.35"],
    ["-2.3449999999", "-2.34"],
    ["-0.0050000000", "-0.01"],
    ["-0.0049999999", "0.00"],
    ["-0.0000000001", "0.00"],
  ])("should round %s away from zero on a tie and to %s when it is negative", (amount, rounded) => {
    expect(roundHalfUp(amount)).toBe(rounded);
  });

  it("should stay exact when the amount is beyond a float's precision", () => {
    // As a double this is 12345678901234568, and the cents are gone.
    expect(roundHalfUp("12345678901234567.8950000000")).toBe("12345678901234567.90");
    expect(roundHalfUp("0.1000000000")).toBe("0.10");
  });

  it("should keep other scales when asked", () => {
    expect(roundHalfUp("1.23456", 4)).toBe("1.2346");
    expect(roundHalfUp("2.5", 0)).toBe("3");
    expect(roundHalfUp("-2.5", 0)).toBe("-3");
  });

  it("should refuse text that is not a decimal", () => {
    expect(() => roundHalfUp("1e5")).toThrow(RangeError);
    expect(() => roundHalfUp("NaN")).toThrow(RangeError);
    expect(() => roundHalfUp("")).toThrow(RangeError);
  });
});

describe("sumAmounts", () => {
  it("should add exactly when floats would not", () => {
    expect(sumAmounts(["0.1000000000", "0.2000000000"])).toBe("0.3000000000");
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumAmounts(["11.1358024680", "8.1141975320", "2.75"])).toBe("22.0000000000");
    expect(sumAmounts(["-1.5", "1.25"])).toBe("-0.25");
    expect(sumAmounts([])).toBe("0");
  });
});

describe("formatMoney", () => {
  it("should show two decimals, thousands separators and the currency", () => {
    expect(formatMoney("1234567.8950000000", "USD")).toBe("USD 1,234,567.90");
    expect(formatMoney("22.0000000000", "EUR")).toBe("EUR 22.00");
    expect(formatMoney("0.0000000000", "USD")).toBe("USD 0.00");
  });

  it("should show a minus sign when the amount is negative", () => {
    expect(formatMoney("-1234.5650000000", "USD")).toBe("USD -1,234.57");
    expect(formatAmount("-0.5000000000")).toBe("-0.50");
    expect(formatAmount("-0.0040000000")).toBe("0.00");
    expect(isNegative("-0.0050000000")).toBe(true);
    expect(isNegative("-0.0040000000")).toBe(false);
  });
});

describe("formatPercentOf", () => {
  it("should give the margin as a percentage of the base, half-up", () => {
    expect(formatPercentOf("2.0000000000", "20.0000000000")).toBe("10.00 %");
    expect(formatPercentOf("1", "3")).toBe("33.33 %");
    expect(formatPercentOf("2", "3")).toBe("66.67 %");
    expect(formatPercentOf("-1", "8")).toBe("-12.50 %");
  });

  it("should show a dash when the base is zero", () => {
    expect(formatPercentOf("5.0000000000", "0.0000000000")).toBe("—");
  });
});
