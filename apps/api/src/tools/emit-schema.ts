// Prints the schema the API serves to packages/schema/schema.graphql, or with --check
// fails when the committed file differs (schema drift).
//   node dist/tools/emit-schema.js <file> [--check]
import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { getSchema } from "../schema.js";

const [target, flag] = process.argv.slice(2);
if (!target) {
  process.stderr.write("usage: emit-schema <file> [--check]\n");
  process.exit(2);
}
const header =
  "# Emitted from apps/api by `pnpm schema:emit`; do not edit. Clients build against this file.\n\n";
const sdl = header + printSchema(lexicographicSortSchema(await getSchema())) + "\n";
if (flag === "--check") {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // A missing file is drift too.
  }
  if (committed !== sdl) {
    process.stderr.write(
      `${target} differs from the schema the API emits: run \`pnpm schema:emit\` and commit it.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${target} matches the emitted schema.\n`);
} else {
  writeFileSync(target, sdl);
  process.stdout.write(`Wrote ${target}\n`);
}
