import { type MigrationInterface, type QueryRunner } from "typeorm";

/** Users' last sign-in and inviter, API key scopes and expiry, and password reset tokens. */
export class ConsoleUsersAndKeys1795730000001 implements MigrationInterface {
  name = "ConsoleUsersAndKeys1795730000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_token" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" character varying(24) NOT NULL, "used_at" character varying(24), CONSTRAINT "PK_838af121380dfe3a6330e04f5bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_password_reset_token_user_id" ON "password_reset_token"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_reset_token_hash" ON "password_reset_token"  ("token_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD "last_sign_in_at" character varying(24)`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "invited_by_user_id" integer`);
    // Keys made before scopes keep full access; the default only fills the existing rows.
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD "scope" character varying(10) NOT NULL DEFAULT 'ADMIN'`,
    );
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "scope" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD "expires_at" character varying(24)`);
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" ADD CONSTRAINT "FK_password_reset_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" DROP CONSTRAINT "FK_password_reset_token_user"`,
    );
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "expires_at"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "scope"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "invited_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "last_sign_in_at"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_password_reset_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_password_reset_token_user_id"`);
    await queryRunner.query(`DROP TABLE "password_reset_token"`);
  }
}
