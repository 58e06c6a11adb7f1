import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", "json"],
    // DuckDB sorts 10^6-row files and NumPy is spawned: generous on a loaded 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One worker: leaves the other core to the packages tested at the same time by turbo.
    maxWorkers: 1,
    outputFile: { json: "test-results/vitest.json" },
  },
});
