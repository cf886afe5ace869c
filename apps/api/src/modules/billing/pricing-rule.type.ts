import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { type PricingRuleEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { CostBasisEnum, PricingRuleKindEnum } from "./billing.enums.js";
import { DecimalScalar } from "./billing.type.js";

@ObjectType({
  description:
    "One of a Parent's premiums or discounts, for one Child or as the Parent-wide default.",
})
export class PricingRule {
  @Field(() => ID, { description: "The rule's id." })
  id: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The Child partner it prices; null for the Parent-wide default (used when the Child has no rule that month).",
  })
  childPartnerId: string | null;

  @Field(() => Int, {
    description: "Rules apply in ascending order; markups and discounts compound.",
  })
  order: number;

  @Field(() => String, { description: 'First month the rule applies ("YYYY-MM").' })
  effectiveFrom: string;

  @Field(() => String, {
    nullable: true,
    description: "Last month it applies; null for open-ended.",
  })
  effectiveTo: string | null;

  @Field(() => PricingRuleKindEnum, { description: "What the rule does." })
  kind: string;

  @Field(() => String, {
    nullable: true,
    description: 'A percentage with two decimals, e.g. "5.00".',
  })
  percent: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "A flat monthly amount (FEE or CREDIT).",
  })
  amount: string | null;

  @Field(() => String, { nullable: true, description: "MARKUP or DISCOUNT for this service only." })
  serviceCode: string | null;

  @Field(() => CostBasisEnum, {
    nullable: true,
    description: "For BASIS rules: the cost to start from.",
  })
  basis: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "What invoices call the line of a FEE or CREDIT rule; null: a generated description.",
  })
  name: string | null;

  @Field(() => DateTimeScalar, { description: "When the rule last changed." })
  updatedAt: Date;
}

@InputType({ description: "A pricing rule to create or replace." })
export class PricingRuleInput {
  @Field(() => ID, {
    nullable: true,
    description: "The Child partner; leave out for the Parent-wide default.",
  })
  childPartnerId?: string | null;

  @Field(() => Int, { description: "Position among the Child's rules (ascending)." })
  order: number;

  @Field(() => String, { description: 'First month, "YYYY-MM".' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: "Last month, or null." })
  effectiveTo?: string | null;

  @Field(() => PricingRuleKindEnum, { description: "What the rule does." })
  kind: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Percentage with at most two decimals (MARKUP, DISCOUNT, and FEE/CREDIT when not flat).",
  })
  percent?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Flat amount with at most two decimals (FEE or CREDIT).",
  })
  amount?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Limit a MARKUP or DISCOUNT to one service code.",
  })
  serviceCode?: string | null;

  @Field(() => CostBasisEnum, { nullable: true, description: "For BASIS rules." })
  basis?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A name for invoices, e.g. "Managed services" (at most 120 characters).',
  })
  name?: string | null;
}

export function toPricingRuleType(entity: PricingRuleEntity): PricingRule {
  return Object.assign(new PricingRule(), {
    id: String(entity.id),
    childPartnerId: entity.childPartnerId === null ? null : String(entity.childPartnerId),
    order: entity.order,
    effectiveFrom: entity.effectiveFrom,
    effectiveTo: entity.effectiveTo,
    kind: entity.kind,
    percent: entity.percent,
    amount: entity.amount,
    serviceCode: entity.serviceCode,
    basis: entity.basis,
    name: entity.name,
    updatedAt: entity.updatedAt,
  });
}
