import { Field, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { Partner } from "../partners/partner.type.js";
import { User } from "../users/user.type.js";

@ObjectType({ description: "The signed-in caller." })
export class Viewer {
  @Field(() => User, { description: "The caller's user." })
  user: User;

  @Field(() => Partner, {
    nullable: true,
    description: "The caller's own partner; null for an operator.",
  })
  partner: Partner | null;
}

@ObjectType({ description: "A new session." })
export class AuthPayload {
  @Field(() => String, {
    description: "A bearer token: send it as `Authorization: Bearer <token>`.",
  })
  token: string;

  @Field(() => DateTimeScalar, { description: "When the token stops working." })
  expiresAt: Date;

  @Field(() => User, { description: "The signed-in user." })
  user: User;
}
