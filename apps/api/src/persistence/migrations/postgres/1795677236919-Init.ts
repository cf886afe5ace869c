import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Init1795677236919 implements MigrationInterface {
  name = "Init1795677236919";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "partner" ("id" SERIAL NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "level" character varying(10) NOT NULL, "parent_id" integer, "is_reseller" boolean NOT NULL DEFAULT false, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_8f34ff11ddd5459eacbfacd48ca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_partner_name" ON "partner"  ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_partner_parent_id" ON "partner"  ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "account" ("id" SERIAL NOT NULL, "partner_id" integer NOT NULL, "name" character varying(200) NOT NULL, "aws_account_id" character varying(12), "is_master_payer" boolean NOT NULL DEFAULT false, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_account_partner_id" ON "account"  ("partner_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_account_master_payer_aws_id" ON "account"  ("aws_account_id") WHERE is_master_payer = TRUE`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" SERIAL NOT NULL, "partner_id" integer, "email" character varying(254) NOT NULL, "name" character varying(200), "role" character varying(20) NOT NULL, "status" character varying(20) NOT NULL, "password_hash" character varying(255), "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_app_user_partner_id" ON "app_user"  ("partner_id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_app_user_email" ON "app_user"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "session" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "token_hash" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "expires_at" character varying(24) NOT NULL, "revoked_at" character varying(24), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_user_id" ON "session"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "name" character varying(100) NOT NULL, "secret_hash" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "last_used_at" character varying(24), "revoked_at" character varying(24), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_user_id" ON "api_key"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key"  ("secret_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "activation_token" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" character varying(24) NOT NULL, "used_at" character varying(24), CONSTRAINT "PK_5d96bd5871b196adb5e050d97ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_activation_token_user_id" ON "activation_token"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_activation_token_hash" ON "activation_token"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link_change" ("id" SERIAL NOT NULL, "link_id" integer NOT NULL, "action" character varying(10) NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" character varying(12) NOT NULL, "payee_ids" text NOT NULL, "history" character varying(20) NOT NULL, "effective_from_month" character varying(7), "changed_by_user_id" integer NOT NULL, "changed_at" character varying(24) NOT NULL, CONSTRAINT "PK_ae090d9017e1e9ba09f209e6e3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_change_link" ON "reseller_link_change"  ("link_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link" ("id" SERIAL NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "reseller_partner_id" integer NOT NULL, "reseller_account_id" integer NOT NULL, "aws_payer_account_id" character varying(12) NOT NULL, "history" character varying(20) NOT NULL, "created_at" character varying(24) NOT NULL, "updated_at" character varying(24) NOT NULL, CONSTRAINT "PK_72d5945d9b78227b84438daa644" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_parent_partner" ON "reseller_link"  ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_master_payer" ON "reseller_link"  ("master_payer_account_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_partner" ON "reseller_link"  ("reseller_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_reseller_link_reseller_account" ON "reseller_link"  ("reseller_account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reseller_link_payee" ("link_id" integer NOT NULL, "aws_account_id" character varying(12) NOT NULL, "master_payer_account_id" integer NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_fd85bcf2287f847f9cf9dcf56be" PRIMARY KEY ("link_id", "aws_account_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reseller_link_payee_per_master_payer" ON "reseller_link_payee"  ("master_payer_account_id", "aws_account_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "partner" ADD CONSTRAINT "FK_partner_parent" FOREIGN KEY ("parent_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account" ADD CONSTRAINT "FK_account_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_app_user_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "FK_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "FK_api_key_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activation_token" ADD CONSTRAINT "FK_activation_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" ADD CONSTRAINT "FK_reseller_link_parent_partner" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" ADD CONSTRAINT "FK_reseller_link_master_payer" FOREIGN KEY ("master_payer_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" ADD CONSTRAINT "FK_reseller_link_reseller_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" ADD CONSTRAINT "FK_reseller_link_reseller_account" FOREIGN KEY ("reseller_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link_payee" ADD CONSTRAINT "FK_reseller_link_payee_link" FOREIGN KEY ("link_id") REFERENCES "reseller_link"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "reseller_link_payee" DROP CONSTRAINT "FK_reseller_link_payee_link"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" DROP CONSTRAINT "FK_reseller_link_reseller_account"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" DROP CONSTRAINT "FK_reseller_link_reseller_partner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" DROP CONSTRAINT "FK_reseller_link_master_payer"`,
    );
    await queryRunner.query(
      `ALTER TABLE "reseller_link" DROP CONSTRAINT "FK_reseller_link_parent_partner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "activation_token" DROP CONSTRAINT "FK_activation_token_user"`,
    );
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_api_key_user"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_session_user"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_app_user_partner"`);
    await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "FK_account_partner"`);
    await queryRunner.query(`ALTER TABLE "partner" DROP CONSTRAINT "FK_partner_parent"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_reseller_link_payee_per_master_payer"`);
    await queryRunner.query(`DROP TABLE "reseller_link_payee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reseller_link_reseller_account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reseller_link_reseller_partner"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reseller_link_master_payer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reseller_link_parent_partner"`);
    await queryRunner.query(`DROP TABLE "reseller_link"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_reseller_link_change_link"`);
    await queryRunner.query(`DROP TABLE "reseller_link_change"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_activation_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_activation_token_user_id"`);
    await queryRunner.query(`DROP TABLE "activation_token"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_user_id"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_session_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_user_id"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_app_user_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_app_user_partner_id"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_account_master_payer_aws_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_account_partner_id"`);
    await queryRunner.query(`DROP TABLE "account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_partner_parent_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_partner_name"`);
    await queryRunner.query(`DROP TABLE "partner"`);
  }
}
