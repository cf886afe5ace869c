import { Decimal } from "decimal.js";

/**
 * An exact amount of money as a decimal string, never a binary float. Values produced here are
 * canonical: plain notation with exactly {@link COST_SCALE} decimals (`"0.3000000000"`), so equal
 * amounts are equal strings.
 */
export type Money = string;

/** Decimals kept for costs: AWS cost reports carry up to 10. */
export const COST_SCALE = 10;

/** Decimals of an invoice amount in most currencies. */
export const CURRENCY_SCALE = 2;

/**
 * Every amount is below 10^20 in magnitude. The bound keeps each operation inside the 40
 * significant digits of {@link Decimal40}, so sums and percentages never round implicitly.
 */
export const MONEY_MAX_EXCLUSIVE = "1e20";

/** The canonical zero. */
export const ZERO_MONEY: Money = "0.0000000000";

// Our own clone: other users of decimal.js cannot change our precision or rounding.
const Decimal40 = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});
type Dec = InstanceType<typeof Decimal40>;

const LIMIT = new Decimal40(MONEY_MAX_EXCLUSIVE);
const HUNDRED = new Decimal40(100);
const PERCENT_LIMIT = new Decimal40("1e6");
const PERCENT_MAX_DECIMALS = 4;
// Plain or exponent notation (CUR files contain both); decimal.js would also take hex and "NaN".
const DECIMAL_PATTERN = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$/;

/** True when `raw` is a decimal number in plain or exponent notation (`"-1.25"`, `"6.5E-9"`). */
export function isDecimalString(raw: unknown): raw is string {
  return typeof raw === "string" && DECIMAL_PATTERN.test(raw);
}

/**
 * Parses an amount into canonical {@link Money}. Throws a `RangeError` for anything that is not a
 * decimal, has more than 10 decimals, or is at least 10^20 in magnitude: stored costs are exact at
 * scale 10, so such a value is a bug upstream, never something to round silently.
 */
export function toMoney(raw: string): Money {
  return format(parse(raw));
}

/** `a + b`, exactly. */
export function addMoney(a: Money, b: Money): Money {
  return format(checked(parse(a).plus(parse(b))));
}

/** `a − b`, exactly. */
export function subtractMoney(a: Money, b: Money): Money {
  return format(checked(parse(a).minus(parse(b))));
}

/** `−a`. */
export function negateMoney(a: Money): Money {
  return format(parse(a).negated());
}

/** The exact sum of the amounts; zero for none. */
export function sumMoney(values: Iterable<Money>): Money {
  let total = new Decimal40(0);
  for (const value of values) total = checked(total.plus(parse(value)));
  return format(total);
}

/**
 * `percent` % of `amount` (`percentOf("200", "7.5")` is `"15.0000000000"`), rounded once to 10
 * decimals, half-up (ties away from zero). `percent` is a decimal string such as `"12.50"`, below
 * 10^6 in magnitude with at most 4 decimals (a `RangeError` otherwise).
 */
export function percentOf(amount: Money, percent: string): Money {
  const p = parseDecimal(percent, "percent");
  if (p.abs().gte(PERCENT_LIMIT) || p.decimalPlaces() > PERCENT_MAX_DECIMALS) {
    throw new RangeError(`percent ${percent} is out of range`);
  }
  // At most 30 + 10 significant digits: the product is exact at precision 40.
  const product = parse(amount).times(p).div(HUNDRED);
  return format(checked(product.toDecimalPlaces(COST_SCALE, Decimal40.ROUND_HALF_UP)));
}

/**
 * An amount for an invoice: `scale` decimals (default 2), half-up, i.e. a tie rounds away from
 * zero (`"2.345"` → `"2.35"`, `"-2.345"` → `"-2.35"`), as invoices usually do. Banker's rounding
 * (half-even) was not chosen: it surprises readers of a single invoice line. Never returns
 * `"-0.00"`.
 */
export function roundCurrency(amount: Money, scale: number = CURRENCY_SCALE): string {
  if (!Number.isInteger(scale) || scale < 0 || scale > COST_SCALE) {
    throw new RangeError(`roundCurrency: scale ${scale} must be an integer in 0..${COST_SCALE}`);
  }
  const rounded = parse(amount).toDecimalPlaces(scale, Decimal40.ROUND_HALF_UP);
  return rounded.isZero() ? new Decimal40(0).toFixed(scale) : rounded.toFixed(scale);
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  const order = parse(a).comparedTo(parse(b));
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/** True when the amount is zero. */
export function isZeroMoney(a: Money): boolean {
  return parse(a).isZero();
}

function parseDecimal(raw: string, what: string): Dec {
  if (!isDecimalString(raw)) throw new RangeError(`Not a decimal ${what}: ${JSON.stringify(raw)}`);
  return new Decimal40(raw);
}

function parse(raw: Money): Dec {
  const value = parseDecimal(raw, "amount");
  if (value.decimalPlaces() > COST_SCALE) {
    throw new RangeError(`Amount ${raw} has more than ${COST_SCALE} decimals`);
  }
  return checked(value);
}

function checked(value: Dec): Dec {
  if (value.abs().gte(LIMIT)) throw new RangeError(`Amount ${value.toFixed()} is out of range`);
  return value;
}

function format(value: Dec): Money {
  return value.isZero() ? ZERO_MONEY : value.toFixed(COST_SCALE);
}
