import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { type DeliveryLayout, type Manifest } from "./ingest/manifest.js";

/** The file a staged delivery is described by; a job whose file is one ingests the delivery. */
export const DELIVERY_FILE = "delivery.json";

/** A delivery as kept in storage: the manifest's meaning and where each part was put. */
export interface StoredDelivery {
  version: 1;
  layout: DeliveryLayout | null;
  manifestKey: string;
  assemblyId: string;
  billingPeriod: string | null;
  /** `file` is null for a part the manifest names but that could not be found. */
  parts: { key: string; file: string | null }[];
  /** Set when the manifest itself is unusable: the job fails with it. */
  problem: string | null;
}

/**
 * Puts a delivery into storage: `fetchPart` moves, copies or downloads one part to the target
 * and answers false when the part does not exist. Returns the path of its description.
 */
export async function stageDelivery(
  storageDir: string,
  manifest: Manifest,
  fetchPart: (key: string, target: string) => Promise<boolean>,
): Promise<string> {
  const dir = join(storageDir, "deliveries", randomUUID());
  await mkdir(dir, { recursive: true });
  const parts: StoredDelivery["parts"] = [];
  for (const [index, key] of manifest.partKeys.entries()) {
    // Stored names keep the extension only: keys are long and may hold any character.
    const file = `part-${String(index + 1).padStart(5, "0")}${partExtension(key)}`;
    parts.push({ key, file: (await fetchPart(key, join(dir, file))) ? file : null });
  }
  return describe(dir, {
    version: 1,
    layout: manifest.layout,
    manifestKey: manifest.key,
    assemblyId: manifest.assemblyId,
    billingPeriod: manifest.billingPeriod,
    parts,
    problem: null,
  });
}

/** Stages a manifest that cannot be read, so that its job fails and says why. */
export async function stageBadManifest(
  storageDir: string,
  manifestKey: string,
  problem: string,
): Promise<string> {
  const dir = join(storageDir, "deliveries", randomUUID());
  await mkdir(dir, { recursive: true });
  return describe(dir, {
    version: 1,
    layout: null,
    manifestKey,
    assemblyId: "",
    billingPeriod: null,
    parts: [],
    problem,
  });
}

async function describe(dir: string, delivery: StoredDelivery): Promise<string> {
  const path = join(dir, DELIVERY_FILE);
  await writeFile(path, `${JSON.stringify(delivery, null, 2)}\n`);
  return path;
}

export function isDeliveryFile(path: string): boolean {
  return basename(path) === DELIVERY_FILE;
}

export async function readStoredDelivery(path: string): Promise<StoredDelivery> {
  return JSON.parse(await readFile(path, "utf8")) as StoredDelivery;
}

function partExtension(key: string): string {
  const name = basename(key).toLowerCase();
  if (name.endsWith(".csv.gz")) return ".csv.gz";
  const ext = extname(name);
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : "";
}

/** sha256 of a file, hex: a delivery seen before is recognized before DuckDB reads it. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest("hex");
}
