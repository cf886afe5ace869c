import "reflect-metadata";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger, stdoutDestination } from "./logger.js";
import { ensureOperator, seedDemoData } from "./seed/bootstrap.js";
import { createServer } from "./server.js";
import { flushTracing } from "./tracing.js";

const logDestination = stdoutDestination();
const logger = createLogger(undefined, logDestination);

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`Cannot start: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const server = await createServer({ config, logger });
const { deps, services } = server;
if (config.operator)
  await ensureOperator(deps, services, config.operator.email, config.operator.password);
if (config.demoData && config.database.driver === "sqlite") {
  const demo = await seedDemoData(deps, services);
  if (demo) {
    // Printed once, on the first start of an empty database; only a hash is stored.
    process.stdout.write(
      `\nDemo data created. Sign in as the Partner Sys Admin:\n  email:    ${demo.email}\n  password: ${demo.password}\n\n`,
    );
  }
}
const running = await server.listen();
logger.info(
  { url: `${running.url}/graphql`, database: config.database.driver },
  "Reseller Console API ready",
);
process.stdout.write(
  config.sandbox === "embedded"
    ? `GraphQL (Apollo Sandbox in a browser): ${config.publicUrl}/graphql\n`
    : `GraphQL: ${config.publicUrl}/graphql (explore it in https://studio.apollographql.com/sandbox with an API key; README "Security")\n`,
);

/** process.exit would drop log lines still being written to a pipe: flush them first. */
function exitAfterLogs(code: number): void {
  setTimeout(() => process.exit(code), 2000); // a stdout nobody reads must not keep us alive
  // Spans still buffered go out first; ending the log destination then writes what is buffered
  // and closes it.
  void flushTracing().finally(() => {
    logDestination.once("close", () => process.exit(code));
    logDestination.end();
  });
}

let shuttingDown = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      logger.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 11_000);
    force.unref();
    server.stop().then(
      () => {
        logger.info("stopped");
        exitAfterLogs(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        exitAfterLogs(1);
      },
    );
  });
}
