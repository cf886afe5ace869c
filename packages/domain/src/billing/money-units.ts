/**
 * The integer core of money.ts: amounts as BigInt counts of 10^-COST_SCALE units. Not
 * part of the package's public surface; pricing uses it to keep a line's arithmetic in units and
 * format the result once.
 */

/**
 * Decimals kept for costs: CUR files carry up to 10, FOCUS exports 11; 12 keeps both exact with
 * room to spare.
 */
export const COST_SCALE = 12;

const UNITS_PER_ONE = 10n ** BigInt(COST_SCALE);
const LIMIT_UNITS = 10n ** 20n * UNITS_PER_ONE;
const PERCENT_LIMIT_UNITS = 10n ** 6n;
const PERCENT_MAX_DECIMALS = 4;
const PERCENT_DIVISOR = 100n * 10n ** BigInt(PERCENT_MAX_DECIMALS);
// Plain or exponent notation (CUR files contain both). Groups: sign, integer part, fraction,
// exponent.
export const DECIMAL_PATTERN =
  /^([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]{1,3}))?$/;

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

// Canonical amounts (this module's output, and DuckDB's DECIMAL(38,12) as text) skip the general
// pattern: allocation parses every stored amount, and this is its hot path.
const CANONICAL_PATTERN = new RegExp(`^-?[0-9]{1,21}\\.[0-9]{${COST_SCALE}}$`);

/** An amount as units; a RangeError for what {@link toMoney} refuses. */
export function parseUnits(raw: string): bigint {
  if (typeof raw === "string" && CANONICAL_PATTERN.test(raw)) {
    const point = raw.length - COST_SCALE - 1;
    return checkedUnits(BigInt(raw.slice(0, point) + raw.slice(point + 1)));
  }
  return checkedUnits(
    scaledValue(raw, "amount", COST_SCALE, `Amount ${raw} has more than ${COST_SCALE} decimals`),
  );
}

/** `units`, or a RangeError when the amount is at least 10^20 in magnitude. */
export function checkedUnits(units: bigint): bigint {
  if (abs(units) >= LIMIT_UNITS)
    throw new RangeError(`Amount ${formatUnits(units, COST_SCALE)} is out of range`);
  return units;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** `value / divisor` (divisor > 0), a tie rounded away from zero. */
export function divideHalfUp(value: bigint, divisor: bigint): bigint {
  const quotient = abs(value) / divisor;
  const rest = abs(value) % divisor;
  const rounded = rest * 2n >= divisor ? quotient + 1n : quotient;
  return value < 0n ? -rounded : rounded;
}

export function formatUnits(units: bigint, scale: number): string {
  if (units === 0n) return scale === 0 ? "0" : `0.${"0".repeat(scale)}`;
  const digits = abs(units)
    .toString()
    .padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return units < 0n ? `-${text}` : text;
}

/** Canonical money text of `units`. */
export function formatMoneyUnits(units: bigint): string {
  return formatUnits(units, COST_SCALE);
}

/** A percentage ("12.50") as units of 10^-4 %: at most 4 decimals, below 10^6 in magnitude. */
export function percentUnits(percent: string): bigint {
  const p = scaledValue(
    percent,
    "percent",
    PERCENT_MAX_DECIMALS,
    `percent ${percent} is out of range`,
  );
  if (abs(p) >= PERCENT_LIMIT_UNITS * 10n ** BigInt(PERCENT_MAX_DECIMALS))
    throw new RangeError(`percent ${percent} is out of range`);
  return p;
}

/** `percent` (from {@link percentUnits}) of `amount`: one exact product, rounded once, half-up. */
export function percentOfUnits(amount: bigint, percent: bigint): bigint {
  return checkedUnits(divideHalfUp(amount * percent, PERCENT_DIVISOR));
}

/** The exact sum of the amounts, in units. */
export function sumUnits(values: Iterable<string>): bigint {
  let total = 0n;
  for (const value of values) total = checkedUnits(total + parseUnits(value));
  return total;
}
