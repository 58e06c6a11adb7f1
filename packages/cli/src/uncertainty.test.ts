// The intervals, probabilities and crossover spreads computed from a model file's draws must equal @qqt/fit's,
// computed from the live bootstrap result the file was written from.
import { loadDataCompSyntheticStudy } from "@qqt/data/examples";
import { parseModel, writeModel } from "@qqt/data";
import { bestPoolProbabilities, bootstrap, crossoverIntervals, fit, predictedErrorIntervals, toModelFile, type BootstrapResult } from "@qqt/fit";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelFileV1 } from "@qqt/data";
import { bestProbabilities, crossoverSpreads, errorIntervals } from "./uncertainty.js";

let boot: BootstrapResult;
let model: ModelFileV1;
const pools = [["top0-10"], ["top0-10", "top10-20"], ["top0-10", "top10-20", "top20-30"], ["top10-20", "top30-40"]];
const budgets = [12.8e6, 32e6, 64e6, 128e6, 640e6, 5e9];

beforeAll(async () => {
  const { data: study } = await loadDataCompSyntheticStudy();
  const options = { law: { variant: "reference" as const }, seed: 3 };
  const result = fit(study, options);
  boot = await bootstrap(study, { ...options, samples: 40, fit: result });
  // Through the file format, as the CLI sees it.
  model = parseModel(writeModel(toModelFile(result, { bootstrap: boot }))).data;
}, 60_000);

describe("uncertainty from a model file's draws", () => {
  it("carries every draw", () => {
    expect(model.fit?.bootstrap?.draws).toHaveLength(boot.draws.length);
    expect(boot.draws.length).toBeGreaterThan(30);
  });

  it("predicted-error intervals equal @qqt/fit's", () => {
    const ours = errorIntervals(model, pools, budgets, 0.9);
    pools.forEach((pool, p) => {
      const theirs = predictedErrorIntervals(boot, { pool, budgets, confidence: 0.9 });
      theirs.forEach((t, k) => {
        expect(ours[p]![k]!.low).toBeCloseTo(t.low, 12);
        expect(ours[p]![k]!.median).toBeCloseTo(t.median, 12);
        expect(ours[p]![k]!.high).toBeCloseTo(t.high, 12);
        expect(ours[p]![k]!.low).toBeLessThan(ours[p]![k]!.high);
      });
    });
  });

  it("best-pool probabilities equal @qqt/fit's and sum to 1", () => {
    const ours = bestProbabilities(model, pools, budgets);
    const theirs = bestPoolProbabilities(boot, { candidates: pools, budgets });
    ours.forEach((row, k) => {
      expect(row).toEqual(theirs[k]!.probabilities);
      expect(row.reduce((s, q) => s + q, 0)).toBeCloseTo(1, 12);
    });
  });

  it("crossover spreads equal @qqt/fit's", () => {
    const candidates = pools.slice(0, 3);
    const ours = crossoverSpreads(model, candidates, { min: 1e7, max: 1e10 }, 0.95);
    const theirs = crossoverIntervals(boot, { candidates, min: 1e7, max: 1e10, confidence: 0.95 });
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.map((c) => [c.from, c.to])).toEqual(theirs.map((c) => [c.from, c.to]));
    ours.forEach((c, i) => {
      expect(c.median).toBeCloseTo(theirs[i]!.median, 3);
      expect(c.low).toBeCloseTo(theirs[i]!.low, 3);
      expect(c.high).toBeCloseTo(theirs[i]!.high, 3);
      expect(c.probability).toBe(theirs[i]!.probability);
    });
  });
});
