import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { type AuditEntryEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { PageInfo } from "../common/page.js";

@ObjectType({ description: "An id a mutation named besides its object, by argument path." })
export class AuditRelatedId {
  @Field(() => String, { description: "The argument's path, e.g. `input.resellerPartnerId`." })
  name: string;

  @Field(() => String, { description: "The id as the caller sent it." })
  id: string;
}

@ObjectType({
  description:
    "One mutation or sign-in attempt, recorded after it resolved. Entries are never changed; they are deleted only after AUDIT_RETENTION_DAYS.",
})
export class AuditEntry {
  @Field(() => ID, { description: "The entry's id; larger ids are later." })
  id: string;

  @Field(() => DateTimeScalar, { description: "When the call resolved." })
  occurredAt: Date;

  @Field(() => String, { description: "The mutation field, e.g. `createResellerLink` or `login`." })
  operation: string;

  @Field(() => String, {
    description: "`OK`, or the error code the caller got (`BAD_USER_INPUT`, `UNAUTHENTICATED`, …).",
  })
  outcome: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The acting user; for a failed sign-in, the account whose email was tried (null when none has it).",
  })
  userId: string | null;

  @Field(() => String, { nullable: true, description: "The acting user's email." })
  userEmail: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The API key that signed the call; null for a session or a sign-in.",
  })
  apiKeyId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The acting user's partner; null for an operator.",
  })
  partnerId: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The type of the object changed or created, e.g. `ResellerLink`.",
  })
  objectType: string | null;

  @Field(() => ID, { nullable: true, description: "The id of the object changed or created." })
  objectId: string | null;

  @Field(() => [AuditRelatedId], { description: "Other ids the call named." })
  relatedIds: AuditRelatedId[];

  @Field(() => [String], {
    description: "The argument fields the caller set, by path; names only, never their values.",
  })
  changedFields: string[];

  @Field(() => String, { description: "The caller's IP address." })
  ip: string;

  @Field(() => String, { description: "The request's id (the X-Request-Id header of its answer)." })
  requestId: string;
}

@ObjectType({ description: "A page of audit entries, newest first." })
export class AuditEntryConnection {
  @Field(() => [AuditEntry], { description: "The entries on this page, newest first." })
  nodes: AuditEntry[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "How many entries match, over all pages." })
  totalCount: number;
}

@InputType({ description: "Narrows the audit log; every field set must match." })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: "Only entries of this acting user." })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: "Only this mutation, e.g. `login`." })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: "Only objects of this type." })
  objectType?: string | null;

  @Field(() => ID, { nullable: true, description: "Only entries about this object id." })
  objectId?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Only entries at or after this time.",
  })
  from?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Only entries at or before this time.",
  })
  to?: Date | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toAuditEntry(entity: AuditEntryEntity, userEmail: string | null): AuditEntry {
  const related = parseJson<Record<string, string>>(entity.relatedIds, {});
  return Object.assign(new AuditEntry(), {
    id: String(entity.id),
    occurredAt: entity.occurredAt,
    operation: entity.operation,
    outcome: entity.outcome,
    userId: entity.userId === null ? null : String(entity.userId),
    userEmail,
    apiKeyId: entity.apiKeyId === null ? null : String(entity.apiKeyId),
    partnerId: entity.partnerId === null ? null : String(entity.partnerId),
    objectType: entity.objectType,
    objectId: entity.objectId,
    relatedIds: Object.entries(related).map(([name, id]) =>
      Object.assign(new AuditRelatedId(), { name, id }),
    ),
    changedFields: parseJson<string[]>(entity.changedFields, []),
    ip: entity.ip,
    requestId: entity.requestId,
  });
}
