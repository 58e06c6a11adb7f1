import { describe, expect, it } from "vitest";
import { holdout } from "./holdout.js";
import { paperDesign, SIZE, TRUE_BUCKETS } from "./testing/synthetic.js";

describe("holdout", () => {
  it("predicts the held-out runs of noise-free data exactly", () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 4) }, [2, 4, 6, 8, 10, 16]);
    const result = holdout(input, { fitUntil: 10 * SIZE });
    expect(result.predictions).toHaveLength(4);
    expect(result.fitted).toHaveLength(20);
    expect(result.predictions.every((p) => p.samplesSeen === 16 * SIZE)).toBe(true);
    expect(result.summary.maxAbsoluteError).toBeLessThan(1e-8);
    expect(result.fit.observations).toBe(20);
  });

  it("summarizes absolute and relative errors of noisy extrapolation consistently", () => {
    const input = paperDesign({ noise: 0.004, seed: 12, buckets: TRUE_BUCKETS.slice(0, 3) }, [2, 4, 6, 8, 10]);
    const result = holdout(input, { fitUntil: 8 * SIZE, seed: 12 });
    const { predictions, summary } = result;
    expect(summary.count).toBe(3);
    predictions.forEach((p) => {
      expect(p.absoluteError).toBeCloseTo(Math.abs(p.predicted - p.observed), 15);
      expect(p.relativeError).toBeCloseTo(p.absoluteError / p.observed, 15);
      expect(input.observations[p.index]!.samplesSeen).toBe(p.samplesSeen);
    });
    const mean = predictions.reduce((s, p) => s + p.absoluteError, 0) / 3;
    expect(summary.meanAbsoluteError).toBeCloseTo(mean, 15);
    expect(summary.maxAbsoluteError).toBe(Math.max(...predictions.map((p) => p.absoluteError)));
    expect(summary.rootMeanSquaredError).toBeGreaterThanOrEqual(summary.meanAbsoluteError);
    expect(summary.maxAbsoluteError).toBeLessThan(0.05);
  });

  it("needs runs on both sides of fitUntil", () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 2) });
    expect(() => holdout(input, { fitUntil: 100 * SIZE })).toThrow(/nothing is held out/);
    expect(() => holdout(input, { fitUntil: 1 })).toThrow(expect.objectContaining({ code: "INSUFFICIENT_DATA" }));
    expect(() => holdout(input, { fitUntil: -1 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
});
