import { Field, ID, InputType, ObjectType } from "type-graphql";
import { User } from "../users/user.type.js";
import { Partner } from "./partner.type.js";

@InputType({ description: "The Initial User section of the Add Partner page." })
export class InitialUserInput {
  @Field(() => String, { description: "The user's sign-in email; unique across users." })
  email: string;

  @Field(() => String, { nullable: true, description: "The user's display name." })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Leave out (or empty) to force the user to activate the account and set a password.",
  })
  password?: string | null;
}

@InputType({ description: "The Resellers section of the Add Partner page." })
export class ResellerInput {
  @Field(() => ID, {
    description: "The Parent partner's id: it must be the caller's own Parent partner.",
  })
  parentPartnerId: string;
}

@InputType({
  description: "The Add Partner page: creates a Child partner in the caller's Parent partner.",
})
export class CreatePartnerInput {
  @Field(() => String, { description: "Partner Information: the Child partner's name." })
  name: string;

  @Field(() => String, { description: "Partner Information: the Partner Email." })
  email: string;

  @Field(() => InitialUserInput, { nullable: true, description: "Null: no initial user." })
  initialUser?: InitialUserInput | null;

  @Field(() => ResellerInput, {
    nullable: true,
    description: "Null: the Child partner is not a reseller.",
  })
  reseller?: ResellerInput | null;
}

@InputType({ description: "A new Parent partner and its first Partner Sys Admin (operator only)." })
export class CreateParentPartnerInput {
  @Field(() => String, { description: "The Parent partner's name." })
  name: string;

  @Field(() => String, { description: "The Parent partner's contact email." })
  email: string;

  @Field(() => InitialUserInput, { description: "The Parent partner's first Partner Sys Admin." })
  sysAdmin: InitialUserInput;
}

@ObjectType({ description: "A new partner and its initial user." })
export class CreatePartnerPayload {
  @Field(() => Partner, { description: "The new partner." })
  partner: Partner;

  @Field(() => User, {
    nullable: true,
    description:
      "The initial user, when one was asked for. A user created without a password is PENDING_ACTIVATION and is sent an activation email.",
  })
  initialUser: User | null;
}
