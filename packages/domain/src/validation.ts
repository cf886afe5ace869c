import { domainError, type DomainError } from "./errors.js";
import { err, ok, type Result } from "./result.js";
import { shownValue } from "./error-helpers.js";

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// Pragmatic, not RFC 5322: one @, no whitespace, a dotted domain (control characters checked apart).
const EMAIL_PATTERN = /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/;
const EMAIL_MAX_LENGTH = 254;
const EMAIL_LOCAL_MAX_LENGTH = 64;
const ID_PATTERN = /^[1-9][0-9]{0,14}$/;

/** Length in code points, as people (and SQL character columns) count characters. */
function lengthOf(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * A required single-line text: trimmed, non-empty (`VALUE_REQUIRED`), at most `maxLength`
 * characters (`VALUE_TOO_LONG`), without control characters (`VALUE_INVALID`).
 */
export function requireText(
  raw: string | null | undefined,
  field: string,
  maxLength: number,
): Result<string, DomainError> {
  const text = (raw ?? "").trim();
  if (text === "") {
    return err(domainError("VALUE_REQUIRED", `${field} is required`, { field }));
  }
  if (lengthOf(text) > maxLength) {
    return err(
      domainError("VALUE_TOO_LONG", `${field} must be at most ${maxLength} characters long`, {
        field,
        value: shownValue(text),
      }),
    );
  }
  if (CONTROL_CHARACTER.test(text)) {
    return err(
      domainError("VALUE_INVALID", `${field} must not contain control characters`, {
        field,
        value: shownValue(text),
      }),
    );
  }
  return ok(text);
}

/**
 * An email address, trimmed and lower-cased. Anything that does not look like `local@domain.tld`
 * (or is blank, or longer than 254 characters) fails with `EMAIL_INVALID`.
 */
export function parseEmail(
  raw: string | null | undefined,
  field: string,
): Result<string, DomainError> {
  const email = (raw ?? "").trim().toLowerCase();
  const at = email.indexOf("@");
  const valid =
    lengthOf(email) <= EMAIL_MAX_LENGTH &&
    EMAIL_PATTERN.test(email) &&
    !CONTROL_CHARACTER.test(email) &&
    lengthOf(email.slice(0, at)) <= EMAIL_LOCAL_MAX_LENGTH;
  if (valid) return ok(email);
  const value = shownValue(email);
  return err(
    domainError(
      "EMAIL_INVALID",
      `${field} must be an email address like name@example.com, got ${JSON.stringify(value)}`,
      { field, value },
    ),
  );
}

/** NIST SP 800-63B: length is what matters; no composition rules. */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 128 } as const;

/**
 * Checks a password against {@link PASSWORD_POLICY}; returns it unchanged. The error
 * (`PASSWORD_POLICY`) never carries the value.
 */
export function checkPassword(raw: string, field: string): Result<string, DomainError> {
  const length = typeof raw === "string" ? lengthOf(raw) : 0;
  if (length < PASSWORD_POLICY.minLength || length > PASSWORD_POLICY.maxLength) {
    return err(
      domainError(
        "PASSWORD_POLICY",
        `${field} must be ${PASSWORD_POLICY.minLength} to ${PASSWORD_POLICY.maxLength} characters long`,
        { field },
      ),
    );
  }
  if (raw.trim() === "") {
    return err(domainError("PASSWORD_POLICY", `${field} must not be only whitespace`, { field }));
  }
  return ok(raw);
}

/** An entity id: a positive decimal integer without leading zeros, at most 15 digits. */
export function parseId(raw: string, field: string): Result<string, DomainError> {
  if (typeof raw === "string" && ID_PATTERN.test(raw)) return ok(raw);
  const value = shownValue(raw);
  return err(
    domainError("ID_INVALID", `${field} must be an id like "42", got ${JSON.stringify(value)}`, {
      field,
      value,
    }),
  );
}

/** Optional text: blank (empty or whitespace only) becomes null; anything else is returned as given. */
export function blankToNull(raw: string | null | undefined): string | null {
  return raw == null || raw.trim() === "" ? null : raw;
}
