import {
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  getNamedType,
  isObjectType,
} from "graphql";

/** What one mutation field left for the audit log, before the actor is worked out. */
export interface AuditDraft {
  operation: string;
  outcome: string;
  objectType: string | null;
  objectId: string | null;
  relatedIds: Record<string, string>;
  changedFields: string[];
  /** A sign-in names its account: by id when it succeeded, by the email it tried when not. */
  signIn?: number | string;
}

// Sign-ins change nothing the caller typed; their arguments are credentials.
const SIGN_IN_OPERATIONS = new Set(["login", "activateUser"]);
// Credentials travel as arguments; an entry never names their values, nor `token` as a change.
const NOT_A_CHANGE = new Set(["token"]);
const MAX_ID_LENGTH = 40;
const MAX_RELATED_IDS = 10;
const MAX_CHANGED_FIELDS = 50;

/** Row references; `aws…Id` arguments are AWS account numbers, data the caller set. */
function isIdName(name: string): boolean {
  return (name === "id" || name.endsWith("Id")) && !name.startsWith("aws");
}

function clip(value: string, length: number): string {
  return value.length > length ? value.slice(0, length) : value;
}

/** Walks the arguments: ids by path, every other leaf as a changed field name (never its value). */
function walkArgs(
  value: unknown,
  path: string,
  relatedIds: Record<string, string>,
  changed: string[],
): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner === undefined) continue;
      walkArgs(inner, path === "" ? key : `${path}.${key}`, relatedIds, changed);
    }
    return;
  }
  const name = path.slice(path.lastIndexOf(".") + 1);
  if (isIdName(name) && (typeof value === "string" || typeof value === "number")) {
    if (Object.keys(relatedIds).length < MAX_RELATED_IDS)
      relatedIds[clip(path, 100)] = clip(String(value), MAX_ID_LENGTH);
    return;
  }
  if (!NOT_A_CHANGE.has(name) && changed.length < MAX_CHANGED_FIELDS) changed.push(clip(path, 100));
}

/** `deleteResellerLink` → `ResellerLink`: the object a failed call was aimed at. */
function typeFromOperation(operation: string): string | null {
  const noun = operation.replace(/^[a-z]+/, "");
  return noun === "" ? null : noun;
}

function idOf(value: unknown): string | null {
  if (value === null || typeof value !== "object") return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? clip(String(id), MAX_ID_LENGTH) : null;
}

/**
 * The object a successful call returned: itself when it has an id, else the payload's field of
 * the operation's type (`createPartner` → `partner`), else its first field with an id.
 */
function returnedObject(
  result: unknown,
  returnType: GraphQLOutputType,
  noun: string | null,
): { type: string; id: string } | null {
  const named = getNamedType(returnType);
  const own = idOf(result);
  if (own !== null) return { type: named.name, id: own };
  if (!isObjectType(named) || result === null || typeof result !== "object") return null;
  const found: { type: string; id: string }[] = [];
  for (const [key, field] of Object.entries(named.getFields())) {
    const id = idOf((result as Record<string, unknown>)[key]);
    if (id !== null) found.push({ type: getNamedType(field.type).name, id });
  }
  return found.find((f) => noun !== null && noun.endsWith(f.type)) ?? found[0] ?? null;
}

function errorCode(error: Error): string {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return typeof code === "string" && /^[A-Z_]{1,40}$/.test(code) ? code : "INTERNAL_SERVER_ERROR";
}

export function auditDraft(
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
  error: Error | null,
  result: unknown,
): AuditDraft {
  const operation = info.fieldName;
  const relatedIds: Record<string, string> = {};
  const changedFields: string[] = [];
  if (!SIGN_IN_OPERATIONS.has(operation)) walkArgs(args, "", relatedIds, changedFields);
  const noun = typeFromOperation(operation);
  const returned = error === null ? returnedObject(result, info.returnType, noun) : null;
  const objectType = returned?.type ?? noun;
  const objectId = returned?.id ?? relatedIds.id ?? null;
  if (objectId !== null && relatedIds.id === objectId) delete relatedIds.id;
  const draft: AuditDraft = {
    operation,
    outcome: error === null ? "OK" : errorCode(error),
    objectType,
    objectId,
    relatedIds,
    changedFields: changedFields.sort(),
  };
  if (SIGN_IN_OPERATIONS.has(operation)) {
    if (returned?.type === "User" && /^\d{1,10}$/.test(returned.id))
      draft.signIn = Number(returned.id);
    else if (typeof args.email === "string") draft.signIn = args.email;
  }
  return draft;
}
