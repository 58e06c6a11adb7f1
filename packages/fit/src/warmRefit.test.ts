import { describe, expect, it } from "vitest";
import { prepare, runFit, solve } from "./fit.js";
import { emptyParams, toTheta } from "./layout.js";
import { paperDesign } from "./testing/synthetic.js";
import { warmRefit } from "./warmRefit.js";

// A bootstrap refit keeps its warm start when that converges to a loss consistent with the point fit's, and runs
// the full engine (global stage, extra starts) otherwise.

const input = paperDesign({ noise: 0.005, seed: 3 });
const point = runFit(prepare(input, undefined), undefined);
const params = emptyParams(point.buckets.length);
params.a = point.task.a;
params.d = point.task.d;
point.buckets.forEach((bucket, i) => {
  params.b[i] = bucket.b;
  params.tau[i] = bucket.tau;
});
// A resample: the point fit's predictions plus its residuals in reverse order.
const resample = {
  buckets: input.buckets,
  observations: input.observations.map((o, j) => ({
    ...o,
    error: Math.max(point.residuals[j]!.predicted + point.residuals[point.residuals.length - 1 - j]!.residual, 0),
  })),
};

describe("warmRefit", () => {
  it("keeps a consistent warm start without the global stage", () => {
    const context = prepare(resample, undefined);
    const warmStart = toTheta(context.layout, params);
    const { best, searched } = warmRefit({ context, warmStart, candidates: 1, pointLoss: point.objective });
    expect(searched).toBe(false);
    expect(best.converged).toBe(true);
    expect(best.sumSquares).toBeLessThanOrEqual(4 * point.objective);
  });

  it("runs the full engine when the warm start is not consistent, exactly as solve does", () => {
    const context = prepare(resample, undefined);
    const warmStart = toTheta(context.layout, params);
    // A point loss far below any refit's: no warm start is consistent with it.
    const { best, searched } = warmRefit({ context, warmStart, candidates: 1, pointLoss: 1e-30 });
    expect(searched).toBe(true);
    const full = solve(context, warmStart, 1, false).best;
    expect(best.sumSquares).toBe(full.sumSquares);
    expect(Array.from(best.theta)).toEqual(Array.from(full.theta));
  });
});
