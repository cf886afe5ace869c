import { join } from "node:path";
import { apiEnv } from "../common/api-process.js";
import { runNode, runnerPath } from "../common/spawn.js";
import { type InvoiceBenchResult } from "./runners/invoices.js";

/**
 * The month-close row: a Parent's month issued for `children` Children (each invoice's PDF
 * mailed to the outbox), then every PDF downloaded, on the real server in its own process.
 */
export async function runInvoiceRow(
  databaseUrl: string,
  workDir: string,
  children: number,
): Promise<InvoiceBenchResult> {
  const env = { ...apiEnv(databaseUrl, workDir), MAIL_OUTBOX_DIR: join(workDir, "invoice-outbox") };
  const { result } = await runNode<InvoiceBenchResult>(
    runnerPath("api", "invoices"),
    ["--children", String(children)],
    env,
    ["--min-semi-space-size=16"],
  );
  return result;
}

export function invoiceTable(result: InvoiceBenchResult): string {
  const perS = (count: number, ms: number) => (count / (ms / 1000)).toFixed(1);
  return [
    "| month close | Children | time | per second | peak RSS |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| issueInvoices (PDF mailed to each Child) | ${result.children.toLocaleString("en-US")} | ${(result.issueMs / 1000).toFixed(1)} s | ${perS(result.invoices, result.issueMs)} invoices/s | ${result.issuePeakRssMiB.toFixed(0)} MiB |`,
    `| download every invoice's PDF | ${result.pdfs.toLocaleString("en-US")} | ${(result.pdfMs / 1000).toFixed(1)} s | ${perS(result.pdfs, result.pdfMs)} PDFs/s | ${result.peakRssMiB.toFixed(0)} MiB |`,
  ].join("\n");
}
