import { findCrossovers, nestedPools, predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { bootstrap, type BootstrapProgress } from "./bootstrap.js";
import { fit } from "./fit.js";
import { FitError } from "./FitError.js";
import { paperDesign, TRUE_BUCKETS, TRUE_TASK } from "./testing/synthetic.js";
import { bestPoolProbabilities, crossoverIntervals, predictedErrorIntervals } from "./uncertainty.js";

const FOUR = TRUE_BUCKETS.slice(0, 4);
const input = paperDesign({ noise: 0.003, seed: 21, buckets: FOUR });
const NESTED = [["top0-10"], ["top0-10", "top10-20"], ["top0-10", "top10-20", "top20-30"]];

describe("bootstrap", async () => {
  const progress: BootstrapProgress[] = [];
  const boot = await bootstrap(input, { samples: 40, seed: 3, onProgress: (p) => progress.push(p) });

  it("refits every resample, keeps aligned draws and reports progress after each", () => {
    expect(boot.samples).toBe(40);
    expect(boot.successful + boot.failures).toBe(40);
    expect(boot.draws).toHaveLength(boot.successful);
    expect(boot.method).toBe("residuals");
    expect(boot.confidence).toBe(0.95);
    for (const draw of boot.draws) {
      expect(draw.b).toHaveLength(4);
      expect(draw.tau).toHaveLength(4);
      expect([draw.a, draw.d, ...draw.b, ...draw.tau].every(Number.isFinite)).toBe(true);
      expect(draw.b.every((b) => b < 0)).toBe(true);
    }
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
    expect(progress.at(-1)).toEqual({ done: 40, total: 40, failures: boot.failures });
  });

  it("gives percentile intervals for every free parameter that bracket the point estimate", () => {
    const { intervals, fit: point } = boot;
    expect(intervals.a!.low).toBeLessThan(point.task.a);
    expect(intervals.a!.high).toBeGreaterThan(point.task.a);
    expect(intervals.d!.low).toBeLessThanOrEqual(intervals.d!.high);
    intervals.buckets.forEach((b, i) => {
      expect(b.id).toBe(FOUR[i]!.id);
      expect(b.b!.low).toBeLessThan(point.buckets[i]!.b);
      expect(b.b!.high).toBeGreaterThan(point.buckets[i]!.b);
      expect(b.tau!.low).toBeLessThan(b.tau!.high);
    });
    // The interval of the sorted draws is their 2.5% and 97.5% quantiles.
    const as = boot.draws.map((d) => d.a).sort((x, y) => x - y);
    expect(intervals.a!.low).toBeGreaterThanOrEqual(as[0]!);
    expect(intervals.a!.high).toBeLessThanOrEqual(as.at(-1)!);
  });

  it("is deterministic for a seed and differs between seeds", async () => {
    // The point fit is given to keep it cheap (fit determinism is tested in fit.test.ts).
    const again = await bootstrap(input, { samples: 4, seed: 3, fit: boot.fit });
    const same = await bootstrap(input, { samples: 4, seed: 3, fit: boot.fit });
    expect(same.draws).toHaveLength(4);
    expect(same.draws).toEqual(again.draws);
    const other = await bootstrap(input, { samples: 4, seed: 4, fit: boot.fit });
    expect(other.draws).not.toEqual(again.draws);
  });

  it("resamples runs within each pool with method 'runs'", async () => {
    const runs = await bootstrap(input, { samples: 8, seed: 1, method: "runs" });
    expect(runs.method).toBe("runs");
    expect(runs.successful).toBeGreaterThanOrEqual(2);
    expect(runs.draws[0]).not.toEqual(runs.draws[1]);
  });

  it("omits intervals of fixed parameters", async () => {
    const fixed = await bootstrap(input, { samples: 4, seed: 1, fixed: { d: 0.1, tau: 3 }, share: ["tau"] });
    expect(fixed.intervals.d).toBeUndefined();
    expect(fixed.intervals.buckets.every((b) => b.tau === undefined && b.b !== undefined)).toBe(true);
    expect(fixed.draws.every((d) => d.d === 0.1 && d.tau.every((t) => t === 3))).toBe(true);
  });

  it("stops with ABORTED when the signal fires", async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = bootstrap(input, {
      samples: 1000,
      seed: 1,
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.done;
        if (p.done === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: "ABORTED" });
    expect(seen).toBe(3);
    await expect(run).rejects.toBeInstanceOf(FitError);
  });

  it("predicted-error intervals of a pool contain the point prediction and the truth", () => {
    const budgets = [25.6e6, 64e6, 128e6];
    const rows = predictedErrorIntervals(boot, { pool: ["top0-10", "top10-20"], budgets });
    expect(rows.map((r) => r.samplesSeen)).toEqual(budgets);
    rows.forEach((row) => {
      const point = predictError(
        boot.fit.buckets.slice(0, 2),
        boot.fit.task,
        row.samplesSeen,
        boot.fit.law,
      );
      expect(row.estimate).toBeCloseTo(point, 12);
      expect(row.low).toBeLessThanOrEqual(row.median);
      expect(row.median).toBeLessThanOrEqual(row.high);
      const truth = predictError(FOUR.slice(0, 2), TRUE_TASK, row.samplesSeen);
      expect(truth).toBeGreaterThan(row.low - 0.01);
      expect(truth).toBeLessThan(row.high + 0.01);
    });
    const narrow = predictedErrorIntervals(boot, { pool: ["top0-10"], budgets: [64e6], confidence: 0.5 })[0]!;
    const wide = predictedErrorIntervals(boot, { pool: ["top0-10"], budgets: [64e6] })[0]!;
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });

  it("crossover intervals bracket the point fit's crossovers of the nested pools", () => {
    const rows = crossoverIntervals(boot, { candidates: NESTED, min: 1e7, max: 1e10 });
    const candidates = nestedPools(boot.fit.buckets.slice(0, 3));
    const point = findCrossovers(candidates, boot.fit.task, { min: 1e7, max: 1e10 }, boot.fit.law);
    expect(point.length).toBeGreaterThan(0);
    for (const c of point) {
      const row = rows.find((r) => r.from === c.from && r.to === c.to)!;
      expect(row.estimate).toBeCloseTo(c.budget, 0);
      expect(row.probability).toBeGreaterThan(0.5);
      expect(row.low).toBeLessThanOrEqual(row.median);
      expect(row.high).toBeGreaterThanOrEqual(row.median);
    }
    expect(rows.every((r) => r.probability > 0 && r.probability <= 1)).toBe(true);
  });

  it("best-pool probabilities sum to one and follow the point fit where it is clear", () => {
    const rows = bestPoolProbabilities(boot, { candidates: NESTED, budgets: [20e6, 3e9] });
    for (const row of rows) {
      expect(row.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(row.probabilities[row.mostLikely]).toBeGreaterThanOrEqual(Math.max(...row.probabilities));
    }
    expect(rows[0]!.best).toBe(0); // small budget: the smallest, best pool
    expect(rows[0]!.probabilities[0]).toBeGreaterThan(0.8);
    expect(rows[1]!.best).toBe(2); // large budget: the largest pool
  });

  it("rejects bad queries and options", async () => {
    expect(() => predictedErrorIntervals(boot, { pool: ["nope"], budgets: [1e7] })).toThrow(/no fitted bucket has id "nope"/);
    expect(() => predictedErrorIntervals(boot, { pool: ["top0-10"], budgets: [0] })).toThrow(/query\.budgets/);
    expect(() => bestPoolProbabilities(boot, { candidates: [], budgets: [1e7] })).toThrow(/query\.candidates/);
    expect(() => crossoverIntervals(boot, { candidates: NESTED, min: 10, max: 1 })).toThrow(/min < max/);
    await expect(bootstrap(input, { samples: 1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(bootstrap(input, { samples: 5, method: "jackknife" as "runs" })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(bootstrap(input, { samples: 5, confidence: 1 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});

describe("bootstrap of a point fit given in advance", () => {
  it("uses the given fit as its point estimate", async () => {
    const point = fit(input, { seed: 2 });
    const boot = await bootstrap(input, { samples: 3, seed: 2, fit: point });
    expect(boot.fit).toBe(point);
  });
});
