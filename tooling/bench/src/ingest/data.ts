// The benchmark's input files: CUR legacy reports written by @reseller/billing-generator, kept
// in the data folder and reused while the parameters and the generator's code are the same.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type GenerateOptions, type GenerateResult } from "@reseller/billing-generator";
import { runNode, runnerPath } from "../common/spawn.js";

export type FileFormat = "csv.gz" | "parquet";

export interface BenchFile {
  rows: number;
  format: FileFormat;
  path: string;
  result: GenerateResult;
}

export interface DataParameters {
  rows: readonly number[];
  formats: readonly FileFormat[];
  month: string;
  payer: string;
  payees: number;
  seed: string;
}

interface Manifest {
  key: string;
  options: GenerateOptions;
  result: GenerateResult;
}

const PREFIX = "cur-legacy-";

/** A hash of the generator's built code: a changed generator writes the files anew. */
async function generatorVersion(): Promise<string> {
  const dist = dirname(fileURLToPath(import.meta.resolve("@reseller/billing-generator")));
  const hash = createHash("sha256");
  for (const name of (await readdir(dist)).filter((n) => n.endsWith(".js")).sort()) {
    hash.update(name);
    hash.update(await readFile(join(dist, name)));
  }
  return hash.digest("hex");
}

function optionsFor(params: DataParameters, rows: number, format: FileFormat, out: string) {
  return {
    format: "CUR_LEGACY",
    rows,
    month: params.month,
    out,
    payer: params.payer,
    payees: params.payees,
    seed: params.seed,
    gzip: format === "csv.gz",
    parquet: format === "parquet",
    currency: "USD",
  } satisfies GenerateOptions;
}

/**
 * Returns the files for every (rows, format), writing the missing ones (two at a time on a
 * machine with two cores or more).
 */
export async function ensureFiles(
  dir: string,
  params: DataParameters,
  log: (line: string) => void,
): Promise<{ files: BenchFile[]; generated: number }> {
  await mkdir(dir, { recursive: true });
  const version = await generatorVersion();
  const wanted = params.rows.flatMap((rows) =>
    params.formats.map((format) => {
      const key = createHash("sha256")
        .update(JSON.stringify({ version, ...optionsFor(params, rows, format, "") }))
        .digest("hex")
        .slice(0, 12);
      const path = join(dir, `${PREFIX}${rows}-${key}.${format}`);
      return { rows, format, key, path, manifest: `${path}.json` };
    }),
  );

  // Older versions of the wanted files (other generator code or parameters) and leftovers of an
  // interrupted run go; files of other sizes stay for the runs that ask for them.
  const keep = new Set(wanted.flatMap((w) => [basename(w.path), basename(w.manifest)]));
  const stale = (name: string): boolean =>
    name.startsWith(`tmp-${PREFIX}`) ||
    wanted.some(
      (w) =>
        name.startsWith(`${PREFIX}${w.rows}-`) &&
        (name.endsWith(`.${w.format}`) || name.endsWith(`.${w.format}.json`)) &&
        !keep.has(name),
    );
  for (const name of await readdir(dir))
    if (stale(name)) await rm(join(dir, name), { recursive: true, force: true });

  const files = new Map<string, BenchFile>();
  const missing: typeof wanted = [];
  for (const w of wanted) {
    const manifest = await readManifest(w.manifest, w.key);
    if (manifest && existsSync(w.path) && (await stat(w.path)).size === manifest.result.bytes) {
      files.set(w.path, { rows: w.rows, format: w.format, path: w.path, result: manifest.result });
    } else missing.push(w);
  }
  // Largest first, so that the two workers finish together.
  missing.sort((a, b) => cost(b) - cost(a));
  const queue = [...missing];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const tmp = join(dir, `tmp-${basename(next.path)}`);
      const options = optionsFor(params, next.rows, next.format, tmp);
      log(`generating ${next.rows.toLocaleString("en-US")} rows as ${next.format} …`);
      const { result, wallMs } = await runNode<GenerateResult>(runnerPath("ingest", "generate"), [
        "--options",
        JSON.stringify(options),
      ]);
      await rename(tmp, next.path);
      const final = { ...result, path: next.path };
      await writeFile(
        next.manifest,
        `${JSON.stringify({ key: next.key, options, result: final } satisfies Manifest, null, 2)}\n`,
      );
      log(
        `  wrote ${next.path} (${(result.bytes / 2 ** 20).toFixed(0)} MiB) in ${(wallMs / 1000).toFixed(0)} s`,
      );
      files.set(next.path, {
        rows: next.rows,
        format: next.format,
        path: next.path,
        result: final,
      });
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(2, availableParallelism(), Math.max(1, missing.length)) },
      worker,
    ),
  );
  return {
    generated: missing.length,
    files: wanted.map((w) => {
      const file = files.get(w.path);
      if (!file) throw new Error(`no file for ${w.rows} ${w.format}`);
      return file;
    }),
  };
}

// Parquet takes a CSV pass and a conversion: about twice the time of gzip'd CSV.
function cost(w: { rows: number; format: FileFormat }): number {
  return w.rows * (w.format === "parquet" ? 2.4 : 1);
}

async function readManifest(path: string, key: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
    return manifest.key === key ? manifest : null;
  } catch {
    return null;
  }
}
