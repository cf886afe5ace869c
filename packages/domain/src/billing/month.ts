// Billing months are "YYYY-MM" strings; in this format string order is calendar order.
const BILLING_MONTH_PATTERN = /^[0-9]{4}-(?:0[1-9]|1[0-2])$/;

/** True when `raw` is a billing month, `"YYYY-MM"` (e.g. `"2024-03"`). */
export function isBillingMonth(raw: unknown): raw is string {
  return typeof raw === "string" && BILLING_MONTH_PATTERN.test(raw);
}

// A month passed by the caller's own code, not by a user: a bad one is a bug.
export function assertBillingMonth(month: string, what: string): void {
  if (!isBillingMonth(month))
    throw new Error(`${what}: not a billing month: ${JSON.stringify(month)}`);
}
