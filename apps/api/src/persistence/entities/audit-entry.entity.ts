import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { TIMESTAMP_COLUMN } from "../columns.js";

/**
 * One mutation or sign-in attempt, written after it resolved. Append-only: the database refuses
 * updates, and deletes of entries younger than the shortest retention (migration triggers).
 * Actor ids are kept without foreign keys so an entry outlives what it names.
 */
@Entity({ name: "audit_entry" })
@Index("IDX_audit_entry_partner_id", ["partnerId", "id"])
@Index("IDX_audit_entry_occurred_at", ["occurredAt"])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...TIMESTAMP_COLUMN, name: "occurred_at" })
  occurredAt: Date;

  /** The acting user; for a failed sign-in, the account it named (null when none matched). */
  @Column({ type: "integer", name: "user_id", nullable: true })
  userId: number | null;

  @Column({ type: "integer", name: "api_key_id", nullable: true })
  apiKeyId: number | null;

  /** The acting user's partner (null for an operator or an unknown account): decides who reads it. */
  @Column({ type: "integer", name: "partner_id", nullable: true })
  partnerId: number | null;

  /** The mutation field, e.g. `createResellerLink`. */
  @Column({ type: "varchar", length: 100 })
  operation: string;

  /** `OK`, or the error code the caller got. */
  @Column({ type: "varchar", length: 40 })
  outcome: string;

  @Column({ type: "varchar", length: 100, name: "object_type", nullable: true })
  objectType: string | null;

  /** The object changed or created (or the one the failed call named). */
  @Column({ type: "varchar", length: 40, name: "object_id", nullable: true })
  objectId: string | null;

  /** JSON object of the other ids the call named, e.g. `{"resellerPartnerId":"4"}`. */
  @Column({ type: "text", name: "related_ids" })
  relatedIds: string;

  /** JSON array of the input field names the caller set (names only, never values). */
  @Column({ type: "text", name: "changed_fields" })
  changedFields: string;

  @Column({ type: "varchar", length: 64 })
  ip: string;

  @Column({ type: "varchar", length: 64, name: "request_id" })
  requestId: string;
}
