import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    reporters: ["default", "json"],
    // Heavy property tests: the 5 s default is too tight when turbo runs other packages' tests on the same 2 cores.
    testTimeout: 30_000,
    outputFile: { json: "test-results/vitest.json" },
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
