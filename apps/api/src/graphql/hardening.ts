import { type ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  GraphQLError,
  Kind,
  OperationTypeNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  separateOperations,
  visit,
} from "graphql";
import {
  type ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
} from "graphql-query-complexity";
import { type RequestContext } from "../context.js";

/** security.md "Limits to start from", tuned against the console's operations. */
export const LIMITS = {
  depth: 8,
  aliases: 10,
  directives: 10,
  tokens: 2000,
  /** The same response name in one selection set (fragments flattened): graphql-cop's field duplication. */
  fieldRepeats: 20,
  complexity: 1000,
  bodyBytes: 100 * 1024,
} as const;

/** Fields that try a password or a token: one per document, so aliases cannot multiply guesses. */
// Fields that check a secret or send one: aliases must not multiply their guesses or emails.
const CREDENTIAL_FIELDS = new Set([
  "login",
  "activateUser",
  "resetPassword",
  "requestPasswordReset",
  "changePassword",
]);

export const oneCredentialFieldPerDocument: ValidationRule = (
  context: ValidationContext,
): ASTVisitor => {
  let seen = 0;
  return {
    Field(node) {
      if (!CREDENTIAL_FIELDS.has(node.name.value)) return;
      seen += 1;
      if (seen === 2) {
        context.reportError(
          new GraphQLError(
            "Only one sign-in or password field (login, activateUser, resetPassword, requestPasswordReset, changePassword) per request.",
            {
              nodes: [node],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
            },
          ),
        );
      }
    },
  };
};

/**
 * graphql-cop's field duplication: 500 × `__typename` fits in the token limit. A repeated field adds
 * no data, so refuse it before execution (graphql-js's own overlap budget bounds the validation work).
 */
export const maxFieldRepeats: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const countKeys = (
    selectionSet: SelectionSetNode,
    counts: Map<string, number>,
    spread: Set<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        countKeys(selection.selectionSet, counts, spread);
      } else {
        const fragment = fragments.get(selection.name.value);
        // Each fragment counts once per selection set; a cycle is reported by NoFragmentCycles.
        if (!fragment || spread.has(fragment.name.value)) continue;
        spread.add(fragment.name.value);
        countKeys(fragment.selectionSet, counts, spread);
      }
    }
  };
  let reported = false;
  return {
    SelectionSet(node) {
      if (reported) return;
      const counts = new Map<string, number>();
      countKeys(node, counts, new Set());
      for (const [key, count] of counts) {
        if (count <= LIMITS.fieldRepeats) continue;
        reported = true;
        context.reportError(
          new GraphQLError(
            `"${key}" is selected ${count} times in one selection set; the limit is ${LIMITS.fieldRepeats}.`,
            {
              nodes: [node],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
            },
          ),
        );
        return;
      }
    },
  };
};

export function armor(development: boolean) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.depth, flattenFragments: true, exposeLimits: development },
    maxAliases: { n: LIMITS.aliases, allowList: [], exposeLimits: development },
    maxDirectives: { n: LIMITS.directives, exposeLimits: development },
    // Tokens are capped by graphql-js's parser (server.ts parseOptions): armor's plugin throws
    // outside Apollo's parse step, which turns the rejection into a 500.
    maxTokens: { enabled: false },
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

export function complexityOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: operationName ? (separateOperations(document)[operationName] ?? document) : document,
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

function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}), http: { status: 400 } },
  });
}

/** Subscriptions are refused (there are none), and the variables must match their definitions. */
export function checkOperationInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): void {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (operation?.operation === OperationTypeNode.SUBSCRIPTION)
    throw badUserInput("Subscriptions are not supported: send a query or a mutation.", "operation");
  if (!operation) return; // Apollo has already refused a document without this operation
  const { errors } = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    variables ?? {},
    {
      maxErrors: 1,
    },
  );
  const first = errors?.[0];
  if (!first) return;
  const name = /Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(first.message)?.[1];
  throw badUserInput(first.message, name === undefined ? undefined : `$${name}`);
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
            throw rejection(
              "Introspection is available to signed-in callers: send Authorization: Bearer <token>.",
              "INTROSPECTION_DISABLED",
            );
          }
          // Before the cost, which reads the variables: a missing or mistyped one is the
          // client's mistake (400), not a failure of the guard (500).
          checkOperationInput(schema, document, request.operationName, request.variables);
          const cost = complexityOf(
            schema,
            document,
            request.operationName ?? undefined,
            request.variables ?? {},
          );
          if (cost > LIMITS.complexity) {
            throw rejection(
              `The operation costs ${cost} points; the limit is ${LIMITS.complexity}.`,
              "QUERY_TOO_COMPLEX",
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
