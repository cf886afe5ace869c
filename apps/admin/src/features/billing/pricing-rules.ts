import {
  type CostBasis,
  type PricingRuleFieldsFragment,
  type PricingRuleInput,
  type PricingRuleKind,
} from "../../generated/graphql";
import { formatAmount } from "./money";

export type PricingRuleRow = PricingRuleFieldsFragment;

export const RULE_KINDS: readonly { kind: PricingRuleKind; label: string; help: string }[] = [
  { kind: "MARKUP", label: "Markup", help: "A premium: + percent on usage." },
  { kind: "DISCOUNT", label: "Discount", help: "− percent on usage." },
  { kind: "FEE", label: "Fee", help: "A monthly fee: a flat amount or a percent of usage." },
  {
    kind: "CREDIT",
    label: "Credit",
    help: "A monthly credit: a flat amount or a percent of usage.",
  },
  {
    kind: "BASIS",
    label: "Cost basis",
    help: "The cost the other rules start from: unblended, or list (on-demand) cost.",
  },
];

export const BASIS_LABELS: Record<CostBasis, string> = {
  UNBLENDED: "Unblended cost (what you pay)",
  LIST: "List cost (on-demand, without RI and Savings Plan benefits)",
};

export const kindLabel = (kind: PricingRuleKind): string =>
  RULE_KINDS.find((entry) => entry.kind === kind)?.label ?? kind;

/** What a rule does, in a few words: "+10.00 % on AmazonEC2", "Fee of 250.00 per month". */
export function describeRule(rule: PricingRuleRow): string {
  const scope = rule.serviceCode ? `on ${rule.serviceCode}` : "on all services";
  switch (rule.kind) {
    case "MARKUP":
      return `+${rule.percent ?? "?"} % ${scope}`;
    case "DISCOUNT":
      return `−${rule.percent ?? "?"} % ${scope}`;
    case "FEE":
    case "CREDIT": {
      const what = rule.kind === "FEE" ? "Fee" : "Credit";
      return rule.amount !== null
        ? `${what} of ${formatAmount(rule.amount)} per month (bill currency)`
        : `${what} of ${rule.percent ?? "?"} % of usage per month`;
    }
    case "BASIS":
      return rule.basis ? BASIS_LABELS[rule.basis] : "Cost basis";
  }
}

export function effectiveLabel(rule: Pick<PricingRuleRow, "effectiveFrom" | "effectiveTo">) {
  return rule.effectiveTo
    ? `${rule.effectiveFrom} to ${rule.effectiveTo}`
    : `From ${rule.effectiveFrom}, open-ended`;
}

/** The dialog's fields, as typed. `childPartnerId` "" is the Parent-wide default. */
export interface PricingRuleForm {
  kind: PricingRuleKind;
  childPartnerId: string;
  /** A number once typed: Vue's v-model casts the value of an input of type number. */
  order: string | number;
  effectiveFrom: string;
  effectiveTo: string;
  chargeAs: "PERCENT" | "AMOUNT";
  percent: string;
  amount: string;
  serviceCode: string;
  basis: CostBasis;
}

export type PricingRuleField = Exclude<keyof PricingRuleForm, "chargeAs">;

export function formFor(
  rule: PricingRuleRow | null,
  defaults: { childPartnerId: string; effectiveFrom: string; order: number },
): PricingRuleForm {
  return {
    kind: rule?.kind ?? "MARKUP",
    childPartnerId: rule ? (rule.childPartnerId ?? "") : defaults.childPartnerId,
    order: String(rule?.order ?? defaults.order),
    effectiveFrom: rule?.effectiveFrom ?? defaults.effectiveFrom,
    effectiveTo: rule?.effectiveTo ?? "",
    chargeAs: rule?.amount ? "AMOUNT" : "PERCENT",
    percent: rule?.percent ?? "",
    amount: rule?.amount ? formatAmount(rule.amount).replace(/,/g, "") : "",
    serviceCode: rule?.serviceCode ?? "",
    basis: rule?.basis ?? "UNBLENDED",
  };
}

/** Which fields a kind uses: only those are sent; the API refuses the others. */
export function usesField(form: PricingRuleForm, field: PricingRuleField): boolean {
  switch (field) {
    case "percent":
      return (
        form.kind === "MARKUP" ||
        form.kind === "DISCOUNT" ||
        ((form.kind === "FEE" || form.kind === "CREDIT") && form.chargeAs === "PERCENT")
      );
    case "amount":
      return (form.kind === "FEE" || form.kind === "CREDIT") && form.chargeAs === "AMOUNT";
    case "serviceCode":
      return form.kind === "MARKUP" || form.kind === "DISCOUNT";
    case "basis":
      return form.kind === "BASIS";
    default:
      return true;
  }
}

const blankToNull = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** The mutation's input; the order is checked first by {@link orderProblem}. */
export function toPricingRuleInput(form: PricingRuleForm): PricingRuleInput {
  const optional = (field: "percent" | "amount" | "serviceCode") =>
    usesField(form, field) ? blankToNull(form[field]) : null;
  return {
    kind: form.kind,
    childPartnerId: form.childPartnerId === "" ? null : form.childPartnerId,
    order: Number(String(form.order).trim()),
    effectiveFrom: form.effectiveFrom.trim(),
    effectiveTo: blankToNull(form.effectiveTo),
    percent: optional("percent"),
    amount: optional("amount"),
    serviceCode: optional("serviceCode"),
    basis: usesField(form, "basis") ? form.basis : null,
  };
}

export function orderProblem(order: string | number): string | null {
  const text = String(order).trim();
  return /^\d{1,7}$/.test(text) && Number(text) <= 1_000_000
    ? null
    : "Enter a whole number from 0 to 1,000,000.";
}

/** The dialog field that shows an API error about `input.<name>`, if any. */
export function fieldOfApiError(apiField: string): PricingRuleField | null {
  const name = /^input\.(\w+)$/.exec(apiField)?.[1];
  const fields: readonly PricingRuleField[] = [
    "kind",
    "childPartnerId",
    "order",
    "effectiveFrom",
    "effectiveTo",
    "percent",
    "amount",
    "serviceCode",
    "basis",
  ];
  return fields.find((field) => field === name) ?? null;
}
