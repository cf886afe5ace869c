import { type MigrationInterface, type QueryRunner } from "typeorm";

// The audit log (modules/audit). Append-only in the database itself: no UPDATE ever, and no
// DELETE of an entry younger than the shortest retention AUDIT_RETENTION_DAYS accepts (30 days).
export class AuditLog1795740000000 implements MigrationInterface {
  name = "AuditLog1795740000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "occurred_at" varchar(24) NOT NULL, "user_id" integer, "api_key_id" integer, "partner_id" integer, "operation" varchar(100) NOT NULL, "outcome" varchar(40) NOT NULL, "object_type" varchar(100), "object_id" varchar(40), "related_ids" text NOT NULL, "changed_fields" text NOT NULL, "ip" varchar(64) NOT NULL, "request_id" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entry_occurred_at" ON "audit_entry" ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entry_partner_id" ON "audit_entry" ("partner_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_no_update" BEFORE UPDATE ON "audit_entry" BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_no_early_delete" BEFORE DELETE ON "audit_entry" WHEN OLD."occurred_at" > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days') BEGIN SELECT RAISE(ABORT, 'audit entries are kept at least 30 days'); END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_no_early_delete"`);
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_no_update"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_entry_partner_id"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_entry_occurred_at"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
