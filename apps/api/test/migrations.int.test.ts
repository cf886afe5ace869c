// The migrations of the driver in use build exactly the schema the entities describe, and the
// database enforces what the code relies on (foreign keys; on SQLite, WAL for concurrent readers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/harness.js";

describe("database schema after start", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("should leave no pending schema change when the server has migrated an empty database", async () => {
    const { dataSource } = server.running.deps;
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(
      pending.upQueries.map((q) => q.query),
      `${server.driver}: the entities and migrations disagree`,
    ).toEqual([]);
    expect(await dataSource.showMigrations(), `${server.driver}: a migration has not run`).toBe(
      false,
    );
    const applied: { name: string }[] = await dataSource.query(`SELECT "name" FROM "migrations"`);
    expect(applied.length).toBeGreaterThan(0);
  });

  it("should enforce foreign keys and the driver's settings when the schema is in place", async () => {
    const { dataSource } = server.running.deps;
    if (server.driver === "sqlite") {
      const [foreignKeys] =
        await dataSource.query<{ foreign_keys: number }[]>("PRAGMA foreign_keys");
      expect(foreignKeys?.foreign_keys).toBe(1);
      const [journal] = await dataSource.query<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(journal?.journal_mode).toBe("wal");
    } else {
      const constraints = await dataSource.query<{ constraint_name: string }[]>(
        `SELECT constraint_name FROM information_schema.table_constraints WHERE table_name = 'account' AND constraint_type = 'FOREIGN KEY'`,
      );
      expect(constraints.map((c) => c.constraint_name)).toContain("FK_account_partner");
    }
    // An account of a partner that does not exist is refused by the database itself.
    await expect(
      dataSource.query(
        `INSERT INTO "account" ("partner_id", "name", "aws_account_id", "is_master_payer", "created_at") VALUES (999999, 'Orphan', NULL, FALSE, '2030-01-01T00:00:00.000Z')`,
      ),
    ).rejects.toThrow(/foreign key/i);
    const [orphans] = await dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS "n" FROM "account" WHERE "partner_id" = 999999`,
    );
    expect(Number(orphans?.n)).toBe(0);
  });
});
