/**
 * The manifests AWS writes beside a month's report parts. A month is a delivery: every part the
 * month's current manifest names, read together; parts of another assembly are never mixed in.
 *
 * CUR legacy: <prefix>/<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json, with `assemblyId` and
 * `reportKeys` (bucket keys of <prefix>/<report>/<yyyymmdd-yyyymmdd>/<assemblyId>/<report>-N.csv.gz).
 * Data Exports (CUR 2.0, FOCUS): <prefix>/<export>/metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json,
 * with `executionId` and `dataFiles` (s3:// URLs or bucket keys).
 */
export type DeliveryLayout = "CUR_LEGACY" | "DATA_EXPORT";

export interface Manifest {
  layout: DeliveryLayout;
  /** The manifest's own bucket key. */
  key: string;
  /** CUR legacy assemblyId, or the Data Export's executionId: a new one is a new delivery. */
  assemblyId: string;
  /** "YYYY-MM". */
  billingPeriod: string;
  /** Bucket keys of every part, in the manifest's order. */
  partKeys: string[];
}

/** A manifest that cannot be used: the message names its key and says what is wrong. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";

  constructor(
    readonly key: string,
    readonly detail: string,
  ) {
    super(`${key}: ${detail}`);
  }
}

// The month's current manifest. CUR legacy also writes a copy inside each assembly folder
// (<period>/<assemblyId>/<report>-Manifest.json): that copy is not matched.
const CUR_LEGACY_MANIFEST = /(?:^|\/)(\d{4})(\d{2})01-\d{8}\/[^/]+-Manifest\.json$/;
const DATA_EXPORT_MANIFEST =
  /(?:^|\/)metadata\/BILLING_PERIOD=(\d{4})-(\d{2})\/[^/]+-Manifest\.json$/;

/** The layout and month of a key that is a month's current manifest, or null. */
export function manifestKeyInfo(
  key: string,
): { layout: DeliveryLayout; billingPeriod: string } | null {
  const exported = DATA_EXPORT_MANIFEST.exec(key);
  if (exported) return { layout: "DATA_EXPORT", billingPeriod: `${exported[1]}-${exported[2]}` };
  const legacy = CUR_LEGACY_MANIFEST.exec(key);
  if (legacy) return { layout: "CUR_LEGACY", billingPeriod: `${legacy[1]}-${legacy[2]}` };
  return null;
}

/** The manifest's meaning; throws {@link ManifestError} naming the key when it is not usable. */
export function parseManifest(key: string, text: string): Manifest {
  const info = manifestKeyInfo(key);
  if (info === null)
    throw new ManifestError(key, "not where AWS puts a month's manifest (see the README)");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(key, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ManifestError(key, "not a JSON object");
  const fields = body as Record<string, unknown>;
  const [idField, listField] =
    info.layout === "CUR_LEGACY" ? ["assemblyId", "reportKeys"] : ["executionId", "dataFiles"];
  const assemblyId = fields[idField];
  if (typeof assemblyId !== "string" || assemblyId.trim() === "")
    throw new ManifestError(key, `"${idField}" is missing or not a text`);
  const list = fields[listField];
  if (!Array.isArray(list) || list.length === 0 || !list.every((k) => typeof k === "string"))
    throw new ManifestError(key, `"${listField}" is missing, empty or not a list of keys`);
  const partKeys = (list).map((part) => partKey(key, part));
  const duplicate = partKeys.find((part, index) => partKeys.indexOf(part) !== index);
  if (duplicate !== undefined)
    throw new ManifestError(key, `"${listField}" names ${duplicate} twice`);
  return { layout: info.layout, key, assemblyId, billingPeriod: info.billingPeriod, partKeys };
}

// "s3://bucket/a/b.csv.gz" or "a/b.csv.gz" → "a/b.csv.gz"; keys that climb out are refused.
function partKey(manifestKey: string, raw: string): string {
  const key = raw.startsWith("s3://") ? raw.slice(5).split("/").slice(1).join("/") : raw;
  const segments = key.split("/");
  if (
    key === "" ||
    key.startsWith("/") ||
    segments.some((s) => s === "" || s === "." || s === "..") ||
    key.includes("\\") ||
    key.includes("\u0000")
  )
    throw new ManifestError(manifestKey, `the part key ${JSON.stringify(raw)} is not a plain key`);
  return key;
}
