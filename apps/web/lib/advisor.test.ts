import { adviceEngine, findCrossovers, nestedPools, poolName, recommend, type Model } from "@qqt/core";
import { bootstrap, fit, toModelFile } from "@qqt/fit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAdvisor, crossoverMarkers, defaultRange, poolCurves, rangeWith, recommendationSentence, type Advisor } from "./advisor";
import { adviceServer } from "./adviseJob";
import { computeCurves } from "./curvesJob";
import type { ModelFileV1 } from "./modelFile";
import { logSpace } from "./scale";
import { syntheticModel, withSyntheticDraws } from "./synthetic";
import { DATACOMP_SYNTHETIC, TMARS as TMARS_IMAGENET, TMARS_WITH_DRAWS } from "./testing/fixtures";

// The adapter renders what @qqt/core's advice engine returns: every test compares the page's answer with
// adviceEngine(model) on the same model.

// Spec §6 golden values (official code, T-MARS ImageNet parameters), nested pools top 10% … top 40%.
const GOLDEN: ReadonlyArray<{ budget: number; errors: number[]; best: number }> = [
  { budget: 32e6, errors: [0.811987, 0.823405, 0.846215, 0.864643], best: 1 },
  { budget: 64e6, errors: [0.751573, 0.742862, 0.768555, 0.793451], best: 2 },
  { budget: 128e6, errors: [0.719275, 0.679157, 0.700329, 0.726265], best: 2 },
  { budget: 640e6, errors: [0.707105, 0.607255, 0.599218, 0.616552], best: 3 },
];

/** ViT-B/32 on LAION as @qqt/fit fits it (one b and tau for the three pools): pools of one quality tie. */
const LAION_TIED: ModelFileV1 = {
  format: "qqt.model/v1",
  law: { formulation: "utility", variant: "paper" },
  task: { a: 0.0007112635074636725, d: 0.3313607520980152, normalizer: 1e5 },
  buckets: [
    { id: "LAION-80M", size: 80000415, b: -0.8144682630611385, tau: 32.795965316567354 },
    { id: "LAION-400M", size: 407332084, b: -0.8144682630611385, tau: 32.795965316567354 },
    { id: "LAION-2B", size: 2320000000, b: -0.8144682630611385, tau: 32.795965316567354 },
  ],
};

/** The SYNTHETIC DataComp study fitted as the page fits it (reference variant, seed 0), with a small bootstrap. */
const DATACOMP_FITTED: ModelFileV1 = await (async () => {
  const options = { law: { formulation: "utility", variant: "reference" }, seed: 0 } as const;
  const point = fit(DATACOMP_SYNTHETIC, options);
  const boot = await bootstrap(DATACOMP_SYNTHETIC, { ...options, samples: 40, fit: point });
  return toModelFile(point, { bootstrap: boot, name: "datacomp (test)", ...(DATACOMP_SYNTHETIC.metric ? { metric: DATACOMP_SYNTHETIC.metric } : {}) });
})();

/** Four runs for ten free parameters: the fit succeeds, the engine calls it not estimable. */
const UNDERDETERMINED: ModelFileV1 = await (async () => {
  const input = {
    buckets: DATACOMP_SYNTHETIC.buckets,
    observations: [
      { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.836 },
      { pool: ["top10-20"], samplesSeen: 25.6e6, error: 0.85 },
      { pool: ["top20-30"], samplesSeen: 51.2e6, error: 0.8 },
      { pool: ["top30-40"], samplesSeen: 51.2e6, error: 0.82 },
    ],
  };
  const point = fit(input, { seed: 0 });
  return toModelFile(point, { bootstrap: await bootstrap(input, { seed: 0, samples: 20, fit: point }), name: "4 runs (test)" });
})();

const EXAMPLES: ReadonlyArray<[string, ModelFileV1]> = [
  ["the paper's T-MARS model", TMARS_IMAGENET],
  ["T-MARS with synthetic draws", TMARS_WITH_DRAWS],
  ["the fitted SYNTHETIC DataComp study", DATACOMP_FITTED],
  ["a fit of 4 runs for 10 parameters", UNDERDETERMINED],
  ["LAION pools of one quality", LAION_TIED],
];

const BUDGETS = [1e6, 12.8e6, 32e6, 49e6, 64e6, 128e6, 440e6, 640e6, 1.28e9, 20e9, 1e11];

const advisor = compileAdvisor(TMARS_IMAGENET);

describe("compileAdvisor renders the advice engine", () => {
  describe.each(EXAMPLES)("%s", (_, model) => {
    const engine = adviceEngine(model);
    const page = compileAdvisor(model);

    it("names the engine's candidates (core's poolName) in its order", () => {
      expect(page.pools.map((p) => [p.k, p.name, p.ids, p.uniqueSamples])).toEqual(engine.candidates.map((c) => [c.index + 1, c.name, c.pool, c.size]));
      for (const p of page.pools) expect(p.name).toBe(poolName(p.ids, model.buckets));
      expect(page.lawStart).toBe(engine.lawStart);
      expect(page.uncertainty).toEqual(engine.uncertainty);
      expect(page.warnings).toEqual(engine.warnings);
      expect(page.fitWarnings).toEqual(engine.fitWarnings);
      expect(page.coverage).toEqual(engine.coverage);
    });

    it.each(BUDGETS)("answers at %d samples exactly as adviceEngine(model).advise", (budget) => {
      const a = page.advise(budget);
      const e = engine.advise(budget);
      expect(a.best).toBe(e.best.index + 1);
      expect(a.pool.name).toBe(e.best.name);
      expect(a.error).toBe(e.best.error);
      expect(a.errors).toEqual(e.candidates.map((c) => c.error));
      expect(a.runnerUp).toBe(e.runnerUp === undefined ? undefined : e.runnerUp.index + 1);
      expect(a.margin).toBe(e.margin);
      expect(a.passes).toBe(e.best.passes);
      expect(a.extrapolation).toEqual(e.extrapolation);
      expect(a.warnings).toEqual([...engine.warnings, ...e.warnings]);
      expect(a.belowLawRange).toBe(e.belowLawRange ? engine.lawStart : undefined);
      if (engine.uncertainty.kind === "estimated") {
        expect(a.uncertainty).toEqual({
          draws: engine.uncertainty.draws,
          confidence: engine.uncertainty.confidence,
          interval: e.best.interval,
          meanInterval: e.best.meanInterval,
          probabilityBest: e.candidates.map((c) => c.probability),
        });
        expect(a.notEstimable).toBeUndefined();
      } else {
        expect(a.uncertainty).toBeUndefined();
        expect(e.best.probability).toBeUndefined();
        expect(e.best.interval).toBeUndefined();
      }
    });

    it("gives the same point answer at once, without the draws' cost, and the full one from the worker's answer", () => {
      const serve = adviceServer();
      expect(serve({ kind: "model", model })).toBeUndefined();
      for (const budget of BUDGETS) {
        const full = page.advise(budget);
        const point = page.advisePoint(budget);
        expect({ ...point, uncertainty: full.uncertainty, pending: false }).toEqual(full);
        expect(point.uncertainty).toBeUndefined();
        expect(point.pending).toBe(engine.uncertainty.kind === "estimated");
        expect(full.pending).toBe(false);
        const answer = serve({ kind: "advise", id: 7, budget });
        expect(answer).toEqual({ kind: "advise-done", id: 7, advice: engine.advise(budget) });
        if (answer?.kind === "advise-done") expect(page.adviceOf(answer.advice)).toEqual(full);
      }
    });

    it("draws the engine's curves: the lines of the point estimate, the bands of the full engine", () => {
      const range = { min: 1e7, max: 1e11 };
      const grid = logSpace(range, 24);
      const lines = page.curves(range, 24);
      const full = engine.curves(grid);
      const withBands = page.curves(range, 24, { bands: true });
      expect(withBands).toEqual(poolCurves(full, page.pools, engine.uncertainty.confidence));
      lines.rows.forEach((row, i) => {
        expect(row.samples).toBe(grid[i]);
        expect(row.bestK).toBe((full.best[i] as number) + 1);
        expect(row.best).toBe(full.envelope[i]);
        full.pools.forEach((p, j) => expect(row[`p${j + 1}`]).toBe(p.error[i]));
        expect(Object.keys(row).some((k) => k.startsWith("band") || k.startsWith("pred"))).toBe(false);
      });
      const estimated = engine.uncertainty.kind === "estimated";
      expect(withBands.bands).toEqual({ mean: estimated, prediction: estimated });
      if (estimated) {
        const row = withBands.rows[5]!;
        expect(row.band1).toEqual([full.pools[0]!.mean!.low[5], full.pools[0]!.mean!.high[5]]);
        expect(row.pred1).toEqual([full.pools[0]!.prediction!.low[5], full.pools[0]!.prediction!.high[5]]);
      }
    });

    it("marks the engine's crossovers, with their spread over the draws when asked", () => {
      const range = { min: 1e7, max: 1e12 };
      const expected = engine.crossovers(range);
      expect(page.crossovers(range).map((m) => [m.from, m.to, m.budget, m.error])).toEqual(expected.map((c) => [c.from.index + 1, c.to.index + 1, c.budget, c.error]));
      expect(page.crossovers(range, { intervals: true })).toEqual(crossoverMarkers(expected, page.pools));
    });

    it("gives the worker's bands and crossovers exactly as the engine computes them", () => {
      const range = { min: 1e7, max: 1e10 };
      const budgets = logSpace(range, 12);
      const answer = computeCurves({ id: 3, model, budgets, range });
      expect(answer).toEqual({ kind: "curves-done", id: 3, curves: engine.curves(budgets), crossovers: engine.crossovers(range) });
    });
  });
});

describe("the paper model", () => {
  it.each(GOLDEN)("reproduces the official code's errors at $budget samples", ({ budget, errors, best }) => {
    const advice = advisor.advise(budget);
    expect(advice.best).toBe(best);
    advice.errors.forEach((e, k) => expect(e).toBeCloseTo(errors[k]!, 6));
    expect(advice.error).toBe(advice.errors[best - 1]);
  });

  it("describes the answer in one sentence with pool, buckets, unique samples and passes", () => {
    const advice = advisor.advise(640e6);
    expect(advice.pool.name).toBe("top 30%");
    expect(advice.pool.uniqueSamples).toBe(38.4e6);
    expect(advice.passes).toBeCloseTo(640 / 38.4, 12);
    expect(advice.sentence).toBe("Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes.");
    expect(advice.runnerUpPool?.name).toBe("top 20%");
    expect(advice.margin).toBeCloseTo(0.607255 - 0.599218, 5);
    // A hand-entered model: no draws, no record of runs, nothing to warn about.
    expect(advice.uncertainty).toBeUndefined();
    expect(advice.notEstimable).toBeUndefined();
    expect(advice.extrapolation).toBeUndefined();
    expect(advice.warnings).toEqual([]);
  });

  it("says when no sample is repeated", () => {
    expect(advisor.advise(6.4e6).sentence).toBe("Train on the top 10%: 1 bucket, 12.8M unique samples, 0.5 of one pass (no sample repeated).");
  });

  it("has no runner-up with a single bucket", () => {
    const one: ModelFileV1 = { ...TMARS_IMAGENET, buckets: TMARS_IMAGENET.buckets.slice(0, 1) };
    const a = compileAdvisor(one).advise(32e6);
    expect(a.best).toBe(1);
    expect(a.runnerUp).toBeUndefined();
    expect(a.margin).toBeUndefined();
    expect(a.error).toBeCloseTo(0.811987, 6);
  });

  it("equals @qqt/core's recommend for random models and budgets (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 6, max: 12, noNaN: true }), (p, seed, logBudget) => {
        const model = syntheticModel({ buckets: p, seed });
        const budget = 10 ** logBudget;
        const [r] = recommend(model.buckets, model.task, [budget], model.law);
        const a = compileAdvisor(model).advise(budget);
        expect(a.errors).toEqual(r!.errors);
        expect(a.best).toBe(r!.best);
        expect(a.margin).toBe(r!.margin);
      }),
      { numRuns: 40 },
    );
  });

  it("marks the crossovers where @qqt/core finds them (spec §6: near 49.3M and 439.6M)", () => {
    const range = { min: 1e7, max: 1e10 };
    const markers = advisor.crossovers(range);
    const core = findCrossovers(nestedPools(TMARS_IMAGENET.buckets), TMARS_IMAGENET.task, range, TMARS_IMAGENET.law);
    expect(markers.map((m) => m.budget)).toEqual(core.map((c) => c.budget));
    expect(markers[0]!.text).toBe("49.3M: top 10% → top 20%");
    expect(markers[1]!.budget / 1e6).toBeCloseTo(439.6, 1);
    expect(markers[1]!.text).toBe("440M: top 20% → top 30%");
  });

  it("flags a budget below normalizer / a with the engine's BELOW_LAW_RANGE", () => {
    const start = 1e5 / TMARS_IMAGENET.task.a;
    const low = advisor.advise(1e6);
    expect(low.belowLawRange).toBe(start);
    expect(low.warnings.map((w) => w.code)).toContain("BELOW_LAW_RANGE");
    expect(advisor.advise(start).belowLawRange).toBeUndefined();
  });
});

describe("honest answers", () => {
  it("a fit of 4 runs for 10 free parameters is not estimable: no probability, no interval, the reasons and the fit's warnings", () => {
    const page = compileAdvisor(UNDERDETERMINED);
    const a = page.advise(640e6);
    expect(page.uncertainty.kind).toBe("not-estimable");
    expect(a.uncertainty).toBeUndefined();
    expect(a.notEstimable).toContain("4 runs for 10 free parameters: the runs do not determine the fit");
    expect(a.warnings[0]!.code).toBe("NOT_ESTIMABLE");
    expect(page.fitWarnings.map((w) => w.code)).toContain("NOT_IDENTIFIABLE");
    expect(page.crossovers({ min: 1e7, max: 1e11 }, { intervals: true }).every((c) => c.probability === undefined && c.interval === undefined)).toBe(true);
    expect(page.curves({ min: 1e7, max: 1e10 }, 8, { bands: true }).bands).toEqual({ mean: false, prediction: false });
  });

  it("20B on the fitted SYNTHETIC study is an extrapolation, with its factor", () => {
    const page = compileAdvisor(DATACOMP_FITTED);
    const a = page.advise(20e9);
    const w = a.warnings.find((x) => x.code === "EXTRAPOLATION")!;
    expect(a.extrapolation!.samplesSeenFactor).toBeCloseTo(20e9 / 409.6e6, 12);
    expect(w.message).toMatch(/^Extrapolation ×\d+/);
    expect(w.message).toContain("20B samples seen is 48.8× the largest fitted run (409.6M)");
    expect(page.coverage?.samplesSeen).toEqual({ low: 25.6e6, high: 409.6e6 });
    // Inside the runs: no warning, a factor of 1 on samples seen.
    expect(page.advise(128e6).warnings).toEqual([]);
    expect(page.advise(128e6).extrapolation!.samplesSeenFactor).toBe(1);
  });

  it("the prediction interval of one new run holds the band of the mean curve", () => {
    const a = compileAdvisor(DATACOMP_FITTED).advise(640e6);
    const u = a.uncertainty!;
    expect(u.interval!.low).toBeLessThanOrEqual(u.meanInterval!.low);
    expect(u.interval!.high).toBeGreaterThanOrEqual(u.meanInterval!.high);
    expect(u.interval!.high - u.interval!.low).toBeGreaterThan(u.meanInterval!.high - u.meanInterval!.low);
    expect(u.probabilityBest.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it("a synthetic bootstrap states the design it imitates, so the engine can estimate with it", () => {
    const model = withSyntheticDraws(TMARS_IMAGENET, { count: 50, seed: 3 });
    expect(model.fit).toMatchObject({ observations: 20, freeParameters: 10, noise: { sd: 0.002, degreesOfFreedom: 10 } });
    expect(model.fit!.coverage!.samplesSeen).toEqual({ low: 25.6e6, high: 128e6 });
    expect(model.fit!.warnings.map((w) => w.code)).toEqual(["SYNTHETIC"]);
    expect(compileAdvisor(model).uncertainty.kind).toBe("estimated");
  });

  it("an old fitted model without a record of its runs says so (NO_COVERAGE)", () => {
    const old: Model = { ...DATACOMP_FITTED, fit: { ...DATACOMP_FITTED.fit! } };
    delete old.fit!.coverage;
    const a = compileAdvisor(old).advise(640e6);
    expect(a.extrapolation).toBeUndefined();
    expect(a.warnings.map((w) => w.code)).toContain("NO_COVERAGE");
  });
});

describe("pool names: the engine's (core's poolName)", () => {
  it("names pools by quality percentile, by top-k of plain buckets, and by dataset", () => {
    const names = (m: ModelFileV1) => compileAdvisor(m).pools.map((p) => p.name);
    expect(names(TMARS_IMAGENET)).toEqual(["top 10%", "top 20%", "top 30%", "top 40%"]);
    expect(compileAdvisor(TMARS_IMAGENET).pools[1]!.bucketLabels).toBe("top 0–10% by T-MARS + top 10–20% by T-MARS");
    const plain = { ...TMARS_IMAGENET, buckets: TMARS_IMAGENET.buckets.map((b, i) => ({ id: `q${i}`, size: b.size, b: b.b, tau: b.tau })) };
    expect(names(plain)).toEqual(["q0", "top-2", "top-3", "top-4"]);
    expect(names(syntheticModel({ buckets: 3, seed: 1 }))).toEqual(["top 33.33%", "top 66.67%", "top 100%"]);
    expect(names(LAION_TIED)).toEqual(["LAION-80M", "top-2", "top-3"]);
    expect(names({ ...LAION_TIED, candidates: [["LAION-80M"], ["LAION-400M"], ["LAION-2B"]] })).toEqual(["LAION-80M", "LAION-400M", "LAION-2B"]);
  });

  it("marks only real changes when pools of one quality tie (the engine's one tie rule)", () => {
    const a: Advisor = compileAdvisor(LAION_TIED);
    expect(a.range).toEqual({ min: 1e8, max: 1e12 }); // from normalizer / a = 1.4e8, not from the 80M bucket
    // The engine searches from the law's start (1.4e8) on: the tied pools part where the smaller one starts to repeat,
    // once inside the law's range (top-2 → top-3 just after 80M + 407M unique samples); the 1 → 2 change near 80M is
    // below the law's range, where the ranking is inverted, and is not a crossover.
    const markers = a.crossovers({ min: 1e7, max: 1e12 });
    expect(markers.map((m) => [m.from, m.to])).toEqual([[2, 3]]);
    expect(Math.abs(markers[0]!.budget / (80000415 + 407332084) - 1)).toBeLessThan(1e-3);
    expect(markers[0]!.text).toBe("487M: top-2 → top-3");
  });

  it("words sentences for pools named by ids", () => {
    expect(recommendationSentence({ name: "top-2", buckets: 2, uniqueSamples: 2e6 }, 2e6)).toBe("Train on top-2: 2 buckets, 2M unique samples, 1 pass.");
    expect(recommendationSentence({ name: "LAION-400M", buckets: 1, uniqueSamples: 407332084 }, 4.07332084e9)).toBe("Train on LAION-400M: 1 bucket, 407M unique samples, 10 passes.");
  });
});

describe("ranges", () => {
  it("covers the smallest bucket to 300 passes of the pool, in whole decades", () => {
    expect(defaultRange(TMARS_IMAGENET)).toEqual({ min: 1e7, max: 1e11 });
    expect(defaultRange({ ...TMARS_IMAGENET, task: { ...TMARS_IMAGENET.task, a: 0.0005 } })).toEqual({ min: 1e8, max: 1e11 });
    expect(advisor.range).toEqual({ min: 1e7, max: 1e11 });
  });
  it("widens to hold an outside budget", () => {
    expect(rangeWith({ min: 1e6, max: 1e11 }, 3e12)).toEqual({ min: 1e6, max: 1e13 });
    expect(rangeWith({ min: 1e6, max: 1e11 }, 5e4)).toEqual({ min: 1e4, max: 1e11 });
    expect(rangeWith({ min: 1e6, max: 1e11 }, 5e8)).toEqual({ min: 1e6, max: 1e11 });
  });
});
