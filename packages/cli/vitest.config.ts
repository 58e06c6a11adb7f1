import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "json"],
    // The end-to-end tests spawn the built binary (fits, bootstraps): generous on a loaded 2-core machine.
    testTimeout: 60_000,
    // One worker: leaves the other core to the packages tested at the same time by turbo.
    maxWorkers: 1,
    outputFile: { json: "test-results/vitest.json" },
  },
});
