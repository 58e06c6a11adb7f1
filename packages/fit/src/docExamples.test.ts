// Every value stated in a TSDoc @example of the public API, recomputed: the API reference must not lie.
// `input` is the one of the FitInput example; values are compared at the precision the docs print them.
import { parseModel, writeModel } from "@qqt/data";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bootstrap,
  DEFAULT_BOUNDS,
  fit,
  FitError,
  holdout,
  linspace,
  referenceGridSearch,
  toModelFile,
  VERSION,
  type BootstrapProgress,
  type BootstrapResult,
  type FitInput,
} from "./index.js";

const errors = { "top0-10": [0.8462, 0.7852, 0.7609, 0.7487, 0.7419], "top10-20": [0.8837, 0.8304, 0.809, 0.7984, 0.7925] };
const input: FitInput = {
  buckets: [{ id: "top0-10", size: 12.8e6 }, { id: "top10-20", size: 12.8e6 }],
  observations: Object.entries(errors).flatMap(([id, ys]) =>
    ys.map((error, k) => ({ pool: [id], samplesSeen: 2 * (k + 1) * 12.8e6, error })),
  ),
};

/** `x` rounded to `digits` significant digits, as the docs print it. */
const sig = (x: number | undefined, digits: number): number => Number((x as number).toPrecision(digits));

describe("doc examples: fit", () => {
  const result = fit(input, { seed: 1 });

  it("FitInput / fit / FitResult / FittedTask: the fit of the example input", () => {
    expect(input.observations).toHaveLength(10);
    expect(input.observations[9]).toEqual({ pool: ["top10-20"], samplesSeen: 128e6, error: 0.7925 });
    expect({ a: sig(result.task.a, 4), d: sig(result.task.d, 4), normalizer: result.task.normalizer }).toEqual({
      a: 0.02222,
      d: 0.1016,
      normalizer: 100000,
    });
    expect(result.buckets.map((b) => sig(b.b, 4))).toEqual([-0.1802, -0.1504]);
    expect(sig(result.buckets[0]!.tau, 4)).toBe(4.376);
    expect(result.buckets[0]).toMatchObject({ id: "top0-10", size: 12800000 });
    expect(sig(result.rmse, 2)).toBe(2.0e-5);
    expect(result.warnings).toEqual([]);
    expect(result.converged).toBe(true);
  });

  it("StandardErrors / BucketStandardErrors", () => {
    const se = result.standardErrors;
    expect([sig(se.a, 2), sig(se.d, 2)]).toEqual([0.00042, 0.0032]);
    expect(se.buckets.map((b) => [b.id, sig(b.b, 2), sig(b.tau, 2)])).toEqual([
      ["top0-10", 0.00063, 0.014],
      ["top10-20", 0.00084, 0.012],
    ]);
  });

  it("FitResidual", () => {
    const r = result.residuals[0]!;
    expect({ ...r, predicted: sig(r.predicted, 6), residual: sig(r.residual, 2) }).toEqual({
      index: 0,
      pool: ["top0-10"],
      samplesSeen: 25600000,
      observed: 0.8462,
      predicted: 0.846198,
      residual: 0.0000015,
      weight: 1,
    });
  });

  it("FitOptionsEcho", () => {
    expect(fit(input, { share: ["tau"], fixed: { d: 0.1 } }).options).toEqual({
      share: ["tau"],
      fixed: { d: 0.1 },
      bounds: {},
      normalizer: 100000,
      starts: 4,
      globalStage: "auto",
      maxIterations: 1000,
      tolerance: 1e-10,
    });
  });

  it("FitError", () => {
    const buckets = [{ id: "top0-10", size: 12.8e6 }];
    const observations = [
      { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.85 },
      { pool: ["top0-20"], samplesSeen: 51.2e6, error: 0.8 },
    ];
    let caught: unknown;
    try {
      fit({ buckets, observations });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FitError);
    const error = caught as FitError;
    expect([error.code, error.path, error.name]).toEqual(["UNKNOWN_BUCKET", "observations[1].pool[0]", "FitError"]);
  });

  it("DEFAULT_BOUNDS, linspace, VERSION", () => {
    expect(DEFAULT_BOUNDS.tau).toEqual({ min: 0.01, max: 100000 });
    expect(DEFAULT_BOUNDS.tau.max).toBe(100000);
    expect([DEFAULT_BOUNDS, DEFAULT_BOUNDS.a, DEFAULT_BOUNDS.d, DEFAULT_BOUNDS.b, DEFAULT_BOUNDS.tau].every(Object.isFrozen)).toBe(true);
    expect(linspace(1, 10, 4)).toEqual([1, 4, 7, 10]);
    expect(linspace(0.02, 0.15, 10)[8]).toBe(0.13555555555555557);
    expect(toModelFile(fit(input)).fit?.generator === `@qqt/fit ${VERSION}`).toBe(true);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("referenceGridSearch / ReferenceGridResult: a narrow grid around the truth", () => {
    const grid = referenceGridSearch(input, { a: linspace(0.018, 0.026, 9), d: [0.09, 0.1, 0.11] });
    expect(grid.law).toEqual({ formulation: "utility", variant: "paper" });
    expect(grid.task).toEqual({ a: 0.022, d: 0.1, normalizer: 100000 });
    expect(grid.buckets.map((b) => [b.id, b.size, sig(b.b, 4), sig(b.tau, 5)])).toEqual([
      ["top0-10", 12800000, -0.18, 4.3636],
      ["top10-20", 12800000, -0.15, 4.2727],
    ]);
    expect([sig(grid.sse, 2), grid.gridPoints, grid.evaluations, grid.seed]).toEqual([7.8e-9, 540000, 2700000, 0]);
    expect(grid.sse > fit(input).sse).toBe(true);
  });

  it("holdout / HoldoutResult / HoldoutPrediction / HoldoutSummary", async () => {
    const { fitted, predictions, summary } = await holdout(input, { fitUntil: 6 * 12.8e6, seed: 1 });
    expect(fitted).toEqual([0, 1, 2, 5, 6, 7]);
    const p = predictions[0]!;
    expect({ ...p, predicted: sig(p.predicted, 6), absoluteError: sig(p.absoluteError, 2), relativeError: sig(p.relativeError, 2) }).toEqual({
      index: 3,
      pool: ["top0-10"],
      samplesSeen: 102400000,
      observed: 0.7487,
      predicted: 0.748724,
      absoluteError: 0.000024,
      relativeError: 0.000032,
      passes: 8,
      extrapolation: expect.objectContaining({ side: "above" }),
    });
    expect([
      summary.count,
      sig(summary.meanAbsoluteError, 2),
      sig(summary.maxAbsoluteError, 2),
      sig(summary.rootMeanSquaredError, 2),
      sig(summary.meanRelativeError, 2),
    ]).toEqual([4, 0.00011, 0.00021, 0.00013, 0.00014]);
  });

  it("toModelFile", () => {
    const file = toModelFile(result, { name: "T-MARS", metric: { name: "imagenet1k" } });
    expect(file.format).toBe("qqt.model/v1");
    expect(file.fit?.generator).toBe(`@qqt/fit ${VERSION}`);
    expect(parseModel(writeModel(file)).data).toEqual(file);
  });
});

describe("doc examples: bootstrap (100 residual resamples, seed 1)", () => {
  let boot: BootstrapResult;
  let last: BootstrapProgress | undefined;
  beforeAll(async () => {
    boot = await bootstrap(input, { samples: 100, seed: 1, onProgress: (p) => (last = p) });
  });
  const interval = (i: { low: number; high: number } | undefined, digits: number) => [sig(i?.low, digits), sig(i?.high, digits)];

  it("BootstrapProgress / BootstrapResult / ParameterIntervals / BucketIntervals", () => {
    expect(last).toEqual({ done: 100, total: 100, failures: 0 });
    expect(boot.successful).toBe(100);
    expect(interval(boot.intervals.a, 3)).toEqual([0.0216, 0.0231]);
    expect(interval(boot.intervals.d, 3)).toEqual([0.0967, 0.109]);
    expect(sig(boot.intervals.d?.high, 4)).toBe(0.1087);
    const top = boot.intervals.buckets[0]!;
    expect(top.id).toBe("top0-10");
    expect(interval(top.b, 4)).toEqual([-0.1818, -0.1791]);
    expect(interval(top.tau, 4)).toEqual([4.351, 4.397]);
  });

  it("BootstrapDraw", () => {
    const draw = boot.draws[0]!;
    expect([sig(draw.a, 4), sig(draw.d, 4), draw.b.map((b) => sig(b, 4)), draw.tau.map((t) => sig(t, 4))]).toEqual([
      0.02257,
      0.1043,
      [-0.1806, -0.151],
      [4.384, 4.264],
    ]);
  });

});
