import { type EntityManager } from "typeorm";
import { type AppDeps } from "../../context.js";
import { type SqliteHandle } from "../../persistence/data-source.js";
import {
  AllocatedCostEntity,
  BillingMonthEntity,
  CostRowEntity,
  UnallocatedCostEntity,
} from "../../persistence/entities/index.js";
import { type DailyCostRow } from "./ingest/cost-report.js";

export interface MonthReport {
  masterPayerAccountId: number;
  billingPeriod: string;
  invoiceId: string | null;
  contentHash: string;
  fileName: string;
  format: string;
  lineItems: number;
  rows: readonly DailyCostRow[];
}

export interface AllocatedRow {
  resellerPartnerId: number;
  linkId: number;
  usageDate: string;
  usageAccountId: string;
  serviceCode: string;
  chargeClass: string;
  currency: string;
  baseCost: string;
  billedCost: string;
}

export interface UnallocatedRow {
  payerAccountId: string;
  usageAccountId: string;
  reason: string;
  currency: string;
  unblendedCost: string;
  lineItems: number;
}

const INSERT_CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK)
    out.push(rows.slice(start, start + INSERT_CHUNK));
  return out;
}

function costRowValues(billingMonthId: number, row: DailyCostRow) {
  return {
    billingMonthId,
    usageDate: row.usageDate,
    payerAccountId: row.payerAccountId,
    usageAccountId: row.usageAccountId,
    serviceCode: row.serviceCode,
    lineItemType: row.lineItemType,
    currency: row.currency,
    unblendedCost: row.unblendedCost,
    listCost: row.listCost,
    usageAmount: row.usageAmount,
    lineItems: row.lineItems,
  };
}

/** The month is locked: only an unlock lets a new report or allocation change it. */
export class MonthLockedError extends Error {
  constructor(readonly billingPeriod: string) {
    super(`billing month ${billingPeriod} is locked`);
  }
}

export interface StoredAllocation {
  allocated: readonly AllocatedRow[];
  unallocated: readonly UnallocatedRow[];
}

/**
 * Replaces a month's rows in one transaction, so readers see the old month or the new one,
 * never half. On SQLite the replacement runs synchronously on the raw handle (nothing else in
 * the process can read in between); on PostgreSQL MVCC gives the same guarantee.
 */
export class CostStore {
  constructor(private readonly deps: AppDeps) {}

  /**
   * Stores a newly read month and its allocation in one transaction: readers never see the new
   * cost rows beside the old allocation. Throws {@link MonthLockedError} when the month was
   * locked meanwhile. Returns the month's id.
   */
  async replaceMonth(report: MonthReport, allocation: StoredAllocation): Promise<number> {
    const now = this.deps.now();
    const status = report.invoiceId ? "FINAL" : "OPEN";
    if (this.deps.tx.isSqlite) {
      return this.deps.tx.runSqliteExclusive((db) =>
        db.transaction(() => {
          const monthId = upsertMonthSqlite(db, report, status, now);
          writeCostRowsSqlite(db, monthId, report.rows);
          writeAllocationSqlite(db, monthId, report.billingPeriod, allocation);
          return monthId;
        })(),
      );
    }
    return this.deps.tx.run(async (m) => {
      const monthId = await upsertMonth(m, report, status, now);
      await m.delete(CostRowEntity, { billingMonthId: monthId });
      for (const chunk of chunks(report.rows)) {
        await m.insert(
          CostRowEntity,
          chunk.map((row) => costRowValues(monthId, row)),
        );
      }
      await writeAllocation(m, monthId, report.billingPeriod, allocation);
      return monthId;
    });
  }

  /**
   * Replaces a stored month's allocation (a link or a rule changed). Throws
   * {@link MonthLockedError} when the month was locked meanwhile.
   */
  async replaceAllocation(
    billingMonthId: number,
    billingPeriod: string,
    allocation: StoredAllocation,
  ): Promise<void> {
    if (this.deps.tx.isSqlite) {
      await this.deps.tx.runSqliteExclusive((db) =>
        db.transaction(() => {
          const month = db
            .prepare("SELECT locked FROM billing_month WHERE id = ?")
            .get(billingMonthId) as { locked: number } | undefined;
          if (month?.locked) throw new MonthLockedError(billingPeriod);
          writeAllocationSqlite(db, billingMonthId, billingPeriod, allocation);
        })(),
      );
      return;
    }
    await this.deps.tx.run(async (m) => {
      const month = await m.findOne(BillingMonthEntity, {
        where: { id: billingMonthId },
        lock: { mode: "pessimistic_write" },
      });
      if (month?.locked) throw new MonthLockedError(billingPeriod);
      await writeAllocation(m, billingMonthId, billingPeriod, allocation);
    });
  }
}

function writeCostRowsSqlite(
  db: SqliteHandle,
  monthId: number,
  rows: readonly DailyCostRow[],
): void {
  db.prepare("DELETE FROM cost_row WHERE billing_month_id = ?").run(monthId);
  const insert = db.prepare(
    "INSERT INTO cost_row (billing_month_id, usage_date, payer_account_id, usage_account_id, service_code, line_item_type, currency, unblended_cost, list_cost, usage_amount, line_items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const row of rows) {
    insert.run(
      monthId,
      row.usageDate,
      row.payerAccountId,
      row.usageAccountId,
      row.serviceCode,
      row.lineItemType,
      row.currency,
      row.unblendedCost,
      row.listCost,
      row.usageAmount,
      row.lineItems,
    );
  }
}

function writeAllocationSqlite(
  db: SqliteHandle,
  billingMonthId: number,
  billingPeriod: string,
  { allocated, unallocated }: StoredAllocation,
): void {
  db.prepare("DELETE FROM allocated_cost WHERE billing_month_id = ?").run(billingMonthId);
  db.prepare("DELETE FROM unallocated_cost WHERE billing_month_id = ?").run(billingMonthId);
  const insertAllocated = db.prepare(
    "INSERT INTO allocated_cost (billing_month_id, billing_period, reseller_partner_id, link_id, usage_date, usage_account_id, service_code, charge_class, currency, base_cost, billed_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const r of allocated) {
    insertAllocated.run(
      billingMonthId,
      billingPeriod,
      r.resellerPartnerId,
      r.linkId,
      r.usageDate,
      r.usageAccountId,
      r.serviceCode,
      r.chargeClass,
      r.currency,
      r.baseCost,
      r.billedCost,
    );
  }
  const insertUnallocated = db.prepare(
    "INSERT INTO unallocated_cost (billing_month_id, payer_account_id, usage_account_id, reason, currency, unblended_cost, line_items) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (const r of unallocated) {
    insertUnallocated.run(
      billingMonthId,
      r.payerAccountId,
      r.usageAccountId,
      r.reason,
      r.currency,
      r.unblendedCost,
      r.lineItems,
    );
  }
}

async function writeAllocation(
  m: EntityManager,
  billingMonthId: number,
  billingPeriod: string,
  { allocated, unallocated }: StoredAllocation,
): Promise<void> {
  await m.delete(AllocatedCostEntity, { billingMonthId });
  await m.delete(UnallocatedCostEntity, { billingMonthId });
  for (const chunk of chunks(allocated)) {
    await m.insert(
      AllocatedCostEntity,
      chunk.map((r) => ({ ...r, billingMonthId, billingPeriod })),
    );
  }
  for (const chunk of chunks(unallocated)) {
    await m.insert(
      UnallocatedCostEntity,
      chunk.map((r) => ({ ...r, billingMonthId })),
    );
  }
}

function upsertMonthSqlite(
  db: SqliteHandle,
  report: MonthReport,
  status: string,
  now: Date,
): number {
  const row = db
    .prepare(
      `INSERT INTO billing_month (master_payer_account_id, billing_period, status, invoice_id, locked, content_hash, file_name, format, line_items, ingested_at)
       VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
       ON CONFLICT (master_payer_account_id, billing_period) DO UPDATE SET status = excluded.status, invoice_id = excluded.invoice_id,
         content_hash = excluded.content_hash, file_name = excluded.file_name, format = excluded.format, line_items = excluded.line_items, ingested_at = excluded.ingested_at
       WHERE billing_month.locked = 0
       RETURNING id`,
    )
    .get(
      report.masterPayerAccountId,
      report.billingPeriod,
      status,
      report.invoiceId,
      report.contentHash,
      report.fileName,
      report.format,
      report.lineItems,
      now.toISOString(),
    ) as { id: number } | undefined;
  // No row back: the month exists and is locked, so the update did not happen.
  if (row === undefined) throw new MonthLockedError(report.billingPeriod);
  return row.id;
}

async function upsertMonth(
  m: EntityManager,
  report: MonthReport,
  status: "OPEN" | "FINAL",
  now: Date,
): Promise<number> {
  const values = {
    status,
    invoiceId: report.invoiceId,
    contentHash: report.contentHash,
    fileName: report.fileName,
    format: report.format,
    lineItems: report.lineItems,
    ingestedAt: now,
  };
  // Locked against a concurrent lock or ingest until the transaction ends.
  const existing = await m.findOne(BillingMonthEntity, {
    where: {
      masterPayerAccountId: report.masterPayerAccountId,
      billingPeriod: report.billingPeriod,
    },
    lock: { mode: "pessimistic_write" },
  });
  if (existing?.locked) throw new MonthLockedError(report.billingPeriod);
  if (existing) {
    await m.update(BillingMonthEntity, { id: existing.id }, values);
    return existing.id;
  }
  const created = await m.save(
    m.create(BillingMonthEntity, {
      ...values,
      masterPayerAccountId: report.masterPayerAccountId,
      billingPeriod: report.billingPeriod,
      locked: false,
    }),
  );
  return created.id;
}
