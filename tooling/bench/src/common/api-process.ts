// The environment and database files of API processes that benchmarks start.
import { existsSync } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * The environment for an API process on `databaseUrl` (`sqlite:<file>` or `postgres://…`) that
 * writes nothing outside `workDir`.
 */
export function apiEnv(databaseUrl: string, workDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DEMO_DATA: "0",
    LOG_LEVEL: "warn",
    MAIL_OUTBOX_DIR: join(workDir, "outbox"),
    BILLING_DROP_DIR: join(workDir, "drop"),
    BILLING_STORAGE_DIR: join(workDir, "storage"),
  };
}

const SQLITE_SIDE_FILES = ["-wal", "-shm"];

export async function copyDatabase(template: string, to: string): Promise<void> {
  await copyFile(template, to);
  for (const suffix of SQLITE_SIDE_FILES)
    if (existsSync(template + suffix)) await copyFile(template + suffix, to + suffix);
}

export async function removeDatabase(path: string): Promise<void> {
  for (const suffix of ["", ...SQLITE_SIDE_FILES]) await rm(path + suffix, { force: true });
}
