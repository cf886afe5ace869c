import { type CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from the console's .graphql files and the API's emitted schema: a schema
// change that breaks an operation breaks the console's type-check.
const config: CodegenConfig = {
  schema: "../../packages/schema/schema.graphql",
  documents: ["src/**/*.graphql"],
  generates: {
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        scalars: { DateTime: "string", Decimal: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false },
        skipTypename: true,
      },
    },
  },
  silent: true,
};

export default config;
