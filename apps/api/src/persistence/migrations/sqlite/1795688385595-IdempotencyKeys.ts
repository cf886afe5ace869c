import { type MigrationInterface, type QueryRunner } from "typeorm";

// Responses kept for retries that carry an Idempotency-Key (graphql/idempotency.ts). Written as
// one CREATE TABLE with its foreign key: the generator's copy-the-table form builds the same schema.
export class IdempotencyKeys1795688385595 implements MigrationInterface {
  name = "IdempotencyKeys1795688385595";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "key" varchar(255) NOT NULL, "fingerprint" varchar(64) NOT NULL, "response_status" integer, "response_body" text, "created_at" varchar(24) NOT NULL, "expires_at" varchar(24) NOT NULL, CONSTRAINT "FK_idempotency_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_idempotency_key_expires_at" ON "idempotency_key" ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_idempotency_key_user_key" ON "idempotency_key" ("user_id", "key") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_idempotency_key_user_key"`);
    await queryRunner.query(`DROP INDEX "IDX_idempotency_key_expires_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
