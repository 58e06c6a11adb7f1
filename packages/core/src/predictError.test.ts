import { describe, expect, it } from "vitest";
import { predictError } from "./predictError.js";
import { CoreError } from "./CoreError.js";
import {
  naivePredictError,
  naivePredictErrorCompensated,
  officialEffectiveDataAggregation,
  officialUtilityAggregation,
} from "./testing/naiveReference.js";
import { GOLDEN_NESTED, GOLDEN_SINGLE, REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";
import { logUniform, mulberry32, uniform } from "./testing/random.js";
import type { Bucket, Law } from "./types.js";

const relative = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

describe("predictError: golden values of the official code (spec §6)", () => {
  it.each(GOLDEN_NESTED.flatMap(({ samplesSeen, errors }) => errors.map((error, k) => ({ samplesSeen, k, error }))))(
    "top-k pool (k−1 = $k) at $samplesSeen samples = $error",
    ({ samplesSeen, k, error }) => {
      const pool = TMARS_BUCKETS.slice(0, k + 1);
      expect(predictError(pool, TMARS_TASK, samplesSeen, REFERENCE)).toBeCloseTo(error, 6);
    },
  );

  it.each(GOLDEN_SINGLE)("bucket $bucket alone at $samplesSeen samples = $error", ({ bucket, samplesSeen, error }) => {
    expect(predictError([TMARS_BUCKETS[bucket]!], TMARS_TASK, samplesSeen, REFERENCE)).toBeCloseTo(error, 6);
  });
});

describe("predictError: one bucket, by hand", () => {
  const bucket: Bucket = { id: "x", size: 1e6, b: -0.2, tau: 2 };
  const task = { a: 0.05, d: 0.1 };
  const P = (n: number) => ((0.05 * n) / 1e5) ** -0.2;
  const delta = 0.5 ** (1 / 2);

  it("before the first repetition (n < S) is the power law plus d", () => {
    expect(predictError([bucket], task, 4e5)).toBeCloseTo(P(4e5) + 0.1, 14);
    expect(predictError([bucket], task, 4e5, { variant: "reference" })).toBeCloseTo(P(4e5) + 0.1, 14);
  });

  it("at an exact multiple of S the last segment is empty", () => {
    // n = 2S: epochs 0 and 1 full; ratio (2S/S)^(b·δ), then an empty segment.
    const expected = P(1e6) * 2 ** (-0.2 * delta);
    expect(predictError([bucket], task, 2e6)).toBeCloseTo(expected + 0.1, 14);
    expect(predictError([bucket], task, 2e6, REFERENCE)).toBeCloseTo((P(1e6) + 0.1) * 2 ** (-0.2 * delta), 14);
  });

  it("a partial last epoch contributes (n / KS)^(b·δ^K)", () => {
    const expected = P(1e6) * 2 ** (-0.2 * delta) * (2.5 / 2) ** (-0.2 * delta * delta);
    expect(predictError([bucket], task, 2.5e6)).toBeCloseTo(expected + 0.1, 14);
  });

  it("effective data: n_eff = a/N · Σ segments · δ^e, y = n_eff^b + d", () => {
    const nEff = (0.05 / 1e5) * (1e6 + 1e6 * delta + 0.5e6 * delta * delta);
    expect(predictError([bucket], task, 2.5e6, { formulation: "effective-data" })).toBeCloseTo(
      nEff ** -0.2 + 0.1,
      14,
    );
  });

  it("the normalizer divides the sample count", () => {
    expect(predictError([bucket], { ...task, normalizer: 1e4 }, 4e5)).toBeCloseTo(((0.05 * 4e5) / 1e4) ** -0.2 + 0.1, 14);
  });

  it("at n = 0 the paper variant diverges and the reference variant returns d, like the official code", () => {
    expect(() => predictError([bucket], task, 0)).toThrow(
      expect.objectContaining({ code: "NOT_FINITE", argument: "samplesSeen", message: expect.stringMatching(/^No finite answer at samplesSeen = 0: the paper variant's power law diverges/) }),
    );
    expect(predictError([bucket], task, 0, REFERENCE)).toBe(0.1);
  });
});

describe("predictError: equal sizes match the official aggregation functions to 1e-12", () => {
  const random = mulberry32(20240404);
  const cases = Array.from({ length: 400 }, () => {
    const p = 1 + Math.floor(random() * 6);
    const S = Math.round(logUniform(random, 1e5, 1e8));
    const pool: Bucket[] = Array.from({ length: p }, (_, i) => ({
      id: `b${i}`,
      size: S,
      b: -uniform(random, 0.005, 0.5),
      tau: uniform(random, 1, 10),
    }));
    const task = { a: logUniform(random, 1e-4, 0.2), d: uniform(random, 0, 0.4) };
    const n = Math.round(S * p * logUniform(random, 0.05, 300));
    return { pool, task, n, S, p };
  });

  it.each([["utility"], ["effective-data"]] as const)("%s formulation", (formulation) => {
    for (const { pool, task, n, S, p } of cases) {
      const params = { a: task.a, b: pool.map((x) => x.b), c: pool.map((x) => x.tau * p), d: task.d };
      const official =
        formulation === "utility"
          ? officialUtilityAggregation(n, params, S * p)
          : officialEffectiveDataAggregation(n, params, S * p);
      const law: Law = { formulation, variant: "reference" };
      expect(relative(predictError(pool, task, n, law), official)).toBeLessThan(1e-12);
    }
  });
});

describe("predictError: agrees with the O(K) implementation on random pools to 1e-12", () => {
  const random = mulberry32(7);
  const laws: Law[] = [
    { formulation: "utility", variant: "paper" },
    { formulation: "utility", variant: "reference" },
    { formulation: "effective-data", variant: "paper" },
  ];
  it("3,000 random cases: unequal sizes, 1–6 buckets, 0.05–300 passes, every law", () => {
    let worst = 0;
    for (let c = 0; c < 3000; c++) {
      const p = 1 + Math.floor(random() * 6);
      const pool: Bucket[] = Array.from({ length: p }, (_, i) => ({
        id: `b${i}`,
        size: logUniform(random, 1e4, 1e9),
        b: -logUniform(random, 0.005, 0.8),
        tau: logUniform(random, 0.5, 30),
      }));
      const S = pool.reduce((s, x) => s + x.size, 0);
      const task = { a: logUniform(random, 1e-4, 1), d: uniform(random, 0, 0.5), normalizer: 1e5 };
      const n = S * logUniform(random, 0.05, 300);
      const law = laws[c % laws.length]!;
      const fast = predictError(pool, task, n, law);
      const slow = naivePredictError(pool, task, n, law);
      worst = Math.max(worst, relative(fast, slow));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("a million repetitions cost no accuracy: the tail bound holds", () => {
    const pool: Bucket[] = [
      { id: "x", size: 1000, b: -0.3, tau: 5 },
      { id: "y", size: 3000, b: -0.1, tau: 2 },
    ];
    for (const law of laws) {
      const n = 4000 * 1e6 + 1234.5;
      expect(relative(predictError(pool, TMARS_TASK, n, law), naivePredictError(pool, TMARS_TASK, n, law))).toBeLessThan(
        1e-12,
      );
    }
  });
});

describe("predictError: half-lives of thousands of passes (beyond the prefix table)", () => {
  // tau_hat of 3,000–20,000 passes: the series tail is not negligible before 65,536 passes, so the engine sums
  // the far field by Euler–Maclaurin. The O(K) loop is the judge.
  const laws: Law[] = [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }];
  const pools: Bucket[][] = [
    [{ id: "slow", size: 1e6, b: -0.2, tau: 3000 }],
    [
      { id: "slow", size: 1e6, b: -0.2, tau: 5000 },
      { id: "fast", size: 3e6, b: -0.1, tau: 2 },
      { id: "tiny", size: 1e3, b: -0.4, tau: 4 },
    ],
  ];
  it.each([70_000, 300_000.5, 1_000_000])("at %d passes agrees with the compensated O(K) loop to 1e-12", (passes) => {
    for (const pool of pools) {
      const S = pool.reduce((s, x) => s + x.size, 0);
      for (const law of laws) {
        const fast = predictError(pool, TMARS_TASK, S * passes, law);
        const slow = naivePredictErrorCompensated(pool, TMARS_TASK, S * passes, law);
        expect(relative(fast, slow)).toBeLessThan(1e-12);
      }
    }
  });

  it("absurd budgets and half-lives finish and stay finite", () => {
    const pool: Bucket[] = [
      { id: "steep", size: 1, b: -50, tau: 1e-3 },
      { id: "flat", size: 1e15, b: -1e-3, tau: 1e6 },
    ];
    for (const law of laws) {
      for (const n of [1e20, 1e100, 1e300]) {
        const y = predictError(pool, TMARS_TASK, n, law);
        expect(Number.isFinite(y)).toBe(true);
      }
    }
  });
});

describe("predictError: properties", () => {
  const random = mulberry32(99);
  it("error never increases with more samples seen", () => {
    for (let c = 0; c < 200; c++) {
      const p = 1 + Math.floor(random() * 5);
      const pool: Bucket[] = Array.from({ length: p }, (_, i) => ({
        id: `b${i}`,
        size: logUniform(random, 1e5, 1e8),
        b: -logUniform(random, 0.01, 0.5),
        tau: logUniform(random, 0.5, 20),
      }));
      const S = pool.reduce((s, x) => s + x.size, 0);
      const law: Law = c % 2 === 0 ? { variant: "reference" } : { formulation: "effective-data" };
      let previous = Infinity;
      for (let passes = 0.01; passes < 2000; passes *= 1.07) {
        const y = predictError(pool, TMARS_TASK, S * passes, law);
        expect(y).toBeLessThanOrEqual(previous * (1 + 1e-14));
        previous = y;
      }
    }
  });

  it("p identical buckets (b, tau, S) equal one bucket (b, p·tau, p·S) (Theorem 1)", () => {
    for (let c = 0; c < 100; c++) {
      const p = 2 + Math.floor(random() * 5);
      const S = logUniform(random, 1e5, 1e8);
      const b = -logUniform(random, 0.01, 0.5);
      const tau = logUniform(random, 1, 10);
      const pool = Array.from({ length: p }, (_, i) => ({ id: `b${i}`, size: S, b, tau }));
      const single = [{ id: "all", size: p * S, b, tau: p * tau }];
      const n = S * logUniform(random, 0.1, 500);
      for (const law of [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }] as Law[]) {
        expect(relative(predictError(pool, TMARS_TASK, n, law), predictError(single, TMARS_TASK, n, law))).toBeLessThan(
          1e-12,
        );
      }
    }
  });

  it("the unequal-size rule reduces to Theorem 1 when sizes are equal (any common size)", () => {
    // Scaling every bucket size and the budget together leaves the equal-size mixture unchanged except through a·n.
    const pool = TMARS_BUCKETS;
    const scaled = pool.map((x) => ({ ...x, size: x.size * 3 }));
    const task = { a: TMARS_TASK.a / 3, d: 0.1 };
    for (const n of [32e6, 64e6, 640e6]) {
      expect(relative(predictError(scaled, task, 3 * n, REFERENCE), predictError(pool, TMARS_TASK, n, REFERENCE))).toBeLessThan(
        1e-12,
      );
    }
  });

  it("the order of buckets in a pool does not matter", () => {
    const reversed = [...TMARS_BUCKETS].reverse();
    for (const n of [1e7, 1e8, 1e9]) {
      expect(relative(predictError(reversed, TMARS_TASK, n), predictError(TMARS_BUCKETS, TMARS_TASK, n))).toBeLessThan(
        1e-13,
      );
    }
  });

  it("paper and reference variants coincide when d = 0", () => {
    const task = { a: 0.022, d: 0 };
    for (const n of [5e6, 3e7, 6e8]) {
      expect(relative(predictError(TMARS_BUCKETS, task, n), predictError(TMARS_BUCKETS, task, n, REFERENCE))).toBeLessThan(
        1e-14,
      );
    }
  });

  it("never returns NaN, even for extreme parameters", () => {
    const extremes: Bucket[] = [
      { id: "steep", size: 1, b: -50, tau: 1e-3 },
      { id: "flat", size: 1e15, b: -1e-12, tau: 1e6 },
    ];
    for (const task of [
      { a: 1e-300, d: 0 },
      { a: 1e300, d: 0 },
      { a: 1, d: 1e300 },
    ]) {
      for (const n of [1e-300, 1, 1e6, 1e15, 1e300]) {
        for (const law of [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }] as Law[]) {
          const y = predictError(extremes, task, n, law);
          expect(Number.isNaN(y)).toBe(false);
          expect(y).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });
});

describe("predictError: bad input", () => {
  const ok: Bucket = { id: "x", size: 100, b: -0.1, tau: 2 };
  const cases: Array<[string, () => unknown, string, string]> = [
    ["size <= 0", () => predictError([{ ...ok, size: 0 }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].size"],
    ["b >= 0", () => predictError([{ ...ok, b: 0 }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].b"],
    ["tau <= 0", () => predictError([{ ...ok, tau: -1 }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].tau"],
    ["NaN b", () => predictError([{ ...ok, b: NaN }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].b"],
    ["infinite size", () => predictError([{ ...ok, size: Infinity }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].size"],
    ["a <= 0", () => predictError([ok], { a: 0, d: 0.1 }, 10), "INVALID_TASK", "task.a"],
    ["d < 0", () => predictError([ok], { a: 1, d: -0.1 }, 10), "INVALID_TASK", "task.d"],
    ["normalizer NaN", () => predictError([ok], { a: 1, d: 0, normalizer: NaN }, 10), "INVALID_TASK", "task.normalizer"],
    ["samplesSeen < 0", () => predictError([ok], TMARS_TASK, -1), "INVALID_SAMPLES", "samplesSeen"],
    ["samplesSeen NaN", () => predictError([ok], TMARS_TASK, NaN), "INVALID_SAMPLES", "samplesSeen"],
    ["empty pool", () => predictError([], TMARS_TASK, 10), "EMPTY_POOL", "pool"],
    ["duplicate ids", () => predictError([ok, { ...ok }], TMARS_TASK, 10), "DUPLICATE_BUCKET", "pool[1].id"],
    ["empty id", () => predictError([{ ...ok, id: "" }], TMARS_TASK, 10), "INVALID_BUCKET", "pool[0].id"],
    [
      "unknown formulation",
      () => predictError([ok], TMARS_TASK, 10, { formulation: "x" as "utility" }),
      "INVALID_LAW",
      "law.formulation",
    ],
    ["unknown variant", () => predictError([ok], TMARS_TASK, 10, { variant: "y" as "paper" }), "INVALID_LAW", "law.variant"],
  ];
  it.each(cases.map(([name, call, code, argument]) => ({ name, call, code, argument })))(
    "$name → $code naming $argument",
    ({ call, code, argument }) => {
    let caught: unknown;
    try {
      call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as CoreError).code).toBe(code);
    expect((caught as CoreError).argument).toBe(argument);
    expect((caught as CoreError).message).toContain(argument);
    },
  );

  it("the message shows the bad value and what was expected", () => {
    expect(() => predictError([{ ...ok, tau: -1 }], TMARS_TASK, 10)).toThrow(
      "Invalid pool[0].tau: got -1; expected a half-life in repetitions in (0, 1e12].",
    );
  });
});
