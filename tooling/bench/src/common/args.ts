// The command-line options every benchmark shares: where its data is kept, whether it rewrites
// its section of docs/benchmarks.md, and --help.
import { join, resolve } from "node:path";

export const COMMON_OPTIONS = {
  "data-dir": { type: "string" },
  write: { type: "boolean" },
  "no-write": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface CommonValues {
  "data-dir"?: string;
  write?: boolean;
  "no-write"?: boolean;
  help?: boolean;
}

/** Prints `usage` and exits when --help was given: before any other option is checked. */
export function exitOnHelp(values: CommonValues, usage: string): void {
  if (!values.help) return;
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

/**
 * The data folder (default `<root>/.bench-data`) and whether to write the docs: --no-write never,
 * --write always, else only when every other parameter is at its default (`defaults`).
 */
export function commonSettings(
  values: CommonValues,
  root: string,
  defaults: boolean,
): { dataDir: string; write: boolean } {
  return {
    dataDir: resolve(values["data-dir"] ?? join(root, ".bench-data")),
    write: values["no-write"] ? false : (values.write ?? defaults),
  };
}
