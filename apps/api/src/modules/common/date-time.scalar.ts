import { GraphQLScalarType, Kind } from "graphql";

function parseIso(value: unknown): Date {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw new TypeError(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO-8601 date-time in UTC.",
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    throw new TypeError("DateTime can only serialize Date values");
  },
  parseValue: parseIso,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError("DateTime literals must be strings");
    return parseIso(ast.value);
  },
});
