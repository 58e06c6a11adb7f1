import { describe, expect, it } from "vitest";
import { poolModel } from "./poolModel.js";
import { predictError } from "./predictError.js";
import { poolUtilityAtRepetition } from "./poolUtilityAtRepetition.js";
import { REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";

describe("poolModel", () => {
  const model = poolModel(TMARS_BUCKETS.slice(0, 3), TMARS_TASK, REFERENCE);

  it("exposes the pool size and the resolved law", () => {
    expect(model.size).toBe(3 * 12.8e6);
    expect(model.law).toEqual({ formulation: "utility", variant: "reference" });
  });

  it("errorAt reproduces the golden top-30% column", () => {
    expect(model.errorAt(32e6)).toBeCloseTo(0.846215, 6);
    expect(model.errorAt(640e6)).toBeCloseTo(0.599218, 6);
  });

  it("gives the same numbers whichever budget is asked first (the prefix table grows lazily)", () => {
    const fresh = poolModel(TMARS_BUCKETS.slice(0, 3), TMARS_TASK, REFERENCE);
    const late = fresh.errorAt(1e10);
    const early = fresh.errorAt(5e7);
    expect(late).toBe(predictError(TMARS_BUCKETS.slice(0, 3), TMARS_TASK, 1e10, REFERENCE));
    expect(early).toBe(predictError(TMARS_BUCKETS.slice(0, 3), TMARS_TASK, 5e7, REFERENCE));
  });

  it("utilityAt is b_eff(e) of Theorem 1", () => {
    const expected = TMARS_BUCKETS.slice(0, 3).reduce((s, x) => s + (x.b / 3) * 0.5 ** (2 / (3 * x.tau)), 0);
    expect(model.utilityAt(2)).toBeCloseTo(expected, 15);
    expect(poolUtilityAtRepetition(TMARS_BUCKETS.slice(0, 3), 2)).toBeCloseTo(expected, 15);
  });
});
