import { type ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import { registerEnumType } from "type-graphql";
import { type RequestContext } from "../../context.js";
import { type ApiKeyScope } from "../../persistence/entities/credential.entities.js";
import { ApiError } from "../../graphql/errors.js";

export const ApiKeyScopeEnum = { READ: "READ", ADMIN: "ADMIN" } as const satisfies Record<
  ApiKeyScope,
  ApiKeyScope
>;
registerEnumType(ApiKeyScopeEnum, {
  name: "ApiKeyScope",
  description: "What an API key may do.",
  valuesConfig: {
    READ: { description: "Queries only: any mutation is refused with FORBIDDEN." },
    ADMIN: {
      description: "Everything its owner may do, except creating API keys.",
    },
  },
});

/**
 * Refuses a mutation (or subscription) signed with a READ key before anything runs: the scope is
 * a property of the whole request, so it is checked once, on the parsed operation.
 */
export function apiKeyScopePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          const credential = contextValue.viewer?.credential;
          if (
            credential?.kind === "apiKey" &&
            credential.scope === "READ" &&
            operation?.operation !== OperationTypeNode.QUERY
          ) {
            const error = new ApiError(
              "FORBIDDEN",
              "This API key has the READ scope: it may run queries only.",
              {
                reason: "API_KEY_READ_ONLY",
                field: "operation",
                value: operation?.operation ?? null,
              },
            );
            Object.assign(error.extensions, { http: { status: 403 } });
            return Promise.reject(error);
          }
          return Promise.resolve();
        },
      });
    },
  };
}
