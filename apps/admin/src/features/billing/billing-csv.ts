import { roundHalfUp } from "./money";

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe; numbers stay numbers.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export interface ServiceTable {
  billingPeriod: string;
  currency: string;
  billed: string;
  byService: readonly { key: string; billedCost: string }[];
}

/** The service table as shown: cents, half-up, and its total (the billed usage). */
export function serviceTableCsv(bill: ServiceTable): string {
  return toCsv([
    ["Billing period", "Service", "Currency", "Billed cost"],
    ...bill.byService.map((row) => [
      bill.billingPeriod,
      row.key,
      bill.currency,
      roundHalfUp(row.billedCost),
    ]),
    [bill.billingPeriod, "Total", bill.currency, roundHalfUp(bill.billed)],
  ]);
}

/** Saves `csv` as a file through the browser's download, without a server round trip. */
export function downloadCsv(fileName: string, csv: string): void {
  // A byte order mark: spreadsheet programs then read the file as UTF-8.
  const blob = new Blob(["\ufeff", csv], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
