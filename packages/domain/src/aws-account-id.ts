import { domainError, type DomainError } from "./errors.js";
import { err, ok, type Result } from "./result.js";
import { shownValue } from "./error-helpers.js";

/** Exactly 12 ASCII digits; leading zeros are significant, so ids stay strings. */
export const AWS_ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/** True when `raw` is a 12-digit AWS account id, as given (no trimming). */
export function isAwsAccountId(raw: unknown): raw is string {
  return typeof raw === "string" && AWS_ACCOUNT_ID_PATTERN.test(raw);
}

/**
 * Parses an AWS account id (rule 1). Fails with `AWS_ACCOUNT_ID_INVALID`, naming the field and the
 * offending value (at most 64 characters).
 */
export function parseAwsAccountId(raw: unknown, field: string): Result<string, DomainError> {
  if (isAwsAccountId(raw)) return ok(raw);
  const value = shownValue(raw);
  return err(
    domainError(
      "AWS_ACCOUNT_ID_INVALID",
      `${field} must be a 12-digit AWS account id, got ${JSON.stringify(value)}`,
      { field, value },
    ),
  );
}
