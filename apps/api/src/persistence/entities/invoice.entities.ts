import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { ID_COLUMN, TIMESTAMP_COLUMN } from "../columns.js";
import { PartnerEntity } from "./partner.entity.js";

// Money columns hold exact decimal strings (never binary floats): TEXT on both databases.
const MONEY = { type: "text" } as const;

export type InvoiceStatusValue = "ISSUED" | "VOID";

/**
 * A partner's billing details: a Parent's (legal name, address, tax id, invoice prefix, terms,
 * note) or a Child's (billing email, address, tax id, PO number, tax rate). A partner without a
 * row has the defaults.
 */
@Entity({ name: "billing_details" })
export class BillingDetailsEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: "partner_id" })
  partnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "partner_id", foreignKeyConstraintName: "FK_billing_details_partner" })
  partner?: Relation<PartnerEntity>;

  @Column({ type: "varchar", length: 200, name: "legal_name", nullable: true })
  legalName: string | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  address: string | null;

  @Column({ type: "varchar", length: 64, name: "tax_id", nullable: true })
  taxId: string | null;

  @Column({ type: "varchar", length: 12, name: "invoice_prefix", nullable: true })
  invoicePrefix: string | null;

  @Column({ type: "integer", name: "payment_terms_days", nullable: true })
  paymentTermsDays: number | null;

  @Column({ type: "varchar", length: 1000, name: "invoice_note", nullable: true })
  invoiceNote: string | null;

  @Column({ type: "varchar", length: 254, name: "billing_email", nullable: true })
  billingEmail: string | null;

  @Column({ type: "varchar", length: 64, name: "po_number", nullable: true })
  poNumber: string | null;

  @Column({ type: "varchar", length: 12, name: "tax_rate_percent", nullable: true })
  taxRatePercent: string | null;

  @Column({ ...TIMESTAMP_COLUMN, name: "updated_at" })
  updatedAt: Date;
}

/** A Parent's last invoice number: the row issuers lock, so numbers have no gap or duplicate. */
@Entity({ name: "invoice_counter" })
export class InvoiceCounterEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: "parent_partner_id" })
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "parent_partner_id", foreignKeyConstraintName: "FK_invoice_counter_parent" })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ type: "integer", name: "last_sequence" })
  lastSequence: number;
}

/**
 * One Child's invoice for one month and currency. Database triggers refuse any change but
 * voiding (status, voided_at, voided_by_user_id, void_reason, once) and every delete.
 */
@Entity({ name: "invoice" })
@Index("UQ_invoice_parent_sequence", ["parentPartnerId", "sequence"], { unique: true })
@Index("IDX_invoice_child_period", ["childPartnerId", "billingPeriod"])
export class InvoiceEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "parent_partner_id" })
  parentPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "parent_partner_id", foreignKeyConstraintName: "FK_invoice_parent" })
  parentPartner?: Relation<PartnerEntity>;

  @Column({ ...ID_COLUMN, name: "child_partner_id" })
  childPartnerId: number;

  @ManyToOne(() => PartnerEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "child_partner_id", foreignKeyConstraintName: "FK_invoice_child" })
  childPartner?: Relation<PartnerEntity>;

  @Column({ type: "integer" })
  sequence: number;

  @Column({ type: "varchar", length: 40 })
  number: string;

  @Column({ type: "varchar", length: 7, name: "billing_period" })
  billingPeriod: string;

  @Column({ type: "varchar", length: 8 })
  currency: string;

  @Column({ type: "varchar", length: 8 })
  status: InvoiceStatusValue;

  @Column({ ...TIMESTAMP_COLUMN, name: "issued_at" })
  issuedAt: Date;

  @Column({ ...ID_COLUMN, name: "issued_by_user_id", nullable: true })
  issuedByUserId: number | null;

  @Column({ type: "varchar", length: 10, name: "due_date" })
  dueDate: string;

  @Column({ ...MONEY })
  subtotal: string;

  @Column({ ...MONEY })
  tax: string;

  @Column({ ...MONEY })
  total: string;

  @Column({ ...MONEY, name: "tax_rate_percent" })
  taxRatePercent: string;

  @Column({ ...ID_COLUMN, name: "adjusts_invoice_id", nullable: true })
  adjustsInvoiceId: number | null;

  @ManyToOne(() => InvoiceEntity, { onDelete: "RESTRICT", nullable: true })
  @JoinColumn({ name: "adjusts_invoice_id", foreignKeyConstraintName: "FK_invoice_adjusts" })
  adjusts?: Relation<InvoiceEntity> | null;

  /** The Parent's and the Child's billing details as they were when issued (JSON). */
  @Column({ type: "text" })
  parties: string;

  @Column({ ...TIMESTAMP_COLUMN, name: "voided_at", nullable: true })
  voidedAt: Date | null;

  @Column({ ...ID_COLUMN, name: "voided_by_user_id", nullable: true })
  voidedByUserId: number | null;

  @Column({ type: "varchar", length: 500, name: "void_reason", nullable: true })
  voidReason: string | null;
}

/** A line of an invoice, in its order. Never updated or deleted. */
@Entity({ name: "invoice_line" })
@Index("IDX_invoice_line_invoice", ["invoiceId", "position"])
export class InvoiceLineEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "invoice_id" })
  invoiceId: number;

  @ManyToOne(() => InvoiceEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "invoice_id", foreignKeyConstraintName: "FK_invoice_line_invoice" })
  invoice?: Relation<InvoiceEntity>;

  @Column({ type: "integer" })
  position: number;

  @Column({ type: "varchar", length: 300 })
  description: string;

  @Column({ ...MONEY })
  amount: string;
}

/** A FOCUS row frozen with an invoice: the Child's billed cost, never the Parent's. */
@Entity({ name: "invoice_cost" })
@Index("IDX_invoice_cost_invoice", ["invoiceId"])
export class InvoiceCostEntity {
  @PrimaryGeneratedColumn({ type: "integer" })
  id: number;

  @Column({ ...ID_COLUMN, name: "invoice_id" })
  invoiceId: number;

  @ManyToOne(() => InvoiceEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "invoice_id", foreignKeyConstraintName: "FK_invoice_cost_invoice" })
  invoice?: Relation<InvoiceEntity>;

  @Column({ type: "varchar", length: 10, name: "usage_date" })
  usageDate: string;

  @Column({ type: "text", name: "sub_account_id" })
  subAccountId: string;

  @Column({ type: "varchar", length: 300, name: "service_name" })
  serviceName: string;

  @Column({ type: "varchar", length: 12, name: "charge_category" })
  chargeCategory: string;

  @Column({ ...MONEY, name: "billed_cost" })
  billedCost: string;
}
