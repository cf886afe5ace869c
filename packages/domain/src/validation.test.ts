import { describe, expect, it } from "vitest";
import {
  PASSWORD_POLICY,
  blankToNull,
  checkPassword,
  parseEmail,
  parseId,
  requireText,
} from "./validation.js";
import { errorOf, valueOf } from "./testing/fixtures.js";

describe("requireText", () => {
  it("should return the trimmed text when it is valid", () => {
    expect(valueOf(requireText("  Acme Ltd \n", "input.name", 200))).toBe("Acme Ltd");
  });

  it.each([[""], ["   \t\n"], [null], [undefined]])(
    "should fail with VALUE_REQUIRED when the text is %j",
    (raw) => {
      expect(errorOf(requireText(raw, "input.name", 200))).toMatchObject({
        code: "VALUE_REQUIRED",
        field: "input.name",
      });
    },
  );

  it("should accept the text when it is exactly maxLength characters", () => {
    expect(valueOf(requireText("x".repeat(200), "input.name", 200))).toHaveLength(200);
  });

  it("should fail with VALUE_TOO_LONG and the first 64 characters when the text is too long", () => {
    const error = errorOf(requireText("y".repeat(201), "input.name", 200));
    expect(error).toMatchObject({
      code: "VALUE_TOO_LONG",
      field: "input.name",
      value: "y".repeat(64),
    });
  });

  it("should count code points when the text has characters outside the BMP", () => {
    expect(valueOf(requireText("😀".repeat(10), "input.name", 10))).toBe("😀".repeat(10));
  });

  it.each([
    ["tab", "a\tb"],
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["newline", "a\nb"],
  ])("should fail with VALUE_INVALID when the text contains a %s", (_label, raw) => {
    expect(errorOf(requireText(raw, "input.name", 200))).toMatchObject({
      code: "VALUE_INVALID",
      field: "input.name",
      value: raw,
    });
  });
});

describe("parseEmail", () => {
  it("should trim and lower-case the email when it is valid", () => {
    expect(valueOf(parseEmail("  Jane.Doe+ops@Example.COM ", "input.email"))).toBe(
      "jane.doe+ops@example.com",
    );
  });

  it("should accept a 64-character local part when the domain is valid", () => {
    expect(parseEmail(`${"a".repeat(64)}@example.com`, "input.email").ok).toBe(true);
  });

  it.each([
    [""],
    ["   "],
    ["jane"],
    ["jane@example"],
    ["jane@@example.com"],
    ["ja ne@example.com"],
    ["@example.com"],
    ["jane@.com"],
    ["jane@example."],
    ["jane@example..com"],
    ["jane@exa\u0000mple.com"],
    [`${"a".repeat(65)}@example.com`],
  ])("should fail with EMAIL_INVALID when the email is %j", (raw) => {
    expect(errorOf(parseEmail(raw, "input.email"))).toMatchObject({
      code: "EMAIL_INVALID",
      field: "input.email",
      value: raw.trim().toLowerCase().slice(0, 64),
    });
  });

  it("should fail with EMAIL_INVALID when the email is longer than 254 characters", () => {
    const raw = `jane@${"d".repeat(250)}.com`;
    expect(errorOf(parseEmail(raw, "input.email"))).toMatchObject({
      code: "EMAIL_INVALID",
      value: raw.slice(0, 64),
    });
  });

  it("should fail with EMAIL_INVALID when the email is missing", () => {
    expect(errorOf(parseEmail(null, "input.email"))).toMatchObject({
      code: "EMAIL_INVALID",
      value: "",
    });
  });
});

describe("checkPassword", () => {
  it("should return the password unchanged when it meets the policy", () => {
    expect(valueOf(checkPassword(" correct horse ", "input.password"))).toBe(" correct horse ");
  });

  it("should accept the password when it has exactly the minimum and maximum length", () => {
    expect(checkPassword("a".repeat(PASSWORD_POLICY.minLength), "p").ok).toBe(true);
    expect(checkPassword("a".repeat(PASSWORD_POLICY.maxLength), "p").ok).toBe(true);
  });

  it("should count code points when the password has characters outside the BMP", () => {
    // 65 code points, 130 UTF-16 units: within 128 characters.
    expect(checkPassword("🔑".repeat(65), "p").ok).toBe(true);
    // 6 code points, 12 UTF-16 units: too short.
    expect(checkPassword("🔑".repeat(6), "p").ok).toBe(false);
  });

  it.each([
    ["too short", "a".repeat(11)],
    ["too long", "a".repeat(129)],
    ["only whitespace", " ".repeat(20)],
  ])("should fail with PASSWORD_POLICY and no value when the password is %s", (_label, raw) => {
    const error = errorOf(checkPassword(raw, "input.password"));
    expect(error).toMatchObject({ code: "PASSWORD_POLICY", field: "input.password" });
    expect(error).not.toHaveProperty("value");
    expect(error.message).not.toContain(raw);
  });

  it("should not require character classes when the password is long enough", () => {
    expect(checkPassword("aaaaaaaaaaaa", "p").ok).toBe(true);
  });
});

describe("parseId", () => {
  it.each([["1"], ["42"], ["999999999999999"]])("should accept %j when it is a valid id", (raw) => {
    expect(valueOf(parseId(raw, "input.id"))).toBe(raw);
  });

  it.each([
    ["0"],
    ["042"],
    ["-1"],
    ["1.5"],
    ["1e3"],
    [""],
    [" 42"],
    ["42 "],
    ["1234567890123456"],
    ["４２"],
    ["abc"],
  ])("should fail with ID_INVALID when the id is %j", (raw) => {
    expect(errorOf(parseId(raw, "input.id"))).toMatchObject({
      code: "ID_INVALID",
      field: "input.id",
      value: raw,
    });
  });
});

describe("blankToNull", () => {
  it.each([[""], ["  \t"], [null], [undefined]])(
    "should return null when the text is %j",
    (raw) => {
      expect(blankToNull(raw)).toBeNull();
    },
  );

  it("should return the text as given when it is not blank", () => {
    expect(blankToNull(" x ")).toBe(" x ");
  });
});
