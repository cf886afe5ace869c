import { describe, expect, it } from "vitest";
import { parseIdempotencyKey, requestFingerprint } from "./idempotency.js";

describe("parseIdempotencyKey", () => {
  it("should accept 1 to 255 printable ASCII characters when the key is bare", () => {
    for (const key of ["a", "8e03978e-40d5-43e8-bc93-6894a57f9324", `x y"z\\`, "k".repeat(255)])
      expect(parseIdempotencyKey(key)).toBe(key);
  });

  it("should read the draft's quoted form as the same key when the value is a structured-field string", () => {
    expect(parseIdempotencyKey('"8e03978e"')).toBe("8e03978e");
    expect(parseIdempotencyKey('"a \\"b\\" \\\\c"')).toBe('a "b" \\c');
  });

  it("should refuse the value when it is empty, too long or not printable ASCII", () => {
    for (const value of ["", '""', "k".repeat(256), "tab\there", "caf\u00e9", "nul\u0000"])
      expect(parseIdempotencyKey(value), JSON.stringify(value)).toBeNull();
  });
});

describe("requestFingerprint", () => {
  const query = "mutation M($a: Int, $b: Int) { m(a: $a, b: $b) }";

  it("should give the same fingerprint when only the variables' key order differs", () => {
    expect(requestFingerprint({ query, variables: { a: 1, b: { c: 2, d: 3 } } })).toBe(
      requestFingerprint({ query, variables: { b: { d: 3, c: 2 }, a: 1 } }),
    );
    expect(requestFingerprint({ query })).toBe(requestFingerprint({ query, variables: {} }));
  });

  it("should give another fingerprint when the text, a variable or the operation name differs", () => {
    const base = requestFingerprint({ query, variables: { a: 1 }, operationName: "M" });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const other of [
      { query: `${query} `, variables: { a: 1 }, operationName: "M" },
      { query, variables: { a: 2 }, operationName: "M" },
      { query, variables: { a: "1" }, operationName: "M" },
      { query, variables: { a: 1 } },
    ])
      expect(requestFingerprint(other), JSON.stringify(other)).not.toBe(base);
  });
});
