import { GraphQLError } from "graphql";
import { assertUnreachable, type DomainError } from "@reseller/domain";

/** The `extensions.code` values clients branch on (product.md "Errors"). */
export type ApiErrorCode =
  "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_USER_INPUT" | "CONFLICT" | "RATE_LIMITED";

interface ApiErrorExtensions {
  field?: string;
  value?: string | number | boolean | null;
  reason?: string;
  details?: Readonly<Record<string, string>>;
  retryAfterSeconds?: number;
}

/** An error meant for the client: its message and extensions are safe to show. */
export class ApiError extends GraphQLError {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    extensions: ApiErrorExtensions = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
    this.name = "ApiError";
  }
}

export const unauthenticated = (message = "Sign in first: send Authorization: Bearer <token>.") =>
  new ApiError("UNAUTHENTICATED", message);

export const badInput = (
  field: string,
  message: string,
  value?: string | number | boolean | null,
) => new ApiError("BAD_USER_INPUT", message, value === undefined ? { field } : { field, value });

export const notFound = (field: string, value: string) =>
  new ApiError("NOT_FOUND", `No ${field.split(".").pop() ?? field} with id "${value}" exists.`, {
    field,
    value,
  });

/** The one place that turns a domain rule violation into what a client sees. */
export function toApiError(error: DomainError): ApiError {
  const { field, value, details } = error;
  const input = {
    ...(field !== undefined ? { field } : {}),
    ...(value !== undefined ? { value } : {}),
  };
  switch (error.code) {
    case "AWS_ACCOUNT_ID_INVALID":
    case "ID_INVALID":
    case "VALUE_REQUIRED":
    case "VALUE_TOO_LONG":
    case "VALUE_INVALID":
    case "EMAIL_INVALID":
    case "PASSWORD_POLICY":
    case "PAYEES_EMPTY":
    case "PAYEES_TOO_MANY":
    case "PAYEE_DUPLICATE":
    case "PAYEE_EQUALS_PAYER":
    case "PAYER_MISMATCH":
    case "NOT_MASTER_PAYER":
    case "MASTER_PAYER_REQUIRES_PARENT":
    case "MASTER_PAYER_REQUIRES_AWS_ID":
    case "PARTNER_NOT_RESELLER":
    case "RESELLER_PARENT_MISMATCH":
    case "RESELLER_ACCOUNT_NOT_IN_PARTNER":
    case "ROLE_NOT_FOR_PARTNER_LEVEL":
    case "MONTH_INVALID":
    case "MONTH_RANGE_INVALID":
    case "PERCENT_INVALID":
    case "PERCENT_OUT_OF_RANGE":
    case "AMOUNT_INVALID":
    case "AMOUNT_XOR_PERCENT":
    case "RULE_FIELD_NOT_ALLOWED":
      return new ApiError("BAD_USER_INPUT", error.message, { ...input, reason: error.code });
    case "ROLE_FORBIDDEN":
    case "ROLE_GRANT_FORBIDDEN":
      return new ApiError("FORBIDDEN", error.message, { ...input, reason: error.code });
    case "NOT_FOUND":
      return new ApiError("NOT_FOUND", error.message, input);
    case "PAYEE_ALREADY_LINKED":
    case "EMAIL_TAKEN":
    case "MASTER_PAYER_TAKEN":
    case "MONTH_LOCKED":
    case "CURRENCY_MIXED":
      return new ApiError("CONFLICT", error.message, {
        ...input,
        reason: error.code,
        ...(details ? { details } : {}),
      });
    default:
      return assertUnreachable(error.code);
  }
}

/** Unwraps a domain result for a resolver: the value, or the mapped error thrown. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: DomainError }): T {
  if (result.ok) return result.value;
  throw toApiError(result.error);
}
