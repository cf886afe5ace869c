import { unitPreset } from "@reseller/vitest-config";

export default unitPreset;
