import { type ColumnRole, type FormatSpec } from "./report-formats.js";

/**
 * Costs are exact at 12 decimals (the domain's COST_SCALE: CUR writes up to 10, FOCUS 11); a value
 * with more is rounded half away from zero.
 */
export const MONEY_TYPE = "DECIMAL(38,12)";

// DuckDB converts text to a 128-bit DECIMAL(38,12) some 50× slower than to the 64-bit
// DECIMAL(18,12) (about 15 µs a value), so values below 10^6 take the fast path. Its exponent
// handling also rounds wrongly (0.82506260221E-11 gives 0.0000000001), so exponents are first
// rewritten as plain decimals, digit by digit. Both paths were checked against decimal.js.
export const MACROS: readonly string[] = [
  // The parts of a number in exponent notation ("-1.25E-7"); NULL for text without an "e".
  `CREATE OR REPLACE TEMP MACRO exponent_parts(s) AS (
    CASE WHEN s IS NULL OR (strpos(s, 'e') = 0 AND strpos(s, 'E') = 0) THEN NULL
    ELSE regexp_extract(trim(s), '^([+-]?)([0-9]*)(?:\\.([0-9]*))?[eE]([+-]?[0-9]{1,3})$',
      ['sign', 'int', 'frac', 'exp'])
    END)`,
  `CREATE OR REPLACE TEMP MACRO expand_exponent(x) AS (
    x.sign || CASE
      WHEN length(x.int) + CAST(x.exp AS INTEGER) <= 0
        THEN '0.' || repeat('0', -(length(x.int) + CAST(x.exp AS INTEGER))) || x.int || x.frac
      WHEN CAST(x.exp AS INTEGER) >= length(x.frac)
        THEN x.int || x.frac || repeat('0', CAST(x.exp AS INTEGER) - length(x.frac))
      ELSE left(x.int || x.frac, length(x.int) + CAST(x.exp AS INTEGER)) || '.'
        || substr(x.int || x.frac, length(x.int) + CAST(x.exp AS INTEGER) + 1)
    END)`,
  `CREATE OR REPLACE TEMP MACRO exact_decimal(s) AS (
    COALESCE(TRY_CAST(s AS DECIMAL(18,12)), CAST(s AS ${MONEY_TYPE})))`,
  // s is the text and x its exponent_parts, computed once in the projection below this one.
  // Text with an "e" that is not a number goes to the cast unchanged, to fail there.
  `CREATE OR REPLACE TEMP MACRO text_money(s, x) AS (
    COALESCE(CASE
      WHEN x IS NULL THEN exact_decimal(s)
      WHEN x.int || x.frac = '' OR x.exp = '' THEN CAST(s AS ${MONEY_TYPE})
      ELSE exact_decimal(expand_exponent(x))
    END, 0))`,
];

const FLOAT_TYPES: ReadonlySet<string> = new Set(["DOUBLE", "FLOAT", "REAL"]);

/** Marks the error a row without a date raises, so that it can be told from other errors. */
export const MISSING_VALUE_MARK = "cost-report: no value in column ";

export type Source =
  | {
      readonly kind: "csv";
      /** One file, or the parts of a delivery read together (same header). */
      readonly path: string | readonly string[];
      readonly gzip: boolean;
      readonly columnCount: number;
    }
  | {
      readonly kind: "parquet";
      readonly path: string | readonly string[];
      readonly names: readonly string[];
      readonly types: readonly string[];
    };

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A file or a list of files as DuckDB's readers take them. */
export function sqlFiles(path: string | readonly string[]): string {
  return typeof path === "string" ? sqlString(path) : `[${path.map(sqlString).join(", ")}]`;
}

function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** CSV columns get positional names: real headers repeat, differ only in case, or hold quotes. */
export function csvAlias(index: number): string {
  return `c${index}`;
}

export interface CsvReadOptions {
  /** Column index → DuckDB type; the rest are VARCHAR. */
  readonly types?: ReadonlyMap<number, string>;
}

export function csvScan(
  source: Extract<Source, { kind: "csv" }>,
  spec: FormatSpec,
  options: CsvReadOptions = {},
): string {
  const columns = Array.from({ length: source.columnCount }, (_, i) => {
    return `${sqlString(csvAlias(i))}: ${sqlString(options.types?.get(i) ?? "VARCHAR")}`;
  }).join(", ");
  const nulls = spec.nullStrings.map(sqlString).join(", ");
  // The dialect is fixed, not sniffed: the sniffer misreads small or damaged files, and strict
  // mode turns every malformed row into an error instead of a skipped or padded row.
  return (
    `read_csv(${sqlFiles(source.path)}, auto_detect = false, header = true, delim = ',', ` +
    `quote = '"', escape = '"', strict_mode = true, ignore_errors = false, null_padding = false, ` +
    `compression = ${source.gzip ? "'gzip'" : "'none'"}, nullstr = [${nulls}], columns = {${columns}})`
  );
}

/** The one query: read, convert, and aggregate the file in a single scan. */
export function costQuery(
  spec: FormatSpec,
  roles: ReadonlyMap<ColumnRole, number>,
  source: Source,
): string {
  const column = (role: ColumnRole): { sql: string; type: string } | null => {
    const index = roles.get(role);
    if (index === undefined) return null;
    if (source.kind === "csv") return { sql: csvAlias(index), type: "VARCHAR" };
    return { sql: identifier(source.names[index] ?? ""), type: source.types[index] ?? "VARCHAR" };
  };
  const text = (role: ColumnRole): string => {
    const c = column(role);
    if (c === null) return "NULL::VARCHAR";
    if (source.kind === "csv") return c.sql;
    const nulls = spec.nullStrings.filter((s) => s !== "").map(sqlString);
    const value = `CAST(${c.sql} AS VARCHAR)`;
    return nulls.length === 0
      ? value
      : `CASE WHEN ${value} IN (${nulls.join(", ")}) THEN NULL ELSE ${value} END`;
  };
  // Money is read in two steps: the first projection keeps the text and splits an exponent
  // once; the second converts (a macro would repeat the split for each use of a part).
  const money = (role: ColumnRole, alias: string): { first: string[]; second: string } => {
    const c = column(role);
    if (c === null) return { first: [], second: `CAST(0 AS ${MONEY_TYPE}) AS ${alias}` };
    // A binary float (AWS's Parquet reports store costs as DOUBLE) is read through its shortest
    // text form, the decimal its writer meant: cast directly, 55508.40615 would become
    // 55508.406150000004 at 12 decimals.
    if (c.type !== "VARCHAR" && !FLOAT_TYPES.has(c.type))
      return { first: [`COALESCE(CAST(${c.sql} AS ${MONEY_TYPE}), 0) AS ${alias}`], second: alias };
    const index = roles.get(role) ?? -1;
    const value = text(role);
    return {
      first: [`${value} AS money_${index}`, `exponent_parts(${value}) AS money_${index}_parts`],
      second: `text_money(money_${index}, money_${index}_parts) AS ${alias}`,
    };
  };
  const instant = (role: ColumnRole): string => {
    const c = column(role);
    if (c === null) throw new Error(`required role ${role} has no column`);
    // Cast in SQL: the CSV reader turns a bad TIMESTAMPTZ into NULL instead of failing.
    const value = /^TIMESTAMP WITH TIME ZONE$/.test(c.type)
      ? c.sql
      : `CAST(${text(role)} AS TIMESTAMPTZ)`;
    // A row without a date cannot be placed in a day or a month: fail, naming the column.
    return `CASE WHEN ${c.sql} IS NULL THEN error(${sqlString(`${MISSING_VALUE_MARK}${c.sql}`)}) ELSE ${value} END`;
  };
  const lineItemType =
    spec.format === "FOCUS"
      ? `CASE WHEN ${text("chargeClass")} = 'Correction' THEN COALESCE(${text("lineItemType")}, '') || ':Correction' ELSE COALESCE(${text("lineItemType")}, '') END`
      : `COALESCE(${text("lineItemType")}, '')`;
  const provider = spec.format === "FOCUS" ? `COALESCE(${text("provider")}, '')` : "'AWS'";
  const service = roles.has("serviceName")
    ? `COALESCE(${text("serviceCode")}, ${text("serviceName")}, '')`
    : `COALESCE(${text("serviceCode")}, '')`;
  const amounts = [
    money("unblendedCost", "unblended_cost"),
    money("listCost", "list_cost"),
    money("usageAmount", "usage_amount"),
  ];
  const scan =
    source.kind === "csv" ? csvScan(source, spec) : parquetScan(source.path);

  const daily =
    "billing_period, usage_date, payer, usage_account, service, line_item_type, currency";
  // The scan groups once, by every key; the period totals, invoice ids and providers are then
  // derived from its (small) result. Days are counted from the epoch while scanning (cheap) and
  // turned into text only for the groups.
  return `
    WITH parsed AS (
      SELECT
        ${epochDay(instant("billingPeriodStart"))} AS period_day,
        ${epochDay(instant("usageStart"))} AS usage_day,
        COALESCE(${text("payerAccountId")}, '') AS payer,
        COALESCE(${text("usageAccountId")}, '') AS usage_account,
        ${service} AS service,
        ${lineItemType} AS line_item_type,
        COALESCE(${text("currency")}, '') AS currency,
        ${text("invoiceId")} AS invoice_id,
        ${provider} AS provider,
        ${amounts.flatMap((a) => a.first).join(",\n        ")}
      FROM ${scan}
    ),
    scanned AS (
      SELECT
        period_day, usage_day, payer, usage_account, service, line_item_type, currency,
        invoice_id, provider, ${amounts.map((a) => a.second).join(", ")}
      FROM parsed
    ),
    grouped AS (
      SELECT
        period_day, usage_day, payer, usage_account, service, line_item_type, currency, invoice_id,
        provider, SUM(unblended_cost) AS unblended_cost, SUM(list_cost) AS list_cost,
        SUM(usage_amount) AS usage_amount, COUNT(*) AS line_items
      FROM scanned
      GROUP BY ALL
    ),
    dated AS (
      SELECT
        strftime(DATE '1970-01-01' + period_day, '%Y-%m') AS billing_period,
        CAST(DATE '1970-01-01' + usage_day AS VARCHAR) AS usage_date,
        * EXCLUDE (period_day, usage_day)
      FROM grouped
    )
    SELECT
      CAST(GROUPING(usage_date) AS INTEGER) AS g_day,
      CAST(GROUPING(invoice_id) AS INTEGER) AS g_invoice,
      CAST(GROUPING(provider) AS INTEGER) AS g_provider,
      ${daily}, invoice_id, provider,
      CAST(SUM(unblended_cost) AS VARCHAR) AS unblended_cost,
      CAST(SUM(list_cost) AS VARCHAR) AS list_cost,
      CAST(SUM(usage_amount) AS VARCHAR) AS usage_amount,
      CAST(SUM(line_items) AS BIGINT) AS line_items
    FROM dated
    GROUP BY GROUPING SETS ((${daily}), (billing_period, payer), (billing_period, payer, invoice_id), (provider))
    ORDER BY g_day, g_invoice, g_provider, ${daily}, invoice_id, provider`;
}

/** Parts of one delivery may type a column differently (an all-empty one): unify by name. */
export function parquetScan(path: string | readonly string[]): string {
  return typeof path === "string"
    ? `read_parquet(${sqlString(path)})`
    : `read_parquet(${sqlFiles(path)}, union_by_name = true)`;
}

// Whole days since 1970-01-01 in UTC.
function epochDay(instant: string): string {
  return `CAST(floor(epoch_us(${instant}) / 86400000000) AS INTEGER)`;
}

/**
 * Types for a second CSV pass that finds the line of a bad value: the CSV reader itself then
 * rejects it, with the line. DOUBLE and TIMESTAMP parse fast; DECIMAL also rejects values too
 * large for the money type.
 */
export function diagnosticTypes(
  roles: ReadonlyMap<ColumnRole, number>,
  moneyType: "DOUBLE" | typeof MONEY_TYPE,
): Map<number, string> {
  const types = new Map<number, string>();
  for (const role of ["unblendedCost", "listCost", "usageAmount"] as const) {
    const index = roles.get(role);
    if (index !== undefined) types.set(index, moneyType);
  }
  for (const role of ["usageStart", "billingPeriodStart"] as const) {
    const index = roles.get(role);
    if (index !== undefined) types.set(index, "TIMESTAMP");
  }
  return types;
}
