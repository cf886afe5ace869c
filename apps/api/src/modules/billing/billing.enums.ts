import { registerEnumType } from "type-graphql";

export const BillingJobKindEnum = { INGEST: "INGEST", ALLOCATE: "ALLOCATE" } as const;
registerEnumType(BillingJobKindEnum, {
  name: "BillingJobKind",
  description: "What a billing job does.",
  valuesConfig: {
    INGEST: { description: "Reads a cost report and replaces the months it holds." },
    ALLOCATE: { description: "Recomputes the Children's shares after a link or pricing change." },
  },
});

export const BillingJobStateEnum = {
  QUEUED: "QUEUED",
  RUNNING: "RUNNING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
} as const;
registerEnumType(BillingJobStateEnum, {
  name: "BillingJobState",
  description: "Where a billing job is.",
  valuesConfig: {
    QUEUED: { description: "Waiting for the worker." },
    RUNNING: { description: "Being worked on." },
    SUCCEEDED: { description: "Done; see outcome and the row counts." },
    FAILED: { description: "Stopped; see error. The stored data is as it was before the job." },
  },
});

export const BillingMonthStatusEnum = { OPEN: "OPEN", FINAL: "FINAL" } as const;
registerEnumType(BillingMonthStatusEnum, {
  name: "BillingMonthStatus",
  description: "Whether AWS has closed the month.",
  valuesConfig: {
    OPEN: { description: "The report is cumulative and a newer one may replace it." },
    FINAL: { description: "AWS set the invoice id: the month's report is final." },
  },
});

export const PricingRuleKindEnum = {
  MARKUP: "MARKUP",
  DISCOUNT: "DISCOUNT",
  FEE: "FEE",
  CREDIT: "CREDIT",
  BASIS: "BASIS",
} as const;
registerEnumType(PricingRuleKindEnum, {
  name: "PricingRuleKind",
  description: "What a pricing rule does to a Child's bill.",
  valuesConfig: {
    MARKUP: { description: "A premium: +percent on usage (all services, or one)." },
    DISCOUNT: { description: "A discount: −percent on usage (all services, or one)." },
    FEE: { description: "A monthly fee: a flat amount or a percent of the priced usage." },
    CREDIT: { description: "A monthly credit: a flat amount or a percent of the priced usage." },
    BASIS: {
      description:
        "The cost the rules start from: UNBLENDED, or LIST (on-demand, without RI and Savings Plan benefits).",
    },
  },
});

export const CostBasisEnum = { UNBLENDED: "UNBLENDED", LIST: "LIST" } as const;
registerEnumType(CostBasisEnum, {
  name: "CostBasis",
  description: "The cost a Child's pricing starts from.",
  valuesConfig: {
    UNBLENDED: { description: "The unblended cost the Parent pays (the default)." },
    LIST: {
      description:
        "Public on-demand cost: removes RI and Savings Plan benefits, like CloudCheckr's List Cost.",
    },
  },
});
