import { isUsageType, type LineItemType } from "./catalog.js";
import {
  AMOUNT_SCALE,
  COST_SCALE,
  formatScaled,
  formatScaledExponent,
  type BillingPlan,
  type LineItem,
} from "./line-items.js";

export type ReportFormat = "CUR_LEGACY" | "CUR2" | "FOCUS";

type Field = (item: LineItem) => string;
export type Column = readonly [header: string, field: Field];

/** A CSV field: quoted only when it has to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function money(value: bigint | null, exponent: boolean): string {
  if (value === null) return "";
  return exponent ? formatScaledExponent(value, COST_SCALE) : formatScaled(value, COST_SCALE);
}

function amount(value: bigint | null): string {
  return value === null ? "" : formatScaled(value, AMOUNT_SCALE);
}

// Every hour of the month as text, once: formatting dates per row would dominate the run time.
function hourStrings(plan: BillingPlan, style: "cur" | "cur2"): string[] {
  const out: string[] = [];
  for (let hour = 0; hour <= plan.hours; hour++) {
    const iso = new Date(plan.periodStart.getTime() + hour * 3_600_000).toISOString();
    out.push(style === "cur" ? `${iso.slice(0, 19)}Z` : iso);
  }
  return out;
}

const LEGAL_ENTITY = csvField("Amazon Web Services, Inc.");

function description(item: LineItem): string {
  switch (item.type) {
    case "Tax":
      return `Tax for product code ${item.service.code}`;
    case "Credit":
      return "AWS Credit - Promotional credits";
    case "Refund":
      return `Refund for ${item.service.code} usage`;
    case "RIFee":
      return `Reserved instance recurring fee ${item.usage.instanceType || item.usage.usageType}`;
    case "Fee":
      return `Sign up charge for subscription: ${item.service.name}`;
    default:
      return item.usage.description;
  }
}

function usageType(item: LineItem): string {
  switch (item.type) {
    case "Tax":
    case "Credit":
    case "Refund":
      return "";
    case "RIFee":
      return `HeavyUsage:${item.usage.instanceType || "m5.large"}`;
    default:
      return item.usage.usageType;
  }
}

function pricingTerm(type: LineItemType): string {
  return type === "DiscountedUsage" || type === "RIFee" ? "Reserved" : "OnDemand";
}

const isUsage = isUsageType;

interface Shared {
  start: (item: LineItem) => string;
  end: (item: LineItem) => string;
  periodStart: string;
  periodEnd: string;
}

function shared(plan: BillingPlan, style: "cur" | "cur2"): Shared {
  const hours = hourStrings(plan, style);
  const periodStart = hours[0] ?? "";
  const periodEnd = hours[hours.length - 1] ?? "";
  return {
    start: (item) => (item.hour < 0 ? periodStart : (hours[item.hour] ?? "")),
    end: (item) => (item.hour < 0 ? periodEnd : (hours[item.hour + 1] ?? "")),
    periodStart,
    periodEnd,
  };
}

/** CUR legacy: `category/Name` headers, about 60 of the columns a real report has. */
function curLegacyColumns(plan: BillingPlan): Column[] {
  const t = shared(plan, "cur");
  const payer = plan.payerAccountId;
  return [
    ["identity/LineItemId", (i) => i.id],
    ["identity/TimeInterval", (i) => `${t.start(i)}/${t.end(i)}`],
    ["bill/InvoiceId", () => plan.invoiceId],
    ["bill/InvoicingEntity", () => LEGAL_ENTITY],
    ["bill/BillingEntity", () => "AWS"],
    ["bill/BillType", () => "Anniversary"],
    ["bill/PayerAccountId", () => payer],
    ["bill/BillingPeriodStartDate", () => t.periodStart],
    ["bill/BillingPeriodEndDate", () => t.periodEnd],
    ["lineItem/UsageAccountId", (i) => i.usageAccountId],
    ["lineItem/LineItemType", (i) => i.type],
    ["lineItem/UsageStartDate", (i) => t.start(i)],
    ["lineItem/UsageEndDate", (i) => t.end(i)],
    ["lineItem/ProductCode", (i) => i.service.code],
    ["lineItem/UsageType", usageType],
    ["lineItem/Operation", (i) => (isUsage(i.type) ? i.usage.operation : "")],
    ["lineItem/AvailabilityZone", (i) => (isUsage(i.type) ? i.zone : "")],
    ["lineItem/ResourceId", (i) => (isUsage(i.type) ? i.resourceId : "")],
    ["lineItem/UsageAmount", (i) => amount(i.amount)],
    ["lineItem/NormalizationFactor", (i) => (i.usage.discountable ? "4" : "")],
    ["lineItem/NormalizedUsageAmount", (i) => (i.usage.discountable ? amount(i.amount) : "")],
    ["lineItem/CurrencyCode", () => plan.currency],
    [
      "lineItem/UnblendedRate",
      (i) => (isUsage(i.type) ? formatScaled(BigInt(i.usage.rate), 10) : ""),
    ],
    ["lineItem/UnblendedCost", (i) => money(i.unblendedCost, i.exponentNotation)],
    [
      "lineItem/BlendedRate",
      (i) => (isUsage(i.type) ? formatScaled(BigInt(i.usage.rate), 10) : ""),
    ],
    ["lineItem/BlendedCost", (i) => money(i.unblendedCost, i.exponentNotation)],
    ["lineItem/LineItemDescription", (i) => csvField(description(i))],
    ["lineItem/TaxType", (i) => (i.type === "Tax" ? "VAT" : "")],
    ["lineItem/LegalEntity", () => LEGAL_ENTITY],
    ["product/ProductName", (i) => csvField(i.service.name)],
    ["product/productFamily", (i) => csvField(i.service.family)],
    ["product/servicecode", (i) => i.service.code],
    ["product/region", (i) => i.region.code],
    ["product/location", (i) => csvField(i.region.name)],
    ["product/locationType", () => "AWS Region"],
    ["product/instanceType", (i) => i.usage.instanceType],
    ["product/operatingSystem", (i) => (i.usage.instanceType === "" ? "" : "Linux")],
    ["product/tenancy", (i) => (i.usage.instanceType === "" ? "" : "Shared")],
    ["product/usagetype", (i) => i.usage.usageType],
    ["product/operation", (i) => i.usage.operation],
    ["product/sku", (i) => i.id.slice(0, 16).toUpperCase()],
    ["pricing/RateCode", (i) => `${i.id.slice(0, 16).toUpperCase()}.JRTCKXETXF.6YS6EN2CT7`],
    ["pricing/RateId", (i) => String(parseInt(i.id.slice(16, 24), 16))],
    ["pricing/currency", () => plan.currency],
    ["pricing/publicOnDemandCost", (i) => money(i.listCost, i.exponentNotation)],
    [
      "pricing/publicOnDemandRate",
      (i) => (i.listCost === null ? "" : formatScaled(BigInt(i.usage.rate), 10)),
    ],
    ["pricing/term", (i) => pricingTerm(i.type)],
    ["pricing/unit", (i) => i.usage.unit],
    ["pricing/LeaseContractLength", (i) => (i.type === "DiscountedUsage" ? "1yr" : "")],
    ["pricing/PurchaseOption", (i) => (i.type === "DiscountedUsage" ? "No Upfront" : "")],
    ["pricing/OfferingClass", (i) => (i.type === "DiscountedUsage" ? "standard" : "")],
    ["reservation/AmortizedUpfrontCostForUsage", (i) => (i.type === "DiscountedUsage" ? "0" : "")],
    [
      "reservation/EffectiveCost",
      (i) => (i.type === "DiscountedUsage" ? money(i.effectiveCost, false) : ""),
    ],
    [
      "reservation/RecurringFeeForUsage",
      (i) => (i.type === "DiscountedUsage" ? money(i.effectiveCost, false) : ""),
    ],
    ["reservation/ReservationARN", (i) => (i.type === "DiscountedUsage" ? i.commitmentArn : "")],
    ["reservation/UnusedQuantity", (i) => (i.type === "RIFee" ? "0" : "")],
    [
      "savingsPlan/SavingsPlanARN",
      (i) => (i.type === "SavingsPlanCoveredUsage" ? i.commitmentArn : ""),
    ],
    [
      "savingsPlan/SavingsPlanRate",
      (i) =>
        i.type === "SavingsPlanCoveredUsage"
          ? formatScaled((BigInt(i.usage.rate) * 72n) / 100n, 10)
          : "",
    ],
    [
      "savingsPlan/SavingsPlanEffectiveCost",
      (i) => (i.type === "SavingsPlanCoveredUsage" ? money(i.effectiveCost, false) : ""),
    ],
    [
      "savingsPlan/UsedCommitment",
      (i) => (i.type === "SavingsPlanCoveredUsage" ? money(i.effectiveCost, false) : ""),
    ],
    [
      "resourceTags/user:Name",
      (i) => (i.resourceId === "" ? "" : `${i.team}-${i.resourceId.slice(-6)}`),
    ],
    ["resourceTags/user:Environment", (i) => i.environment],
    ["resourceTags/user:Team", (i) => i.team],
    [
      "costCategory/BusinessUnit",
      (i) => (i.team === "ml" || i.team === "data" ? "Analytics" : "Product"),
    ],
  ];
}

/** CUR 2.0: snake_case headers; tags and cost categories are JSON maps. */
function cur2Columns(plan: BillingPlan): Column[] {
  const legacy = new Map(curLegacyColumns(plan));
  const t = shared(plan, "cur2");
  const from = (header: string): Field => {
    const field = legacy.get(header);
    if (!field) throw new Error(`no CUR legacy column ${header}`);
    return field;
  };
  const snake = (header: string): string =>
    header
      .replace("/", "_")
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toLowerCase();
  const dateColumns = new Map<string, Field>([
    ["bill/BillingPeriodStartDate", () => t.periodStart],
    ["bill/BillingPeriodEndDate", () => t.periodEnd],
    ["lineItem/UsageStartDate", (i) => t.start(i)],
    ["lineItem/UsageEndDate", (i) => t.end(i)],
    ["identity/TimeInterval", (i) => `${t.start(i)}/${t.end(i)}`],
  ]);
  const columns: Column[] = [];
  for (const [header, field] of curLegacyColumns(plan)) {
    if (header.startsWith("resourceTags/") || header.startsWith("costCategory/")) continue;
    columns.push([snake(header), dateColumns.get(header) ?? field]);
  }
  const name = from("resourceTags/user:Name");
  columns.push(
    [
      "resource_tags",
      (i) =>
        csvField(
          JSON.stringify({
            user_name: name(i),
            user_environment: i.environment,
            user_team: i.team,
          }),
        ),
    ],
    [
      "cost_category",
      (i) => csvField(JSON.stringify({ business_unit: from("costCategory/BusinessUnit")(i) })),
    ],
    [
      "product",
      (i) => csvField(JSON.stringify({ region: i.region.code, product_name: i.service.name })),
    ],
  );
  return columns;
}

/** FOCUS 1.0 columns, as AWS's FOCUS export writes them (with its x_ServiceCode extension). */
function focusColumns(plan: BillingPlan): Column[] {
  const t = shared(plan, "cur");
  const category = (type: LineItemType): string => {
    switch (type) {
      case "Tax":
        return "Tax";
      case "Credit":
      case "Refund":
        return "Credit";
      case "RIFee":
      case "Fee":
        return "Purchase";
      default:
        return "Usage";
    }
  };
  const commitment = (i: LineItem): boolean =>
    i.type === "DiscountedUsage" || i.type === "SavingsPlanCoveredUsage";
  return [
    ["AvailabilityZone", (i) => (isUsage(i.type) ? i.zone : "")],
    ["BilledCost", (i) => money(i.unblendedCost, i.exponentNotation)],
    ["BillingAccountId", () => plan.payerAccountId],
    ["BillingAccountName", () => `payer-${plan.payerAccountId.slice(-4)}`],
    ["BillingCurrency", () => plan.currency],
    ["BillingPeriodEnd", () => t.periodEnd],
    ["BillingPeriodStart", () => t.periodStart],
    ["ChargeCategory", (i) => category(i.type)],
    ["ChargeClass", (i) => (i.type === "Refund" ? "Correction" : "")],
    ["ChargeDescription", (i) => csvField(description(i))],
    [
      "ChargeFrequency",
      (i) => (isUsage(i.type) ? "Usage-Based" : i.type === "RIFee" ? "Recurring" : "One-Time"),
    ],
    ["ChargePeriodEnd", (i) => t.end(i)],
    ["ChargePeriodStart", (i) => t.start(i)],
    [
      "CommitmentDiscountCategory",
      (i) =>
        i.type === "DiscountedUsage"
          ? "Usage"
          : i.type === "SavingsPlanCoveredUsage"
            ? "Spend"
            : "",
    ],
    ["CommitmentDiscountId", (i) => (commitment(i) ? i.commitmentArn : "")],
    ["CommitmentDiscountName", (i) => (commitment(i) ? i.commitmentArn.slice(-13) : "")],
    ["CommitmentDiscountStatus", (i) => (commitment(i) ? "Used" : "")],
    [
      "CommitmentDiscountType",
      (i) =>
        i.type === "DiscountedUsage"
          ? "Reserved Instance"
          : i.type === "SavingsPlanCoveredUsage"
            ? "Savings Plan"
            : "",
    ],
    ["ConsumedQuantity", (i) => (isUsage(i.type) ? amount(i.amount) : "")],
    ["ConsumedUnit", (i) => (isUsage(i.type) ? i.usage.unit : "")],
    ["ContractedCost", (i) => money(i.unblendedCost, i.exponentNotation)],
    ["ContractedUnitPrice", (i) => (isUsage(i.type) ? formatScaled(BigInt(i.usage.rate), 10) : "")],
    ["EffectiveCost", (i) => money(i.effectiveCost ?? i.unblendedCost, false)],
    ["InvoiceIssuerName", () => LEGAL_ENTITY],
    ["ListCost", (i) => money(i.listCost ?? 0n, i.exponentNotation)],
    ["ListUnitPrice", (i) => (isUsage(i.type) ? formatScaled(BigInt(i.usage.rate), 10) : "")],
    ["PricingCategory", (i) => (commitment(i) ? "Committed" : isUsage(i.type) ? "Standard" : "")],
    ["PricingQuantity", (i) => amount(i.amount)],
    ["PricingUnit", (i) => i.usage.unit],
    ["ProviderName", () => "AWS"],
    ["PublisherName", () => LEGAL_ENTITY],
    ["RegionId", (i) => i.region.code],
    ["RegionName", (i) => csvField(i.region.name)],
    ["ResourceId", (i) => (isUsage(i.type) ? i.resourceId : "")],
    ["ResourceName", (i) => (i.resourceId === "" ? "" : `${i.team}-${i.resourceId.slice(-6)}`)],
    ["ResourceType", (i) => (isUsage(i.type) ? csvField(i.service.family) : "")],
    ["ServiceCategory", (i) => csvField(i.service.category)],
    ["ServiceName", (i) => csvField(i.service.name)],
    ["SkuId", (i) => i.id.slice(0, 16).toUpperCase()],
    ["SkuPriceId", (i) => `${i.id.slice(0, 16).toUpperCase()}.JRTCKXETXF`],
    ["SubAccountId", (i) => i.usageAccountId],
    [
      "SubAccountName",
      (i) => (i.usageAccountId === "" ? "" : `account-${i.usageAccountId.slice(-4)}`),
    ],
    ["Tags", (i) => csvField(JSON.stringify({ team: i.team, environment: i.environment }))],
    ["x_ServiceCode", (i) => i.service.code],
    ["x_UsageType", usageType],
    ["x_Operation", (i) => i.usage.operation],
  ];
}

export function columnsFor(format: ReportFormat, plan: BillingPlan): Column[] {
  switch (format) {
    case "CUR_LEGACY":
      return curLegacyColumns(plan);
    case "CUR2":
      return cur2Columns(plan);
    case "FOCUS":
      return focusColumns(plan);
  }
}
