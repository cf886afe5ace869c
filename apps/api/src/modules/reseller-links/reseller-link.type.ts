import { Field, ID, ObjectType } from "type-graphql";
import { type PayerPayeeHistory } from "@reseller/domain";
import { type ResellerLinkEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { PayerPayeeHistoryEnum } from "../common/enums.js";

@ObjectType({
  description:
    "Routes the costs of AWS payee accounts under a Parent's master payer to a reseller Child partner (the New Reseller Link dialog).",
})
export class ResellerLink {
  @Field(() => ID, { description: "The link's id." })
  id: string;

  @Field(() => String, {
    description: "Reseller Accounts section: the 12-digit AWS payer account id.",
  })
  awsPayerAccountId: string;

  @Field(() => PayerPayeeHistoryEnum, {
    description: "How the last change of payees treated stored months.",
  })
  history: PayerPayeeHistory;

  @Field(() => DateTimeScalar, { description: "When the link was created." })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: "When the link last changed." })
  updatedAt: Date;

  /** Not exposed: ids the field resolvers load through DataLoaders. */
  parentPartnerId: string;
  masterPayerAccountId: string;
  resellerPartnerId: string;
  resellerAccountId: string;
}

export function toResellerLink(entity: ResellerLinkEntity): ResellerLink {
  return Object.assign(new ResellerLink(), {
    id: String(entity.id),
    awsPayerAccountId: entity.awsPayerAccountId,
    history: entity.history,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    parentPartnerId: String(entity.parentPartnerId),
    masterPayerAccountId: String(entity.masterPayerAccountId),
    resellerPartnerId: String(entity.resellerPartnerId),
    resellerAccountId: String(entity.resellerAccountId),
  });
}
