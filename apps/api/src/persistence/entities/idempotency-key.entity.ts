import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";
import { UserEntity } from "./user.entity.js";

/**
 * A mutation request sent with an `Idempotency-Key` header, per user. While `responseStatus` is
 * null the first request is still running; afterwards its answer is replayed to retries.
 */
@Entity({ name: "idempotency_key" })
@Index("UQ_idempotency_key_user_key", ["userId", "key"], { unique: true })
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "user_id" })
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "FK_idempotency_key_user" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 255 })
  key: string;

  /** SHA-256 (hex) of the operation text, variables and operation name. */
  @Column({ type: "varchar", length: 64 })
  fingerprint: string;

  @Column({ type: "integer", name: "response_status", nullable: true })
  responseStatus: number | null;

  /** The JSON body sent to the first request. */
  @Column({ type: "text", name: "response_body", nullable: true })
  responseBody: string | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "expires_at" })
  @Index("IDX_idempotency_key_expires_at")
  expiresAt: Date;
}
