import { createWriteStream } from "node:fs";
import { type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";

export interface S3Location {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | null;
  roleArn: string | null;
  externalId: string | null;
}

/** Sessions are short: a check lists, downloads and hands over to the ingest job. */
const ROLE_SESSION_SECONDS = 3600;

/**
 * An S3 client for a source: its region, its endpoint (path-style, as S3-compatible servers
 * need), and either the role it names (STS AssumeRole with the external id, the way MSP tools
 * read a customer's bucket) or the default credential chain (environment, shared config files,
 * container or instance role).
 */
export function s3ClientFor(source: S3Location): S3Client {
  const config: S3ClientConfig = { region: source.region, maxAttempts: 2 };
  if (source.endpoint) {
    config.endpoint = source.endpoint;
    config.forcePathStyle = true;
  }
  if (source.roleArn) {
    config.credentials = fromTemporaryCredentials({
      params: {
        RoleArn: source.roleArn,
        ...(source.externalId ? { ExternalId: source.externalId } : {}),
        RoleSessionName: "reseller-console-report-sync",
        DurationSeconds: ROLE_SESSION_SECONDS,
      },
      clientConfig: { region: source.region },
    });
  }
  return new S3Client(config);
}

/** Every object below the prefix: key → ETag. */
export async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key !== undefined) objects.set(object.Key, object.ETag ?? "");
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}

/** A small object (a manifest) as text. */
export async function readText(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return object.Body.transformToString("utf8");
}

/** Streams an object to a file, never holding it in memory; false when there is no such key. */
export async function download(
  client: S3Client,
  bucket: string,
  key: string,
  target: string,
): Promise<boolean> {
  let body: Readable;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    body = object.Body as Readable;
  } catch (error) {
    if (errorName(error) === "NoSuchKey") return false;
    throw error;
  }
  await pipeline(body, createWriteStream(target));
  return true;
}

function errorName(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const { name, Code, code } = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const value of [Code, name, code])
    if (typeof value === "string" && value !== "") return value;
  return "";
}

/**
 * A failed check in words a Parent can act on. AWS's own messages are left out: they may quote
 * request details, and the codes say enough. No credential ever appears here.
 */
export function describeS3Error(error: unknown, source: S3Location): string {
  const name = errorName(error);
  const where = `s3://${source.bucket}/${source.prefix}`;
  const via = source.endpoint ? ` at ${source.endpoint}` : "";
  const role = source.roleArn ? `the role ${source.roleArn}` : "the server's AWS credentials";
  switch (name) {
    case "NoSuchBucket":
      return `No such bucket: "${source.bucket}" does not exist${via} (region ${source.region}). Check the bucket name and region.`;
    case "AccessDenied":
    case "AllAccessDisabled":
    case "Forbidden":
      return `Access denied to ${where}${via}: ${role} need s3:ListBucket on the bucket and s3:GetObject on the prefix.`;
    case "InvalidAccessKeyId":
    case "SignatureDoesNotMatch":
    case "ExpiredToken":
    case "InvalidToken":
    case "InvalidClientTokenId":
    case "CredentialsProviderError":
      return source.roleArn
        ? `The role ${source.roleArn} could not be used (${name}): check that the server's credentials may assume it, its trust policy and the external id.`
        : `The AWS credentials were refused (${name}): check the server's credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the shared config files or the instance role).`;
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
    case "IllegalLocationConstraintException":
      return `The bucket "${source.bucket}" is not in region ${source.region}: set the bucket's own region.`;
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
    case "ECONNRESET":
    case "EAI_AGAIN":
    case "TimeoutError":
      return `Cannot reach ${source.endpoint ?? `S3 in ${source.region}`} (${name}): check the endpoint and the network.`;
    default:
      return `The check of ${where} failed (${name || "unknown error"}); the operator can find it in the logs.`;
  }
}
