import { describe, expect, it } from "vitest";
import { manifestKeyInfo, ManifestError, parseManifest } from "./manifest.js";

const LEGACY_KEY = "cur/acme/20260401-20260501/acme-Manifest.json";
const EXPORT_KEY = "exports/focus/metadata/BILLING_PERIOD=2026-04/focus-Manifest.json";

function problem(key: string, body: unknown): string {
  try {
    parseManifest(key, typeof body === "string" ? body : JSON.stringify(body));
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).message;
  }
  throw new Error("the manifest was accepted");
}

describe("manifestKeyInfo", () => {
  it("should tell a month's current manifest from the copy in an assembly folder and from parts", () => {
    expect(manifestKeyInfo(LEGACY_KEY)).toEqual({ layout: "CUR_LEGACY", billingPeriod: "2026-04" });
    expect(manifestKeyInfo("acme/20261201-20270101/acme-Manifest.json")).toEqual({
      layout: "CUR_LEGACY",
      billingPeriod: "2026-12",
    });
    expect(manifestKeyInfo(EXPORT_KEY)).toEqual({ layout: "DATA_EXPORT", billingPeriod: "2026-04" });
    expect(manifestKeyInfo("cur/acme/20260401-20260501/3f2a/acme-Manifest.json")).toBeNull();
    expect(manifestKeyInfo("cur/acme/20260401-20260501/3f2a/acme-1.csv.gz")).toBeNull();
    expect(manifestKeyInfo("exports/focus/data/BILLING_PERIOD=2026-04/focus-00001.parquet")).toBeNull();
  });
});

describe("parseManifest", () => {
  it("should read a CUR legacy manifest's assembly and report keys in order", () => {
    const keys = ["cur/acme/20260401-20260501/a1/acme-2.csv.gz", "cur/acme/20260401-20260501/a1/acme-1.csv.gz"];
    expect(parseManifest(LEGACY_KEY, JSON.stringify({ assemblyId: "a1", reportKeys: keys }))).toEqual({
      layout: "CUR_LEGACY",
      key: LEGACY_KEY,
      assemblyId: "a1",
      billingPeriod: "2026-04",
      partKeys: keys,
    });
  });

  it("should read a Data Export manifest's execution id and s3:// data files as bucket keys", () => {
    const manifest = parseManifest(
      EXPORT_KEY,
      JSON.stringify({
        executionId: "e-9",
        dataFiles: ["s3://acme-billing/exports/focus/data/BILLING_PERIOD=2026-04/focus-00001.parquet"],
      }),
    );
    expect(manifest).toMatchObject({
      layout: "DATA_EXPORT",
      assemblyId: "e-9",
      partKeys: ["exports/focus/data/BILLING_PERIOD=2026-04/focus-00001.parquet"],
    });
  });

  it("should refuse a manifest that is not JSON, lacks its id or keys, or names keys that climb out", () => {
    expect(problem(LEGACY_KEY, "{ nope")).toMatch(/^cur\/acme\/.*: not valid JSON/);
    expect(problem(LEGACY_KEY, [1])).toContain("not a JSON object");
    expect(problem(LEGACY_KEY, { reportKeys: ["a.csv"] })).toContain('"assemblyId" is missing');
    expect(problem(EXPORT_KEY, { executionId: "e", dataFiles: [] })).toContain('"dataFiles" is missing, empty');
    expect(problem(LEGACY_KEY, { assemblyId: "a", reportKeys: [7] })).toContain('"reportKeys"');
    expect(problem(LEGACY_KEY, { assemblyId: "a", reportKeys: ["../../etc/passwd"] })).toContain(
      'the part key "../../etc/passwd" is not a plain key',
    );
    expect(problem(LEGACY_KEY, { assemblyId: "a", reportKeys: ["/abs.csv"] })).toContain("not a plain key");
    expect(problem(LEGACY_KEY, { assemblyId: "a", reportKeys: ["a.csv", "a.csv"] })).toContain("names a.csv twice");
    expect(problem("notes/acme-Manifest.json", { assemblyId: "a", reportKeys: ["a.csv"] })).toContain(
      "not where AWS puts a month's manifest",
    );
  });
});
