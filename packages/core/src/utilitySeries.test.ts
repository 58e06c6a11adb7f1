// The one-shot repetition sum (near field term by term, far field in closed form) against a compensated sum of
// every term, across pool shapes, decay speeds and pass counts around and far beyond the near field.
import { describe, expect, it } from "vitest";
import { NEAR_PASSES, repetitionSum } from "./utilitySeries.js";
import { SERIES_POOLS } from "./testing/seriesPools.js";
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

const POOLS = SERIES_POOLS;
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
