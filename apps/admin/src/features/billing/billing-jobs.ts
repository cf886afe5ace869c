import { type BillingJobState } from "../../generated/graphql";

export const isJobActive = (state: BillingJobState): boolean =>
  state === "QUEUED" || state === "RUNNING";

export const JOB_STATE_LABELS: Record<BillingJobState, string> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
};

export const jobBadgeClass = (state: BillingJobState): string =>
  state === "SUCCEEDED" ? "badge--ok" : state === "FAILED" ? "badge--error" : "badge--busy";

const SOURCE_LABELS: Record<string, string> = {
  UPLOAD: "Upload",
  CLI: "Command line",
  DROP_FOLDER: "Drop folder",
  S3: "S3 bucket",
  LINK_CHANGE: "Link change",
  PRICING_CHANGE: "Pricing change",
  MANUAL: "Manual",
};

export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;

/** A delivery (a month's parts named by a manifest) in a few words: month, assembly, parts. */
export function deliveryLabel(job: {
  billingPeriod: string | null;
  assemblyId: string | null;
  partCount: number | null;
}): string {
  const parts = `${job.partCount ?? 0} part${job.partCount === 1 ? "" : "s"}`;
  return `Delivery ${job.billingPeriod ?? "?"} · assembly ${job.assemblyId ?? "?"} · ${parts}`;
}

/** "1.2 MB": sizes of uploads, for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
