// predictError's O(1) evaluation (near field exact + Euler–Maclaurin far field) against a plain product loop.
import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALIZER } from "./constants.js";
import { poolModel } from "./poolModel.js";
import { predictError } from "./predictError.js";
import { TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";
import type { Bucket, TaskParams } from "./types.js";

const S = 12.8e6;
const TEN: Bucket[] = Array.from({ length: 10 }, (_, i) => ({
  id: `top${i * 10}-${i * 10 + 10}`,
  size: S,
  b: -0.2 + 0.015 * i,
  tau: 5 - 0.35 * i,
}));

/**
 * The exact law (paper Eq. 4) as a plain loop over every pass: log of the product, term by term. The loop ends
 * once b_eff(e) is below 1e-40, where the remaining terms (geometric, ratio < 0.99) cannot change a double.
 */
function exactError(pool: readonly Bucket[], task: TaskParams, n: number, variant: "paper" | "reference"): number {
  let size = 0;
  for (const bucket of pool) size += bucket.size;
  const bEff = (e: number) => {
    let u = 0;
    for (const bucket of pool) {
      const w = bucket.size / size;
      u += w * bucket.b * 0.5 ** ((e * w) / bucket.tau);
    }
    return u;
  };
  const logP = bEff(0) * Math.log((task.a * Math.min(n, size)) / DEFAULT_NORMALIZER);
  const K = Math.floor(n / size);
  let rest = 0;
  for (let e = 1; e <= K; e++) {
    const u = bEff(e);
    if (Math.abs(u) < 1e-40) break;
    rest += u * Math.log(Math.min((e + 1) * size, n) / (e * size));
  }
  return variant === "reference"
    ? (Math.exp(logP) + task.d) * Math.exp(rest)
    : Math.exp(logP + rest) + task.d;
}

const POOLS: ReadonlyArray<[string, readonly Bucket[]]> = [
  ["1 bucket", [TMARS_BUCKETS[0]!]],
  ["4 buckets", TMARS_BUCKETS],
  ["10 buckets", TEN],
];
const CASES = POOLS.flatMap(([name, pool]) =>
  (["paper", "reference"] as const).flatMap((variant) =>
    [2, 3, 4, 5, 6, 7, 8, 9].flatMap((exponent) =>
      // An exact number of passes and one with a partial last pass.
      [0, 1 / 3].map((fraction) => ({ name, pool, variant, passes: 10 ** exponent + fraction })),
    ),
  ),
);

describe("predictError at 10^2–10^9 passes matches the exact product", () => {
  it.each(CASES)("$name, $variant, $passes passes", ({ pool, variant, passes }) => {
    let size = 0;
    for (const bucket of pool) size += bucket.size;
    const n = passes * size;
    const exact = exactError(pool, TMARS_TASK, n, variant);
    const fast = predictError(pool, TMARS_TASK, n, { variant });
    expect(Math.abs(fast - exact) / exact).toBeLessThan(1e-9);
    // And agrees with the compiled model's prefix tables.
    const compiled = poolModel(pool, TMARS_TASK, { variant }).errorAt(n);
    expect(Math.abs(fast - compiled) / compiled).toBeLessThan(1e-9);
  });

  it("covers the near field (passes below 64) exactly too", () => {
    for (const passes of [1, 2, 5.5, 30, 63, 64, 65, 99]) {
      const n = passes * 4 * S;
      const exact = exactError(TMARS_BUCKETS, TMARS_TASK, n, "paper");
      expect(Math.abs(predictError(TMARS_BUCKETS, TMARS_TASK, n) - exact) / exact).toBeLessThan(1e-12);
    }
  });
});
