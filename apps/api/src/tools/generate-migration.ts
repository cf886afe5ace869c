// Writes a migration for one driver from the difference between the entities and an
// empty (or current) database, the same way `typeorm migration:generate` does.
//   node dist/tools/generate-migration.js <sqlite|postgres> <Name> [postgres url]
import "reflect-metadata";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatabaseConfig } from "../config.js";
import { openDatabase } from "../persistence/data-source.js";

const [driver, name, pgUrl] = process.argv.slice(2);
if ((driver !== "sqlite" && driver !== "postgres") || !name || (driver === "postgres" && !pgUrl)) {
  process.stderr.write("usage: generate-migration <sqlite|postgres> <Name> [postgres url]\n");
  process.exit(2);
}

const config: DatabaseConfig =
  driver === "sqlite"
    ? {
        driver,
        path: join(mkdtempSync(join(tmpdir(), "migration-")), "gen.sqlite"),
        url: "sqlite:",
      }
    : { driver, url: pgUrl! };
const dataSource = await openDatabase(config);
const sql = await dataSource.driver.createSchemaBuilder().log();
await dataSource.destroy();
if (sql.upQueries.length === 0) {
  process.stdout.write("No changes: the migrations already match the entities.\n");
  process.exit(0);
}

const timestamp = Date.now();
const className = `${name}${timestamp}`;
const quote = (query: string) =>
  "`" + query.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
const lines = (queries: { query: string }[]) =>
  queries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join("\n");
const source = `import { type MigrationInterface, type QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
  name = "${className}";

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...sql.downQueries].reverse())}
  }
}
`;
const target = fileURLToPath(
  new URL(`../../src/persistence/migrations/${driver}/${timestamp}-${name}.ts`, import.meta.url),
);
writeFileSync(target, source);
process.stdout.write(`Wrote ${target}: add ${className} to migrations/${driver}/index.ts\n`);
