// `pnpm bench` in packages/core: the fast engine against straightforward baselines run in the same process.
// vitest prints, per group, operations per second and "N x faster than" the baseline.
import { bench, describe } from "vitest";
import { poolModel, predictCurve, predictError, recommend } from "../src/index.js";
import type { Bucket, Law } from "../src/index.js";
import { naivePredictError } from "../src/testing/naiveReference.js";
import { compareWithNumpy } from "./numpyBaseline.js";
import { TMARS_BUCKETS, TMARS_TASK } from "../src/testing/tmars.js";

const law: Law = { variant: "reference" };
const top10 = [TMARS_BUCKETS[0]!];
const S = 12.8e6;

for (const repetitions of [10, 1e2, 1e4, 1e6]) {
  describe(`one evaluation, top-10% bucket, ${repetitions.toExponential(0)} repetitions`, () => {
    const n = S * repetitions + S / 3;
    bench("@qqt/core predictError (log-space prefix + tail bound)", () => {
      predictError(top10, TMARS_TASK, n, law);
    });
    bench("baseline: naive O(K) product", () => {
      naivePredictError(top10, TMARS_TASK, n, law);
    }, repetitions >= 1e4 ? { iterations: 5, time: 0 } : undefined);
  });
}

describe("10^6 sorted budgets (1M–100B samples) on a 4-bucket pool", () => {
  const budgets = Float64Array.from({ length: 1e6 }, (_, i) => 1e6 * 10 ** ((5 * i) / 1e6));
  bench("@qqt/core predictCurve (one prefix table)", () => {
    predictCurve(TMARS_BUCKETS, TMARS_TASK, budgets, law);
  }, { iterations: 5, time: 0 });
  bench("baseline: predictError per budget", () => {
    for (let i = 0; i < budgets.length; i++) predictError(TMARS_BUCKETS, TMARS_TASK, budgets[i]!, law);
  }, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
});

describe("recommend: 1,000 budgets × 10 nested pools", () => {
  const buckets: Bucket[] = Array.from({ length: 10 }, (_, i) => ({
    id: `top${i * 10}-${i * 10 + 10}`,
    size: S,
    b: -0.2 + 0.015 * i,
    tau: 5 - 0.35 * i,
  }));
  const budgets = Array.from({ length: 1000 }, (_, i) => 1e7 * 10 ** ((3 * i) / 999));
  bench("@qqt/core recommend", () => {
    recommend(buckets, TMARS_TASK, budgets, law);
  });
  bench("baseline: naive O(K) product per pool and budget", () => {
    for (const n of budgets) for (let k = 1; k <= 10; k++) naivePredictError(buckets.slice(0, k), TMARS_TASK, n, law);
  }, { iterations: 3, time: 0 });
});

// Issue 15: predictError is O(1) in the number of passes (near field exact + Euler–Maclaurin far field).
describe("predictError on the 4-bucket pool: 10^6 vs 10^2 passes (target ≤ 1.5×), and a compiled errorAt", () => {
  const pool = TMARS_BUCKETS;
  const size = 4 * S;
  const compiled = poolModel(pool, TMARS_TASK, law);
  compiled.errorAt(1e6 * size + size / 3); // the prefix table is built once, outside the timing
  bench("baseline: predictError at 10^2 passes", () => {
    predictError(pool, TMARS_TASK, 1e2 * size + size / 3, law);
  });
  bench("predictError at 10^6 passes", () => {
    predictError(pool, TMARS_TASK, 1e6 * size + size / 3, law);
  });
  bench("compiled poolModel(...).errorAt at 10^6 passes", () => {
    compiled.errorAt(1e6 * size + size / 3);
  });
});

// Issue 15 point 3: a sweep of 10^6 budgets over 10 nested pools. `curve` checks the budgets with plain comparisons
// (the path string is built only for a bad one); the baseline is the previous loop, which built `samplesSeen[j]`
// for every budget before evaluating it. The figure of the issue is against vectorized numpy (bench/sweep_numpy.py),
// measured when this group is collected and printed as "sweep vs numpy …" (skipped without python3 and numpy).
describe("sweep: 10^6 budgets × 10 nested pools", () => {
  const buckets: Bucket[] = Array.from({ length: 10 }, (_, i) => ({
    id: `top${i * 10}-${i * 10 + 10}`,
    size: S,
    b: -0.2 + 0.015 * i,
    tau: 5 - 0.35 * i,
  }));
  const models = Array.from({ length: 10 }, (_, k) => poolModel(buckets.slice(0, k + 1), TMARS_TASK, law));
  const budgets = Float64Array.from({ length: 1e6 }, (_, i) => 1e7 * 10 ** ((4 * i) / 1e6));
  compareWithNumpy(buckets, TMARS_TASK, models, budgets); // also grows every table, outside the timings below
  bench("@qqt/core poolModel(...).curve (checks first, typed array out)", () => {
    for (const model of models) model.curve(budgets);
  }, { iterations: 5, time: 0 });
  bench("baseline: the previous loop (a path string per budget)", () => {
    for (const model of models) {
      const out = new Float64Array(budgets.length);
      for (let j = 0; j < budgets.length; j++) {
        const n = budgets[j]!;
        const path = `samplesSeen[${j}]`;
        if (!(n >= 0) || path.length === 0) throw new Error(path);
        out[j] = model.errorAt(n);
      }
    }
  }, { iterations: 5, time: 0 });
});
