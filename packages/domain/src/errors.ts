/**
 * Expected rule violations, as stable string codes. The API maps each code to a
 * GraphQL `extensions.code` in one exhaustive switch.
 */
export type InvalidInputCode =
  | "AWS_ACCOUNT_ID_INVALID"
  | "ID_INVALID"
  | "VALUE_REQUIRED"
  | "VALUE_TOO_LONG"
  | "VALUE_INVALID"
  | "EMAIL_INVALID"
  | "PASSWORD_POLICY"
  | "PAYEES_EMPTY"
  | "PAYEES_TOO_MANY"
  | "PAYEE_DUPLICATE"
  | "PAYEE_EQUALS_PAYER"
  | "PAYER_MISMATCH"
  | "NOT_MASTER_PAYER"
  | "MASTER_PAYER_REQUIRES_PARENT"
  | "MASTER_PAYER_REQUIRES_AWS_ID"
  | "PARTNER_NOT_RESELLER"
  | "RESELLER_PARENT_MISMATCH"
  | "RESELLER_ACCOUNT_NOT_IN_PARTNER"
  | "ROLE_NOT_FOR_PARTNER_LEVEL"
  | "MONTH_INVALID"
  | "MONTH_RANGE_INVALID"
  | "PERCENT_INVALID"
  | "PERCENT_OUT_OF_RANGE"
  | "AMOUNT_INVALID"
  | "AMOUNT_XOR_PERCENT"
  | "RULE_FIELD_NOT_ALLOWED";

export type ForbiddenCode = "ROLE_FORBIDDEN" | "ROLE_GRANT_FORBIDDEN";

export type ConflictCode =
  "PAYEE_ALREADY_LINKED" | "EMAIL_TAKEN" | "MASTER_PAYER_TAKEN" | "MONTH_LOCKED" | "CURRENCY_MIXED";

export type DomainErrorCode = InvalidInputCode | ForbiddenCode | ConflictCode | "NOT_FOUND";

/** A rule violation: what was wrong, where in the input, and with which value. */
export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence for people; never contains secrets. */
  readonly message: string;
  /** The input path, e.g. `input.awsPayeeAccountIds[2]`. */
  readonly field?: string;
  /** The offending value (never set for passwords). */
  readonly value?: string | number | boolean | null;
  /** For conflicts: what holds the thing that was claimed. */
  readonly details?: Readonly<Record<string, string>>;
}

export function domainError(
  code: DomainErrorCode,
  message: string,
  extra: Omit<DomainError, "code" | "message"> = {},
): DomainError {
  return { code, message, ...extra };
}
