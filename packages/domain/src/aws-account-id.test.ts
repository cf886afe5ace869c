import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWS_ACCOUNT_ID_PATTERN, isAwsAccountId, parseAwsAccountId } from "./aws-account-id.js";
import { errorOf, valueOf } from "./testing/fixtures.js";

const FIELD = "input.awsPayerAccountId";
const asciiDigit = fc.constantFrom(..."0123456789".split(""));
const twelveDigits = fc.array(asciiDigit, { minLength: 12, maxLength: 12 }).map((d) => d.join(""));
// Characters that look like digits or vanish on screen, none of them ASCII 0-9.
const impostor = fc.constantFrom(
  "١",
  "٢",
  "٣",
  "۴",
  "०",
  "০",
  "０",
  "９",
  "𝟎",
  "²",
  "½",
  "Ⅻ",
  " ",
  "\t",
  "\n",
  "\r",
  "\u00a0",
  "\u200b",
  "\ufeff",
  "a",
  "O",
  "l",
  "-",
  "+",
  ".",
  ",",
  "e",
);

/** Reference: exactly 12 characters, each an ASCII digit. */
function isTwelveAsciiDigits(raw: string): boolean {
  if (raw.length !== 12) return false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

describe("parseAwsAccountId", () => {
  it("should keep the id as given when it is 12 ASCII digits", () => {
    expect(valueOf(parseAwsAccountId("123456789012", FIELD))).toBe("123456789012");
  });

  it("should keep leading zeros when the id starts with zeros", () => {
    expect(valueOf(parseAwsAccountId("000000000042", FIELD))).toBe("000000000042");
  });

  it("should name the field and the value when the id is too short", () => {
    const error = errorOf(parseAwsAccountId("12345", FIELD));
    expect(error).toEqual({
      code: "AWS_ACCOUNT_ID_INVALID",
      field: FIELD,
      value: "12345",
      message: 'input.awsPayerAccountId must be a 12-digit AWS account id, got "12345"',
    });
  });

  it.each([
    ["11 digits", "12345678901"],
    ["13 digits", "1234567890123"],
    ["a leading space", " 123456789012"],
    ["a trailing newline", "123456789012\n"],
    ["Arabic-Indic digits", "١٢٣٤٥٦٧٨٩٠١٢"],
    ["fullwidth digits", "１２３４５６７８９０１２"],
    ["dashes", "1234-5678-9012"],
    ["an empty string", ""],
  ])("should reject the id when it has %s", (_label, raw) => {
    expect(errorOf(parseAwsAccountId(raw, FIELD))).toMatchObject({
      code: "AWS_ACCOUNT_ID_INVALID",
      field: FIELD,
      value: raw,
    });
  });

  it.each([
    [123456789012, "123456789012"],
    [null, "null"],
    [undefined, "undefined"],
    [{ id: 1 }, '{"id":1}'],
  ])("should show a non-string value as text when given %s", (raw, shown) => {
    expect(errorOf(parseAwsAccountId(raw, FIELD))).toMatchObject({
      code: "AWS_ACCOUNT_ID_INVALID",
      value: shown,
    });
  });

  it("should cut the echoed value to 64 characters when the input is long", () => {
    const error = errorOf(parseAwsAccountId("9".repeat(500), FIELD));
    expect(error.value).toBe("9".repeat(64));
  });

  it("should not split a surrogate pair when cutting the echoed value", () => {
    const error = errorOf(parseAwsAccountId("😀".repeat(100), FIELD));
    expect(error.value).toBe("😀".repeat(64));
  });

  describe("properties", () => {
    it("should accept every string of 12 ASCII digits when generated", () => {
      fc.assert(
        fc.property(twelveDigits, (raw) => {
          expect(valueOf(parseAwsAccountId(raw, FIELD))).toBe(raw);
          expect(isAwsAccountId(raw)).toBe(true);
        }),
      );
    });

    it("should accept every string matching the documented pattern when generated", () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9]{12}$/), (raw) => {
          expect(parseAwsAccountId(raw, FIELD).ok).toBe(true);
        }),
      );
    });

    it("should reject digit strings when their length is not 12", () => {
      const wrongLength = fc
        .array(asciiDigit, { maxLength: 30 })
        .filter((d) => d.length !== 12)
        .map((d) => d.join(""));
      fc.assert(
        fc.property(wrongLength, (raw) => {
          expect(errorOf(parseAwsAccountId(raw, FIELD))).toMatchObject({
            code: "AWS_ACCOUNT_ID_INVALID",
            field: FIELD,
            value: raw,
          });
        }),
      );
    });

    it("should reject a 12-digit id when one character is replaced or inserted", () => {
      const tampered = fc
        .tuple(twelveDigits, fc.nat({ max: 12 }), impostor, fc.boolean())
        .map(
          ([digits, at, char, replace]) =>
            digits.slice(0, at) + char + digits.slice(replace ? at + 1 : at),
        );
      fc.assert(
        fc.property(tampered, (raw) => {
          expect(parseAwsAccountId(raw, FIELD).ok).toBe(false);
          expect(isAwsAccountId(raw)).toBe(false);
        }),
      );
    });

    it("should agree with a character-by-character reference when given any string", () => {
      const anyString = fc.oneof(
        fc.string({ unit: "binary", maxLength: 16 }),
        fc.string({ unit: fc.oneof(asciiDigit, impostor), minLength: 11, maxLength: 13 }),
      );
      fc.assert(
        fc.property(anyString, (raw) => {
          expect(parseAwsAccountId(raw, FIELD).ok).toBe(isTwelveAsciiDigits(raw));
          expect(AWS_ACCOUNT_ID_PATTERN.test(raw)).toBe(isTwelveAsciiDigits(raw));
        }),
      );
    });
  });
});

describe("isAwsAccountId", () => {
  it("should be false when the value is not a string", () => {
    expect(isAwsAccountId(123456789012)).toBe(false);
  });
});
