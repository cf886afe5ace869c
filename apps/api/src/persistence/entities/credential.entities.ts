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

// Secrets are stored only as SHA-256 hex digests: a database leak yields no usable token.

@Entity({ name: "session" })
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "user_id" })
  @Index("IDX_session_user_id")
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "FK_session_user" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 64, name: "token_hash" })
  @Index("UQ_session_token_hash", { unique: true })
  tokenHash: string;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "expires_at" })
  expiresAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "revoked_at", nullable: true })
  revokedAt: Date | null;
}

@Entity({ name: "api_key" })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "user_id" })
  @Index("IDX_api_key_user_id")
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "FK_api_key_user" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 100 })
  name: string;

  @Column({ type: "varchar", length: 64, name: "secret_hash" })
  @Index("UQ_api_key_secret_hash", { unique: true })
  secretHash: string;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "last_used_at", nullable: true })
  lastUsedAt: Date | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "revoked_at", nullable: true })
  revokedAt: Date | null;

  /** READ keys may only run queries; ADMIN keys act fully as their owner (except creating keys). */
  @Column({ type: "varchar", length: 10 })
  scope: ApiKeyScope;

  /** Null: the key works until it is revoked. */
  @Column({ ...TIMESTAMP_COLUMN, name: "expires_at", nullable: true })
  expiresAt: Date | null;
}

export type ApiKeyScope = "READ" | "ADMIN";

/** A forgotten-password link: single use, short-lived, stored hashed like every other secret. */
@Entity({ name: "password_reset_token" })
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "user_id" })
  @Index("IDX_password_reset_token_user_id")
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "FK_password_reset_token_user" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 64, name: "token_hash" })
  @Index("UQ_password_reset_token_hash", { unique: true })
  tokenHash: string;

  @Column({ ...TIMESTAMP_COLUMN, name: "expires_at" })
  expiresAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "used_at", nullable: true })
  usedAt: Date | null;
}

@Entity({ name: "activation_token" })
export class ActivationTokenEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "user_id" })
  @Index("IDX_activation_token_user_id")
  userId: number;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "FK_activation_token_user" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 64, name: "token_hash" })
  @Index("UQ_activation_token_hash", { unique: true })
  tokenHash: string;

  @Column({ ...TIMESTAMP_COLUMN, name: "expires_at" })
  expiresAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "used_at", nullable: true })
  usedAt: Date | null;
}
