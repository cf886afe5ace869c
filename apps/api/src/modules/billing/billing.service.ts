import {
  type Money,
  KNOWN_LINE_ITEM_TYPES,
  checkRuleDeletable,
  compareMoney,
  sumMoney,
  subtractMoney,
  validatePricingRule,
} from "@reseller/domain";
import { In, Not } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, notFound, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import {
  AllocatedCostEntity,
  BillingJobEntity,
  BillingMonthEntity,
  CostRowEntity,
  PartnerEntity,
  PricingRuleEntity,
  UnallocatedCostEntity,
} from "../../persistence/entities/index.js";
import { toRowId } from "../common/page.js";
import { findVisibleAccount, findVisiblePartner } from "../common/visibility.js";
import { toPricingRule } from "./allocation.service.js";
import { type BillingWorker } from "./billing-worker.js";
import {
  type BilledAmount,
  type ChildBill,
  type MarginAmount,
  type ResellerMargin,
  type UnknownLineItemType,
} from "./billing.type.js";
import { type PricingRuleInput } from "./pricing-rule.type.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const PASS_THROUGH = new Set(["TAX", "CREDIT", "REFUND"]);

function checkMonth(month: string, field: string): string {
  if (!MONTH.test(month))
    throw new ApiError(
      "BAD_USER_INPUT",
      `${field} must be a month like "2024-03", got "${month.slice(0, 20)}"`,
      { field, value: month.slice(0, 20) },
    );
  return month;
}

function forbidden(): ApiError {
  return new ApiError(
    "FORBIDDEN",
    "Only a Partner Sys Admin of the Parent partner may see or change its billing.",
    { reason: "ROLE_FORBIDDEN" },
  );
}

function byLargest<T extends { billedCost: Money }>(items: T[]): T[] {
  return items.sort((a, b) => compareMoney(b.billedCost, a.billedCost));
}

/** Groups allocated rows by a key and sums exactly. */
function group(rows: readonly AllocatedCostEntity[], keyOf: (row: AllocatedCostEntity) => string) {
  const groups = new Map<string, AllocatedCostEntity[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

function billedBy(
  rows: readonly AllocatedCostEntity[],
  keyOf: (row: AllocatedCostEntity) => string,
): BilledAmount[] {
  return [...group(rows, keyOf)].map(([key, items]) => ({
    key,
    billedCost: sumMoney(items.map((r) => r.billedCost)),
  }));
}

function marginBy(
  rows: readonly AllocatedCostEntity[],
  keyOf: (row: AllocatedCostEntity) => string,
): MarginAmount[] {
  return [...group(rows, keyOf)].map(([key, items]) => {
    const baseCost = sumMoney(items.map((r) => r.baseCost));
    const billedCost = sumMoney(items.map((r) => r.billedCost));
    return { key, baseCost, billedCost, margin: subtractMoney(billedCost, baseCost) };
  });
}

export class BillingService {
  constructor(
    private readonly deps: AppDeps,
    private readonly worker: BillingWorker,
  ) {}

  /** The Parent partner the caller administers billing for, or an error (rule 3: foreign reads as missing). */
  async requireBillingParent(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    field: string,
  ): Promise<PartnerEntity> {
    const parent = await findVisiblePartner(loaders, viewer.scope, parentPartnerId);
    if (!parent || parent.level !== "PARENT") throw notFound(field, parentPartnerId);
    if (
      viewer.user.role !== "OPERATOR" &&
      !(viewer.user.role === "PARTNER_SYS_ADMIN" && viewer.partner?.id === parent.id)
    )
      throw forbidden();
    return parent;
  }

  async requireMasterPayer(
    viewer: ViewerIdentity,
    loaders: Loaders,
    accountId: string,
    field: string,
  ) {
    const account = await findVisibleAccount(loaders, viewer.scope, accountId);
    if (!account || !account.isMasterPayer) throw notFound(field, accountId);
    await this.requireBillingParent(viewer, loaders, String(account.partnerId), field);
    return account;
  }

  /** A Child's bill: billed amounts only. Anyone who can see the partner may read it. */
  async childBills(partner: PartnerEntity, month: string): Promise<ChildBill[]> {
    checkMonth(month, "billingPeriod");
    const rows = await this.deps.dataSource.getRepository(AllocatedCostEntity).find({
      where: { resellerPartnerId: partner.id, billingPeriod: month },
      order: { id: "ASC" },
    });
    return [...group(rows, (r) => r.currency)].map(([currency, items]) => {
      const sumOf = (classes: string[]) =>
        sumMoney(items.filter((r) => classes.includes(r.chargeClass)).map((r) => r.billedCost));
      const usage = items.filter((r) => !PASS_THROUGH.has(r.chargeClass));
      return {
        billingPeriod: month,
        currency,
        billed: sumOf(["USAGE", "FEE", "RULE_CREDIT"]),
        tax: sumOf(["TAX"]),
        credits: sumOf(["CREDIT"]),
        refunds: sumOf(["REFUND"]),
        total: sumMoney(items.map((r) => r.billedCost)),
        byService: byLargest(billedBy(usage, (r) => r.serviceCode)),
        byAccount: byLargest(
          billedBy(
            usage.filter((r) => r.usageAccountId !== ""),
            (r) => r.usageAccountId,
          ),
        ),
        byDay: billedBy(usage, (r) => r.usageDate).sort((a, b) => a.key.localeCompare(b.key)),
      };
    });
  }

  /** The Parent's overview: each Child's base cost, billed cost and margin. */
  async resellerMargins(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    month: string,
  ): Promise<ResellerMargin[]> {
    const parent = await this.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    checkMonth(month, "billingPeriod");
    const children = await this.deps.dataSource
      .getRepository(PartnerEntity)
      .findBy({ parentId: parent.id });
    if (children.length === 0) return [];
    const rows = await this.deps.dataSource.getRepository(AllocatedCostEntity).find({
      where: { resellerPartnerId: In(children.map((c) => c.id)), billingPeriod: month },
      order: { id: "ASC" },
    });
    return [...group(rows, (r) => `${r.resellerPartnerId}|${r.currency}`)].map(([key, items]) => {
      const [partnerId = "", currency = ""] = key.split("|");
      const usage = items.filter((r) => !PASS_THROUGH.has(r.chargeClass));
      const baseCost = sumMoney(usage.map((r) => r.baseCost));
      const billedCost = sumMoney(usage.map((r) => r.billedCost));
      return {
        resellerPartnerId: partnerId,
        billingPeriod: month,
        currency,
        baseCost,
        billedCost,
        margin: subtractMoney(billedCost, baseCost),
        passThrough: sumMoney(
          items.filter((r) => PASS_THROUGH.has(r.chargeClass)).map((r) => r.billedCost),
        ),
        byService: byLargest(marginBy(usage, (r) => r.serviceCode)),
        byAccount: byLargest(
          marginBy(
            usage.filter((r) => r.usageAccountId !== ""),
            (r) => r.usageAccountId,
          ),
        ),
        byDay: marginBy(usage, (r) => r.usageDate).sort((a, b) => a.key.localeCompare(b.key)),
      };
    });
  }

  async unallocated(
    viewer: ViewerIdentity,
    loaders: Loaders,
    masterPayerAccountId: string,
    month: string,
  ) {
    const billingMonth = await this.storedMonth(viewer, loaders, masterPayerAccountId, month);
    if (!billingMonth) return [];
    const rows = await this.deps.dataSource
      .getRepository(UnallocatedCostEntity)
      .findBy({ billingMonthId: billingMonth.id });
    return rows.sort((a, b) => compareMoney(b.unblendedCost, a.unblendedCost));
  }

  /** A master payer's stored month for its Parent's Partner Sys Admin; null when none is stored. */
  private async storedMonth(
    viewer: ViewerIdentity,
    loaders: Loaders,
    masterPayerAccountId: string,
    month: string,
  ): Promise<BillingMonthEntity | null> {
    const account = await this.requireMasterPayer(
      viewer,
      loaders,
      masterPayerAccountId,
      "masterPayerAccountId",
    );
    return this.deps.dataSource.getRepository(BillingMonthEntity).findOneBy({
      masterPayerAccountId: account.id,
      billingPeriod: checkMonth(month, "billingPeriod"),
    });
  }

  /** The month's line item types the collector does not know: kept and billed as usage. */
  async unknownLineItemTypes(
    viewer: ViewerIdentity,
    loaders: Loaders,
    masterPayerAccountId: string,
    month: string,
  ): Promise<UnknownLineItemType[]> {
    const billingMonth = await this.storedMonth(viewer, loaders, masterPayerAccountId, month);
    if (!billingMonth) return [];
    const rows = await this.deps.dataSource.getRepository(CostRowEntity).find({
      select: { lineItemType: true, currency: true, unblendedCost: true, lineItems: true },
      where: { billingMonthId: billingMonth.id, lineItemType: Not(In(KNOWN_LINE_ITEM_TYPES)) },
    });
    const types = new Map<string, UnknownLineItemType & { costs: Money[] }>();
    for (const row of rows) {
      const key = `${row.lineItemType}\u0000${row.currency}`;
      const type = types.get(key) ?? {
        lineItemType: row.lineItemType,
        currency: row.currency,
        lineItems: 0,
        unblendedCost: "",
        costs: [],
      };
      type.lineItems += row.lineItems;
      type.costs.push(row.unblendedCost);
      types.set(key, type);
    }
    return [...types.values()]
      .map(({ costs, ...type }) => ({ ...type, unblendedCost: sumMoney(costs) }))
      .sort((a, b) => b.lineItems - a.lineItems || a.lineItemType.localeCompare(b.lineItemType));
  }

  async months(viewer: ViewerIdentity, loaders: Loaders, masterPayerAccountId: string) {
    const account = await this.requireMasterPayer(
      viewer,
      loaders,
      masterPayerAccountId,
      "masterPayerAccountId",
    );
    return this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .find({ where: { masterPayerAccountId: account.id }, order: { billingPeriod: "DESC" } });
  }

  async jobs(viewer: ViewerIdentity, loaders: Loaders, parentPartnerId: string, first: number) {
    const parent = await this.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    return this.deps.dataSource
      .getRepository(BillingJobEntity)
      .find({ where: { parentPartnerId: parent.id }, order: { id: "DESC" }, take: first });
  }

  async job(viewer: ViewerIdentity, loaders: Loaders, id: string) {
    const rowId = toRowId(id);
    const job =
      rowId === null
        ? null
        : await this.deps.dataSource.getRepository(BillingJobEntity).findOneBy({ id: rowId });
    if (!job) return null;
    const parent = await findVisiblePartner(loaders, viewer.scope, String(job.parentPartnerId));
    if (!parent || (viewer.user.role !== "OPERATOR" && viewer.user.role !== "PARTNER_SYS_ADMIN"))
      return null;
    return job;
  }

  async setLocked(
    viewer: ViewerIdentity,
    loaders: Loaders,
    masterPayerAccountId: string,
    month: string,
    locked: boolean,
  ) {
    const account = await this.requireMasterPayer(
      viewer,
      loaders,
      masterPayerAccountId,
      "masterPayerAccountId",
    );
    const period = checkMonth(month, "billingPeriod");
    const updated = await this.deps.tx.run(async (m) => {
      const result = await m.update(
        BillingMonthEntity,
        { masterPayerAccountId: account.id, billingPeriod: period },
        { locked },
      );
      return result.affected ?? 0;
    });
    if (updated === 0) throw notFound("billingPeriod", period);
    return this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .findOneByOrFail({ masterPayerAccountId: account.id, billingPeriod: period });
  }

  async reallocate(
    viewer: ViewerIdentity,
    loaders: Loaders,
    masterPayerAccountId: string,
    month: string | null,
  ) {
    const account = await this.requireMasterPayer(
      viewer,
      loaders,
      masterPayerAccountId,
      "masterPayerAccountId",
    );
    return this.worker.enqueue({
      kind: "ALLOCATE",
      parentPartnerId: account.partnerId,
      masterPayerAccountId: account.id,
      source: "MANUAL",
      billingPeriod: month === null ? null : checkMonth(month, "billingPeriod"),
      createdByUserId: viewer.user.id,
    });
  }

  // Pricing rules ---------------------------------------------------------------------------

  async pricingRules(viewer: ViewerIdentity, loaders: Loaders, parentPartnerId: string) {
    const parent = await this.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    return this.deps.dataSource.getRepository(PricingRuleEntity).find({
      where: { parentPartnerId: parent.id },
      order: { childPartnerId: "ASC", order: "ASC", id: "ASC" },
    });
  }

  private async lockedMonthsOf(parentPartnerId: number): Promise<string[]> {
    const rows = await this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .createQueryBuilder("m")
      .innerJoin("account", "a", "a.id = m.master_payer_account_id")
      .where("a.partner_id = :parentPartnerId AND m.locked = :locked", {
        parentPartnerId,
        locked: true,
      })
      .select("m.billing_period", "period")
      .getRawMany<{ period: string }>();
    return [...new Set(rows.map((r) => r.period))];
  }

  private async childOf(
    parent: PartnerEntity,
    loaders: Loaders,
    viewer: ViewerIdentity,
    childPartnerId: string | null | undefined,
  ): Promise<number | null> {
    if (childPartnerId === null || childPartnerId === undefined || childPartnerId === "")
      return null;
    const child = await findVisiblePartner(loaders, viewer.scope, childPartnerId);
    if (!child || child.parentId !== parent.id)
      throw notFound("input.childPartnerId", childPartnerId);
    return child.id;
  }

  async savePricingRule(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    id: string | null,
    input: PricingRuleInput,
  ) {
    const parent = await this.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    const existing = id === null ? null : await this.findRule(parent.id, id);
    const childPartnerId = await this.childOf(parent, loaders, viewer, input.childPartnerId);
    const spec = unwrap(
      validatePricingRule(
        input,
        "input",
        await this.lockedMonthsOf(parent.id),
        existing ? toPricingRule(existing) : null,
      ),
    );
    const now = this.deps.now();
    const saved = await this.deps.tx.run(async (m) => {
      if (existing) {
        await m.update(
          PricingRuleEntity,
          { id: existing.id },
          { ...spec, childPartnerId, updatedAt: now },
        );
        return m.findOneByOrFail(PricingRuleEntity, { id: existing.id });
      }
      return m.save(
        m.create(PricingRuleEntity, {
          ...spec,
          parentPartnerId: parent.id,
          childPartnerId,
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
    await this.reallocateParent(parent.id, viewer.user.id);
    return saved;
  }

  async deletePricingRule(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    id: string,
  ): Promise<boolean> {
    const parent = await this.requireBillingParent(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    const existing = await this.findRule(parent.id, id);
    unwrap(checkRuleDeletable(toPricingRule(existing), await this.lockedMonthsOf(parent.id), "id"));
    await this.deps.tx.run((m) => m.delete(PricingRuleEntity, { id: existing.id }));
    await this.reallocateParent(parent.id, viewer.user.id);
    return true;
  }

  private async findRule(parentPartnerId: number, id: string): Promise<PricingRuleEntity> {
    const rowId = toRowId(id);
    const rule =
      rowId === null
        ? null
        : await this.deps.dataSource
            .getRepository(PricingRuleEntity)
            .findOneBy({ id: rowId, parentPartnerId });
    if (!rule) throw notFound("id", id);
    return rule;
  }

  /** Queues a recomputation of every master payer of the Parent that has billing data. */
  async reallocateParent(
    parentPartnerId: number,
    userId: number | null,
    source = "PRICING_CHANGE",
  ): Promise<void> {
    const accounts = await this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .createQueryBuilder("m")
      .innerJoin("account", "a", "a.id = m.master_payer_account_id")
      .where("a.partner_id = :parentPartnerId", { parentPartnerId })
      .select("DISTINCT m.master_payer_account_id", "id")
      .getRawMany<{ id: number | string }>();
    for (const account of accounts) {
      await this.worker.enqueue({
        kind: "ALLOCATE",
        parentPartnerId,
        masterPayerAccountId: Number(account.id),
        source,
        createdByUserId: userId,
      });
    }
  }
}
