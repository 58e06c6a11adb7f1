import { describe, expect, it } from "vitest";
import { adviceEngine } from "./adviceEngine.js";
import { CoreError } from "./CoreError.js";
import { EXTRAPOLATION_LIMIT } from "./constants.js";
import { findCrossovers } from "./findCrossovers.js";
import type { Model } from "./Model.js";
import { nestedPools } from "./nestedPools.js";
import { recommendPools } from "./recommendPools.js";
import { studentTCdf, studentTQuantile } from "./studentT.js";
import { fittedModel } from "./testing/fittedModel.js";
import { REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";

const paper: Model = {
  format: "qqt.model/v1",
  law: { formulation: "utility", variant: "reference" },
  task: { a: 0.022, d: 0.1, normalizer: 1e5 },
  buckets: TMARS_BUCKETS.map((b) => ({ ...b })),
};

describe("adviceEngine on a hand-entered model (no fit)", () => {
  const engine = adviceEngine(paper);

  it("picks the paper's pools and agrees with recommendPools", () => {
    const budgets = [32e6, 64e6, 128e6, 640e6];
    const report = engine.recommend(budgets);
    expect(report.budgets.map((b) => b.best.name)).toEqual(["top 10%", "top 20%", "top 20%", "top 30%"]);
    const core = recommendPools(nestedPools(TMARS_BUCKETS), TMARS_TASK, budgets, REFERENCE);
    report.budgets.forEach((b, k) => {
      expect(b.best.index).toBe(core[k]!.best);
      expect(b.runnerUp?.index).toBe(core[k]!.runnerUp);
      expect(b.margin).toBeCloseTo(core[k]!.margin!, 15);
      expect(b.candidates.map((c) => c.error)).toEqual(core[k]!.errors);
    });
    expect(report.budgets[3]!.best.error).toBeCloseTo(0.599218, 6);
  });

  it("finds the exact crossovers of findCrossovers", () => {
    const crossovers = engine.crossovers({ min: 1e7, max: 1e10 });
    const core = findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 1e7, max: 1e10 }, REFERENCE);
    expect(crossovers.map((c) => c.budget)).toEqual(core.map((c) => c.budget));
    expect(crossovers.map((c) => `${c.from.name}→${c.to.name}`)).toEqual(["top 10%→top 20%", "top 20%→top 30%"]);
    expect(crossovers[0]!.budget / 1e6).toBeCloseTo(49.25, 2);
    expect(crossovers[1]!.budget / 1e6).toBeCloseTo(439.6, 1);
  });

  it("brackets each budget by its crossovers and gives no uncertainty without draws", () => {
    const report = engine.recommend([128e6, 640e6]);
    expect(report.uncertainty).toMatchObject({ kind: "none", draws: 0, reasons: [] });
    expect(report.budgets[0]!.bestUntil! / 1e6).toBeCloseTo(439.6, 1);
    expect(report.budgets[1]!.bestFrom! / 1e6).toBeCloseTo(439.6, 1);
    expect(report.budgets[0]!.best.probability).toBeUndefined();
    expect(report.budgets[0]!.best.interval).toBeUndefined();
    expect(report.warnings).toEqual([]);
  });

  it("flags a budget below the law's range, and searches crossovers from it", () => {
    const a = engine.advise(2e6);
    expect(a.belowLawRange).toBe(true);
    // There every pool predicts more than 1 + d, which is also above the range of an error.
    expect(a.warnings.map((w) => w.code)).toEqual(["BELOW_LAW_RANGE", "OUT_OF_RANGE"]);
    expect(a.warnings[0]!.message).toMatch(/starts at 4\.545M/);
    // Below normalizer / a every pool "crosses" at a·n/N = 1: the engine does not report that artefact.
    expect(engine.crossovers({ min: 1e6, max: 3e7 })).toEqual([]);
  });

  it("predicts any pool, candidate or not", () => {
    const forecast = engine.predict(["top30-40", "top0-10"], [32e6]);
    expect(forecast.pool).toEqual(["top0-10", "top30-40"]);
    expect(forecast.name).toBe("top 10% + 30–40%");
    expect(forecast.index).toBe(-1);
    expect(forecast.predictions[0]!.passes).toBeCloseTo(1.25, 12);
    expect(() => engine.predict(["nope"], [1e8])).toThrow(CoreError);
  });
});

describe("adviceEngine with bootstrap draws", () => {
  const model = fittedModel();
  const engine = adviceEngine(model);

  it("gives P(best) that sums to 1 and prediction intervals wider than the mean band", () => {
    const a = engine.advise(640e6);
    expect(engine.uncertainty.kind).toBe("estimated");
    const total = a.candidates.reduce((s, c) => s + c.probability!, 0);
    expect(total).toBeCloseTo(1, 12);
    for (const c of a.candidates) {
      expect(c.meanInterval!.low).toBeLessThan(c.error);
      expect(c.meanInterval!.high).toBeGreaterThan(c.error);
      expect(c.interval!.low).toBeLessThan(c.meanInterval!.low);
      expect(c.interval!.high).toBeGreaterThan(c.meanInterval!.high);
    }
    // With a noise sd of 0.002 on 10 degrees of freedom the prediction interval is at least ±t·sd wide.
    const width = a.best.interval!.high - a.best.interval!.low;
    expect(width).toBeGreaterThan(2 * studentTQuantile(0.975, 10) * 0.002);
  });

  it("puts the prediction interval's ends where the mixture of draws and t noise has 2.5% and 97.5%", () => {
    const a = engine.advise(128e6);
    const draws = model.fit!.bootstrap!.draws;
    const drawEngine = (i: number) =>
      adviceEngine({ ...model, task: { ...model.task, a: draws[i]!.a, d: draws[i]!.d }, buckets: model.buckets.map((b, k) => ({ ...b, b: draws[i]!.b[k]!, tau: draws[i]!.tau[k]! })), fit: undefined });
    const centers = draws.map((_, i) => drawEngine(i).advise(128e6).candidates[a.best.index]!.error);
    const cdf = (x: number) => centers.reduce((s, mu) => s + studentTCdf((x - mu) / 0.002, 10), 0) / centers.length;
    expect(cdf(a.best.interval!.low)).toBeCloseTo(0.025, 5);
    expect(cdf(a.best.interval!.high)).toBeCloseTo(0.975, 5);
  });

  it("gives crossovers an interval and a probability over the draws", () => {
    const crossovers = engine.crossovers({ min: 2e7, max: 1e9 });
    expect(crossovers.map((c) => c.to.name)).toEqual(["top 20%", "top 30%"]);
    for (const c of crossovers) {
      expect(c.probability).toBeGreaterThan(0.5);
      expect(c.probability).toBeLessThanOrEqual(1);
      expect(c.interval!.low).toBeLessThan(c.budget);
      expect(c.interval!.high).toBeGreaterThan(c.budget);
    }
  });

  it("draws chart bands that hold the point curve, and ranks the curves as advise does", () => {
    const budgets = [3e7, 1e8, 3e8, 1e9];
    const curves = engine.curves(budgets);
    budgets.forEach((n, j) => {
      expect(curves.best[j]).toBe(engine.advise(n).best.index);
      for (const p of curves.pools) {
        expect(p.mean!.low[j]).toBeLessThanOrEqual(p.error[j]!);
        expect(p.mean!.high[j]).toBeGreaterThanOrEqual(p.error[j]!);
        expect(p.prediction!.low[j]).toBeLessThan(p.mean!.low[j]!);
      }
    });
    const a = engine.advise(3e8);
    expect(curves.pools[a.best.index]!.prediction!.high[2]).toBeCloseTo(a.best.interval!.high, 9);
  });

  it("refuses a confidence outside (0, 1)", () => {
    expect(() => adviceEngine(model, { confidence: 1 })).toThrow(/confidence/);
  });
});

describe("adviceEngine on fits that cannot support uncertainty", () => {
  it.each([
    ["runs ≤ free parameters", fittedModel({ observations: 4, freeParameters: 10 }), /4 runs for 10 free parameters/],
    ["a NOT_IDENTIFIABLE fit", fittedModel({ fit: { warnings: [{ code: "NOT_IDENTIFIABLE", message: "tau trades off with b" }] } }), /NOT_IDENTIFIABLE/],
    ["collapsed draws", fittedModel({ spread: 0 }), /all the same fit/],
  ])("%s: no probability, no interval, a NOT_ESTIMABLE warning", (_, model, reason) => {
    const engine = adviceEngine(model);
    expect(engine.uncertainty.kind).toBe("not-estimable");
    expect(engine.uncertainty.reasons.join("; ")).toMatch(reason);
    const report = engine.recommend([32e6, 640e6]);
    for (const b of report.budgets) {
      for (const c of b.candidates) {
        expect(c.probability).toBeUndefined();
        expect(c.interval).toBeUndefined();
        expect(c.meanInterval).toBeUndefined();
      }
    }
    expect(report.crossovers.every((c) => c.probability === undefined && c.interval === undefined)).toBe(true);
    expect(report.warnings[0]!.code).toBe("NOT_ESTIMABLE");
    expect(report.warnings[0]!.message).toMatch(/share tau/);
    expect(engine.curves([1e8]).pools.every((p) => p.mean === undefined && p.prediction === undefined)).toBe(true);
  });

  it("derives the free parameters of an old file from its options", () => {
    const model = fittedModel({ observations: 6 });
    delete model.fit!.freeParameters;
    delete model.fit!.noise;
    model.fit!.options = { share: ["tau"], fixed: { d: 0.1 } };
    // a + 4 b + 1 shared tau = 6 free parameters for 6 runs: under-determined.
    expect(adviceEngine(model).uncertainty.reasons[0]).toMatch(/6 runs for 6 free parameters/);
    model.fit!.observations = 12;
    model.fit!.sse = 6 * 0.003 ** 2;
    const engine = adviceEngine(model);
    expect(engine.uncertainty.kind).toBe("estimated");
    expect(engine.uncertainty.noise).toEqual({ sd: expect.closeTo(0.003, 12), degreesOfFreedom: 6, scale: "error", source: "residuals" });
  });
});

describe("adviceEngine warnings: extrapolation, impossible values, missing records", () => {
  it("says how far a budget is beyond the runs, with the factor, past the limit only", () => {
    const engine = adviceEngine(fittedModel()); // runs 25.6M–128M, at most 10 passes per bucket
    const inside = engine.advise(100e6);
    expect(inside.extrapolation).toMatchObject({ factor: 1, side: "inside", samplesSeenFactor: 1 });
    expect(inside.warnings).toEqual([]);
    const far = engine.advise(20e9);
    expect(far.extrapolation!.side).toBe("above");
    expect(far.extrapolation!.samplesSeenFactor).toBeCloseTo(156.25, 9);
    expect(far.extrapolation!.factor).toBeGreaterThan(EXTRAPOLATION_LIMIT);
    const w = far.warnings.find((x) => x.code === "EXTRAPOLATION")!;
    expect(w.message).toMatch(/20B samples seen is 156× the largest fitted run \(128M\)/);
    expect(w.budget).toBe(20e9);
    const below = engine.advise(6e6);
    expect(below.extrapolation).toMatchObject({ side: "below" });
    expect(below.extrapolation!.samplesSeenFactor).toBeCloseTo(25.6 / 6, 9);
    expect(below.warnings.find((x) => x.code === "EXTRAPOLATION")!.message).toMatch(/4\.27× below the smallest fitted run \(25\.6M\)/);
  });

  it("counts passes over the pool's least-covered bucket", () => {
    const model = fittedModel();
    model.fit!.coverage!.buckets[0]!.maxPasses = 2;
    const a = adviceEngine(model).advise(128e6); // top 20%: 5 passes, top0-10 was run to 2 only
    expect(a.best.name).toBe("top 20%");
    expect(a.extrapolation).toMatchObject({ passes: 5, maxFittedPasses: 2, passesFactor: 2.5, bucket: "top0-10", factor: 2.5 });
    expect(a.warnings).toEqual([]);
  });

  it("warns when a predicted 1 − accuracy error is above 1, naming the pool and budget", () => {
    const model = fittedModel();
    const a = adviceEngine(model).advise(4e6); // below normalizer / a = 4.55M: every pool predicts > 1
    const w = a.warnings.find((x) => x.code === "OUT_OF_RANGE")!;
    expect(w.message).toMatch(/At 4M samples seen the predicted error of top 10% \(1\.\d+\)/);
    expect(w.message).toMatch(/1 − accuracy/);
    expect(a.best.interval!.high).toBeLessThanOrEqual(1);
    const loss = adviceEngine({ ...model, metric: { name: "loss", kind: "loss" } }).advise(4e6);
    expect(loss.warnings.some((x) => x.code === "OUT_OF_RANGE")).toBe(false);
  });

  it("says when a fitted model has no record of its runs", () => {
    const model = fittedModel();
    delete model.fit!.coverage;
    const engine = adviceEngine(model);
    expect(engine.warnings.map((w) => w.code)).toEqual(["NO_COVERAGE"]);
    expect(engine.advise(20e9).extrapolation).toBeUndefined();
  });
});

describe("adviceEngine.ensemble", () => {
  it("gives every draw's predictions, also for a not-estimable fit", () => {
    const model = fittedModel({ draws: 5 });
    const rows = adviceEngine(model).ensemble(["top0-10"], [32e6, 64e6]);
    expect(rows).toHaveLength(5);
    const d = model.fit!.bootstrap!.draws[2]!;
    const direct = adviceEngine({ ...model, fit: undefined, task: { ...model.task, a: d.a, d: d.d }, buckets: model.buckets.map((b, i) => ({ ...b, b: d.b[i]!, tau: d.tau[i]! })) });
    expect(rows[2]![1]).toBeCloseTo(direct.advise(64e6).candidates[0]!.error, 14);
    expect(adviceEngine(fittedModel({ draws: 5, observations: 3 })).ensemble(["top0-10"], [1e8])).toHaveLength(5);
  });
});
