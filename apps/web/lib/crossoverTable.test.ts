import { describe, expect, it } from "vitest";
import { compileAdvisor } from "./advisor";
import { crossoverRows } from "./crossoverTable";
import { TMARS, TMARS_WITH_DRAWS } from "./testing/fixtures";

const RANGE = { min: 1e7, max: 1e11 };

describe("crossoverRows", () => {
  it("names the engine's crossovers of the paper model, without intervals when it has no draws", () => {
    const advisor = compileAdvisor(TMARS);
    const rows = crossoverRows(advisor.crossovers(RANGE), advisor.pools);
    expect(rows.map((r) => [r.budgetText, r.from, r.to, r.errorText, r.intervalText, r.probabilityText])).toEqual([
      ["49.3M", "top 10%", "top 20%", "0.7711", "", ""],
      ["440M", "top 20%", "top 30%", "0.6148", "", ""],
    ]);
    expect(rows.map((r) => r.label)).toEqual(["49.3M: top 10% → top 20%", "440M: top 20% → top 30%"]);
    expect(rows[0]!.interval).toBeUndefined();
    // The same budgets and errors as the engine's.
    const engine = advisor.engine.crossovers(RANGE);
    expect(rows.map((r) => [r.budget, r.error])).toEqual(engine.map((c) => [c.budget, c.error]));
  });

  it("words the spread over the draws when the engine gives it (the interval holds the point crossover)", () => {
    const advisor = compileAdvisor(TMARS_WITH_DRAWS);
    const markers = advisor.crossovers(RANGE, { intervals: true });
    const rows = crossoverRows(markers, advisor.pools, 0.9);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.interval).toBeDefined();
      expect(r.interval!.low).toBeLessThanOrEqual(r.interval!.high);
      expect(r.intervalText).toMatch(/^[\d.]+[MBT]–[\d.]+[MBT]$/);
      expect(r.probabilityText).toMatch(/^(\d+%|>99%|<1%)$/);
      expect(r.label).toBe(`${r.budgetText}: ${r.from} → ${r.to} (90% interval ${r.intervalText})`);
    }
    expect(rows[0]!.interval).toEqual(markers[0]!.interval);
  });

  it("sorts by budget and names unknown pools by number", () => {
    const rows = crossoverRows(
      [
        { budget: 5e8, from: 2, to: 3, error: 0.5, text: "" },
        { budget: 2e7, from: 1, to: 2, error: 0.7, text: "" },
      ],
      [{ k: 1, ids: ["a"], name: "top 10%", buckets: 1, uniqueSamples: 1, bucketLabels: "a" }],
    );
    expect(rows.map((r) => r.label)).toEqual(["20M: top 10% → pool 2", "500M: pool 2 → pool 3"]);
    expect(crossoverRows([], [])).toEqual([]);
  });
});
