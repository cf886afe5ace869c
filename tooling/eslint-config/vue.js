// Flat config for the Vue console: typescript-eslint's type-aware rules in .ts and .vue files.
import globals from "globals";
import pluginVue from "eslint-plugin-vue";
import tseslint from "typescript-eslint";
import { nodeConfig } from "./node.js";

export function vueConfig(tsconfigRootDir) {
  return [
    // vite/vitest configs belong to tsconfig.node.json; only eslint.config.js is outside.
    ...nodeConfig(tsconfigRootDir, ["eslint.config.js"]),
    ...pluginVue.configs["flat/recommended"],
    { files: ["src/**/*.{ts,vue}"], languageOptions: { globals: globals.browser } },
    {
      files: ["**/*.vue"],
      languageOptions: {
        parserOptions: {
          parser: tseslint.parser,
          extraFileExtensions: [".vue"],
          projectService: { allowDefaultProject: ["eslint.config.js"] },
          tsconfigRootDir,
        },
      },
    },
    {
      rules: {
        // Prettier owns formatting; these stylistic rules would fight it.
        "vue/max-attributes-per-line": "off",
        "vue/singleline-html-element-content-newline": "off",
        "vue/html-self-closing": "off",
        "vue/html-indent": "off",
        "vue/html-closing-bracket-newline": "off",
        "vue/multiline-html-element-content-newline": "off",
      },
    },
    { ignores: ["src/generated/**"] },
  ];
}
