import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { type PayerPayeeHistory } from "@reseller/domain";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";
import { AccountEntity } from "./account.entity.js";
import { PartnerEntity } from "./partner.entity.js";

@Entity({ name: "reseller_link" })
export class ResellerLinkEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  /** The Parent partner that owns the master payer account (fixed for the link's life). */
  @Column({ ...ID_COLUMN, name: "parent_partner_id" })
  @Index("IDX_reseller_link_parent_partner")
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({
    name: "parent_partner_id",
    foreignKeyConstraintName: "FK_reseller_link_parent_partner",
  })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  @Index("IDX_reseller_link_master_payer")
  masterPayerAccountId: number;

  @ManyToOne(() => AccountEntity, { onDelete: "RESTRICT" })
  @JoinColumn({
    name: "master_payer_account_id",
    foreignKeyConstraintName: "FK_reseller_link_master_payer",
  })
  masterPayerAccount?: Relation<AccountEntity>;

  @Column({ ...ID_COLUMN, name: "reseller_partner_id" })
  @Index("IDX_reseller_link_reseller_partner")
  resellerPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({
    name: "reseller_partner_id",
    foreignKeyConstraintName: "FK_reseller_link_reseller_partner",
  })
  resellerPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "reseller_account_id" })
  @Index("IDX_reseller_link_reseller_account")
  resellerAccountId: number;

  @ManyToOne(() => AccountEntity, { onDelete: "RESTRICT" })
  @JoinColumn({
    name: "reseller_account_id",
    foreignKeyConstraintName: "FK_reseller_link_reseller_account",
  })
  resellerAccount?: Relation<AccountEntity>;

  @Column({ type: "varchar", length: 12, name: "aws_payer_account_id" })
  awsPayerAccountId: string;

  @Column({ type: "varchar", length: 20 })
  history: PayerPayeeHistory;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "updated_at" })
  updatedAt: Date;
}
