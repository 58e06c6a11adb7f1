import { describe, expect, it } from "vitest";
import { recommend } from "./recommend.js";
import { recommendPools } from "./recommendPools.js";
import { nestedPools } from "./nestedPools.js";
import { findCrossovers } from "./findCrossovers.js";
import { predictError } from "./predictError.js";
import { CoreError } from "./CoreError.js";
import { GOLDEN_NESTED, REFERENCE, TMARS_BUCKETS, TMARS_TASK } from "./testing/tmars.js";

describe("recommend", () => {
  const result = recommend(TMARS_BUCKETS, TMARS_TASK, [32e6, 64e6, 128e6, 640e6], REFERENCE);

  it("picks top 10% at 32M, top 20% at 64M and 128M, top 30% at 640M (paper Fig. 4)", () => {
    expect(result.map((r) => r.best)).toEqual([1, 2, 2, 3]);
  });

  it("returns the golden errors of every nested pool, in order", () => {
    result.forEach((r, j) => {
      expect(r.budget).toBe(GOLDEN_NESTED[j]!.samplesSeen);
      r.errors.forEach((error, k) => expect(error).toBeCloseTo(GOLDEN_NESTED[j]!.errors[k]!, 6));
    });
  });

  it("names the runner-up and its margin", () => {
    const at64 = result[1]!;
    expect(at64.runnerUp).toBe(1);
    expect(at64.margin).toBeCloseTo(0.751573 - 0.742862, 6);
    const at640 = result[3]!;
    expect(at640.runnerUp).toBe(2);
    expect(at640.margin).toBeCloseTo(0.607255 - 0.599218, 6);
  });

  it("has no runner-up with a single bucket", () => {
    const [only] = recommend([TMARS_BUCKETS[0]!], TMARS_TASK, [1e8]);
    expect(only).toMatchObject({ best: 1, runnerUp: undefined, margin: undefined });
  });

  it("rejects a bad budget by index, an empty bucket list and duplicate ids", () => {
    expect(() => recommend(TMARS_BUCKETS, TMARS_TASK, [1e6, -1])).toThrow("budgets[1]");
    expect(() => recommend([], TMARS_TASK, [1e6])).toThrow(CoreError);
    expect(() => recommend([TMARS_BUCKETS[0]!, TMARS_BUCKETS[0]!], TMARS_TASK, [1e6])).toThrow("buckets[1].id");
  });
});

describe("recommend: pools of one quality (ties)", () => {
  // Equal b and tau: nested pools predict equal errors until the smallest repeats; rounding must not pick a winner.
  const oneQuality = [8e7, 4e8, 2.3e9].map((size, i) => ({ id: `laion${i}`, size, b: -0.2, tau: 3 }));
  const task = { a: 0.005, d: 0.2 };

  it("keeps the smallest pool, with a zero margin, while the errors are tied", () => {
    const [r] = recommend(oneQuality, task, [5e7]);
    expect(r!.best).toBe(1);
    expect(r!.margin).toBeLessThan(1e-12);
  });

  it("reports no spurious crossover inside the tie, only where larger pools really win", () => {
    const crossovers = findCrossovers(nestedPools(oneQuality), task, { min: 1e7, max: 1e11 });
    expect(crossovers.map((c) => [c.from, c.to])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    // The first real change comes after the 80M pool starts repeating.
    expect(crossovers[0]!.budget).toBeGreaterThan(8e7);
  });
});

describe("recommendPools", () => {
  it("ranks any candidate pools, not only nested ones", () => {
    const [top10, second, third, fourth] = TMARS_BUCKETS as [never, never, never, never];
    const candidates = [
      { id: "top10", buckets: [top10] },
      { id: "top10+30-40", buckets: [top10, fourth] },
      { id: "10-30", buckets: [second, third] },
    ];
    const [r] = recommendPools(candidates, TMARS_TASK, [640e6], REFERENCE);
    const errors = candidates.map((c) => predictError(c.buckets, TMARS_TASK, 640e6, REFERENCE));
    // predictError sums the series in its own order (one-shot): the same values to a few ulp.
    r!.errors.forEach((e, i) => expect(Math.abs(e - errors[i]!) / errors[i]!).toBeLessThan(1e-14));
    expect(r!.best).toBe(errors.indexOf(Math.min(...errors)));
  });

  it("rejects an empty candidate list and names a bad candidate", () => {
    expect(() => recommendPools([], TMARS_TASK, [1e6])).toThrow("candidates");
    expect(() => recommendPools([{ buckets: [] }], TMARS_TASK, [1e6])).toThrow("candidates[0].buckets");
  });
});

describe("nestedPools", () => {
  it("builds top-1 … top-p with readable labels", () => {
    const pools = nestedPools(TMARS_BUCKETS);
    expect(pools.map((p) => p.id)).toEqual(["top-1", "top-2", "top-3", "top-4"]);
    expect(pools[1]!.label).toBe("top 0–10% + top 10–20%");
    expect(pools[3]!.buckets).toHaveLength(4);
  });
});

describe("findCrossovers", () => {
  const crossovers = findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 1e7, max: 1e10 }, REFERENCE);

  it("finds top 10% → 20% near 50M and 20% → 30% near 440M (spec §6)", () => {
    expect(crossovers.slice(0, 2).map((c) => [c.from, c.to])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(crossovers[0]!.budget).toBeGreaterThan(45e6);
    expect(crossovers[0]!.budget).toBeLessThan(55e6);
    expect(crossovers[1]!.budget).toBeGreaterThan(420e6);
    expect(crossovers[1]!.budget).toBeLessThan(460e6);
  });

  it("locates each crossover where the two errors are equal, to machine precision", () => {
    for (const c of crossovers) {
      const a = predictError(TMARS_BUCKETS.slice(0, c.from + 1), TMARS_TASK, c.budget, REFERENCE);
      const b = predictError(TMARS_BUCKETS.slice(0, c.to + 1), TMARS_TASK, c.budget, REFERENCE);
      expect(Math.abs(a - b)).toBeLessThan(1e-10);
      expect(c.error).toBeCloseTo(a, 12);
    }
  });

  it("agrees with recommend on both sides of every crossover", () => {
    for (const c of crossovers) {
      const [below, above] = recommend(TMARS_BUCKETS, TMARS_TASK, [c.budget * 0.999, c.budget * 1.001], REFERENCE);
      expect(below!.best).toBe(c.from + 1);
      expect(above!.best).toBe(c.to + 1);
    }
  });

  it("finds none when one pool is best throughout", () => {
    expect(findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 1e7, max: 3e7 }, REFERENCE)).toEqual([]);
  });

  it("finds the crossover where a·n/N = 1 below which a less negative b wins (the law below its scale)", () => {
    const [first] = findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 1e6, max: 3e7 }, REFERENCE);
    // Without repetitions, y = (a·n/N)^{b_eff(0)} + d: all pools tie at a·n/N = 1, n = 1e5 / 0.022.
    expect(first!.budget).toBeCloseTo(1e5 / 0.022, 0);
    expect(first!.to).toBe(0);
  });

  it("rejects a bad range", () => {
    expect(() => findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 0, max: 1 })).toThrow("range.min");
    expect(() => findCrossovers(nestedPools(TMARS_BUCKETS), TMARS_TASK, { min: 10, max: 5 })).toThrow("range.max");
  });
});
