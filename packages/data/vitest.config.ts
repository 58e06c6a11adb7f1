import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", "json"],
    // Property tests and 10^5-line files: generous on a loaded 2-core CI machine.
    testTimeout: 60_000,
    // One worker: leaves the other core to the packages tested at the same time by turbo (their timeouts are tight).
    maxWorkers: 1,
    outputFile: { json: "test-results/vitest.json" },
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
