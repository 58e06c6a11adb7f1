import { defineConfig } from "vitest/config";

// `pnpm bench`: the calibration run of bench/predictionCoverage.test.ts (minutes; not part of `pnpm test`).
export default defineConfig({
  test: { include: ["bench/**/*.test.ts"], testTimeout: 1_800_000, reporters: ["default"] },
});
