import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { pinoHttp } from "pino-http";
import { type DataSource } from "typeorm";
import { type AppConfig } from "./config.js";
import { DEFAULT_CONSOLE_DIR, consoleApp } from "./console-app.js";
import { type AppDeps, type RequestContext, createRequestContext } from "./context.js";
import { formatError, logUnexpectedErrors } from "./graphql/error-masking.js";
import {
  LIMITS,
  armor,
  maxFieldRepeats,
  oneCredentialFieldPerDocument,
  operationGuards,
} from "./graphql/hardening.js";
import { IDEMPOTENT_REPLAYED_HEADER, idempotencyPlugin } from "./graphql/idempotency.js";
import { auditPlugin } from "./modules/audit/audit.plugin.js";
import { graphqlMetricsPlugin } from "./modules/metrics/graphql-metrics.plugin.js";
import { Metrics } from "./modules/metrics/metrics.js";
import {
  httpMetrics,
  metricsHandler,
  startMetricsServer,
} from "./modules/metrics/metrics.route.js";
import { BillingJobEntity } from "./persistence/entities/index.js";
import { traceSqliteStatements } from "./tracing/sqlite-spans.js";
import { createLogger, type Logger } from "./logger.js";
import { createMailer } from "./mail/mailer.js";
import { PasswordHasher } from "./modules/auth/password-hasher.js";
import { RateLimits, type RateLimitSettings } from "./modules/auth/rate-limits.js";
import { logSerializers, securityHeaders } from "./security/http.js";
import {
  TransactionRunner,
  openDatabase,
  type DataSourceHooks,
} from "./persistence/data-source.js";
import { apiKeyScopePlugin } from "./modules/api-keys/api-key-scope.js";
import { DropFolderWatcher } from "./modules/billing/drop-folder.js";
import { ReportSyncScheduler } from "./modules/report-sources/report-sync.scheduler.js";
import { uploadRouter } from "./modules/billing/upload.route.js";
import { invoiceRouter } from "./modules/invoices/invoice.routes.js";
import { RetentionSweeper } from "./modules/billing-limits/retention.js";
import { getSchema } from "./schema.js";
import { createServices, type Services } from "./services.js";

export interface ServerOptions {
  config: AppConfig;
  logger?: Logger;
  rateLimits?: Partial<RateLimitSettings>;
  database?: DataSourceHooks;
  now?: () => Date;
  /** The built admin console to serve at `/` (default: apps/admin/dist). */
  consoleDir?: string;
  /** false: no billing worker or drop-folder scan (tests drive them by hand). */
  backgroundWork?: boolean;
  /**
   * Benchmarks only (`pnpm bench:api` measures what they cost): false builds the server without
   * its GraphQL limits (graphql-armor, the complexity and introspection guard, the credential and
   * field-repeat rules, the parser's token cap). Never false in production.
   */
  graphqlLimits?: boolean;
}

export interface RunningServer {
  readonly url: string;
  /** The METRICS_PORT listener's GET /metrics, when one is configured. */
  readonly metricsUrl: string | null;
  readonly deps: AppDeps;
  readonly services: Services;
  stop(): Promise<void>;
}

export interface ResellerServer {
  readonly app: express.Express;
  readonly httpServer: Server;
  readonly deps: AppDeps;
  readonly services: Services;
  listen(port?: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

async function isReady(dataSource: DataSource): Promise<boolean> {
  try {
    await Promise.race([
      dataSource.query("SELECT 1"),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("readiness probe timed out")), 2000).unref(),
      ),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Builds the whole server on an opened database; main.ts and the tests both start it here. */
export async function createServer(options: ServerOptions): Promise<ResellerServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger();
  const development = config.nodeEnv === "development";
  const dataSource = await openDatabase(config.database, options.database);
  const rateLimitSettings = { ...config.rateLimits, ...options.rateLimits };
  traceSqliteStatements(dataSource);
  const metrics =
    config.metricsToken !== null || config.metricsPort !== null
      ? new Metrics(config.metricsMaxOperationNames, () =>
          dataSource.getRepository(BillingJobEntity).countBy({ state: "QUEUED" }),
        )
      : null;
  const deps: AppDeps = {
    config,
    dataSource,
    tx: new TransactionRunner(dataSource),
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: config.mailOutboxDir,
      from: "Reseller Console <no-reply@reseller-console.local>",
      logger,
    }),
    logger,
    hasher: new PasswordHasher(2, rateLimitSettings.passwordHashQueue),
    // On PostgreSQL several API processes may serve one database: they share the counts.
    rateLimits: new RateLimits(
      rateLimitSettings,
      config.database.driver === "postgres" ? dataSource : null,
    ),
    now: options.now ?? (() => new Date()),
    metrics,
  };
  const services = createServices(deps);
  // Billing jobs and the drop folder run in the background of every API process.
  const dropFolder = new DropFolderWatcher(
    deps,
    services.billingWorker,
    config.billingDropDir,
    config.billingStorageDir,
  );
  const reportSync = new ReportSyncScheduler(
    deps,
    services.reportSources,
    config.reportSyncIntervalMs,
  );
  const retention = new RetentionSweeper(deps, config.billingRetentionDays);
  if (options.backgroundWork !== false) {
    services.billingWorker.start();
    dropFolder.start();
    reportSync.start();
    retention.start();
    services.audit.startPurging();
  }

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, the client's address (for the per-IP limits) comes from X-Forwarded-For.
  if (config.trustProxy !== null) app.set("trust proxy", config.trustProxy);
  app.use(securityHeaders(config));
  const httpServer = createHttpServer(app);
  const limits = options.graphqlLimits !== false;
  const protection = armor(development);
  const apollo = new ApolloServer<RequestContext>({
    schema: await getSchema(),
    introspection: true, // gated per caller by operationGuards
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and stops everything in order. Apollo's own handler would stop
    // Apollo first, and our second apollo.stop() then waits on a barrier Apollo 5 resolves only
    // on failure: the process fell out of its event loop with the database never closed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: development,
    hideSchemaDetailsFromClientErrors: !development,
    parseOptions: limits ? { maxTokens: LIMITS.tokens } : {},
    validationRules: limits
      ? [...protection.validationRules, oneCredentialFieldPerDocument, maxFieldRepeats]
      : [],
    formatError: formatError(development),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      config.sandbox === "embedded"
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      ...(limits
        ? [
            // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
            ...(protection.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
            operationGuards(development),
          ]
        : []),
      apiKeyScopePlugin(),
      idempotencyPlugin(),
      auditPlugin(),
      ...(metrics ? [graphqlMetricsPlugin(metrics)] : []),
      logUnexpectedErrors(),
      // No field sets cache hints: without this, Apollo computes a cache policy for every field.
      ApolloServerPluginCacheControlDisabled(),
    ],
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
  await apollo.start();

  if (metrics) app.use(httpMetrics(metrics));
  app.use(
    pinoHttp({
      logger,
      serializers: logSerializers,
      genReqId: (req, res) => {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/metrics", metricsHandler(metrics, config.metricsToken));
  app.get("/readyz", async (_req, res) => {
    const ready = await isReady(dataSource);
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "database unreachable" });
  });
  app.use(
    "/graphql",
    // Request headers (Authorization, Idempotency-Key, …) are allowed as the preflight asks, for
    // allowed origins only; a browser may read Idempotent-Replayed.
    cors<cors.CorsRequest>({
      origin: [...config.corsOrigins],
      maxAge: 600,
      exposedHeaders: [IDEMPOTENT_REPLAYED_HEADER],
    }),
    express.json({ limit: LIMITS.bodyBytes }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        createRequestContext(deps, services, {
          requestId: req.id as string,
          ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
          authorization: req.headers.authorization,
          logger: req.log,
        }),
    }),
  );
  app.use(
    "/billing",
    cors<cors.CorsRequest>({ origin: [...config.corsOrigins], maxAge: 600 }),
    uploadRouter(deps, services, config.billingStorageDir, config.billingUploadMaxBytes),
  );
  app.use(
    "/invoices",
    cors<cors.CorsRequest>({ origin: [...config.corsOrigins], maxAge: 600 }),
    invoiceRouter(deps, services),
  );
  app.use(consoleApp(options.consoleDir ?? DEFAULT_CONSOLE_DIR));
  // Body-parser and other middleware errors: a JSON answer with the right status, never a stack.
  app.use(
    (
      error: { status?: number; type?: string },
      req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status =
        typeof error.status === "number" && error.status >= 400 && error.status < 500
          ? error.status
          : 500;
      if (status === 500) req.log.error({ err: error }, "request failed");
      const message =
        status === 413
          ? `The request body is larger than ${LIMITS.bodyBytes} bytes.`
          : status === 500
            ? "Internal server error"
            : "The request is malformed.";
      res.status(status).json({
        errors: [
          {
            message,
            extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" },
          },
        ],
      });
    },
  );

  let metricsServer: Server | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (metricsServer?.listening)
        await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      // Together: the listener closes at once, while a billing job may still wait for the
      // database (new connections must be refused from the first moment of a stop).
      services.audit.stopPurging();
      await Promise.all([
        dropFolder.stop(),
        reportSync.stop(),
        services.billingWorker.stop(),
        retention.stop(),
        apollo.stop(),
      ]);
      if (httpServer.listening)
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      deps.mailer.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    })();
    return stopping;
  };

  return {
    app,
    httpServer,
    deps,
    services,
    stop,
    listen: async (port = config.port, host = config.host) => {
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          httpServer.off("error", reject);
          resolve();
        });
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
      let metricsUrl: string | null = null;
      if (metrics && config.metricsPort !== null) {
        const started = await startMetricsServer(metrics, config.metricsPort, config.metricsHost);
        metricsServer = started.server;
        metricsUrl = started.url;
      }
      return { url: `http://${shownHost}:${address.port}`, metricsUrl, deps, services, stop };
    },
  };
}
