import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { type PartnerLevel } from "@reseller/domain";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";

@Entity({ name: "partner" })
export class PartnerEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ type: "varchar", length: 200 })
  @Index("IDX_partner_name")
  name: string;

  @Column({ type: "varchar", length: 254 })
  email: string;

  @Column({ type: "varchar", length: 10 })
  level: PartnerLevel;

  @Column({ ...ID_COLUMN, name: "parent_id", nullable: true })
  @Index("IDX_partner_parent_id")
  parentId: number | null;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "parent_id", foreignKeyConstraintName: "FK_partner_parent" })
  parent?: Relation<PartnerEntity> | null;

  @Column({ type: "boolean", name: "is_reseller", default: false })
  isReseller: boolean;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;
}
