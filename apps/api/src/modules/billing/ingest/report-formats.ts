export type ReportFormat = "CUR_LEGACY" | "CUR2" | "FOCUS";

/** What the ingest needs from a report, whatever its format calls it. */
export type ColumnRole =
  | "payerAccountId"
  | "usageAccountId"
  | "billingPeriodStart"
  | "usageStart"
  | "serviceCode"
  | "serviceName"
  | "lineItemType"
  | "chargeClass"
  | "currency"
  | "unblendedCost"
  | "listCost"
  | "usageAmount"
  | "invoiceId"
  | "provider";

/** A column's name, or names that mean the same in different versions of a format. */
export type ColumnName = string | readonly string[];

export interface FormatSpec {
  readonly format: ReportFormat;
  readonly label: string;
  /** Roles without which a file is not this format; a list names alternatives, first found wins. */
  readonly required: Readonly<Partial<Record<ColumnRole, ColumnName>>>;
  /** Roles read when present: absent money is zero, an absent invoice id is null. */
  readonly optional: Readonly<Partial<Record<ColumnRole, ColumnName>>>;
  /** Cell values that mean "no value" (FOCUS exports write NULL). */
  readonly nullStrings: readonly string[];
}

export const FORMAT_SPECS: readonly FormatSpec[] = [
  {
    format: "CUR_LEGACY",
    label: "CUR legacy",
    required: {
      payerAccountId: "bill/PayerAccountId",
      usageAccountId: "lineItem/UsageAccountId",
      billingPeriodStart: "bill/BillingPeriodStartDate",
      usageStart: "lineItem/UsageStartDate",
      serviceCode: "lineItem/ProductCode",
      lineItemType: "lineItem/LineItemType",
      currency: "lineItem/CurrencyCode",
      unblendedCost: "lineItem/UnblendedCost",
    },
    optional: {
      serviceName: "product/ProductName",
      listCost: "pricing/publicOnDemandCost",
      usageAmount: "lineItem/UsageAmount",
      invoiceId: "bill/InvoiceId",
    },
    nullStrings: [""],
  },
  {
    format: "CUR2",
    label: "CUR 2.0",
    required: {
      payerAccountId: "bill_payer_account_id",
      usageAccountId: "line_item_usage_account_id",
      billingPeriodStart: "bill_billing_period_start_date",
      usageStart: "line_item_usage_start_date",
      serviceCode: "line_item_product_code",
      lineItemType: "line_item_line_item_type",
      currency: "line_item_currency_code",
      unblendedCost: "line_item_unblended_cost",
    },
    optional: {
      serviceName: "product_product_name",
      listCost: "pricing_public_on_demand_cost",
      usageAmount: "line_item_usage_amount",
      invoiceId: "bill_invoice_id",
    },
    nullStrings: [""],
  },
  {
    format: "FOCUS",
    label: "FOCUS 1.x",
    // FOCUS 1.3 deprecates ProviderName for ServiceProviderName (who provides the service) and
    // InvoiceIssuerName (who invoices it); 1.0-1.2 exports have only ProviderName.
    required: {
      payerAccountId: "BillingAccountId",
      usageAccountId: "SubAccountId",
      billingPeriodStart: "BillingPeriodStart",
      usageStart: "ChargePeriodStart",
      serviceCode: "ServiceName",
      lineItemType: "ChargeCategory",
      currency: "BillingCurrency",
      unblendedCost: "BilledCost",
      provider: ["ProviderName", "ServiceProviderName", "InvoiceIssuerName"],
    },
    optional: {
      chargeClass: "ChargeClass",
      listCost: "ListCost",
      usageAmount: "ConsumedQuantity",
      invoiceId: "InvoiceId",
    },
    nullStrings: ["", "NULL"],
  },
];

export type DetectedFormat =
  | {
      readonly ok: true;
      readonly spec: FormatSpec;
      /** Each role present in the file, with the index of its column. */
      readonly columns: ReadonlyMap<ColumnRole, number>;
    }
  | { readonly ok: false; readonly missing: readonly string[]; readonly detail: string };

/**
 * Recognizes a report by its header. Names match exactly, else ignoring case (some exporters
 * lower-case headers).
 */
export function detectFormat(header: readonly string[]): DetectedFormat {
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  header.forEach((name, index) => {
    if (!exact.has(name)) exact.set(name, index);
    const lower = name.toLowerCase();
    if (!folded.has(lower)) folded.set(lower, index);
  });
  const findOne = (name: string): number | undefined =>
    exact.get(name) ?? folded.get(name.toLowerCase());
  const find = (name: ColumnName): number | undefined => {
    for (const one of alternatives(name)) {
      const index = findOne(one);
      if (index !== undefined) return index;
    }
    return undefined;
  };

  let nearest: { spec: FormatSpec; found: number; missing: string[] } | null = null;
  for (const spec of FORMAT_SPECS) {
    const columns = new Map<ColumnRole, number>();
    const missing: string[] = [];
    for (const [role, name] of entries(spec.required)) {
      const index = find(name);
      if (index === undefined) missing.push(alternatives(name).join(" or "));
      else columns.set(role, index);
    }
    if (missing.length === 0) {
      for (const [role, name] of entries(spec.optional)) {
        const index = find(name);
        if (index !== undefined) columns.set(role, index);
      }
      return { ok: true, spec, columns };
    }
    const found = columns.size;
    if (found > 0 && (nearest === null || found > nearest.found))
      nearest = { spec, found, missing };
  }

  if (nearest !== null) {
    return {
      ok: false,
      missing: nearest.missing,
      detail: `looks like ${nearest.spec.label} but lacks the columns ${nearest.missing.join(", ")}`,
    };
  }
  const expected = FORMAT_SPECS.map(
    (spec) =>
      `${spec.label} (${Object.values(spec.required)
        .map((name) => alternatives(name).join(" or "))
        .join(", ")})`,
  );
  return {
    ok: false,
    missing: [],
    detail: `not a cost report: the header has none of the columns of ${expected.join("; or ")}`,
  };
}

function entries(
  roles: Readonly<Partial<Record<ColumnRole, ColumnName>>>,
): [ColumnRole, ColumnName][] {
  return Object.entries(roles) as [ColumnRole, ColumnName][];
}

function alternatives(name: ColumnName): readonly string[] {
  return typeof name === "string" ? [name] : name;
}
