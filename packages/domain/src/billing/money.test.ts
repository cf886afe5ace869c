import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COST_SCALE,
  addMoney,
  compareMoney,
  isDecimalString,
  isZeroMoney,
  negateMoney,
  percentOf,
  roundCurrency,
  subtractMoney,
  sumMoney,
  toMoney,
  ZERO_MONEY,
} from "./money.js";
import { amount, fromUnits } from "../testing/money-arbitraries.js";

describe("toMoney", () => {
  it("should give the canonical 12-decimal form when the input is a plain decimal", () => {
    expect(toMoney("0.1")).toBe("0.100000000000");
    expect(toMoney("-12")).toBe("-12.000000000000");
    expect(toMoney("+.5")).toBe("0.500000000000");
    expect(toMoney("007.25")).toBe("7.250000000000");
  });

  it("should convert exponent notation exactly when a cost report uses it", () => {
    expect(toMoney("6.5E-9")).toBe("0.000000006500");
    expect(toMoney("1.2e3")).toBe("1200.000000000000");
  });

  it("should normalize negative zero when the amount is zero", () => {
    expect(toMoney("-0")).toBe(ZERO_MONEY);
    expect(toMoney("-0.000000000000")).toBe(ZERO_MONEY);
  });

  it("should read canonical text (the fast path) as the general parser reads the same digits", () => {
    fc.assert(
      fc.property(amount(10n ** 19n), (canonical) => {
        // A trailing zero past the scale sends the same value through the general parser.
        expect(toMoney(canonical)).toBe(toMoney(`${canonical}0`));
        expect(sumMoney([canonical, `${canonical}0`])).toBe(
          new (Decimal.clone({ precision: 60 }))(canonical).times(2).toFixed(COST_SCALE),
        );
      }),
    );
    expect(() => toMoney(`1${"0".repeat(20)}.${"0".repeat(COST_SCALE)}`)).toThrow(RangeError);
  });

  it("should throw when the input is not a decimal", () => {
    for (const bad of ["", " 1", "1 ", "abc", "NaN", "Infinity", "0x10", "1,5", "1e", "--1"]) {
      expect(() => toMoney(bad), bad).toThrow(RangeError);
    }
  });

  it("should throw rather than round when the input has more than 12 decimals", () => {
    expect(() => toMoney("0.0000000000001")).toThrow(/more than 12 decimals/);
    expect(() => toMoney("1e-13")).toThrow(RangeError);
    // FOCUS exports write 11 decimals: kept exactly.
    expect(toMoney("0.00001605991")).toBe("0.000016059910");
    expect(toMoney("0.1234567890100")).toBe("0.123456789010");
  });

  it("should throw when the amount is 10^20 or more in magnitude", () => {
    expect(toMoney("99999999999999999999.999999999999")).toBe("99999999999999999999.999999999999");
    expect(() => toMoney("100000000000000000000")).toThrow(/out of range/);
    expect(() => toMoney("-1e20")).toThrow(RangeError);
    expect(() => toMoney("1e999")).toThrow(RangeError);
  });
});

describe("isDecimalString", () => {
  it("should accept decimals and reject everything else when given any value", () => {
    expect(isDecimalString("1.5")).toBe(true);
    expect(isDecimalString("-2E-3")).toBe(true);
    expect(isDecimalString(1.5)).toBe(false);
    expect(isDecimalString("1.5.2")).toBe(false);
    expect(isDecimalString(".")).toBe(false);
  });
});

describe("addMoney and sumMoney", () => {
  it("should give 0.3 exactly when adding 0.1 and 0.2", () => {
    expect(addMoney("0.1", "0.2")).toBe("0.300000000000");
    expect(compareMoney(addMoney("0.1", "0.2"), "0.3")).toBe(0);
  });

  it("should lose nothing when summing 100,000 increments of 1e-12", () => {
    const increments = Array.from({ length: 100_000 }, () => "0.000000000001");
    expect(sumMoney(increments)).toBe("0.000000100000");
  });

  it("should keep the smallest unit when added to a large amount", () => {
    expect(addMoney("12345678901234567890", "0.000000000100")).toBe(
      "12345678901234567890.000000000100",
    );
  });

  it("should give zero when summing nothing", () => {
    expect(sumMoney([])).toBe(ZERO_MONEY);
  });

  it("should throw when a sum leaves the supported range", () => {
    expect(() => addMoney("99999999999999999999", "1")).toThrow(/out of range/);
  });

  it("should be exact for any scale-10 amounts when compared with integer arithmetic", () => {
    const scaled = fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n });
    fc.assert(
      fc.property(fc.array(scaled, { maxLength: 30 }), (units) => {
        const expected = units.reduce((a, b) => a + b, 0n);
        expect(sumMoney(units.map(fromUnits))).toBe(toMoney(fromUnits(expected)));
      }),
    );
  });
});

describe("subtractMoney and negateMoney", () => {
  it("should subtract exactly when the result is negative", () => {
    expect(subtractMoney("0.3", "0.7")).toBe("-0.400000000000");
    expect(negateMoney("1.5")).toBe("-1.500000000000");
    expect(negateMoney("0")).toBe(ZERO_MONEY);
  });
});

describe("percentOf", () => {
  it("should take a percentage exactly when the result fits in 12 decimals", () => {
    expect(percentOf("200", "7.5")).toBe("15.000000000000");
    expect(percentOf("0.000000010000", "12.34")).toBe("0.000000001234");
    expect(percentOf("-80", "12.50")).toBe("-10.000000000000");
  });

  it("should round half-up to 12 decimals when the exact result is longer", () => {
    // 0.000000000005 × 10 % = 0.0000000000005 → a tie, rounded away from zero.
    expect(percentOf("0.000000000005", "10")).toBe("0.000000000001");
    expect(percentOf("-0.000000000005", "10")).toBe("-0.000000000001");
    expect(percentOf("0.000000000004", "10")).toBe(ZERO_MONEY);
  });

  it("should throw when the percentage has more than 4 decimals or is 10^6 or more", () => {
    expect(() => percentOf("1", "1.00001")).toThrow(RangeError);
    expect(() => percentOf("1", "1000000")).toThrow(RangeError);
    expect(() => percentOf("1", "ten")).toThrow(RangeError);
  });
});

describe("roundCurrency", () => {
  it("should round ties away from zero when rounding to cents", () => {
    expect(roundCurrency("2.345")).toBe("2.35");
    expect(roundCurrency("2.335")).toBe("2.34");
    expect(roundCurrency("-2.345")).toBe("-2.35");
    expect(roundCurrency("2.344999999900")).toBe("2.34");
  });

  it("should never give negative zero when a small negative amount rounds to zero", () => {
    expect(roundCurrency("-0.004")).toBe("0.00");
  });

  it("should round to the requested scale when one is given", () => {
    expect(roundCurrency("1.23456", 4)).toBe("1.2346");
    expect(roundCurrency("1.5", 0)).toBe("2");
    expect(roundCurrency("1.000000000005", 11)).toBe("1.00000000001");
    expect(() => roundCurrency("1", 13)).toThrow(RangeError);
    expect(() => roundCurrency("1", 1.5)).toThrow(RangeError);
  });
});

describe("compareMoney and isZeroMoney", () => {
  it("should compare by value when the notations differ", () => {
    expect(compareMoney("1.10", "1.100000000000")).toBe(0);
    expect(compareMoney("-1", "0")).toBe(-1);
    expect(compareMoney("2e1", "19.999999999900")).toBe(1);
    expect(isZeroMoney("-0.000")).toBe(true);
    expect(isZeroMoney("0.000000000100")).toBe(false);
  });
});

// decimal.js is an independent implementation (arbitrary-precision decimals): the BigInt unit
// arithmetic above must agree with it on every operation.
describe("money against decimal.js", () => {
  const Exact = Decimal.clone({
    precision: 60,
    rounding: Decimal.ROUND_HALF_UP,
    toExpNeg: -80,
    toExpPos: 80,
  });
  const money = amount(10n ** 12n);

  it("should agree on sums and differences when given any amounts", () => {
    fc.assert(
      fc.property(fc.array(money, { maxLength: 20 }), money, (values, other) => {
        const expected = values.reduce((total, v) => total.plus(v), new Exact(0));
        expect(sumMoney(values)).toBe(expected.toFixed(COST_SCALE));
        expect(subtractMoney(sumMoney(values), other)).toBe(
          expected.minus(other).toFixed(COST_SCALE),
        );
      }),
    );
  });

  it("should agree on percentages and currency rounding when given any amounts", () => {
    const pct = fc
      .integer({ min: -99_999_999, max: 99_999_999 })
      .map((n) => new Exact(n).div(10_000).toFixed());
    fc.assert(
      fc.property(money, pct, fc.integer({ min: 0, max: COST_SCALE }), (value, p, scale) => {
        const expected = new Exact(value)
          .times(p)
          .div(100)
          .toDecimalPlaces(COST_SCALE, Decimal.ROUND_HALF_UP);
        expect(percentOf(value, p)).toBe(
          expected.isZero() ? ZERO_MONEY : expected.toFixed(COST_SCALE),
        );
        const rounded = new Exact(value).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
        expect(roundCurrency(value, scale)).toBe(
          rounded.isZero() ? new Exact(0).toFixed(scale) : rounded.toFixed(scale),
        );
      }),
    );
  });

  it("should agree on exponent notation when parsing", () => {
    const exponent = fc.tuple(
      fc.integer({ min: -999_999, max: 999_999 }),
      fc.integer({ min: -16, max: 8 }),
    );
    fc.assert(
      fc.property(exponent, ([mantissa, power]) => {
        const text = `${mantissa / 1000}E${power}`;
        const exact = new Exact(text);
        if (exact.decimalPlaces() > COST_SCALE)
          expect(() => toMoney(text)).toThrow(/more than 12 decimals/);
        else expect(toMoney(text)).toBe(exact.isZero() ? ZERO_MONEY : exact.toFixed(COST_SCALE));
      }),
    );
  });
});
