// The effective-data law evaluated for one budget (table to 512 passes, Euler–Maclaurin with end corrections to the
// fifth derivative beyond) against the compiled pool, whose table is exact to 65,536 passes.
import { describe, expect, it } from "vitest";
import { poolModel, poolModelForOneBudget } from "./poolModel.js";
import { predictError } from "./predictError.js";
import type { Bucket, Law } from "./types.js";

const S = 12.8e6;
const POOLS: Array<{ name: string; pool: Bucket[] }> = [
  { name: "one bucket, tau 4.36", pool: [{ id: "a", size: S, b: -0.18, tau: 4.363636 }] },
  {
    name: "4 buckets",
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
];
const TASK = { a: 0.022, d: 0.1 };

describe("the effective-data law for one budget matches the compiled pool's exact table", () => {
  for (const law of [{ formulation: "effective-data" }, { formulation: "effective-data", variant: "reference" }] as Law[]) {
    for (const { name, pool } of POOLS) {
      let size = 0;
      for (const b of pool) size += b.size;
      it.each([1, 100, 511, 512, 513, 575, 576, 600, 1000, 5000, 20000, 65000])(`${name}, ${law.variant ?? "paper"}: %d passes`, (passes) => {
        for (const n of [passes * size, (passes + 0.4) * size]) {
          const exact = poolModel(pool, TASK, law).errorAt(n);
          const once = poolModelForOneBudget(pool, TASK, law).errorAt(n);
          expect(Math.abs(once - exact) / exact).toBeLessThan(1e-14);
          expect(predictError(pool, TASK, n, law)).toBe(once);
        }
      });
    }
  }
});
