import { isAwsAccountId } from "../aws-account-id.js";
import { payeesForMonth, type LinkVersion } from "../reseller-links.js";
import { assertBillingMonth } from "./month.js";

/** What allocation needs of a cost row; `billingPeriod` is the billing month, `"YYYY-MM"`. */
export interface AllocatableRow {
  payerAccountId: string;
  usageAccountId: string;
  billingPeriod: string;
}

/** A reseller link with every recorded payee version, in recording order. */
export interface AllocationLink {
  linkId: string;
  resellerPartnerId: string;
  /** The AWS payer (master payer) account id. */
  payerAccountId: string;
  versions: readonly LinkVersion[];
}

/** The rows one link feeds to its Child in a month, and the payees that decided it. */
export interface LinkAllocation<R> {
  linkId: string;
  resellerPartnerId: string;
  payerAccountId: string;
  payeeIds: readonly string[];
  rows: R[];
}

/**
 * Two links claiming the same payee under one payer in a month (a `KEEP_HISTORY` month later
 * claimed by a `RESET_ALL_HISTORY` change of another link): the link whose deciding version was
 * recorded last gets the rows.
 */
export interface PayeeClaimConflict {
  payerAccountId: string;
  usageAccountId: string;
  /** Every claiming link, in the given order of links. */
  linkIds: string[];
  allocatedTo: string;
}

export interface MonthAllocation<R> {
  month: string;
  /** One entry per link, in the given order, rows in input order. */
  links: LinkAllocation<R>[];
  /** Every row no link takes, in input order, including those with invalid ids. */
  unallocated: R[];
  /** The 12-digit usage accounts of unallocated rows, sorted. */
  unallocatedAccountIds: string[];
  /** Payer or usage account ids that are not 12 digits (they never match a link), sorted. */
  invalidAccountIds: string[];
  conflicts: PayeeClaimConflict[];
}

interface Claim {
  payerAccountId: string;
  usageAccountId: string;
  linkIndex: number;
  recordedAt: number;
  linkIds: string[];
}

/**
 * Allocates one billing month's cost rows to Child partners (rules 5 and 6): a link takes the rows
 * whose payer is its payer and whose usage account is one of its payees for `month`
 * ({@link payeesForMonth}, so `RESET_ALL_HISTORY` versions cover every month and `KEEP_HISTORY`
 * versions the months from theirs on). Nothing is dropped: every row lands in exactly one link or
 * in `unallocated`. Every row must belong to `month` (a bug in the caller otherwise).
 */
export function allocateMonth<R extends AllocatableRow>(
  rows: readonly R[],
  links: readonly AllocationLink[],
  month: string,
): MonthAllocation<R> {
  assertBillingMonth(month, "allocateMonth");
  const allocations: LinkAllocation<R>[] = [];
  const claims = new Map<string, Claim>();
  for (const [linkIndex, link] of links.entries()) {
    const payeeIds = payeesForMonth(link.versions, month);
    allocations.push({
      linkId: link.linkId,
      resellerPartnerId: link.resellerPartnerId,
      payerAccountId: link.payerAccountId,
      payeeIds,
      rows: [],
    });
    const recordedAt = decidingVersion(link.versions, month)?.recordedAt.getTime() ?? 0;
    for (const payee of payeeIds) {
      const key = claimKey(link.payerAccountId, payee);
      const held = claims.get(key);
      if (held === undefined) {
        claims.set(key, {
          payerAccountId: link.payerAccountId,
          usageAccountId: payee,
          linkIndex,
          recordedAt,
          linkIds: [link.linkId],
        });
        continue;
      }
      if (held.linkIds.includes(link.linkId)) continue;
      held.linkIds.push(link.linkId);
      // The later recorded change wins; on a tie the earlier link keeps it.
      if (recordedAt > held.recordedAt) {
        held.linkIndex = linkIndex;
        held.recordedAt = recordedAt;
      }
    }
  }

  const unallocated: R[] = [];
  const unallocatedAccounts = new Set<string>();
  const invalid = new Set<string>();
  for (const row of rows) {
    if (row.billingPeriod !== month) {
      throw new Error(`allocateMonth(${month}): row of billing period ${row.billingPeriod}`);
    }
    const payerValid = isAwsAccountId(row.payerAccountId);
    const usageValid = isAwsAccountId(row.usageAccountId);
    if (!payerValid) invalid.add(row.payerAccountId);
    if (!usageValid) invalid.add(row.usageAccountId);
    const claim =
      payerValid && usageValid
        ? claims.get(claimKey(row.payerAccountId, row.usageAccountId))
        : undefined;
    const allocation = claim === undefined ? undefined : allocations[claim.linkIndex];
    if (allocation !== undefined) {
      allocation.rows.push(row);
    } else {
      unallocated.push(row);
      if (usageValid) unallocatedAccounts.add(row.usageAccountId);
    }
  }

  const conflicts: PayeeClaimConflict[] = [];
  for (const claim of claims.values()) {
    if (claim.linkIds.length < 2) continue;
    conflicts.push({
      payerAccountId: claim.payerAccountId,
      usageAccountId: claim.usageAccountId,
      linkIds: claim.linkIds,
      allocatedTo: links[claim.linkIndex]?.linkId ?? "",
    });
  }

  return {
    month,
    links: allocations,
    unallocated,
    unallocatedAccountIds: [...unallocatedAccounts].sort(),
    invalidAccountIds: [...invalid].sort(),
    conflicts,
  };
}

/** {@link allocateMonth} for rows of any number of billing months, one result per month, sorted. */
export function allocateByMonth<R extends AllocatableRow>(
  rows: readonly R[],
  links: readonly AllocationLink[],
): MonthAllocation<R>[] {
  const byMonth = new Map<string, R[]>();
  for (const row of rows) {
    assertBillingMonth(row.billingPeriod, "allocateByMonth");
    const monthRows = byMonth.get(row.billingPeriod);
    if (monthRows === undefined) byMonth.set(row.billingPeriod, [row]);
    else monthRows.push(row);
  }
  return [...byMonth.keys()]
    .sort()
    .map((month) => allocateMonth(byMonth.get(month) ?? [], links, month));
}

function claimKey(payerAccountId: string, usageAccountId: string): string {
  return JSON.stringify([payerAccountId, usageAccountId]);
}

// The version payeesForMonth reads for `month`: the last one applying to it.
function decidingVersion(versions: readonly LinkVersion[], month: string): LinkVersion | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i];
    if (version === undefined) continue;
    const from = version.effectiveFromMonth;
    if (from === null || from <= month) return version;
  }
  return undefined;
}
