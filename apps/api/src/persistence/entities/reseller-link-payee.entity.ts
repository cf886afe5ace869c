import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from "typeorm";
import { ID_COLUMN } from "../columns.js";
import { ResellerLinkEntity } from "./reseller-link.entity.js";

/**
 * One payee of a link. The unique index is the AWS Billing Conductor rule in the database:
 * a payee belongs to at most one link under a master payer, even under concurrent writers.
 */
@Entity({ name: "reseller_link_payee" })
@Index("UQ_reseller_link_payee_per_master_payer", ["masterPayerAccountId", "awsAccountId"], {
  unique: true,
})
export class ResellerLinkPayeeEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: "link_id" })
  linkId: number;

  @ManyToOne(() => ResellerLinkEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "link_id", foreignKeyConstraintName: "FK_reseller_link_payee_link" })
  link?: Relation<ResellerLinkEntity>;

  @PrimaryColumn({ type: "varchar", length: 12, name: "aws_account_id" })
  awsAccountId: string;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  masterPayerAccountId: number;

  /** Keeps the order the admin typed the payees in. */
  @Column({ type: "integer" })
  position: number;
}
