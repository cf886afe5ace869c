import { Field, ID, ObjectType } from "type-graphql";
import { type Role, type UserStatus } from "@reseller/domain";
import { type UserEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { RoleEnum, UserStatusEnum } from "../common/enums.js";

@ObjectType({ description: "A person who signs in to the console or the API." })
export class User {
  @Field(() => ID, { description: "The user's id." })
  id: string;

  @Field(() => String, {
    description: "The sign-in email, unique across users (stored lower-cased).",
  })
  email: string;

  @Field(() => String, { nullable: true, description: "The user's display name." })
  name: string | null;

  @Field(() => RoleEnum, { description: "What the user may do." })
  role: Role;

  @Field(() => UserStatusEnum, { description: "Whether the user can sign in." })
  status: UserStatus;

  @Field(() => DateTimeScalar, { description: "When the user was created." })
  createdAt: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the user last signed in (password, activation or reset); null if never.",
  })
  lastSignInAt: Date | null;

  /** Not exposed: loaded by the `partner` field resolver. */
  partnerId: string | null;

  /** Not exposed: set on the user of an AuthPayload, who may see its own partner before the request has a viewer. */
  signedIn?: boolean;
}

export function toUser(entity: UserEntity): User {
  return Object.assign(new User(), {
    id: String(entity.id),
    email: entity.email,
    name: entity.name,
    role: entity.role,
    status: entity.status,
    createdAt: entity.createdAt,
    lastSignInAt: entity.lastSignInAt ?? null,
    partnerId: entity.partnerId === null ? null : String(entity.partnerId),
  });
}
