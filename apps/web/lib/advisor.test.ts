import { findCrossovers, nestedPools, recommend, recommendPools } from "@qqt/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAdvisor, defaultRange, rangeWith, recommendationSentence } from "./advisor";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import { coreBuckets, coreLaw, coreTask } from "./model";
import type { ModelFileV1 } from "./modelFile";
import { syntheticModel, withSyntheticDraws } from "./synthetic";

// Spec §6 golden values (official code, T-MARS ImageNet parameters), nested pools top 10% … top 40%.
const GOLDEN: ReadonlyArray<{ budget: number; errors: number[]; best: number }> = [
  { budget: 32e6, errors: [0.811987, 0.823405, 0.846215, 0.864643], best: 1 },
  { budget: 64e6, errors: [0.751573, 0.742862, 0.768555, 0.793451], best: 2 },
  { budget: 128e6, errors: [0.719275, 0.679157, 0.700329, 0.726265], best: 2 },
  { budget: 640e6, errors: [0.707105, 0.607255, 0.599218, 0.616552], best: 3 },
];

const advisor = compileAdvisor(TMARS_IMAGENET);

describe("compileAdvisor().advise", () => {
  it.each(GOLDEN)("reproduces the official code's errors at $budget samples", ({ budget, errors, best }) => {
    const advice = advisor.advise(budget);
    expect(advice.best).toBe(best);
    advice.errors.forEach((e, k) => expect(e).toBeCloseTo(errors[k]!, 6));
    expect(advice.error).toBe(advice.errors[best - 1]);
  });

  it("equals @qqt/core's recommend exactly (same numbers, same ranking)", () => {
    const budgets = [1e6, 12.8e6, 25.6e6, 49e6, 50e6, 128e6, 439e6, 440e6, 640e6, 1.28e9, 1e11];
    const expected = recommend(coreBuckets(TMARS_IMAGENET), coreTask(TMARS_IMAGENET), budgets, coreLaw(TMARS_IMAGENET));
    budgets.forEach((budget, j) => {
      const a = advisor.advise(budget);
      const r = expected[j]!;
      expect(a.errors).toEqual(r.errors);
      expect(a.best).toBe(r.best);
      expect(a.runnerUp).toBe(r.runnerUp);
      expect(a.margin).toBe(r.margin);
    });
  });

  it("equals recommend for random models and budgets (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 6, max: 12, noNaN: true }),
        (p, seed, logBudget) => {
          const model = syntheticModel({ buckets: p, seed });
          const budget = 10 ** logBudget;
          const [r] = recommend(coreBuckets(model), coreTask(model), [budget], coreLaw(model));
          const a = compileAdvisor(model).advise(budget);
          expect(a.errors).toEqual(r!.errors);
          expect(a.best).toBe(r!.best);
          expect(a.margin).toBe(r!.margin);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("describes the answer in one sentence with pool, buckets, unique samples and passes", () => {
    const advice = advisor.advise(640e6);
    expect(advice.pool.name).toBe("top 30%");
    expect(advice.pool.uniqueSamples).toBe(38.4e6);
    expect(advice.passes).toBeCloseTo(640 / 38.4, 12);
    expect(advice.sentence).toBe("Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes.");
    expect(advice.runnerUpPool?.name).toBe("top 20%");
    expect(advice.margin).toBeCloseTo(0.607255 - 0.599218, 5);
    expect(advice.uncertainty).toBeUndefined();
  });

  it("says when no sample is repeated", () => {
    expect(advisor.advise(6.4e6).sentence).toBe(
      "Train on the top 10%: 1 bucket, 12.8M unique samples, 0.5 of one pass (no sample repeated).",
    );
  });

  it("has no runner-up with a single bucket", () => {
    const one: ModelFileV1 = { ...TMARS_IMAGENET, buckets: TMARS_IMAGENET.buckets.slice(0, 1) };
    const a = compileAdvisor(one).advise(32e6);
    expect(a.best).toBe(1);
    expect(a.runnerUp).toBeUndefined();
    expect(a.margin).toBeUndefined();
    expect(a.error).toBeCloseTo(0.811987, 6);
  });
});

describe("uncertainty from bootstrap draws", () => {
  it("collapses to the point estimate when every draw equals the model", () => {
    const exact = withSyntheticDraws(TMARS_IMAGENET, { count: 5, seed: 1 });
    exact.fit!.bootstrap!.draws = Array.from({ length: 5 }, () => ({
      a: 0.022,
      d: 0.1,
      b: TMARS_IMAGENET.buckets.map((b) => b.b),
      tau: TMARS_IMAGENET.buckets.map((b) => b.tau),
    }));
    const a = compileAdvisor(exact).advise(640e6);
    expect(a.uncertainty?.draws).toBe(5);
    expect(a.uncertainty?.probabilityBest).toEqual([0, 0, 1, 0]);
    expect(a.uncertainty?.errorInterval.low).toBeCloseTo(a.error, 12);
    expect(a.uncertainty?.errorInterval.high).toBeCloseTo(a.error, 12);
  });

  it("gives probabilities that sum to 1 and an interval around the estimate", () => {
    const model = withSyntheticDraws(TMARS_IMAGENET, { count: 200, seed: 11 });
    const m = compileAdvisor(model);
    for (const budget of [32e6, 64e6, 640e6, 5e9]) {
      const u = m.advise(budget).uncertainty!;
      expect(u.draws).toBe(200);
      expect(u.confidence).toBe(0.95);
      expect(u.probabilityBest.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(u.errorInterval.low).toBeLessThan(u.errorInterval.high);
      // Each probability is a count of draws over 200.
      for (const p of u.probabilityBest) expect(Math.abs(p * 200 - Math.round(p * 200))).toBeLessThan(1e-9);
    }
    const at640 = m.advise(640e6);
    expect(at640.uncertainty!.errorInterval.low).toBeLessThan(at640.error);
    expect(at640.uncertainty!.errorInterval.high).toBeGreaterThan(at640.error);
  });

  it("counts a pool's wins exactly as recomputing each draw with @qqt/core", () => {
    const model = withSyntheticDraws(TMARS_IMAGENET, { count: 40, seed: 5 });
    const budget = 440e6; // near the 20% → 30% crossover: the draws disagree
    const wins = [0, 0, 0, 0];
    for (const d of model.fit!.bootstrap!.draws) {
      const buckets = TMARS_IMAGENET.buckets.map((b, i) => ({ id: b.id, size: b.size, b: d.b[i]!, tau: d.tau[i]! }));
      const [r] = recommend(buckets, { a: d.a, d: d.d, normalizer: 1e5 }, [budget], coreLaw(model));
      wins[r!.best - 1]!++;
    }
    const u = compileAdvisor(model).advise(budget).uncertainty!;
    expect(u.probabilityBest).toEqual(wins.map((w) => w / 40));
    expect(wins.filter((w) => w > 0).length).toBeGreaterThan(1);
  });
});

describe("curves and crossovers", () => {
  it("samples every nested pool with the envelope as the pointwise minimum", () => {
    const c = advisor.curves({ min: 1e6, max: 1e11 }, 50);
    expect(c.rows).toHaveLength(50);
    expect(c.hasBands).toBe(false);
    for (const row of c.rows) {
      const ys = [1, 2, 3, 4].map((k) => row[`p${k}`] as number);
      expect(row.best).toBe(Math.min(...ys));
      expect(ys[(row.bestK as number) - 1]).toBe(row.best);
      expect(advisor.advise(row.samples as number).best).toBe(row.bestK);
    }
    expect(c.rows[0]!.samples).toBe(1e6);
    expect(c.rows[49]!.samples).toBe(1e11);
  });

  it("adds confidence bands that hold the curve when the model has draws", () => {
    const m = compileAdvisor(withSyntheticDraws(TMARS_IMAGENET, { count: 100, seed: 3 }));
    const c = m.curves({ min: 1e7, max: 1e10 }, 20);
    expect(c.hasBands).toBe(true);
    for (const row of c.rows) {
      for (let k = 1; k <= 4; k++) {
        const [low, high] = row[`band${k}`] as [number, number];
        expect(low).toBeLessThanOrEqual(high);
        expect(low).toBeLessThan((row[`p${k}`] as number) + 0.02);
        expect(high).toBeGreaterThan((row[`p${k}`] as number) - 0.02);
      }
    }
  });

  it("marks the crossovers where @qqt/core finds them (spec §6: near 49.3M and 439.6M)", () => {
    const range = { min: 1e7, max: 1e10 };
    const markers = advisor.crossovers(range);
    const core = findCrossovers(nestedPools(coreBuckets(TMARS_IMAGENET)), coreTask(TMARS_IMAGENET), range, coreLaw(TMARS_IMAGENET));
    expect(markers.map((m) => m.budget)).toEqual(core.map((c) => c.budget));
    expect(markers[0]!.from).toBe(1);
    expect(markers[0]!.to).toBe(2);
    expect(markers[0]!.budget / 1e6).toBeCloseTo(49.3, 1);
    expect(markers[0]!.text).toBe("49.3M: top 10% → top 20%");
    expect(markers[1]!.budget / 1e6).toBeCloseTo(439.6, 1);
    expect(markers[1]!.text).toBe("440M: top 20% → top 30%");
  });

  it("marks only real changes when pools of one quality tie (the OpenCLIP fits: b and tau shared)", () => {
    // ViT-B/32 on LAION as @qqt/fit fits it (one b and tau for the three pools): every pool predicts the same error
    // until the smaller one repeats, and the exact ranking flips between them on rounding alone.
    const laion: ModelFileV1 = {
      format: "qqt.model/v1",
      law: { formulation: "utility", variant: "paper" },
      task: { a: 0.0007112635074636725, d: 0.3313607520980152, normalizer: 1e5 },
      buckets: [
        { id: "LAION-80M", size: 80000415, b: -0.8144682630611385, tau: 32.795965316567354 },
        { id: "LAION-400M", size: 407332084, b: -0.8144682630611385, tau: 32.795965316567354 },
        { id: "LAION-2B", size: 2320000000, b: -0.8144682630611385, tau: 32.795965316567354 },
      ],
    };
    const a = compileAdvisor(laion);
    expect(a.range).toEqual({ min: 1e8, max: 1e12 }); // from normalizer / a = 1.4e8, not from the 80M bucket
    // The exact ranking of tied pools flips on rounding alone; @qqt/core ranks within TIE_TOLERANCE, and the markers
    // keep only the real changes, each just after its smaller pool starts to repeat — the same ones core finds.
    const range = { min: 1e7, max: 1e12 };
    const core = findCrossovers(nestedPools(coreBuckets(laion)), coreTask(laion), range, coreLaw(laion));
    const markers = a.crossovers(range);
    expect(markers.map((m) => [m.from, m.to])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(core.map((c) => [c.from + 1, c.to + 1, c.budget])).toEqual(markers.map((m) => [m.from, m.to, m.budget]));
    expect(Math.abs(markers[0]!.budget / 80000415 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(markers[1]!.budget / (80000415 + 407332084) - 1)).toBeLessThan(1e-3);
    expect(markers[1]!.text).toBe("487M: top 2 buckets → top 3 buckets");
    expect(a.crossovers(a.range).map((m) => m.text)).toEqual(["487M: top 2 buckets → top 3 buckets"]);
  });
});

describe("the law's range", () => {
  it("flags a budget below normalizer / a, where every pool predicts more than 1 + d", () => {
    const start = 1e5 / TMARS_IMAGENET.task.a;
    const low = advisor.advise(1e6);
    expect(low.belowLawRange).toBe(start);
    expect(low.errors.every((e) => e > 1 + TMARS_IMAGENET.task.d)).toBe(true);
    expect(advisor.advise(start).belowLawRange).toBeUndefined();
    expect(advisor.advise(640e6).belowLawRange).toBeUndefined();
  });
});

describe("candidate pools", () => {
  it("a model that lists candidates compares exactly those (LAION datasets alone), like @qqt/core's recommendPools", () => {
    const bucket = (id: string, size: number, b: number, tau: number) => ({ id, size, b, tau });
    const laion: ModelFileV1 = {
      format: "qqt.model/v1",
      law: { formulation: "utility", variant: "paper" },
      task: { a: 0.0007, d: 0.33, normalizer: 1e5 },
      buckets: [bucket("LAION-80M", 80000415, -0.9, 20), bucket("LAION-400M", 407332084, -0.85, 30), bucket("LAION-2B", 2.32e9, -0.8, 40)],
      candidates: [["LAION-80M"], ["LAION-400M"], ["LAION-2B"]],
    };
    const a = compileAdvisor(laion);
    expect(a.pools.map((p) => [p.name, p.buckets, p.uniqueSamples])).toEqual([
      ["LAION-80M", 1, 80000415],
      ["LAION-400M", 1, 407332084],
      ["LAION-2B", 1, 2.32e9],
    ]);
    const singles = coreBuckets(laion).map((b) => ({ buckets: [b] }));
    for (const budget of [3e8, 3e9, 1.3e10, 3.4e10]) {
      const [core] = recommendPools(singles, coreTask(laion), [budget], coreLaw(laion));
      const advice = a.advise(budget);
      expect(advice.best).toBe(core!.best + 1);
      expect(advice.error).toBe(core!.errors[core!.best]);
    }
    const crossings = findCrossovers(singles, coreTask(laion), { min: 1e8, max: 1e12 }, coreLaw(laion));
    expect(a.crossovers({ min: 1e8, max: 1e12 }).map((m) => [m.from, m.to, m.budget])).toEqual(crossings.map((c) => [c.from + 1, c.to + 1, c.budget]));
    expect(recommendationSentence(a.pools[1]!, 4.07332084e9)).toBe("Train on LAION-400M: 1 bucket, 407M unique samples, 10 passes.");
  });
});

describe("ranges", () => {
  it("covers the smallest bucket to 300 passes of the pool, in whole decades", () => {
    expect(defaultRange(TMARS_IMAGENET)).toEqual({ min: 1e7, max: 1e11 });
    // normalizer / a = 4.5M is below the 12.8M buckets: the smallest bucket sets the start.
    expect(defaultRange({ ...TMARS_IMAGENET, task: { ...TMARS_IMAGENET.task, a: 0.0005 } })).toEqual({ min: 1e8, max: 1e11 });
    expect(advisor.range).toEqual({ min: 1e7, max: 1e11 });
  });
  it("widens to hold an outside budget", () => {
    expect(rangeWith({ min: 1e6, max: 1e11 }, 3e12)).toEqual({ min: 1e6, max: 1e13 });
    expect(rangeWith({ min: 1e6, max: 1e11 }, 5e4)).toEqual({ min: 1e4, max: 1e11 });
    expect(rangeWith({ min: 1e6, max: 1e11 }, 5e8)).toEqual({ min: 1e6, max: 1e11 });
  });
  it("formats sentences for pools named by bucket count", () => {
    expect(recommendationSentence({ k: 2, name: "top 2 buckets", buckets: 2, uniqueSamples: 2e6, bucketLabels: "a + b" }, 2e6)).toBe(
      "Train on the top 2 buckets: 2 buckets, 2M unique samples, 1 pass.",
    );
  });
});
