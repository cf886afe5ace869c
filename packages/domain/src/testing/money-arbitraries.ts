// fast-check generators for exact amounts, shared by the billing property tests.
import fc from "fast-check";

/** An amount with 10 decimals from an integer count of 1e-10 units. */
export function fromUnits(units: bigint): string {
  const sign = units < 0n ? "-" : "";
  const digits = (units < 0n ? -units : units).toString().padStart(11, "0");
  return `${sign}${digits.slice(0, -10)}.${digits.slice(-10)}`;
}

/** Amounts of 0..max with up to 10 decimals; negative too when `signed`. */
export function amount(max = 1_000_000n, signed = true): fc.Arbitrary<string> {
  const limit = max * 10n ** 10n;
  return fc.bigInt({ min: signed ? -limit : 0n, max: limit }).map(fromUnits);
}

/** A percentage with two decimals in 0..max. */
export function percent(max: number): fc.Arbitrary<string> {
  return fc
    .integer({ min: 0, max: max * 100 })
    .map((cents) => fromUnits(BigInt(cents) * 10n ** 8n).slice(0, -8));
}
