/**
 * An exact amount of money as a decimal string, never a binary float. Values produced here are
 * canonical: plain notation with exactly {@link COST_SCALE} decimals (`"0.300000000000"`), so equal
 * amounts are equal strings.
 *
 * Internally an amount is a BigInt count of 10^-COST_SCALE units: sums are exact integer
 * additions, far cheaper than arbitrary-precision decimals on the allocation hot path.
 */
export type Money = string;

/**
 * Decimals kept for costs: CUR files carry up to 10, FOCUS exports 11; 12 keeps both exact with
 * room to spare.
 */
export const COST_SCALE = 12;

/** Decimals of an invoice amount in most currencies. */
export const CURRENCY_SCALE = 2;

/** Every amount is below 10^20 in magnitude, so a sum of any month's rows fits an SQL DECIMAL(38). */
export const MONEY_MAX_EXCLUSIVE = "1e20";

/** The canonical zero. */
export const ZERO_MONEY: Money = `0.${"0".repeat(COST_SCALE)}`;

const UNITS_PER_ONE = 10n ** BigInt(COST_SCALE);
const LIMIT_UNITS = 10n ** 20n * UNITS_PER_ONE;
const PERCENT_LIMIT_UNITS = 10n ** 6n;
const PERCENT_MAX_DECIMALS = 4;
// Plain or exponent notation (CUR files contain both). Groups: sign, integer part, fraction,
// exponent.
const DECIMAL_PATTERN = /^([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]{1,3}))?$/;

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
  let total = 0n;
  for (const value of values) total = checked(total + parse(value));
  return format(total);
}

/**
 * `percent` % of `amount` (`percentOf("200", "7.5")` is `"15.000000000000"`), rounded once to
 * {@link COST_SCALE} decimals, half-up (ties away from zero). `percent` is a decimal string such as `"12.50"`, below
 * 10^6 in magnitude with at most 4 decimals (a `RangeError` otherwise).
 */
export function percentOf(amount: Money, percent: string): Money {
  const p = scaledValue(
    percent,
    "percent",
    PERCENT_MAX_DECIMALS,
    `percent ${percent} is out of range`,
  );
  if (abs(p) >= PERCENT_LIMIT_UNITS * 10n ** BigInt(PERCENT_MAX_DECIMALS))
    throw new RangeError(`percent ${percent} is out of range`);
  // amount (10^-10 units) × p (10^-4 units) / 100: one exact product, rounded once.
  const divisor = 100n * 10n ** BigInt(PERCENT_MAX_DECIMALS);
  return format(checked(divideHalfUp(parse(amount) * p, divisor)));
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

/**
 * `raw` as an integer count of 10^-scale units. Throws a RangeError when it is not a decimal or
 * has more significant decimals than `scale` (trailing zeros do not count).
 */
function scaledValue(raw: string, what: string, scale: number, tooPrecise: string): bigint {
  const match = typeof raw === "string" ? DECIMAL_PATTERN.exec(raw) : null;
  if (match === null) throw new RangeError(`Not a decimal ${what}: ${JSON.stringify(raw)}`);
  const [, sign, integer = "", fraction = "", onlyFraction = "", exponent = "0"] = match;
  const digits = integer + (integer === "" ? onlyFraction : fraction);
  // Decimals of the written digits once the exponent moves the point.
  let decimals = (integer === "" ? onlyFraction : fraction).length - Number(exponent);
  let significant = digits.replace(/^0+/, "");
  if (significant === "") return 0n;
  // Trailing zeros past the scale are no precision: drop them before the check.
  while (decimals > scale && significant.endsWith("0")) {
    significant = significant.slice(0, -1);
    decimals--;
  }
  if (decimals > scale) throw new RangeError(tooPrecise);
  // Bound the magnitude before building a huge BigInt from an exponent such as 1e999.
  if (significant.length - decimals > 40) throw new RangeError(`Amount ${raw} is out of range`);
  const units = BigInt(significant) * 10n ** BigInt(scale - decimals);
  return sign === "-" ? -units : units;
}

function parse(raw: Money): bigint {
  return checked(
    scaledValue(raw, "amount", COST_SCALE, `Amount ${raw} has more than ${COST_SCALE} decimals`),
  );
}

function checked(units: bigint): bigint {
  if (abs(units) >= LIMIT_UNITS)
    throw new RangeError(`Amount ${formatUnits(units, COST_SCALE)} is out of range`);
  return units;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** `value / divisor` (divisor > 0), a tie rounded away from zero. */
function divideHalfUp(value: bigint, divisor: bigint): bigint {
  const quotient = abs(value) / divisor;
  const rest = abs(value) % divisor;
  const rounded = rest * 2n >= divisor ? quotient + 1n : quotient;
  return value < 0n ? -rounded : rounded;
}

function formatUnits(units: bigint, scale: number): string {
  if (units === 0n) return scale === 0 ? "0" : `0.${"0".repeat(scale)}`;
  const digits = abs(units)
    .toString()
    .padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return units < 0n ? `-${text}` : text;
}

function format(units: bigint): Money {
  return formatUnits(units, COST_SCALE);
}
