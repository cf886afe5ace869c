import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLScalarType, Kind } from "graphql";
import { COST_SCALE } from "@reseller/domain";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import {
  BillingJobKindEnum,
  BillingJobStateEnum,
  BillingMonthStatusEnum,
} from "./billing.enums.js";

const DECIMAL = new RegExp(`^-?\\d{1,20}(\\.\\d{1,${COST_SCALE}})?$`);

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description:
    'An exact decimal amount as a string, never a binary float. Amounts the API computes have 12 decimals ("12.340000000000"); inputs may have up to 12.',
  serialize: (value) => {
    if (typeof value === "string" && DECIMAL.test(value)) return value;
    throw new TypeError("Decimal can only serialize decimal strings");
  },
  parseValue: (value) => {
    if (typeof value === "string" && DECIMAL.test(value)) return value;
    throw new TypeError(`Decimal must be a decimal string, got ${JSON.stringify(value)}`);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING && DECIMAL.test(ast.value)) return ast.value;
    throw new TypeError("Decimal literals must be decimal strings");
  },
});

@ObjectType({
  description: "A billing job: an ingestion of a cost report, or a recomputation of allocations.",
})
export class BillingJob {
  @Field(() => ID, { description: "The job's id." })
  id: string;

  @Field(() => BillingJobKindEnum, {
    description: "INGEST reads a report; ALLOCATE recomputes the Children's shares.",
  })
  kind: string;

  @Field(() => BillingJobStateEnum, { description: "Where the job is." })
  state: string;

  @Field(() => String, {
    description:
      "What started it: UPLOAD, CLI, DROP_FOLDER, LINK_CHANGE, PRICING_CHANGE or MANUAL.",
  })
  source: string;

  @Field(() => String, {
    nullable: true,
    description: "The report's file name, for ingestion jobs.",
  })
  fileName: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For ALLOCATE: the month ("YYYY-MM"), or null for every unlocked month.',
  })
  billingPeriod: string | null;

  @Field(() => Int, { description: "Source rows read from the report." })
  rowsRead: number;

  @Field(() => Int, { description: "Source rows routed to a Child through a link." })
  rowsAllocated: number;

  @Field(() => Int, { description: "Source rows no link routes (see unallocatedCosts)." })
  rowsUnmatched: number;

  @Field(() => String, {
    nullable: true,
    description: "Why the job failed, naming the file, line and column when known.",
  })
  error: string | null;

  @Field(() => String, { nullable: true, description: "What the job did, in a few words." })
  outcome: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "For a delivery (a month's parts named by a manifest): the CUR assembly id or Data Export execution id.",
  })
  assemblyId: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "For a delivery: how many parts its manifest names.",
  })
  partCount: number | null;

  @Field(() => DateTimeScalar, { description: "When the job was queued." })
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the worker took it." })
  startedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it ended." })
  finishedAt: Date | null;

  masterPayerAccountId: string;
}

@ObjectType({ description: "One billing period of a master payer account, as last ingested." })
export class BillingMonth {
  @Field(() => String, { description: '"YYYY-MM".' })
  billingPeriod: string;

  @Field(() => BillingMonthStatusEnum, {
    description: "FINAL once AWS has set the invoice id on the report.",
  })
  status: string;

  @Field(() => String, {
    nullable: true,
    description: "AWS's invoice id, when the month is final.",
  })
  invoiceId: string | null;

  @Field(() => Boolean, { description: "A locked month changes only after an explicit unlock." })
  locked: boolean;

  @Field(() => String, { description: "The report file last ingested for the month." })
  fileName: string;

  @Field(() => String, { description: "CUR_LEGACY, CUR2 or FOCUS." })
  format: string;

  @Field(() => Int, { description: "Source rows of the month." })
  lineItems: number;

  @Field(() => DateTimeScalar, { description: "When the month was last ingested." })
  ingestedAt: Date;
}

@ObjectType({
  description: "A Child's billed amount for one key (a service, a usage account or a day).",
})
export class BilledAmount {
  @Field(() => String, {
    description: "The service code, the usage account id, or the day (YYYY-MM-DD).",
  })
  key: string;

  @Field(() => DecimalScalar, { description: "What the Child is billed for it." })
  billedCost: string;
}

@ObjectType({
  description:
    "A Child partner's bill for one month in one currency: what it owes, never the Parent's cost.",
})
export class ChildBill {
  @Field(() => String, { description: '"YYYY-MM".' })
  billingPeriod: string;

  @Field(() => String, { description: "ISO currency code of the amounts." })
  currency: string;

  @Field(() => DecimalScalar, {
    description: "Usage after the Parent's premiums and discounts, plus fees and rule credits.",
  })
  billed: string;

  @Field(() => DecimalScalar, { description: "Tax passed through." })
  tax: string;

  @Field(() => DecimalScalar, { description: "AWS credits passed through." })
  credits: string;

  @Field(() => DecimalScalar, { description: "Refunds passed through." })
  refunds: string;

  @Field(() => DecimalScalar, {
    description: "What the Child owes: billed + tax + credits + refunds.",
  })
  total: string;

  @Field(() => [BilledAmount], { description: "Billed cost by service, largest first." })
  byService: BilledAmount[];

  @Field(() => [BilledAmount], { description: "Billed cost by usage account, largest first." })
  byAccount: BilledAmount[];

  @Field(() => [BilledAmount], { description: "Billed cost by day." })
  byDay: BilledAmount[];
}

@ObjectType({
  description: "The Parent's view of one key: its cost, what it bills, and the margin.",
})
export class MarginAmount {
  @Field(() => String, { description: "The service code, the usage account id, or the day." })
  key: string;

  @Field(() => DecimalScalar, { description: "The Parent's cost (unblended)." })
  baseCost: string;

  @Field(() => DecimalScalar, { description: "What the Child is billed." })
  billedCost: string;

  @Field(() => DecimalScalar, { description: "billedCost − baseCost." })
  margin: string;
}

@ObjectType({
  description: "For the Parent only: a Child's month with base cost, billed cost and margin.",
})
export class ResellerMargin {
  @Field(() => String, { description: '"YYYY-MM".' })
  billingPeriod: string;

  @Field(() => String, { description: "ISO currency code." })
  currency: string;

  @Field(() => DecimalScalar, { description: "The Parent's cost of the Child's usage." })
  baseCost: string;

  @Field(() => DecimalScalar, {
    description: "What the Child is billed for usage, fees and rule credits.",
  })
  billedCost: string;

  @Field(() => DecimalScalar, { description: "billedCost − baseCost." })
  margin: string;

  @Field(() => DecimalScalar, { description: "Tax, credits and refunds passed through unchanged." })
  passThrough: string;

  @Field(() => [MarginAmount], { description: "By service, largest billed first." })
  byService: MarginAmount[];

  @Field(() => [MarginAmount], { description: "By usage account, largest billed first." })
  byAccount: MarginAmount[];

  @Field(() => [MarginAmount], { description: "By day." })
  byDay: MarginAmount[];

  resellerPartnerId: string;
}

@ObjectType({ description: "Cost of a month that no reseller link routes to a Child." })
export class UnallocatedCost {
  @Field(() => String, { description: "The payer account id in the report." })
  payerAccountId: string;

  @Field(() => String, {
    description: "The usage account id in the report (may be empty or not 12 digits).",
  })
  usageAccountId: string;

  @Field(() => String, {
    description:
      "NO_LINK: a valid id in no link; INVALID_ACCOUNT_ID: an id that is not 12 digits and can never match.",
  })
  reason: string;

  @Field(() => String, { description: "ISO currency code." })
  currency: string;

  @Field(() => DecimalScalar, { description: "Unblended cost." })
  unblendedCost: string;

  @Field(() => Int, { description: "Source rows." })
  lineItems: number;
}

@ObjectType({
  description:
    "Parent only: a line item type (CUR lineItem/LineItemType or FOCUS ChargeCategory) the collector does not know. Its rows are kept and billed to Children as usage; check how they should be billed.",
})
export class UnknownLineItemType {
  @Field(() => String, { description: "The type as the report spells it." })
  lineItemType: string;

  @Field(() => String, { description: "ISO currency code." })
  currency: string;

  @Field(() => DecimalScalar, { description: "Unblended cost of the month's rows of this type." })
  unblendedCost: string;

  @Field(() => Int, { description: "Source rows." })
  lineItems: number;
}
