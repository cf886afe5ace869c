import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "A new account of a partner (Accounts List > add account)." })
export class CreateAccountInput {
  @Field(() => ID, { description: "The partner that owns the account." })
  partnerId: string;

  @Field(() => String, { description: "The account's name." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "The 12-digit AWS account id the account reads.",
  })
  awsAccountId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      "True for a Parent partner's account that holds the AWS master payer billing data.",
  })
  isMasterPayer?: boolean | null;
}
