// The domain package stays pure: the rules must not depend on persistence, transport or UI.
import { nodeConfig } from "./node.js";

const forbidden = [
  "typeorm",
  "type-graphql",
  "graphql",
  "vue",
  "@apollo/*",
  "express",
  "pg",
  "better-sqlite3",
];

export function domainConfig(tsconfigRootDir) {
  return [
    ...nodeConfig(tsconfigRootDir),
    {
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: forbidden.map((group) => ({
              group: [group, `${group}/*`],
              message: "packages/domain is pure: no persistence, GraphQL or UI imports.",
            })),
          },
        ],
      },
    },
  ];
}
