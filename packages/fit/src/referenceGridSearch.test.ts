import type { Law } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { FitError } from "./FitError.js";
import { linspace, referenceGridSearch } from "./referenceGridSearch.js";
import { nestedDesign, paperDesign, sseAt, TRUE_BUCKETS } from "./testing/synthetic.js";

const B = linspace(-0.005, -0.5, 100);
const TAU = linspace(1, 10, 100);
const A = linspace(1e-4, 0.2, 100);

describe("referenceGridSearch", () => {
  it("reproduces numpy.linspace and the official default grids", () => {
    expect(linspace(1, 10, 100)[37]).toBeCloseTo(4.363636363636363, 14);
    expect(linspace(-0.005, -0.5, 100)[99]).toBe(-0.5);
    expect(linspace(0.02, 0.15, 10)[1]).toBeCloseTo(0.034444444444444444, 15);
  });

  for (const law of [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }] as Law[]) {
    it(`finds the exact grid point that generated the data (${JSON.stringify(law)})`, () => {
      // Parameters on the grids: a = A[11], d = 0.1 in the d sweep, b and tau on the official grids.
      const buckets = [
        { id: "p", size: 12.8e6, b: B[35]!, tau: TAU[37]! },
        { id: "q", size: 12.8e6, b: B[20]!, tau: TAU[6]! },
      ];
      const task = { a: A[11]!, d: 0.1 };
      const input = paperDesign({ buckets, task, law });
      const grid = referenceGridSearch(input, { law, a: A.slice(10, 13), d: [0.05, 0.1] });
      expect(grid.task.a).toBe(A[11]);
      expect(grid.task.d).toBe(0.1);
      expect(grid.buckets.map((b) => [b.b, b.tau])).toEqual(buckets.map((b) => [b.b, b.tau]));
      expect(grid.sse).toBeLessThan(1e-25);
      expect(grid.law).toEqual({ formulation: law.formulation ?? "utility", variant: law.variant ?? "paper" });
    });
  }

  it("reports the SSE that @qqt/core computes at its best point (faithful model values)", () => {
    for (const law of [{ variant: "paper" }, { variant: "reference" }] as Law[]) {
      const input = paperDesign({ noise: 0.01, seed: 3, law, buckets: TRUE_BUCKETS.slice(0, 2) });
      const grid = referenceGridSearch(input, { law, a: A.slice(8, 12), d: [0.1, 0.12] });
      const recomputed = sseAt(input, grid.buckets, grid.task, law);
      expect(Math.abs(grid.sse - recomputed)).toBeLessThan(1e-12 * recomputed);
    }
  });

  it("is exhaustive: matches a brute-force enumeration of the joint grid on a small study", () => {
    const input = paperDesign({ noise: 0.01, seed: 5, buckets: TRUE_BUCKETS.slice(0, 2) }, [2, 6, 10]);
    const a = [0.01, 0.022, 0.04];
    const d = [0.05, 0.1];
    const b = linspace(-0.05, -0.3, 5);
    const tau = linspace(1, 6, 5);
    const grid = referenceGridSearch(input, { a, d, b, tau });
    let best = Infinity;
    for (const dv of d)
      for (const av of a)
        for (const b0 of b)
          for (const t0 of tau)
            for (const b1 of b)
              for (const t1 of tau) {
                const buckets = [
                  { id: "top0-10", size: 12.8e6, b: b0, tau: t0 },
                  { id: "top10-20", size: 12.8e6, b: b1, tau: t1 },
                ];
                best = Math.min(best, sseAt(input, buckets, { a: av, d: dv }));
              }
    expect(grid.sse).toBeCloseTo(best, 14);
    expect(grid.gridPoints).toBe(d.length * a.length * 2 * 25);
    expect(grid.evaluations).toBe(d.length * a.length * 25 * 6);
  });

  it("handles shared b and tau over pooled runs (one group) and a shared tau alone (outer sweep)", () => {
    const same = TRUE_BUCKETS.slice(0, 3).map((b) => ({ ...b, b: B[30]!, tau: TAU[40]! }));
    const input = nestedDesign({ buckets: same, task: { a: A[10]!, d: 0.1 } });
    const grid = referenceGridSearch(input, { share: ["b", "tau"], a: A.slice(9, 12), d: [0.1] });
    expect(grid.sse).toBeLessThan(1e-25);
    expect(grid.buckets.every((b) => b.b === B[30] && b.tau === TAU[40])).toBe(true);
    const single = paperDesign({ buckets: same.map((b, i) => ({ ...b, b: B[20 + 10 * i]! })), task: { a: A[10]!, d: 0.1 } });
    const sharedTau = referenceGridSearch(single, { share: ["tau"], a: A.slice(10, 11), d: [0.1] });
    expect(sharedTau.sse).toBeLessThan(1e-25);
    expect(sharedTau.buckets.map((b) => b.b)).toEqual([B[20], B[30], B[40]]);
  });

  it("uses fixed values instead of their grid", () => {
    const input = paperDesign({ noise: 0.005, seed: 2, buckets: TRUE_BUCKETS.slice(0, 2) });
    const grid = referenceGridSearch(input, { fixed: { a: 0.022, d: 0.1, tau: { "top0-10": 4.5 } } });
    expect(grid.task).toEqual({ a: 0.022, d: 0.1, normalizer: 1e5 });
    expect(grid.buckets[0]!.tau).toBe(4.5);
    expect(grid.gridPoints).toBe(100 + 100 * 100);
  });

  it("breaks exact ties by a seeded shuffle: reproducible per seed", () => {
    // Two identical b values make every tie exact.
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 1) });
    const options = { a: [0.022], d: [0.1], b: [-0.2, -0.2, -0.2], tau: [3, 3, 3, 3] };
    const first = referenceGridSearch(input, { ...options, seed: 1 });
    expect(referenceGridSearch(input, { ...options, seed: 1 })).toEqual(first);
    expect(first.seed).toBe(1);
  });

  it("refuses pooled runs with per-bucket parameters (the official code fits one bucket at a time)", () => {
    const input = nestedDesign({ buckets: TRUE_BUCKETS.slice(0, 2) });
    expect(() => referenceGridSearch(input)).toThrow(FitError);
    try {
      referenceGridSearch(input);
    } catch (e) {
      expect((e as FitError).code).toBe("UNSUPPORTED");
      expect((e as FitError).message).toMatch(/share: \['b', 'tau'\]/);
    }
  });

  it("rejects bad grids", () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 1) });
    expect(() => referenceGridSearch(input, { b: [0.1] })).toThrow(/options\.b/);
    expect(() => referenceGridSearch(input, { a: [] })).toThrow(/options\.a/);
    expect(() => referenceGridSearch(input, { normalizer: -1 })).toThrow(/options\.normalizer/);
  });
});
