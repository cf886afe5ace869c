import { type CombinedError } from "@urql/core";

// Every API error is shown by its `extensions.code` and `extensions.reason`, never by message text.

export type ApiErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "NETWORK"
  | "INTERNAL";

interface Extensions {
  code?: unknown;
  field?: unknown;
  value?: unknown;
  reason?: unknown;
  details?: Record<string, unknown>;
  retryAfterSeconds?: unknown;
}

function extensionsOf(error: CombinedError): Extensions {
  const extensions: Extensions = error.graphQLErrors[0]?.extensions ?? {};
  return extensions;
}

export function errorCode(error: CombinedError): ApiErrorCode {
  if (error.networkError && error.graphQLErrors.length === 0) return "NETWORK";
  const code = extensionsOf(error).code;
  switch (code) {
    case "UNAUTHENTICATED":
    case "FORBIDDEN":
    case "NOT_FOUND":
    case "BAD_USER_INPUT":
    case "CONFLICT":
    case "RATE_LIMITED":
      return code;
    default:
      return "INTERNAL";
  }
}

/** Extensions carry strings, numbers or booleans; anything else is not shown. */
function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}
const show = (value: unknown): string => (text(value) === "" ? "" : `"${text(value)}"`);

/** Words for a rule the API refused, keyed by `extensions.reason` (the domain's codes). */
const REASONS: Record<string, (ext: Extensions) => string> = {
  AWS_ACCOUNT_ID_INVALID: (e) => `${show(e.value)} is not a 12-digit AWS account id.`,
  ID_INVALID: (e) => `${show(e.value)} is not a valid id.`,
  VALUE_REQUIRED: () => "This field is required.",
  VALUE_TOO_LONG: () => "This is too long.",
  VALUE_INVALID: () => "This contains characters that are not allowed.",
  EMAIL_INVALID: (e) => `${show(e.value)} is not a valid email address.`,
  PASSWORD_POLICY: () => "Use 12 to 128 characters.",
  PAYEES_EMPTY: () => "Enter at least one payee account id.",
  PAYEES_TOO_MANY: () => "A link takes at most 1,000 payee account ids.",
  PAYEE_DUPLICATE: (e) => `${show(e.value)} is listed twice.`,
  PAYEE_EQUALS_PAYER: (e) => `${show(e.value)} is the payer; a payee must be another account.`,
  PAYER_MISMATCH: (e) => `${show(e.value)} is not the AWS account id of the master payer account.`,
  NOT_MASTER_PAYER: () => "This account is not a master payer account.",
  MASTER_PAYER_REQUIRES_PARENT: () => "Only a Parent partner can have a master payer account.",
  MASTER_PAYER_REQUIRES_AWS_ID: () => "A master payer account needs its AWS account id.",
  PARTNER_NOT_RESELLER: () =>
    "This partner is not a reseller: create it with “This partner is a reseller”.",
  RESELLER_PARENT_MISMATCH: (e) => `${show(e.value)} is not your Parent partner's ID.`,
  RESELLER_ACCOUNT_NOT_IN_PARTNER: () => "This account does not belong to the reseller partner.",
  ROLE_NOT_FOR_PARTNER_LEVEL: () => "This role exists only in a Parent partner.",
  ROLE_FORBIDDEN: () => "Your role may not do this.",
  ROLE_GRANT_FORBIDDEN: () => "You may not give a role above your own.",
  PAYEE_ALREADY_LINKED: (e) =>
    `Payee ${show(e.details?.payee ?? e.value)} already belongs to reseller link ${text(e.details?.linkId)}; a payee can be in one link per master payer.`,
  EMAIL_TAKEN: (e) => `A user with the email ${show(e.value)} already exists.`,
  MASTER_PAYER_TAKEN: (e) =>
    `AWS account ${show(e.value)} is already registered as a master payer.`,
  MONTH_INVALID: (e) => `${show(e.value)} is not a month like "2026-05".`,
  MONTH_RANGE_INVALID: () => "The last month is before the first month.",
  PERCENT_INVALID: (e) =>
    `${show(e.value)} is not a percentage ≥ 0 with at most two decimals, like "12.50".`,
  PERCENT_OUT_OF_RANGE: (e) => `${show(e.value)} % is more than this kind of rule allows.`,
  AMOUNT_INVALID: (e) =>
    `${show(e.value)} is not an amount above 0 with at most two decimals, like "250.00".`,
  AMOUNT_XOR_PERCENT: () => "Enter either a flat amount or a percentage, not both.",
  RULE_FIELD_NOT_ALLOWED: () => "This kind of rule does not use this field.",
  MONTH_LOCKED: (e) =>
    `Billing month ${show(e.details?.month ?? e.value)} is locked: unlock it in the Billing overview first.`,
  CURRENCY_MIXED: () => "A bill has one currency; this month's costs are in several.",
  API_KEY_READ_ONLY: () => "This API key may only read; use an Admin key or sign in.",
  API_KEY_CANNOT_CREATE_KEYS: () => "An API key cannot create keys: sign in to the console.",
  EXPIRY_IN_PAST: () => "Choose a day in the future.",
  USER_NOT_PENDING: () => "This user has already activated; there is no invitation to resend.",
  PASSWORD_WRONG: () => "This is not your current password.",
  RESET_TOKEN_INVALID: () => "This reset link is invalid, used or expired. Ask for a new one.",
  ACTIVATION_TOKEN_INVALID: () =>
    "This activation link is invalid, used or expired. Ask your administrator for a new one.",
};

const GENERAL: Record<ApiErrorCode, string> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again.",
  FORBIDDEN: "You do not have permission to do this.",
  NOT_FOUND: "This no longer exists, or you cannot see it.",
  BAD_USER_INPUT: "Some of the values are not valid.",
  CONFLICT: "This conflicts with data that already exists.",
  RATE_LIMITED: "Too many attempts. Wait a few minutes and try again.",
  NETWORK: "The server cannot be reached. Check your connection and try again.",
  INTERNAL: "Something went wrong on the server. Try again later.",
};

export interface ShownError {
  code: ApiErrorCode;
  /** The input path the error belongs to (e.g. `input.awsPayeeAccountIds[2]`), when it has one. */
  field: string | null;
  /** What to tell the user. */
  text: string;
}

export function describeError(error: CombinedError): ShownError {
  const code = errorCode(error);
  const ext = extensionsOf(error);
  const reason = typeof ext.reason === "string" ? REASONS[ext.reason] : undefined;
  const field = typeof ext.field === "string" ? ext.field : null;
  if (code === "NOT_FOUND" && field)
    return {
      code,
      field,
      text: `No item with id ${show(ext.value)} exists, or you cannot see it.`,
    };
  return { code, field, text: reason ? reason(ext) : GENERAL[code] };
}
