import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", "json"],
    // Fits and grid searches take ~1 s alone; the 5 s default timed out when turbo ran other packages' tests (and
    // other jobs) on the same 2 cores. Speed is measured by the benchmarks, not by timeouts.
    testTimeout: 30_000,
    outputFile: { json: "test-results/vitest.json" },
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
