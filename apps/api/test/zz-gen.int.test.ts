import "reflect-metadata";
import { it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { createServer } from "../src/server.js";
it("gen", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gen-"));
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dir, "t.sqlite")}`, MAIL_OUTBOX_DIR: join(dir, "o"), DEMO_DATA: "0", PORT: "0" });
  const server = await createServer({ config, logger: createLogger("error"), backgroundWork: false });
  const pending = await server.deps.dataSource.driver.createSchemaBuilder().log();
  writeFileSync(`/tmp/cgen/${config.database.driver}.json`, JSON.stringify({up: pending.upQueries.map(q=>q.query), down: pending.downQueries.map(q=>q.query)}, null, 1));
  await server.deps.dataSource.destroy();
});
