import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Billing1795681691245 implements MigrationInterface {
  name = "Billing1795681691245";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_month" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "master_payer_account_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "status" varchar(10) NOT NULL, "invoice_id" varchar(64), "locked" boolean NOT NULL DEFAULT (0), "content_hash" varchar(64) NOT NULL, "file_name" varchar(255) NOT NULL, "format" varchar(12) NOT NULL, "line_items" integer NOT NULL, "ingested_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_billing_month" ON "billing_month" ("master_payer_account_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_row" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "line_item_type" varchar(64) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row" ("billing_month_id", "usage_account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "allocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "charge_class" varchar(10) NOT NULL, "currency" varchar(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost" ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "unallocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "reason" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_unallocated_cost_month" ON "unallocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "pricing_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "effective_to" varchar(7), "kind" varchar(10) NOT NULL, "percent" varchar(12), "amount" text, "service_code" varchar(128), "basis" varchar(10), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule" ("parent_partner_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_billing_month"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_billing_month" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "master_payer_account_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "status" varchar(10) NOT NULL, "invoice_id" varchar(64), "locked" boolean NOT NULL DEFAULT (0), "content_hash" varchar(64) NOT NULL, "file_name" varchar(255) NOT NULL, "format" varchar(12) NOT NULL, "line_items" integer NOT NULL, "ingested_at" varchar(24) NOT NULL, CONSTRAINT "FK_billing_month_account" FOREIGN KEY ("master_payer_account_id") REFERENCES "account" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_billing_month"("id", "master_payer_account_id", "billing_period", "status", "invoice_id", "locked", "content_hash", "file_name", "format", "line_items", "ingested_at") SELECT "id", "master_payer_account_id", "billing_period", "status", "invoice_id", "locked", "content_hash", "file_name", "format", "line_items", "ingested_at" FROM "billing_month"`,
    );
    await queryRunner.query(`DROP TABLE "billing_month"`);
    await queryRunner.query(`ALTER TABLE "temporary_billing_month" RENAME TO "billing_month"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_billing_month" ON "billing_month" ("master_payer_account_id", "billing_period") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_cost_row_month_account"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_cost_row" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "line_item_type" varchar(64) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_cost_row_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_cost_row"("id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items") SELECT "id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items" FROM "cost_row"`,
    );
    await queryRunner.query(`DROP TABLE "cost_row"`);
    await queryRunner.query(`ALTER TABLE "temporary_cost_row" RENAME TO "cost_row"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row" ("billing_month_id", "usage_account_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24), CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at" FROM "billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "billing_job"`);
    await queryRunner.query(`ALTER TABLE "temporary_billing_job" RENAME TO "billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_month"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_partner_month"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_allocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "charge_class" varchar(10) NOT NULL, "currency" varchar(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "FK_allocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_allocated_cost_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_allocated_cost"("id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost") SELECT "id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost" FROM "allocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "allocated_cost"`);
    await queryRunner.query(`ALTER TABLE "temporary_allocated_cost" RENAME TO "allocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost" ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_unallocated_cost_month"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_unallocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "reason" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_unallocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_unallocated_cost"("id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items") SELECT "id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items" FROM "unallocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "unallocated_cost"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_unallocated_cost" RENAME TO "unallocated_cost"`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_unallocated_cost_month" ON "unallocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_pricing_rule_parent"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_pricing_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "effective_to" varchar(7), "kind" varchar(10) NOT NULL, "percent" varchar(12), "amount" text, "service_code" varchar(128), "basis" varchar(10), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL, CONSTRAINT "FK_pricing_rule_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_pricing_rule_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_pricing_rule"("id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at") SELECT "id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at" FROM "pricing_rule"`,
    );
    await queryRunner.query(`DROP TABLE "pricing_rule"`);
    await queryRunner.query(`ALTER TABLE "temporary_pricing_rule" RENAME TO "pricing_rule"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule" ("parent_partner_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_pricing_rule_parent"`);
    await queryRunner.query(`ALTER TABLE "pricing_rule" RENAME TO "temporary_pricing_rule"`);
    await queryRunner.query(
      `CREATE TABLE "pricing_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "effective_to" varchar(7), "kind" varchar(10) NOT NULL, "percent" varchar(12), "amount" text, "service_code" varchar(128), "basis" varchar(10), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "pricing_rule"("id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at") SELECT "id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at" FROM "temporary_pricing_rule"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_pricing_rule"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule" ("parent_partner_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_unallocated_cost_month"`);
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" RENAME TO "temporary_unallocated_cost"`,
    );
    await queryRunner.query(
      `CREATE TABLE "unallocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "reason" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "unallocated_cost"("id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items") SELECT "id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items" FROM "temporary_unallocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_unallocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_unallocated_cost_month" ON "unallocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_partner_month"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_month"`);
    await queryRunner.query(`ALTER TABLE "allocated_cost" RENAME TO "temporary_allocated_cost"`);
    await queryRunner.query(
      `CREATE TABLE "allocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "charge_class" varchar(10) NOT NULL, "currency" varchar(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "allocated_cost"("id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost") SELECT "id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost" FROM "temporary_allocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_allocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost" ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`ALTER TABLE "billing_job" RENAME TO "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE TABLE "billing_job" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(10) NOT NULL, "state" varchar(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" varchar(20) NOT NULL, "file_path" varchar(1024), "file_name" varchar(255), "billing_period" varchar(7), "rows_read" integer NOT NULL DEFAULT (0), "rows_allocated" integer NOT NULL DEFAULT (0), "rows_unmatched" integer NOT NULL DEFAULT (0), "error" text, "outcome" text, "created_by_user_id" integer, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24))`,
    );
    await queryRunner.query(
      `INSERT INTO "billing_job"("id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at") SELECT "id", "kind", "state", "parent_partner_id", "master_payer_account_id", "source", "file_path", "file_name", "billing_period", "rows_read", "rows_allocated", "rows_unmatched", "error", "outcome", "created_by_user_id", "created_at", "started_at", "finished_at" FROM "temporary_billing_job"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_billing_job"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job" ("state", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job" ("parent_partner_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_cost_row_month_account"`);
    await queryRunner.query(`ALTER TABLE "cost_row" RENAME TO "temporary_cost_row"`);
    await queryRunner.query(
      `CREATE TABLE "cost_row" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "line_item_type" varchar(64) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "cost_row"("id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items") SELECT "id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items" FROM "temporary_cost_row"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_cost_row"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row" ("billing_month_id", "usage_account_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_billing_month"`);
    await queryRunner.query(`ALTER TABLE "billing_month" RENAME TO "temporary_billing_month"`);
    await queryRunner.query(
      `CREATE TABLE "billing_month" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "master_payer_account_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "status" varchar(10) NOT NULL, "invoice_id" varchar(64), "locked" boolean NOT NULL DEFAULT (0), "content_hash" varchar(64) NOT NULL, "file_name" varchar(255) NOT NULL, "format" varchar(12) NOT NULL, "line_items" integer NOT NULL, "ingested_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "billing_month"("id", "master_payer_account_id", "billing_period", "status", "invoice_id", "locked", "content_hash", "file_name", "format", "line_items", "ingested_at") SELECT "id", "master_payer_account_id", "billing_period", "status", "invoice_id", "locked", "content_hash", "file_name", "format", "line_items", "ingested_at" FROM "temporary_billing_month"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_billing_month"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_billing_month" ON "billing_month" ("master_payer_account_id", "billing_period") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_pricing_rule_parent"`);
    await queryRunner.query(`DROP TABLE "pricing_rule"`);
    await queryRunner.query(`DROP INDEX "IDX_unallocated_cost_month"`);
    await queryRunner.query(`DROP TABLE "unallocated_cost"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_partner_month"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_month"`);
    await queryRunner.query(`DROP TABLE "allocated_cost"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_state"`);
    await queryRunner.query(`DROP INDEX "IDX_billing_job_parent"`);
    await queryRunner.query(`DROP TABLE "billing_job"`);
    await queryRunner.query(`DROP INDEX "IDX_cost_row_month_account"`);
    await queryRunner.query(`DROP TABLE "cost_row"`);
    await queryRunner.query(`DROP INDEX "UQ_billing_month"`);
    await queryRunner.query(`DROP TABLE "billing_month"`);
  }
}
