import { parseArgs } from "node:util";
import { type ReportFormat } from "./columns.js";
import { type GenerateOptions } from "./generate-report.js";

export const USAGE = `Usage: generate-billing --format cur-legacy|cur2|focus --rows N --month YYYY-MM --out FILE
  [--payer 12-digit-id] [--payees N] [--seed S] [--gzip | --parquet] [--currency USD] [--invoice-id ID]

Writes a realistic AWS cost report, streaming (constant memory at any --rows), and prints a JSON
summary with the exact totals written. The same options and --seed write the same bytes.`;

const FORMATS: Readonly<Record<string, ReportFormat>> = {
  "cur-legacy": "CUR_LEGACY",
  cur_legacy: "CUR_LEGACY",
  cur: "CUR_LEGACY",
  cur2: "CUR2",
  focus: "FOCUS",
};

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The generator's options from command-line arguments, or "help". */
export function parseCliOptions(argv: readonly string[]): GenerateOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        format: { type: "string", default: "cur-legacy" },
        rows: { type: "string", default: "1000" },
        month: { type: "string" },
        payer: { type: "string" },
        payees: { type: "string", default: "20" },
        seed: { type: "string", default: "1" },
        gzip: { type: "boolean", default: false },
        parquet: { type: "boolean", default: false },
        currency: { type: "string", default: "USD" },
        "invoice-id": { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const format = FORMATS[values.format.toLowerCase()];
  if (!format) throw new UsageError(`unknown --format ${values.format}`);
  if (!values.out) throw new UsageError("--out is required");
  if (values.gzip && values.parquet) throw new UsageError("choose --gzip or --parquet, not both");
  const rows = Number(values.rows.replaceAll("_", ""));
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw new UsageError(`--rows must be a count, got ${values.rows}`);
  const payees = Number(values.payees);
  if (!Number.isSafeInteger(payees) || payees < 1)
    throw new UsageError(`--payees must be a positive count, got ${values.payees}`);
  const month = values.month ?? new Date().toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new UsageError(`--month must be YYYY-MM, got ${month}`);
  if (values.payer !== undefined && !/^\d{12}$/.test(values.payer))
    throw new UsageError(`--payer must be 12 digits, got ${values.payer}`);
  return {
    format,
    rows,
    month,
    out: values.out,
    payer: values.payer,
    payees,
    seed: values.seed,
    gzip: values.gzip,
    parquet: values.parquet,
    currency: values.currency,
    invoiceId: values["invoice-id"],
  };
}
