import { nodeConfig } from "@reseller/eslint-config/node";

export default nodeConfig(import.meta.dirname);
