import { domainConfig } from "@reseller/eslint-config/domain";

export default domainConfig(import.meta.dirname);
