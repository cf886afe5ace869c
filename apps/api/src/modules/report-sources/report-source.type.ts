import { Field, ID, InputType, ObjectType } from "type-graphql";
import { type ReportSourceEntity } from "../../persistence/entities/index.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";

@ObjectType({
  description:
    "Where AWS delivers a master payer's cost reports: an S3 bucket and prefix holding a CUR legacy\nreport, a CUR 2.0 or FOCUS data export, each month as one or more parts and a manifest.",
})
export class ReportSource {
  @Field(() => ID)
  id: string;

  /** Resolved by the resolver from this id. */
  masterPayerAccountId: string;

  @Field(() => String, { description: "The bucket's name." })
  bucket: string;

  @Field(() => String, {
    description:
      "The report's or export's S3 prefix as configured in AWS; the report or export folder sits below it.",
  })
  prefix: string;

  @Field(() => String, { description: 'The bucket\'s AWS region, e.g. "us-east-1".' })
  region: string;

  @Field(() => String, {
    nullable: true,
    description: "An S3-compatible endpoint (path-style addressing); null for AWS itself.",
  })
  endpoint: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The role assumed with STS to read the bucket; null for the server's own credentials.",
  })
  roleArn: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The external id sent with AssumeRole (an identifier the role's trust policy requires, not a secret).",
  })
  externalId: string | null;

  @Field(() => Boolean, { description: "Whether the schedule checks the source." })
  enabled: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the source was last checked." })
  lastCheckedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the last check failed (access denied, no such bucket, a part missing…); null after a good one.",
  })
  lastError: string | null;
}

export function toReportSource(entity: ReportSourceEntity): ReportSource {
  return Object.assign(new ReportSource(), {
    id: String(entity.id),
    masterPayerAccountId: String(entity.masterPayerAccountId),
    bucket: entity.bucket,
    prefix: entity.prefix,
    region: entity.region,
    endpoint: entity.endpoint,
    roleArn: entity.roleArn,
    externalId: entity.externalId,
    enabled: entity.enabled,
    lastCheckedAt: entity.lastCheckedAt,
    lastError: entity.lastError,
  });
}

@InputType({ description: "A master payer's report source, created or replaced as a whole." })
export class ReportSourceInput {
  @Field(() => ID)
  masterPayerAccountId: string;

  @Field(() => String)
  bucket: string;

  @Field(() => String)
  prefix: string;

  @Field(() => String)
  region: string;

  @Field(() => String, { nullable: true })
  endpoint?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A role to assume with STS (and its external id); null to use the server's own AWS credentials.",
  })
  roleArn?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}
