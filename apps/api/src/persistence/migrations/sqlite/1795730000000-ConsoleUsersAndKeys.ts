import { type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Users' last sign-in and inviter, API key scopes and expiry, and password reset tokens.
 * app_user only gains columns (ALTER TABLE ADD): rebuilding it would cascade-delete every
 * session and key, since foreign keys stay on inside the migration's transaction.
 */
export class ConsoleUsersAndKeys1795730000000 implements MigrationInterface {
  name = "ConsoleUsersAndKeys1795730000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_token" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "expires_at" varchar(24) NOT NULL, "used_at" varchar(24), CONSTRAINT "FK_password_reset_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_password_reset_token_user_id" ON "password_reset_token" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_reset_token_hash" ON "password_reset_token" ("token_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "app_user" ADD COLUMN "last_sign_in_at" varchar(24)`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD COLUMN "invited_by_user_id" integer`);
    // Nothing references api_key, so it can be rebuilt; keys made before scopes keep full access.
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_user_id"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_api_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "last_used_at" varchar(24), "revoked_at" varchar(24), "scope" varchar(10) NOT NULL, "expires_at" varchar(24), CONSTRAINT "FK_api_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_api_key"("id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at", "scope") SELECT "id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at", 'ADMIN' FROM "api_key"`,
    );
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`ALTER TABLE "temporary_api_key" RENAME TO "api_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secret_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key" ("user_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_user_id"`);
    await queryRunner.query(`ALTER TABLE "api_key" RENAME TO "temporary_api_key"`);
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "last_used_at" varchar(24), "revoked_at" varchar(24), CONSTRAINT "FK_api_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "api_key"("id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at") SELECT "id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at" FROM "temporary_api_key"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_api_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secret_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key" ("user_id") `);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "invited_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "last_sign_in_at"`);
    await queryRunner.query(`DROP INDEX "UQ_password_reset_token_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_password_reset_token_user_id"`);
    await queryRunner.query(`DROP TABLE "password_reset_token"`);
  }
}
