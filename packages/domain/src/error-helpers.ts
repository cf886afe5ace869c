// Internal helpers for building errors; not part of the public surface.
import { domainError, type DomainError } from "./errors.js";

const SHOWN_VALUE_MAX = 64;

/** The value as a string of at most 64 code points (never split a surrogate pair). */
export function shownValue(raw: unknown): string {
  const text = stringify(raw);
  const codePoints = Array.from(text);
  return codePoints.length > SHOWN_VALUE_MAX ? codePoints.slice(0, SHOWN_VALUE_MAX).join("") : text;
}

function stringify(raw: unknown): string {
  switch (typeof raw) {
    case "string":
      return raw;
    case "number":
    case "bigint":
    case "boolean":
    case "undefined":
    case "symbol":
      return String(raw);
    default:
      try {
        return JSON.stringify(raw) ?? String(raw);
      } catch {
        return Object.prototype.toString.call(raw);
      }
  }
}

/** Unknown and invisible ids read the same (rule 3: no existence leak). */
export function notFound(what: string, id: string, field?: string): DomainError {
  return domainError("NOT_FOUND", `${what} ${id} not found`, {
    ...(field === undefined ? {} : { field }),
    value: id,
  });
}
