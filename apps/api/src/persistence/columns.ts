import { type ValueTransformer } from "typeorm";

/**
 * Timestamps are stored as fixed-width ISO-8601 UTC strings (24 characters): the same
 * column on SQLite and PostgreSQL, sortable as text, and free of server time-zone traps.
 */
export const isoTimestamp: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.toISOString() : value),
  from: (value: string | null) => (value === null ? null : new Date(value)),
};

export const TIMESTAMP_COLUMN = { type: "varchar", length: 24, transformer: isoTimestamp } as const;

/** Integer keys come back as numbers on SQLite and PostgreSQL `integer` alike. */
export const ID_COLUMN = { type: "integer" } as const;
