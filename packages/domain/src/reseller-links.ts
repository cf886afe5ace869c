import { parseAwsAccountId } from "./aws-account-id.js";
import { notFound } from "./error-helpers.js";
import { domainError, type DomainError } from "./errors.js";
import type { AccountRef, Actor, LinkPayees, PartnerRef, PayerPayeeHistory } from "./model.js";
import { assertUnreachable, err, ok, type Result } from "./result.js";
import { parseId } from "./validation.js";

/** Rule 5: a link carries 1..1000 payee accounts. */
export const MAX_PAYEES_PER_LINK = 1000;

const PAYEES_FIELD = "input.awsPayeeAccountIds";
const MONTH_PATTERN = /^[0-9]{4}-(?:0[1-9]|1[0-2])$/;

/**
 * Parses the payee ids of a link: 1..1000 of them (`PAYEES_EMPTY`, `PAYEES_TOO_MANY`), each 12
 * digits (`AWS_ACCOUNT_ID_INVALID`), unique (`PAYEE_DUPLICATE`, on the second occurrence) and not
 * the payer (`PAYEE_EQUALS_PAYER`). Reports the first offending index; keeps the given order.
 */
export function parsePayeeIds(
  raw: readonly string[],
  payerId: string,
  field: string,
): Result<string[], DomainError> {
  if (raw.length === 0) {
    return err(
      domainError("PAYEES_EMPTY", `${field} must name at least one payee account`, { field }),
    );
  }
  if (raw.length > MAX_PAYEES_PER_LINK) {
    return err(
      domainError(
        "PAYEES_TOO_MANY",
        `${field} may name at most ${MAX_PAYEES_PER_LINK} payee accounts, got ${raw.length}`,
        { field, value: raw.length },
      ),
    );
  }
  const firstIndex = new Map<string, number>();
  const payees: string[] = [];
  for (const [i, candidate] of raw.entries()) {
    const at = `${field}[${i}]`;
    const payee = parseAwsAccountId(candidate, at);
    if (!payee.ok) return payee;
    const earlier = firstIndex.get(payee.value);
    if (earlier !== undefined) {
      return err(
        domainError(
          "PAYEE_DUPLICATE",
          `${at}: payee ${payee.value} is already listed at ${field}[${earlier}]`,
          { field: at, value: payee.value },
        ),
      );
    }
    if (payee.value === payerId) {
      return err(
        domainError(
          "PAYEE_EQUALS_PAYER",
          `${at}: payee ${payee.value} is the payer account itself`,
          {
            field: at,
            value: payee.value,
          },
        ),
      );
    }
    firstIndex.set(payee.value, i);
    payees.push(payee.value);
  }
  return ok(payees);
}

/** The "New Reseller Link" form, as submitted. */
export interface LinkDraft {
  masterPayerAccountId: string;
  resellerPartnerId: string;
  /** `"0"` creates the receiving account in the Child. */
  resellerAccountId: string;
  awsPayerAccountId: string;
  awsPayeeAccountIds: readonly string[];
  history: PayerPayeeHistory;
}

/**
 * What the caller looked up for a {@link LinkDraft}, by id. A record the actor may not see must be
 * passed as null, exactly like a missing one.
 */
export interface LinkContext {
  actor: Actor;
  masterPayerAccount: AccountRef | null;
  resellerPartner: PartnerRef | null;
  /** Null when missing, invisible, or when `resellerAccountId` is `"0"`. */
  resellerAccount: AccountRef | null;
  existingLinks: readonly LinkPayees[];
}

/** A validated reseller link to store. */
export interface LinkPlan {
  masterPayerAccountId: string;
  resellerPartnerId: string;
  /** Null: create a new account in the Child. */
  resellerAccountId: string | null;
  awsPayerAccountId: string;
  awsPayeeAccountIds: string[];
  history: PayerPayeeHistory;
}

/**
 * Rule 5: a Partner Sys Admin links its Parent's master payer account to one of its reseller
 * Children. Checks run in a fixed order and the first failure is returned; a payee already held by
 * another link under the same master payer is a `PAYEE_ALREADY_LINKED` conflict.
 */
export function planResellerLink(
  ctx: LinkContext,
  draft: LinkDraft,
): Result<LinkPlan, DomainError> {
  const parentId = sysAdminParentId(ctx.actor);
  if (parentId === null) {
    return err(
      domainError(
        "ROLE_FORBIDDEN",
        "Only a Partner Sys Admin of a Parent partner may link resellers",
      ),
    );
  }

  const masterPayerId = parseId(draft.masterPayerAccountId, "input.masterPayerAccountId");
  if (!masterPayerId.ok) return masterPayerId;
  const resellerPartnerId = parseId(draft.resellerPartnerId, "input.resellerPartnerId");
  if (!resellerPartnerId.ok) return resellerPartnerId;
  let resellerAccountId: string | null = null;
  if (draft.resellerAccountId !== "0") {
    const parsed = parseId(draft.resellerAccountId, "input.resellerAccountId");
    if (!parsed.ok) return parsed;
    resellerAccountId = parsed.value;
  }

  const masterPayer = ctx.masterPayerAccount;
  if (masterPayer === null || masterPayer.partnerId !== parentId) {
    return err(notFound("Account", masterPayerId.value, "input.masterPayerAccountId"));
  }
  assertLookedUp("master payer account", masterPayer.id, masterPayerId.value);
  if (!masterPayer.isMasterPayer) {
    return err(
      domainError(
        "NOT_MASTER_PAYER",
        `input.masterPayerAccountId: account ${masterPayer.id} is not a master payer account`,
        { field: "input.masterPayerAccountId", value: masterPayer.id },
      ),
    );
  }

  const reseller = ctx.resellerPartner;
  if (reseller === null || reseller.level !== "CHILD" || reseller.parentId !== parentId) {
    return err(notFound("Partner", resellerPartnerId.value, "input.resellerPartnerId"));
  }
  assertLookedUp("reseller partner", reseller.id, resellerPartnerId.value);
  if (!reseller.isReseller) {
    return err(
      domainError(
        "PARTNER_NOT_RESELLER",
        `input.resellerPartnerId: partner ${reseller.id} is not flagged as a reseller`,
        { field: "input.resellerPartnerId", value: reseller.id },
      ),
    );
  }

  if (resellerAccountId !== null) {
    const account = ctx.resellerAccount;
    if (account === null) {
      return err(notFound("Account", resellerAccountId, "input.resellerAccountId"));
    }
    assertLookedUp("reseller account", account.id, resellerAccountId);
    if (account.partnerId !== reseller.id) {
      return err(
        domainError(
          "RESELLER_ACCOUNT_NOT_IN_PARTNER",
          `input.resellerAccountId: account ${account.id} does not belong to partner ${reseller.id}`,
          { field: "input.resellerAccountId", value: account.id },
        ),
      );
    }
  }

  const payer = parseAwsAccountId(draft.awsPayerAccountId, "input.awsPayerAccountId");
  if (!payer.ok) return payer;
  if (payer.value !== masterPayer.awsAccountId) {
    return err(
      domainError(
        "PAYER_MISMATCH",
        `input.awsPayerAccountId ${payer.value} must be the AWS account id of master payer account ${masterPayer.id}`,
        { field: "input.awsPayerAccountId", value: payer.value },
      ),
    );
  }

  const payees = parsePayeeIds(draft.awsPayeeAccountIds, payer.value, PAYEES_FIELD);
  if (!payees.ok) return payees;
  const conflict = findPayeeConflict(payees.value, masterPayer.id, ctx.existingLinks);
  if (conflict) return err(conflict);

  return ok({
    masterPayerAccountId: masterPayer.id,
    resellerPartnerId: reseller.id,
    resellerAccountId,
    awsPayerAccountId: payer.value,
    awsPayeeAccountIds: payees.value,
    history: draft.history,
  });
}

/**
 * Rule 5, one link per payee: the first of `payeeIds` already held by another link under the same
 * master payer, as a `PAYEE_ALREADY_LINKED` conflict naming the payee and the holding link; null if
 * none. `ignoreLinkId` is the link being edited.
 */
export function findPayeeConflict(
  payeeIds: readonly string[],
  masterPayerAccountId: string,
  existing: readonly LinkPayees[],
  ignoreLinkId?: string,
): DomainError | null {
  const holders = new Map<string, string>();
  for (const link of existing) {
    if (link.masterPayerAccountId !== masterPayerAccountId || link.linkId === ignoreLinkId)
      continue;
    for (const payee of link.payeeIds) {
      if (!holders.has(payee)) holders.set(payee, link.linkId);
    }
  }
  for (const [i, payee] of payeeIds.entries()) {
    const linkId = holders.get(payee);
    if (linkId !== undefined) {
      return domainError(
        "PAYEE_ALREADY_LINKED",
        `Payee ${payee} already belongs to reseller link ${linkId} under this master payer`,
        { field: `${PAYEES_FIELD}[${i}]`, value: payee, details: { payee, linkId } },
      );
    }
  }
  return null;
}

/**
 * Rules 5 and 6 for editing a link's payees: only a Partner Sys Admin (`ROLE_FORBIDDEN`) of the
 * link's Parent (`NOT_FOUND` otherwise); payees re-parsed and checked against the other links; the
 * history mode decides from which month the new payees apply.
 */
export function planLinkUpdate(
  ctx: {
    actor: Actor;
    link: {
      id: string;
      masterPayerAccountId: string;
      awsPayerAccountId: string;
      resellerPartnerId: string;
    };
    parentIdOfLink: string;
    existingLinks: readonly LinkPayees[];
  },
  draft: { awsPayeeAccountIds: readonly string[]; history: PayerPayeeHistory },
  now: Date,
): Result<
  { awsPayeeAccountIds: string[]; history: PayerPayeeHistory; effectiveFromMonth: string | null },
  DomainError
> {
  const parentId = sysAdminParentId(ctx.actor);
  if (parentId === null) {
    return err(
      domainError(
        "ROLE_FORBIDDEN",
        "Only a Partner Sys Admin of a Parent partner may change reseller links",
      ),
    );
  }
  if (parentId !== ctx.parentIdOfLink) return err(notFound("Reseller link", ctx.link.id));

  const payees = parsePayeeIds(draft.awsPayeeAccountIds, ctx.link.awsPayerAccountId, PAYEES_FIELD);
  if (!payees.ok) return payees;
  const conflict = findPayeeConflict(
    payees.value,
    ctx.link.masterPayerAccountId,
    ctx.existingLinks,
    ctx.link.id,
  );
  if (conflict) return err(conflict);

  return ok({
    awsPayeeAccountIds: payees.value,
    history: draft.history,
    effectiveFromMonth: historyEffectiveFrom(draft.history, now),
  });
}

/** The billing month of an instant, `"YYYY-MM"` in UTC (AWS bills by UTC calendar month). */
export function billingMonthOf(now: Date): string {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new Error("billingMonthOf: invalid date");
  const year = now.getUTCFullYear();
  if (year < 0 || year > 9999) throw new Error(`billingMonthOf: year ${year} out of range`);
  return `${String(year).padStart(4, "0")}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * Rule 6: the first month a link change applies to. `RESET_ALL_HISTORY` re-derives every stored
 * month (null); `KEEP_HISTORY` leaves closed months alone and applies from the current month on.
 */
export function historyEffectiveFrom(history: PayerPayeeHistory, now: Date): string | null {
  switch (history) {
    case "RESET_ALL_HISTORY":
      return null;
    case "KEEP_HISTORY":
      return billingMonthOf(now);
    default:
      return assertUnreachable(history);
  }
}

/** One recorded payee set of a link, and the first month it applies to (null: all months). */
export interface LinkVersion {
  effectiveFromMonth: string | null;
  payeeIds: readonly string[];
  recordedAt: Date;
}

/**
 * The payees of a link for a billing month, given its versions in recording order: a version with
 * no `effectiveFromMonth` replaces the payees of every month, one with month M those of M and
 * later. So the last version applying to `month` wins; none means no payees.
 */
export function payeesForMonth(versions: readonly LinkVersion[], month: string): readonly string[] {
  assertMonth(month);
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i];
    if (version === undefined) continue;
    const from = version.effectiveFromMonth;
    if (from !== null) assertMonth(from);
    if (from === null || from <= month) return version.payeeIds;
  }
  return [];
}

/** The Parent a Partner Sys Admin acts for, or null when the actor is not one. */
function sysAdminParentId(actor: Actor): string | null {
  return actor.role === "PARTNER_SYS_ADMIN" && actor.partner?.level === "PARENT"
    ? actor.partner.id
    : null;
}

// The caller looked the record up by the draft's id; anything else is a bug in the caller.
function assertLookedUp(what: string, actual: string, expected: string): void {
  if (actual !== expected) {
    throw new Error(`planResellerLink: ${what} ${actual} passed for id ${expected}`);
  }
}

function assertMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new Error(`Not a billing month: ${JSON.stringify(month)}`);
}
