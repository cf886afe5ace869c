import {
  COST_SCALE,
  checkedUnits as checked,
  DECIMAL_PATTERN,
  divideHalfUp,
  formatMoneyUnits as format,
  formatUnits,
  parseUnits as parse,
  percentOfUnits,
  percentUnits,
  sumUnits,
} from "./money-units.js";

/**
 * An exact amount of money as a decimal string, never a binary float. Values produced here are
 * canonical: plain notation with exactly {@link COST_SCALE} decimals (`"0.300000000000"`), so equal
 * amounts are equal strings.
 *
 * Internally an amount is a BigInt count of 10^-COST_SCALE units: sums are exact integer
 * additions, far cheaper than arbitrary-precision decimals on the allocation hot path.
 */
export type Money = string;

export { COST_SCALE } from "./money-units.js";

/** Decimals of an invoice amount in most currencies. */
export const CURRENCY_SCALE = 2;

/** Every amount is below 10^20 in magnitude, so a sum of any month's rows fits an SQL DECIMAL(38). */
export const MONEY_MAX_EXCLUSIVE = "1e20";

/** The canonical zero. */
export const ZERO_MONEY: Money = `0.${"0".repeat(COST_SCALE)}`;

/** True when `raw` is a decimal number in plain or exponent notation (`"-1.25"`, `"6.5E-9"`). */
export function isDecimalString(raw: unknown): raw is string {
  return typeof raw === "string" && DECIMAL_PATTERN.test(raw);
}

/**
 * Parses an amount into canonical {@link Money}. Throws a `RangeError` for anything that is not a
 * decimal, has more than {@link COST_SCALE} decimals, or is at least 10^20 in magnitude: stored
 * costs are exact at that scale, so such a value is a bug upstream, never something to round
 * silently.
 */
export function toMoney(raw: string): Money {
  return format(parse(raw));
}

/** `a + b`, exactly. */
export function addMoney(a: Money, b: Money): Money {
  return format(checked(parse(a) + parse(b)));
}

/** `a − b`, exactly. */
export function subtractMoney(a: Money, b: Money): Money {
  return format(checked(parse(a) - parse(b)));
}

/** `−a`. */
export function negateMoney(a: Money): Money {
  return format(-parse(a));
}

/** The exact sum of the amounts; zero for none. */
export function sumMoney(values: Iterable<Money>): Money {
  return format(sumUnits(values));
}

/**
 * `percent` % of `amount` (`percentOf("200", "7.5")` is `"15.000000000000"`), rounded once to
 * {@link COST_SCALE} decimals, half-up (ties away from zero). `percent` is a decimal string such as `"12.50"`, below
 * 10^6 in magnitude with at most 4 decimals (a `RangeError` otherwise).
 */
export function percentOf(amount: Money, percent: string): Money {
  return format(percentOfUnits(parse(amount), percentUnits(percent)));
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
  const rounded = divideHalfUp(parse(amount), 10n ** BigInt(COST_SCALE - scale));
  return formatUnits(rounded, scale);
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the amount is zero. */
export function isZeroMoney(a: Money): boolean {
  return parse(a) === 0n;
}
