import { adviceEngine, findCrossovers, nestedPools, predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { bootstrap, type BootstrapProgress } from "./bootstrap.js";
import { fit } from "./fit.js";
import { FitError } from "./FitError.js";
import { paperDesign, TRUE_BUCKETS, TRUE_TASK } from "./testing/synthetic.js";

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

  it("its model gives the advice engine intervals that hold the point prediction and the truth", () => {
    const engine = adviceEngine(boot.model, { candidates: NESTED });
    expect(engine.uncertainty.kind).toBe("estimated");
    const budgets = [25.6e6, 64e6, 128e6];
    const forecast = engine.predict(["top0-10", "top10-20"], budgets);
    forecast.predictions.forEach((row) => {
      const point = predictError(boot.fit.buckets.slice(0, 2), boot.fit.task, row.samplesSeen, boot.fit.law);
      expect(row.error).toBeCloseTo(point, 12);
      expect(row.meanInterval!.low).toBeLessThanOrEqual(row.meanInterval!.median);
      expect(row.meanInterval!.median).toBeLessThanOrEqual(row.meanInterval!.high);
      expect(row.interval!.low).toBeLessThan(row.meanInterval!.low);
      expect(row.interval!.high).toBeGreaterThan(row.meanInterval!.high);
      const truth = predictError(FOUR.slice(0, 2), TRUE_TASK, row.samplesSeen);
      expect(truth).toBeGreaterThan(row.interval!.low);
      expect(truth).toBeLessThan(row.interval!.high);
    });
    const narrow = adviceEngine(boot.model, { confidence: 0.5 }).predict(["top0-10"], [64e6]).predictions[0]!;
    const wide = engine.predict(["top0-10"], [64e6]).predictions[0]!;
    expect(wide.interval!.high - wide.interval!.low).toBeGreaterThan(narrow.interval!.high - narrow.interval!.low);
  });

  it("gives the engine crossover intervals that bracket the point fit's crossovers", () => {
    const rows = adviceEngine(boot.model, { candidates: NESTED }).crossovers({ min: 1e7, max: 1e10 });
    const point = findCrossovers(nestedPools(boot.fit.buckets.slice(0, 3)), boot.fit.task, { min: 1e7, max: 1e10 }, boot.fit.law);
    expect(point.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.budget)).toEqual(point.map((c) => c.budget));
    for (const row of rows) {
      expect(row.probability).toBeGreaterThan(0.5);
      expect(row.interval!.low).toBeLessThanOrEqual(row.interval!.median);
      expect(row.interval!.high).toBeGreaterThanOrEqual(row.interval!.median);
    }
  });

  it("gives best-pool probabilities that sum to one and follow the point fit where it is clear", () => {
    const engine = adviceEngine(boot.model, { candidates: NESTED });
    const small = engine.advise(20e6);
    const large = engine.advise(3e9);
    for (const a of [small, large]) expect(a.candidates.reduce((s, c) => s + c.probability!, 0)).toBeCloseTo(1, 12);
    expect(small.best.index).toBe(0);
    expect(small.best.probability).toBeGreaterThan(0.8);
    expect(large.best.index).toBe(2);
  });

  it("records the noise of a run and what the runs cover in its model", () => {
    const record = boot.model.fit!;
    expect(record.bootstrap!.draws).toHaveLength(boot.draws.length);
    expect(record.freeParameters).toBe(boot.fit.freeParameters);
    expect(record.coverage!.samplesSeen).toEqual({ low: Math.min(...input.observations.map((o) => o.samplesSeen)), high: Math.max(...input.observations.map((o) => o.samplesSeen)) });
    expect(record.noise!.source).toBe("residuals");
    expect(record.noise!.sd).toBeCloseTo(Math.sqrt(boot.fit.sse / (boot.fit.observations - boot.fit.freeParameters)), 12);
  });

  it("rejects bad queries and options", async () => {
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
