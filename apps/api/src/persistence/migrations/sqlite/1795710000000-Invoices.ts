import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Invoices1795710000000 implements MigrationInterface {
  name = "Invoices1795710000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_details" ("partner_id" integer PRIMARY KEY NOT NULL, "legal_name" varchar(200), "address" varchar(500), "tax_id" varchar(64), "invoice_prefix" varchar(12), "payment_terms_days" integer, "invoice_note" varchar(1000), "billing_email" varchar(254), "po_number" varchar(64), "tax_rate_percent" varchar(12), "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_counter" ("parent_partner_id" integer PRIMARY KEY NOT NULL, "last_sequence" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer NOT NULL, "sequence" integer NOT NULL, "number" varchar(40) NOT NULL, "billing_period" varchar(7) NOT NULL, "currency" varchar(8) NOT NULL, "status" varchar(8) NOT NULL, "issued_at" varchar(24) NOT NULL, "issued_by_user_id" integer, "due_date" varchar(10) NOT NULL, "subtotal" text NOT NULL, "tax" text NOT NULL, "total" text NOT NULL, "tax_rate_percent" text NOT NULL, "adjusts_invoice_id" integer, "parties" text NOT NULL, "voided_at" varchar(24), "voided_by_user_id" integer, "void_reason" varchar(500))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_child_period" ON "invoice" ("child_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_invoice_parent_sequence" ON "invoice" ("parent_partner_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_line" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "position" integer NOT NULL, "description" varchar(300) NOT NULL, "amount" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_line_invoice" ON "invoice_line" ("invoice_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "sub_account_id" text NOT NULL, "service_name" varchar(300) NOT NULL, "charge_category" varchar(12) NOT NULL, "billed_cost" text NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_cost_invoice" ON "invoice_cost" ("invoice_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_pricing_rule_parent"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_pricing_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "effective_to" varchar(7), "kind" varchar(10) NOT NULL, "percent" varchar(12), "amount" text, "service_code" varchar(128), "basis" varchar(10), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL, "name" varchar(120), CONSTRAINT "FK_pricing_rule_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_pricing_rule_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_pricing_rule"("id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at") SELECT "id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at" FROM "pricing_rule"`,
    );
    await queryRunner.query(`DROP TABLE "pricing_rule"`);
    await queryRunner.query(`ALTER TABLE "temporary_pricing_rule" RENAME TO "pricing_rule"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule" ("parent_partner_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_billing_details" ("partner_id" integer PRIMARY KEY NOT NULL, "legal_name" varchar(200), "address" varchar(500), "tax_id" varchar(64), "invoice_prefix" varchar(12), "payment_terms_days" integer, "invoice_note" varchar(1000), "billing_email" varchar(254), "po_number" varchar(64), "tax_rate_percent" varchar(12), "updated_at" varchar(24) NOT NULL, CONSTRAINT "FK_billing_details_partner" FOREIGN KEY ("partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_billing_details"("partner_id", "legal_name", "address", "tax_id", "invoice_prefix", "payment_terms_days", "invoice_note", "billing_email", "po_number", "tax_rate_percent", "updated_at") SELECT "partner_id", "legal_name", "address", "tax_id", "invoice_prefix", "payment_terms_days", "invoice_note", "billing_email", "po_number", "tax_rate_percent", "updated_at" FROM "billing_details"`,
    );
    await queryRunner.query(`DROP TABLE "billing_details"`);
    await queryRunner.query(`ALTER TABLE "temporary_billing_details" RENAME TO "billing_details"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_invoice_counter" ("parent_partner_id" integer PRIMARY KEY NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "FK_invoice_counter_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_invoice_counter"("parent_partner_id", "last_sequence") SELECT "parent_partner_id", "last_sequence" FROM "invoice_counter"`,
    );
    await queryRunner.query(`DROP TABLE "invoice_counter"`);
    await queryRunner.query(`ALTER TABLE "temporary_invoice_counter" RENAME TO "invoice_counter"`);
    await queryRunner.query(`DROP INDEX "IDX_invoice_child_period"`);
    await queryRunner.query(`DROP INDEX "UQ_invoice_parent_sequence"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_invoice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer NOT NULL, "sequence" integer NOT NULL, "number" varchar(40) NOT NULL, "billing_period" varchar(7) NOT NULL, "currency" varchar(8) NOT NULL, "status" varchar(8) NOT NULL, "issued_at" varchar(24) NOT NULL, "issued_by_user_id" integer, "due_date" varchar(10) NOT NULL, "subtotal" text NOT NULL, "tax" text NOT NULL, "total" text NOT NULL, "tax_rate_percent" text NOT NULL, "adjusts_invoice_id" integer, "parties" text NOT NULL, "voided_at" varchar(24), "voided_by_user_id" integer, "void_reason" varchar(500), CONSTRAINT "FK_invoice_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_invoice_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_invoice_adjusts" FOREIGN KEY ("adjusts_invoice_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_invoice"("id", "parent_partner_id", "child_partner_id", "sequence", "number", "billing_period", "currency", "status", "issued_at", "issued_by_user_id", "due_date", "subtotal", "tax", "total", "tax_rate_percent", "adjusts_invoice_id", "parties", "voided_at", "voided_by_user_id", "void_reason") SELECT "id", "parent_partner_id", "child_partner_id", "sequence", "number", "billing_period", "currency", "status", "issued_at", "issued_by_user_id", "due_date", "subtotal", "tax", "total", "tax_rate_percent", "adjusts_invoice_id", "parties", "voided_at", "voided_by_user_id", "void_reason" FROM "invoice"`,
    );
    await queryRunner.query(`DROP TABLE "invoice"`);
    await queryRunner.query(`ALTER TABLE "temporary_invoice" RENAME TO "invoice"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_child_period" ON "invoice" ("child_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_invoice_parent_sequence" ON "invoice" ("parent_partner_id", "sequence") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_invoice_line_invoice"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_invoice_line" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "position" integer NOT NULL, "description" varchar(300) NOT NULL, "amount" text NOT NULL, CONSTRAINT "FK_invoice_line_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_invoice_line"("id", "invoice_id", "position", "description", "amount") SELECT "id", "invoice_id", "position", "description", "amount" FROM "invoice_line"`,
    );
    await queryRunner.query(`DROP TABLE "invoice_line"`);
    await queryRunner.query(`ALTER TABLE "temporary_invoice_line" RENAME TO "invoice_line"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_line_invoice" ON "invoice_line" ("invoice_id", "position") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_invoice_cost_invoice"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_invoice_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "sub_account_id" text NOT NULL, "service_name" varchar(300) NOT NULL, "charge_category" varchar(12) NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "FK_invoice_cost_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_invoice_cost"("id", "invoice_id", "usage_date", "sub_account_id", "service_name", "charge_category", "billed_cost") SELECT "id", "invoice_id", "usage_date", "sub_account_id", "service_name", "charge_category", "billed_cost" FROM "invoice_cost"`,
    );
    await queryRunner.query(`DROP TABLE "invoice_cost"`);
    await queryRunner.query(`ALTER TABLE "temporary_invoice_cost" RENAME TO "invoice_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_cost_invoice" ON "invoice_cost" ("invoice_id") `,
    );
    // Issued invoices are immutable: only ISSUED → VOID (with when, who and why) may change a row,
    // and nothing is deleted. Enforced here so that no code path, ORM or raw SQL, can rewrite one.
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_update" BEFORE UPDATE ON "invoice" WHEN OLD."status" <> 'ISSUED' OR NEW."status" <> 'VOID' OR NEW."voided_at" IS NULL OR NEW."void_reason" IS NULL OR NEW."id" IS NOT OLD."id" OR NEW."parent_partner_id" IS NOT OLD."parent_partner_id" OR NEW."child_partner_id" IS NOT OLD."child_partner_id" OR NEW."sequence" IS NOT OLD."sequence" OR NEW."number" IS NOT OLD."number" OR NEW."billing_period" IS NOT OLD."billing_period" OR NEW."currency" IS NOT OLD."currency" OR NEW."issued_at" IS NOT OLD."issued_at" OR NEW."issued_by_user_id" IS NOT OLD."issued_by_user_id" OR NEW."due_date" IS NOT OLD."due_date" OR NEW."subtotal" IS NOT OLD."subtotal" OR NEW."tax" IS NOT OLD."tax" OR NEW."total" IS NOT OLD."total" OR NEW."tax_rate_percent" IS NOT OLD."tax_rate_percent" OR NEW."adjusts_invoice_id" IS NOT OLD."adjusts_invoice_id" OR NEW."parties" IS NOT OLD."parties" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: an issued invoice can only be voided'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_delete" BEFORE DELETE ON "invoice" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: invoice rows are never deleted'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_line_delete" BEFORE DELETE ON "invoice_line" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: invoice_line rows are never deleted'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_cost_delete" BEFORE DELETE ON "invoice_cost" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: invoice_cost rows are never deleted'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_line_update" BEFORE UPDATE ON "invoice_line" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: invoice_line rows are never updated'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_cost_update" BEFORE UPDATE ON "invoice_cost" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: invoice_cost rows are never updated'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_counter_update" BEFORE UPDATE ON "invoice_counter" WHEN NEW."last_sequence" < OLD."last_sequence" OR NEW."parent_partner_id" IS NOT OLD."parent_partner_id" BEGIN SELECT RAISE(ABORT, 'INVOICE_IMMUTABLE: an invoice counter never goes back'); END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TR_invoice_counter_update"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_cost_update"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_line_update"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_cost_delete"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_line_delete"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_delete"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_update"`);
    await queryRunner.query(`DROP INDEX "IDX_invoice_cost_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice_cost" RENAME TO "temporary_invoice_cost"`);
    await queryRunner.query(
      `CREATE TABLE "invoice_cost" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "usage_date" varchar(10) NOT NULL, "sub_account_id" text NOT NULL, "service_name" varchar(300) NOT NULL, "charge_category" varchar(12) NOT NULL, "billed_cost" text NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "invoice_cost"("id", "invoice_id", "usage_date", "sub_account_id", "service_name", "charge_category", "billed_cost") SELECT "id", "invoice_id", "usage_date", "sub_account_id", "service_name", "charge_category", "billed_cost" FROM "temporary_invoice_cost"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_invoice_cost"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_cost_invoice" ON "invoice_cost" ("invoice_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_invoice_line_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice_line" RENAME TO "temporary_invoice_line"`);
    await queryRunner.query(
      `CREATE TABLE "invoice_line" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "invoice_id" integer NOT NULL, "position" integer NOT NULL, "description" varchar(300) NOT NULL, "amount" text NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "invoice_line"("id", "invoice_id", "position", "description", "amount") SELECT "id", "invoice_id", "position", "description", "amount" FROM "temporary_invoice_line"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_invoice_line"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_line_invoice" ON "invoice_line" ("invoice_id", "position") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_invoice_parent_sequence"`);
    await queryRunner.query(`DROP INDEX "IDX_invoice_child_period"`);
    await queryRunner.query(`ALTER TABLE "invoice" RENAME TO "temporary_invoice"`);
    await queryRunner.query(
      `CREATE TABLE "invoice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer NOT NULL, "sequence" integer NOT NULL, "number" varchar(40) NOT NULL, "billing_period" varchar(7) NOT NULL, "currency" varchar(8) NOT NULL, "status" varchar(8) NOT NULL, "issued_at" varchar(24) NOT NULL, "issued_by_user_id" integer, "due_date" varchar(10) NOT NULL, "subtotal" text NOT NULL, "tax" text NOT NULL, "total" text NOT NULL, "tax_rate_percent" text NOT NULL, "adjusts_invoice_id" integer, "parties" text NOT NULL, "voided_at" varchar(24), "voided_by_user_id" integer, "void_reason" varchar(500))`,
    );
    await queryRunner.query(
      `INSERT INTO "invoice"("id", "parent_partner_id", "child_partner_id", "sequence", "number", "billing_period", "currency", "status", "issued_at", "issued_by_user_id", "due_date", "subtotal", "tax", "total", "tax_rate_percent", "adjusts_invoice_id", "parties", "voided_at", "voided_by_user_id", "void_reason") SELECT "id", "parent_partner_id", "child_partner_id", "sequence", "number", "billing_period", "currency", "status", "issued_at", "issued_by_user_id", "due_date", "subtotal", "tax", "total", "tax_rate_percent", "adjusts_invoice_id", "parties", "voided_at", "voided_by_user_id", "void_reason" FROM "temporary_invoice"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_invoice"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_invoice_parent_sequence" ON "invoice" ("parent_partner_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_child_period" ON "invoice" ("child_partner_id", "billing_period") `,
    );
    await queryRunner.query(`ALTER TABLE "invoice_counter" RENAME TO "temporary_invoice_counter"`);
    await queryRunner.query(
      `CREATE TABLE "invoice_counter" ("parent_partner_id" integer PRIMARY KEY NOT NULL, "last_sequence" integer NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "invoice_counter"("parent_partner_id", "last_sequence") SELECT "parent_partner_id", "last_sequence" FROM "temporary_invoice_counter"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_invoice_counter"`);
    await queryRunner.query(`ALTER TABLE "billing_details" RENAME TO "temporary_billing_details"`);
    await queryRunner.query(
      `CREATE TABLE "billing_details" ("partner_id" integer PRIMARY KEY NOT NULL, "legal_name" varchar(200), "address" varchar(500), "tax_id" varchar(64), "invoice_prefix" varchar(12), "payment_terms_days" integer, "invoice_note" varchar(1000), "billing_email" varchar(254), "po_number" varchar(64), "tax_rate_percent" varchar(12), "updated_at" varchar(24) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "billing_details"("partner_id", "legal_name", "address", "tax_id", "invoice_prefix", "payment_terms_days", "invoice_note", "billing_email", "po_number", "tax_rate_percent", "updated_at") SELECT "partner_id", "legal_name", "address", "tax_id", "invoice_prefix", "payment_terms_days", "invoice_note", "billing_email", "po_number", "tax_rate_percent", "updated_at" FROM "temporary_billing_details"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_billing_details"`);
    await queryRunner.query(`DROP INDEX "IDX_pricing_rule_parent"`);
    await queryRunner.query(`ALTER TABLE "pricing_rule" RENAME TO "temporary_pricing_rule"`);
    await queryRunner.query(
      `CREATE TABLE "pricing_rule" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer, "sort_order" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "effective_to" varchar(7), "kind" varchar(10) NOT NULL, "percent" varchar(12), "amount" text, "service_code" varchar(128), "basis" varchar(10), "created_at" varchar(24) NOT NULL, "updated_at" varchar(24) NOT NULL, CONSTRAINT "FK_pricing_rule_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_pricing_rule_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "pricing_rule"("id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at") SELECT "id", "parent_partner_id", "child_partner_id", "sort_order", "effective_from", "effective_to", "kind", "percent", "amount", "service_code", "basis", "created_at", "updated_at" FROM "temporary_pricing_rule"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_pricing_rule"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pricing_rule_parent" ON "pricing_rule" ("parent_partner_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_invoice_cost_invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_cost"`);
    await queryRunner.query(`DROP INDEX "IDX_invoice_line_invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_line"`);
    await queryRunner.query(`DROP INDEX "UQ_invoice_parent_sequence"`);
    await queryRunner.query(`DROP INDEX "IDX_invoice_child_period"`);
    await queryRunner.query(`DROP TABLE "invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_counter"`);
    await queryRunner.query(`DROP TABLE "billing_details"`);
  }
}
