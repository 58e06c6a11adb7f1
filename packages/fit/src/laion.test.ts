import { predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { fit } from "./fit.js";
import { linspace, referenceGridSearch } from "./referenceGridSearch.js";
import { LAION_SIZES, laionStudy, loadLaionImagenet } from "./testing/laion.js";

// Real data: OpenCLIP runs of Cherti et al. 2023 (test-data/README.md). For each architecture the three LAION pools
// are buckets of one quality (b and tau shared), fitted on the 3B and 13B runs; the 34B runs are predicted.

const ARCHS = ["ViT-B-32", "ViT-B-16", "ViT-L-14"];

/** Measured with the default law (utility, paper variant); see BENCHMARKS.md for all numbers. */
function predict34B(arch: string) {
  const { input } = laionStudy(arch, ["3B", "13B"]);
  const { runs } = laionStudy(arch, ["34B"]);
  const result = fit(input, { share: ["b", "tau"] });
  const errors = runs.map((run) => {
    const bucket = result.buckets.find((b) => b.id === run.dataset)!;
    const predicted = predictError([bucket], result.task, run.samplesSeen, result.law);
    return { dataset: run.dataset, observed: 1 - run.top1, predicted, absoluteError: Math.abs(predicted - (1 - run.top1)) };
  });
  return { input, result, errors };
}

describe("LAION OpenCLIP scaling runs", () => {
  it("loads 27 ImageNet results of the three architectures (9 per architecture)", () => {
    const runs = loadLaionImagenet().filter((r) => ARCHS.includes(r.arch));
    expect(runs).toHaveLength(27);
    expect(new Set(runs.map((r) => r.dataset))).toEqual(new Set(Object.keys(LAION_SIZES)));
    const b32 = runs.find((r) => r.arch === "ViT-B-32" && r.dataset === "LAION-2B" && r.pretty === "34B")!;
    expect(b32.top1).toBe(0.66474);
    expect(b32.samplesSeen).toBe(34725395968);
  });

  const all: number[] = [];
  for (const arch of ARCHS) {
    it(`${arch}: fit on 3B and 13B predicts the 34B ImageNet zero-shot error within 0.03`, () => {
      const { result, errors } = predict34B(arch);
      expect(result.observations).toBe(6);
      expect(result.freeParameters).toBe(4);
      expect(new Set(result.buckets.map((b) => b.b)).size).toBe(1);
      expect(result.sse).toBeLessThan(3e-4);
      for (const e of errors) {
        expect(e.absoluteError).toBeLessThan(0.03);
        all.push(e.absoluteError);
      }
    });
  }

  it("mean absolute error over the 9 predictions of the 34B runs is below 0.015", () => {
    expect(all).toHaveLength(9);
    const mean = all.reduce((s, x) => s + x, 0) / all.length;
    expect(mean).toBeLessThan(0.015);
  });

  it("the fit is never worse than the reference grid on the same data", () => {
    for (const arch of ARCHS) {
      const { input, result } = predict34B(arch);
      const grid = referenceGridSearch(input, { share: ["b", "tau"], a: linspace(1e-4, 0.2, 20), d: linspace(0.02, 0.15, 5) });
      expect(result.sse).toBeLessThanOrEqual(grid.sse);
    }
  });

  it("reference variant: projected steps leave d on its bound instead of stalling, and diverse starts find the better basin", () => {
    const law = { variant: "reference" as const };
    const b32 = fit(laionStudy("ViT-B-32", ["3B", "13B"]).input, { share: ["b", "tau"], law });
    expect(b32.task.d).toBe(0);
    expect(b32.sse).toBeLessThan(9.25e-4); // the clamped polish stopped at 1.56e-3
    expect(b32.warnings.some((w) => w.code === "AT_BOUND" && w.message.startsWith("d = 0"))).toBe(true);
  });

  it("reference variant: d stays below every observed error, so ViT-L/14 keeps gaining from repetition", () => {
    const law = { variant: "reference" as const };
    const { input } = laionStudy("ViT-L-14", ["3B", "13B"]);
    const l14 = fit(input, { share: ["b", "tau"], law });
    const smallest = Math.min(...input.observations.map((o) => o.error));
    // Before the bound, the fit took the basin d ≈ 0.31 > 0.269 (the smallest error), tau ≈ 0.46: no gain after one pass.
    expect(l14.task.d).toBeLessThanOrEqual(smallest);
    expect(l14.task.d).toBeCloseTo(0.0627, 3);
    expect(l14.buckets[0]!.tau).toBeGreaterThan(5);
    const bucket = l14.buckets[0]!;
    const onePass = predictError([bucket], l14.task, bucket.size, l14.law);
    const fourPasses = predictError([bucket], l14.task, 4 * bucket.size, l14.law);
    expect(onePass - fourPasses).toBeGreaterThan(0.05);
  });
});
