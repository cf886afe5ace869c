import { describe, expect, it } from "vitest";
import { ApiError } from "../../graphql/errors.js";
import { entrySegments } from "./upload-tree.js";

function refusal(name: string): unknown {
  try {
    entrySegments(name);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).extensions;
  }
  throw new Error(`${name} was accepted`);
}

describe("tar entry names", () => {
  it("should keep the segments of a relative key, without empty or '.' segments", () => {
    expect(entrySegments("./cur/acme/20260401-20260501/acme-Manifest.json")).toEqual([
      "cur",
      "acme",
      "20260401-20260501",
      "acme-Manifest.json",
    ]);
    expect(entrySegments("cur//data/")).toEqual(["cur", "data"]);
  });

  it.each([
    "../x.csv",
    "cur/../../x.csv",
    "/etc/passwd",
    "C:/x.csv",
    "c:x.csv",
    "cur\\..\\x.csv",
    "cur/x\u0000.csv",
    `${"d/".repeat(20)}x.csv`,
    `${"n".repeat(1025)}`,
  ])("should refuse %j naming it", (name) => {
    expect(refusal(name)).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "body",
      reason: "TAR_ENTRY_UNSAFE",
      value: name.slice(0, 1024),
    });
  });
});
