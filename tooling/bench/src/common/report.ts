// What every benchmark's report shares: medians, and its own "## <name>" section of
// docs/benchmarks.md, rewritten in place and formatted with the repository's Prettier.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

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
