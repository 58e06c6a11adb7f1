// The one-shot repetition sum (near field term by term, far field in closed form) against a compensated sum of
// every term, across pool shapes, decay speeds and pass counts around and far beyond the near field.
import { describe, expect, it } from "vitest";
import { NEAR_PASSES, repetitionSum } from "./utilitySeries.js";
import type { Bucket } from "./types.js";

/** Σ_{e=1..K−1} u(e)·log(1 + 1/e) + u(K)·log(1 + excess/(K·S)), Neumaier-summed, each δ^e from Math.pow. */
function exactSum(pool: readonly Bucket[], passes: number, excess: number): { sum: number; magnitude: number } {
  let size = 0;
  for (const b of pool) size += b.size;
  const u = (e: number) => {
    let s = 0;
    for (const b of pool) s += (b.size / size) * b.b * Math.pow(0.5, (e * b.size) / size / b.tau);
    return s;
  };
  let sum = 0;
  let comp = 0;
  let magnitude = 0;
  const add = (t: number) => {
    const s = sum + t;
    comp += Math.abs(sum) >= Math.abs(t) ? sum - s + t : t - s + sum;
    sum = s;
    magnitude += Math.abs(t);
  };
  for (let e = 1; e < passes; e++) {
    const ue = u(e);
    if (ue === 0) break;
    add(ue * Math.log1p(1 / e));
  }
  if (excess > 0) add(u(passes) * Math.log1p(excess / (passes * size)));
  return { sum: sum + comp, magnitude };
}

const S = 12.8e6;
const POOLS: Array<{ name: string; pool: Bucket[] }> = [
  { name: "one bucket, tau 4.36", pool: [{ id: "a", size: S, b: -0.18, tau: 4.363636 }] },
  {
    name: "T-MARS-like 4 buckets",
    pool: [
      { id: "a", size: S, b: -0.18, tau: 4.36 },
      { id: "b", size: S, b: -0.16, tau: 3.9 },
      { id: "c", size: S, b: -0.13, tau: 3.2 },
      { id: "d", size: S, b: -0.11, tau: 2.8 },
    ],
  },
  {
    name: "unequal sizes, slow and fast decay",
    pool: [
      { id: "big", size: 1e9, b: -0.05, tau: 300 },
      { id: "small", size: 2e6, b: -0.4, tau: 0.3 },
      { id: "mid", size: 5e7, b: -1.5, tau: 20 },
    ],
  },
  { name: "half-life of 2,000 repetitions", pool: [{ id: "a", size: 1, b: -0.2, tau: 2000 }] },
  { name: "very fast decay (tau 0.05)", pool: [{ id: "a", size: 1, b: -3, tau: 0.05 }] },
  {
    name: "10 buckets",
    pool: Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, size: S * (1 + i), b: -0.2 + 0.015 * i, tau: 5 - 0.35 * i })),
  },
];
const PASSES = [1, 2, 5, NEAR_PASSES - 1, NEAR_PASSES, NEAR_PASSES + 1, 65, 100, 1000, 12345, 1e5, 1e6];

describe("repetitionSum matches the compensated sum of every term", () => {
  for (const { name, pool } of POOLS) {
    let size = 0;
    for (const b of pool) size += b.size;
    it.each(PASSES.flatMap((passes) => [0, size / 3].map((excess) => ({ passes, excess }))))(
      `${name}: $passes passes + $excess samples`,
      ({ passes, excess }) => {
        const exact = exactSum(pool, passes, excess);
        const fast = repetitionSum(pool, size, passes, excess);
        // Within a few ulp of the sum of |terms| (the compensated judge itself is exact to about one ulp).
        expect(Math.abs(fast - exact.sum)).toBeLessThanOrEqual(4e-15 * exact.magnitude + 1e-300);
      },
    );
  }
});
