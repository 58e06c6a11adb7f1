import { describe, expect, it } from "vitest";
import { prepare, solve, startingPoints } from "./fit.js";
import { polish } from "./polish.js";
import { goldenCases } from "./testing/goldenCases.js";
import { oraclePolish } from "./testing/oraclePolish.js";
import { nestedDesign, paperDesign, scalingStudy } from "./testing/synthetic.js";

// The structured solver against the previous polish (ml-levenberg-marquardt, dense JᵀWJ) as the oracle: from the same
// starts, the best polish of each must reach the same optimum (Σ r² within 1e-9 relative, parameters close) on the
// golden synthetic designs, the LAION and DataComp real data and random mixture designs.

describe("structured solver vs the previous polish (oracle)", () => {
  it.each(goldenCases)("$name: same optimum", ({ input, options }) => {
    const context = prepare(input, options);
    const ours = solve(context, undefined, context.settings.starts).best;
    const oracle = solve(context, undefined, context.settings.starts, true, oraclePolish).best;
    const scale = Math.max(ours.sumSquares, oracle.sumSquares);
    // Exact fits: both at the rounding level of Σ w·y².
    const floor = 1e-24 * input.observations.reduce((s, o) => s + o.error ** 2, 0);
    expect(ours.converged).toBe(true);
    if (scale <= floor) return;
    // Never worse than the oracle; the same optimum wherever the oracle converged (it sometimes runs out of its 1000
    // iterations in a narrow valley, a little above the minimum the new solver reaches).
    expect(ours.sumSquares).toBeLessThanOrEqual(oracle.sumSquares * (1 + 1e-9));
    if (oracle.converged) expect(Math.abs(ours.sumSquares - oracle.sumSquares) / scale).toBeLessThanOrEqual(1e-9);
    // Our optimum is one for the oracle too: polishing it further gains less than 1e-9 relative.
    const further = oraclePolish(context.objective, context.layout, ours.theta, context.settings);
    expect((ours.sumSquares - further.sumSquares) / scale).toBeLessThanOrEqual(1e-9);
    // Parameters close where the oracle converged (θ on log scales, d natural).
    if (oracle.converged) {
      for (let s = 0; s < ours.theta.length; s++) expect(Math.abs((ours.theta[s] as number) - (oracle.theta[s] as number))).toBeLessThan(2e-2);
    }
  });

  it("walks out of a poor start (mid-box θ) to the optimum the fit finds", () => {
    for (const input of [paperDesign({ noise: 0.005, seed: 1 }), nestedDesign({ noise: 0.003, seed: 4 })]) {
      const context = prepare(input, {});
      const best = solve(context, undefined, context.settings.starts).best;
      const ours = polish(context.objective, context.layout, midBox(context), context.settings);
      expect(ours.converged).toBe(true);
      expect(Math.abs(ours.sumSquares - best.sumSquares) / best.sumSquares).toBeLessThan(1e-9);
    }
  });

  it("reports iterations and a copy of θ, and does not change between calls (no state kept)", () => {
    const context = prepare(paperDesign({ noise: 0.005, seed: 2 }), {});
    const start = midBox(context);
    const first = polish(context.objective, context.layout, start, context.settings);
    const second = polish(context.objective, context.layout, start, context.settings);
    expect(second.sumSquares).toBe(first.sumSquares);
    expect(second.iterations).toBe(first.iterations);
    expect(second.theta).not.toBe(first.theta);
    expect(Array.from(second.theta)).toEqual(Array.from(first.theta));
  });

  it("abandons a start crawling far above the incumbent (100 × 100: the one start that ran 1,000 iterations out)", () => {
    const context = prepare(scalingStudy(100, 100, 13), {});
    const starts = startingPoints(context, undefined, context.settings.starts);
    const best = polish(context.objective, context.layout, starts[0]!, context.settings);
    expect(best.converged).toBe(true);
    const crawler = polish(context.objective, context.layout, starts[3]!, { ...context.settings, incumbent: best.sumSquares });
    expect(crawler.abandoned).toBe(true);
    expect(crawler.converged).toBe(false);
    expect(crawler.iterations).toBeGreaterThanOrEqual(64);
    expect(crawler.iterations).toBeLessThan(context.settings.maxIterations);
    expect(crawler.sumSquares).toBeGreaterThan(2 * best.sumSquares);
    // The starts that reach the optimum are never abandoned, and an incumbent changes nothing about them.
    for (const start of [starts[1]!, starts[4]!]) {
      const alone = polish(context.objective, context.layout, start, context.settings);
      const informed = polish(context.objective, context.layout, start, { ...context.settings, incumbent: best.sumSquares });
      expect(informed.abandoned).toBeUndefined();
      expect(informed.sumSquares).toBe(alone.sumSquares);
      expect(informed.iterations).toBe(alone.iterations);
    }
  });

  it("stops at maxIterations with converged false", () => {
    const context = prepare(paperDesign({ noise: 0.005, seed: 2 }), { maxIterations: 3 });
    const result = polish(context.objective, context.layout, midBox(context), context.settings);
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });
});

function midBox(context: ReturnType<typeof prepare>): Float64Array {
  // The middle of the θ box: a poor start both solvers must walk far from.
  const theta = new Float64Array(context.layout.size);
  for (let s = 0; s < theta.length; s++) theta[s] = ((context.layout.lower[s] as number) + (context.layout.upper[s] as number)) / 2;
  return theta;
}
