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
import { AccountEntity } from "./account.entity.js";
import { PartnerEntity } from "./partner.entity.js";

/** Where AWS delivers a master payer's cost reports: an S3 bucket and prefix, checked on a schedule. */
@Entity({ name: "report_source" })
@Index("UQ_report_source_account", ["masterPayerAccountId"], { unique: true })
export class ReportSourceEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "parent_partner_id" })
  @Index("IDX_report_source_parent")
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "parent_partner_id", foreignKeyConstraintName: "FK_report_source_parent" })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  masterPayerAccountId: number;

  // A source means nothing without its account.
  @ManyToOne(() => AccountEntity, { onDelete: "CASCADE" })
  @JoinColumn({
    name: "master_payer_account_id",
    foreignKeyConstraintName: "FK_report_source_account",
  })
  masterPayerAccount?: Relation<AccountEntity>;

  @Column({ type: "varchar", length: 63 })
  bucket: string;

  /** The report's or export's S3 prefix as configured in AWS; "" for the bucket's root. */
  @Column({ type: "varchar", length: 1024 })
  prefix: string;

  @Column({ type: "varchar", length: 32 })
  region: string;

  /** An S3-compatible endpoint (path-style); null for AWS. */
  @Column({ type: "varchar", length: 512, nullable: true })
  endpoint: string | null;

  @Column({ type: "varchar", length: 2048, name: "role_arn", nullable: true })
  roleArn: string | null;

  @Column({ type: "varchar", length: 1224, name: "external_id", nullable: true })
  externalId: string | null;

  @Column({ type: "boolean", default: true })
  enabled: boolean;

  @Column({ ...TIMESTAMP_COLUMN, name: "last_checked_at", nullable: true })
  lastCheckedAt: Date | null;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  /** Deliveries queued, by manifest key: a fingerprint of the manifest's and parts' ETags (JSON). */
  @Column({ type: "text", name: "seen_deliveries", default: "{}" })
  seenDeliveries: string;

  /** The process checking the source now, until `leaseUntil`: one check at a time per source. */
  @Column({ type: "varchar", length: 64, name: "lease_owner", nullable: true })
  leaseOwner: string | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "lease_until", nullable: true })
  leaseUntil: Date | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "updated_at" })
  updatedAt: Date;
}
