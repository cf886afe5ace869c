import { Field, ID, ObjectType } from "type-graphql";
import { type AccountRef } from "@reseller/domain";
import { type AccountEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";

@ObjectType({ description: "An account of a partner (CloudCheckr calls its id the Project ID)." })
export class Account {
  @Field(() => ID, { description: "The account's id, shown as its Project ID." })
  id: string;

  @Field(() => String, { description: "The account's name." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "The 12-digit AWS account id this account reads, if any.",
  })
  awsAccountId: string | null;

  @Field(() => Boolean, {
    description:
      "True for a Parent partner's account that holds the AWS master payer billing data.",
  })
  isMasterPayer: boolean;

  @Field(() => DateTimeScalar, { description: "When the account was created." })
  createdAt: Date;

  /** Not exposed: the owner, loaded by the `partner` field resolver. */
  partnerId: string;
}

export function toAccount(entity: AccountEntity): Account {
  return Object.assign(new Account(), {
    id: String(entity.id),
    name: entity.name,
    awsAccountId: entity.awsAccountId,
    isMasterPayer: entity.isMasterPayer,
    createdAt: entity.createdAt,
    partnerId: String(entity.partnerId),
  });
}

export function toAccountRef(account: Account): AccountRef {
  return {
    id: account.id,
    partnerId: account.partnerId,
    awsAccountId: account.awsAccountId,
    isMasterPayer: account.isMasterPayer,
  };
}
