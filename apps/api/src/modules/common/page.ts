import { Field, ObjectType } from "type-graphql";
import { badInput } from "../../graphql/errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Keys are SQL `integer`s: PostgreSQL rejects a larger number in a query instead of matching nothing. */
export const MAX_ROW_ID = 2_147_483_647;

@ObjectType({ description: "Where a page of results ends, for fetching the next one." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more results follow this page." })
  hasNextPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Pass as `after` to fetch the next page; null on an empty page.",
  })
  endCursor: string | null;
}

/** Cursors are opaque to clients; inside they name the last row's id. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined, field: string): number {
  if (cursor === null || cursor === undefined || cursor === "") return 0;
  const decoded = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const afterId = decoded?.[1] ? Number(decoded[1]) : null;
  if (afterId === null || afterId > MAX_ROW_ID || cursor.length > 32) {
    throw badInput(field, `${field} is not a cursor this API returned`, cursor.slice(0, 64));
  }
  return afterId;
}

export function checkPageSize(first: number | null | undefined, field: string): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`, size);
  }
  return size;
}

/** Numeric ids travel as strings; anything else, or beyond the `integer` key column, cannot name a row. */
export function toRowId(id: string): number | null {
  return /^[1-9]\d{0,9}$/.test(id) && Number(id) <= MAX_ROW_ID ? Number(id) : null;
}
