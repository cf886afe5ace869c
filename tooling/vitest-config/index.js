// Shared vitest presets: unit tests beside their files, integration tests under test/.
import { defineConfig } from "vitest/config";

export const unitPreset = defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    reporters: ["default"],
    // Property tests run thousands of cases; a loaded 2-core CI machine needs headroom.
    testTimeout: 30_000,
  },
});

export const integrationPreset = defineConfig({
  test: {
    include: ["test/**/*.int.test.ts"],
    environment: "node",
    // Each file starts its own server on a temporary database; keep files apart.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
