import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Init1795677233542 implements MigrationInterface {
  name = "Init1795677233542";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "partner" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(254) NOT NULL, "level" varchar(10) NOT NULL, "parent_id" integer, "is_reseller" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_partner_name" ON "partner" ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_partner_parent_id" ON "partner" ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer NOT NULL, "name" varchar(200) NOT NULL, "aws_account_id" varchar(12), "is_master_payer" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_account_partner_id" ON "account" ("partner_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_account_master_payer_aws_id" ON "account" ("aws_account_id") WHERE is_master_payer = TRUE`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer, "email" varchar(254) NOT NULL, "name" varchar(200), "role" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "password_hash" varchar(255), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_app_user_partner_id" ON "app_user" ("partner_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_app_user_email" ON "app_user" ("email") `);
    await queryRunner.query(
      `CREATE TABLE "session" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "expires_at" varchar(24) NOT NULL, "revoked_at" varchar(24))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_user_id" ON "session" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "last_used_at" varchar(24), "revoked_at" varchar(24))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secret_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activation_token" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "expires_at" varchar(24) NOT NULL, "used_at" varchar(24))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_activation_token_user_id" ON "activation_token" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_activation_token_hash" ON "activation_token" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link_change" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "link_id" integer NOT NULL, "action" varchar(10) NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" varchar(12) NOT NULL, "payee_ids" text NOT NULL, "history" varchar(20) NOT NULL, "effective_from_month" varchar(7), "changed_by_user_id" integer NOT NULL, "changed_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_change_link" ON "reseller_link_change" ("link_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" varchar(12) NOT NULL, "history" varchar(20) NOT NULL, "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_parent_partner" ON "reseller_link" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_master_payer" ON "reseller_link" ("master_payer_account_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_partner" ON "reseller_link" ("reseller_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_account" ON "reseller_link" ("reseller_account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link_payee" ("link_id" integer NOT NULL, "aws_account_id" varchar(12) NOT NULL, "master_payer_account_id" integer NOT NULL, "position" integer NOT NULL, PRIMARY KEY ("link_id", "aws_account_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reseller_link_payee_per_master_payer" ON "reseller_link_payee" ("master_payer_account_id", "aws_account_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_partner_name"`);
    await queryRunner.query(`DROP INDEX "IDX_partner_parent_id"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_partner" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(254) NOT NULL, "level" varchar(10) NOT NULL, "parent_id" integer, "is_reseller" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL, CONSTRAINT "FK_partner_parent" FOREIGN KEY ("parent_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_partner"("id", "name", "email", "level", "parent_id", "is_reseller", "created_at") SELECT "id", "name", "email", "level", "parent_id", "is_reseller", "created_at" FROM "partner"`,
    );
    await queryRunner.query(`DROP TABLE "partner"`);
    await queryRunner.query(`ALTER TABLE "temporary_partner" RENAME TO "partner"`);
    await queryRunner.query(`CREATE INDEX "IDX_partner_name" ON "partner" ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_partner_parent_id" ON "partner" ("parent_id") `);
    await queryRunner.query(`DROP INDEX "IDX_account_partner_id"`);
    await queryRunner.query(`DROP INDEX "UQ_account_master_payer_aws_id"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer NOT NULL, "name" varchar(200) NOT NULL, "aws_account_id" varchar(12), "is_master_payer" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL, CONSTRAINT "FK_account_partner" FOREIGN KEY ("partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_account"("id", "partner_id", "name", "aws_account_id", "is_master_payer", "created_at") SELECT "id", "partner_id", "name", "aws_account_id", "is_master_payer", "created_at" FROM "account"`,
    );
    await queryRunner.query(`DROP TABLE "account"`);
    await queryRunner.query(`ALTER TABLE "temporary_account" RENAME TO "account"`);
    await queryRunner.query(`CREATE INDEX "IDX_account_partner_id" ON "account" ("partner_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_account_master_payer_aws_id" ON "account" ("aws_account_id") WHERE is_master_payer = TRUE`,
    );
    await queryRunner.query(`DROP INDEX "IDX_app_user_partner_id"`);
    await queryRunner.query(`DROP INDEX "UQ_app_user_email"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_app_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer, "email" varchar(254) NOT NULL, "name" varchar(200), "role" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "password_hash" varchar(255), "created_at" varchar(24) NOT NULL, CONSTRAINT "FK_app_user_partner" FOREIGN KEY ("partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_app_user"("id", "partner_id", "email", "name", "role", "status", "password_hash", "created_at") SELECT "id", "partner_id", "email", "name", "role", "status", "password_hash", "created_at" FROM "app_user"`,
    );
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`ALTER TABLE "temporary_app_user" RENAME TO "app_user"`);
    await queryRunner.query(`CREATE INDEX "IDX_app_user_partner_id" ON "app_user" ("partner_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_app_user_email" ON "app_user" ("email") `);
    await queryRunner.query(`DROP INDEX "IDX_session_user_id"`);
    await queryRunner.query(`DROP INDEX "UQ_session_token_hash"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_session" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "expires_at" varchar(24) NOT NULL, "revoked_at" varchar(24), CONSTRAINT "FK_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_session"("id", "user_id", "token_hash", "created_at", "expires_at", "revoked_at") SELECT "id", "user_id", "token_hash", "created_at", "expires_at", "revoked_at" FROM "session"`,
    );
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`ALTER TABLE "temporary_session" RENAME TO "session"`);
    await queryRunner.query(`CREATE INDEX "IDX_session_user_id" ON "session" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session" ("token_hash") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_api_key_user_id"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_api_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "last_used_at" varchar(24), "revoked_at" varchar(24), CONSTRAINT "FK_api_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_api_key"("id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at") SELECT "id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at" FROM "api_key"`,
    );
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`ALTER TABLE "temporary_api_key" RENAME TO "api_key"`);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key" ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secret_hash") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_activation_token_user_id"`);
    await queryRunner.query(`DROP INDEX "UQ_activation_token_hash"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_activation_token" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "expires_at" varchar(24) NOT NULL, "used_at" varchar(24), CONSTRAINT "FK_activation_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_activation_token"("id", "user_id", "token_hash", "expires_at", "used_at") SELECT "id", "user_id", "token_hash", "expires_at", "used_at" FROM "activation_token"`,
    );
    await queryRunner.query(`DROP TABLE "activation_token"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_activation_token" RENAME TO "activation_token"`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_activation_token_user_id" ON "activation_token" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_activation_token_hash" ON "activation_token" ("token_hash") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_parent_partner"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_master_payer"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_partner"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_account"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_reseller_link" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" varchar(12) NOT NULL, "history" varchar(20) NOT NULL, "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL, CONSTRAINT "FK_reseller_link_parent_partner" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_reseller_link_master_payer" FOREIGN KEY ("master_payer_account_id") REFERENCES "account" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_reseller_link_reseller_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_reseller_link_reseller_account" FOREIGN KEY ("reseller_account_id") REFERENCES "account" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_reseller_link"("id", "parent_partner_id", "master_payer_account_id", "reseller_partner_id", "reseller_account_id", "aws_payer_account_id", "history", "created_at", "updated_at") SELECT "id", "parent_partner_id", "master_payer_account_id", "reseller_partner_id", "reseller_account_id", "aws_payer_account_id", "history", "created_at", "updated_at" FROM "reseller_link"`,
    );
    await queryRunner.query(`DROP TABLE "reseller_link"`);
    await queryRunner.query(`ALTER TABLE "temporary_reseller_link" RENAME TO "reseller_link"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_parent_partner" ON "reseller_link" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_master_payer" ON "reseller_link" ("master_payer_account_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_partner" ON "reseller_link" ("reseller_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_account" ON "reseller_link" ("reseller_account_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_reseller_link_payee_per_master_payer"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_reseller_link_payee" ("link_id" integer NOT NULL, "aws_account_id" varchar(12) NOT NULL, "master_payer_account_id" integer NOT NULL, "position" integer NOT NULL, CONSTRAINT "FK_reseller_link_payee_link" FOREIGN KEY ("link_id") REFERENCES "reseller_link" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("link_id", "aws_account_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_reseller_link_payee"("link_id", "aws_account_id", "master_payer_account_id", "position") SELECT "link_id", "aws_account_id", "master_payer_account_id", "position" FROM "reseller_link_payee"`,
    );
    await queryRunner.query(`DROP TABLE "reseller_link_payee"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_reseller_link_payee" RENAME TO "reseller_link_payee"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reseller_link_payee_per_master_payer" ON "reseller_link_payee" ("master_payer_account_id", "aws_account_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_reseller_link_payee_per_master_payer"`);
    await queryRunner.query(
      `ALTER TABLE "reseller_link_payee" RENAME TO "temporary_reseller_link_payee"`,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link_payee" ("link_id" integer NOT NULL, "aws_account_id" varchar(12) NOT NULL, "master_payer_account_id" integer NOT NULL, "position" integer NOT NULL, PRIMARY KEY ("link_id", "aws_account_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "reseller_link_payee"("link_id", "aws_account_id", "master_payer_account_id", "position") SELECT "link_id", "aws_account_id", "master_payer_account_id", "position" FROM "temporary_reseller_link_payee"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_reseller_link_payee"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reseller_link_payee_per_master_payer" ON "reseller_link_payee" ("master_payer_account_id", "aws_account_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_account"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_partner"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_master_payer"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_parent_partner"`);
    await queryRunner.query(`ALTER TABLE "reseller_link" RENAME TO "temporary_reseller_link"`);
    await queryRunner.query(
      `CREATE TABLE "reseller_link" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" varchar(12) NOT NULL, "history" varchar(20) NOT NULL, "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "reseller_link"("id", "parent_partner_id", "master_payer_account_id", "reseller_partner_id", "reseller_account_id", "aws_payer_account_id", "history", "created_at", "updated_at") SELECT "id", "parent_partner_id", "master_payer_account_id", "reseller_partner_id", "reseller_account_id", "aws_payer_account_id", "history", "created_at", "updated_at" FROM "temporary_reseller_link"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_reseller_link"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_account" ON "reseller_link" ("reseller_account_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_partner" ON "reseller_link" ("reseller_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_master_payer" ON "reseller_link" ("master_payer_account_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_parent_partner" ON "reseller_link" ("parent_partner_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_activation_token_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_activation_token_user_id"`);
    await queryRunner.query(
      `ALTER TABLE "activation_token" RENAME TO "temporary_activation_token"`,
    );
    await queryRunner.query(
      `CREATE TABLE "activation_token" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "expires_at" varchar(24) NOT NULL, "used_at" varchar(24))`,
    );
    await queryRunner.query(
      `INSERT INTO "activation_token"("id", "user_id", "token_hash", "expires_at", "used_at") SELECT "id", "user_id", "token_hash", "expires_at", "used_at" FROM "temporary_activation_token"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_activation_token"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_activation_token_hash" ON "activation_token" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_activation_token_user_id" ON "activation_token" ("user_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_user_id"`);
    await queryRunner.query(`ALTER TABLE "api_key" RENAME TO "temporary_api_key"`);
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "name" varchar(100) NOT NULL, "secret_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "last_used_at" varchar(24), "revoked_at" varchar(24))`,
    );
    await queryRunner.query(
      `INSERT INTO "api_key"("id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at") SELECT "id", "user_id", "name", "secret_hash", "created_at", "last_used_at", "revoked_at" FROM "temporary_api_key"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_api_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secret_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key" ("user_id") `);
    await queryRunner.query(`DROP INDEX "UQ_session_token_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_session_user_id"`);
    await queryRunner.query(`ALTER TABLE "session" RENAME TO "temporary_session"`);
    await queryRunner.query(
      `CREATE TABLE "session" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "token_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "expires_at" varchar(24) NOT NULL, "revoked_at" varchar(24))`,
    );
    await queryRunner.query(
      `INSERT INTO "session"("id", "user_id", "token_hash", "created_at", "expires_at", "revoked_at") SELECT "id", "user_id", "token_hash", "created_at", "expires_at", "revoked_at" FROM "temporary_session"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_session"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session" ("token_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_user_id" ON "session" ("user_id") `);
    await queryRunner.query(`DROP INDEX "UQ_app_user_email"`);
    await queryRunner.query(`DROP INDEX "IDX_app_user_partner_id"`);
    await queryRunner.query(`ALTER TABLE "app_user" RENAME TO "temporary_app_user"`);
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer, "email" varchar(254) NOT NULL, "name" varchar(200), "role" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "password_hash" varchar(255), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "app_user"("id", "partner_id", "email", "name", "role", "status", "password_hash", "created_at") SELECT "id", "partner_id", "email", "name", "role", "status", "password_hash", "created_at" FROM "temporary_app_user"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_app_user"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_app_user_email" ON "app_user" ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_app_user_partner_id" ON "app_user" ("partner_id") `);
    await queryRunner.query(`DROP INDEX "UQ_account_master_payer_aws_id"`);
    await queryRunner.query(`DROP INDEX "IDX_account_partner_id"`);
    await queryRunner.query(`ALTER TABLE "account" RENAME TO "temporary_account"`);
    await queryRunner.query(
      `CREATE TABLE "account" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "partner_id" integer NOT NULL, "name" varchar(200) NOT NULL, "aws_account_id" varchar(12), "is_master_payer" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "account"("id", "partner_id", "name", "aws_account_id", "is_master_payer", "created_at") SELECT "id", "partner_id", "name", "aws_account_id", "is_master_payer", "created_at" FROM "temporary_account"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_account"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_account_master_payer_aws_id" ON "account" ("aws_account_id") WHERE is_master_payer = TRUE`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_account_partner_id" ON "account" ("partner_id") `);
    await queryRunner.query(`DROP INDEX "IDX_partner_parent_id"`);
    await queryRunner.query(`DROP INDEX "IDX_partner_name"`);
    await queryRunner.query(`ALTER TABLE "partner" RENAME TO "temporary_partner"`);
    await queryRunner.query(
      `CREATE TABLE "partner" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(254) NOT NULL, "level" varchar(10) NOT NULL, "parent_id" integer, "is_reseller" boolean NOT NULL DEFAULT (0), "created_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "partner"("id", "name", "email", "level", "parent_id", "is_reseller", "created_at") SELECT "id", "name", "email", "level", "parent_id", "is_reseller", "created_at" FROM "temporary_partner"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_partner"`);
    await queryRunner.query(`CREATE INDEX "IDX_partner_parent_id" ON "partner" ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_partner_name" ON "partner" ("name") `);
    await queryRunner.query(`DROP INDEX "UQ_reseller_link_payee_per_master_payer"`);
    await queryRunner.query(`DROP TABLE "reseller_link_payee"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_account"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_reseller_partner"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_master_payer"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_parent_partner"`);
    await queryRunner.query(`DROP TABLE "reseller_link"`);
    await queryRunner.query(`DROP INDEX "IDX_reseller_link_change_link"`);
    await queryRunner.query(`DROP TABLE "reseller_link_change"`);
    await queryRunner.query(`DROP INDEX "UQ_activation_token_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_activation_token_user_id"`);
    await queryRunner.query(`DROP TABLE "activation_token"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_user_id"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP INDEX "UQ_session_token_hash"`);
    await queryRunner.query(`DROP INDEX "IDX_session_user_id"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "UQ_app_user_email"`);
    await queryRunner.query(`DROP INDEX "IDX_app_user_partner_id"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "UQ_account_master_payer_aws_id"`);
    await queryRunner.query(`DROP INDEX "IDX_account_partner_id"`);
    await queryRunner.query(`DROP TABLE "account"`);
    await queryRunner.query(`DROP INDEX "IDX_partner_parent_id"`);
    await queryRunner.query(`DROP INDEX "IDX_partner_name"`);
    await queryRunner.query(`DROP TABLE "partner"`);
  }
}
