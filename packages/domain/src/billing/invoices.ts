import { shownValue } from "../error-helpers.js";
import { domainError, type DomainError } from "../errors.js";
import { err, ok, type Result } from "../result.js";
import { blankToNull, parseEmail, requireText } from "../validation.js";
import {
  compareMoney,
  isZeroMoney,
  percentOf,
  roundCurrency,
  subtractMoney,
  sumMoney,
  toMoney,
  ZERO_MONEY,
  type Money,
} from "./money.js";

/**
 * How a Child's stored bill row is charged: `USAGE` (priced usage and AWS fees), `FEE` and
 * `RULE_CREDIT` (the Parent's FEE and CREDIT rules), `TAX`, `CREDIT` and `REFUND` (AWS's own,
 * passed through).
 */
export type BillChargeClass = "USAGE" | "FEE" | "RULE_CREDIT" | "TAX" | "CREDIT" | "REFUND";

/** One row of a Child's bill for a month: what the Child is charged, never the Parent's cost. */
export interface BillRow {
  chargeClass: string;
  /** The AWS service, or for a rule's line the rule's description. */
  serviceCode: string;
  currency: string;
  billedCost: Money;
}

export interface InvoiceLineFigures {
  description: string;
  amount: Money;
}

/** An invoice's figures: lines sum to `subtotal`; `total` = `subtotal` + `tax`. */
export interface InvoiceFigures {
  currency: string;
  lines: InvoiceLineFigures[];
  subtotal: Money;
  tax: Money;
  total: Money;
}

/** Descriptions of the pass-through lines that are not a service or a rule. */
export const AWS_CREDITS_LINE = "AWS credits";
export const AWS_REFUNDS_LINE = "AWS refunds";

/**
 * The invoice of a Child's bill in one currency (the rows of other currencies are ignored):
 * one line per service (usage and AWS fees), one per rule fee or credit (named by the rule), one
 * for AWS credits and one for refunds; lines of zero are left out. `tax` = AWS's tax rows plus
 * `taxRatePercent` % of the re-billed usage (usage, rule fees and rule credits), so with the
 * default rate 0 the total is the bill's total exactly.
 */
export function buildInvoice(
  rows: readonly BillRow[],
  currency: string,
  taxRatePercent: string = "0",
): InvoiceFigures {
  const services = new Map<string, Money[]>();
  const rules = new Map<string, Money[]>();
  const awsTax: Money[] = [];
  const credits: Money[] = [];
  const refunds: Money[] = [];
  const rebilled: Money[] = [];
  for (const row of rows) {
    if (row.currency !== currency) continue;
    switch (row.chargeClass) {
      case "TAX":
        awsTax.push(row.billedCost);
        break;
      case "CREDIT":
        credits.push(row.billedCost);
        break;
      case "REFUND":
        refunds.push(row.billedCost);
        break;
      case "FEE":
      case "RULE_CREDIT":
        rules.set(row.serviceCode, [...(rules.get(row.serviceCode) ?? []), row.billedCost]);
        rebilled.push(row.billedCost);
        break;
      default:
        // USAGE, and any class a later collector adds: billed as usage, as pricing does.
        services.set(row.serviceCode, [...(services.get(row.serviceCode) ?? []), row.billedCost]);
        rebilled.push(row.billedCost);
    }
  }
  // One line per description: a rule named like a service adds to that service's line, so that
  // an adjustment can compare lines by description.
  const byDescription = new Map<string, Money[]>();
  const add = (description: string, amounts: readonly Money[]) =>
    byDescription.set(description, [...(byDescription.get(description) ?? []), ...amounts]);
  for (const [service, amounts] of [...services].sort(byKey)) add(service, amounts);
  for (const [rule, amounts] of [...rules].sort(byKey)) add(rule, amounts);
  add(AWS_CREDITS_LINE, credits);
  add(AWS_REFUNDS_LINE, refunds);
  const lines: InvoiceLineFigures[] = [];
  for (const [description, amounts] of byDescription) {
    const amount = sumMoney(amounts);
    if (!isZeroMoney(amount)) lines.push({ description, amount });
  }
  const subtotal = sumMoney(lines.map((line) => line.amount));
  const tax = sumMoney([...awsTax, percentOf(sumMoney(rebilled), taxRatePercent)]);
  return { currency, lines, subtotal, tax, total: sumMoney([subtotal, tax]) };
}

/** The bill's currencies, sorted. */
export function billCurrencies(rows: readonly BillRow[]): string[] {
  return [...new Set(rows.map((row) => row.currency))].sort(compareText);
}

/**
 * What must be invoiced so that the invoices already issued (and not void) for a month add up to
 * `current`: `current` itself when nothing was invoiced; null when they already add up (line by
 * line, and tax); otherwise the exact difference, line by line (a credit note when negative).
 */
export function invoiceDifference(
  current: InvoiceFigures,
  invoiced: readonly InvoiceFigures[],
): InvoiceFigures | null {
  if (invoiced.length === 0) {
    return isZeroMoney(current.total) && current.lines.length === 0 && isZeroMoney(current.tax)
      ? null
      : current;
  }
  const before = new Map<string, Money[]>();
  for (const invoice of invoiced)
    for (const line of invoice.lines)
      before.set(line.description, [...(before.get(line.description) ?? []), line.amount]);
  const lines: InvoiceLineFigures[] = [];
  const seen = new Set<string>();
  for (const line of current.lines) {
    seen.add(line.description);
    const amount = subtractMoney(line.amount, sumMoney(before.get(line.description) ?? []));
    if (!isZeroMoney(amount)) lines.push({ description: line.description, amount });
  }
  for (const [description, amounts] of before) {
    if (seen.has(description)) continue;
    const amount = subtractMoney(ZERO_MONEY, sumMoney(amounts));
    if (!isZeroMoney(amount)) lines.push({ description, amount });
  }
  const tax = subtractMoney(current.tax, sumMoney(invoiced.map((i) => i.tax)));
  if (lines.length === 0 && isZeroMoney(tax)) return null;
  const subtotal = sumMoney(lines.map((line) => line.amount));
  return { currency: current.currency, lines, subtotal, tax, total: sumMoney([subtotal, tax]) };
}

/** A bill row with its place, for the cost file frozen with an invoice. */
export interface PlacedBillRow extends BillRow {
  usageDate: string;
  /** The Child's payee account; empty for a rule's line. */
  usageAccountId: string;
}

/** FOCUS `ChargeCategory` values. */
export type FocusChargeCategory = "Usage" | "Purchase" | "Tax" | "Credit" | "Adjustment";

/** One row of the FOCUS file of an invoice: what the Child is charged, never the Parent's cost. */
export interface InvoiceCostRow {
  usageDate: string;
  subAccountId: string;
  serviceName: string;
  chargeCategory: FocusChargeCategory;
  billedCost: Money;
}

/** The service name of the tax row the Child's tax rate adds. */
export const CHILD_TAX_SERVICE = "Tax";

const FOCUS_CATEGORY: Readonly<Record<string, FocusChargeCategory>> = {
  USAGE: "Usage",
  FEE: "Purchase",
  RULE_CREDIT: "Credit",
  TAX: "Tax",
  CREDIT: "Credit",
  REFUND: "Adjustment",
};

/**
 * The FOCUS rows of the Child's bill in one currency: one per day × account × service × charge
 * category, plus one Tax row (on the month's first day) for the Child's tax rate. Their
 * `billedCost` adds up to {@link buildInvoice}'s total for the same rows and rate.
 */
export function invoiceCostRows(
  rows: readonly PlacedBillRow[],
  currency: string,
  month: string,
  taxRatePercent: string = "0",
): InvoiceCostRow[] {
  const groups = new Map<string, { row: Omit<InvoiceCostRow, "billedCost">; amounts: Money[] }>();
  const rebilled: Money[] = [];
  for (const row of rows) {
    if (row.currency !== currency) continue;
    const chargeCategory = FOCUS_CATEGORY[row.chargeClass] ?? "Usage";
    if (!["TAX", "CREDIT", "REFUND"].includes(row.chargeClass)) rebilled.push(row.billedCost);
    addCost(
      groups,
      {
        usageDate: row.usageDate,
        subAccountId: row.usageAccountId,
        serviceName: row.serviceCode,
        chargeCategory,
      },
      row.billedCost,
    );
  }
  const childTax = percentOf(sumMoney(rebilled), taxRatePercent);
  if (!isZeroMoney(childTax))
    addCost(
      groups,
      {
        usageDate: `${month}-01`,
        subAccountId: "",
        serviceName: CHILD_TAX_SERVICE,
        chargeCategory: "Tax",
      },
      childTax,
    );
  return finishCosts(groups);
}

/** The cost rows an adjustment freezes: `current` less every row already invoiced. */
export function costRowDifference(
  current: readonly InvoiceCostRow[],
  invoiced: readonly InvoiceCostRow[],
): InvoiceCostRow[] {
  const groups = new Map<string, { row: Omit<InvoiceCostRow, "billedCost">; amounts: Money[] }>();
  for (const row of current) addCost(groups, row, row.billedCost);
  for (const row of invoiced) addCost(groups, row, subtractMoney(ZERO_MONEY, row.billedCost));
  return finishCosts(groups);
}

function addCost(
  groups: Map<string, { row: Omit<InvoiceCostRow, "billedCost">; amounts: Money[] }>,
  place: Omit<InvoiceCostRow, "billedCost">,
  amount: Money,
): void {
  const { usageDate, subAccountId, serviceName, chargeCategory } = place;
  const key = JSON.stringify([usageDate, subAccountId, serviceName, chargeCategory]);
  const group = groups.get(key);
  if (group) group.amounts.push(amount);
  else
    groups.set(key, {
      row: { usageDate, subAccountId, serviceName, chargeCategory },
      amounts: [amount],
    });
}

function finishCosts(
  groups: Map<string, { row: Omit<InvoiceCostRow, "billedCost">; amounts: Money[] }>,
): InvoiceCostRow[] {
  return [...groups]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([, { row, amounts }]) => ({ ...row, billedCost: sumMoney(amounts) }))
    .filter((row) => !isZeroMoney(row.billedCost));
}

/** The number's counter has at least this many digits. */
export const INVOICE_SEQUENCE_DIGITS = 6;
export const DEFAULT_INVOICE_PREFIX = "INV";
const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,11}$/;

/** `KES-2026-000042`: the Parent's prefix, the year of issue, the Parent's gapless counter. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`bad invoice prefix ${prefix}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`bad invoice sequence ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(INVOICE_SEQUENCE_DIGITS, "0")}`;
}

/** The counter of an invoice number: its last run of digits. */
export function invoiceSequenceOf(number: string): number {
  const match = /([0-9]+)[^0-9]*$/.exec(number);
  if (!match?.[1]) throw new RangeError(`no sequence in invoice number ${number}`);
  return Number(match[1]);
}

/** The due date (`YYYY-MM-DD`, UTC) of an invoice issued at `issuedAt` with these terms. */
export function dueDateOf(issuedAt: Date, paymentTermsDays: number): string {
  const due = new Date(issuedAt.getTime() + paymentTermsDays * 86_400_000);
  return due.toISOString().slice(0, 10);
}

/** A pricing rule's description on an invoice: its name, or one made from what it does. */
export function describeRule(rule: {
  kind: string;
  name?: string | null;
  percent?: string | null;
  amount?: string | null;
}): string {
  const name = blankToNull(rule.name);
  if (name !== null) return name;
  const what = rule.kind === "CREDIT" ? "Credit" : "Fee";
  return rule.percent != null
    ? `${what}: ${rule.percent} % of usage`
    : `${what}: flat ${rule.amount}`;
}

export const PAYMENT_TERMS_MAX_DAYS = 365;
const TAX_RATE_PATTERN = /^[0-9]{1,3}(?:\.[0-9]{1,2})?$/;

export interface ParentBillingDetails {
  legalName: string | null;
  address: string | null;
  taxId: string | null;
  invoicePrefix: string;
  paymentTermsDays: number;
  invoiceNote: string | null;
}

export interface ParentBillingDetailsDraft {
  legalName?: string | null;
  address?: string | null;
  taxId?: string | null;
  invoicePrefix?: string | null;
  paymentTermsDays?: number | null;
  invoiceNote?: string | null;
}

export interface ChildBillingDetails {
  billingEmail: string | null;
  address: string | null;
  taxId: string | null;
  poNumber: string | null;
  taxRatePercent: string;
}

export interface ChildBillingDetailsDraft {
  billingEmail?: string | null;
  address?: string | null;
  taxId?: string | null;
  poNumber?: string | null;
  taxRatePercent?: string | null;
}

export const DEFAULT_PARENT_BILLING: ParentBillingDetails = {
  legalName: null,
  address: null,
  taxId: null,
  invoicePrefix: DEFAULT_INVOICE_PREFIX,
  paymentTermsDays: 30,
  invoiceNote: null,
};

export const DEFAULT_CHILD_BILLING: ChildBillingDetails = {
  billingEmail: null,
  address: null,
  taxId: null,
  poNumber: null,
  taxRatePercent: "0.00",
};

// Optional text: blank is null; otherwise at most `max` characters without control characters
// (an address keeps its line breaks).
function optionalText(
  raw: string | null | undefined,
  field: string,
  max: number,
  multiline = false,
): Result<string | null, DomainError> {
  const text = blankToNull(raw);
  if (text === null) return ok(null);
  if (!multiline) return requireText(text, field, max);
  const lines = text.trim().split(/\r?\n/);
  const checked: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    const one = requireText(line, field, max);
    if (!one.ok) return one;
    checked.push(one.value);
  }
  const joined = checked.join("\n");
  if (Array.from(joined).length > max)
    return err(
      domainError("VALUE_TOO_LONG", `${field} must be at most ${max} characters long`, {
        field,
        value: shownValue(joined),
      }),
    );
  return ok(joined);
}

/** Validates a Parent's billing details; each failure names its field under `field`. */
export function validateParentBillingDetails(
  draft: ParentBillingDetailsDraft,
  field: string,
): Result<ParentBillingDetails, DomainError> {
  const legalName = optionalText(draft.legalName, `${field}.legalName`, 200);
  if (!legalName.ok) return legalName;
  const address = optionalText(draft.address, `${field}.address`, 500, true);
  if (!address.ok) return address;
  const taxId = optionalText(draft.taxId, `${field}.taxId`, 64);
  if (!taxId.ok) return taxId;
  const prefix = blankToNull(draft.invoicePrefix)?.trim() ?? DEFAULT_INVOICE_PREFIX;
  if (!PREFIX_PATTERN.test(prefix))
    return err(
      domainError(
        "VALUE_INVALID",
        `${field}.invoicePrefix must be 1 to 12 capital letters or digits starting with a letter, like "KES", got ${JSON.stringify(shownValue(prefix))}`,
        { field: `${field}.invoicePrefix`, value: shownValue(prefix) },
      ),
    );
  const days = draft.paymentTermsDays ?? DEFAULT_PARENT_BILLING.paymentTermsDays;
  if (!Number.isSafeInteger(days) || days < 0 || days > PAYMENT_TERMS_MAX_DAYS)
    return err(
      domainError(
        "VALUE_INVALID",
        `${field}.paymentTermsDays must be a whole number of days from 0 to ${PAYMENT_TERMS_MAX_DAYS}`,
        { field: `${field}.paymentTermsDays`, value: Number.isFinite(days) ? days : String(days) },
      ),
    );
  const invoiceNote = optionalText(draft.invoiceNote, `${field}.invoiceNote`, 1000, true);
  if (!invoiceNote.ok) return invoiceNote;
  return ok({
    legalName: legalName.value,
    address: address.value,
    taxId: taxId.value,
    invoicePrefix: prefix,
    paymentTermsDays: days,
    invoiceNote: invoiceNote.value,
  });
}

/** Validates a Child's billing details; each failure names its field under `field`. */
export function validateChildBillingDetails(
  draft: ChildBillingDetailsDraft,
  field: string,
): Result<ChildBillingDetails, DomainError> {
  let billingEmail: string | null = null;
  if (blankToNull(draft.billingEmail) !== null) {
    const email = parseEmail(draft.billingEmail, `${field}.billingEmail`);
    if (!email.ok) return email;
    billingEmail = email.value;
  }
  const address = optionalText(draft.address, `${field}.address`, 500, true);
  if (!address.ok) return address;
  const taxId = optionalText(draft.taxId, `${field}.taxId`, 64);
  if (!taxId.ok) return taxId;
  const poNumber = optionalText(draft.poNumber, `${field}.poNumber`, 64);
  if (!poNumber.ok) return poNumber;
  const rate = blankToNull(draft.taxRatePercent)?.trim() ?? "0";
  if (!TAX_RATE_PATTERN.test(rate) || compareMoney(toMoney(rate), toMoney("100")) > 0)
    return err(
      domainError(
        "PERCENT_INVALID",
        `${field}.taxRatePercent must be a percentage from 0 to 100 with at most two decimals, like "20.00", got ${JSON.stringify(shownValue(rate))}`,
        { field: `${field}.taxRatePercent`, value: shownValue(rate) },
      ),
    );
  return ok({
    billingEmail,
    address: address.value,
    taxId: taxId.value,
    poNumber: poNumber.value,
    taxRatePercent: roundCurrency(toMoney(rate)),
  });
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return compareText(a[0], b[0]);
}

// Code-unit order: deterministic, unlike localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
