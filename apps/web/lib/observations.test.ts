import { predictError } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import { prepareObservations, type Observation } from "./observations";
import { syntheticObservations } from "./synthetic";

describe("prepareObservations", () => {
  it("puts observations generated from the model on its fitted curves (zero residuals)", () => {
    const observations = syntheticObservations(TMARS_IMAGENET, { seed: 1, noise: 0 });
    const view = prepareObservations(TMARS_IMAGENET, observations);
    expect(view.skipped).toEqual([]);
    expect(view.series.map((s) => s.key)).toEqual(["top0-10", "top10-20", "top20-30", "top30-40"]);
    expect(view.series.map((s) => s.label)).toEqual(["top 0–10% by T-MARS", "top 10–20% by T-MARS", "top 20–30% by T-MARS", "top 30–40% by T-MARS"]);
    for (const s of view.series) {
      expect(s.points.map((p) => p.samplesSeen)).toEqual([2, 4, 6, 8, 10].map((k) => k * 12.8e6));
      for (const p of s.points) expect(Math.abs(p.residual)).toBeLessThan(1e-12);
      expect(s.curve).toHaveLength(60);
      expect(s.curve[0]!.samplesSeen).toBeLessThan(s.points[0]!.samplesSeen);
      expect(s.curve[59]!.samplesSeen).toBeGreaterThan(s.points[4]!.samplesSeen);
    }
    expect(view.series[0]!.points[0]!.predicted).toBeCloseTo(0.836075, 6); // spec §6: top 0–10% at 25.6M
    expect(view.rmse).toBeLessThan(1e-12);
  });

  it("computes residuals and their RMSE against @qqt/core's prediction", () => {
    const observations = syntheticObservations(TMARS_IMAGENET, { seed: 5, noise: 0.01 });
    const view = prepareObservations(TMARS_IMAGENET, observations);
    let sum = 0;
    observations.forEach((o) => {
      const pool = TMARS_IMAGENET.buckets.filter((b) => o.pool.includes(b.id));
      const residual = o.error - predictError(pool, TMARS_IMAGENET.task, o.samplesSeen, TMARS_IMAGENET.law);
      sum += residual * residual;
      const point = view.series.flatMap((s) => s.points).find((p) => p.index === observations.indexOf(o))!;
      expect(point.residual).toBeCloseTo(residual, 14);
    });
    expect(view.rmse).toBeCloseTo(Math.sqrt(sum / observations.length), 14);
    expect(view.rmse!).toBeGreaterThan(0.005);
    expect(view.rmse!).toBeLessThan(0.02);
  });

  it("groups a pool regardless of the order of its ids, and orders mixtures after single buckets", () => {
    const observations: Observation[] = [
      { pool: ["top10-20", "top0-10"], samplesSeen: 64e6, error: 0.75 },
      { pool: ["top0-10", "top10-20"], samplesSeen: 128e6, error: 0.68 },
      { pool: ["top20-30"], samplesSeen: 32e6, error: 0.9 },
    ];
    const view = prepareObservations(TMARS_IMAGENET, observations);
    expect(view.series.map((s) => s.key)).toEqual(["top20-30", "top0-10+top10-20"]);
    expect(view.series[1]!.label).toBe("top 0–10% by T-MARS + top 10–20% by T-MARS");
    expect(view.series[1]!.points.map((p) => p.index)).toEqual([0, 1]);
    expect(view.series[1]!.points[0]!.predicted).toBeCloseTo(0.742862, 6); // spec §6: top 20% at 64M
  });

  it("reports unusable rows with their index and reason instead of dropping them", () => {
    const observations = [
      { pool: ["top90-100"], samplesSeen: 1e7, error: 0.9 },
      { pool: [], samplesSeen: 1e7, error: 0.9 },
      { pool: ["top0-10"], samplesSeen: -1, error: 0.9 },
      { pool: ["top0-10"], samplesSeen: 1e7, error: Number.NaN },
      { pool: ["top0-10"], samplesSeen: 1e7, error: 0.95 },
    ] as Observation[];
    const view = prepareObservations(TMARS_IMAGENET, observations);
    expect(view.skipped.map((p) => p.path)).toEqual([
      "observations[0].pool[0]",
      "observations[1].pool",
      "observations[2].samplesSeen",
      "observations[3].error",
    ]);
    expect(view.skipped[0]!.message).toContain('unknown bucket "top90-100"; expected one of the model\'s buckets (top0-10, top10-20');
    expect(view.series).toHaveLength(1);
    expect(view.series[0]!.points).toHaveLength(1);
  });

  it("shows nothing, without error, for no observations", () => {
    expect(prepareObservations(TMARS_IMAGENET, [])).toEqual({ series: [], skipped: [], rmse: undefined, maxAbsResidual: undefined });
  });
});
