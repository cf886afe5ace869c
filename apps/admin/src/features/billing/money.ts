// The API's Decimal scalar is an exact decimal string ("12.3400000000"). Amounts are rounded and
// added here as scaled integers (BigInt), never as binary floats, so a total shows to the cent.

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(amount: string): Scaled {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

const TEN = 10n;
const rescale = ({ units, scale }: Scaled, to: number): bigint => units * TEN ** BigInt(to - scale);
const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/** `numerator / denominator`, rounded half-up (a tie goes away from zero). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = abs(numerator);
  const d = abs(denominator);
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

function render(units: bigint, scale: number): string {
  const digits = abs(units)
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(-scale)}` : "";
  return `${units < 0n ? "-" : ""}${whole}${fraction}`;
}

/**
 * `amount` with `decimals` decimals, half-up: "2.345" → "2.35", "-2.345" → "-2.35".
 * Never "-0.00": a negative amount that rounds to zero is "0.00".
 */
export function roundHalfUp(amount: string, decimals = 2): string {
  const value = parse(amount);
  const units =
    value.scale <= decimals
      ? rescale(value, decimals)
      : divideHalfUp(value.units, TEN ** BigInt(value.scale - decimals));
  return render(units, decimals);
}

/** The exact sum of decimal amounts, with as many decimals as the most precise of them. */
export function sumAmounts(amounts: readonly string[]): string {
  const values = amounts.map(parse);
  const scale = Math.max(0, ...values.map((value) => value.scale));
  return render(
    values.reduce((total, value) => total + rescale(value, scale), 0n),
    scale,
  );
}

/** True when the amount is below zero (after rounding to cents, as it is shown). */
export function isNegative(amount: string): boolean {
  return roundHalfUp(amount).startsWith("-");
}

/** Thousands separators for the whole part of a rounded amount: "-1234.50" → "-1,234.50". */
function group(rounded: string): string {
  const [whole = "0", fraction] = rounded.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${digits}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** An amount for a table cell: two decimals, half-up, grouped ("1,234.57"). */
export function formatAmount(amount: string): string {
  return group(roundHalfUp(amount));
}

/** An amount with its currency: "USD 1,234.57", "USD -0.50". */
export function formatMoney(amount: string, currency: string): string {
  return `${currency} ${formatAmount(amount)}`;
}

/**
 * `part` as a percentage of `whole` with two decimals, half-up ("10.00 %"); "—" when `whole` is
 * zero, since a margin on no cost has no percentage.
 */
export function formatPercentOf(part: string, whole: string): string {
  const a = parse(part);
  const b = parse(whole);
  const scale = Math.max(a.scale, b.scale);
  const denominator = rescale(b, scale);
  if (denominator === 0n) return "—";
  // Hundredths of a percent: part / whole × 100 × 100.
  return `${render(divideHalfUp(rescale(a, scale) * 10_000n, denominator), 2)} %`;
}

/** A number for a chart axis; only the drawing uses it, never a total. */
export function toChartNumber(amount: string): number {
  return Number(roundHalfUp(amount));
}
