import { Field, ID, ObjectType } from "type-graphql";
import { type ApiKeyScope } from "../../persistence/entities/credential.entities.js";
import { type ApiKeyEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { ApiKeyScopeEnum } from "./api-key-scope.js";

@ObjectType({
  description:
    "A long-lived credential for scripts and partner apps; it acts as the user who made it.",
})
export class ApiKey {
  @Field(() => ID, { description: "The key's id (not the secret)." })
  id: string;

  @Field(() => String, { description: "A label chosen by its owner." })
  name: string;

  @Field(() => DateTimeScalar, { description: "When the key was created." })
  createdAt: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the key last signed a request (updated at most once a minute).",
  })
  lastUsedAt: Date | null;

  @Field(() => ApiKeyScopeEnum, { description: "What the key may do." })
  scope: ApiKeyScope;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the key stops working; null when it works until revoked.",
  })
  expiresAt: Date | null;
}

@ObjectType({ description: "A new API key and its secret." })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { description: "The key's record." })
  apiKey: ApiKey;

  @Field(() => String, {
    description: "The key itself, shown once: send it as `Authorization: Bearer <secret>`.",
  })
  secret: string;
}

export function toApiKey(entity: ApiKeyEntity): ApiKey {
  return Object.assign(new ApiKey(), {
    id: String(entity.id),
    name: entity.name,
    createdAt: entity.createdAt,
    lastUsedAt: entity.lastUsedAt,
    scope: entity.scope,
    expiresAt: entity.expiresAt,
  });
}
