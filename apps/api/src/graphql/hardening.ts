import { type ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  GraphQLError,
  type ValidationContext,
  type ValidationRule,
  getNamedType,
  isLeafType,
  separateOperations,
  visit,
} from "graphql";
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from "graphql-query-complexity";
import { type RequestContext } from "../context.js";

/** security.md "Limits to start from", tuned against the console's operations. */
export const LIMITS = {
  depth: 8,
  aliases: 10,
  directives: 10,
  tokens: 2000,
  complexity: 1000,
  bodyBytes: 100 * 1024,
} as const;

/** Fields that try a password or a token: one per document, so aliases cannot multiply guesses. */
const CREDENTIAL_FIELDS = new Set(["login", "activateUser"]);

export const oneCredentialFieldPerDocument: ValidationRule = (context: ValidationContext): ASTVisitor => {
  let seen = 0;
  return {
    Field(node) {
      if (!CREDENTIAL_FIELDS.has(node.name.value)) return;
      seen += 1;
      if (seen === 2) {
        context.reportError(
          new GraphQLError("Only one login or activateUser per request.", { nodes: [node], extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
        );
      }
    },
  };
};

export function armor(development: boolean) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.depth, flattenFragments: true, exposeLimits: development },
    maxAliases: { n: LIMITS.aliases, allowList: [], exposeLimits: development },
    maxDirectives: { n: LIMITS.directives, exposeLimits: development },
    maxTokens: { n: LIMITS.tokens, exposeLimits: development },
    // Cost is measured by graphql-query-complexity with the schema's own estimates below.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !development },
  }).protect();
}

function rejection(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** Scalars are free (they come with their row); every object costs a point plus its fields. */
const objectFieldEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity;

export function complexityOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({
    schema,
    query: operationName ? separateOperations(document)[operationName] ?? document : document,
    variables,
    estimators: [fieldExtensionsEstimator(), objectFieldEstimator],
  });
}

function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") found = true;
    },
  });
  return found;
}

/**
 * Rejects, before execution, operations over the complexity budget, and introspection by
 * anonymous callers in production (partners explore the schema after signing in).
 */
export function operationGuards(development: boolean): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document, schema, contextValue }) {
          if (!development && contextValue.viewer === null && usesIntrospection(document)) {
            throw rejection("Introspection is available to signed-in callers: send Authorization: Bearer <token>.", "INTROSPECTION_DISABLED");
          }
          const cost = complexityOf(schema, document, request.operationName ?? undefined, request.variables ?? {});
          if (cost > LIMITS.complexity) {
            throw rejection(`The operation costs ${cost} points; the limit is ${LIMITS.complexity}.`, "QUERY_TOO_COMPLEX");
          }
          return Promise.resolve();
        },
      });
    },
  };
}
