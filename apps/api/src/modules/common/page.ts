import { Field, ObjectType } from "type-graphql";
import { badInput } from "../../graphql/errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: "Where a page of results ends, for fetching the next one." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more results follow this page." })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to fetch the next page; null on an empty page." })
  endCursor: string | null;
}

/** Cursors are opaque to clients; inside they name the last row's id. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined, field: string): number {
  if (cursor === null || cursor === undefined || cursor === "") return 0;
  const decoded = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!decoded?.[1] || cursor.length > 32) throw badInput(field, `${field} is not a cursor this API returned`, cursor.slice(0, 64));
  return Number(decoded[1]);
}

export function checkPageSize(first: number | null | undefined, field: string): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`, size);
  }
  return size;
}

/** Numeric ids travel as strings; anything else cannot name a row. */
export function toRowId(id: string): number | null {
  return /^[1-9]\d{0,14}$/.test(id) ? Number(id) : null;
}
