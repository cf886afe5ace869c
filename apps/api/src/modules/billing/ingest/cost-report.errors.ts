/** Why a cost report file was rejected. */
export type CostReportErrorCode =
  /** The file cannot be opened or read. */
  | "UNREADABLE"
  /** Not a CUR legacy, CUR 2.0 or FOCUS report, or a required column is missing. */
  | "UNKNOWN_FORMAT"
  /** A row cannot be parsed: wrong column count, bad quoting, a value that is not a number or date. */
  | "CORRUPT_ROW"
  /** The container is damaged: truncated or corrupt gzip, broken Parquet. */
  | "CORRUPT_FILE";

/**
 * A problem with the file itself, never a bug: the message names the file and, when known, the
 * line and the column. Lines count records as DuckDB does, the header being line 1: the physical
 * line unless a quoted value above holds a line break.
 */
export class CostReportError extends Error {
  override readonly name = "CostReportError";

  constructor(
    readonly code: CostReportErrorCode,
    readonly file: string,
    readonly detail: string,
    readonly line: number | null = null,
    readonly column: string | null = null,
  ) {
    super(
      [
        file,
        line === null ? null : `line ${line}`,
        column === null ? null : `column ${JSON.stringify(column)}`,
      ]
        .filter((part) => part !== null)
        .join(", ") + `: ${detail}`,
    );
  }
}
