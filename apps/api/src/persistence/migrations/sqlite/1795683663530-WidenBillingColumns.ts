import { type MigrationInterface, type QueryRunner } from "typeorm";

// Account ids are kept as the report writes them, and FOCUS files of other providers have ids far
// longer than 32 characters; a rule's credit is stored with the charge class "RULE_CREDIT" (11).
// SQLite changes a column type by copying the table: the rows are kept.

export class WidenBillingColumns1795683663530 implements MigrationInterface {
  name = "WidenBillingColumns1795683663530";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cost_row_month_account"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_cost_row" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "payer_account_id" text NOT NULL, "usage_account_id" text NOT NULL, "service_code" varchar(200) NOT NULL, "line_item_type" varchar(64) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_cost_row_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_cost_row"("id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items") SELECT "id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items" FROM "cost_row"`,
    );
    await queryRunner.query(`DROP TABLE "cost_row"`);
    await queryRunner.query(`ALTER TABLE "temporary_cost_row" RENAME TO "cost_row"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_partner_month"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_month"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_allocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "charge_class" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "FK_allocated_cost_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_allocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_allocated_cost"("id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost") SELECT "id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost" FROM "allocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "allocated_cost"`);
    await queryRunner.query(`ALTER TABLE "temporary_allocated_cost" RENAME TO "allocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost" ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_unallocated_cost_month"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_unallocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" text NOT NULL, "usage_account_id" text NOT NULL, "reason" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_unallocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
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
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row" ("billing_month_id", "usage_account_id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cost_row_month_account"`);
    await queryRunner.query(`DROP INDEX "IDX_unallocated_cost_month"`);
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" RENAME TO "temporary_unallocated_cost"`,
    );
    await queryRunner.query(
      `CREATE TABLE "unallocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "reason" varchar(20) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_unallocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "unallocated_cost"("id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items") SELECT "id", "billing_month_id", "payer_account_id", "usage_account_id", "reason", "currency", "unblended_cost", "line_items" FROM "temporary_unallocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_unallocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_unallocated_cost_month" ON "unallocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_month"`);
    await queryRunner.query(`DROP INDEX "IDX_allocated_cost_partner_month"`);
    await queryRunner.query(`ALTER TABLE "allocated_cost" RENAME TO "temporary_allocated_cost"`);
    await queryRunner.query(
      `CREATE TABLE "allocated_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "billing_period" varchar(7) NOT NULL, "reseller_partner_id" integer NOT NULL, "link_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "charge_class" varchar(10) NOT NULL, "currency" varchar(8) NOT NULL, "base_cost" text NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "FK_allocated_cost_partner" FOREIGN KEY ("reseller_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_allocated_cost_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "allocated_cost"("id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost") SELECT "id", "billing_month_id", "billing_period", "reseller_partner_id", "link_id", "usage_date", "usage_account_id", "service_code", "charge_class", "currency", "base_cost", "billed_cost" FROM "temporary_allocated_cost"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_allocated_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_month" ON "allocated_cost" ("billing_month_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_allocated_cost_partner_month" ON "allocated_cost" ("reseller_partner_id", "billing_period") `,
    );
    await queryRunner.query(`ALTER TABLE "cost_row" RENAME TO "temporary_cost_row"`);
    await queryRunner.query(
      `CREATE TABLE "cost_row" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "billing_month_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "payer_account_id" varchar(32) NOT NULL, "usage_account_id" varchar(32) NOT NULL, "service_code" varchar(200) NOT NULL, "line_item_type" varchar(64) NOT NULL, "currency" varchar(8) NOT NULL, "unblended_cost" text NOT NULL, "list_cost" text NOT NULL, "usage_amount" text NOT NULL, "line_items" integer NOT NULL, CONSTRAINT "FK_cost_row_month" FOREIGN KEY ("billing_month_id") REFERENCES "billing_month" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "cost_row"("id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items") SELECT "id", "billing_month_id", "usage_date", "payer_account_id", "usage_account_id", "service_code", "line_item_type", "currency", "unblended_cost", "list_cost", "usage_amount", "line_items" FROM "temporary_cost_row"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_cost_row"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_cost_row_month_account" ON "cost_row" ("billing_month_id", "usage_account_id") `,
    );
  }
}
