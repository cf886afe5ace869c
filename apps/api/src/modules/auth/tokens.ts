import { createHash, randomBytes } from "node:crypto";

/** Prefixes tell a session token from an API key without a database lookup. */
export const SESSION_TOKEN_PREFIX = "rcs_";
export const API_KEY_PREFIX = "rck_";
export const ACTIVATION_TOKEN_PREFIX = "rca_";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const ACTIVATION_TTL_MS = 48 * 60 * 60 * 1000;

/** 32 random bytes; the caller gets the raw token, the database only its SHA-256. */
export function newSecret(prefix: string): { raw: string; hash: string } {
  const raw = prefix + randomBytes(32).toString("base64url");
  return { raw, hash: hashSecret(raw) };
}

export function hashSecret(raw: string): string {
  return createHash("sha256").update(raw, "utf8").digest("hex");
}

/** A well-formed token is the prefix plus 43 base64url characters; anything else is not looked up. */
export function isWellFormed(raw: string, prefix: string): boolean {
  return (
    raw.length === prefix.length + 43 &&
    raw.startsWith(prefix) &&
    /^[A-Za-z0-9_-]+$/.test(raw.slice(prefix.length))
  );
}
