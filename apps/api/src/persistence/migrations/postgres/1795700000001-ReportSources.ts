import { type MigrationInterface, type QueryRunner } from "typeorm";

// S3 report sources per master payer, and the delivery (assembly, parts) an ingest job read.
export class ReportSources1795700000001 implements MigrationInterface {
  name = "ReportSources1795700000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "report_source" ("id" SERIAL NOT NULL, "parent_partner_id" integer NOT NULL, "master_payer_account_id" integer NOT NULL, "bucket" character varying(63) NOT NULL, "prefix" character varying(1024) NOT NULL, "region" character varying(32) NOT NULL, "endpoint" character varying(512), "role_arn" character varying(2048), "external_id" character varying(1224), "enabled" boolean NOT NULL DEFAULT true, "last_checked_at" character varying(24), "last_error" text, "seen_deliveries" text NOT NULL DEFAULT '{}', "lease_owner" character varying(64), "lease_until" character varying(24), "created_at" character varying(24) NOT NULL, "updated_at" character varying(24) NOT NULL, CONSTRAINT "PK_8b5702a0c113d214e94f256f6f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_source_parent" ON "report_source"  ("parent_partner_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_report_source_account" ON "report_source"  ("master_payer_account_id")`,
    );
    await queryRunner.query(`ALTER TABLE "billing_job" ADD "assembly_id" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "billing_job" ADD "part_count" integer`);
    await queryRunner.query(
      `ALTER TABLE "report_source" ADD CONSTRAINT "FK_report_source_parent" FOREIGN KEY ("parent_partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_source" ADD CONSTRAINT "FK_report_source_account" FOREIGN KEY ("master_payer_account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "report_source" DROP CONSTRAINT "FK_report_source_account"`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_source" DROP CONSTRAINT "FK_report_source_parent"`,
    );
    await queryRunner.query(`ALTER TABLE "billing_job" DROP COLUMN "part_count"`);
    await queryRunner.query(`ALTER TABLE "billing_job" DROP COLUMN "assembly_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_report_source_account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_report_source_parent"`);
    await queryRunner.query(`DROP TABLE "report_source"`);
  }
}
