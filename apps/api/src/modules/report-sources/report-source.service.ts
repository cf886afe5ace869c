import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { basename } from "node:path";
import { type S3Client } from "@aws-sdk/client-s3";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, badInput, notFound } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import { type BillingJobEntity, ReportSourceEntity } from "../../persistence/entities/index.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";
import { type BillingWorker } from "../billing/billing-worker.js";
import { type BillingService } from "../billing/billing.service.js";
import { stageDelivery } from "../billing/delivery.js";
import { ManifestError, manifestKeyInfo, parseManifest } from "../billing/ingest/manifest.js";
import { toRowId } from "../common/page.js";
import { type ReportSourceInput } from "./report-source.type.js";
import {
  describeS3Error,
  download,
  listObjects,
  readText,
  s3ClientFor,
  type S3Location,
} from "./s3-access.js";

/** A check holds its source this long, renewed while it runs: a dead process frees it soon. */
export const LEASE_MS = 5 * 60_000;
const LEASE_RENEW_MS = 60_000;

// Bucket names per AWS: 3-63 lower-case letters, digits, dots and hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,3}-\d$|^[a-z0-9-]{2,32}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** The S3 key prefix the listing starts at: "" or ending with "/". */
function listingPrefix(prefix: string): string {
  return prefix === "" ? "" : `${prefix}/`;
}

function checkInput(input: ReportSourceInput): Omit<S3Location, never> & { enabled: boolean } {
  const bucket = input.bucket.trim();
  if (!BUCKET.test(bucket))
    throw badInput(
      "input.bucket",
      `bucket must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens), got "${input.bucket.slice(0, 70)}"`,
      input.bucket.slice(0, 70),
    );
  // Slashes at either end mean nothing to S3 prefixes as AWS shows them.
  const prefix = input.prefix.trim().replace(/^\/+|\/+$/g, "");
  if (prefix.length > 1024 || prefix.split("/").some((s) => s === "." || s === ".."))
    throw badInput(
      "input.prefix",
      `prefix must be an S3 prefix of at most 1024 characters, got "${input.prefix.slice(0, 70)}"`,
      input.prefix.slice(0, 70),
    );
  const region = input.region.trim();
  if (!REGION.test(region))
    throw badInput(
      "input.region",
      `region must be an AWS region like "us-east-1", got "${input.region.slice(0, 40)}"`,
      input.region.slice(0, 40),
    );
  const endpoint = input.endpoint?.trim() || null;
  if (endpoint !== null) {
    const url = URL.canParse(endpoint) ? new URL(endpoint) : null;
    if (
      !url ||
      !/^https?:$/.test(url.protocol) ||
      url.username ||
      url.password ||
      endpoint.length > 512
    )
      throw badInput(
        "input.endpoint",
        `endpoint must be an http(s) URL without credentials, got "${endpoint.replace(/\/\/[^@/]*@/, "//***@").slice(0, 70)}"`,
        endpoint.replace(/\/\/[^@/]*@/, "//***@").slice(0, 70),
      );
  }
  const roleArn = input.roleArn?.trim() || null;
  if (roleArn !== null && !ROLE_ARN.test(roleArn))
    throw badInput(
      "input.roleArn",
      `roleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/ReportReader", got "${roleArn.slice(0, 70)}"`,
      roleArn.slice(0, 70),
    );
  const externalId = input.externalId?.trim() || null;
  if (externalId !== null && roleArn === null)
    throw badInput(
      "input.externalId",
      "externalId goes with a roleArn: set the role too, or leave it out",
      null,
    );
  if (externalId !== null && !EXTERNAL_ID.test(externalId))
    throw badInput(
      "input.externalId",
      "externalId must be 2 to 1224 letters, digits or the characters +=,.@:/-",
      externalId.slice(0, 70),
    );
  return { bucket, prefix, region, endpoint, roleArn, externalId, enabled: input.enabled ?? true };
}

/**
 * S3 report sources: who may see and change them, and the check that turns new deliveries in a
 * bucket into ingest jobs. One check per source at a time, across processes (a database lease).
 */
export class ReportSourceService {
  /** Identifies this process's leases. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly deps: AppDeps,
    private readonly billing: BillingService,
    private readonly worker: BillingWorker,
  ) {}

  private get repository() {
    return this.deps.dataSource.getRepository(ReportSourceEntity);
  }

  async list(viewer: ViewerIdentity, loaders: Loaders, parentPartnerId: string) {
    const parent = await this.billing.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    return this.repository.find({ where: { parentPartnerId: parent.id }, order: { id: "ASC" } });
  }

  /** A source the caller may manage; another tenant's reads as an unknown id. */
  async find(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<ReportSourceEntity> {
    const rowId = toRowId(id);
    const source = rowId === null ? null : await this.repository.findOneBy({ id: rowId });
    if (!source) throw notFound("id", id);
    try {
      await this.billing.requireMasterPayer(
        viewer,
        loaders,
        String(source.masterPayerAccountId),
        "id",
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === "NOT_FOUND") throw notFound("id", id);
      throw error;
    }
    return source;
  }

  async save(
    viewer: ViewerIdentity,
    loaders: Loaders,
    input: ReportSourceInput,
  ): Promise<ReportSourceEntity> {
    const values = checkInput(input);
    const account = await this.billing.requireMasterPayer(
      viewer,
      loaders,
      input.masterPayerAccountId,
      "input.masterPayerAccountId",
    );
    const now = this.deps.now();
    const write = () =>
      this.deps.tx.run(async (m) => {
        const existing = await m.findOneBy(ReportSourceEntity, {
          masterPayerAccountId: account.id,
        });
        if (existing) {
          // Another bucket or prefix holds other deliveries: forget what was seen at the old one.
          const moved =
            existing.bucket !== values.bucket ||
            existing.prefix !== values.prefix ||
            existing.endpoint !== values.endpoint;
          await m.update(
            ReportSourceEntity,
            { id: existing.id },
            {
              ...values,
              updatedAt: now,
              ...(moved ? { seenDeliveries: "{}", lastError: null, lastCheckedAt: null } : {}),
            },
          );
          return m.findOneByOrFail(ReportSourceEntity, { id: existing.id });
        }
        return m.save(
          m.create(ReportSourceEntity, {
            ...values,
            parentPartnerId: account.partnerId,
            masterPayerAccountId: account.id,
            lastCheckedAt: null,
            lastError: null,
            seenDeliveries: "{}",
            leaseOwner: null,
            leaseUntil: null,
            createdAt: now,
            updatedAt: now,
          }),
        );
      });
    try {
      return await write();
    } catch (error) {
      // Two saves raced to create the account's source: the loser replaces the winner's.
      if (!isUniqueViolation(error)) throw error;
      return write();
    }
  }

  async delete(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<boolean> {
    const source = await this.find(viewer, loaders, id);
    const deleted = await this.deps.tx.run((m) => m.delete(ReportSourceEntity, { id: source.id }));
    return (deleted.affected ?? 0) > 0;
  }

  /** syncReportSource: checks one source now, whatever the schedule. */
  async syncNow(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<BillingJobEntity[]> {
    const source = await this.find(viewer, loaders, id);
    const jobs = await this.withLease(source.id, null, (claimed) =>
      this.check(claimed, viewer.user.id),
    );
    if (jobs === null)
      throw new ApiError(
        "CONFLICT",
        "This source is being checked right now; its jobs will appear in the jobs list.",
        { reason: "CHECK_IN_PROGRESS", field: "id", value: id },
      );
    return jobs;
  }

  /** The schedule: checks each enabled source not checked within the interval, once. */
  async checkDue(intervalMs: number): Promise<number> {
    const now = this.deps.now();
    const dueBefore = new Date(now.getTime() - intervalMs);
    const candidates = await this.repository.find({
      where: { enabled: true },
      order: { id: "ASC" },
    });
    let checked = 0;
    for (const candidate of candidates) {
      if (candidate.lastCheckedAt !== null && candidate.lastCheckedAt > dueBefore) continue;
      const done = await this.withLease(candidate.id, dueBefore, (source) =>
        this.check(source, null),
      );
      if (done !== null) checked += 1;
    }
    return checked;
  }

  /**
   * Runs `work` holding the source's lease, or answers null when another check holds it (or,
   * with `dueBefore`, when the source was checked since). The claim is one conditional UPDATE,
   * so of several processes exactly one gets it.
   */
  private async withLease<T>(
    id: number,
    dueBefore: Date | null,
    work: (source: ReportSourceEntity) => Promise<T>,
  ): Promise<T | null> {
    const now = this.deps.now();
    const claim = await this.deps.tx.run((m) => {
      const update = m
        .createQueryBuilder()
        .update(ReportSourceEntity)
        .set({ leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + LEASE_MS) })
        .where("id = :id", { id })
        .andWhere("(lease_until IS NULL OR lease_until < :now)", { now: now.toISOString() });
      if (dueBefore !== null)
        update.andWhere("(last_checked_at IS NULL OR last_checked_at <= :due)", {
          due: dueBefore.toISOString(),
        });
      return update.execute();
    });
    if ((claim.affected ?? 0) !== 1) return null;
    const renew = setInterval(() => {
      this.deps.tx
        .run((m) =>
          m.update(
            ReportSourceEntity,
            { id, leaseOwner: this.owner },
            { leaseUntil: new Date(this.deps.now().getTime() + LEASE_MS) },
          ),
        )
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, sourceId: id }, "report source lease renewal failed"),
        );
    }, LEASE_RENEW_MS);
    renew.unref();
    try {
      const source = await this.repository.findOneByOrFail({ id });
      return await work(source);
    } finally {
      clearInterval(renew);
      await this.deps.tx.run((m) =>
        m.update(
          ReportSourceEntity,
          { id, leaseOwner: this.owner },
          { leaseOwner: null, leaseUntil: null },
        ),
      );
    }
  }

  /**
   * Lists the prefix, and for each month's current manifest whose delivery (the manifest's and
   * its parts' ETags) is new, downloads the parts to storage and queues one ingest job. Every
   * check records when it ran and, in words, what went wrong.
   */
  private async check(
    source: ReportSourceEntity,
    userId: number | null,
  ): Promise<BillingJobEntity[]> {
    const client = s3ClientFor(source);
    const jobs: BillingJobEntity[] = [];
    const problems: string[] = [];
    const seen = JSON.parse(source.seenDeliveries) as Record<string, string>;
    try {
      const objects = await listObjects(client, source.bucket, listingPrefix(source.prefix));
      const manifests = [...objects.keys()].filter((key) => manifestKeyInfo(key) !== null).sort();
      if (manifests.length === 0 && objects.size === 0)
        problems.push(
          `Nothing under s3://${source.bucket}/${listingPrefix(source.prefix)} yet: if AWS has delivered already, check the prefix.`,
        );
      for (const key of manifests) {
        const job = await this.checkManifest(source, client, objects, key, seen, userId, problems);
        if (job) jobs.push(job);
      }
      await this.recordCheck(source.id, problems.length > 0 ? problems.join(" ") : null, seen);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, sourceId: source.id, bucket: source.bucket },
        "report source check failed",
      );
      await this.recordCheck(source.id, describeS3Error(error, source), seen);
    } finally {
      client.destroy();
    }
    return jobs;
  }

  private async checkManifest(
    source: ReportSourceEntity,
    client: S3Client,
    objects: ReadonlyMap<string, string>,
    key: string,
    seen: Record<string, string>,
    userId: number | null,
    problems: string[],
  ): Promise<BillingJobEntity | null> {
    let manifest;
    try {
      manifest = parseManifest(key, await readText(client, source.bucket, key));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      problems.push(`${error.message}.`);
      return null;
    }
    const fingerprint = createHash("sha256")
      .update(
        [
          key,
          objects.get(key),
          ...manifest.partKeys.map((k) => `${k}\t${objects.get(k) ?? "-"}`),
        ].join("\n"),
      )
      .digest("hex");
    if (seen[key] === fingerprint) return null;
    const missing = manifest.partKeys.filter((part) => !objects.has(part));
    if (missing.length > 0)
      problems.push(`A part is missing: ${key} names ${missing.join(", ")}, not in the bucket.`);
    const staged = await stageDelivery(
      this.deps.config.billingStorageDir,
      manifest,
      (part, target) =>
        objects.has(part) ? download(client, source.bucket, part, target) : Promise.resolve(false),
    );
    const job = await this.worker.enqueue({
      kind: "INGEST",
      parentPartnerId: source.parentPartnerId,
      masterPayerAccountId: source.masterPayerAccountId,
      source: "S3",
      filePath: staged,
      fileName: key.length <= 255 ? key : basename(key),
      billingPeriod: manifest.billingPeriod,
      assemblyId: manifest.assemblyId.slice(0, 128),
      partCount: manifest.partKeys.length,
      createdByUserId: userId,
    });
    seen[key] = fingerprint;
    return job;
  }

  private async recordCheck(
    id: number,
    lastError: string | null,
    seen: Record<string, string>,
  ): Promise<void> {
    this.deps.logger.info({ sourceId: id, failed: lastError !== null }, "report source checked");
    await this.deps.tx.run((m) =>
      m.update(
        ReportSourceEntity,
        { id },
        { lastCheckedAt: this.deps.now(), lastError, seenDeliveries: JSON.stringify(seen) },
      ),
    );
  }
}
