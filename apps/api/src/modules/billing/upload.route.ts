import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import express from "express";
import { type AppDeps } from "../../context.js";
import { ApiError } from "../../graphql/errors.js";
import { createLoaders } from "../../loaders/loaders.js";
import { type Services } from "../../services.js";
import { treeUploadKind, uploadTree } from "./upload-tree.js";
import {
  type QuotaReservation,
  STORAGE_QUOTA_EXCEEDED,
  StorageQuota,
  quotaExceededWhileSending,
} from "../billing-limits/storage-quota.js";

/** Keeps a file name readable in jobs but harmless on disk. */
export function safeFileName(raw: string | undefined): string {
  const name = (raw ?? "report").split(/[\\/]/).pop() ?? "report";
  return (
    name
      .replace(/[^A-Za-z0-9._-]/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 120) || "report"
  );
}

export function tooLarge(limit: number, size: number | null): ApiError {
  const sent = size === null ? `more than ${limit} bytes sent` : `Content-Length: ${size}`;
  return new ApiError(
    "BAD_USER_INPUT",
    `The file is larger than the upload limit of ${limit} bytes (${sent}). Put it in the drop folder or give it to the collect command instead.`,
    {
      field: "body",
      reason: "UPLOAD_TOO_LARGE",
      ...(size === null ? {} : { value: size }),
      details: { limit: String(limit) },
    },
  );
}

/** Passes the body through, failing once more than `limit` bytes arrived (chunked uploads). */
export function sizeLimit(
  limit: number,
  counted: { bytes: number },
  exceeded: () => ApiError = () => tooLarge(limit, null),
): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      counted.bytes += chunk.length;
      if (counted.bytes > limit) done(exceeded());
      else done(null, chunk);
    },
  });
}

function errorStatus(error: ApiError): number {
  const reason = error.extensions.reason;
  if (reason === "UPLOAD_TOO_LARGE" || reason === STORAGE_QUOTA_EXCEEDED) return 413;
  switch (error.code) {
    case "UNAUTHENTICATED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "RATE_LIMITED":
      return 429;
    default:
      return 400;
  }
}

/**
 * POST /billing/uploads?masterPayerAccountId=<id> with the report as the raw request body
 * (header `x-file-name` names it). The body streams to disk; a job ingests it off the request.
 * Bearer authentication only, so a browser cannot be tricked into it (no cookies).
 * A .tar or .tar.gz of a report's S3 prefix tree is unpacked and ingested as deliveries instead
 * (see upload-tree.ts); it answers with one job per month's manifest.
 */
export function uploadRouter(
  deps: AppDeps,
  services: Services,
  storageDir: string,
  maxBytes: number,
): express.Router {
  const router = express.Router();
  const quota = new StorageQuota(deps, deps.config.billingStorageQuotaBytes);
  router.post("/uploads", async (req, res) => {
    let reservation: QuotaReservation | null = null;
    const target = join(
      storageDir,
      "uploads",
      `${randomUUID()}-${safeFileName(req.header("x-file-name"))}`,
    );
    try {
      const viewer = await services.auth.authenticate(req.headers.authorization);
      if (!viewer)
        throw new ApiError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>.");
      const accountId =
        typeof req.query.masterPayerAccountId === "string" ? req.query.masterPayerAccountId : "";
      const account = await services.billing.requireMasterPayer(
        viewer,
        createLoaders(deps.dataSource),
        accountId,
        "masterPayerAccountId",
      );
      // Counted before the body is read: a refused upload costs a point too.
      await deps.rateLimits.consumeUpload(viewer.user.id, account.partnerId);
      const declared = Number(req.header("content-length") ?? "0");
      if (declared > maxBytes) throw tooLarge(maxBytes, declared);
      const tree = treeUploadKind(req);
      if (tree) {
        const jobs = await uploadTree(req, tree, {
          deps,
          services,
          quota,
          storageDir,
          maxBytes,
          account,
          userId: viewer.user.id,
        });
        const answered = jobs.map((j) => ({ id: String(j.id), state: j.state }));
        // `job` as in the single-file answer, so a client that knows only that one still works.
        res.status(202).json({ job: answered[0], jobs: answered });
        return;
      }
      reservation = await quota.reserve(account.partnerId, declared > 0 ? declared : null, target);
      const reserved = reservation.bytes;
      await mkdir(join(storageDir, "uploads"), { recursive: true });
      const received = { bytes: 0 };
      await pipeline(
        req,
        reserved < maxBytes
          ? sizeLimit(reserved, received, () =>
              quotaExceededWhileSending(deps.config.billingStorageQuotaBytes ?? 0, reserved),
            )
          : sizeLimit(maxBytes, received),
        createWriteStream(target, { flags: "wx" }),
      );
      if (received.bytes === 0)
        throw new ApiError(
          "BAD_USER_INPUT",
          "The upload is empty: send the report file as the request body.",
          { field: "body", reason: "UPLOAD_EMPTY" },
        );
      const job = await services.billingWorker.enqueue({
        kind: "INGEST",
        parentPartnerId: account.partnerId,
        masterPayerAccountId: account.id,
        source: "UPLOAD",
        filePath: target,
        fileName: safeFileName(req.header("x-file-name")),
        createdByUserId: viewer.user.id,
      });
      reservation?.release();
      res.status(202).json({ job: { id: String(job.id), state: job.state } });
    } catch (error) {
      reservation?.release();
      await rm(target, { force: true });
      if (error instanceof ApiError) {
        // The rest of a refused body is not read: close the connection rather than drain it.
        if (!req.complete) res.set("Connection", "close");
        res
          .status(errorStatus(error))
          .json({ errors: [{ message: error.message, extensions: error.extensions }] });
        return;
      }
      req.log.error({ err: error }, "upload failed");
      res.status(500).json({
        errors: [
          { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
        ],
      });
    }
  });
  return router;
}
