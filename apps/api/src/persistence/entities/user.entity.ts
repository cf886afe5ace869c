import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { type Role, type UserStatus } from "@reseller/domain";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";
import { PartnerEntity } from "./partner.entity.js";

@Entity({ name: "app_user" })
export class UserEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "partner_id", nullable: true })
  @Index("IDX_app_user_partner_id")
  partnerId: number | null;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "partner_id", foreignKeyConstraintName: "FK_app_user_partner" })
  partner?: Relation<PartnerEntity> | null;

  /** Stored lower-cased, so uniqueness ignores case. */
  @Column({ type: "varchar", length: 254 })
  @Index("UQ_app_user_email", { unique: true })
  email: string;

  @Column({ type: "varchar", length: 200, nullable: true })
  name: string | null;

  @Column({ type: "varchar", length: 20 })
  role: Role;

  @Column({ type: "varchar", length: 20 })
  status: UserStatus;

  /** PHC string (Argon2id); null until the user activates. */
  @Column({ type: "varchar", length: 255, name: "password_hash", nullable: true })
  passwordHash: string | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "last_sign_in_at", nullable: true })
  lastSignInAt: Date | null;

  /** Who sent the invitation, named in the activation email; null for seeded or operator-made users. */
  @Column({ ...ID_COLUMN, name: "invited_by_user_id", nullable: true })
  invitedByUserId: number | null;
}
