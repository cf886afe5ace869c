import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { type InvoiceEntity } from "../../persistence/entities/index.js";
import { DecimalScalar } from "../billing/billing.type.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { PageInfo } from "../common/page.js";
import { Partner } from "../partners/partner.type.js";

export enum InvoiceStatus {
  ISSUED = "ISSUED",
  VOID = "VOID",
}

registerEnumType(InvoiceStatus, {
  name: "InvoiceStatus",
  description: "ISSUED, or VOID (voided: it keeps its number and document, with a reason).",
});

@ObjectType({
  description: "A line of an invoice: a service, a fee or credit rule, AWS credits or refunds.",
})
export class InvoiceLine {
  @Field(() => String, { description: "The service, or the rule's name." })
  description: string;

  @Field(() => DecimalScalar, { description: "Exact, 12 decimals." })
  amount: string;
}

@ObjectType({
  description:
    "One Child's invoice for one billing month and currency. Immutable once issued: a later report or rule change never alters it; a difference is invoiced as an adjustment that names it.",
})
export class Invoice {
  @Field(() => ID, { description: "The invoice's id." })
  id: string;

  @Field(() => String, {
    description: "Sequential per Parent partner, without gaps, assigned when issued.",
  })
  number: string;

  @Field(() => String, { description: '"YYYY-MM".' })
  billingPeriod: string;

  @Field(() => String, { description: "The currency of every amount." })
  currency: string;

  @Field(() => InvoiceStatus, { description: "ISSUED or VOID." })
  status: InvoiceStatus;

  @Field(() => DateTimeScalar, { description: "When it was issued." })
  issuedAt: Date;

  @Field(() => String, { description: 'When payment is due ("YYYY-MM-DD").' })
  dueDate: string;

  @Field(() => DecimalScalar, { description: "The lines' sum: total − tax." })
  subtotal: string;

  @Field(() => DecimalScalar, {
    description: "AWS's tax lines plus the Child's tax rate of its re-billed usage.",
  })
  tax: string;

  @Field(() => DecimalScalar, { description: "subtotal + tax." })
  total: string;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it was voided." })
  voidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was voided." })
  voidReason: string | null;

  /** Not exposed: field resolvers load the Child, the lines and the adjusted invoice. */
  entity: InvoiceEntity;
}

@ObjectType({ description: "A page of invoices." })
export class InvoiceConnection {
  @Field(() => [Invoice], { description: "The invoices on this page, newest first." })
  nodes: Invoice[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "How many invoices match, over all pages." })
  totalCount: number;
}

@ObjectType({
  description:
    "What issuing the month would invoice a Child now, in one currency (nothing is stored): its first invoice, or an adjustment of one already issued.",
})
export class InvoicePreview {
  @Field(() => Partner, { description: "The Child partner." })
  partner: Partner;

  @Field(() => String, { description: '"YYYY-MM".' })
  billingPeriod: string;

  @Field(() => String, { description: "The currency." })
  currency: string;

  @Field(() => [InvoiceLine], { description: "The lines it would have." })
  lines: InvoiceLine[];

  @Field(() => DecimalScalar, { description: "The lines' sum." })
  subtotal: string;

  @Field(() => DecimalScalar, { description: "The tax." })
  tax: string;

  @Field(() => DecimalScalar, { description: "subtotal + tax." })
  total: string;

  @Field(() => Invoice, {
    nullable: true,
    description: "The invoice it would adjust; null for the month's first invoice.",
  })
  adjusts: Invoice | null;
}

@ObjectType({ description: "A Parent's details printed on every invoice it issues." })
export class ParentBillingDetails {
  @Field(() => String, {
    nullable: true,
    description: "The legal name (the partner's name when null).",
  })
  legalName: string | null;

  @Field(() => String, { nullable: true, description: "The postal address (lines)." })
  address: string | null;

  @Field(() => String, { nullable: true, description: "The tax (VAT, GST…) id." })
  taxId: string | null;

  @Field(() => String, { description: 'The invoice number prefix, e.g. "KES" (default "INV").' })
  invoicePrefix: string;

  @Field(() => Int, { description: "Days from issue to due date (default 30)." })
  paymentTermsDays: number;

  @Field(() => String, { nullable: true, description: "A note printed on every invoice." })
  invoiceNote: string | null;
}

@InputType({ description: "A Parent's billing details; blank optional fields are cleared." })
export class ParentBillingDetailsInput {
  @Field(() => String, { nullable: true, description: "At most 200 characters." })
  legalName?: string | null;

  @Field(() => String, { nullable: true, description: "At most 500 characters, lines allowed." })
  address?: string | null;

  @Field(() => String, { nullable: true, description: "At most 64 characters." })
  taxId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "1 to 12 capital letters or digits, starting with a letter (default INV).",
  })
  invoicePrefix?: string | null;

  @Field(() => Int, { nullable: true, description: "0 to 365 (default 30)." })
  paymentTermsDays?: number | null;

  @Field(() => String, { nullable: true, description: "At most 1,000 characters." })
  invoiceNote?: string | null;
}

@ObjectType({ description: "A Child's details for its invoices." })
export class ChildBillingDetails {
  @Field(() => String, {
    nullable: true,
    description: "Where invoices are emailed (with the PDF attached); null: not emailed.",
  })
  billingEmail: string | null;

  @Field(() => String, { nullable: true, description: "The postal address (lines)." })
  address: string | null;

  @Field(() => String, { nullable: true, description: "The tax id." })
  taxId: string | null;

  @Field(() => String, { nullable: true, description: "The purchase order number." })
  poNumber: string | null;

  @Field(() => String, {
    description:
      'Percent of the re-billed usage added as tax, two decimals (default "0.00"); AWS\'s own tax lines pass through.',
  })
  taxRatePercent: string;
}

@InputType({ description: "A Child's billing details; blank optional fields are cleared." })
export class ChildBillingDetailsInput {
  @Field(() => String, { nullable: true, description: "An email address." })
  billingEmail?: string | null;

  @Field(() => String, { nullable: true, description: "At most 500 characters, lines allowed." })
  address?: string | null;

  @Field(() => String, { nullable: true, description: "At most 64 characters." })
  taxId?: string | null;

  @Field(() => String, { nullable: true, description: "At most 64 characters." })
  poNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A percentage 0..100 with at most two decimals, e.g. "20" (default 0).',
  })
  taxRatePercent?: string | null;
}

export function toInvoice(entity: InvoiceEntity): Invoice {
  return Object.assign(new Invoice(), {
    id: String(entity.id),
    number: entity.number,
    billingPeriod: entity.billingPeriod,
    currency: entity.currency,
    status: entity.status as InvoiceStatus,
    issuedAt: entity.issuedAt,
    dueDate: entity.dueDate,
    subtotal: entity.subtotal,
    tax: entity.tax,
    total: entity.total,
    voidedAt: entity.voidedAt,
    voidReason: entity.voidReason,
    entity,
  });
}
