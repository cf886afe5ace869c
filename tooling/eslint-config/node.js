// Shared flat config for TypeScript packages that run on Node.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `defaultProject`: files outside every tsconfig (config files) that still get type-aware linting. */
export function nodeConfig(tsconfigRootDir, defaultProject = ["*.config.js", "*.config.ts"]) {
  return tseslint.config(
    { ignores: ["dist/**", "coverage/**", "node_modules/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: globals.node,
        parserOptions: {
          // Config files sit outside each package's tsconfig; lint them with a default project.
          projectService: { allowDefaultProject: defaultProject },
          tsconfigRootDir,
        },
      },
      rules: {
        "@typescript-eslint/consistent-type-imports": [
          "error",
          { fixStyle: "inline-type-imports" },
        ],
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
        ],
        "@typescript-eslint/no-floating-promises": "error",
        "no-console": "error",
      },
    },
    {
      files: ["**/*.test.ts", "test/**/*.ts"],
      rules: {
        "@typescript-eslint/no-non-null-assertion": "off",
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-unsafe-member-access": "off",
        "@typescript-eslint/no-unsafe-argument": "off",
        "@typescript-eslint/no-unsafe-call": "off",
      },
    },
  );
}
