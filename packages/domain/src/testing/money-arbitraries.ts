// fast-check generators for exact amounts, shared by the billing property tests.
import fc from "fast-check";
import { COST_SCALE } from "../billing/money.js";

/** An amount at the cost scale from an integer count of its smallest units. */
export function fromUnits(units: bigint): string {
  const sign = units < 0n ? "-" : "";
  const digits = (units < 0n ? -units : units).toString().padStart(COST_SCALE + 1, "0");
  return `${sign}${digits.slice(0, -COST_SCALE)}.${digits.slice(-COST_SCALE)}`;
}

/** Amounts of 0..max with up to {@link COST_SCALE} decimals; negative too when `signed`. */
export function amount(max = 1_000_000n, signed = true): fc.Arbitrary<string> {
  const limit = max * 10n ** BigInt(COST_SCALE);
  return fc.bigInt({ min: signed ? -limit : 0n, max: limit }).map(fromUnits);
}

/** A percentage with two decimals in 0..max. */
export function percent(max: number): fc.Arbitrary<string> {
  return fc
    .integer({ min: 0, max: max * 100 })
    .map((cents) =>
      fromUnits(BigInt(cents) * 10n ** BigInt(COST_SCALE - 2)).slice(0, -(COST_SCALE - 2)),
    );
}
