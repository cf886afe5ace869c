import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Billing1795681695179 implements MigrationInterface {
  name = "Billing1795681695179";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_month" ("id" SERIAL NOT NULL, "master_payer_account_id" integer NOT NULL, "billing_period" character varying(7) NOT NULL, "status" character varying(10) NOT NULL, "invoice_id" character varying(64), "locked" boolean NOT NULL DEFAULT false, "content_hash" character varying(64) NOT NULL, "file_name" character varying(255) NOT NULL, "format" character varying(12) NOT NULL, "line_items" integer NOT NULL, "ingested_at" character varying(24) NOT NULL, CONSTRAINT "PK_f9862428baaa17534b9d8f1c4ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_billing_month" ON "billing_month"  ("master_payer_account_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cost_row" ("id" SERIAL NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" character varying(10) NOT NULL, "payer_account_id" character varying(32) NOT NULL, "usage_account_id" character varying(32) NOT NULL, "service_code" character varying(200) NOT NULL, "line_item_type" character varying(64) NOT NULL, "currency" character varying(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "PK_e7dfb0707406b7cf7e01c679eb9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row"  ("billing_month_id", "usage_account_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "billing_job" ("id" SERIAL NOT NULL, "kind" character varying(10) NOT NULL, "state" character varying(10) NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "source" character varying(20) NOT NULL, "file_path" character varying(1024), "file_name" character varying(255), "billing_period" character varying(7), "rows_read" integer NOT NULL DEFAULT '0', "rows_allocated" integer NOT NULL DEFAULT '0', "rows_unmatched" integer NOT NULL DEFAULT '0', "error" text, "outcome" text, "created_by_user_id" integer, "created_at" character varying(24) NOT NULL, "started_at" character varying(24), "finished_at" character varying(24), CONSTRAINT "PK_f71e9176b35d81efae4f8c33ee7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_parent" ON "billing_job"  ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_billing_job_state" ON "billing_job"  ("state", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "allocated_cost" ("id" SERIAL NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" character varying(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" character varying(10) NOT NULL, "usage_account_id" character varying(32) NOT NULL, "service_code" character varying(200) NOT NULL, "charge_class" character varying(10) NOT NULL, "currency" character varying(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "PK_5b2f96cd00edef3f481ce4e99d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost"  ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost"  ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "unallocated_cost" ("id" SERIAL NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" character varying(32) NOT NULL, "usage_account_id" character varying(32) NOT NULL, "reason" character varying(20) NOT NULL, "currency" character varying(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "PK_2835693e642d2d50f901d7d29dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_unallocated_cost_month" ON "unallocated_cost"  ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "pricing_rule" ("id" SERIAL NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" character varying(7) NOT NULL, "effective_to" character varying(7), "kind" character varying(10) NOT NULL, "percent" character varying(12), "amount" text, "service_code" character varying(128), "basis" character varying(10), "created_at" character varying(24) NOT NULL, "updated_at" character varying(24) NOT NULL, CONSTRAINT "PK_70bd05029b296e414ce19688a99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule"  ("parent_partner_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "billing_month" ADD CONSTRAINT "FK_billing_month_account" FOREIGN KEY ("master_payer_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cost_row" ADD CONSTRAINT "FK_cost_row_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "billing_job" ADD CONSTRAINT "FK_billing_job_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" ADD CONSTRAINT "FK_allocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" ADD CONSTRAINT "FK_allocated_cost_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" ADD CONSTRAINT "FK_unallocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pricing_rule" ADD CONSTRAINT "FK_pricing_rule_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pricing_rule" ADD CONSTRAINT "FK_pricing_rule_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pricing_rule" DROP CONSTRAINT "FK_pricing_rule_child"`);
    await queryRunner.query(`ALTER TABLE "pricing_rule" DROP CONSTRAINT "FK_pricing_rule_parent"`);
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" DROP CONSTRAINT "FK_unallocated_cost_month"`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" DROP CONSTRAINT "FK_allocated_cost_partner"`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" DROP CONSTRAINT "FK_allocated_cost_month"`,
    );
    await queryRunner.query(`ALTER TABLE "billing_job" DROP CONSTRAINT "FK_billing_job_parent"`);
    await queryRunner.query(`ALTER TABLE "cost_row" DROP CONSTRAINT "FK_cost_row_month"`);
    await queryRunner.query(
      `ALTER TABLE "billing_month" DROP CONSTRAINT "FK_billing_month_account"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_pricing_rule_parent"`);
    await queryRunner.query(`DROP TABLE "pricing_rule"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_unallocated_cost_month"`);
    await queryRunner.query(`DROP TABLE "unallocated_cost"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_allocated_cost_partner_month"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_allocated_cost_month"`);
    await queryRunner.query(`DROP TABLE "allocated_cost"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_billing_job_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_billing_job_parent"`);
    await queryRunner.query(`DROP TABLE "billing_job"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cost_row_month_account"`);
    await queryRunner.query(`DROP TABLE "cost_row"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_billing_month"`);
    await queryRunner.query(`DROP TABLE "billing_month"`);
  }
}
