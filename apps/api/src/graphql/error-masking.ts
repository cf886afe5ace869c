import { type GraphQLFormattedError, GraphQLError } from "graphql";
import { type MiddlewareFn } from "type-graphql";
import { type RequestContext } from "../context.js";
import { ApiError } from "./errors.js";

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/**
 * The first global middleware: known errors pass through; anything else is a bug, so it is
 * logged with the request id and replaced by a generic error that reveals nothing.
 */
export const maskUnexpectedErrors: MiddlewareFn<RequestContext> = async (
  { context, info },
  next,
) => {
  try {
    return (await next()) as unknown;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    context.logger.error(
      { err: error, path: info.path, operation: info.operation.name?.value },
      "resolver failed",
    );
    throw new GraphQLError(INTERNAL_ERROR_MESSAGE, {
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  }
};

/** Client-facing error codes whose message is safe to show as it is. */
const SAFE_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "INTROSPECTION_DISABLED",
  "QUERY_TOO_COMPLEX",
]);

/** Apollo's last word on every error: outside development, unknown ones say nothing. */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (development || (typeof code === "string" && SAFE_CODES.has(code))) return formatted;
    return {
      message: INTERNAL_ERROR_MESSAGE,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  };
}
