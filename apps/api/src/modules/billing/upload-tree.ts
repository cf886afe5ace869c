import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type express from "express";
import { extract, type Header } from "tar-stream";
import { type AppDeps } from "../../context.js";
import { ApiError } from "../../graphql/errors.js";
import { type AccountEntity, type BillingJobEntity } from "../../persistence/entities/index.js";
import { type Services } from "../../services.js";
import { quotaExceededWhileSending, type StorageQuota } from "../billing-limits/storage-quota.js";
import { deliveryJob, MAX_TREE_DEPTH, stageTreeDeliveries } from "./drop-folder.js";
import { type Manifest } from "./ingest/manifest.js";
import { sizeLimit, tooLarge } from "./upload.route.js";

// An S3 prefix tree holds a manifest and its parts per month: thousands of entries is plenty.
const MAX_TREE_ENTRIES = 10_000;
const MAX_ENTRY_NAME = 1024;

/** A .tar or .tar.gz of a report's S3 prefix tree, by its content type or file name. */
export function treeUploadKind(req: express.Request): "tar" | "tar.gz" | null {
  const type = (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const name = (req.header("x-file-name") ?? "").toLowerCase();
  if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "tar.gz";
  if (name.endsWith(".tar") || type === "application/x-tar") return "tar";
  return null;
}

function badEntry(name: string, reason: string, message: string): ApiError {
  return new ApiError("BAD_USER_INPUT", `The tar entry ${JSON.stringify(name)} ${message}`, {
    field: "body",
    value: name.slice(0, MAX_ENTRY_NAME),
    reason,
  });
}

/** The entry's path segments, or a refusal naming it: nothing may land outside the tree. */
export function entrySegments(name: string): string[] {
  if (name.length > MAX_ENTRY_NAME)
    throw badEntry(name, "TAR_ENTRY_UNSAFE", "has too long a name.");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
    throw badEntry(
      name,
      "TAR_ENTRY_UNSAFE",
      "is an absolute path; only relative keys may be sent.",
    );
  if (name.includes("\\") || name.includes("\u0000"))
    throw badEntry(name, "TAR_ENTRY_UNSAFE", "holds a backslash or NUL character.");
  const segments = name.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes(".."))
    throw badEntry(name, "TAR_ENTRY_UNSAFE", 'climbs out of the tree with "..".');
  if (segments.length > MAX_TREE_DEPTH + 1)
    throw badEntry(name, "TAR_ENTRY_UNSAFE", `is deeper than ${MAX_TREE_DEPTH} folders.`);
  return segments;
}

export interface TreeUpload {
  deps: AppDeps;
  services: Services;
  quota: StorageQuota;
  storageDir: string;
  maxBytes: number;
  account: AccountEntity;
  userId: number;
}

/**
 * Unpacks the request body (a tar of an S3 prefix tree) into a private folder, entry by entry as
 * it streams in, then stages each month's current manifest with its parts exactly as the drop
 * folder does and queues one job per delivery. Any unsafe entry refuses the whole upload.
 */
export async function uploadTree(
  req: express.Request,
  kind: "tar" | "tar.gz",
  upload: TreeUpload,
): Promise<BillingJobEntity[]> {
  const { deps, services, quota, storageDir, maxBytes, account } = upload;
  const root = join(storageDir, "uploads", `${randomUUID()}-tree`);
  const declared = Number(req.header("content-length") ?? "0");
  // A plain tar unpacks to about its own size; a gzipped one is given the room left.
  const reservation = await quota.reserve(
    account.partnerId,
    kind === "tar" && declared > 0 ? declared : null,
    root,
  );
  const staged: { path: string; key: string; manifest: Manifest | null }[] = [];
  try {
    await mkdir(root, { recursive: true });
    // Both the bytes sent and the bytes unpacked stay within the upload limit and the quota.
    const room = Math.min(maxBytes, reservation.bytes);
    const exceeded = (): ApiError =>
      reservation.bytes < maxBytes
        ? quotaExceededWhileSending(deps.config.billingStorageQuotaBytes ?? 0, reservation.bytes)
        : tooLarge(maxBytes, null);
    const received = { bytes: 0 };
    const entries = extract();
    const sending = pipeline(
      req,
      sizeLimit(room, received, exceeded),
      ...(kind === "tar.gz" ? [createGunzip()] : []),
      entries,
    );
    // The unpacking below rejects first when an entry is refused; this one is then moot.
    sending.catch(() => undefined);
    // An entry being written when the body fails (cut short, over the limit) may never end:
    // the body's failure ends the unpacking instead.
    const failed = sending.then(
      () => new Promise<never>(() => undefined),
      (error: unknown) => Promise.reject(error as Error),
    );
    failed.catch(() => undefined);
    try {
      await unpack(entries, root, room, exceeded, failed);
    } catch (error) {
      req.unpipe();
      entries.destroy();
      if (error instanceof ApiError || (error as NodeJS.ErrnoException).syscall) throw error;
      throw notATar(error);
    }
    await sending.catch((error: unknown) => {
      if (error instanceof ApiError) throw error;
      throw notATar(error);
    });
    if (received.bytes === 0)
      throw new ApiError(
        "BAD_USER_INPUT",
        "The upload is empty: send the tar of the report's S3 prefix as the request body.",
        { field: "body", reason: "UPLOAD_EMPTY" },
      );
    await stageTreeDeliveries(
      root,
      storageDir,
      (path, key, manifest) => {
        staged.push({ path, key, manifest });
        return Promise.resolve();
      },
      false,
    );
    if (staged.length === 0)
      throw new ApiError(
        "BAD_USER_INPUT",
        "The tar holds no month's manifest where AWS writes it (<report>/<yyyymmdd-yyyymmdd>/<report>-Manifest.json, or <export>/metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json).",
        { field: "body", reason: "TAR_WITHOUT_MANIFEST" },
      );
    const jobs: BillingJobEntity[] = [];
    while (staged.length > 0) {
      const { path, key, manifest } = staged[0]!;
      jobs.push(
        await services.billingWorker.enqueue({
          ...deliveryJob(account, "UPLOAD", path, key, manifest),
          createdByUserId: upload.userId,
        }),
      );
      staged.shift();
    }
    return jobs;
  } finally {
    reservation.release();
    // Files no manifest named are not kept; nor are deliveries whose job was never queued.
    await rm(root, { recursive: true, force: true });
    await Promise.all(
      staged.map(({ path }) => rm(dirname(path), { recursive: true, force: true })),
    );
  }
}

function notATar(error: unknown): ApiError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(
    "BAD_USER_INPUT",
    `The body is not a readable tar${detail ? ` (${detail.slice(0, 200)})` : ""}: send a .tar or .tar.gz of the report's S3 prefix.`,
    { field: "body", reason: "TAR_INVALID" },
  );
}

async function unpack(
  entries: AsyncIterable<AsyncIterable<unknown> & { header: Header; resume(): unknown }>,
  root: string,
  room: number,
  exceeded: () => ApiError,
  failed: Promise<never>,
): Promise<void> {
  let count = 0;
  let unpacked = 0;
  for await (const entry of entries) {
    const { name, type } = entry.header;
    if (++count > MAX_TREE_ENTRIES)
      throw badEntry(name, "TAR_TOO_MANY_ENTRIES", `is one more than ${MAX_TREE_ENTRIES} entries.`);
    const segments = entrySegments(name);
    if (type === "directory") {
      if (segments.length > 0) await mkdir(join(root, ...segments), { recursive: true });
      entry.resume();
      continue;
    }
    if (type !== "file" && type !== "contiguous-file")
      throw badEntry(
        name,
        "TAR_ENTRY_NOT_A_FILE",
        `is a ${type ?? "special entry"}; only files and folders are unpacked (no links or devices).`,
      );
    if (segments.length === 0) throw badEntry(name, "TAR_ENTRY_UNSAFE", "names no file.");
    const target = join(root, ...segments);
    unpacked += entry.header.size ?? 0;
    if (unpacked > room) throw exceeded();
    await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
      throw conflict(name, error);
    });
    // "wx": a second entry of the same name is refused rather than replacing the first.
    const out = createWriteStream(target, { flags: "wx" });
    try {
      await Promise.race([pipeline(entry, out), failed]);
    } catch (error) {
      out.destroy();
      throw conflict(name, error);
    }
  }
}

function conflict(name: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR"
    ? badEntry(name, "TAR_ENTRY_CONFLICT", "is sent twice or clashes with a folder.")
    : error;
}
