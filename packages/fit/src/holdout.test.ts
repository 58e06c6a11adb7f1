import { describe, expect, it } from "vitest";
import { holdout } from "./holdout.js";
import { nestedDesign, paperDesign, SIZE, TRUE_BUCKETS } from "./testing/synthetic.js";

describe("holdout", () => {
  it("predicts the held-out runs of noise-free data exactly", async () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 4) }, [2, 4, 6, 8, 10, 16]);
    const result = await holdout(input, { fitUntil: 10 * SIZE });
    expect(result.predictions).toHaveLength(4);
    expect(result.fitted).toHaveLength(20);
    expect(result.predictions.every((p) => p.samplesSeen === 16 * SIZE)).toBe(true);
    expect(result.summary.maxAbsoluteError).toBeLessThan(1e-8);
    expect(result.fit.observations).toBe(20);
    expect(result.split).toEqual({ by: "samplesSeen", until: 10 * SIZE });
    expect(result.summary.coverage).toBeUndefined(); // no bootstrap: point predictions only
  });

  it("summarizes absolute and relative errors of noisy extrapolation consistently", async () => {
    const input = paperDesign({ noise: 0.004, seed: 12, buckets: TRUE_BUCKETS.slice(0, 3) }, [2, 4, 6, 8, 10]);
    const { predictions, summary } = await holdout(input, { fitUntil: 8 * SIZE, seed: 12 });
    expect(summary.count).toBe(3);
    predictions.forEach((p) => {
      expect(p.absoluteError).toBeCloseTo(Math.abs(p.predicted - p.observed), 15);
      expect(p.relativeError).toBeCloseTo(p.absoluteError / p.observed, 15);
      expect(input.observations[p.index]!.samplesSeen).toBe(p.samplesSeen);
      expect(p.passes).toBe(10);
    });
    const mean = predictions.reduce((s, p) => s + p.absoluteError, 0) / 3;
    expect(summary.meanAbsoluteError).toBeCloseTo(mean, 15);
    expect(summary.maxAbsoluteError).toBe(Math.max(...predictions.map((p) => p.absoluteError)));
    expect(summary.rootMeanSquaredError).toBeGreaterThanOrEqual(summary.meanAbsoluteError);
    expect(summary.maxAbsoluteError).toBeLessThan(0.05);
  });

  it("splits by passes over each run's pool", async () => {
    // Nested pools top-1 … top-3 at the same budgets: 6 budgets each, so passes differ by pool.
    const input = nestedDesign({ buckets: TRUE_BUCKETS.slice(0, 3), noise: 0.002, seed: 3 });
    const result = await holdout(input, { fitUntilPasses: 4, share: ["tau"] });
    expect(result.split).toEqual({ by: "passes", until: 4 });
    const passes = (j: number) => {
      const o = input.observations[j]!;
      return o.samplesSeen / (o.pool.length * SIZE);
    };
    expect(result.fitted.every((j) => passes(j) <= 4)).toBe(true);
    expect(result.predictions.map((p) => p.index).every((j) => passes(j) > 4)).toBe(true);
    expect(result.predictions.length).toBeGreaterThan(0);
    // 256M on top 10% is 20 passes: a held-out run far beyond the fitted passes says so.
    const far = result.predictions.find((p) => p.pool.length === 1 && p.samplesSeen === 256e6)!;
    expect(far.passes).toBe(20);
    expect(far.extrapolation!.passesFactor).toBeGreaterThan(2);
  });

  it("with a bootstrap gives each held-out run a prediction interval and counts the coverage", async () => {
    const input = paperDesign({ noise: 0.003, seed: 5, buckets: TRUE_BUCKETS.slice(0, 3) }, [2, 4, 6, 8, 10]);
    const result = await holdout(input, { fitUntil: 8 * SIZE, seed: 5, bootstrap: { samples: 60 } });
    expect(result.model.fit!.bootstrap!.draws.length).toBe(60);
    for (const p of result.predictions) {
      expect(p.interval!.low).toBeLessThan(p.meanInterval!.low);
      expect(p.interval!.high).toBeGreaterThan(p.meanInterval!.high);
      expect(p.covered).toBe(p.observed >= p.interval!.low && p.observed <= p.interval!.high);
    }
    const c = result.summary.coverage!;
    expect(c.count).toBe(3);
    expect(c.covered).toBe(result.predictions.filter((p) => p.covered).length);
    expect(c.fraction).toBeCloseTo(c.covered / 3, 15);
    expect(c.confidence).toBe(0.95);
  });

  it("needs one split, runs on both sides of it, and valid held-out runs", async () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 2) });
    await expect(holdout(input, { fitUntil: 100 * SIZE })).rejects.toThrow(/nothing is held out/);
    await expect(holdout(input, { fitUntil: 1 })).rejects.toMatchObject({ code: "INSUFFICIENT_DATA" });
    await expect(holdout(input, { fitUntil: -1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(holdout(input, {})).rejects.toMatchObject({ code: "INVALID_OPTION", path: "options.fitUntil" });
    await expect(holdout(input, { fitUntil: 4 * SIZE, fitUntilPasses: 4 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    const bad = { ...input, observations: [...input.observations, { pool: ["top0-10"], samplesSeen: 64 * SIZE, error: NaN }] };
    await expect(holdout(bad, { fitUntilPasses: 10 })).rejects.toMatchObject({ code: "INVALID_OBSERVATION", path: `observations[${input.observations.length}].error` });
  });
});
