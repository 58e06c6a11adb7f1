import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { linspace, referenceGridSearch } from "./referenceGridSearch.js";
import { nestedDesign, paperDesign, sseAt, TRUE_BUCKETS, TRUE_TASK } from "./testing/synthetic.js";
import type { FitResult } from "./types.js";
import type { Law } from "@qqt/core";

function expectRecovered(result: FitResult, tolerance: number) {
  const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
  expect(rel(result.task.a, TRUE_TASK.a)).toBeLessThan(tolerance);
  expect(rel(result.task.d, TRUE_TASK.d)).toBeLessThan(tolerance);
  result.buckets.forEach((bucket, i) => {
    expect(bucket.id).toBe(TRUE_BUCKETS[i]!.id);
    expect(rel(bucket.b, TRUE_BUCKETS[i]!.b)).toBeLessThan(tolerance);
    expect(rel(bucket.tau, TRUE_BUCKETS[i]!.tau)).toBeLessThan(tolerance);
  });
}

/** A reduced reference grid (official b and tau grids, coarser outer sweep) to keep unit tests fast. */
const SMALL_GRID = { a: linspace(1e-4, 0.2, 12), d: linspace(0.02, 0.15, 4) };

describe("fit: noise-free synthetic recovery", () => {
  for (const law of [{ variant: "paper" }, { variant: "reference" }] as Law[]) {
    it(`paper design (5 buckets × epochs 2–10, shared a, d), ${law.variant} variant: every parameter to 1e-4`, () => {
      const input = paperDesign({ law });
      const result = fit(input, { law });
      expectRecovered(result, 1e-4);
      expect(result.sse).toBeLessThan(1e-20);
      expect(result.converged).toBe(true);
      expect(result.freeParameters).toBe(12);
      expect(result.observations).toBe(25);
      expect(result.warnings.filter((w) => w.code !== "NO_STANDARD_ERRORS")).toEqual([]);
    });
  }

  it("nested top-k pools only (no single-bucket run beyond top 10%): every parameter to 1e-4", () => {
    const input = nestedDesign();
    expect(input.observations.some((o) => o.pool.length === 5)).toBe(true);
    const result = fit(input);
    expectRecovered(result, 1e-4);
    expect(result.sse).toBeLessThan(1e-20);
  });

  it("recovers with per-bucket sizes that differ (size-weighted mixing)", () => {
    const buckets = TRUE_BUCKETS.slice(0, 3).map((b, i) => ({ ...b, size: b.size * (i + 1) }));
    const input = nestedDesign({ buckets }, [20e6, 40e6, 80e6, 160e6, 320e6]);
    const result = fit(input);
    expect(result.sse).toBeLessThan(1e-20);
    result.buckets.forEach((b, i) => expect(Math.abs(b.b / buckets[i]!.b - 1)).toBeLessThan(1e-4));
  });
});

describe("fit: noisy synthetic data", () => {
  for (const seed of [1, 2]) {
    it(`SSE ≤ SSE at the true parameters and ≤ the reference grid's (noise 0.005, seed ${seed})`, () => {
      const input = paperDesign({ noise: 0.005, seed });
      const result = fit(input, { seed });
      const truth = sseAt(input, TRUE_BUCKETS, TRUE_TASK);
      expect(result.sse).toBeLessThanOrEqual(truth);
      const grid = referenceGridSearch(input, { ...SMALL_GRID, seed });
      expect(result.sse).toBeLessThanOrEqual(grid.sse);
      // The fitted curves stay close to the true ones at this noise level (a alone is loosely pinned).
      const clean = paperDesign();
      const mean = result.residuals.reduce((s, r, j) => s + Math.abs(r.predicted - clean.observations[j]!.error), 0) / 25;
      expect(mean).toBeLessThan(0.004);
    });
  }

  it("nested design with noise: SSE ≤ SSE at the true parameters", () => {
    const input = nestedDesign({ noise: 0.003, seed: 9 });
    const result = fit(input, { seed: 9 });
    expect(result.sse).toBeLessThanOrEqual(sseAt(input, TRUE_BUCKETS, TRUE_TASK));
  });

  it("reference variant with noise: SSE ≤ truth and ≤ the reference grid, also with the grid as a global stage", () => {
    const law: Law = { variant: "reference" };
    const input = paperDesign({ noise: 0.004, seed: 4, law });
    const result = fit(input, { law });
    const grid = referenceGridSearch(input, { ...SMALL_GRID, law });
    expect(result.sse).toBeLessThanOrEqual(sseAt(input, TRUE_BUCKETS, TRUE_TASK, law));
    expect(result.sse).toBeLessThanOrEqual(grid.sse);
    const staged = fit(input, { law, globalStage: "reference-grid", referenceGrid: SMALL_GRID });
    expect(staged.sse).toBeLessThanOrEqual(grid.sse);
    expect(staged.starts).toBe(result.starts + 1);
  });

  it("is deterministic: same input, options and seed give an identical result", () => {
    const input = paperDesign({ noise: 0.005, seed: 5 });
    expect(fit(input, { seed: 42 })).toEqual(fit(input, { seed: 42 }));
  });

  it("reports residuals per observation, rmse, and finite standard errors", () => {
    const input = paperDesign({ noise: 0.005, seed: 6 });
    const result = fit(input);
    expect(result.residuals).toHaveLength(25);
    const sse = result.residuals.reduce((s, r) => s + r.residual ** 2, 0);
    expect(sse).toBeCloseTo(result.sse, 15);
    expect(result.rmse).toBeCloseTo(Math.sqrt(result.sse / 25), 15);
    result.residuals.forEach((r, j) => {
      expect(r.index).toBe(j);
      expect(r.observed - r.predicted).toBeCloseTo(r.residual, 15);
    });
    const se = result.standardErrors;
    for (const x of [se.a, se.d, ...se.buckets.flatMap((b) => [b.b, b.tau])]) {
      expect(x).toBeGreaterThan(0);
      expect(Number.isFinite(x)).toBe(true);
    }
    // The truth lies within a few standard errors of the estimate.
    expect(Math.abs(result.task.a - TRUE_TASK.a)).toBeLessThan(4 * se.a!);
    expect(Math.abs(result.task.d - TRUE_TASK.d)).toBeLessThan(4 * se.d!);
  });
});

describe("fit: weakly identified parameters", () => {
  it("warns WEAK_ESTIMATE exactly for the parameters whose standard error exceeds half their value", () => {
    // Five budgets within a factor 5 of each other hardly separate a, d and b (spec §7).
    const input = paperDesign({ noise: 0.002, seed: 17 });
    const result = fit(input);
    const se = result.standardErrors;
    const expected: string[] = [];
    if (se.a! > 0.5 * result.task.a) expected.push("a =");
    if (se.d! > 0.5 * result.task.d) expected.push("d =");
    result.buckets.forEach((b, i) => {
      if (se.buckets[i]!.b! > 0.5 * Math.abs(b.b)) expected.push(`b[${b.id}] =`);
      if (se.buckets[i]!.tau! > 0.5 * b.tau) expected.push(`tau[${b.id}] =`);
    });
    expect(expected.length).toBeGreaterThan(0);
    const warning = result.warnings.find((w) => w.code === "WEAK_ESTIMATE")!;
    for (const name of expected) expect(warning.message).toContain(name);
    expect(warning.message.match(/ ± /g)).toHaveLength(expected.length);
  });
});

describe("fit: parameter structure and loss options", () => {
  it("holds fixed parameters exactly and reports no standard error for them", () => {
    const input = paperDesign({ noise: 0.003, seed: 2 });
    const result = fit(input, { fixed: { d: 0.1, tau: { "top0-10": 4 } } });
    expect(result.task.d).toBe(0.1);
    expect(result.buckets[0]!.tau).toBe(4);
    expect(result.freeParameters).toBe(10);
    expect(result.standardErrors.d).toBeUndefined();
    expect(result.standardErrors.buckets[0]!.tau).toBeUndefined();
    expect(result.standardErrors.buckets[0]!.b).toBeGreaterThan(0);
    expect(result.options.fixed).toEqual({ d: 0.1, tau: { "top0-10": 4 } });
  });

  it("shares tau across buckets: one value, and the fit is worse than per-bucket tau (spec §7)", () => {
    const input = paperDesign();
    const shared = fit(input, { share: ["tau"] });
    const taus = new Set(shared.buckets.map((b) => b.tau));
    expect(taus.size).toBe(1);
    expect(shared.freeParameters).toBe(8);
    expect(shared.sse).toBeGreaterThan(1e-6);
    expect(shared.standardErrors.buckets.every((b) => b.tau === shared.standardErrors.buckets[0]!.tau)).toBe(true);
  });

  it("keeps parameters inside bounds and warns when one ends on a bound", () => {
    const input = paperDesign();
    const result = fit(input, { bounds: { tau: { min: 2, max: 10 } } });
    for (const b of result.buckets) {
      expect(b.tau).toBeGreaterThanOrEqual(2);
      expect(b.tau).toBeLessThanOrEqual(10);
    }
    const atBound = result.warnings.filter((w) => w.code === "AT_BOUND");
    expect(atBound.length).toBeGreaterThanOrEqual(2); // true taus 1.55 and 1.2 are below the bound
    expect(atBound[0]!.message).toMatch(/tau\[top30-40\] = 2 is on or near its lower bound 2/);
  });

  it("warns when there are fewer observations than free parameters", () => {
    const input = paperDesign({ buckets: TRUE_BUCKETS.slice(0, 1) }, [2, 4, 6]);
    const result = fit(input);
    expect(result.freeParameters).toBe(4);
    const codes = result.warnings.map((w) => w.code);
    expect(codes).toContain("NOT_IDENTIFIABLE");
    expect(codes).toContain("NO_STANDARD_ERRORS");
    expect(result.standardErrors.a).toBeUndefined();
    expect(Number.isFinite(result.task.a) && Number.isFinite(result.task.d)).toBe(true);
  });

  it("flags a flat direction: per-bucket a and b cannot both be pinned by one budget per bucket", () => {
    // One budget per bucket inside the first pass: y = (a n/N)^b + d cannot separate a, b and d.
    const input = {
      buckets: [{ id: "x", size: 1e9 }],
      observations: [1e7, 1e7, 1e7, 1e7].map((n, k) => ({ pool: ["x"], samplesSeen: n, error: 0.6 + k * 1e-9 })),
    };
    const result = fit(input);
    const flat = result.warnings.filter((w) => w.code === "NOT_IDENTIFIABLE");
    expect(flat.length).toBeGreaterThan(0);
    expect(flat.map((w) => w.message).join(" ")).toMatch(/flat direction in JᵀJ|does not depend/);
  });

  it("huber-log resists an outlier that drags the SSE fit", () => {
    const input = paperDesign({ noise: 0.001, seed: 3 });
    input.observations[7]!.error += 0.2; // one broken run
    const sse = fit(input);
    const robust = fit(input, { loss: "huber-log", huberDelta: 0.01 });
    const dist = (r: FitResult) => Math.abs(r.buckets[1]!.b - TRUE_BUCKETS[1]!.b);
    expect(robust.loss).toBe("huber-log");
    expect(robust.options.huberDelta).toBe(0.01);
    expect(dist(robust)).toBeLessThan(dist(sse) / 3);
    expect(robust.objective).not.toBe(robust.sse);
  });

  it("weights change the fit: a heavily weighted run is matched more closely", () => {
    const input = paperDesign({ noise: 0.01, seed: 8 });
    const plain = fit(input);
    input.observations[12]!.weight = 1000;
    const weighted = fit(input);
    expect(Math.abs(weighted.residuals[12]!.residual)).toBeLessThan(Math.abs(plain.residuals[12]!.residual) / 5);
    expect(weighted.residuals[12]!.weight).toBe(1000);
  });

  it("polishes user starting values with globalStage 'none'", () => {
    const input = paperDesign();
    const result = fit(input, {
      globalStage: "none",
      initial: { a: 0.02, d: 0.09, b: -0.13, tau: 3 },
    });
    expect(result.starts).toBe(1);
    expectRecovered(result, 1e-4);
  });

  it("fits the effective-data formulation (finite-difference path)", () => {
    const law: Law = { formulation: "effective-data" };
    const input = paperDesign({ law, buckets: TRUE_BUCKETS.slice(0, 3) });
    const result = fit(input, { law });
    expect(result.law).toEqual({ formulation: "effective-data", variant: "paper" });
    expect(result.sse).toBeLessThan(1e-14);
  });
});
