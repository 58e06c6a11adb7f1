import { describe, expect, it } from "vitest";
import { compileAdvisor } from "./advisor";
import { budgetLabel, budgetLabelAnchor, crossoverSentence, observationChartSpec, poolChartSpec, utilityChartSpec } from "./chartSpecs";
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

  it("widens the y axis to hold the bands when the model has draws", () => {
    const a = compileAdvisor(TMARS_ILLUSTRATION);
    const curves = a.curves(range, 30);
    const s = poolChartSpec(curves, [], range);
    expect(s.series[0]!.bandKey).toBe("band1");
    for (const row of curves.rows) {
      const [low, high] = row.band1 as [number, number];
      expect(low).toBeGreaterThanOrEqual(s.y.min);
      expect(high).toBeLessThanOrEqual(s.y.max);
    }
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
