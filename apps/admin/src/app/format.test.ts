import { describe, expect, it } from "vitest";
import { possessive } from "./format";

describe("possessive", () => {
  it("should add only an apostrophe to a name ending in s, and 's otherwise", () => {
    expect(possessive("Heron Analytics")).toBe("Heron Analytics'");
    expect(possessive("Acme Cloud")).toBe("Acme Cloud's");
    expect(possessive(" Kestrel ")).toBe("Kestrel's");
  });
});
