import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { type PayerPayeeHistory } from "@reseller/domain";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";

export type LinkChangeAction = "CREATE" | "UPDATE" | "DELETE";

/**
 * The audit trail of a link (who, when, what), kept after the link is deleted so any
 * month's allocation can be recomputed. Hence no foreign key to reseller_link.
 */
@Entity({ name: "reseller_link_change" })
export class ResellerLinkChangeEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "link_id" })
  @Index("IDX_reseller_link_change_link")
  linkId: number;

  @Column({ type: "varchar", length: 10 })
  action: LinkChangeAction;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  masterPayerAccountId: number;

  @Column({ ...ID_COLUMN, name: "reseller_partner_id" })
  resellerPartnerId: number;

  @Column({ ...ID_COLUMN, name: "reseller_account_id" })
  resellerAccountId: number;

  @Column({ type: "varchar", length: 12, name: "aws_payer_account_id" })
  awsPayerAccountId: string;

  /** JSON array of 12-digit ids, in the admin's order. */
  @Column({ type: "text", name: "payee_ids" })
  payeeIds: string;

  @Column({ type: "varchar", length: 20 })
  history: PayerPayeeHistory;

  /** "YYYY-MM" for KEEP_HISTORY; null when the payees apply to every stored month. */
  @Column({ type: "varchar", length: 7, name: "effective_from_month", nullable: true })
  effectiveFromMonth: string | null;

  @Column({ ...ID_COLUMN, name: "changed_by_user_id" })
  changedByUserId: number;

  @Column({ ...TIMESTAMP_COLUMN, name: "changed_at" })
  changedAt: Date;
}
