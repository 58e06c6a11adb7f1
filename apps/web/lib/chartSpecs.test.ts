import { describe, expect, it } from "vitest";
import { compileAdvisor } from "./advisor";
import {
  budgetLabel,
  budgetLabelAnchor,
  crossoverSentence,
  differenceChartSpec,
  metricAxis,
  metricLabel,
  observationChartSpec,
  poolChartSpec,
  utilityChartSpec,
} from "./chartSpecs";
import { TMARS as TMARS_IMAGENET, TMARS_WITH_DRAWS as TMARS_ILLUSTRATION } from "./testing/fixtures";
import { prepareObservations } from "./observations";
import { syntheticObservations } from "./synthetic";

describe("poolChartSpec", () => {
  const range = { min: 1e7, max: 1e11 };
  const advisor = compileAdvisor(TMARS_IMAGENET);
  const spec = poolChartSpec(advisor.curves(range, 40), advisor.crossovers(range), range);

  it("names a series per nested pool with Okabe–Ito colours", () => {
    expect(spec.series.map((s) => [s.key, s.name, s.color, s.bandKey])).toEqual([
      ["p1", "top 10%", "#0072B2", undefined],
      ["p2", "top 20%", "#D55E00", undefined],
      ["p3", "top 30%", "#009E73", undefined],
      ["p4", "top 40%", "#CC79A7", undefined],
    ]);
    expect(spec.legend.map((l) => l.label)).toEqual(["top 10%", "top 20%", "top 30%", "top 40%", "best pool (envelope)", "your budget"]);
    expect(spec.band).toBe("none");
  });

  it("covers every plotted value on the y axis and labels the x axis in samples", () => {
    const c = advisor.curves(range, 40);
    for (const row of c.rows) for (const k of [1, 2, 3, 4]) {
      expect(row[`p${k}`] as number).toBeGreaterThanOrEqual(spec.y.min);
      expect(row[`p${k}`] as number).toBeLessThanOrEqual(spec.y.max);
    }
    expect(spec.xTicks.map((t) => t.label)).toContain("1B");
    expect(spec.y).toEqual({ min: 0.5, max: 1, ticks: [0.5, 0.6, 0.7, 0.8, 0.9, 1], decimals: 2 });
    expect(spec.crossoverText).toBe("The best pool changes at 49.3M: top 10% → top 20%; 440M: top 20% → top 30%.");
  });

  it("shades the band asked for (prediction by default), names it, and widens the y axis to hold it", () => {
    const a = compileAdvisor(TMARS_ILLUSTRATION);
    const curves = a.curves(range, 30, { bands: true });
    const prediction = poolChartSpec(curves, [], range);
    expect(prediction.band).toBe("prediction");
    expect(prediction.series[0]!.bandKey).toBe("pred1");
    expect(prediction.legend.map((l) => l.label)).toContain("95% prediction band: where one new run lands");
    for (const row of curves.rows) {
      const [low, high] = row.pred1 as [number, number];
      expect(low).toBeGreaterThanOrEqual(prediction.y.min);
      expect(high).toBeLessThanOrEqual(prediction.y.max);
    }
    const mean = poolChartSpec(curves, [], range, 0, { bands: "mean" });
    expect([mean.band, mean.series[0]!.bandKey]).toEqual(["mean", "band1"]);
    expect(mean.legend.map((l) => l.label)).toContain("95% band of the mean curve (fit uncertainty only)");
    const none = poolChartSpec(curves, [], range, 0, { bands: "none" });
    expect([none.band, none.series[0]!.bandKey]).toEqual(["none", undefined]);
    // Without bands in the curves (a model without draws, or before the worker answers) nothing is shaded.
    expect(poolChartSpec(a.curves(range, 30), [], range).band).toBe("none");
  });

  it("names the samples-seen range of the fitted runs in the legend", () => {
    const s = poolChartSpec(advisor.curves(range, 10), [], range, 0, { coverage: { low: 25.6e6, high: 409.6e6 } });
    expect(s.legend.map((l) => l.label)).toContain("samples seen by the fitted runs (25.6M–410M)");
  });

  it("words the crossovers with their spread over the draws when the engine gives one", () => {
    const markers = compileAdvisor(TMARS_ILLUSTRATION).crossovers(range, { intervals: true });
    expect(markers[0]!.interval).toBeDefined();
    expect(crossoverSentence(markers, 4)).toMatch(/^The best pool changes at 49.3M: top 10% → top 20% \(95% bootstrap interval [\d.]+M–[\d.]+M, in \d+% of draws\); /);
  });

  it("scales the error axis to the law's range: budgets below normalizer / a are clipped, not shown in full", () => {
    const wide = { min: 1e6, max: 1e10 };
    const curves = advisor.curves(wide, 40);
    const lawStart = 1e5 / advisor.model.task.a; // 4.5M for the paper's a = 0.022
    const all = poolChartSpec(curves, [], wide);
    const clipped = poolChartSpec(curves, [], wide, lawStart);
    const inRange = curves.rows.filter((r) => (r.samples as number) >= lawStart);
    const highest = Math.max(...inRange.flatMap((r) => clipped.series.map((s) => r[s.key] as number)));
    expect(highest).toBeLessThanOrEqual(clipped.y.max);
    expect(clipped.y.max).toBeLessThan(all.y.max);
  });

  it("words the crossovers for single buckets and no change", () => {
    expect(crossoverSentence([], 1)).toBe("With a single bucket there is nothing to choose between.");
    expect(crossoverSentence([], 3)).toBe("The same pool is best over the whole range shown.");
    expect(budgetLabel(1.28e9)).toBe("budget 1.28B");
    expect(budgetLabelAnchor(400, { x: 70, width: 800 })).toBe("end");
    expect(budgetLabelAnchor(100, { x: 70, width: 800 })).toBe("start");
  });
});

describe("utility and observation specs", () => {
  it("names utility series by bucket label", () => {
    const spec = utilityChartSpec(TMARS_IMAGENET);
    expect(spec.series.map((s) => s.name)).toEqual(["top 0–10% by T-MARS", "top 10–20% by T-MARS", "top 20–30% by T-MARS", "top 30–40% by T-MARS"]);
    expect(spec.y.ticks).toEqual([-0.2, -0.15, -0.1, -0.05, 0]);
  });

  it("summarises observations and sizes the residual axis symmetrically", () => {
    const view = prepareObservations(TMARS_IMAGENET, syntheticObservations(TMARS_IMAGENET, { seed: 2, noise: 0.005 }));
    const spec = observationChartSpec(view);
    expect(spec.series).toHaveLength(4);
    expect(spec.summary).toBe(`20 runs of 4 pools; residual RMSE ${view.rmse!.toFixed(4)}, largest ${view.maxAbsResidual!.toFixed(4)}.`);
    expect(spec.residual.min).toBeLessThanOrEqual(-view.maxAbsResidual!);
    expect(spec.residual.max).toBeGreaterThanOrEqual(view.maxAbsResidual!);
    expect(spec.residual.min).toBe(-spec.residual.max);
    expect(spec.residual.ticks).toContain(0);
    expect(spec.xRange.min).toBeLessThan(25.6e6);
    expect(spec.xRange.max).toBeGreaterThan(128e6);
  });

  it("has an empty state", () => {
    const spec = observationChartSpec(prepareObservations(TMARS_IMAGENET, []));
    expect(spec.summary).toBe("No training runs to show.");
    expect(spec.series).toEqual([]);
  });
});

describe("the error axis: named by the metric, clamped to its range", () => {
  it.each([
    [{ name: "imagenet1k", kind: "1-accuracy" as const }, "imagenet1k error (1 − accuracy)"],
    [{ name: "imagenet1k" }, "imagenet1k error"],
    [{ name: "avg18", kind: "error" as const }, "avg18 error"],
    [{ name: "val", kind: "loss" as const }, "val loss"],
    [undefined, "error"],
  ])("metricLabel(%j) = %j", (metric, label) => {
    expect(metricLabel(metric)).toBe(label);
  });

  it.each([
    // values, metricMax, min, max
    [[0.33, 0.62, 1.9142, 5.0], 1, 0.2, 1],
    [[0.33, 5.0], Infinity, 0, 5],
    [[-0.2, 0.4], 1, 0, 0.4],
    [[0.57, 0.99], 1, 0.5, 1],
    [[1.2, 3.4], 1, 0.94, 1], // every value above the range: the axis stays inside it
  ])("metricAxis(%j, %d) runs %d–%d", (values, metricMax, min, max) => {
    const axis = metricAxis(values, metricMax);
    expect([axis.min, axis.max]).toEqual([min, max]);
    expect(axis.ticks[0]).toBe(min);
    expect(axis.ticks.at(-1)).toBe(max);
    for (const t of axis.ticks) expect(t).toBeGreaterThanOrEqual(0);
  });

  it("names the pool chart's axis `predicted <metric>`", () => {
    const range = { min: 1e7, max: 1e11 };
    const a = compileAdvisor(TMARS_IMAGENET);
    expect(poolChartSpec(a.curves(range, 10), [], range, 0, { metric: TMARS_IMAGENET.metric }).yLabel).toBe("predicted imagenet1k error");
    expect(poolChartSpec(a.curves(range, 10), [], range).yLabel).toBe("predicted error");
  });
});

describe("differenceChartSpec", () => {
  const range = { min: 1e7, max: 1e11 };
  const advisor = compileAdvisor(TMARS_IMAGENET);
  const curves = advisor.curves(range, 60);
  const spec = differenceChartSpec(curves, range, advisor.lawStart);

  it("gives each pool's error minus the best pool's: 0 for the best, the engine's margin for the runner-up", () => {
    expect(spec.series.map((s) => [s.key, s.name])).toEqual([
      ["d1", "top 10%"],
      ["d2", "top 20%"],
      ["d3", "top 30%"],
      ["d4", "top 40%"],
    ]);
    expect(spec.yLabel).toBe("difference to the best pool");
    for (const [i, row] of spec.rows.entries()) {
      const budget = row.samples!;
      const a = advisor.advise(budget);
      expect(row[`d${a.best}`]).toBe(0);
      const diffs = spec.series.map((s) => row[s.key]!).sort((x, y) => x - y);
      expect(diffs[1]).toBeCloseTo(a.margin!, 12);
      expect(budget).toBe(curves.rows[i]!.samples);
    }
  });

  it("runs the y axis from 0 to three times the largest runner-up margin, clipping pools far worse", () => {
    const margins = spec.rows.map((row) => spec.series.map((s) => row[s.key]!).sort((x, y) => x - y)[1]!);
    const largest = Math.max(...spec.rows.flatMap((row) => spec.series.map((s) => row[s.key]!)));
    expect(spec.y.min).toBe(0);
    expect(spec.y.max).toBeGreaterThanOrEqual(3 * Math.max(...margins));
    expect(spec.y.max).toBeLessThan(largest); // top 10% at 100B is far worse: cut off
    expect(spec.y).toEqual({ min: 0, max: 0.08, ticks: [0, 0.02, 0.04, 0.06, 0.08], decimals: 2 });
    expect(spec.rows[0]!.d1).toBe(0);
    expect(spec.legend.map((l) => l.label)).toEqual(["top 10%", "top 20%", "top 30%", "top 40%", "your budget"]);
  });

  it("has an axis for a single pool (nothing to compare)", () => {
    const one = compileAdvisor({ ...TMARS_IMAGENET, buckets: TMARS_IMAGENET.buckets.slice(0, 1) });
    const s = differenceChartSpec(one.curves(range, 5), range);
    expect(s.rows.every((r) => r.d1 === 0)).toBe(true);
    expect([s.y.min, s.y.max]).toEqual([0, 0.001]);
  });
});
