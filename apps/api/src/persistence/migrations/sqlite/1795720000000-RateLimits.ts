import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The counts of rate-limiter-flexible's PostgreSQL store (key, points, expiry in ms), shared by
 * every API process on the database. SQLite runs one process and counts in memory; the table is
 * there too so that both schemas stay alike.
 */
export class RateLimits1795720000000 implements MigrationInterface {
  name = "RateLimits1795720000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit" ("key" varchar(255) PRIMARY KEY NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit"`);
  }
}
