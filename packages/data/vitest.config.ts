import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", "json"],
    // Property tests and 10^5-line files: generous on a loaded 2-core CI machine.
    testTimeout: 60_000,
    outputFile: { json: "test-results/vitest.json" },
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
