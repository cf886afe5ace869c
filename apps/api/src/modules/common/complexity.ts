import { type ComplexityEstimatorArgs } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "./page.js";

/** A page costs its children times the page size asked for (or the default). */
export function pagedComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + childComplexity * Math.max(first, 1);
}

/** Unpaged lists (a partner's accounts, users, links) are small; assume a handful of items. */
export function smallListComplexity({ childComplexity }: ComplexityEstimatorArgs): number {
  return 1 + childComplexity * 3;
}
