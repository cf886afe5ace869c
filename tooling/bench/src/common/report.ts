// What every benchmark's report shares: medians, and its own "## <name>" section of
// docs/benchmarks.md, rewritten in place and formatted with the repository's Prettier.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Replaces (or adds) the section that starts with the `heading` line (e.g. "## Ingest") up to the
 * next "## " heading, keeping every other section.
 */
export async function writeSection(path: string, heading: string, section: string): Promise<void> {
  let text = existsSync(path)
    ? await readFile(path, "utf8")
    : "# Benchmarks\n\nMeasurements of Reseller Console's hot paths. They are not tests: run them by hand.\n";
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  const body = section.trimEnd().split("\n");
  if (start < 0) {
    text = `${text.trimEnd()}\n\n${body.join("\n")}\n`;
  } else {
    let end = lines.findIndex((line, i) => i > start && /^## /.test(line));
    if (end < 0) end = lines.length;
    const after = lines.slice(end);
    text = [...lines.slice(0, start), ...body, ...(after.length ? ["", ...after] : [""])].join(
      "\n",
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await formatMarkdown(path, text));
}

/** Formats with the repository's Prettier (its config and version), so format:check passes. */
async function formatMarkdown(path: string, text: string): Promise<string> {
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...config, filepath: path });
}

export interface Publication {
  /** Where the raw runs go: `<dataDir>/<runsFile>`, rewritten by every run. */
  dataDir: string;
  runsFile: string;
  runs: unknown;
  /** Whether to rewrite `heading`'s section of `docsFile`. */
  write: boolean;
  docsFile: string;
  heading: string;
  section: string;
}

/** Saves the raw runs, and (unless told not to) rewrites the benchmark's section of the docs. */
export async function publishReport(publication: Publication): Promise<void> {
  await writeFile(
    join(publication.dataDir, publication.runsFile),
    `${JSON.stringify(publication.runs, null, 2)}\n`,
  );
  if (publication.write) {
    await writeSection(publication.docsFile, publication.heading, publication.section);
    process.stderr.write(
      `wrote the "${publication.heading.slice(3)}" section of ${publication.docsFile}\n`,
    );
  } else
    process.stderr.write(
      "docs/benchmarks.md left as it is (non-default parameters or --no-write; --write forces)\n",
    );
}

/** Runs a benchmark's main: a failure prints its stack, prefixed with the name, and exits 1. */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
