import "reflect-metadata";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  Kind,
  TypeInfo,
  concatAST,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  separateOperations,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE } from "../modules/common/page.js";
import { getSchema } from "../schema.js";
import { LIMITS, complexityOf } from "./hardening.js";

// The documents the console's graphql-codegen compiles (apps/admin/codegen.ts: src/**/*.graphql).
const CONSOLE_SRC = fileURLToPath(new URL("../../../admin/src", import.meta.url));
/** The console's operations when this test was written; fewer means the files were not found. */
const KNOWN_OPERATIONS = 27;

interface ConsoleOperation {
  name: string;
  file: string;
  /** The operation with the fragments it spreads, as the console sends it. */
  document: DocumentNode;
  definition: OperationDefinitionNode;
}

function loadConsoleOperations(): ConsoleOperation[] {
  const files = readdirSync(CONSOLE_SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".graphql"))
    .sort();
  const parsed = files.map((file) => ({
    file,
    document: parse(readFileSync(join(CONSOLE_SRC, file), "utf8")),
  }));
  // Fragments may live in another file, as codegen allows.
  const sendable = separateOperations(concatAST(parsed.map((p) => p.document)));
  return parsed.flatMap(({ file, document }) =>
    document.definitions.flatMap((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
      const name = definition.name?.value;
      if (!name) throw new Error(`${file}: the console sends only named operations`);
      return [{ name, file, document: sendable[name]!, definition }];
    }),
  );
}

/** Variables that feed a `first` argument: the page size the estimators multiply by. */
function pageSizeVariables(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value === "first" && node.value.kind === Kind.VARIABLE)
        names.add(node.value.name.value);
    },
  });
  return names;
}

/** A value the variable's type accepts; the largest page where it is a page size. */
function sampleValue(type: GraphQLInputType, pageSize: boolean): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, pageSize);
  if (isListType(type)) return [sampleValue(type.ofType, false)];
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields()).map((field) => [field.name, sampleValue(field.type, false)]),
    );
  if (isEnumType(type)) return type.getValues()[0]!.name;
  switch (type.name) {
    case "Int":
      return pageSize ? MAX_PAGE_SIZE : 1;
    case "Float":
      return 1;
    case "Boolean":
      return true;
    case "String":
    case "ID":
      return "1";
  }
  for (const candidate of ["2030-01-01T00:00:00.000Z", "1"]) {
    try {
      type.parseValue(candidate);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`no sample value for the scalar ${type.name}`);
}

function worstCaseVariables(
  schema: GraphQLSchema,
  operation: ConsoleOperation,
): Record<string, unknown> {
  const pageSizes = pageSizeVariables(operation.document);
  return Object.fromEntries(
    (operation.definition.variableDefinitions ?? []).map((definition) => {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
      if (!type) throw new Error(`${operation.name}: unknown type of $${name}`);
      return [name, sampleValue(type, pageSizes.has(name))];
    }),
  );
}

/** Scalars cost nothing on their own (hardening.ts); an operation that selects an object does. */
function selectsAnObject(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (type && isCompositeType(getNamedType(type))) found = true;
      },
    }),
  );
  return found;
}

describe("the console's operations and the complexity budget (security.md row 13)", () => {
  const operations = loadConsoleOperations();
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await getSchema();
  });

  it("should find every operation the console sends when it reads apps/admin/src/**/*.graphql", () => {
    expect(operations.length).toBeGreaterThanOrEqual(KNOWN_OPERATIONS);
    expect(new Set(operations.map((op) => op.name)).size).toBe(operations.length);
  });

  it.each(operations)(
    "should price $name within the server's limit when its variables ask for the most",
    (operation) => {
      const where = `${operation.name} (${operation.file})`;
      expect(
        validate(schema, operation.document).map((e) => e.message),
        `${where} does not validate against the API's schema`,
      ).toEqual([]);
      const variables = worstCaseVariables(schema, operation);
      // As operationGuards prices a request: the whole document, the operation named.
      const cost = complexityOf(schema, operation.document, operation.name, variables);
      expect(
        cost,
        `${where} costs ${cost} points with ${JSON.stringify(variables)}; the limit is ${LIMITS.complexity}`,
      ).toBeLessThanOrEqual(LIMITS.complexity);
      if (selectsAnObject(schema, operation.document))
        expect(cost, `${where} selects objects but was priced at ${cost}`).toBeGreaterThan(0);
      else expect(cost, `${where} selects only scalars`).toBe(0);
    },
  );
});
