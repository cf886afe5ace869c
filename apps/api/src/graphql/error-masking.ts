import { type ApolloServerPlugin } from "@apollo/server";
import { type GraphQLFormattedError } from "graphql";
import { type RequestContext } from "../context.js";
import { ApiError } from "./errors.js";

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/**
 * Logs every error a resolver threw that is not an {@link ApiError}: it is a bug, and the log line
 * (with the request id) is all the operator gets, as {@link formatError} hides it from clients.
 * A plugin, not a type-graphql global middleware: a middleware wraps every field, plain
 * properties included, in an async call, and made the schema a third slower than plain
 * graphql-js (docs/benchmarks.md).
 */
export function logUnexpectedErrors(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ errors, contextValue, operation }) {
          for (const error of errors) {
            // Errors without a path come from parsing, validation or variables: the client's.
            if (!error.path || error.originalError instanceof ApiError) continue;
            contextValue.logger.error(
              {
                err: error.originalError ?? error,
                path: error.path,
                operation: operation?.name?.value,
              },
              "resolver failed",
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}

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
