import { type MigrationInterface, type QueryRunner } from "typeorm";

export class JobHeartbeat1795688675938 implements MigrationInterface {
  name = "JobHeartbeat1795688675938";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "billing_job" ADD "heartbeat_at" character varying(24)`);
    await queryRunner.query(
      `ALTER TABLE "billing_job" ADD "attempts" integer NOT NULL DEFAULT '0'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "billing_job" DROP COLUMN "attempts"`);
    await queryRunner.query(`ALTER TABLE "billing_job" DROP COLUMN "heartbeat_at"`);
  }
}
