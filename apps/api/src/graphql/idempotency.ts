import { createHash } from "node:crypto";
import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from "@apollo/server";
import {
  type DocumentNode,
  type FormattedExecutionResult,
  type OperationDefinitionNode,
  Kind,
  OperationTypeNode,
  visit,
} from "graphql";
import { type RequestContext } from "../context.js";

/**
 * Client retries with the `Idempotency-Key` header (IETF draft "The Idempotency-Key HTTP Header
 * Field"): a signed-in caller's mutation runs once per key, and retries get the first answer.
 *
 * Consistency: each mutation commits in its own transaction, and the key is claimed before it runs
 * and completed right after, so a stored response always describes committed data. Should the
 * process die between the two, the key stays "in flight" (409) until it expires rather than let a
 * retry run the mutation a second time: at most once, never twice.
 */
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";
const MAX_KEY_LENGTH = 255;

export type IdempotencyErrorCode =
  | "IDEMPOTENCY_KEY_INVALID"
  | "IDEMPOTENCY_KEY_NOT_SUPPORTED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "IDEMPOTENCY_KEY_IN_FLIGHT";

/** Their responses carry a secret, and secrets are only ever stored hashed. */
const SECRET_RESPONSE_FIELDS = new Set(["login", "activateUser", "createApiKey", "resetPassword"]);

/**
 * The key, or null when the header value is not 1 to 255 printable ASCII characters. The draft's
 * structured-field form `"…"` names the same key as the bare one.
 */
export function parseIdempotencyKey(raw: string): string | null {
  const quoted = /^"((?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\["\\])*)"$/.exec(raw);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, "$1") : raw;
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH && /^[\x20-\x7E]+$/.test(key) ? key : null;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same variables. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the operation text, the variables and the operation name. */
export function requestFingerprint(request: {
  query?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}): string {
  return createHash("sha256")
    .update(
      canonicalJson([request.query ?? "", request.variables ?? {}, request.operationName ?? null]),
    )
    .digest("hex");
}

function selectsSecretField(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (SECRET_RESPONSE_FIELDS.has(node.name.value)) found = true;
    },
  });
  return found;
}

/** True when the operation selects exactly one mutation field, directly. */
function hasOneRootField(operation: OperationDefinitionNode): boolean {
  const fields = operation.selectionSet.selections.filter(
    (s) => !(s.kind === Kind.FIELD && s.name.value === "__typename"),
  );
  return fields.length === 1 && fields[0]!.kind === Kind.FIELD;
}

/**
 * The server's fault, and nothing was saved: worth running again. 5xx and 429 answers, and a lone
 * mutation field that failed with INTERNAL_SERVER_ERROR (services write in one transaction, which
 * rolled back). Anything else is the outcome and is kept, even when partly failed.
 */
function isRetryable(status: number, result: FormattedExecutionResult, oneField: boolean): boolean {
  if (status >= 500 || status === 429) return true;
  return (
    oneField &&
    (result.errors ?? []).some(
      (e) => e.extensions?.code === "INTERNAL_SERVER_ERROR" && e.path?.length === 1,
    )
  );
}

function refusal(
  status: number,
  code: IdempotencyErrorCode,
  message: string,
  extensions: Record<string, string> = {},
): GraphQLResponse {
  return {
    http: { status, headers: new HeaderMap() },
    body: {
      kind: "single",
      singleResult: { errors: [{ message, extensions: { code, ...extensions } }] },
    },
  };
}

export function idempotencyPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      let claim: { id: number; oneField: boolean } | null = null;
      return Promise.resolve({
        async responseForOperation({ request, operation, document, contextValue }) {
          const raw = request.http?.headers.get(IDEMPOTENCY_KEY_HEADER.toLowerCase());
          if (operation.operation !== OperationTypeNode.MUTATION || raw === undefined) return null;
          const key = parseIdempotencyKey(raw);
          if (key === null) {
            const shown = raw.length > 300 ? `${raw.slice(0, 300)}…` : raw;
            return refusal(
              400,
              "IDEMPOTENCY_KEY_INVALID",
              `The ${IDEMPOTENCY_KEY_HEADER} header must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters; got ${JSON.stringify(shown)}.`,
              { header: IDEMPOTENCY_KEY_HEADER, value: shown },
            );
          }
          // Keys belong to a user; anonymous callers can only sign in, and those answers are never kept.
          const viewer = contextValue.viewer;
          if (viewer === null) return null;
          if (selectsSecretField(document)) {
            return refusal(
              400,
              "IDEMPOTENCY_KEY_NOT_SUPPORTED",
              `The ${IDEMPOTENCY_KEY_HEADER} header cannot be used with login, activateUser or createApiKey: their responses carry a secret, which is never stored. Send the request without it.`,
              { header: IDEMPOTENCY_KEY_HEADER },
            );
          }
          const outcome = await contextValue.services.idempotency.claim(
            viewer.user.id,
            key,
            requestFingerprint(request),
          );
          switch (outcome.kind) {
            case "claimed":
              claim = { id: outcome.id, oneField: hasOneRootField(operation) };
              return null;
            case "replay":
              return {
                http: {
                  status: outcome.status,
                  headers: new HeaderMap([[IDEMPOTENT_REPLAYED_HEADER.toLowerCase(), "true"]]),
                },
                body: {
                  kind: "single",
                  singleResult: JSON.parse(outcome.body) as FormattedExecutionResult,
                },
              };
            case "reused":
              return refusal(
                422,
                "IDEMPOTENCY_KEY_REUSED",
                `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request (operation, variables or operation name); send a new key for a new request.`,
                { header: IDEMPOTENCY_KEY_HEADER },
              );
            case "in-flight":
              return refusal(
                409,
                "IDEMPOTENCY_KEY_IN_FLIGHT",
                `The request with this ${IDEMPOTENCY_KEY_HEADER}, started at ${outcome.since.toISOString()}, has not finished; retry once it has.`,
                { header: IDEMPOTENCY_KEY_HEADER },
              );
          }
        },

        async willSendResponse({ response, contextValue }) {
          if (claim === null) return;
          const { id, oneField } = claim;
          const status = response.http.status ?? 200;
          const { idempotency } = contextValue.services;
          try {
            if (
              response.body.kind === "single" &&
              !isRetryable(status, response.body.singleResult, oneField)
            ) {
              await idempotency.complete(id, status, JSON.stringify(response.body.singleResult));
            } else {
              await idempotency.release(id);
            }
          } catch (error) {
            // The mutation's own outcome stands; the key stays in flight rather than run it twice.
            contextValue.logger.error(
              { err: error, idempotencyKeyId: id },
              "idempotency key not recorded",
            );
          }
        },
      });
    },
  };
}
