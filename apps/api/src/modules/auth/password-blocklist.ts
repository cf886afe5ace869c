import { dictionary } from "@zxcvbn-ts/language-common";
import { ApiError } from "../../graphql/errors.js";

// NIST SP 800-63B 5.1.1.2: refuse passwords found in lists of commonly used or breached ones.
// zxcvbn-ts's list holds the ~49,000 most common passwords of public breach corpora.
let common: ReadonlySet<string> | null = null;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((word) => word.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Throws BAD_USER_INPUT (reason PASSWORD_COMMON) naming `field`; the password is never echoed. */
export function assertNotCommonPassword(password: string, field: string): void {
  if (!isCommonPassword(password)) return;
  throw new ApiError(
    "BAD_USER_INPUT",
    `${field} is one of the most commonly used passwords; choose another.`,
    { field, reason: "PASSWORD_COMMON" },
  );
}
