import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { type DataSource, type QueryRunner } from "typeorm";
import { isTracingStarted } from "./spans.js";

const MAX_STATEMENT = 2000;
const tracer = trace.getTracer("reseller-console");

/**
 * better-sqlite3 has no OpenTelemetry instrumentation: a span per statement from TypeORM's
 * query runner, with the statement text (parameters stay out of it). Only while tracing runs.
 */
export function traceSqliteStatements(dataSource: DataSource): void {
  if (!isTracingStarted() || dataSource.options.type !== "better-sqlite3") return;
  const driver = dataSource.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const traced = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (traced.has(runner)) return runner;
    traced.add(runner);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    (runner as { query: unknown }).query = (sql: string, ...rest: unknown[]) =>
      tracer.startActiveSpan(
        "sqlite.query",
        {
          kind: SpanKind.CLIENT,
          attributes: {
            "db.system": "sqlite",
            "db.operation": sql.trimStart().split(/\s/, 1)[0]!.toUpperCase(),
            "db.statement": sql.slice(0, MAX_STATEMENT),
          },
        },
        async (span) => {
          try {
            return await query(sql, ...rest);
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    return runner;
  };
}
