import { type GraphQLFormattedError } from "graphql";
import { type BillingJobState } from "../../generated/graphql";

export interface UploadProgress {
  loaded: number;
  /** Null when the browser cannot tell the size. */
  total: number | null;
}

export type UploadOutcome =
  | { kind: "accepted"; job: { id: string; state: BillingJobState } }
  | { kind: "refused"; status: number; errors: GraphQLFormattedError[] }
  | { kind: "network" }
  | { kind: "aborted" };

export interface UploadRequest {
  masterPayerAccountId: string;
  file: File;
  token: string | null;
  onProgress: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Header values must be Latin-1; the API keeps only [A-Za-z0-9._-] of the name anyway. */
const headerSafe = (name: string): string => name.replace(/[^\x20-\x7e]/g, "_");

function parseErrors(text: string): GraphQLFormattedError[] {
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors) && body.errors.length > 0)
      return body.errors as GraphQLFormattedError[];
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return [{ message: "Upload refused", extensions: { code: "INTERNAL" } }];
}

/**
 * POST /billing/uploads with the file as the raw body. XMLHttpRequest, not fetch: only it
 * reports upload progress. Never rejects; the outcome says what happened.
 */
export function uploadCostReport(request: UploadRequest): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const url = `/billing/uploads?masterPayerAccountId=${encodeURIComponent(request.masterPayerAccountId)}`;
    xhr.open("POST", url);
    if (request.token) xhr.setRequestHeader("authorization", `Bearer ${request.token}`);
    xhr.setRequestHeader("x-file-name", headerSafe(request.file.name));
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (event) =>
      request.onProgress({
        loaded: event.loaded,
        total: event.lengthComputable ? event.total : null,
      });
    xhr.onload = () => {
      if (xhr.status === 202) {
        try {
          const body = JSON.parse(xhr.responseText) as {
            job: { id: string; state: BillingJobState };
          };
          resolve({ kind: "accepted", job: body.job });
          return;
        } catch {
          // Fall through: an accepted upload without a job is an error of the server.
        }
      }
      resolve({ kind: "refused", status: xhr.status, errors: parseErrors(xhr.responseText) });
    };
    xhr.onerror = () => resolve({ kind: "network" });
    xhr.onabort = () => resolve({ kind: "aborted" });
    request.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(request.file);
  });
}
