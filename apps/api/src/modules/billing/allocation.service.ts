import {
  type AllocationLink,
  type CostBasis,
  type LinkVersion,
  type PricingRule,
  type PricingRuleKind,
  allocateMonth,
  describeRule,
  priceMonth,
  rulesFor,
  sumMoney,
  ZERO_MONEY,
} from "@reseller/domain";
import { type AppDeps } from "../../context.js";
import {
  AccountEntity,
  BillingMonthEntity,
  CostRowEntity,
  PricingRuleEntity,
  ResellerLinkChangeEntity,
} from "../../persistence/entities/index.js";
import {
  type AllocatedRow,
  type CostStore,
  MonthLockedError,
  type UnallocatedRow,
} from "./cost-store.js";
import { inSpanSync } from "../../tracing/spans.js";

export interface AllocationCounts {
  allocatedLineItems: number;
  unallocatedLineItems: number;
}

/** A cost row as allocation reads it: stored, or just read from a report. */
export type AllocationInputRow = Omit<CostRowEntity, "id" | "billingMonthId" | "billingMonth"> & {
  billingPeriod: string;
};

/** A month's cost rows in stored order, as plain rows: entity hydration would double the time. */
async function monthRows(
  deps: AppDeps,
  billingMonthId: number,
  billingPeriod: string,
): Promise<AllocationInputRow[]> {
  const rows = await deps.dataSource
    .getRepository(CostRowEntity)
    .createQueryBuilder("row")
    .select([
      'row.usage_date AS "usageDate"',
      'row.payer_account_id AS "payerAccountId"',
      'row.usage_account_id AS "usageAccountId"',
      'row.service_code AS "serviceCode"',
      'row.line_item_type AS "lineItemType"',
      "row.currency AS currency",
      'row.unblended_cost AS "unblendedCost"',
      'row.list_cost AS "listCost"',
      'row.usage_amount AS "usageAmount"',
      'row.line_items AS "lineItems"',
    ])
    .where("row.billing_month_id = :billingMonthId", { billingMonthId })
    .orderBy("row.id", "ASC")
    .getRawMany<Omit<AllocationInputRow, "billingPeriod">>();
  return rows.map((row) => ({ ...row, lineItems: Number(row.lineItems), billingPeriod }));
}

export function toPricingRule(entity: PricingRuleEntity): PricingRule {
  return {
    id: String(entity.id),
    order: entity.order,
    effectiveFrom: entity.effectiveFrom,
    effectiveTo: entity.effectiveTo,
    kind: entity.kind as PricingRuleKind,
    percent: entity.percent,
    amount: entity.amount,
    serviceCode: entity.serviceCode,
    basis: entity.basis as CostBasis | null,
    name: entity.name,
  };
}

/** Every link that ever existed under a master payer, rebuilt from its recorded versions (rule 6). */
async function linksUnder(deps: AppDeps, masterPayerAccountId: number): Promise<AllocationLink[]> {
  const changes = await deps.dataSource
    .getRepository(ResellerLinkChangeEntity)
    .find({ where: { masterPayerAccountId }, order: { id: "ASC" } });
  const links = new Map<number, AllocationLink & { versions: LinkVersion[] }>();
  // A later change wins a payee claimed twice in a month (allocateMonth compares recordedAt). The
  // record order is the change id: clocks tie within a millisecond and differ between API
  // processes, so recordedAt is made to increase strictly with it.
  let lastRecorded = Number.NEGATIVE_INFINITY;
  for (const change of changes) {
    lastRecorded = Math.max(change.changedAt.getTime(), lastRecorded + 1);
    const link = links.get(change.linkId) ?? {
      linkId: String(change.linkId),
      resellerPartnerId: String(change.resellerPartnerId),
      payerAccountId: change.awsPayerAccountId,
      versions: [],
    };
    link.versions.push({
      effectiveFromMonth: change.effectiveFromMonth,
      payeeIds: JSON.parse(change.payeeIds) as string[],
      recordedAt: new Date(lastRecorded),
    });
    links.set(change.linkId, link);
  }
  return [...links.values()];
}

/** A month's allocation, ready to store: the Children's priced rows and the unallocated rest. */
export interface MonthAllocationResult extends AllocationCounts {
  allocated: AllocatedRow[];
  unallocated: UnallocatedRow[];
}

/**
 * Routes a month's cost rows to Children through the links as they stood for that month, prices
 * each Child's share with the Parent's rules, and sums the unallocated remainder. A locked month
 * is left as it is.
 */
export class AllocationService {
  constructor(
    private readonly deps: AppDeps,
    private readonly store: CostStore,
  ) {}

  /** Recomputes a stored month (after a link or rule change) from its stored cost rows. */
  async allocate(masterPayerAccountId: number, billingPeriod: string): Promise<AllocationCounts> {
    const month = await this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .findOneBy({ masterPayerAccountId, billingPeriod });
    if (!month || month.locked) return { allocatedLineItems: 0, unallocatedLineItems: 0 };
    const rows = await monthRows(this.deps, month.id, billingPeriod);
    const result = await this.compute(masterPayerAccountId, billingPeriod, rows);
    try {
      await this.store.replaceAllocation(month.id, billingPeriod, result);
    } catch (error) {
      // Locked since it was read: it keeps the allocation it was locked with.
      if (error instanceof MonthLockedError)
        return { allocatedLineItems: 0, unallocatedLineItems: 0 };
      throw error;
    }
    return {
      allocatedLineItems: result.allocatedLineItems,
      unallocatedLineItems: result.unallocatedLineItems,
    };
  }

  /** The allocation of `rows`, one month of one master payer; nothing is stored. */
  async compute(
    masterPayerAccountId: number,
    billingPeriod: string,
    rows: readonly AllocationInputRow[],
  ): Promise<MonthAllocationResult> {
    const links = await linksUnder(this.deps, masterPayerAccountId);
    const result = allocateMonth(rows, links, billingPeriod);

    const parentPartnerId = await this.parentOf(masterPayerAccountId);
    const rules = await this.deps.dataSource
      .getRepository(PricingRuleEntity)
      .findBy({ parentPartnerId });
    const parentDefault = rules.filter((r) => r.childPartnerId === null).map(toPricingRule);

    const allocated: AllocatedRow[] = [];
    let allocatedLineItems = 0;
    for (const link of result.links) {
      if (link.rows.length === 0) continue;
      const childId = Number(link.resellerPartnerId);
      const childRules = rules.filter((r) => r.childPartnerId === childId).map(toPricingRule);
      const applicable = rulesFor(childRules, parentDefault, billingPeriod);
      allocatedLineItems += link.rows.reduce((sum, row) => sum + row.lineItems, 0);
      // A bill has one currency: price each currency of the Child's rows on its own.
      for (const currency of new Set(link.rows.map((row) => row.currency))) {
        const lines = link.rows.filter((row) => row.currency === currency);
        const priced = inSpanSync("billing.price", { "billing.period": billingPeriod }, () =>
          priceMonth(lines, applicable, billingPeriod, { currency }),
        );
        if (!priced.ok)
          throw new Error(`pricing failed for partner ${childId}: ${priced.error.message}`);
        const linkId = Number(link.linkId);
        for (const line of priced.value.lines) {
          allocated.push({
            resellerPartnerId: childId,
            linkId,
            currency,
            usageDate: line.usageDate,
            usageAccountId: line.usageAccountId,
            serviceCode: line.serviceCode,
            chargeClass: "USAGE",
            baseCost: line.baseCost,
            billedCost: line.billedCost,
          });
        }
        for (const line of priced.value.passThrough) {
          allocated.push({
            resellerPartnerId: childId,
            linkId,
            currency,
            usageDate: line.usageDate,
            usageAccountId: line.usageAccountId,
            serviceCode: line.serviceCode,
            chargeClass: line.class,
            baseCost: line.amount,
            billedCost: line.amount,
          });
        }
        for (const adjustment of priced.value.adjustments) {
          allocated.push({
            resellerPartnerId: childId,
            linkId,
            currency,
            usageDate: `${billingPeriod}-01`,
            usageAccountId: "",
            // The rule's name (or what it does) is the line invoices show for it.
            serviceCode: describeRule(
              applicable.find((rule) => rule.id === adjustment.ruleId) ?? adjustment,
            ),
            chargeClass: adjustment.kind === "FEE" ? "FEE" : "RULE_CREDIT",
            baseCost: ZERO_MONEY,
            billedCost: adjustment.amount,
          });
        }
      }
    }

    // Summed per key in units, not re-parsed per row: a month can hold thousands of such rows.
    const unallocated = new Map<string, UnallocatedRow & { amounts: string[] }>();
    for (const row of result.unallocated) {
      const reason =
        !/^\d{12}$/.test(row.usageAccountId) || !/^\d{12}$/.test(row.payerAccountId)
          ? "INVALID_ACCOUNT_ID"
          : "NO_LINK";
      const key = `${row.payerAccountId}|${row.usageAccountId}|${row.currency}|${reason}`;
      const current = unallocated.get(key);
      if (current) {
        current.amounts.push(row.unblendedCost);
        current.lineItems += row.lineItems;
      } else {
        unallocated.set(key, {
          payerAccountId: row.payerAccountId,
          usageAccountId: row.usageAccountId,
          reason,
          currency: row.currency,
          unblendedCost: ZERO_MONEY,
          lineItems: row.lineItems,
          amounts: [row.unblendedCost],
        });
      }
    }
    const unallocatedRows = [...unallocated.values()].map(({ amounts, ...row }) => ({
      ...row,
      unblendedCost: sumMoney(amounts),
    }));
    const unallocatedLineItems = result.unallocated.reduce((sum, row) => sum + row.lineItems, 0);
    return {
      allocated,
      unallocated: unallocatedRows,
      allocatedLineItems,
      unallocatedLineItems,
    };
  }

  private async parentOf(masterPayerAccountId: number): Promise<number> {
    const account = await this.deps.dataSource
      .getRepository(AccountEntity)
      .findOneByOrFail({ id: masterPayerAccountId });
    return account.partnerId;
  }
}
