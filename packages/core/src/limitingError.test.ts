import { describe, expect, it } from "vitest";
import { limitingError } from "./limitingError.js";
import { predictError } from "./predictError.js";
import { naivePredictErrorCompensated } from "./testing/naiveReference.js";
import { REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";
import type { Bucket, Law } from "./types.js";

const laws: Law[] = [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }];

describe("limitingError", () => {
  it("is the plateau of the top-10% curve in the golden table (0.707105 at 640M)", () => {
    expect(limitingError([TMARS_BUCKETS[0]!], TMARS_TASK, REFERENCE)).toBeCloseTo(0.7071, 4);
  });

  it.each(laws)("equals the error after a vast budget and lies above d (%o)", (law) => {
    for (let k = 1; k <= 4; k++) {
      const pool = TMARS_BUCKETS.slice(0, k);
      const limit = limitingError(pool, TMARS_TASK, law);
      const far = predictError(pool, TMARS_TASK, 1e15, law);
      expect(Math.abs(limit - far) / limit).toBeLessThan(1e-13);
      expect(limit).toBeGreaterThan(TMARS_TASK.d);
      expect(limit).toBeLessThan(predictError(pool, TMARS_TASK, 640e6, law));
    }
  });

  it("converges for half-lives of thousands of passes (far field)", () => {
    const pool: Bucket[] = [{ id: "slow", size: 1e6, b: -0.2, tau: 3000 }];
    for (const law of laws) {
      const limit = limitingError(pool, TMARS_TASK, law);
      // By 2·10^6 passes, δ^e = 2^(−667): the O(K) loop has reached the limit.
      const judge = naivePredictErrorCompensated(pool, TMARS_TASK, 1e6 * 2e6, law);
      expect(Math.abs(limit - judge) / judge).toBeLessThan(1e-12);
    }
  });
});
