import { createRequire } from "node:module";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

// SWC emits the decorator metadata that type-graphql and TypeORM read; esbuild/oxc do not.
const decorators = swc.vite({
  jsc: {
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: "es2022",
  },
});

// Node loads graphql's CommonJS build for type-graphql and Apollo; Vite would pick the .mjs one
// for our sources, and two copies of graphql reject each other's types. Use the same file.
const graphqlMain = createRequire(import.meta.url).resolve("graphql");
const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlMain }] };

export default defineConfig({
  plugins: [decorators],
  resolve,
  test: {
    projects: [
      {
        plugins: [decorators],
        resolve,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        plugins: [decorators],
        resolve,
        test: {
          name: "integration",
          include: ["test/**/*.int.test.ts"],
          environment: "node",
          // Each file starts its own server; on two cores, files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [decorators],
        resolve,
        test: {
          // Real API processes on a PostgreSQL cluster the test starts and stops itself (needs
          // PostgreSQL's binaries and a built API): `pnpm test:pg`, which with-postgres.sh runs.
          name: "postgres",
          include: ["test/**/*.pg.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
