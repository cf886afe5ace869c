// The AWS Payee Account IDs field: ids pasted from spreadsheets or emails, separated by commas,
// spaces or new lines. Every entry is kept, in order, so that `ids[i]` is the entry the API names
// in `input.awsPayeeAccountIds[i]`.

const SEPARATORS = /[\s,]+/u;
// Rule 1: exactly 12 ASCII digits, kept as a string (leading zeros matter).
const AWS_ACCOUNT_ID = /^[0-9]{12}$/;
const PAYEES_FIELD = "input.awsPayeeAccountIds";
const PAYEE_FIELD = /^input\.awsPayeeAccountIds\[(\d+)\]$/;

export interface PayeeEntry {
  raw: string;
  /** Exactly 12 ASCII digits. */
  valid: boolean;
  /** The same id appears earlier in the list (the first occurrence is not flagged). */
  duplicate: boolean;
}

export interface PayeeList {
  ids: string[];
  entries: PayeeEntry[];
}

export function parsePayeeList(text: string): PayeeList {
  const ids = text.split(SEPARATORS).filter((raw) => raw !== "");
  const seen = new Set<string>();
  const entries = ids.map((raw) => {
    const duplicate = seen.has(raw);
    seen.add(raw);
    return { raw, valid: AWS_ACCOUNT_ID.test(raw), duplicate };
  });
  return { ids, entries };
}

/** True when the entry would be refused as it stands (not 12 digits, or repeated). */
export function isRefusedEntry(entry: PayeeEntry): boolean {
  return !entry.valid || entry.duplicate;
}

/** `input.awsPayeeAccountIds[3]` → 3; any other field path (or none) → null. */
export function payeeIndexOfField(field: string | null | undefined): number | null {
  const match = field ? PAYEE_FIELD.exec(field) : null;
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Any field path about the payee list: the list itself or one entry of it. */
export function isPayeeField(field: string | null | undefined): boolean {
  return field === PAYEES_FIELD || payeeIndexOfField(field) !== null;
}

/**
 * What stops the list from being sent, in the words the API would use; null when nothing does.
 * The API stays the authority (and checks the payer and the other links); this saves a round trip.
 */
export function payeeListProblem(list: PayeeList): string | null {
  if (list.entries.length === 0) return "Enter at least one payee account id.";
  const invalid = list.entries.filter((entry) => !entry.valid).map((entry) => entry.raw);
  if (invalid.length === 1) return `"${invalid[0]}" is not a 12-digit AWS account id.`;
  if (invalid.length > 1)
    return `${invalid.length} entries are not 12-digit AWS account ids: ${quoteSome(invalid)}.`;
  const repeated = [...new Set(list.entries.filter((e) => e.duplicate).map((e) => e.raw))];
  if (repeated.length === 1) return `"${repeated[0]}" is listed more than once.`;
  if (repeated.length > 1)
    return `${repeated.length} ids are listed more than once: ${quoteSome(repeated)}.`;
  return null;
}

// A pasted list can hold hundreds of ids: name the first few.
function quoteSome(values: string[], shown = 5): string {
  const quoted = values.slice(0, shown).map((value) => `"${value}"`);
  return values.length > shown ? `${quoted.join(", ")}, …` : quoted.join(", ");
}

/** "3 payees, 1 invalid", and the repeats when there are any. */
export function describePayeeCount(list: PayeeList): string {
  const count = list.entries.length;
  const invalid = list.entries.filter((entry) => !entry.valid).length;
  const repeated = list.entries.filter((entry) => entry.duplicate).length;
  const summary = `${count} payee${count === 1 ? "" : "s"}, ${invalid} invalid`;
  return repeated > 0 ? `${summary}, ${repeated} repeated` : summary;
}
