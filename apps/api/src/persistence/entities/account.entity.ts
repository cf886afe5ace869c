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
import { PartnerEntity } from "./partner.entity.js";

@Entity({ name: "account" })
// One AWS master payer feeds one Parent partner: its id may be registered once as a master payer.
@Index("UQ_account_master_payer_aws_id", ["awsAccountId"], {
  unique: true,
  where: "is_master_payer = TRUE",
})
export class AccountEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "partner_id" })
  @Index("IDX_account_partner_id")
  partnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "partner_id", foreignKeyConstraintName: "FK_account_partner" })
  partner?: Relation<PartnerEntity>;

  @Column({ type: "varchar", length: 200 })
  name: string;

  @Column({ type: "varchar", length: 12, name: "aws_account_id", nullable: true })
  awsAccountId: string | null;

  @Column({ type: "boolean", name: "is_master_payer", default: false })
  isMasterPayer: boolean;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;
}
