#!/usr/bin/env node
import { parseCliOptions, USAGE, UsageError } from "./cli-options.js";
import { generateCostReport } from "./generate-report.js";

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const started = performance.now();
  const result = await generateCostReport(options);
  const seconds = (performance.now() - started) / 1000;
  const { byLineItemType, payeeAccountIds, ...totals } = result;
  const summary = {
    ...totals,
    payees: payeeAccountIds.length,
    rowsByLineItemType: Object.fromEntries(
      Object.entries(byLineItemType).map(([type, total]) => [type, total.rows]),
    ),
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(result.rows / seconds),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `generate-billing: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof UsageError || error instanceof RangeError)
    process.stderr.write(`${USAGE}\n`);
  process.exitCode = 1;
});
