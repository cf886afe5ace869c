import { type MigrationInterface, type QueryRunner } from "typeorm";

export class Invoices1795710000001 implements MigrationInterface {
  name = "Invoices1795710000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_details" ("partner_id" integer NOT NULL, "legal_name" character varying(200), "address" character varying(500), "tax_id" character varying(64), "invoice_prefix" character varying(12), "payment_terms_days" integer, "invoice_note" character varying(1000), "billing_email" character varying(254), "po_number" character varying(64), "tax_rate_percent" character varying(12), "updated_at" character varying(24) NOT NULL, CONSTRAINT "PK_3b00d3084607fd544a3c4c8aeec" PRIMARY KEY ("partner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_counter" ("parent_partner_id" integer NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "PK_e291678026b5848bcebc9c8321e" PRIMARY KEY ("parent_partner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice" ("id" SERIAL NOT NULL, "parent_partner_id" integer NOT NULL, "child_partner_id" integer NOT NULL, "sequence" integer NOT NULL, "number" character varying(40) NOT NULL, "billing_period" character varying(7) NOT NULL, "currency" character varying(8) NOT NULL, "status" character varying(8) NOT NULL, "issued_at" character varying(24) NOT NULL, "issued_by_user_id" integer, "due_date" character varying(10) NOT NULL, "subtotal" text NOT NULL, "tax" text NOT NULL, "total" text NOT NULL, "tax_rate_percent" text NOT NULL, "adjusts_invoice_id" integer, "parties" text NOT NULL, "voided_at" character varying(24), "voided_by_user_id" integer, "void_reason" character varying(500), CONSTRAINT "PK_15d25c200d9bcd8a33f698daf18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_child_period" ON "invoice"  ("child_partner_id", "billing_period") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_invoice_parent_sequence" ON "invoice"  ("parent_partner_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_line" ("id" SERIAL NOT NULL, "invoice_id" integer NOT NULL, "position" integer NOT NULL, "description" character varying(300) NOT NULL, "amount" text NOT NULL, CONSTRAINT "PK_112d67e85951a56ee5123e9c803" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_line_invoice" ON "invoice_line"  ("invoice_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invoice_cost" ("id" SERIAL NOT NULL, "invoice_id" integer NOT NULL, "usage_date" character varying(10) NOT NULL, "sub_account_id" text NOT NULL, "service_name" character varying(300) NOT NULL, "charge_category" character varying(12) NOT NULL, "billed_cost" text NOT NULL, CONSTRAINT "PK_fe11f5f6d583a17091bd0f124e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_invoice_cost_invoice" ON "invoice_cost"  ("invoice_id") `,
    );
    await queryRunner.query(`ALTER TABLE "pricing_rule" ADD "name" character varying(120)`);
    await queryRunner.query(
      `ALTER TABLE "billing_details" ADD CONSTRAINT "FK_billing_details_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice_counter" ADD CONSTRAINT "FK_invoice_counter_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice" ADD CONSTRAINT "FK_invoice_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice" ADD CONSTRAINT "FK_invoice_child" FOREIGN KEY ("child_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice" ADD CONSTRAINT "FK_invoice_adjusts" FOREIGN KEY ("adjusts_invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice_line" ADD CONSTRAINT "FK_invoice_line_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invoice_cost" ADD CONSTRAINT "FK_invoice_cost_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Issued invoices are immutable: only ISSUED → VOID (with when, who and why) may change a row,
    // and nothing is deleted. Enforced here so that no code path, ORM or raw SQL, can rewrite one.
    await queryRunner.query(
      `CREATE FUNCTION "invoice_guard"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND OLD."status" = 'ISSUED' AND NEW."status" = 'VOID' AND NEW."voided_at" IS NOT NULL AND NEW."void_reason" IS NOT NULL AND ROW(NEW."id", NEW."parent_partner_id", NEW."child_partner_id", NEW."sequence", NEW."number", NEW."billing_period", NEW."currency", NEW."issued_at", NEW."issued_by_user_id", NEW."due_date", NEW."subtotal", NEW."tax", NEW."total", NEW."tax_rate_percent", NEW."adjusts_invoice_id", NEW."parties") IS NOT DISTINCT FROM ROW(OLD."id", OLD."parent_partner_id", OLD."child_partner_id", OLD."sequence", OLD."number", OLD."billing_period", OLD."currency", OLD."issued_at", OLD."issued_by_user_id", OLD."due_date", OLD."subtotal", OLD."tax", OLD."total", OLD."tax_rate_percent", OLD."adjusts_invoice_id", OLD."parties") THEN RETURN NEW; END IF; RAISE EXCEPTION 'INVOICE_IMMUTABLE: an issued invoice can only be voided'; END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "invoice_rows_guard"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'INVOICE_IMMUTABLE: % rows are never changed or deleted', TG_TABLE_NAME; END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "invoice_counter_guard"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."last_sequence" < OLD."last_sequence" OR NEW."parent_partner_id" <> OLD."parent_partner_id" THEN RAISE EXCEPTION 'INVOICE_IMMUTABLE: an invoice counter never goes back'; END IF; RETURN NEW; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_guard" BEFORE UPDATE OR DELETE ON "invoice" FOR EACH ROW EXECUTE FUNCTION "invoice_guard"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_line_guard" BEFORE UPDATE OR DELETE ON "invoice_line" FOR EACH ROW EXECUTE FUNCTION "invoice_rows_guard"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_cost_guard" BEFORE UPDATE OR DELETE ON "invoice_cost" FOR EACH ROW EXECUTE FUNCTION "invoice_rows_guard"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_counter_guard" BEFORE UPDATE ON "invoice_counter" FOR EACH ROW EXECUTE FUNCTION "invoice_counter_guard"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_invoice_truncate" BEFORE TRUNCATE ON "invoice" FOR EACH STATEMENT EXECUTE FUNCTION "invoice_rows_guard"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TR_invoice_truncate" ON "invoice"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_counter_guard" ON "invoice_counter"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_cost_guard" ON "invoice_cost"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_line_guard" ON "invoice_line"`);
    await queryRunner.query(`DROP TRIGGER "TR_invoice_guard" ON "invoice"`);
    await queryRunner.query(`DROP FUNCTION "invoice_counter_guard"()`);
    await queryRunner.query(`DROP FUNCTION "invoice_rows_guard"()`);
    await queryRunner.query(`DROP FUNCTION "invoice_guard"()`);
    await queryRunner.query(`ALTER TABLE "invoice_cost" DROP CONSTRAINT "FK_invoice_cost_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice_line" DROP CONSTRAINT "FK_invoice_line_invoice"`);
    await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_invoice_adjusts"`);
    await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_invoice_child"`);
    await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_invoice_parent"`);
    await queryRunner.query(
      `ALTER TABLE "invoice_counter" DROP CONSTRAINT "FK_invoice_counter_parent"`,
    );
    await queryRunner.query(
      `ALTER TABLE "billing_details" DROP CONSTRAINT "FK_billing_details_partner"`,
    );
    await queryRunner.query(`ALTER TABLE "pricing_rule" DROP COLUMN "name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invoice_cost_invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_cost"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invoice_line_invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_line"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_invoice_parent_sequence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invoice_child_period"`);
    await queryRunner.query(`DROP TABLE "invoice"`);
    await queryRunner.query(`DROP TABLE "invoice_counter"`);
    await queryRunner.query(`DROP TABLE "billing_details"`);
  }
}
