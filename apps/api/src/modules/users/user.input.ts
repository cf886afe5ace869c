import { type Role } from "@reseller/domain";
import { Field, ID, InputType } from "type-graphql";
import { RoleEnum } from "../common/enums.js";

@InputType({ description: "A new user of a partner the caller administers." })
export class CreateUserInput {
  @Field(() => ID, { description: "The partner the user belongs to." })
  partnerId: string;

  @Field(() => String, { description: "The sign-in email; unique across users." })
  email: string;

  @Field(() => String, { nullable: true, description: "The user's display name." })
  name?: string | null;

  @Field(() => RoleEnum, {
    description:
      "ADMINISTRATOR or USER; a Partner Sys Admin may also add PARTNER_SYS_ADMINs to its own Parent.",
  })
  role: Role;

  @Field(() => String, {
    nullable: true,
    description: "Leave out (or empty) to send an activation email.",
  })
  password?: string | null;
}
