import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  DataSource,
  type DataSourceOptions,
  type EntityManager,
  type Logger as TypeOrmLogger,
} from "typeorm";
import { Mutex } from "async-mutex";
import { type DatabaseConfig } from "../config.js";
import { ENTITIES } from "./entities/index.js";
import { POSTGRES_MIGRATIONS } from "./migrations/postgres/index.js";
import { SQLITE_MIGRATIONS } from "./migrations/sqlite/index.js";

/** The part of better-sqlite3's Database that bulk writers use. */
export interface SqliteHandle {
  prepare(sql: string): {
    run(...params: unknown[]): { lastInsertRowid: number | bigint; changes: number };
    get(...params: unknown[]): unknown;
  };
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

/** better-sqlite3's transaction functions also come in a BEGIN IMMEDIATE variant. */
interface BetterSqlite3Connection extends Omit<SqliteHandle, "transaction"> {
  transaction<A extends unknown[], R>(
    fn: (...args: A) => R,
  ): ((...args: A) => R) & { immediate: (...args: A) => R };
}

/**
 * SQLite: TypeORM opens every transaction with a deferred `BEGIN TRANSACTION`. When another
 * process (the collect CLI, a second server, sqlite3) writes the file, a deferred transaction that
 * has read cannot upgrade to a write: SQLite answers SQLITE_BUSY_SNAPSHOT at once, without waiting
 * out busy_timeout, and the request fails. `BEGIN IMMEDIATE` takes the write lock up front and
 * waits for it like any other statement. TypeORM has no option for the mode, and the
 * better-sqlite3 driver runs every statement through one shared query runner, so its BEGIN is
 * rewritten there (test/hostile.int.test.ts checks the statement and the busy-free result).
 */
function beginSqliteTransactionsImmediately(dataSource: DataSource): void {
  const runner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner) as (
    sql: string,
    parameters?: unknown[],
    structured?: boolean,
  ) => Promise<unknown>;
  runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) =>
    query(
      sql === "BEGIN TRANSACTION" ? "BEGIN IMMEDIATE TRANSACTION" : sql,
      parameters,
      structured,
    )) as typeof runner.query;
}

export interface DataSourceHooks {
  /** Called with every SQL statement (tests count them to catch N+1 queries). */
  onQuery?: (sql: string) => void;
}

function queryCounter(hooks: DataSourceHooks): TypeOrmLogger | undefined {
  const onQuery = hooks.onQuery;
  if (!onQuery) return undefined;
  return {
    logQuery: (query) => onQuery(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}

export function createDataSource(config: DatabaseConfig, hooks: DataSourceHooks = {}): DataSource {
  const logger = queryCounter(hooks);
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    // A missing tenant id must never turn into "match every row".
    invalidWhereValuesBehavior: { null: "throw", undefined: "throw" },
    ...(logger ? { logger, logging: ["query" as const] } : {}),
  } as const;
  if (config.driver === "sqlite") {
    if (config.path !== ":memory:") mkdirSync(dirname(config.path), { recursive: true });
    const options: DataSourceOptions = {
      ...common,
      type: "better-sqlite3",
      database: config.path,
      enableWAL: true,
      timeout: 5000,
      migrations: SQLITE_MIGRATIONS,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma("busy_timeout = 5000");
        db.pragma("synchronous = NORMAL");
      },
    };
    return new DataSource(options);
  }
  return new DataSource({
    ...common,
    type: "postgres",
    url: config.url,
    migrations: POSTGRES_MIGRATIONS,
    extra: { max: 10, connectionTimeoutMillis: 5000, statement_timeout: 10_000 },
  });
}

/**
 * Runs `work` in one transaction. TypeORM shares a single connection for SQLite, so
 * concurrent transactions would nest inside each other (typeorm#1884): on SQLite they
 * take turns behind a process-wide mutex. PostgreSQL gives each its own pooled connection.
 */
export class TransactionRunner {
  private readonly sqliteWriteLock: Mutex | null;

  constructor(private readonly dataSource: DataSource) {
    this.sqliteWriteLock = dataSource.options.type === "better-sqlite3" ? new Mutex() : null;
  }

  /**
   * SQLite only: runs synchronous work on the raw better-sqlite3 handle while no TypeORM
   * transaction is open. Nothing else runs until it returns, so a multi-statement
   * transaction inside it is atomic for every reader in this process too.
   */
  runSqliteExclusive<T>(work: (db: SqliteHandle) => T): Promise<T> {
    if (!this.sqliteWriteLock) throw new Error("runSqliteExclusive needs the SQLite driver");
    const raw = (
      this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3Connection }
    ).databaseConnection;
    // Immediate transactions here too, for the reason given at beginSqliteTransactionsImmediately.
    const db: SqliteHandle = {
      prepare: (sql) => raw.prepare(sql),
      transaction: (fn) => raw.transaction(fn).immediate,
    };
    return this.sqliteWriteLock.runExclusive(() => work(db));
  }

  get isSqlite(): boolean {
    return this.sqliteWriteLock !== null;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.sqliteWriteLock) {
      return this.sqliteWriteLock.runExclusive(() => this.dataSource.transaction(work));
    }
    return this.dataSource.transaction(work);
  }
}

export async function openDatabase(
  config: DatabaseConfig,
  hooks: DataSourceHooks = {},
): Promise<DataSource> {
  const dataSource = createDataSource(config, hooks);
  await dataSource.initialize();
  if (config.driver === "sqlite") beginSqliteTransactionsImmediately(dataSource);
  await dataSource.runMigrations({ transaction: "all" });
  return dataSource;
}
