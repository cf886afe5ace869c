import { type MigrationInterface, type QueryRunner } from "typeorm";

// Responses kept for retries that carry an Idempotency-Key (graphql/idempotency.ts).
export class IdempotencyKeys1795688394046 implements MigrationInterface {
  name = "IdempotencyKeys1795688394046";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character varying(64) NOT NULL, "response_status" integer, "response_body" text, "created_at" character varying(24) NOT NULL, "expires_at" character varying(24) NOT NULL, CONSTRAINT "PK_213f125e14469be304f9ff1d452" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_idempotency_key_expires_at" ON "idempotency_key"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_idempotency_key_user_key" ON "idempotency_key"  ("user_id", "key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "idempotency_key" ADD CONSTRAINT "FK_idempotency_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_key" DROP CONSTRAINT "FK_idempotency_key_user"`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_idempotency_key_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_idempotency_key_expires_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
