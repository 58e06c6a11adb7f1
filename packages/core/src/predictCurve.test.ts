import { describe, expect, it } from "vitest";
import { predictCurve } from "./predictCurve.js";
import { predictError } from "./predictError.js";
import { CoreError } from "./CoreError.js";
import { GOLDEN_NESTED, REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";
import type { Law } from "./types.js";

describe("predictCurve", () => {
  it("reproduces the golden column of the top-20% pool", () => {
    const pool = TMARS_BUCKETS.slice(0, 2);
    const curve = predictCurve(pool, TMARS_TASK, GOLDEN_NESTED.map((row) => row.samplesSeen), REFERENCE);
    GOLDEN_NESTED.forEach((row, j) => expect(curve[j]).toBeCloseTo(row.errors[1]!, 6));
  });

  it.each<[string, Law]>([
    ["paper", { variant: "paper" }],
    ["reference", { variant: "reference" }],
    ["effective-data", { formulation: "effective-data" }],
  ])("equals predictError point by point, in any budget order (%s)", (_name, law) => {
    const budgets = [6.4e8, 1e6, 3.2e7, 1e10, 5.12e7, 1, 1.28e8, 2.56e7];
    const curve = predictCurve(TMARS_BUCKETS, TMARS_TASK, budgets, law);
    budgets.forEach((n, j) => expect(curve[j]).toBe(predictError(TMARS_BUCKETS, TMARS_TASK, n, law)));
  });

  it("accepts a Float64Array of budgets and returns one of the same length", () => {
    const budgets = Float64Array.from({ length: 1000 }, (_, i) => 1e6 * (i + 1));
    const curve = predictCurve(TMARS_BUCKETS, TMARS_TASK, budgets);
    expect(curve).toBeInstanceOf(Float64Array);
    expect(curve.length).toBe(1000);
    for (let j = 1; j < curve.length; j++) expect(curve[j]!).toBeLessThanOrEqual(curve[j - 1]! * (1 + 1e-14));
  });

  it("names the bad budget by index", () => {
    expect(() => predictCurve(TMARS_BUCKETS, TMARS_TASK, [1e6, -5, 1e7])).toThrow(CoreError);
    expect(() => predictCurve(TMARS_BUCKETS, TMARS_TASK, [1e6, -5, 1e7])).toThrow("samplesSeen[1]");
    expect(() => predictCurve(TMARS_BUCKETS, TMARS_TASK, [1e6, NaN])).toThrow("samplesSeen[1]");
  });
});

describe("predictCurve budget checks", () => {
  const pool = [{ id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.363636363636363 }];
  const task = { a: 0.022, d: 0.1 };
  it.each([
    { budgets: [1e6, 2e6, -1], path: "samplesSeen[2]" },
    { budgets: [Number.NaN], path: "samplesSeen[0]" },
    { budgets: [1e6, Infinity, 3e6], path: "samplesSeen[1]" },
  ])("names the first bad budget: $path", ({ budgets, path }) => {
    expect(() => predictCurve(pool, task, budgets)).toThrow(expect.objectContaining({ code: "INVALID_SAMPLES", argument: path }));
  });
  it("accepts a typed array of budgets and keeps their order", () => {
    const out = predictCurve(pool, task, Float64Array.of(128e6, 32e6), { variant: "reference" });
    expect(out[0]).toBeCloseTo(0.719275, 5);
    expect(out[1]).toBeCloseTo(0.811987, 5);
  });
});
