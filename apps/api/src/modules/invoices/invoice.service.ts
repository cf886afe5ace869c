import {
  type ChildBillingDetails,
  type ChildBillingDetailsDraft,
  DEFAULT_CHILD_BILLING,
  DEFAULT_PARENT_BILLING,
  type InvoiceCostRow,
  type InvoiceFigures,
  type ParentBillingDetails,
  type ParentBillingDetailsDraft,
  type PlacedBillRow,
  billCurrencies,
  buildInvoice,
  costRowDifference,
  dueDateOf,
  formatInvoiceNumber,
  invoiceCostRows,
  invoiceDifference,
  isBillingMonth,
  requireText,
  validateChildBillingDetails,
  validateParentBillingDetails,
} from "@reseller/domain";
import { type EntityManager, In } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, notFound, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import {
  AllocatedCostEntity,
  BillingDetailsEntity,
  BillingMonthEntity,
  InvoiceCostEntity,
  InvoiceCounterEntity,
  InvoiceEntity,
  InvoiceLineEntity,
  PartnerEntity,
} from "../../persistence/entities/index.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";
import { checkPageSize, decodeCursor, encodeCursor, toRowId } from "../common/page.js";
import { findVisiblePartner } from "../common/visibility.js";
import { type InvoiceParties, invoicePdf } from "./invoice-documents.js";

/** Children whose bills are read and invoiced at a time: memory stays flat in their number. */
const CHILD_BATCH = 200;
const INSERT_CHUNK = 500;

/** What a month's issue would store for one Child and currency. */
export interface InvoiceDraft {
  child: PartnerEntity;
  figures: InvoiceFigures;
  costs: InvoiceCostRow[];
  taxRatePercent: string;
  adjusts: InvoiceEntity | null;
}

export interface InvoicePage {
  nodes: InvoiceEntity[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

function forbidden(message: string): ApiError {
  return new ApiError("FORBIDDEN", message, { reason: "ROLE_FORBIDDEN" });
}

function checkMonth(raw: string, field: string): string {
  const month = String(raw);
  if (!isBillingMonth(raw))
    throw new ApiError(
      "BAD_USER_INPUT",
      `${field} must be a month like "2024-03", got ${JSON.stringify(month.slice(0, 20))}`,
      { field, value: month.slice(0, 20), reason: "MONTH_INVALID" },
    );
  return month;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

function parentDetailsOf(row: BillingDetailsEntity | null): ParentBillingDetails {
  if (!row) return { ...DEFAULT_PARENT_BILLING };
  return {
    legalName: row.legalName,
    address: row.address,
    taxId: row.taxId,
    invoicePrefix: row.invoicePrefix ?? DEFAULT_PARENT_BILLING.invoicePrefix,
    paymentTermsDays: row.paymentTermsDays ?? DEFAULT_PARENT_BILLING.paymentTermsDays,
    invoiceNote: row.invoiceNote,
  };
}

function childDetailsOf(row: BillingDetailsEntity | null | undefined): ChildBillingDetails {
  if (!row) return { ...DEFAULT_CHILD_BILLING };
  return {
    billingEmail: row.billingEmail,
    address: row.address,
    taxId: row.taxId,
    poNumber: row.poNumber,
    taxRatePercent: row.taxRatePercent ?? DEFAULT_CHILD_BILLING.taxRatePercent,
  };
}

function figuresOf(invoice: InvoiceEntity, lines: readonly InvoiceLineEntity[]): InvoiceFigures {
  return {
    currency: invoice.currency,
    lines: lines.map((line) => ({ description: line.description, amount: line.amount })),
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
  };
}

/**
 * Month close: issues each Child's immutable invoice (and the adjustments a corrected month
 * needs), numbers them without gaps per Parent, and serves them to whom may see them.
 */
export class InvoiceService {
  constructor(private readonly deps: AppDeps) {}

  /** Where the console and the downloads are served. */
  get publicUrl(): string {
    return this.deps.config.publicUrl;
  }

  /** The Parent the caller is the Partner Sys Admin of; anything else reads as missing or forbidden. */
  private async requireParentAdmin(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    field: string,
  ): Promise<PartnerEntity> {
    const parent = await findVisiblePartner(loaders, viewer.scope, parentPartnerId);
    if (!parent || parent.level !== "PARENT") throw notFound(field, parentPartnerId);
    if (viewer.user.role !== "PARTNER_SYS_ADMIN" || viewer.partner?.id !== parent.id)
      throw forbidden("Only the Parent partner's Partner Sys Admin may do this.");
    return parent;
  }

  /** A Child of a Parent the caller administers. */
  private async requireChildOfAdmin(
    viewer: ViewerIdentity,
    loaders: Loaders,
    partnerId: string,
    field: string,
  ): Promise<PartnerEntity> {
    const child = await findVisiblePartner(loaders, viewer.scope, partnerId);
    if (!child || child.level !== "CHILD" || child.parentId === null)
      throw notFound(field, partnerId);
    if (viewer.user.role !== "PARTNER_SYS_ADMIN" || viewer.partner?.id !== child.parentId)
      throw forbidden(
        "Only the Parent partner's Partner Sys Admin may change a Child's billing details.",
      );
    return child;
  }

  /** True when the caller is one of the Child's users or its Parent's Partner Sys Admin. */
  canSee(viewer: ViewerIdentity, invoice: InvoiceEntity): boolean {
    const partnerId = viewer.partner?.id;
    if (partnerId === undefined) return false;
    if (partnerId === invoice.childPartnerId) return true;
    return viewer.user.role === "PARTNER_SYS_ADMIN" && partnerId === invoice.parentPartnerId;
  }

  /** The invoice, or null when it does not exist or the caller may not see it. */
  async visibleInvoice(viewer: ViewerIdentity, id: string): Promise<InvoiceEntity | null> {
    const rowId = toRowId(id);
    if (rowId === null) return null;
    const invoice = await this.deps.dataSource
      .getRepository(InvoiceEntity)
      .findOneBy({ id: rowId });
    return invoice && this.canSee(viewer, invoice) ? invoice : null;
  }

  async lines(invoiceId: number): Promise<InvoiceLineEntity[]> {
    return this.deps.dataSource
      .getRepository(InvoiceLineEntity)
      .find({ where: { invoiceId }, order: { position: "ASC" } });
  }

  async costs(invoiceId: number): Promise<InvoiceCostEntity[]> {
    return this.deps.dataSource
      .getRepository(InvoiceCostEntity)
      .find({ where: { invoiceId }, order: { id: "ASC" } });
  }

  async pdf(invoice: InvoiceEntity): Promise<Buffer> {
    return invoicePdf(invoice, await this.lines(invoice.id));
  }

  /**
   * A partner's invoices, newest first: a Child's for its users and its Parent's Partner Sys
   * Admin; every invoice a Parent issued for that Parent's Partner Sys Admin; none for anyone else.
   */
  async invoicesOf(
    viewer: ViewerIdentity,
    partner: PartnerEntity,
    first: number | null | undefined,
    after: string | null | undefined,
    billingPeriod: string | null | undefined,
  ): Promise<InvoicePage> {
    const size = checkPageSize(first, "first");
    const afterId = decodeCursor(after, "after");
    if (billingPeriod !== null && billingPeriod !== undefined)
      checkMonth(billingPeriod, "billingPeriod");
    const isAdmin = viewer.user.role === "PARTNER_SYS_ADMIN";
    const myPartner = viewer.partner;
    let column: "child_partner_id" | "parent_partner_id";
    if (partner.level === "CHILD") {
      const allowed =
        myPartner?.id === partner.id || (isAdmin && myPartner?.id === partner.parentId);
      if (!allowed) return { nodes: [], hasNextPage: false, endCursor: null, totalCount: 0 };
      column = "child_partner_id";
    } else {
      if (!isAdmin || myPartner?.id !== partner.id)
        return { nodes: [], hasNextPage: false, endCursor: null, totalCount: 0 };
      column = "parent_partner_id";
    }
    const base = () => {
      const query = this.deps.dataSource
        .getRepository(InvoiceEntity)
        .createQueryBuilder("invoice")
        .where(`invoice.${column} = :partnerId`, { partnerId: partner.id });
      if (billingPeriod)
        query.andWhere("invoice.billing_period = :billingPeriod", { billingPeriod });
      return query;
    };
    const totalCount = await base().getCount();
    const page = await base()
      .andWhere(afterId > 0 ? "invoice.id < :afterId" : "1 = 1", { afterId })
      .orderBy("invoice.id", "DESC")
      .take(size + 1)
      .getMany();
    const nodes = page.slice(0, size);
    const last = nodes.at(-1);
    return {
      nodes,
      hasNextPage: page.length > size,
      endCursor: last ? encodeCursor(last.id) : null,
      totalCount,
    };
  }

  async parentDetails(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
  ): Promise<ParentBillingDetails> {
    const parent = await this.requireParentAdmin(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    return parentDetailsOf(await this.detailsRow(this.deps.dataSource.manager, parent.id));
  }

  async saveParentDetails(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    input: ParentBillingDetailsDraft,
  ): Promise<ParentBillingDetails> {
    const parent = await this.requireParentAdmin(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    const details = unwrap(validateParentBillingDetails(input, "input"));
    await this.deps.tx.run((m) =>
      m.upsert(
        BillingDetailsEntity,
        { partnerId: parent.id, ...details, updatedAt: this.deps.now() },
        ["partnerId"],
      ),
    );
    return details;
  }

  /** A Child's billing details, for its users and its Parent's Partner Sys Admin. */
  async childDetails(
    viewer: ViewerIdentity,
    loaders: Loaders,
    partnerId: string,
  ): Promise<ChildBillingDetails> {
    const child = await findVisiblePartner(loaders, viewer.scope, partnerId);
    const allowed =
      child !== null &&
      child.level === "CHILD" &&
      (viewer.partner?.id === child.id ||
        (viewer.user.role === "PARTNER_SYS_ADMIN" && viewer.partner?.id === child.parentId));
    if (!allowed) throw notFound("partnerId", partnerId);
    return childDetailsOf(await this.detailsRow(this.deps.dataSource.manager, child.id));
  }

  async saveChildDetails(
    viewer: ViewerIdentity,
    loaders: Loaders,
    partnerId: string,
    input: ChildBillingDetailsDraft,
  ): Promise<ChildBillingDetails> {
    const child = await this.requireChildOfAdmin(viewer, loaders, partnerId, "partnerId");
    const details = unwrap(validateChildBillingDetails(input, "input"));
    await this.deps.tx.run((m) =>
      m.upsert(
        BillingDetailsEntity,
        { partnerId: child.id, ...details, updatedAt: this.deps.now() },
        ["partnerId"],
      ),
    );
    return details;
  }

  private detailsRow(m: EntityManager, partnerId: number): Promise<BillingDetailsEntity | null> {
    return m.getRepository(BillingDetailsEntity).findOneBy({ partnerId });
  }

  /** The month is stored for one of the Parent's master payers, or the issue is refused. */
  private async requireStoredMonth(parent: PartnerEntity, month: string): Promise<void> {
    const stored = await this.deps.dataSource
      .getRepository(BillingMonthEntity)
      .createQueryBuilder("month")
      .innerJoin("month.masterPayerAccount", "account")
      .where("account.partner_id = :parentId", { parentId: parent.id })
      .andWhere("month.billing_period = :month", { month })
      .getCount();
    if (stored === 0)
      throw new ApiError(
        "BAD_USER_INPUT",
        `No cost report is stored for ${month}: upload the month's report before invoicing it.`,
        { field: "billingPeriod", value: month, reason: "MONTH_NOT_STORED" },
      );
  }

  /** What issuing the month would invoice now; nothing is stored. */
  async preview(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    billingPeriod: string,
  ): Promise<InvoiceDraft[]> {
    const parent = await this.requireParentAdmin(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    const month = checkMonth(billingPeriod, "billingPeriod");
    await this.requireStoredMonth(parent, month);
    const drafts: InvoiceDraft[] = [];
    const m = this.deps.dataSource.manager;
    for (const children of await this.childBatches(m, parent.id)) {
      drafts.push(...(await this.drafts(m, parent.id, children, month)));
    }
    return drafts;
  }

  /**
   * Issues the month's invoice of every Child billed that month and the adjustments the month
   * needs, in one transaction that holds the Parent's counter: a racing call waits, then finds
   * nothing left to issue. Returns what this call issued.
   */
  async issue(
    viewer: ViewerIdentity,
    loaders: Loaders,
    parentPartnerId: string,
    billingPeriod: string,
  ): Promise<InvoiceEntity[]> {
    const parent = await this.requireParentAdmin(
      viewer,
      loaders,
      parentPartnerId,
      "parentPartnerId",
    );
    const month = checkMonth(billingPeriod, "billingPeriod");
    await this.requireStoredMonth(parent, month);
    let issued: InvoiceEntity[];
    try {
      issued = await this.deps.tx.run(async (m) => {
        let sequence = await this.lockCounter(m, parent.id);
        const start = sequence;
        const details = parentDetailsOf(await this.detailsRow(m, parent.id));
        const now = this.deps.now();
        const stored: InvoiceEntity[] = [];
        for (const children of await this.childBatches(m, parent.id)) {
          const drafts = await this.drafts(m, parent.id, children, month);
          const childDetails = await m
            .getRepository(BillingDetailsEntity)
            .findBy({ partnerId: In(children.map((c) => c.id)) });
          for (const draft of drafts) {
            sequence += 1;
            const child = childDetailsOf(childDetails.find((d) => d.partnerId === draft.child.id));
            stored.push(
              await this.store(m, { parent, details, child, draft, sequence, month, now, viewer }),
            );
          }
        }
        if (sequence !== start)
          await m.update(
            InvoiceCounterEntity,
            { parentPartnerId: parent.id },
            { lastSequence: sequence },
          );
        return stored;
      });
    } catch (error) {
      // A backstop: the counter lock makes this unreachable unless a row was written elsewhere.
      if (isUniqueViolation(error))
        throw new ApiError(
          "CONFLICT",
          "Another issue of these invoices ran at the same time; try again.",
          {
            reason: "INVOICE_NUMBER_TAKEN",
          },
        );
      throw error;
    }
    await this.mailInvoices(issued);
    return issued;
  }

  /** The Parent's counter, locked until the transaction ends (created at 0 the first time). */
  private async lockCounter(m: EntityManager, parentPartnerId: number): Promise<number> {
    await m
      .createQueryBuilder()
      .insert()
      .into(InvoiceCounterEntity)
      .values({ parentPartnerId, lastSequence: 0 })
      .orIgnore()
      .execute();
    // SQLite: the write transaction (BEGIN IMMEDIATE, one writer) already excludes other issuers.
    const counter = await m.findOne(InvoiceCounterEntity, {
      where: { parentPartnerId },
      ...(this.deps.tx.isSqlite ? {} : { lock: { mode: "pessimistic_write" as const } }),
    });
    if (!counter) throw new Error(`invoice counter of partner ${parentPartnerId} missing`);
    return counter.lastSequence;
  }

  /** The Parent's Children in batches, by id. */
  private async childBatches(m: EntityManager, parentId: number): Promise<PartnerEntity[][]> {
    const children = await m
      .getRepository(PartnerEntity)
      .find({ where: { parentId, level: "CHILD" }, order: { id: "ASC" } });
    return chunks(children, CHILD_BATCH);
  }

  /** For these Children, what the month needs invoiced now (first invoices and adjustments). */
  private async drafts(
    m: EntityManager,
    parentId: number,
    children: readonly PartnerEntity[],
    month: string,
  ): Promise<InvoiceDraft[]> {
    if (children.length === 0) return [];
    const ids = children.map((c) => c.id);
    const rows = await m
      .getRepository(AllocatedCostEntity)
      .createQueryBuilder("row")
      .select([
        'row.reseller_partner_id AS "childId"',
        'row.usage_date AS "usageDate"',
        'row.usage_account_id AS "usageAccountId"',
        'row.service_code AS "serviceCode"',
        'row.charge_class AS "chargeClass"',
        "row.currency AS currency",
        'row.billed_cost AS "billedCost"',
      ])
      .where("row.billing_period = :month", { month })
      .andWhere("row.reseller_partner_id IN (:...ids)", { ids })
      .orderBy("row.id", "ASC")
      .getRawMany<PlacedBillRow & { childId: number | string }>();
    const invoices = await m.getRepository(InvoiceEntity).find({
      where: {
        parentPartnerId: parentId,
        billingPeriod: month,
        childPartnerId: In(ids),
        status: "ISSUED",
      },
      order: { sequence: "ASC" },
    });
    const invoiceIds = invoices.map((i) => i.id);
    const lines = invoiceIds.length
      ? await m
          .getRepository(InvoiceLineEntity)
          .find({ where: { invoiceId: In(invoiceIds) }, order: { position: "ASC" } })
      : [];
    const costs = invoiceIds.length
      ? await m.getRepository(InvoiceCostEntity).find({ where: { invoiceId: In(invoiceIds) } })
      : [];
    const details = await m.getRepository(BillingDetailsEntity).findBy({ partnerId: In(ids) });

    const drafts: InvoiceDraft[] = [];
    for (const child of children) {
      const childRows = rows.filter((row) => Number(row.childId) === child.id);
      const childInvoices = invoices.filter((i) => i.childPartnerId === child.id);
      const rate = childDetailsOf(details.find((d) => d.partnerId === child.id)).taxRatePercent;
      const currencies = new Set([
        ...billCurrencies(childRows),
        ...childInvoices.map((i) => i.currency),
      ]);
      for (const currency of [...currencies].sort()) {
        const previous = childInvoices.filter((i) => i.currency === currency);
        const current = buildInvoice(childRows, currency, rate);
        const figures = invoiceDifference(
          current,
          previous.map((invoice) =>
            figuresOf(
              invoice,
              lines.filter((line) => line.invoiceId === invoice.id),
            ),
          ),
        );
        if (figures === null) continue;
        const previousIds = new Set(previous.map((i) => i.id));
        const invoicedCosts = costs
          .filter((cost) => previousIds.has(cost.invoiceId))
          .map((cost) => ({
            ...cost,
            chargeCategory: cost.chargeCategory as InvoiceCostRow["chargeCategory"],
          }));
        drafts.push({
          child,
          figures,
          costs: costRowDifference(
            invoiceCostRows(childRows, currency, month, rate),
            invoicedCosts,
          ),
          taxRatePercent: rate,
          adjusts: previous[0] ?? null,
        });
      }
    }
    return drafts;
  }

  private async store(
    m: EntityManager,
    input: {
      parent: PartnerEntity;
      details: ParentBillingDetails;
      child: ChildBillingDetails;
      draft: InvoiceDraft;
      sequence: number;
      month: string;
      now: Date;
      viewer: ViewerIdentity;
    },
  ): Promise<InvoiceEntity> {
    const { parent, details, child, draft, sequence, month, now, viewer } = input;
    const parties: InvoiceParties = {
      parent: {
        name: parent.name,
        legalName: details.legalName,
        address: details.address,
        taxId: details.taxId,
        paymentTermsDays: details.paymentTermsDays,
        invoiceNote: details.invoiceNote,
      },
      child: {
        name: draft.child.name,
        billingEmail: child.billingEmail,
        address: child.address,
        taxId: child.taxId,
        poNumber: child.poNumber,
      },
      adjustsNumber: draft.adjusts?.number ?? null,
    };
    const invoice = await m.save(
      m.create(InvoiceEntity, {
        parentPartnerId: parent.id,
        childPartnerId: draft.child.id,
        sequence,
        number: formatInvoiceNumber(details.invoicePrefix, now.getUTCFullYear(), sequence),
        billingPeriod: month,
        currency: draft.figures.currency,
        status: "ISSUED",
        issuedAt: now,
        issuedByUserId: viewer.user.id,
        dueDate: dueDateOf(now, details.paymentTermsDays),
        subtotal: draft.figures.subtotal,
        tax: draft.figures.tax,
        total: draft.figures.total,
        taxRatePercent: draft.taxRatePercent,
        adjustsInvoiceId: draft.adjusts?.id ?? null,
        parties: JSON.stringify(parties),
        voidedAt: null,
        voidedByUserId: null,
        voidReason: null,
      }),
    );
    const lines = draft.figures.lines.map((line, position) => ({
      invoiceId: invoice.id,
      position,
      description: line.description.slice(0, 300),
      amount: line.amount,
    }));
    for (const chunk of chunks(lines, INSERT_CHUNK)) await m.insert(InvoiceLineEntity, chunk);
    const costs = draft.costs.map((cost) => ({
      invoiceId: invoice.id,
      usageDate: cost.usageDate,
      subAccountId: cost.subAccountId,
      serviceName: cost.serviceName.slice(0, 300),
      chargeCategory: cost.chargeCategory,
      billedCost: cost.billedCost,
    }));
    for (const chunk of chunks(costs, INSERT_CHUNK)) await m.insert(InvoiceCostEntity, chunk);
    return invoice;
  }

  /** Each issued invoice to its Child's billing contact, with the PDF; a failure is logged. */
  private async mailInvoices(invoices: readonly InvoiceEntity[]): Promise<void> {
    for (const invoice of invoices) {
      const parties = JSON.parse(invoice.parties) as InvoiceParties;
      const to = parties.child.billingEmail;
      if (!to) continue;
      try {
        const from = parties.parent.legalName ?? parties.parent.name;
        await this.deps.mailer.send({
          to,
          subject: `Invoice ${invoice.number} from ${from} for ${invoice.billingPeriod}`,
          text: `Attached is invoice ${invoice.number} for ${invoice.billingPeriod}: ${invoice.total} ${invoice.currency}, due ${invoice.dueDate}.\n`,
          attachments: [
            {
              filename: `${invoice.number}.pdf`,
              content: await this.pdf(invoice),
              contentType: "application/pdf",
            },
          ],
        });
      } catch (error) {
        this.deps.logger.error({ err: error, invoice: invoice.number }, "invoice mail failed");
      }
    }
  }

  /** Voids an issued invoice: it keeps its number and document, with who voided it and why. */
  async void(viewer: ViewerIdentity, id: string, reason: string): Promise<InvoiceEntity> {
    const invoice = await this.visibleInvoice(viewer, id);
    if (!invoice) throw notFound("id", id);
    if (viewer.user.role !== "PARTNER_SYS_ADMIN" || viewer.partner?.id !== invoice.parentPartnerId)
      throw forbidden("Only the Parent partner's Partner Sys Admin may void an invoice.");
    const why = unwrap(requireText(reason, "reason", 500));
    const voided = await this.deps.tx.run(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(InvoiceEntity)
        .set({
          status: "VOID",
          voidedAt: this.deps.now(),
          voidedByUserId: viewer.user.id,
          voidReason: why,
        })
        .where("id = :id AND status = :issued", { id: invoice.id, issued: "ISSUED" })
        .execute();
      return (result.affected ?? 0) > 0;
    });
    if (!voided)
      throw new ApiError("CONFLICT", `Invoice ${invoice.number} is already void.`, {
        reason: "INVOICE_VOID",
        field: "id",
        value: id,
      });
    return this.deps.dataSource.getRepository(InvoiceEntity).findOneByOrFail({ id: invoice.id });
  }
}
