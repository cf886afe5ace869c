import { type MigrationInterface, type QueryRunner } from "typeorm";

export class JobHeartbeat1795688660695 implements MigrationInterface {
  name = "JobHeartbeat1795688660695";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24), "heartbeat_at" varchar(24), "attempts" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at" FROM "billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "billing_job"`);
    await queryRunner.query(`ALTER TABLE "temporary_billing_job" RENAME TO "billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(`ALTER TABLE "billing_job" RENAME TO "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE TABLE "billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24), CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at" FROM "temporary_billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id") `,
    );
  }
}
