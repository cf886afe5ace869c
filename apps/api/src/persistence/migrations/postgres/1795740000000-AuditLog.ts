import { type MigrationInterface, type QueryRunner } from "typeorm";

// The audit log (modules/audit). Append-only in the database itself: no UPDATE or TRUNCATE ever,
// and no DELETE of an entry younger than the shortest retention AUDIT_RETENTION_DAYS accepts.
export class AuditLog1795740000000 implements MigrationInterface {
  name = "AuditLog1795740000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" SERIAL NOT NULL, "occurred_at" character varying(24) NOT NULL, "user_id" integer, "api_key_id" integer, "partner_id" integer, "operation" character varying(100) NOT NULL, "outcome" character varying(40) NOT NULL, "object_type" character varying(100), "object_id" character varying(40), "related_ids" text NOT NULL, "changed_fields" text NOT NULL, "ip" character varying(64) NOT NULL, "request_id" character varying(64) NOT NULL, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entry_occurred_at" ON "audit_entry"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entry_partner_id" ON "audit_entry"  ("partner_id", "id") `,
    );
    await queryRunner.query(`CREATE FUNCTION "audit_entry_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD."occurred_at" <= to_char((now() AT TIME ZONE 'UTC') - interval '30 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are kept at least 30 days';
  END IF;
  RAISE EXCEPTION 'audit entries are append-only';
END
$$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_guard" BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_guard"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_guard"()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_no_truncate" ON "audit_entry"`);
    await queryRunner.query(`DROP TRIGGER "TRG_audit_entry_guard" ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION "audit_entry_guard"()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entry_partner_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entry_occurred_at"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
