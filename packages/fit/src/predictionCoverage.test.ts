import { describe, expect, it } from "vitest";
import { predictionCoverage } from "./testing/predictionCoverage.js";

// The small version of the calibration benchmark (bench/predictionCoverage.test.ts, 48 studies × 200 refits):
// 12 studies × 50 refits, 144 held-out runs. Nominal 95%; the full run measures 92.9%.
describe("prediction intervals on held-out larger runs", () => {
  it("hold 85–99% of them, while the mean-curve band alone holds far fewer", async () => {
    const r = await predictionCoverage({ studies: 12, samples: 50 });
    expect(r.heldOut).toBe(144);
    expect(r.notEstimable).toBe(0);
    expect(r.fraction).toBeGreaterThanOrEqual(0.85);
    expect(r.fraction).toBeLessThanOrEqual(0.99);
    expect(r.meanBandFraction).toBeLessThan(r.fraction);
  }, 300_000);
});
