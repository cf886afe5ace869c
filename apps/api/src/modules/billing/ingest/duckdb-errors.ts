import { type CostReportErrorCode } from "./cost-report.errors.js";
import { MISSING_VALUE_MARK } from "./report-query.js";

export interface DescribedError {
  code: CostReportErrorCode;
  detail: string;
  line: number | null;
  column: string | null;
}

// DuckDB reports CSV problems as, for example:
//   Conversion Error: CSV Error on Line: 5\nOriginal Line: z,abc,u\nError when converting column "c1". Could not convert string "abc" to 'DECIMAL'\n\n…
//   Invalid Input Error: CSV Error on Line: 4\nOriginal Line: …\nExpected Number of Columns: 3 Found: 4\nPossible fixes: …
//   Conversion Error: Could not convert string "abc" to DECIMAL(38,12)\n\nLINE 1: …   (a cast in SQL: no line)
// "Line" counts records from the header (line 1), so a quoted line break does not shift it.
const LINE = /CSV Error on Line: (\d+)/;
const COLUMN_PATTERNS = [
  /converting column "([^"]+)"/,
  /source column "?([^"\s]+)"?/,
  new RegExp(`${MISSING_VALUE_MARK}(\\S+)`),
];

/**
 * Reads a DuckDB error as a problem of the file, or null when it is not one (a binder or parser
 * error is a bug in our SQL and must surface as such).
 */
export function describeDuckDbError(
  error: unknown,
  names: readonly string[],
): DescribedError | null {
  if (!(error instanceof Error)) return null;
  const message = error.message;
  const code = classify(message);
  if (code === null) return null;

  const lineMatch = LINE.exec(message);
  let column: string | null = null;
  for (const pattern of COLUMN_PATTERNS) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined) {
      column = realName(match[1], names);
      break;
    }
  }
  return {
    code,
    detail: detailOf(message, names),
    line: lineMatch?.[1] === undefined ? null : Number(lineMatch[1]),
    column,
  };
}

function classify(message: string): CostReportErrorCode | null {
  if (LINE.test(message) || message.includes(MISSING_VALUE_MARK)) return "CORRUPT_ROW";
  if (message.startsWith("Conversion Error") || message.startsWith("Out of Range Error"))
    return "CORRUPT_ROW";
  if (message.startsWith("Invalid Input Error")) return "CORRUPT_FILE";
  if (message.startsWith("IO Error"))
    return /gzip|compress|decompress|parquet|magic/i.test(message) ? "CORRUPT_FILE" : "UNREADABLE";
  return null;
}

// The first sentence or two, without DuckDB's echo of the row and its list of reader options.
function detailOf(message: string, names: readonly string[]): string {
  const body = message.replace(/^[A-Za-z ]+Error: /, "");
  const kept: string[] = [];
  for (const line of body.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" && kept.length > 0) break;
    if (trimmed === "" || LINE.test(trimmed) || trimmed.startsWith("Original Line:")) continue;
    if (trimmed.startsWith("Possible fixes") || trimmed.startsWith("LINE 1:")) break;
    kept.push(trimmed);
  }
  const detail = kept
    .join(" ")
    .replace(/^Error when converting column "[^"]+"\. /, "")
    .replace(/Could not convert string (".*") to '?DOUBLE'?.*$/, "$1 is not a number")
    .replace(
      /Could not convert string (".*") to '?DECIMAL[^']*'?.*$/,
      "$1 is not a decimal below 10^28",
    )
    .replace(/Could not convert string (".*") to '?(TIMESTAMP|DATE)[^']*'?.*$/, "$1 is not a date")
    .replace(/invalid timestamp field format: (".*"), expected format.*$/, "$1 is not a date")
    .replace(
      new RegExp(`${MISSING_VALUE_MARK}\\S+`),
      "the value is empty, and the row needs a date",
    )
    .replace(/\b(?:c|money_)\d+\b/g, (alias) => realName(alias, names));
  return detail === "" ? (body.split("\n")[0] ?? message) : detail;
}

// CSV columns are read as c0, c1, …, and money text is money_<index>; name them as the file does.
function realName(alias: string, names: readonly string[]): string {
  const match = /^(?:c|money_)(\d+)$/.exec(alias);
  if (match?.[1] === undefined) return alias;
  return names[Number(match[1])] ?? alias;
}
