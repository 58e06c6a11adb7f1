// The effective-data law evaluated for one budget (table to 512 passes, Euler–Maclaurin with end corrections to the
// fifth derivative beyond) against the compiled pool, whose table is exact to 65,536 passes.
import { describe, expect, it } from "vitest";
import { poolModel, poolModelForOneBudget } from "./poolModel.js";
import { predictError } from "./predictError.js";
import { SERIES_POOLS } from "./testing/seriesPools.js";
import type { Law } from "./types.js";

// The pools of the series tests except the very fast decay and the ten buckets (covered by predictError's tests).
const POOLS = SERIES_POOLS.slice(0, 4);
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
