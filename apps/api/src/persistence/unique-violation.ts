import { QueryFailedError } from "typeorm";

/** A UNIQUE constraint refused the write (SQLite or PostgreSQL): the row already exists. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string } | undefined;
  return driverError?.code === "SQLITE_CONSTRAINT_UNIQUE" || driverError?.code === "23505";
}
