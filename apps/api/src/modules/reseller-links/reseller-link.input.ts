import { type PayerPayeeHistory } from "@reseller/domain";
import { Field, ID, InputType } from "type-graphql";
import { PayerPayeeHistoryEnum } from "../common/enums.js";

@InputType({ description: "The New Reseller Link dialog (Link Accounts)." })
export class CreateResellerLinkInput {
  @Field(() => ID, {
    description: "Master-Payer section: the Parent partner's master payer account id.",
  })
  masterPayerAccountId: string;

  @Field(() => ID, { description: "Reseller section: the Child partner's id (its Project ID)." })
  resellerPartnerId: string;

  @Field(() => ID, {
    nullable: true,
    defaultValue: "0",
    description: 'Reseller section: the Child\'s account to receive the data; "0" creates one.',
  })
  resellerAccountId?: string | null;

  @Field(() => String, {
    description: "Reseller Accounts section: the 12-digit AWS payer account id.",
  })
  awsPayerAccountId: string;

  @Field(() => [String], {
    description: "Reseller Accounts section: the 12-digit AWS payee account ids.",
  })
  awsPayeeAccountIds: string[];

  @Field(() => PayerPayeeHistoryEnum, {
    nullable: true,
    defaultValue: "RESET_ALL_HISTORY",
    description: "Reseller Payer-Payee History section.",
  })
  history?: PayerPayeeHistory | null;
}

@InputType({ description: "A change of a link's payees." })
export class UpdateResellerLinkInput {
  @Field(() => [String], { description: "The link's new set of 12-digit AWS payee account ids." })
  awsPayeeAccountIds: string[];

  @Field(() => PayerPayeeHistoryEnum, {
    nullable: true,
    defaultValue: "RESET_ALL_HISTORY",
    description: "How the change treats billing months already stored.",
  })
  history?: PayerPayeeHistory | null;
}
