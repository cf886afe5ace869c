import { type MigrationInterface, type QueryRunner } from "typeorm";

// S3 report sources per master payer, and the delivery (assembly, parts) an ingest job read.
export class ReportSources1795700000000 implements MigrationInterface {
  name = "ReportSources1795700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_source" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "bucket" varchar(63) NOT NULL, "prefix" varchar(1024) NOT NULL, "region" varchar(32) NOT NULL, "endpoint" varchar(512), "role_arn" varchar(2048), "external_id" varchar(1224), "enabled" boolean NOT NULL DEFAULT (1), "last_checked_at" varchar(24), "last_error" text, "seen_deliveries" text NOT NULL DEFAULT ('{}'), "lease_owner" varchar(64), "lease_until" varchar(24), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL, CONSTRAINT "FK_report_source_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_report_source_account" FOREIGN KEY ("master_payer_account_id") REFERENCES "account" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_source_parent" ON "report_source" ("parent_partner_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_report_source_account" ON "report_source" ("master_payer_account_id")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24), "heartbeat_at" varchar(24), "attempts" integer NOT NULL DEFAULT (0), "assembly_id" varchar(128), "part_count" integer, CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at", "heartbeat_at", "attempts") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at", "heartbeat_at", "attempts" FROM "billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "billing_job"`);
    await queryRunner.query(`ALTER TABLE "temporary_billing_job" RENAME TO "billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`ALTER TABLE "billing_job" RENAME TO "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE TABLE "billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24), "heartbeat_at" varchar(24), "attempts" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at", "heartbeat_at", "attempts") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at", "heartbeat_at", "attempts" FROM "temporary_billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id")`,
    );
    await queryRunner.query(`DROP INDEX "UQ_report_source_account"`);
    await queryRunner.query(`DROP INDEX "IDX_report_source_parent"`);
    await queryRunner.query(`DROP TABLE "report_source"`);
  }
}
