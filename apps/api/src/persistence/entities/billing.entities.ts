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

// Money columns hold exact decimal strings (never binary floats): TEXT on both databases.
const MONEY = { type: "text" } as const;
// Account ids as the report writes them: AWS's 12 digits, but FOCUS files of other providers
// carry long paths ("/providers/Microsoft.Billing/billingAccounts/…"). Kept whole, never cut.
const SOURCE_ID = { type: "text" } as const;

export type BillingMonthStatus = "OPEN" | "FINAL";

/** One billing period of one master payer: the cumulative report last ingested for it. */
@Entity({ name: "billing_month" })
@Index("UQ_billing_month", ["masterPayerAccountId", "billingPeriod"], { unique: true })
export class BillingMonthEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  masterPayerAccountId: number;

  @ManyToOne(() => AccountEntity, { onDelete: "RESTRICT" })
  @JoinColumn({
    name: "master_payer_account_id",
    foreignKeyConstraintName: "FK_billing_month_account",
  })
  masterPayerAccount?: Relation<AccountEntity>;

  /** "YYYY-MM". */
  @Column({ type: "varchar", length: 7, name: "billing_period" })
  billingPeriod: string;

  /** FINAL once AWS set the invoice id on the report. */
  @Column({ type: "varchar", length: 10 })
  status: BillingMonthStatus;

  @Column({ type: "varchar", length: 64, name: "invoice_id", nullable: true })
  invoiceId: string | null;

  /** A locked month changes only after an explicit unlock. */
  @Column({ type: "boolean", default: false })
  locked: boolean;

  @Column({ type: "varchar", length: 64, name: "content_hash" })
  contentHash: string;

  @Column({ type: "varchar", length: 255, name: "file_name" })
  fileName: string;

  @Column({ type: "varchar", length: 12 })
  format: string;

  @Column({ type: "integer", name: "line_items" })
  lineItems: number;

  @Column({ ...TIMESTAMP_COLUMN, name: "ingested_at" })
  ingestedAt: Date;
}

/** Daily cost rows of a billing month, as aggregated from the report (before allocation). */
@Entity({ name: "cost_row" })
@Index("IDX_cost_row_month_account", ["billingMonthId", "usageAccountId"])
export class CostRowEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "billing_month_id" })
  billingMonthId: number;

  @ManyToOne(() => BillingMonthEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "billing_month_id", foreignKeyConstraintName: "FK_cost_row_month" })
  billingMonth?: Relation<BillingMonthEntity>;

  @Column({ type: "varchar", length: 10, name: "usage_date" })
  usageDate: string;

  @Column({ ...SOURCE_ID, name: "payer_account_id" })
  payerAccountId: string;

  @Column({ ...SOURCE_ID, name: "usage_account_id" })
  usageAccountId: string;

  @Column({ type: "varchar", length: 200, name: "service_code" })
  serviceCode: string;

  @Column({ type: "varchar", length: 64, name: "line_item_type" })
  lineItemType: string;

  @Column({ type: "varchar", length: 8 })
  currency: string;

  @Column({ ...MONEY, name: "unblended_cost" })
  unblendedCost: string;

  @Column({ ...MONEY, name: "list_cost" })
  listCost: string;

  @Column({ ...MONEY, name: "usage_amount" })
  usageAmount: string;

  @Column({ type: "integer", name: "line_items" })
  lineItems: number;
}

export type JobState = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
export type JobKind = "INGEST" | "ALLOCATE";

/** Work done off the request path by the billing worker; its row is what clients watch. */
@Entity({ name: "billing_job" })
@Index("IDX_billing_job_state", ["state", "id"])
export class BillingJobEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ type: "varchar", length: 10 })
  kind: JobKind;

  @Column({ type: "varchar", length: 10 })
  state: JobState;

  @Column({ ...ID_COLUMN, name: "parent_partner_id" })
  @Index("IDX_billing_job_parent")
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "parent_partner_id", foreignKeyConstraintName: "FK_billing_job_parent" })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "master_payer_account_id" })
  masterPayerAccountId: number;

  /** UPLOAD, CLI, DROP_FOLDER, LINK_CHANGE, PRICING_CHANGE, INGEST. */
  @Column({ type: "varchar", length: 20 })
  source: string;

  /** Where the file waits (uploads and drops); null for allocation jobs. */
  @Column({ type: "varchar", length: 1024, name: "file_path", nullable: true })
  filePath: string | null;

  @Column({ type: "varchar", length: 255, name: "file_name", nullable: true })
  fileName: string | null;

  /** For ALLOCATE: the month to recompute, or null for every unlocked month. */
  @Column({ type: "varchar", length: 7, name: "billing_period", nullable: true })
  billingPeriod: string | null;

  @Column({ type: "integer", name: "rows_read", default: 0 })
  rowsRead: number;

  @Column({ type: "integer", name: "rows_allocated", default: 0 })
  rowsAllocated: number;

  @Column({ type: "integer", name: "rows_unmatched", default: 0 })
  rowsUnmatched: number;

  /** What went wrong, for people: names the file, line and column when known. */
  @Column({ type: "text", nullable: true })
  error: string | null;

  /** A short outcome, e.g. "2023-06 replaced" or "unchanged: the same file was ingested before". */
  @Column({ type: "text", nullable: true })
  outcome: string | null;

  @Column({ ...ID_COLUMN, name: "created_by_user_id", nullable: true })
  createdByUserId: number | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "started_at", nullable: true })
  startedAt: Date | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "finished_at", nullable: true })
  finishedAt: Date | null;

  /** Renewed by the worker running the job: a RUNNING job whose heartbeat stopped was orphaned. */
  @Column({ ...TIMESTAMP_COLUMN, name: "heartbeat_at", nullable: true })
  heartbeatAt: Date | null;

  /** How many times a worker started the job (an orphaned job is started again, up to a limit). */
  @Column({ type: "integer", default: 0 })
  attempts: number;

  /** For a delivery: the CUR assembly id or Data Export execution id of its manifest. */
  @Column({ type: "varchar", length: 128, name: "assembly_id", nullable: true })
  assemblyId: string | null;

  /** For a delivery: how many parts its manifest names. */
  @Column({ type: "integer", name: "part_count", nullable: true })
  partCount: number | null;
}

/** The Child's share of a month after allocation and pricing: what the billing pages read. */
@Entity({ name: "allocated_cost" })
@Index("IDX_allocated_cost_partner_month", ["resellerPartnerId", "billingPeriod"])
@Index("IDX_allocated_cost_month", ["billingMonthId"])
export class AllocatedCostEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "billing_month_id" })
  billingMonthId: number;

  @ManyToOne(() => BillingMonthEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "billing_month_id", foreignKeyConstraintName: "FK_allocated_cost_month" })
  billingMonth?: Relation<BillingMonthEntity>;

  @Column({ type: "varchar", length: 7, name: "billing_period" })
  billingPeriod: string;

  @Column({ ...ID_COLUMN, name: "reseller_partner_id" })
  resellerPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "CASCADE" })
  @JoinColumn({
    name: "reseller_partner_id",
    foreignKeyConstraintName: "FK_allocated_cost_partner",
  })
  resellerPartner?: Relation<PartnerEntity>;

  /** The link that routed the cost (kept when the link is later deleted). */
  @Column({ ...ID_COLUMN, name: "link_id" })
  linkId: number;

  @Column({ type: "varchar", length: 10, name: "usage_date" })
  usageDate: string;

  @Column({ type: "varchar", length: 32, name: "usage_account_id" })
  usageAccountId: string;

  @Column({ type: "varchar", length: 200, name: "service_code" })
  serviceCode: string;

  /** USAGE, TAX, CREDIT, REFUND, FEE (a rule's fee) or RULE_CREDIT: tax, credits and refunds are kept apart from usage. */
  @Column({ type: "varchar", length: 20, name: "charge_class" })
  chargeClass: string;

  @Column({ type: "varchar", length: 8 })
  currency: string;

  /** The Parent's cost (never shown to the Child). */
  @Column({ ...MONEY, name: "base_cost" })
  baseCost: string;

  /** What the Child is billed after the Parent's rules. */
  @Column({ ...MONEY, name: "billed_cost" })
  billedCost: string;
}

/** Costs of a month that no link routes to a Child, reported to the Parent instead of dropped. */
@Entity({ name: "unallocated_cost" })
@Index("IDX_unallocated_cost_month", ["billingMonthId"])
export class UnallocatedCostEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "billing_month_id" })
  billingMonthId: number;

  @ManyToOne(() => BillingMonthEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "billing_month_id", foreignKeyConstraintName: "FK_unallocated_cost_month" })
  billingMonth?: Relation<BillingMonthEntity>;

  @Column({ ...SOURCE_ID, name: "payer_account_id" })
  payerAccountId: string;

  @Column({ ...SOURCE_ID, name: "usage_account_id" })
  usageAccountId: string;

  /** NO_LINK (a valid id in no link), INVALID_ACCOUNT_ID (not 12 digits). */
  @Column({ type: "varchar", length: 20 })
  reason: string;

  @Column({ type: "varchar", length: 8 })
  currency: string;

  @Column({ ...MONEY, name: "unblended_cost" })
  unblendedCost: string;

  @Column({ type: "integer", name: "line_items" })
  lineItems: number;
}

/** A Parent's premium or discount: for one Child, or (childPartnerId null) the Parent-wide default. */
@Entity({ name: "pricing_rule" })
@Index("IDX_pricing_rule_parent", ["parentPartnerId"])
export class PricingRuleEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "parent_partner_id" })
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "parent_partner_id", foreignKeyConstraintName: "FK_pricing_rule_parent" })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "child_partner_id", nullable: true })
  childPartnerId: number | null;

  @ManyToOne(() => PartnerEntity, { onDelete: "CASCADE", nullable: true })
  @JoinColumn({ name: "child_partner_id", foreignKeyConstraintName: "FK_pricing_rule_child" })
  childPartner?: Relation<PartnerEntity> | null;

  @Column({ type: "integer", name: "sort_order" })
  order: number;

  @Column({ type: "varchar", length: 7, name: "effective_from" })
  effectiveFrom: string;

  @Column({ type: "varchar", length: 7, name: "effective_to", nullable: true })
  effectiveTo: string | null;

  @Column({ type: "varchar", length: 10 })
  kind: string;

  @Column({ type: "varchar", length: 12, nullable: true })
  percent: string | null;

  @Column({ ...MONEY, nullable: true })
  amount: string | null;

  @Column({ type: "varchar", length: 128, name: "service_code", nullable: true })
  serviceCode: string | null;

  @Column({ type: "varchar", length: 10, nullable: true })
  basis: string | null;

  /** Names the line of a FEE or CREDIT rule on invoices. */
  @Column({ type: "varchar", length: 120, nullable: true })
  name: string | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "created_at" })
  createdAt: Date;

  @Column({ ...TIMESTAMP_COLUMN, name: "updated_at" })
  updatedAt: Date;
}
