import { domainConfig } from "@reseller/eslint-config/domain";

// The config files sit outside tsconfig's `src`, so the type-aware rules cannot see them.
export default [
  ...domainConfig(import.meta.dirname),
  { ignores: ["eslint.config.js", "vitest.config.ts"] },
];
