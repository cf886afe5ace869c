import { type MigrationInterface, type QueryRunner } from "typeorm";

// Account ids are kept as the report writes them, and FOCUS files of other providers have ids far
// longer than 32 characters; a rule's credit is stored with the charge class "RULE_CREDIT" (11).
// ALTER … TYPE keeps the stored rows (and rebuilds the index on usage_account_id).
export class WidenBillingColumns1795683670000 implements MigrationInterface {
  name = "WidenBillingColumns1795683670000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cost_row" ALTER COLUMN "payer_account_id" TYPE text, ALTER COLUMN "usage_account_id" TYPE text`,
    );
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" ALTER COLUMN "payer_account_id" TYPE text, ALTER COLUMN "usage_account_id" TYPE text`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" ALTER COLUMN "charge_class" TYPE character varying(20)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "allocated_cost" ALTER COLUMN "charge_class" TYPE character varying(10)`,
    );
    await queryRunner.query(
      `ALTER TABLE "unallocated_cost" ALTER COLUMN "payer_account_id" TYPE character varying(32), ALTER COLUMN "usage_account_id" TYPE character varying(32)`,
    );
    await queryRunner.query(
      `ALTER TABLE "cost_row" ALTER COLUMN "payer_account_id" TYPE character varying(32), ALTER COLUMN "usage_account_id" TYPE character varying(32)`,
    );
  }
}
