import { vueConfig } from "@reseller/eslint-config/vue";

export default vueConfig(import.meta.dirname);
