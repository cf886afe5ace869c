import { shownValue } from "../error-helpers.js";
import { domainError, type DomainError } from "../errors.js";
import { assertUnreachable, err, ok, type Result } from "../result.js";
import { blankToNull, requireText } from "../validation.js";
import {
  compareMoney,
  percentOf,
  roundCurrency,
  subtractMoney,
  sumMoney,
  toMoney,
  ZERO_MONEY,
  type Money,
} from "./money.js";
import {
  checkedUnits,
  formatMoneyUnits,
  percentOfUnits,
  percentUnits,
  sumUnits,
} from "./money-units.js";
import { assertBillingMonth, isBillingMonth } from "./month.js";

/**
 * What a pricing rule does to a Child's bill:
 * - `MARKUP` / `DISCOUNT`: `percent` up or down on usage, globally or for one `serviceCode`;
 * - `FEE` / `CREDIT`: a line added to the month, a flat `amount` or a `percent` of the Child's
 *   priced cost;
 * - `BASIS`: the cost the Child's price starts from (`basis`).
 */
export type PricingRuleKind = "MARKUP" | "DISCOUNT" | "FEE" | "CREDIT" | "BASIS";

export const PRICING_RULE_KINDS: readonly PricingRuleKind[] = [
  "MARKUP",
  "DISCOUNT",
  "FEE",
  "CREDIT",
  "BASIS",
];

/**
 * The cost a Child's price starts from: `UNBLENDED` (what the Parent pays, including its Reserved
 * Instance and Savings Plans benefits) or `LIST` (public on-demand cost, which removes those
 * benefits, like CloudCheckr's List Cost).
 */
export type CostBasis = "UNBLENDED" | "LIST";

export const COST_BASES: readonly CostBasis[] = ["UNBLENDED", "LIST"];

/** Highest percentage per kind: a discount or credit above 100 % would bill less than nothing. */
export const PERCENT_MAX: Readonly<Record<"MARKUP" | "DISCOUNT" | "FEE" | "CREDIT", string>> = {
  MARKUP: "1000",
  DISCOUNT: "100",
  FEE: "1000",
  CREDIT: "100",
};

/** Rules are applied in ascending `order`, 0..1,000,000 (ties by id). */
export const RULE_ORDER_MAX = 1_000_000;

export const SERVICE_CODE_MAX_LENGTH = 128;

/**
 * One of the Parent's customizations, for one Child partner or as the Parent-wide default. It
 * applies to the billing months `effectiveFrom` ..`effectiveTo` (inclusive; null: open-ended).
 * {@link validatePricingRule} guarantees the shape per kind: `percent` (two decimals, e.g.
 * `"12.50"`) for `MARKUP` and `DISCOUNT`, which may name a `serviceCode`; exactly one of `percent`
 * and `amount` (flat, two decimals, > 0, in the bill's currency) for `FEE` and `CREDIT`; `basis`
 * for `BASIS`; every other field null.
 */
export interface PricingRule {
  id: string;
  order: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  kind: PricingRuleKind;
  percent?: string | null;
  amount?: string | null;
  serviceCode?: string | null;
  basis?: CostBasis | null;
  /** What an invoice calls the line of a FEE or CREDIT rule; null: a description made from it. */
  name?: string | null;
}

/** A validated rule without its id (which the store assigns), every field present. */
export interface PricingRuleSpec {
  order: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  kind: PricingRuleKind;
  percent: string | null;
  amount: string | null;
  serviceCode: string | null;
  basis: CostBasis | null;
  name: string | null;
}

/** A pricing rule as submitted; blank optional strings count as absent. */
export interface PricingRuleDraft {
  order: number;
  effectiveFrom: string;
  effectiveTo?: string | null;
  kind: string;
  percent?: string | null;
  amount?: string | null;
  serviceCode?: string | null;
  basis?: string | null;
  name?: string | null;
}

/** A rule's name is optional text of at most this many characters. */
export const RULE_NAME_MAX_LENGTH = 120;

const OPTIONAL_FIELDS = ["percent", "amount", "serviceCode", "basis"] as const;
type OptionalField = (typeof OPTIONAL_FIELDS)[number];

const ALLOWED_FIELDS: Readonly<Record<PricingRuleKind, readonly OptionalField[]>> = {
  MARKUP: ["percent", "serviceCode"],
  DISCOUNT: ["percent", "serviceCode"],
  FEE: ["percent", "amount"],
  CREDIT: ["percent", "amount"],
  BASIS: ["basis"],
};

// Non-negative, at most two decimals; the length cap keeps values far inside Money's range.
const TWO_DECIMALS_PATTERN = /^[0-9]{1,12}(?:\.[0-9]{1,2})?$/;

/**
 * Validates a pricing rule to create, or to replace `previous`. Checks run in this order and the
 * first failure is returned, its `field` under `field` (e.g. `input.percent`):
 * - `kind` one of {@link PRICING_RULE_KINDS}, `basis` one of {@link COST_BASES}, `order` an integer
 *   in 0..{@link RULE_ORDER_MAX} (`VALUE_INVALID`);
 * - months `"YYYY-MM"` (`VALUE_REQUIRED`, `MONTH_INVALID`), from ≤ to (`MONTH_RANGE_INVALID`);
 * - a field the kind does not use (`RULE_FIELD_NOT_ALLOWED`), a missing one (`VALUE_REQUIRED`),
 *   both or neither of amount and percent on a fee or credit (`AMOUNT_XOR_PERCENT`);
 * - percent ≥ 0 with at most two decimals (`PERCENT_INVALID`) and at most
 *   {@link PERCENT_MAX} (`PERCENT_OUT_OF_RANGE`); amount > 0 with at most two decimals
 *   (`AMOUNT_INVALID`); service code text (`VALUE_TOO_LONG`, `VALUE_INVALID`);
 * - locked months (`MONTH_LOCKED`, a conflict naming the month): the change may not alter what
 *   applies in any locked month. Creating a rule that covers one is refused; so is changing such a
 *   rule's price, kind or order. Ending an open rule after the last locked month is allowed, which
 *   is how a locked rule is replaced from a later month on.
 *
 * Percent and amount come back with exactly two decimals (`"5"` → `"5.00"`).
 */
export function validatePricingRule(
  draft: PricingRuleDraft,
  field: string,
  lockedMonths: readonly string[],
  previous: PricingRule | null = null,
): Result<PricingRuleSpec, DomainError> {
  const kind = draft.kind;
  if (!isRuleKind(kind)) {
    return err(
      domainError(
        "VALUE_INVALID",
        `${field}.kind must be one of ${PRICING_RULE_KINDS.join(", ")}, got ${JSON.stringify(shownValue(kind))}`,
        { field: `${field}.kind`, value: shownValue(kind) },
      ),
    );
  }
  const order = draft.order;
  if (!Number.isSafeInteger(order) || order < 0 || order > RULE_ORDER_MAX) {
    return err(
      domainError(
        "VALUE_INVALID",
        `${field}.order must be a whole number from 0 to ${RULE_ORDER_MAX}`,
        { field: `${field}.order`, value: Number.isFinite(order) ? order : shownValue(order) },
      ),
    );
  }

  const from = parseMonth(draft.effectiveFrom, `${field}.effectiveFrom`);
  if (!from.ok) return from;
  if (from.value === null) {
    return err(
      domainError("VALUE_REQUIRED", `${field}.effectiveFrom is required`, {
        field: `${field}.effectiveFrom`,
      }),
    );
  }
  const to = parseMonth(draft.effectiveTo, `${field}.effectiveTo`);
  if (!to.ok) return to;
  if (to.value !== null && to.value < from.value) {
    return err(
      domainError(
        "MONTH_RANGE_INVALID",
        `${field}.effectiveTo ${to.value} is before ${field}.effectiveFrom ${from.value}`,
        { field: `${field}.effectiveTo`, value: to.value },
      ),
    );
  }

  const raw: Record<OptionalField, string | null> = {
    percent: blankToNull(draft.percent),
    amount: blankToNull(draft.amount),
    serviceCode: blankToNull(draft.serviceCode),
    basis: blankToNull(draft.basis),
  };
  for (const name of OPTIONAL_FIELDS) {
    if (raw[name] !== null && !ALLOWED_FIELDS[kind].includes(name)) {
      return err(
        domainError("RULE_FIELD_NOT_ALLOWED", `${field}.${name} is not used by a ${kind} rule`, {
          field: `${field}.${name}`,
          value: shownValue(raw[name]),
        }),
      );
    }
  }

  const spec: PricingRuleSpec = {
    order,
    effectiveFrom: from.value,
    effectiveTo: to.value,
    kind,
    percent: null,
    amount: null,
    serviceCode: null,
    basis: null,
    name: null,
  };
  const name = blankToNull(draft.name);
  if (name !== null) {
    const text = requireText(name, `${field}.name`, RULE_NAME_MAX_LENGTH);
    if (!text.ok) return text;
    spec.name = text.value;
  }
  switch (kind) {
    case "MARKUP":
    case "DISCOUNT": {
      const percent = parsePercent(raw.percent, kind, `${field}.percent`);
      if (!percent.ok) return percent;
      spec.percent = percent.value;
      if (raw.serviceCode !== null) {
        const serviceCode = requireText(
          raw.serviceCode,
          `${field}.serviceCode`,
          SERVICE_CODE_MAX_LENGTH,
        );
        if (!serviceCode.ok) return serviceCode;
        spec.serviceCode = serviceCode.value;
      }
      break;
    }
    case "FEE":
    case "CREDIT": {
      if ((raw.amount === null) === (raw.percent === null)) {
        return err(
          domainError(
            "AMOUNT_XOR_PERCENT",
            `A ${kind} rule takes either ${field}.amount or ${field}.percent, not ${raw.amount === null ? "neither" : "both"}`,
            { field: `${field}.amount` },
          ),
        );
      }
      if (raw.percent !== null) {
        const percent = parsePercent(raw.percent, kind, `${field}.percent`);
        if (!percent.ok) return percent;
        spec.percent = percent.value;
      } else {
        const amount = parseAmount(raw.amount, `${field}.amount`);
        if (!amount.ok) return amount;
        spec.amount = amount.value;
      }
      break;
    }
    case "BASIS": {
      const basis = raw.basis;
      if (basis === null) {
        return err(
          domainError("VALUE_REQUIRED", `${field}.basis is required for a BASIS rule`, {
            field: `${field}.basis`,
          }),
        );
      }
      if (!isCostBasis(basis)) {
        return err(
          domainError(
            "VALUE_INVALID",
            `${field}.basis must be one of ${COST_BASES.join(", ")}, got ${JSON.stringify(shownValue(basis))}`,
            { field: `${field}.basis`, value: shownValue(basis) },
          ),
        );
      }
      spec.basis = basis;
      break;
    }
    default:
      return assertUnreachable(kind);
  }

  const locked = lockedMonthConflict(spec, previous, lockedMonths, field);
  return locked === null ? ok(spec) : err(locked);
}

/**
 * A rule may be deleted only when it applies to no locked month (`MONTH_LOCKED`, naming the first
 * such month); end it instead with {@link validatePricingRule}.
 */
export function checkRuleDeletable(
  rule: PricingRule,
  lockedMonths: readonly string[],
  field: string,
): Result<PricingRule, DomainError> {
  const locked = lockedMonthConflict(null, rule, lockedMonths, field);
  return locked === null ? ok(rule) : err(locked);
}

/** True when the rule applies to `month` (its range is inclusive at both ends). */
export function isRuleEffective(
  rule: Pick<PricingRule, "effectiveFrom" | "effectiveTo">,
  month: string,
): boolean {
  return rule.effectiveFrom <= month && (rule.effectiveTo === null || month <= rule.effectiveTo);
}

/**
 * The rules that price a Child's `month`, in application order (`order`, then id). The Child's
 * own rules replace the Parent-wide default entirely in a month where any of them is effective;
 * the default is not merged in, so a Child with its own markup is not also charged the default
 * fee. In other months the Child gets the default.
 */
export function rulesFor<R extends PricingRule>(
  childRules: readonly R[],
  parentDefaultRules: readonly R[],
  month: string,
): R[] {
  assertBillingMonth(month, "rulesFor");
  const own = childRules.filter((rule) => isRuleEffective(rule, month));
  const chosen = own.length > 0 ? own : parentDefaultRules.filter((r) => isRuleEffective(r, month));
  return sortRules(chosen);
}

/** Rules in application order: ascending `order`, ties by id (numeric ids by value). */
export function sortRules<R extends Pick<PricingRule, "id" | "order">>(rules: readonly R[]): R[] {
  return [...rules].sort((a, b) => a.order - b.order || compareIds(a.id, b.id));
}

/**
 * One aggregated cost row of a Child's month. `lineItemType` is the CUR `lineItem/LineItemType` or
 * the FOCUS `ChargeCategory`; amounts are exact decimal strings.
 */
export interface CostLine {
  serviceCode: string;
  usageAccountId: string;
  usageDate: string;
  lineItemType: string;
  currency: string;
  unblendedCost: Money;
  listCost: Money;
}

/**
 * How a line is billed: `USAGE` is priced by the rules; `FEE` (AWS's commitment and other fees) is
 * billed at its basis cost without markup or discount; `TAX`, `CREDIT` and `REFUND` are passed
 * through unchanged and kept apart.
 */
export type LineItemClass = "USAGE" | "FEE" | "TAX" | "CREDIT" | "REFUND";

const LINE_ITEM_CLASSES: ReadonlyMap<string, LineItemClass> = new Map<string, LineItemClass>([
  // CUR legacy and CUR 2.0 lineItem/LineItemType.
  ["Usage", "USAGE"],
  ["DiscountedUsage", "USAGE"],
  ["SavingsPlanCoveredUsage", "USAGE"],
  ["SavingsPlanNegation", "USAGE"],
  ["BundledDiscount", "USAGE"],
  ["SavingsPlanRecurringFee", "FEE"],
  ["SavingsPlanUpfrontFee", "FEE"],
  ["RIFee", "FEE"],
  ["Fee", "FEE"],
  ["Tax", "TAX"],
  ["Credit", "CREDIT"],
  ["Refund", "REFUND"],
  // FOCUS ChargeCategory ("Usage", "Tax" and "Credit" as above); an adjustment corrects an
  // earlier charge, as a refund does.
  ["Purchase", "FEE"],
  ["Adjustment", "REFUND"],
]);

/** The suffix the collector gives a FOCUS charge whose ChargeClass is "Correction". */
export const CORRECTION_SUFFIX = ":Correction";

/** Every line item type {@link classifyLineItemType} knows, FOCUS corrections included. */
export const KNOWN_LINE_ITEM_TYPES: readonly string[] = [...LINE_ITEM_CLASSES.keys()].flatMap(
  (type) => [type, `${type}${CORRECTION_SUFFIX}`],
);

/**
 * The class of a CUR line item type or FOCUS charge category (exact spelling), or null when it is
 * not known; {@link priceMonth} treats unknown types as usage and reports them. A FOCUS correction
 * ("Usage:Correction") is of the class of the charge it corrects.
 */
export function classifyLineItemType(lineItemType: string): LineItemClass | null {
  const corrected = lineItemType.endsWith(CORRECTION_SUFFIX)
    ? lineItemType.slice(0, -CORRECTION_SUFFIX.length)
    : lineItemType;
  return LINE_ITEM_CLASSES.get(corrected) ?? null;
}

/** A Child's usage and AWS fees for one (service, usage account, day). */
export interface PricedLine {
  serviceCode: string;
  usageAccountId: string;
  usageDate: string;
  /** The Parent's cost: the unblended cost. Never shown to the Child. */
  baseCost: Money;
  /** What the Child is charged. */
  billedCost: Money;
}

/** Tax, AWS credits and refunds, passed through at their unblended amount. */
export interface PassThroughLine {
  class: "TAX" | "CREDIT" | "REFUND";
  serviceCode: string;
  usageAccountId: string;
  usageDate: string;
  amount: Money;
}

/** A line the Parent's FEE or CREDIT rule adds to the month; credits are negative. */
export interface AdjustmentLine {
  ruleId: string;
  kind: "FEE" | "CREDIT";
  /** Null for a flat amount. */
  percent: string | null;
  amount: Money;
}

/** A Child's month, exact to COST_SCALE (12) decimals; round for an invoice with `roundCurrency`. */
export interface PricedMonthTotals {
  /** The Parent's cost of the priced lines. */
  base: Money;
  /** The priced lines as billed (after basis, markups and discounts): the base of % fees. */
  priced: Money;
  /** The Parent's FEE rules (≥ 0). */
  fees: Money;
  /** The Parent's CREDIT rules (≤ 0). */
  ruleCredits: Money;
  /** `priced + fees + ruleCredits`. */
  billed: Money;
  /** `billed − base`. */
  margin: Money;
  tax: Money;
  /** AWS credits passed through (usually ≤ 0). */
  credits: Money;
  refunds: Money;
  /** What the Child owes: `billed + tax + credits + refunds`. */
  total: Money;
}

export interface PricedMonth {
  month: string;
  currency: string;
  basis: CostBasis;
  /** Sorted by day, service, usage account; they sum to `totals.base` and `totals.priced`. */
  lines: PricedLine[];
  /** Sorted by class, day, service, usage account. */
  passThrough: PassThroughLine[];
  /** In rule order. */
  adjustments: AdjustmentLine[];
  totals: PricedMonthTotals;
  /** Line item types not known to {@link classifyLineItemType}, sorted; priced as usage. */
  unknownLineItemTypes: string[];
}

export interface PriceMonthOptions {
  /**
   * The bill's currency; every line must be in it. Default: the lines' only currency, or `USD`
   * for a month without lines (flat fees still apply).
   */
  currency?: string;
}

interface LineGroup {
  serviceCode: string;
  usageAccountId: string;
  usageDate: string;
  usage: Money[];
  fees: Money[];
  base: Money[];
}

interface PassThroughGroup {
  class: PassThroughLine["class"];
  serviceCode: string;
  usageAccountId: string;
  usageDate: string;
  amounts: Money[];
}

/**
 * Prices a Child's `month` from its cost lines (already allocated to the Child, of that billing
 * period) and its rules; rules not effective in `month` are ignored, the rest applied in
 * {@link sortRules} order:
 * 1. Basis: the last `BASIS` rule picks unblended or list cost (default `UNBLENDED`).
 * 2. Per (service, usage account, day), the usage lines' basis cost goes through each `MARKUP` and
 *    `DISCOUNT` in turn, compounding: every step multiplies the previous step's result
 *    (+10 % then −10 % gives 99 %), rounded half-up to COST_SCALE (12) decimals. A rule with a service code
 *    touches that service only. AWS fee lines are added at their basis cost, unchanged.
 * 3. `FEE` and `CREDIT` rules each add one line: the flat amount, or their percent of the priced
 *    cost (the sum of step 2, counted as zero when negative; fees do not compound on each other).
 * 4. Tax, credits and refunds are passed through at their unblended amount, outside `billed`.
 *
 * One bill has one currency: lines in more than one (or not in `options.currency`) fail with
 * `CURRENCY_MIXED`, since neither a flat fee nor a total can be split across currencies.
 */
export function priceMonth(
  lines: readonly CostLine[],
  rules: readonly PricingRule[],
  month: string,
  options: PriceMonthOptions = {},
): Result<PricedMonth, DomainError> {
  assertBillingMonth(month, "priceMonth");
  const currency = billCurrency(lines, options.currency);
  if (!currency.ok) return currency;

  const effective = sortRules(rules.filter((rule) => isRuleEffective(rule, month)));
  let basis: CostBasis = "UNBLENDED";
  for (const rule of effective) {
    if (rule.kind === "BASIS") basis = requireField(rule, "basis");
  }

  const groups = new Map<string, LineGroup>();
  const passGroups = new Map<string, PassThroughGroup>();
  const unknownTypes = new Set<string>();
  for (const line of lines) {
    let lineClass = classifyLineItemType(line.lineItemType);
    if (lineClass === null) {
      unknownTypes.add(line.lineItemType);
      lineClass = "USAGE";
    }
    const { serviceCode, usageAccountId, usageDate } = line;
    switch (lineClass) {
      case "USAGE":
      case "FEE": {
        const key = JSON.stringify([usageDate, serviceCode, usageAccountId]);
        let group = groups.get(key);
        if (group === undefined) {
          group = { serviceCode, usageAccountId, usageDate, usage: [], fees: [], base: [] };
          groups.set(key, group);
        }
        const basisCost = basis === "LIST" ? line.listCost : line.unblendedCost;
        (lineClass === "USAGE" ? group.usage : group.fees).push(basisCost);
        group.base.push(line.unblendedCost);
        break;
      }
      case "TAX":
      case "CREDIT":
      case "REFUND": {
        const key = JSON.stringify([lineClass, usageDate, serviceCode, usageAccountId]);
        let group = passGroups.get(key);
        if (group === undefined) {
          group = { class: lineClass, serviceCode, usageAccountId, usageDate, amounts: [] };
          passGroups.set(key, group);
        }
        group.amounts.push(line.unblendedCost);
        break;
      }
      default:
        return assertUnreachable(lineClass);
    }
  }

  // A line's arithmetic stays in integer units and is formatted once: this loop runs for every
  // (day, service, account) of every Child's month.
  const priceRules = effective
    .filter((r) => r.kind === "MARKUP" || r.kind === "DISCOUNT")
    .map((rule) => ({
      serviceCode: rule.serviceCode ?? null,
      sign: rule.kind === "MARKUP" ? 1n : -1n,
      percent: percentUnits(requireField(rule, "percent")),
    }));
  let baseUnits = 0n;
  let pricedUnits = 0n;
  const pricedLines: PricedLine[] = [...groups.values()].sort(compareLinePlaces).map((group) => {
    let usage = sumUnits(group.usage);
    for (const rule of priceRules) {
      if (rule.serviceCode !== null && rule.serviceCode !== group.serviceCode) continue;
      usage = checkedUnits(usage + rule.sign * percentOfUnits(usage, rule.percent));
    }
    const lineBase = sumUnits(group.base);
    const lineBilled = checkedUnits(usage + sumUnits(group.fees));
    baseUnits = checkedUnits(baseUnits + lineBase);
    pricedUnits = checkedUnits(pricedUnits + lineBilled);
    return {
      serviceCode: group.serviceCode,
      usageAccountId: group.usageAccountId,
      usageDate: group.usageDate,
      baseCost: formatMoneyUnits(lineBase),
      billedCost: formatMoneyUnits(lineBilled),
    };
  });
  const passThrough: PassThroughLine[] = [...passGroups.values()]
    .sort((a, b) => compareText(a.class, b.class) || compareLinePlaces(a, b))
    .map((group) => ({
      class: group.class,
      serviceCode: group.serviceCode,
      usageAccountId: group.usageAccountId,
      usageDate: group.usageDate,
      amount: sumMoney(group.amounts),
    }));

  const base = formatMoneyUnits(baseUnits);
  const priced = formatMoneyUnits(pricedUnits);
  const percentBase = compareMoney(priced, ZERO_MONEY) > 0 ? priced : ZERO_MONEY;
  const adjustments: AdjustmentLine[] = [];
  for (const rule of effective) {
    if (rule.kind !== "FEE" && rule.kind !== "CREDIT") continue;
    const percent = rule.percent ?? null;
    const magnitude =
      percent !== null ? percentOf(percentBase, percent) : toMoney(requireField(rule, "amount"));
    adjustments.push({
      ruleId: rule.id,
      kind: rule.kind,
      percent,
      amount: rule.kind === "FEE" ? magnitude : subtractMoney(ZERO_MONEY, magnitude),
    });
  }

  const fees = sumMoney(adjustments.filter((a) => a.kind === "FEE").map((a) => a.amount));
  const ruleCredits = sumMoney(adjustments.filter((a) => a.kind === "CREDIT").map((a) => a.amount));
  const billed = sumMoney([priced, fees, ruleCredits]);
  const passTotal = (cls: PassThroughLine["class"]) =>
    sumMoney(passThrough.filter((line) => line.class === cls).map((line) => line.amount));
  const tax = passTotal("TAX");
  const credits = passTotal("CREDIT");
  const refunds = passTotal("REFUND");

  return ok({
    month,
    currency: currency.value,
    basis,
    lines: pricedLines,
    passThrough,
    adjustments,
    totals: {
      base,
      priced,
      fees,
      ruleCredits,
      billed,
      margin: subtractMoney(billed, base),
      tax,
      credits,
      refunds,
      total: sumMoney([billed, tax, credits, refunds]),
    },
    unknownLineItemTypes: [...unknownTypes].sort(compareText),
  });
}

function billCurrency(
  lines: readonly CostLine[],
  given: string | undefined,
): Result<string, DomainError> {
  const currencies = new Set(lines.map((line) => line.currency));
  if (given !== undefined) currencies.add(given);
  if (currencies.size > 1) {
    const list = [...currencies].sort(compareText).join(",");
    return err(
      domainError(
        "CURRENCY_MIXED",
        `A bill has one currency; the cost lines are in ${list}${given === undefined ? "" : ` and the bill in ${given}`}`,
        { value: list, details: { currencies: list } },
      ),
    );
  }
  return ok([...currencies][0] ?? "USD");
}

function parseMonth(
  raw: string | null | undefined,
  field: string,
): Result<string | null, DomainError> {
  const text = blankToNull(raw);
  if (text === null) return ok(null);
  const month = text.trim();
  if (isBillingMonth(month)) return ok(month);
  const value = shownValue(month);
  return err(
    domainError(
      "MONTH_INVALID",
      `${field} must be a month like "2024-03", got ${JSON.stringify(value)}`,
      { field, value },
    ),
  );
}

function parsePercent(
  raw: string | null,
  kind: keyof typeof PERCENT_MAX,
  field: string,
): Result<string, DomainError> {
  if (raw === null) {
    return err(domainError("VALUE_REQUIRED", `${field} is required for a ${kind} rule`, { field }));
  }
  const text = raw.trim();
  if (!TWO_DECIMALS_PATTERN.test(text)) {
    const value = shownValue(text);
    return err(
      domainError(
        "PERCENT_INVALID",
        `${field} must be a percentage ≥ 0 with at most two decimals, like "12.50", got ${JSON.stringify(value)}`,
        { field, value },
      ),
    );
  }
  const percent = roundCurrency(toMoney(text));
  if (compareMoney(toMoney(percent), toMoney(PERCENT_MAX[kind])) > 0) {
    return err(
      domainError(
        "PERCENT_OUT_OF_RANGE",
        `${field} of a ${kind} rule may be at most ${PERCENT_MAX[kind]} %, got ${percent}`,
        { field, value: percent },
      ),
    );
  }
  return ok(percent);
}

function parseAmount(raw: string | null, field: string): Result<string, DomainError> {
  const text = (raw ?? "").trim();
  const valid = TWO_DECIMALS_PATTERN.test(text) && compareMoney(toMoney(text), ZERO_MONEY) > 0;
  if (valid) return ok(roundCurrency(toMoney(text)));
  const value = shownValue(text);
  return err(
    domainError(
      "AMOUNT_INVALID",
      `${field} must be an amount > 0 with at most two decimals, like "250.00", got ${JSON.stringify(value)}`,
      { field, value },
    ),
  );
}

// The fields that change a month's price; `effectiveFrom`/`To` only decide which months.
const PRICE_FIELDS = ["kind", "order", "percent", "amount", "serviceCode", "basis"] as const;

/** The first locked month whose pricing `next` changes compared with `previous` (null: none). */
function lockedMonthConflict(
  next: PricingRuleSpec | null,
  previous: PricingRule | null,
  lockedMonths: readonly string[],
  field: string,
): DomainError | null {
  for (const month of [...lockedMonths].sort(compareText)) {
    assertBillingMonth(month, "lockedMonths");
    const before = previous !== null && isRuleEffective(previous, month);
    const after = next !== null && isRuleEffective(next, month);
    if (!before && !after) continue;
    let changed: string | null = null;
    if (next === null) changed = field;
    else if (previous === null || before !== after) {
      const fromMoved =
        month < next.effectiveFrom || (previous !== null && month < previous.effectiveFrom);
      changed = `${field}.${fromMoved || previous === null ? "effectiveFrom" : "effectiveTo"}`;
    } else {
      const differs = PRICE_FIELDS.find((name) => (previous[name] ?? null) !== next[name]);
      if (differs !== undefined) changed = `${field}.${differs}`;
    }
    if (changed === null) continue;
    return domainError(
      "MONTH_LOCKED",
      `Billing month ${month} is locked; a pricing rule that applies to it cannot be ${next === null ? "deleted" : previous === null ? "created" : "changed"}`,
      { field: changed, value: month, details: { month } },
    );
  }
  return null;
}

// A stored rule missing the field its kind requires is a broken invariant, not user input.
function requireField<F extends "percent" | "amount" | "basis">(
  rule: PricingRule,
  name: F,
): NonNullable<PricingRule[F]> {
  const value = rule[name];
  if (value === null || value === undefined) {
    throw new Error(`Pricing rule ${rule.id} (${rule.kind}) has no ${name}`);
  }
  return value;
}

function isRuleKind(raw: unknown): raw is PricingRuleKind {
  return typeof raw === "string" && (PRICING_RULE_KINDS as readonly string[]).includes(raw);
}

function isCostBasis(raw: string): raw is CostBasis {
  return (COST_BASES as readonly string[]).includes(raw);
}

function compareIds(a: string, b: string): number {
  const numeric = /^[0-9]+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length - b.length;
  return compareText(a, b);
}

type LinePlace = Pick<PricedLine, "usageDate" | "serviceCode" | "usageAccountId">;

function compareLinePlaces(a: LinePlace, b: LinePlace): number {
  return (
    compareText(a.usageDate, b.usageDate) ||
    compareText(a.serviceCode, b.serviceCode) ||
    compareText(a.usageAccountId, b.usageAccountId)
  );
}

// Code-unit order: deterministic, unlike localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
