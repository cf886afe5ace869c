// Writes one benchmark file with @reseller/billing-generator (its own process, so that two
// files can be written at once) and prints the generator's result.
import { generateCostReport, type GenerateOptions } from "@reseller/billing-generator";
import { argValue } from "./result.js";

const options = JSON.parse(argValue("options")) as GenerateOptions;
generateCostReport(options).then(
  (result) => {
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
