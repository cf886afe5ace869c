// The peer's database access: hand-written SQL on better-sqlite3 (prepared statements, reused)
// or on pg (a pool), with a statement counter. Queries are written with `?` placeholders and
// `${db.inList()}` for a list of ids: json_each on SQLite (one prepared statement whatever the
// list's length), ANY on PostgreSQL.
import Database from "better-sqlite3";
import pg from "pg";

export interface PeerDatabase {
  readonly driver: "sqlite" | "postgres";
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** The SQL for "IN the list of ids bound at this `?`". */
  inList(): string;
  /** The bound value for inList's placeholder. */
  list(ids: readonly number[]): unknown;
  readonly statements: number;
  close(): Promise<void>;
}

export function openPeerDatabase(url: string): PeerDatabase {
  return url.startsWith("sqlite:") ? sqlite(url.slice("sqlite:".length)) : postgres(url);
}

function sqlite(path: string): PeerDatabase {
  const db = new Database(path, { fileMustExist: true });
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const prepared = new Map<string, Database.Statement>();
  let statements = 0;
  return {
    driver: "sqlite",
    all<T>(sql: string, params: readonly unknown[]) {
      let statement = prepared.get(sql);
      if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
      statements++;
      return Promise.resolve(statement.all(...params) as T[]);
    },
    inList: () => "IN (SELECT value FROM json_each(?))",
    list: (ids) => JSON.stringify(ids),
    get statements() {
      return statements;
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

function postgres(url: string): PeerDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const numbered = new Map<string, string>();
  let statements = 0;
  return {
    driver: "postgres",
    async all<T>(sql: string, params: readonly unknown[]) {
      let text = numbered.get(sql);
      if (text === undefined) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        numbered.set(sql, text);
      }
      statements++;
      const result = await pool.query({ text, values: [...params] });
      return result.rows as T[];
    },
    inList: () => "= ANY(?::int[])",
    list: (ids) => ids,
    get statements() {
      return statements;
    },
    close: () => pool.end(),
  };
}
