import { Field, ID, Int, ObjectType } from "type-graphql";
import { type PartnerLevel, type PartnerRef } from "@reseller/domain";
import { type PartnerEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { PartnerLevelEnum } from "../common/enums.js";
import { PageInfo } from "../common/page.js";

@ObjectType({
  description:
    "A partner: a Parent (L1) that holds the AWS master payer billing data, or a Child (L2) contained in one Parent.",
})
export class Partner {
  @Field(() => ID, { description: "The partner's id, shown on the Partners page." })
  id: string;

  @Field(() => String, { description: "The partner's name." })
  name: string;

  @Field(() => String, { description: "The partner's contact email (the Partner Email field)." })
  email: string;

  @Field(() => PartnerLevelEnum, { description: "PARENT (L1) or CHILD (L2)." })
  level: PartnerLevel;

  @Field(() => Boolean, { description: "True for a Child partner that reseller links may feed." })
  isReseller: boolean;

  @Field(() => DateTimeScalar, { description: "When the partner was created." })
  createdAt: Date;

  /** Not exposed: field resolvers use it to load the parent. */
  parentId: string | null;
}

/**
 * The resolvers fill in only the fields the operation selects (see `selectsField`): an unselected
 * `totalCount` costs no COUNT query, and a `children` connection that selects only `totalCount`
 * reads no page. graphql-js never reads a field that is not selected; one left out by mistake
 * fails loudly, as a null in a non-null field, instead of answering a wrong number.
 */
@ObjectType({ description: "A page of partners." })
export class PartnerConnection {
  @Field(() => [Partner], { description: "The partners on this page, oldest first." })
  nodes?: Partner[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo?: PageInfo;

  @Field(() => Int, { description: "How many partners match, over all pages." })
  totalCount?: number;
}

export function toPartner(entity: PartnerEntity): Partner {
  return Object.assign(new Partner(), {
    id: String(entity.id),
    name: entity.name,
    email: entity.email,
    level: entity.level,
    isReseller: entity.isReseller,
    createdAt: entity.createdAt,
    parentId: entity.parentId === null ? null : String(entity.parentId),
  });
}

export function toPartnerRef(
  partner: Pick<Partner, "id" | "level" | "parentId" | "isReseller">,
): PartnerRef {
  return {
    id: partner.id,
    level: partner.level,
    parentId: partner.parentId,
    isReseller: partner.isReseller,
  };
}
